"""Career planning: who may open a plan, what the page and the PDF show (selectors),
and every change to a plan (services, each in one transaction).

Access. A plan is its participant's alone. This browser reaches it through its
participant session *and* a key of the plan's private link kept in the session
(`remember_plan`): a browser that became the participant later — e.g. through a
rejoin link a facilitator made — does not see a plan that already has content; it
is asked for the private link instead. The private link (`/career/<token>/`) works
without any session, during and after the workshop; making a new one revokes the
old link and every other browser's key.

Concurrency. The same person may have the plan open in two tabs (or on a phone
through the link). Every write names the version it started from; a change made
meanwhile elsewhere to what this write touches is refused with `CareerConflict`
(or `EditConflict` for the autosaving texts), never silently overwritten. Nothing
here is pushed to any channel group: no other screen shows a plan.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from workshop.editing import EditConflict

from .career_content import COMPETENCE_BY_KEY, COMPETENCES, LADDER, LEVELS, PROFICIENCY, RUNGS
from .models import CareerMilestone, CareerPlan, CompetenceRating, EducationStep, Participant
from .models.career import new_private_token

SESSION_KEY = "career_keys"  # {str(plan_id): key of the private link this browser holds}
PARTICIPANTS_SESSION_KEY = "participants"  # as workshop.access.SESSION_KEY
MAX_STEPS = 30
MAX_MILESTONES = 30
PLAN_FIELDS = ("current_role", "target_role", "target_year", "statement", "notes")
ELSEWHERE = gettext_lazy("Another tab or device")


@dataclass
class CareerConflict(Exception):
    """A write from a stale page: `current` is the row as saved now, `mine` what was sent."""

    current: Any
    mine: dict
    changed_at: Any = None
    fields: list = field(default_factory=list)


# --- access -----------------------------------------------------------------------------


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def holds(session, plan: CareerPlan) -> bool:
    return (session.get(SESSION_KEY) or {}).get(str(plan.pk)) == _key(plan.private_token)


def remember_plan(session, plan: CareerPlan) -> None:
    keys = dict(session.get(SESSION_KEY) or {})
    keys[str(plan.pk)] = _key(plan.private_token)
    session[SESSION_KEY] = keys


def session_is_owner(session, plan: CareerPlan) -> bool:
    """This browser's participant session for the plan's workshop is the plan's owner."""
    known = session.get(PARTICIPANTS_SESSION_KEY) or {}
    return known.get(str(plan.participant.workshop_id)) == plan.participant_id


def plan_by_token(token: str) -> CareerPlan | None:
    if not token or len(token) > 64:
        return None
    return (
        CareerPlan.objects.select_related("participant__workshop", "participant__team")
        .filter(private_token=token)
        .first()
    )


def is_blank(plan: CareerPlan) -> bool:
    """Nothing written yet: no role, year or text, no rating, step or milestone."""
    if any(getattr(plan, name) not in ("", None) for name in PLAN_FIELDS):
        return False
    rated = plan.ratings.filter(
        models.Q(current__isnull=False) | models.Q(target__isnull=False) | ~models.Q(note="")
    )
    return not (rated.exists() or plan.education_steps.exists() or plan.milestones.exists())


def _stamp(row, plan: CareerPlan) -> None:
    # Whoever holds the plan acts as its owner; a signed-in user is never the author.
    row._history_participant = plan.participant
    row._history_user = None


@transaction.atomic
def open_plan(participant: Participant, session) -> CareerPlan | None:
    """The participant's plan for this browser, created on the first visit; None when the
    plan has content and this browser does not hold its key (see the module docstring)."""
    plan = CareerPlan.objects.select_for_update().filter(participant=participant).first()
    if plan is None:
        try:
            with transaction.atomic():
                plan = CareerPlan(participant=participant)
                _stamp(plan, plan)
                plan.save()
        except IntegrityError:  # the same person's other tab created it a moment ago
            plan = CareerPlan.objects.select_for_update().get(participant=participant)
        else:
            remember_plan(session, plan)
            return plan
    if holds(session, plan):
        return plan
    if is_blank(plan):
        # Nothing to reveal: this browser takes the plan over; any other browser's key
        # (and the old, empty plan's link) stops working.
        plan = _replace_token(plan)
        remember_plan(session, plan)
        return plan
    return None


def _replace_token(plan: CareerPlan) -> CareerPlan:
    CareerPlan.objects.filter(pk=plan.pk).update(private_token=new_private_token())
    plan.refresh_from_db(fields=["private_token"])
    return plan


@transaction.atomic
def new_private_link(plan: CareerPlan, session) -> CareerPlan:
    """A new private link; the old one and every other browser's key stop working."""
    plan = CareerPlan.objects.select_for_update().select_related("participant").get(pk=plan.pk)
    plan = _replace_token(plan)
    if session_is_owner(session, plan):
        remember_plan(session, plan)
    return plan


