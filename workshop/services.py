"""Writes for workshops, the agenda, the timer and joining. Each pushes after commit."""

import datetime
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from . import broadcasts, ordering
from .live import push_on_commit
from .models import DEFAULT_AGENDA, Activity, Phase, Workshop, new_join_code


def default_horizon_year(date: datetime.date) -> int:
    return date.year + 3


@transaction.atomic
def create_workshop(
    *,
    title: str,
    date: datetime.date,
    created_by,
    venue: str = "",
    language: str = Workshop.Language.ENGLISH,
    horizon_year: int | None = None,
    team_choice: str = Workshop.TeamChoice.CHOOSE,
) -> Workshop:
    workshop = Workshop.objects.create(
        title=title,
        date=date,
        venue=venue,
        language=language,
        horizon_year=horizon_year or default_horizon_year(date),
        team_choice=team_choice,
        code=_unused_code(),
        code_expires_at=Workshop.default_code_expiry(date),
    )
    with translation.override(language):  # the agenda is written in the workshop's language
        phases = Phase.objects.bulk_create(
            Phase(
                workshop=workshop,
                position=i,
                kind=kind,
                title=str(kind.label),
                planned_minutes=minutes,
            )
            for i, (kind, minutes) in enumerate(DEFAULT_AGENDA)
        )
    workshop.current_phase = phases[0] if phases[0].pk else workshop.phases.first()
    workshop.save(update_fields=["current_phase"])
    workshop.facilitators.add(created_by)
    workshop.organisers.add(created_by)
    from teams.framework import install_default  # teams builds on workshop, not the reverse

    install_default(workshop)
    return workshop


def _unused_code() -> str:
    while True:
        code = new_join_code()
        if not Workshop.objects.filter(code=code).exists():
            return code


@transaction.atomic
def update_workshop(workshop: Workshop, **changes) -> Workshop:
    date_changed = "date" in changes and changes["date"] != workshop.date
    for name, value in changes.items():
        setattr(workshop, name, value)
    if date_changed and workshop.joining_open:
        workshop.code_expires_at = Workshop.default_code_expiry(workshop.date)
    workshop.save()
    push_on_commit(partial(broadcasts.room, workshop.pk))
    push_on_commit(partial(broadcasts.join_panel, workshop.pk))
    return workshop


# --- agenda -----------------------------------------------------------------


@transaction.atomic
def add_phase(workshop: Workshop, *, title: str, planned_minutes: int) -> Phase:
    last = workshop.phases.aggregate(last=Max("position"))["last"]
    phase = Phase.objects.create(
        workshop=workshop,
        title=title,
        planned_minutes=planned_minutes,
        position=(last or 0) + 1,
    )
    if workshop.current_phase_id is None:
        workshop.current_phase = phase
        workshop.save(update_fields=["current_phase"])
    push_on_commit(partial(broadcasts.room, workshop.pk))
    return phase


@transaction.atomic
def update_phase(phase: Phase, *, title: str, planned_minutes: int) -> Phase:
    minutes_changed = phase.planned_minutes != planned_minutes
    phase.title = title
    phase.planned_minutes = planned_minutes
    if minutes_changed and phase.timer_state == "idle":
        phase.timer_remaining = None
    phase.save()
    push_on_commit(partial(broadcasts.room, phase.workshop_id))
    return phase


@transaction.atomic
def remove_phase(phase: Phase) -> None:
    workshop = Workshop.objects.select_for_update().get(pk=phase.workshop_id)
    phases = list(workshop.phases.all())
    if len(phases) <= 1:
        raise ValueError("A workshop keeps at least one phase.")
    if workshop.current_phase_id == phase.pk:
        index = [p.pk for p in phases].index(phase.pk)
        neighbour = phases[index + 1] if index + 1 < len(phases) else phases[index - 1]
        workshop.current_phase = neighbour
        workshop.save(update_fields=["current_phase"])
    phase.delete()
    ordering.renumber(list(workshop.phases.all()))
    push_on_commit(partial(broadcasts.room_and_team_fields, workshop.pk))


@transaction.atomic
def move_phase(phase: Phase, offset: int) -> None:
    ordering.move(list(phase.workshop.phases.select_for_update()), phase, offset)
    push_on_commit(partial(broadcasts.room, phase.workshop_id))


