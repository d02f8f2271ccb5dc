"""Writes for companies and their baselines (Part 2a).

Field edits go through `teams.editables.save`; this module holds the rest:
adding, removing (softly, so it can be undone), the primary baseline, services.
Every write is atomic and pushes after commit.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from workshop.editing import Author, EditingLocked
from workshop.inputs import refuse_nul
from workshop.live import push_on_commit
from workshop.models import Workshop
from workshop.services import record_activity

from . import part2_broadcasts
from .models import Assessment, Baseline, Company, Dimension, Service, Team


def check_open(workshop_id: int, author: Author) -> None:
    """Attendees cannot change anything while the facilitator has locked editing."""
    if author.participant is None:
        return
    workshop = Workshop.objects.select_related("current_phase").get(pk=workshop_id)
    if workshop.current_phase and workshop.current_phase.locked:
        raise EditingLocked


def _stamp(row, author: Author) -> None:
    row._history_participant = author.participant
    row._history_user = author.user


def _clean_name(raw: str, *, what: str, max_length: int) -> str:
    refuse_nul(raw, "name")
    name = " ".join((raw or "").split())
    if not name:
        raise ValidationError({"name": _("Give the %(what)s a name.") % {"what": what}})
    if len(name) > max_length:
        raise ValidationError(
            {
                "name": _("Keep the name to %(max)d characters (this one has %(n)d).")
                % {"max": max_length, "n": len(name)}
            }
        )
    return name


def _push_company_lists(company: Company) -> None:
    push_on_commit(partial(part2_broadcasts.team_companies, company.team_id))
    push_on_commit(partial(part2_broadcasts.progress, company.team.workshop_id))
    push_on_commit(partial(part2_broadcasts.room_profile, company.team.workshop_id))


def _taken(names, name: str) -> bool:
    """Case-insensitive for every letter (SQLite's own folding stops at ASCII: Å ≠ å)."""
    return any(other.casefold() == name.casefold() for other in names)


def ensure_per_dimension(rows, workshop_id: int, make) -> None:
    """One row per dimension of the workshop's framework (new dimensions included).
    `rows` is the related manager (baseline.assessments, vision.targets); `make(pk)`
    builds the missing row. Created with history: a first edit is version-checked
    against this version-1 record."""
    dimension_ids = Dimension.objects.filter(framework__workshop_id=workshop_id).values_list(
        "pk", flat=True
    )
    have = set(rows.values_list("dimension_id", flat=True))
    missing = [make(pk) for pk in dimension_ids if pk not in have]
    if missing:
        bulk_create_with_history(missing, rows.model, ignore_conflicts=True)


def ensure_assessments(baseline: Baseline) -> None:
    ensure_per_dimension(
        baseline.assessments,
        baseline.company.team.workshop_id,
        lambda pk: Assessment(baseline=baseline, dimension_id=pk),
    )


@transaction.atomic
def create_company(team: Team, name: str, author: Author) -> Company:
    check_open(team.workshop_id, author)
    name = _clean_name(name, what=_("company"), max_length=120)
    if _taken(Company.objects.active().filter(team=team).values_list("name", flat=True), name):
        raise ValidationError({"name": _("Your team already has a company called “%s”.") % name})
    last = team.companies.aggregate(last=Max("position"))["last"]
    company = Company(team=team, name=name, position=(last or 0) + 1)
    _stamp(company, author)
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError as exc:  # a team mate added the same name a moment ago
        raise ValidationError(
            {"name": _("Your team already has a company called “%s”.") % name}
        ) from exc
    with translation.override(team.workshop.language):  # data: in the workshop's language
        label = _("Whole company")
    baseline = Baseline(company=company, label=label, is_primary=True)
    _stamp(baseline, author)
    baseline.save()
    ensure_assessments(baseline)
    record_activity(team.workshop, "company_added", team=team.name)
    _push_company_lists(company)
    return company


@transaction.atomic
def remove_company(company: Company, author: Author) -> Company:
    check_open(company.team.workshop_id, author)
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.removed_at is None:
        company.removed_at = timezone.now()
        _stamp(company, author)
        company._change_reason = "removed"
        company.save(update_fields=["removed_at"])
        _push_company_lists(company)
        push_on_commit(partial(part2_broadcasts.company_gone, company.pk))
    return company


@transaction.atomic
def restore_company(company: Company, author: Author) -> Company:
    check_open(company.team.workshop_id, author)
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.removed_at is None:
        return company
    names = Company.objects.active().filter(team=company.team).values_list("name", flat=True)
    if _taken(names, company.name):
        raise ValidationError(
            _("Another company is now called “%s”. Rename it first.") % company.name
        )
    company.removed_at = None
    _stamp(company, author)
    company._change_reason = "restored"
    company.save(update_fields=["removed_at"])
    _push_company_lists(company)
    return company


@transaction.atomic
def add_baseline(company: Company, label: str, author: Author) -> Baseline:
    check_open(company.team.workshop_id, author)
    label = _clean_name(label, what=_("baseline"), max_length=80)
    if _taken(company.baselines.active().values_list("label", flat=True), label):
        raise ValidationError(
            {"name": _("This company already has a baseline called “%s”.") % label}
        )
    baseline = Baseline(company=company, label=label, is_primary=False)
    _stamp(baseline, author)
    try:
        with transaction.atomic():
            baseline.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"name": _("This company already has a baseline called “%s”.") % label}
        ) from exc
    ensure_assessments(baseline)
    push_on_commit(partial(part2_broadcasts.baseline_tabs, company.pk))
    return baseline