# --- the plan's own fields -----------------------------------------------------------------


def _changed_since(plan: CareerPlan, name: str, base_version: int):
    """The history record that changed `name` after `base_version`, else None. A version
    this plan never had counts as changed (the writer compares)."""
    base = plan.history.filter(version=base_version).order_by("-history_id").first()
    if base is None:
        return plan.history.order_by("-history_id").first() or plan
    later = plan.history.filter(version__gt=base_version).order_by("-history_id")
    for record in later:
        if getattr(record, name) != getattr(base, name):
            return record
    return None


@transaction.atomic
def update_plan(plan: CareerPlan, values: dict, base_version: int) -> CareerPlan:
    """Save cleaned `values` of the plan's own fields, all or none. A field someone
    changed in another tab since `base_version` and that this write would change is a
    `CareerConflict` (nothing saved)."""
    current = CareerPlan.objects.select_for_update().get(pk=plan.pk)
    changes = {name: v for name, v in values.items() if getattr(current, name) != v}
    if not changes:
        return current
    if base_version != current.version:
        stale = [(name, _changed_since(current, name, base_version)) for name in changes]
        stale = [(name, record) for name, record in stale if record is not None]
        if stale:
            raise CareerConflict(
                current=current,
                mine=values,
                changed_at=getattr(stale[-1][1], "history_date", timezone.now()),
                fields=[name for name, _record in stale],
            )
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean(exclude=["participant", "private_token"])
    _stamp(current, current)
    current.save()
    return current


def save_plan_text(plan: CareerPlan, name: str, value, base_version: int) -> CareerPlan:
    """One autosaving field (`live/field.html`): a conflict carries both texts."""
    try:
        return update_plan(plan, {name: value}, base_version)
    except CareerConflict as conflict:
        theirs = getattr(conflict.current, name)
        raise EditConflict(
            field=name,
            mine=value,
            theirs="" if theirs is None else theirs,
            current_version=conflict.current.version,
            changed_by=str(ELSEWHERE),
            changed_at=conflict.changed_at,
        ) from conflict


# --- competence self-assessment ------------------------------------------------------------


@transaction.atomic
def rate_competence(
    plan: CareerPlan, key: str, values: dict, base_version: int
) -> CompetenceRating:
    """`values`: current, target (1–5 or None) and note. `base_version` 0 = not rated yet."""
    if key not in COMPETENCE_BY_KEY:
        raise ValidationError({"competence": _("Choose a competence from the list.")})
    CareerPlan.objects.select_for_update().filter(pk=plan.pk).first()
    row = CompetenceRating.objects.filter(plan=plan, competence=key).first()
    if row is None:
        row = CompetenceRating(plan=plan, competence=key)
        current_version = 0
    else:
        current_version = row.version
    changes = {name: v for name, v in values.items() if getattr(row, name) != v}
    if not changes:
        return row
    if base_version != current_version:
        raise CareerConflict(current=row, mine=values, changed_at=_changed_at(row))
    for name, value in changes.items():
        setattr(row, name, value)
    row.version = current_version + 1
    row.full_clean(exclude=["plan"])
    _stamp(row, plan)
    row.save()
    return row


def _changed_at(row):
    record = row.history.order_by("-history_id").first() if row.pk else None
    return record.history_date if record else timezone.now()


# --- education steps and milestones ----------------------------------------------------------


@dataclass(frozen=True)
class ListSpec:
    """Education steps and milestones: limited lists whose rows are removed softly."""

    model: type
    limit: int
    full: Any  # the message when the list is full


STEPS = ListSpec(
    EducationStep,
    MAX_STEPS,
    gettext_lazy(
        "A plan holds at most %(n)d education steps. Remove one you no longer need first."
    ),
)
MILESTONES = ListSpec(
    CareerMilestone,
    MAX_MILESTONES,
    gettext_lazy("A plan holds at most %(n)d milestones. Remove one you no longer need first."),
)


def _check_room(plan: CareerPlan, spec: ListSpec) -> None:
    if spec.model.objects.active().filter(plan=plan).count() >= spec.limit:
        raise ValidationError(str(spec.full) % {"n": spec.limit})


def _add(plan: CareerPlan, spec: ListSpec, values: dict):
    CareerPlan.objects.select_for_update().filter(pk=plan.pk).first()
    _check_room(plan, spec)
    last = spec.model.objects.filter(plan=plan).aggregate(models.Max("position"))
    row = spec.model(plan=plan, position=(last["position__max"] or 0) + 1, **values)
    row.full_clean(exclude=["plan"])
    _stamp(row, plan)
    row.save()
    return row


