"""The editable pieces of a company vision (registered at start-up)."""

from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teams import part2_broadcasts
from teams.company_editables import level_options, pmo_scope_options, pmo_type_options
from teams.editables import Choice, Editable, Text, blank_is_none, register
from workshop.inputs import is_whole_number

from . import broadcasts
from .models import Target, Vision


def year(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not is_whole_number(raw) or not 2000 <= int(raw) <= 2100:
        raise ValidationError(_("Type a year such as 2030."))
    return int(raw)


def _vision_pushes(row: Vision, field_name: str):
    company = row.company
    if field_name == "statement":
        yield partial(part2_broadcasts.team_companies, company.team_id)
        yield partial(part2_broadcasts.progress_card, company.pk)
        yield partial(part2_broadcasts.progress_summary, company.team.workshop_id)
    yield partial(broadcasts.gallery, company.team.workshop_id)


def _target_pushes(row: Target, field_name: str):
    company = row.vision.company
    yield partial(broadcasts.jump, row.vision_id)
    yield partial(part2_broadcasts.team_companies, company.team_id)
    yield partial(broadcasts.gallery, company.team.workshop_id)


def _today(row: Vision, field_name: str) -> str:
    baseline = row.company.primary_baseline()
    return getattr(baseline, field_name, "") if baseline else ""


def _today_level(row: Target) -> str:
    baseline = row.vision.company.primary_baseline()
    if baseline is None:
        return ""
    level = baseline.assessments.filter(dimension_id=row.dimension_id).values_list(
        "level", flat=True
    )
    level = level.first()
    return str(level) if level else ""


register(
    Editable(
        kind="vision",
        model=Vision,
        team_lookup="company__team",
        company_lookup="company",
        active={"company__removed_at__isnull": True},
        fields={
            "statement": Text(
                gettext_lazy("Vision statement"),
                multiline=True,
                max_length=2000,
                rows=5,
                help_text=gettext_lazy(
                    "Two or three sentences: what your PMO is and does for the organisation "
                    "in the target year."
                ),
            ),
            "target_year": Text(
                gettext_lazy("Target year"),
                max_length=4,
                convert=year,
                help_text=gettext_lazy("The workshop’s horizon unless you choose another."),
            ),
            "pmo_type": Choice(
                gettext_lazy("Target PMO type"),
                pmo_type_options,
                reference=lambda row: _today(row, "pmo_type"),
            ),
            "scope": Choice(
                gettext_lazy("Target PMO scope"),
                pmo_scope_options,
                reference=lambda row: _today(row, "scope"),
            ),
            "success": Text(
                gettext_lazy("What success looks like"),
                multiline=True,
                max_length=4000,
                rows=6,
                help_text=gettext_lazy(
                    "One statement per line, e.g. “Every investment decision uses our "
                    "portfolio view.”"
                ),
            ),
        },
        also_push=_vision_pushes,
    )
)

register(
    Editable(
        kind="target",
        model=Target,
        team_lookup="vision__company__team",
        company_lookup="vision__company",
        active={"vision__company__removed_at__isnull": True},
        fields={
            "level": Choice(
                gettext_lazy("Target level"),
                lambda row: level_options(row.dimension),
                layout="ladder",
                convert=blank_is_none,
                reference=_today_level,
            ),
        },
        also_push=_target_pushes,
        label_for=lambda row, name: (
            _("Target level for %(dimension)s") % {"dimension": row.dimension.name}
        ),
    )
)
