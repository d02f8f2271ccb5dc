"""The editable pieces of companies and baselines (registered at start-up)."""

from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import part2_broadcasts
from .editables import CLEAR, Choice, Editable, Option, Text, blank_is_none, register
from .models import Assessment, Baseline, Company
from .models.companies import PMO_TYPE_HELP, PmoScope, PmoType
from .models.maturity import LEVEL_NAMES

PMO_SCOPE_HELP = {
    PmoScope.PROJECT: _("Supports individual projects."),
    PmoScope.PROGRAMME: _("Coordinates related projects towards shared outcomes."),
    PmoScope.PORTFOLIO: _("Helps choose and balance the organisation’s investments."),
    PmoScope.ENTERPRISE: _("Connects strategy and delivery across the whole organisation."),
}


def pmo_type_options(row) -> list[Option]:
    return [Option(t.value, t.label, PMO_TYPE_HELP[t]) for t in PmoType] + [CLEAR]


def pmo_scope_options(row) -> list[Option]:
    return [Option(s.value, s.label, PMO_SCOPE_HELP[s]) for s in PmoScope] + [CLEAR]


def level_options(dimension) -> list[Option]:
    """The five levels of a dimension, each read by its descriptor, not a bare number."""
    return [
        Option(str(n), str(LEVEL_NAMES[n]), dimension.descriptor(n), short=str(n))
        for n in range(1, 6)
    ] + [CLEAR]


def _unique_company_name(row: Company, field_name: str, value) -> None:
    if field_name != "name":
        return
    others = Company.objects.active().filter(team_id=row.team_id).exclude(pk=row.pk)
    if any(name.casefold() == value.casefold() for name in others.values_list("name", flat=True)):
        raise ValidationError(_("Your team already has a company called “%s”.") % value)


def _unique_baseline_label(row: Baseline, field_name: str, value) -> None:
    if field_name != "label":
        return
    others = Baseline.objects.active().filter(company_id=row.company_id).exclude(pk=row.pk)
    if any(
        label.casefold() == value.casefold() for label in others.values_list("label", flat=True)
    ):
        raise ValidationError(_("This company already has a baseline called “%s”.") % value)


def _company_pushes(row: Company, field_name: str):
    yield partial(part2_broadcasts.company_header, row.pk)
    yield partial(part2_broadcasts.team_companies, row.team_id)
    yield partial(part2_broadcasts.progress_card, row.pk)


def _today_changed(company_id: int, **changed):
    from vision.broadcasts import today_changed  # vision builds on teams

    yield from today_changed(company_id, **changed)


def _baseline_pushes(row: Baseline, field_name: str):
    if field_name == "label":
        yield partial(part2_broadcasts.baseline_tabs, row.company_id)
    if field_name in ("pmo_type", "scope") and row.is_primary:
        yield partial(_today_changed, row.company_id, field=field_name)


def _assessment_pushes(row: Assessment, field_name: str):
    if field_name == "level":
        yield partial(part2_broadcasts.baseline_radar, row.baseline_id)
        yield partial(part2_broadcasts.baseline_completion, row.baseline_id)
        company = row.baseline.company
        yield partial(part2_broadcasts.team_companies, company.team_id)
        yield partial(part2_broadcasts.progress_card, company.pk)
        yield partial(part2_broadcasts.progress_summary, company.team.workshop_id)
        if row.baseline.is_primary:
            yield partial(part2_broadcasts.room_profile, company.team.workshop_id)
            yield partial(_today_changed, company.pk, dimension_id=row.dimension_id)


def _assessment_label(row: Assessment, field_name: str):
    if field_name == "level":
        return _("Level for %(dimension)s") % {"dimension": row.dimension.name}
    return _("Evidence — %(dimension)s") % {"dimension": row.dimension.name}


register(
    Editable(
        kind="company",
        model=Company,
        team_lookup="team",
        company_lookup="",
        active={"removed_at__isnull": True},
        fields={
            "name": Text(_("Company name"), max_length=120, required=_("A company needs a name.")),
            "sector": Text(_("Sector"), max_length=80, help_text=_("E.g. energy, public sector.")),
        },
        also_push=_company_pushes,
        validate=_unique_company_name,
    )
)

register(
    Editable(
        kind="baseline",
        model=Baseline,
        team_lookup="company__team",
        company_lookup="company",
        active={"removed_at__isnull": True, "company__removed_at__isnull": True},
        fields={
            "label": Text(
                _("Baseline name"), max_length=80, required=_("A baseline needs a name.")
            ),
            "pmo_type": Choice(_("PMO type"), pmo_type_options),
            "scope": Choice(_("PMO scope"), pmo_scope_options),
            "size": Text(
                _("PMO size"), max_length=80, help_text=_("E.g. “4 people, 2 part time”.")
            ),
            "sponsor": Text(_("Sponsor"), max_length=120, help_text=_("Who the PMO answers to.")),
            "strengths": Text(
                _("Strengths"), multiline=True, max_length=5000, help_text=_("What works today.")
            ),
            "pain_points": Text(
                _("Pain points"),
                multiline=True,
                max_length=5000,
                help_text=_("What hurts today, and for whom."),
            ),
        },
        also_push=_baseline_pushes,
        validate=_unique_baseline_label,
    )
)

register(
    Editable(
        kind="assessment",
        model=Assessment,
        team_lookup="baseline__company__team",
        also_load=("dimension",),
        company_lookup="baseline__company",
        active={
            "baseline__removed_at__isnull": True,
            "baseline__company__removed_at__isnull": True,
        },
        fields={
            "level": Choice(
                _("Level"),
                lambda row: level_options(row.dimension),
                layout="ladder",
                convert=blank_is_none,
            ),
            "evidence": Text(
                _("Evidence"),
                multiline=True,
                max_length=3000,
                rows=2,
                help_text=_("What you see that makes you choose this level."),
            ),
        },
        also_push=_assessment_pushes,
        label_for=_assessment_label,
    )
)
