"""The editable pieces of a company's strategy (registered at start-up).

Every text and choice of Part 3 saves through the one `teams:edit` endpoint. What a
change also affects (roadmap, gap table, traceability, warnings, the initiative
cards and the KPI choices) is pushed through `also_push`.

Decisions:
- Quarters are typed as text ("2027 Q1", "Q1 2027", "2027-Q1"; "K1" as in Swedish
  "kvartal" too). An end before the start is saved and flagged (on the card, in the
  warnings and on the roadmap): refusing it would force people to edit start and
  end in one particular order.
- KPI values accept a decimal comma ("12,5") and are kept to two decimals.
- The roadmap, gaps and warnings also follow the primary baseline's levels and the
  vision's targets, so the strategy page stays live while team mates edit those.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teams.editables import (
    CLEAR,
    Choice,
    Editable,
    Option,
    Text,
    blank_is_none,
    follow,
    register,
)

from . import broadcasts
from .models import (
    QUARTER_MAX,
    QUARTER_MIN,
    Band,
    Gap,
    Goal,
    Initiative,
    Kpi,
    Strategy,
    quarter_index,
    quarter_label,
)
from .selectors import goal_choices, initiative_choices

# "2027 Q1", "2027-Q1", "2027Q1", "Q1 2027", "q1/2027", "2027 K1"
_QUARTER = re.compile(
    r"^(?:(?P<y1>\d{4})\s*[-/ ]?\s*[QK]\s*(?P<q1>\d)|[QK]\s*(?P<q2>\d)\s*[-/ ]?\s*(?P<y2>\d{4}))$",
    re.IGNORECASE,
)


def parse_quarter(raw: str) -> int | None:
    """Typed text → quarter index (year * 4 + quarter − 1); "" → None."""
    text = " ".join(raw.split())
    if not text:
        return None
    match = _QUARTER.match(text)
    if match is None:
        raise ValidationError(_("Type a quarter such as 2027 Q1."))
    year = int(match["y1"] or match["y2"])
    quarter = int(match["q1"] or match["q2"])
    if not 1 <= quarter <= 4:
        raise ValidationError(_("A year has quarters Q1 to Q4."))
    index = quarter_index(year, quarter)
    if not QUARTER_MIN <= index <= QUARTER_MAX:
        raise ValidationError(_("Choose a year between 2000 and 2100."))
    return index


def show_quarter(value) -> str:
    return quarter_label(value)


KPI_MAX = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")  # digits, one decimal mark, no exponent


def parse_decimal(raw: str) -> Decimal | None:
    """ "12,5", "12.5", "1 200", "−3" → Decimal with two decimals; "" → None."""
    text = raw.strip().replace("\u2212", "-")
    for space in (" ", "\u00a0", "\u202f"):
        text = text.replace(space, "")
    if not text:
        return None
    if "," in text and "." in text:  # 1.234,5 or 1,234.5: the last mark is the decimal one
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal_mark == "," else ",", "")
    text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise ValidationError(_("Type a number such as 12,5 or 80."))
    value = Decimal(text)
    if abs(value) <= KPI_MAX:
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(value) > KPI_MAX:
        raise ValidationError(_("That number is too large."))
    return value


def show_decimal(value) -> str:
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def priority_options(row) -> list[Option]:
    return [Option(str(p.value), p.label) for p in Gap.Priority] + [CLEAR]


def band_options(row) -> list[Option]:
    options = []
    for band in Band:
        _letter, _dash, meaning = str(band.label).partition(" — ")
        options.append(Option(band.value, band.value, meaning))
    return options + [CLEAR]


def frequency_options(row) -> list[Option]:
    return [Option(f.value, f.label) for f in Kpi.Frequency] + [CLEAR]


def goal_options(row: Kpi) -> list[Option]:
    return goal_choices(Goal.objects.active().filter(company_id=row.company_id))


def initiative_options(row: Kpi) -> list[Option]:
    return initiative_choices(Initiative.objects.active().filter(company_id=row.company_id))


# --- what else each change shows up in ------------------------------------------------


def _overview(company_id: int):
    yield partial(broadcasts.overview, company_id)


def _gap_pushes(row: Gap, field_name: str):
    if field_name == "priority":
        yield from _overview(row.company_id)


def _initiative_pushes(row: Initiative, field_name: str):
    company_id = row.company_id
    if field_name == "title":
        yield from _overview(company_id)
        yield partial(broadcasts.cards, company_id)
        yield partial(broadcasts.kpi_choices, company_id)
    elif field_name in ("start_quarter", "end_quarter", "band"):
        yield from _overview(company_id)
        yield partial(broadcasts.heads, company_id)


def _goal_pushes(row: Goal, field_name: str):
    if field_name == "title":
        yield partial(broadcasts.kpi_choices, row.company_id)


def _kpi_pushes(row: Kpi, field_name: str):
    if field_name in ("name", "initiative_id"):
        yield from _overview(row.company_id)
        yield partial(broadcasts.cards, row.company_id)
    if field_name in ("name", "goal_id"):
        yield partial(broadcasts.goal_kpis, row.company_id)


_company = {"company__removed_at__isnull": True}
_active = {"removed_at__isnull": True, **_company}

register(
    Editable(
        kind="strategy",
        model=Strategy,
        team_lookup="company__team",
        company_lookup="company",
        active=_company,
        fields={
            "summary": Text(
                gettext_lazy("Executive summary"),
                multiline=True,
                max_length=3000,
                rows=5,
                help_text=gettext_lazy(
                    "Three to five sentences for the executives who read the strategy pack."
                ),
            ),
            "mission": Text(
                gettext_lazy("PMO mission"),
                multiline=True,
                max_length=1500,
                rows=3,
                help_text=gettext_lazy("Why the PMO exists and for whom, in one or two sentences."),
            ),
            "principles": Text(
                gettext_lazy("Principles"),
                multiline=True,
                max_length=4000,
                rows=5,
                help_text=gettext_lazy(
                    "One per line, e.g. “We report what decisions need, nothing more.”"
                ),
            ),
            "services_note": Text(
                gettext_lazy("How the services change"),
                multiline=True,
                max_length=3000,
                rows=4,
                help_text=gettext_lazy("What starts, what stops, and in which order."),
            ),
        },
    )
)

register(
    Editable(
        kind="gap",
        model=Gap,
        team_lookup="company__team",
        company_lookup="company",
        active=_company,
        fields={
            "priority": Choice(
                gettext_lazy("Priority"), priority_options, layout="pills", convert=blank_is_none
            ),
            "note": Text(
                gettext_lazy("Note"),
                multiline=True,
                max_length=2000,
                rows=2,
                help_text=gettext_lazy("Why this gap matters, or what closing it needs."),
            ),
        },
        also_push=_gap_pushes,
        label_for=lambda row, name: (
            (_("Priority for %(dimension)s") if name == "priority" else _("Note on %(dimension)s"))
            % {"dimension": row.dimension.name}
        ),
    )
)

register(
    Editable(
        kind="initiative",
        model=Initiative,
        team_lookup="company__team",
        company_lookup="company",
        active=_active,
        fields={
            "title": Text(
                gettext_lazy("Title"),
                max_length=160,
                required=gettext_lazy("An initiative needs a title."),
            ),
            "description": Text(
                gettext_lazy("What it does"),
                multiline=True,
                max_length=3000,
                rows=3,
            ),
            "owner": Text(gettext_lazy("Owner"), max_length=120),
            "start_quarter": Text(
                gettext_lazy("Start"),
                max_length=12,
                convert=parse_quarter,
                display=show_quarter,
                help_text=gettext_lazy("E.g. 2027 Q1"),
            ),
            "end_quarter": Text(
                gettext_lazy("End"),
                max_length=12,
                convert=parse_quarter,
                display=show_quarter,
                help_text=gettext_lazy("The last quarter of work"),
            ),
            "band": Choice(gettext_lazy("Effort and cost"), band_options, layout="pills"),
        },
        also_push=_initiative_pushes,
    )
)

register(
    Editable(
        kind="goal",
        model=Goal,
        team_lookup="company__team",
        company_lookup="company",
        active=_active,
        fields={
            "title": Text(
                gettext_lazy("Goal"), max_length=200, required=gettext_lazy("A goal needs a name.")
            ),
            "description": Text(
                gettext_lazy("What reaching it means"), multiline=True, max_length=2000, rows=2
            ),
        },
        also_push=_goal_pushes,
    )
)

register(
    Editable(
        kind="kpi",
        model=Kpi,
        team_lookup="company__team",
        company_lookup="company",
        active=_active,
        fields={
            "name": Text(
                gettext_lazy("KPI"), max_length=160, required=gettext_lazy("A KPI needs a name.")
            ),
            "unit": Text(gettext_lazy("Unit"), max_length=40),
            "baseline_value": Text(
                gettext_lazy("Today"),
                max_length=24,
                convert=parse_decimal,
                display=show_decimal,
            ),
            "target_value": Text(
                gettext_lazy("Target"),
                max_length=24,
                convert=parse_decimal,
                display=show_decimal,
            ),
            "frequency": Choice(gettext_lazy("Measured"), frequency_options, layout="pills"),
            "goal_id": Choice(
                gettext_lazy("Goal it measures"),
                goal_options,
                layout="pills",
                convert=blank_is_none,
            ),
            "initiative_id": Choice(
                gettext_lazy("Initiative it measures"),
                initiative_options,
                layout="pills",
                convert=blank_is_none,
            ),
        },
        also_push=_kpi_pushes,
    )
)


# --- following the baseline and the vision --------------------------------------------


def _levels_changed(company_id: int):
    yield partial(broadcasts.overview, company_id)
    yield partial(broadcasts.cards, company_id)


def _assessment_followers(row, field_name: str):
    if field_name == "level" and row.baseline.is_primary:
        yield from _levels_changed(row.baseline.company_id)


def _target_followers(row, field_name: str):
    yield from _levels_changed(row.vision.company_id)


def follow_part2() -> None:
    """Called once from AppConfig.ready(): the strategy page follows baseline levels
    and vision targets."""
    follow("assessment", _assessment_followers)
    follow("target", _target_followers)