def _edit(row, spec: ListSpec, values: dict, base_version: int):
    current = spec.model.objects.select_for_update().get(pk=row.pk)
    if current.removed_at is not None:
        raise ValidationError(_("This was removed a moment ago. Bring it back to edit it."))
    changes = {name: v for name, v in values.items() if getattr(current, name) != v}
    if not changes:
        return current
    if base_version != current.version:
        raise CareerConflict(current=current, mine=values, changed_at=_changed_at(current))
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean(exclude=["plan"])
    _stamp(current, current.plan)
    current.save()
    return current


def _soft(row, spec: ListSpec, *, removed: bool):
    CareerPlan.objects.select_for_update().filter(pk=row.plan_id).first()
    current = spec.model.objects.select_for_update().get(pk=row.pk)
    if (current.removed_at is not None) == removed:
        return current
    if not removed:
        _check_room(current.plan, spec)
    current.removed_at = timezone.now() if removed else None
    current.version += 1
    current._change_reason = "removed" if removed else "restored"
    _stamp(current, current.plan)
    current.save()
    return current


@transaction.atomic
def add_step(plan: CareerPlan, values: dict) -> EducationStep:
    return _add(plan, STEPS, values)


@transaction.atomic
def edit_step(step: EducationStep, values: dict, base_version: int) -> EducationStep:
    return _edit(step, STEPS, values, base_version)


@transaction.atomic
def remove_step(step: EducationStep) -> EducationStep:
    return _soft(step, STEPS, removed=True)


@transaction.atomic
def restore_step(step: EducationStep) -> EducationStep:
    return _soft(step, STEPS, removed=False)


@transaction.atomic
def add_milestone(plan: CareerPlan, values: dict) -> CareerMilestone:
    return _add(plan, MILESTONES, values)


@transaction.atomic
def edit_milestone(milestone: CareerMilestone, values: dict, base_version: int) -> CareerMilestone:
    return _edit(milestone, MILESTONES, values, base_version)


@transaction.atomic
def remove_milestone(milestone: CareerMilestone) -> CareerMilestone:
    return _soft(milestone, MILESTONES, removed=True)


@transaction.atomic
def restore_milestone(milestone: CareerMilestone) -> CareerMilestone:
    return _soft(milestone, MILESTONES, removed=False)


# --- what the page and the PDF show ----------------------------------------------------------


@dataclass
class LadderRung:
    key: str
    number: int
    title: str
    description: str
    is_current: bool
    is_target: bool
    on_path: bool


@dataclass
class CompetenceRow:
    key: str
    name: str
    description: str
    current: int | None
    target: int | None
    note: str
    version: int
    cells: list  # per level 1–5: "have", "gap" or ""
    gap: int | None  # target − today when both are set


def ladder(plan: CareerPlan) -> list[LadderRung]:
    numbers = {rung.key: n for n, rung in enumerate(LADDER, start=1)}
    here, there = numbers.get(plan.current_role), numbers.get(plan.target_role)
    low, high = sorted((here, there)) if here and there else (None, None)
    return [
        LadderRung(
            key=rung.key,
            number=n,
            title=rung.title,
            description=rung.description,
            is_current=n == here,
            is_target=n == there,
            on_path=bool(low and low < n < high),
        )
        for n, rung in enumerate(LADDER, start=1)
    ]


def ladder_summary(plan: CareerPlan) -> str:
    here, there = RUNGS.get(plan.current_role), RUNGS.get(plan.target_role)
    if not here and not there:
        return _("Choose where you are now and where you want to be.")
    if not there:
        return _("Now: %(here)s. Where do you want to be?") % {"here": here.title}
    if not here:
        return _("Target: %(there)s. Where are you now?") % {"there": there.title}
    numbers = {rung.key: n for n, rung in enumerate(LADDER, start=1)}
    steps = numbers[plan.target_role] - numbers[plan.current_role]
    if steps == 0:
        return _("%(here)s — you aim to grow in the role you have.") % {"here": here.title}
    if steps < 0:
        return _("%(here)s → %(there)s: a step to a different kind of role.") % {
            "here": here.title,
            "there": there.title,
        }
    return ngettext(
        "%(here)s → %(there)s: one rung up.", "%(here)s → %(there)s: %(n)d rungs up.", steps
    ) % {
        "here": here.title,
        "there": there.title,
        "n": steps,
    }


def _cells(current: int | None, target: int | None) -> list[str]:
    cells = []
    for level in LEVELS:
        if current and level <= current:
            cells.append("have")
        elif target and level <= target:
            cells.append("gap")
        else:
            cells.append("")
    return cells