@transaction.atomic
def go_to_phase(
    workshop: Workshop, phase: Phase, *, expected_current_id: int | None = None
) -> bool:
    """Make `phase` current. With `expected_current_id`, a stale click (two facilitators,
    a double click) that no longer starts from the phase it saw changes nothing."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if expected_current_id is not None and workshop.current_phase_id != expected_current_id:
        return False
    if phase.workshop_id != workshop.pk:
        raise ValueError("That phase belongs to another workshop.")
    workshop.current_phase = phase
    workshop.save(update_fields=["current_phase"])
    record_activity(workshop, "phase", phase=phase.title)
    push_on_commit(partial(broadcasts.room_and_team_fields, workshop.pk))
    return True


def step_phase(workshop: Workshop, step: int, *, expected_current_id: int | None) -> bool:
    phases = list(workshop.phases.all())
    ids = [p.pk for p in phases]
    if workshop.current_phase_id not in ids:
        return False
    target = ids.index(workshop.current_phase_id) + step
    if not 0 <= target < len(phases):
        return False
    return go_to_phase(workshop, phases[target], expected_current_id=expected_current_id)


# --- timer and lock -----------------------------------------------------------


def _locked_phase(phase: Phase) -> Phase:
    return Phase.objects.select_for_update().get(pk=phase.pk)


@transaction.atomic
def start_timer(phase: Phase) -> Phase:
    phase = _locked_phase(phase)
    if phase.timer_state != "running":
        phase.timer_ends_at = timezone.now() + datetime.timedelta(seconds=phase.seconds_left())
        phase.timer_remaining = None
        phase.save(update_fields=["timer_ends_at", "timer_remaining"])
    push_on_commit(partial(broadcasts.room, phase.workshop_id))
    return phase


@transaction.atomic
def pause_timer(phase: Phase) -> Phase:
    phase = _locked_phase(phase)
    if phase.timer_state == "running":
        phase.timer_remaining = phase.seconds_left()
        phase.timer_ends_at = None
        phase.save(update_fields=["timer_ends_at", "timer_remaining"])
    push_on_commit(partial(broadcasts.room, phase.workshop_id))
    return phase


@transaction.atomic
def extend_timer(phase: Phase, minutes: int) -> Phase:
    phase = _locked_phase(phase)
    extra = datetime.timedelta(minutes=minutes)
    if phase.timer_state == "running":
        phase.timer_ends_at += extra
    else:
        phase.timer_remaining = phase.seconds_left() + int(extra.total_seconds())
    phase.save(update_fields=["timer_ends_at", "timer_remaining"])
    push_on_commit(partial(broadcasts.room, phase.workshop_id))
    return phase


@transaction.atomic
def reset_timer(phase: Phase) -> Phase:
    phase = _locked_phase(phase)
    phase.timer_ends_at = None
    phase.timer_remaining = None
    phase.save(update_fields=["timer_ends_at", "timer_remaining"])
    push_on_commit(partial(broadcasts.room, phase.workshop_id))
    return phase


@transaction.atomic
def set_locked(phase: Phase, locked: bool) -> Phase:
    phase = _locked_phase(phase)
    phase.locked = locked
    phase.save(update_fields=["locked"])
    push_on_commit(partial(broadcasts.room_and_team_fields, phase.workshop_id))
    return phase


# --- joining ------------------------------------------------------------------


@transaction.atomic
def set_joining_open(workshop: Workshop, is_open: bool) -> Workshop:
    if is_open:
        workshop.code_expires_at = max(
            Workshop.default_code_expiry(workshop.date),
            timezone.now() + datetime.timedelta(hours=12),
        )
    else:
        workshop.code_expires_at = timezone.now()
    workshop.save(update_fields=["code_expires_at"])
    push_on_commit(partial(broadcasts.join_panel, workshop.pk))
    return workshop


@transaction.atomic
def new_code(workshop: Workshop) -> Workshop:
    """A fresh code for a leaked one; people already in the room stay in."""
    workshop.code = _unused_code()
    workshop.save(update_fields=["code"])
    push_on_commit(partial(broadcasts.join_panel, workshop.pk))
    return workshop


def record_activity(workshop: Workshop, event: str, **params: str) -> None:
    """A line for the activity strip: an event of `Activity.EVENTS` and its parameters."""
    with translation.override("en"):
        message = str(Activity.EVENTS[event]) % params
    Activity.objects.create(workshop=workshop, event=event, params=params, message=message[:200])
    push_on_commit(partial(broadcasts.activity, workshop.pk))