@transaction.atomic
def make_primary(baseline: Baseline, author: Author) -> Baseline:
    """The primary baseline is the one the room profile, vision and strategy use."""
    check_open(baseline.company.team.workshop_id, author)
    company = Company.objects.select_for_update().get(pk=baseline.company_id)
    current = company.baselines.filter(is_primary=True).exclude(pk=baseline.pk)
    for old in current:
        old.is_primary = False
        old.version += 1
        _stamp(old, author)
        old.save(update_fields=["is_primary", "version"])
    baseline = Baseline.objects.get(pk=baseline.pk)
    if not baseline.is_primary:
        baseline.is_primary = True
        baseline.version += 1
        _stamp(baseline, author)
        baseline.save(update_fields=["is_primary", "version"])
    push_on_commit(partial(part2_broadcasts.baseline_tabs, company.pk))
    _push_company_lists(company)
    return baseline


@transaction.atomic
def remove_baseline(baseline: Baseline, author: Author) -> Baseline:
    check_open(baseline.company.team.workshop_id, author)
    baseline = Baseline.objects.select_for_update().get(pk=baseline.pk)
    if baseline.is_primary:
        raise ValidationError(
            _("This is the primary baseline. Make another one primary before removing it.")
        )
    if baseline.removed_at is None:
        baseline.removed_at = timezone.now()
        _stamp(baseline, author)
        baseline._change_reason = "removed"
        baseline.save(update_fields=["removed_at"])
        push_on_commit(partial(part2_broadcasts.baseline_tabs, baseline.company_id))
    return baseline


@transaction.atomic
def restore_baseline(baseline: Baseline, author: Author) -> Baseline:
    check_open(baseline.company.team.workshop_id, author)
    baseline = Baseline.objects.select_for_update().get(pk=baseline.pk)
    if baseline.removed_at is None:
        return baseline
    labels = baseline.company.baselines.active().values_list("label", flat=True)
    if _taken(labels, baseline.label):
        raise ValidationError(
            _("Another baseline is now called “%s”. Rename it first.") % baseline.label
        )
    baseline.removed_at = None
    _stamp(baseline, author)
    baseline._change_reason = "restored"
    baseline.save(update_fields=["removed_at"])
    push_on_commit(partial(part2_broadcasts.baseline_tabs, baseline.company_id))
    return baseline


@transaction.atomic
def set_service(
    baseline: Baseline, service_id: int, offered: bool, author: Author, client: str = ""
) -> Baseline:
    """Tick or untick one current service. Ticks commute, so two people ticking
    different services at once both count; no version check is needed."""
    check_open(baseline.company.team.workshop_id, author)
    service = Service.objects.filter(
        pk=service_id, workshop_id=baseline.company.team.workshop_id
    ).first()
    if service is None:
        raise ValidationError(_("That service is not in this workshop’s catalogue."))
    if offered:
        baseline.services.add(service)
    else:
        baseline.services.remove(service)
    push_on_commit(partial(part2_broadcasts.baseline_services, baseline.pk, client or None))
    return baseline