def competence_row(key: str, rating: CompetenceRating | None) -> CompetenceRow:
    competence = COMPETENCE_BY_KEY[key]
    current = rating.current if rating else None
    target = rating.target if rating else None
    return CompetenceRow(
        key=key,
        name=competence.name,
        description=competence.description,
        current=current,
        target=target,
        note=rating.note if rating else "",
        version=rating.version if rating else 0,
        cells=_cells(current, target),
        gap=target - current if current and target else None,
    )


def competence_rows(plan: CareerPlan) -> list[CompetenceRow]:
    ratings = {r.competence: r for r in CompetenceRating.objects.filter(plan=plan)}
    return [competence_row(c.key, ratings.get(c.key)) for c in COMPETENCES]


def _by_date(rows):
    far = datetime.date.max
    return sorted(rows, key=lambda r: (r.target_date or far, r.position, r.pk))


def steps(plan: CareerPlan) -> dict:
    rows = list(EducationStep.objects.filter(plan=plan))
    active = _by_date(r for r in rows if r.removed_at is None)
    removed = sorted((r for r in rows if r.removed_at), key=lambda r: r.removed_at, reverse=True)
    return {"steps": active, "removed_steps": removed[:10], "step_limit": MAX_STEPS}


def milestones(plan: CareerPlan) -> dict:
    rows = list(CareerMilestone.objects.filter(plan=plan))
    active = _by_date(r for r in rows if r.removed_at is None)
    removed = sorted((r for r in rows if r.removed_at), key=lambda r: r.removed_at, reverse=True)
    return {
        "milestones": active,
        "removed_milestones": removed[:10],
        "milestone_limit": MAX_MILESTONES,
    }


def people_dimension(plan: CareerPlan):
    """The workshop framework's people dimension, shown beside the self-assessment."""
    from .models import Dimension

    return (
        Dimension.objects.filter(framework__workshop_id=plan.participant.workshop_id, key="people")
        .only("name", "description")
        .first()
    )


def plan_page(plan: CareerPlan) -> dict:
    participant = plan.participant
    return {
        "plan": plan,
        "participant": participant,
        "workshop": participant.workshop,
        "ladder": ladder(plan),
        "ladder_summary": ladder_summary(plan),
        "competences": competence_rows(plan),
        "proficiency": PROFICIENCY,
        "levels": LEVELS,
        "people_dimension": people_dimension(plan),
        **steps(plan),
        **milestones(plan),
    }


# --- the demo workshop ----------------------------------------------------------------------


DEMO_RATINGS = {
    "portfolio_prioritisation": (3, 4),
    "benefits_realisation": (2, 4),
    "governance_assurance": (3, 4),
    "planning_control": (4, 4),
    "data_reporting": (3, 4),
    "stakeholder_leadership": (2, 4),
    "change_adoption": (2, 3),
    "commercial_financial": (2, 3),
}


def seed_demo_career(workshop, translate=lambda text: text) -> CareerPlan | None:
    """A filled, illustrative plan for the demo workshop's first attendee; `translate`
    turns each demo text into the workshop's language (seed_demo's `demo_text`)."""
    participant = Participant.objects.filter(workshop=workshop).order_by("pk").first()
    if participant is None:
        return None
    plan, _created = CareerPlan.objects.get_or_create(participant=participant)
    year = workshop.date.year
    plan = update_plan(
        plan,
        {
            "current_role": "pmo_manager",
            "target_role": "pmo_director",
            "target_year": year + 4,
            "statement": translate(
                "Lead a portfolio office that the executive team asks first when it decides "
                "what to start, stop or speed up — and grow the people who will run it after me."
            ),
        },
        plan.version,
    )
    for key, (current, target) in DEMO_RATINGS.items():
        rate_competence(plan, key, {"current": current, "target": target, "note": ""}, 0)
    for kind, title, provider, months, status in (
        (
            "certification",
            "Portfolio management certification",
            "Accredited training provider",
            5,
            "in_progress",
        ),
        ("course", "Finance for non-financial managers", "Business school", 9, "planned"),
        ("msc", "MSc in project and portfolio management", "University", 30, "planned"),
    ):
        add_step(
            plan,
            {
                "kind": kind,
                "title": translate(title),
                "provider": translate(provider),
                "target_date": _months_after(workshop.date, months),
                "status": status,
            },
        )
    for title, months in (
        ("Present the first benefits review to the executive team", 4),
        ("Coach two PMO analysts into specialist roles", 12),
        ("Apply for a PMO director role", 40),
    ):
        add_milestone(
            plan,
            {
                "title": translate(title),
                "target_date": _months_after(workshop.date, months),
                "done": False,
            },
        )
    return plan


def demo_private_path(workshop) -> str | None:
    """The private link of the demo workshop's filled plan, to print after seeding."""
    plan = CareerPlan.objects.filter(participant__workshop=workshop).order_by("pk").first()
    return reverse("teams:career_private", args=[plan.private_token]) if plan else None


def _months_after(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)
