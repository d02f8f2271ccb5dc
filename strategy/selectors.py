"""Reads for a company's strategy: gap analysis, roadmap, traceability, warnings, the
services table, and the page and its live parts.

Everything starts from one `snapshot` (a handful of queries); the page, the pushes
and the strategy pack draw from the same functions, so what the team sees and what
the pack prints agree. Each public function takes a company or a snapshot.
"""

from dataclasses import dataclass, field

import networkx as nx
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teams import editables
from teams import part2_selectors as team_selectors
from teams.models import Company, Dimension, Service
from teams.models.maturity import LEVEL_NAMES
from vision.models import Vision

from .models import Gap, Goal, Initiative, Kpi, Strategy
from .roadmap import roadmap_svg


@dataclass
class Snapshot:
    """What Part 3 reads for one company. Initiatives, goals and KPIs are the active
    ones, in order; each initiative has `number` (1, 2, …) and prefetched active
    `gaps`, `depends_on` and `kpis`."""

    company: Company
    dimensions: list[Dimension]
    today: dict[int, int | None]  # dimension id → primary baseline level
    targets: dict[int, int | None]  # dimension id → vision target level
    gaps: dict[int, Gap]  # dimension id → the company's gap row
    initiatives: list[Initiative]
    goals: list[Goal]
    kpis: list[Kpi]


def snapshot(company: Company) -> Snapshot:
    company = Company.objects.select_related("team__workshop__current_phase").get(pk=company.pk)
    dimensions = list(Dimension.objects.filter(framework__workshop_id=company.team.workshop_id))
    baseline = company.primary_baseline()
    today = dict(baseline.assessments.values_list("dimension_id", "level")) if baseline else {}
    vision = Vision.objects.filter(company=company).first()
    targets = dict(vision.targets.values_list("dimension_id", "level")) if vision else {}
    gaps = {
        g.dimension_id: g for g in Gap.objects.filter(company=company).select_related("dimension")
    }
    initiatives = list(
        Initiative.objects.active()
        .filter(company=company)
        .prefetch_related(
            Prefetch("gaps", queryset=Gap.objects.select_related("dimension")),
            Prefetch("depends_on", queryset=Initiative.objects.active()),
            Prefetch("kpis", queryset=Kpi.objects.active()),
        )
    )
    for number, initiative in enumerate(initiatives, start=1):
        initiative.number = number
        initiative.company = company
    kpis = list(Kpi.objects.active().filter(company=company).select_related("goal", "initiative"))
    goals = list(Goal.objects.active().filter(company=company))
    # Rows drawn as live fields find their team (and the lock) without another query.
    for row in [*gaps.values(), *kpis, *goals]:
        row.company = company
    return Snapshot(company, dimensions, today, targets, gaps, initiatives, goals, kpis)


def _snap(source) -> Snapshot:
    return source if isinstance(source, Snapshot) else snapshot(source)


# --- gap analysis ------------------------------------------------------------------


@dataclass
class GapRow:
    """One dimension: today (primary baseline), target (vision), the gap and who closes it."""

    dimension: Dimension
    gap: Gap | None
    today: int | None
    target: int | None
    initiatives: list[Initiative]
    framework_rank: int = 0
    priority_rank: int = 0
    choice: editables.LiveChoice | None = None  # the priority, on the page only

    @property
    def size(self) -> int | None:
        """target − today; None until both are set (never a made-up number)."""
        if self.today is None or self.target is None:
            return None
        return self.target - self.today

    @property
    def is_open(self) -> bool:
        return self.size is not None and self.size > 0

    @property
    def priority(self) -> int | None:
        return self.gap.priority if self.gap else None

    @property
    def priority_label(self) -> str:
        return str(Gap.Priority(self.priority).label) if self.priority else ""

    @property
    def today_name(self) -> str:
        return str(LEVEL_NAMES[self.today]) if self.today else ""

    @property
    def target_name(self) -> str:
        return str(LEVEL_NAMES[self.target]) if self.target else ""

    @property
    def anchor(self) -> str:
        return f"gap-row-{self.gap.pk}" if self.gap else f"gap-dimension-{self.dimension.pk}"


def priority_key(row: GapRow) -> tuple:
    """High, medium, low, unset; within each the larger gap first; then framework order."""
    size = row.size if row.size is not None else -99
    return (row.priority or 9, -size, row.framework_rank)


def gap_rows(source) -> list[GapRow]:
    """Every dimension in framework order, each with its rank in the priority order."""
    snap = _snap(source)
    closing: dict[int, list[Initiative]] = {}
    for initiative in snap.initiatives:
        for gap in initiative.gaps.all():
            closing.setdefault(gap.dimension_id, []).append(initiative)
    rows = [
        GapRow(
            dimension=d,
            gap=snap.gaps.get(d.pk),
            today=snap.today.get(d.pk),
            target=snap.targets.get(d.pk),
            initiatives=closing.get(d.pk, []),
            framework_rank=rank,
        )
        for rank, d in enumerate(snap.dimensions, start=1)
    ]
    for rank, row in enumerate(sorted(rows, key=priority_key), start=1):
        row.priority_rank = rank
    return rows


def by_priority(rows: list[GapRow]) -> list[GapRow]:
    return sorted(rows, key=lambda row: row.priority_rank)


# --- warnings ----------------------------------------------------------------------

# Contradictions first (red), then what is missing (amber).
WARNING_ORDER = (
    "target_below",
    "ends_before_start",
    "self_dependency",
    "cycle",
    "gap_uncovered",
    "starts_before_dependency",
    "no_gap",
    "no_kpi",
)
PROBLEMS = {"target_below", "ends_before_start", "self_dependency", "cycle"}


@dataclass
class StrategyWarning:
    kind: str  # one of WARNING_ORDER
    message: str
    anchor: str  # the DOM id on the strategy page where it can be fixed
    initiative_id: int | None = None
    dimension_id: int | None = None
    short: str = ""  # a few words for the initiative's card

    @property
    def is_problem(self) -> bool:
        """Something contradictory (red), rather than something missing (amber)."""
        return self.kind in PROBLEMS


def dependency_problems(initiatives: list[Initiative]) -> tuple[set[int], set[int]]:
    """(initiatives depending on themselves, initiatives in a longer dependency cycle)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(i.pk for i in initiatives)
    graph.add_edges_from((i.pk, d.pk) for i in initiatives for d in i.depends_on.all())
    own = {a for a, b in nx.selfloop_edges(graph)}
    in_cycle = {
        pk for part in nx.strongly_connected_components(graph) if len(part) > 1 for pk in part
    }
    return own, in_cycle


def warnings(source) -> list[StrategyWarning]:
    """What the team should look at, most important first."""
    snap = _snap(source)
    found: list[StrategyWarning] = []
    for row in gap_rows(snap):
        name = row.dimension.name
        if row.is_open and not row.initiatives:
            found.append(
                StrategyWarning(
                    "gap_uncovered",
                    ngettext(
                        "%(dimension)s: the vision is %(n)d level above today, but no "
                        "initiative closes this gap.",
                        "%(dimension)s: the vision is %(n)d levels above today, but no "
                        "initiative closes this gap.",
                        row.size,
                    )
                    % {"dimension": name, "n": row.size},
                    row.anchor,
                    dimension_id=row.dimension.pk,
                )
            )
        elif row.size is not None and row.size < 0:
            found.append(
                StrategyWarning(
                    "target_below",
                    _(
                        "%(dimension)s: the vision’s target (%(target)d) is below today’s "
                        "level (%(today)d). Check the vision or the baseline."
                    )
                    % {"dimension": name, "target": row.target, "today": row.today},
                    row.anchor,
                    dimension_id=row.dimension.pk,
                )
            )
    found += initiative_warnings(snap.initiatives)
    return sorted(found, key=lambda w: WARNING_ORDER.index(w.kind))


def initiative_warnings(initiatives: list[Initiative]) -> list[StrategyWarning]:
    own, in_cycle = dependency_problems(initiatives)
    found = []
    for i in initiatives:
        label = _("Initiative %(number)d “%(title)s”") % {
            "number": getattr(i, "number", 0),
            "title": i.title,
        }
        anchor = f"initiative-{i.pk}"

        def add(kind, message, short, i=i, anchor=anchor):
            found.append(StrategyWarning(kind, message, anchor, initiative_id=i.pk, short=short))

        if (
            i.start_quarter is not None
            and i.end_quarter is not None
            and i.end_quarter < i.start_quarter
        ):
            add(
                "ends_before_start",
                _("%(label)s ends (%(end)s) before it starts (%(start)s).")
                % {"label": label, "end": i.end_label, "start": i.start_label},
                _("Ends before it starts"),
            )
        if i.pk in own:
            add(
                "self_dependency",
                _("%(label)s depends on itself.") % {"label": label},
                _("Depends on itself"),
            )
        if i.pk in in_cycle:
            add(
                "cycle",
                _("%(label)s is part of a circle of dependencies: none of them can start.")
                % {"label": label},
                _("In a circle of dependencies"),
            )
        for dep in i.depends_on.all():
            if dep.pk == i.pk or i.start_quarter is None or dep.end_quarter is None:
                continue
            if i.start_quarter <= dep.end_quarter:
                add(
                    "starts_before_dependency",
                    _(
                        "%(label)s starts (%(start)s) before “%(dep)s”, which it depends on, "
                        "ends (%(end)s)."
                    )
                    % {
                        "label": label,
                        "start": i.start_label,
                        "dep": dep.title,
                        "end": dep.end_label,
                    },
                    _("Starts before “%(dep)s” ends") % {"dep": dep.title},
                )
        if not i.gaps.all():
            add(
                "no_gap",
                _("%(label)s closes no gap yet: tick the gaps it closes.") % {"label": label},
                _("Closes no gap yet"),
            )
        if not i.kpis.all():
            add(
                "no_kpi",
                _("%(label)s has no KPI to show it works.") % {"label": label},
                _("No KPI yet"),
            )
    return found


# --- traceability ------------------------------------------------------------------


@dataclass
class TraceLink:
    initiative: Initiative
    kpis: list[Kpi]


@dataclass
class TraceRow:
    """Baseline → vision → gap → initiatives → KPIs, for one dimension."""

    row: GapRow
    links: list[TraceLink] = field(default_factory=list)


def traceability(source) -> dict:
    """The matrix by dimension, and what hangs loose: initiatives closing no gap, KPIs
    measuring no initiative."""
    snap = _snap(source)
    kpis_of = {i.pk: list(i.kpis.all()) for i in snap.initiatives}
    rows = [
        TraceRow(row, [TraceLink(i, kpis_of[i.pk]) for i in row.initiatives])
        for row in gap_rows(snap)
    ]
    active = {i.pk for i in snap.initiatives}
    return {
        "trace_rows": rows,
        "trace_unlinked": [
            TraceLink(i, kpis_of[i.pk]) for i in snap.initiatives if not i.gaps.all()
        ],
        "trace_loose_kpis": [k for k in snap.kpis if k.initiative_id not in active],
    }


# --- services today → in the vision ------------------------------------------------


@dataclass
class ServiceChange:
    service: Service
    today: bool
    future: bool | None  # None while the vision has no target services chosen

    @property
    def change(self) -> str:
        """ "kept", "new", "dropped", or "" while the vision's services are not chosen."""
        if self.future is None:
            return ""
        if self.today and self.future:
            return "kept"
        return "new" if self.future else "dropped"

    @property
    def change_label(self) -> str:
        labels = {"kept": _("Kept"), "new": _("New"), "dropped": _("Dropped"), "": ""}
        return labels[self.change]


def services_table(company: Company) -> list[ServiceChange]:
    """The catalogue services offered today (primary baseline) or in the vision, in
    catalogue order, each kept, new or dropped. Until the vision names any target
    service, nothing is called dropped."""
    baseline = company.primary_baseline()
    today = set(baseline.services.values_list("pk", flat=True)) if baseline else set()
    vision = Vision.objects.filter(company=company).first()
    future = set(vision.services.values_list("pk", flat=True)) if vision else set()
    return [
        ServiceChange(s, s.pk in today, (s.pk in future) if future else None)
        for s in Service.objects.filter(workshop_id=company.team.workshop_id)
        if s.pk in today or s.pk in future
    ]


# --- the page ------------------------------------------------------------------------


def _locked(company: Company) -> bool:
    phase = company.team.workshop.current_phase
    return bool(phase and phase.locked)


def _base(company: Company) -> dict:
    return {**team_selectors.company_header(company), "readonly": _locked(company)}


def roadmap(source) -> str:
    return roadmap_svg(_snap(source).initiatives)


def overview(source) -> dict:
    """The derived parts: warnings, gap table, roadmap, traceability."""
    snap = _snap(source)
    rows = gap_rows(snap)
    for row in rows:
        if row.gap is not None:
            row.choice = editables.live_choice("gap", row.gap, "priority")
    found = warnings(snap)
    return {
        **_base(snap.company),
        "gap_rows": rows,
        "open_gaps": sum(1 for row in rows if row.is_open),
        "targets_set": sum(1 for row in rows if row.target is not None),
        "levels_set": sum(1 for row in rows if row.today is not None),
        "strategy_warnings": found,
        "problem_count": sum(1 for w in found if w.is_problem),
        "roadmap_svg": roadmap(snap),
        "initiative_count": len(snap.initiatives),
        **traceability(snap),
    }


@dataclass
class InitiativeCard:
    initiative: Initiative
    fields: dict
    band: editables.LiveChoice
    flags: list[StrategyWarning]
    gap_ticks: list[tuple[GapRow, bool]]
    dependency_ticks: list[tuple[Initiative, bool]]
    kpis: list[Kpi]
    first: bool
    last: bool

    @property
    def pk(self) -> int:
        return self.initiative.pk


INITIATIVE_TEXT_FIELDS = ("title", "owner", "start_quarter", "end_quarter", "description")


def initiative_cards(source) -> list[InitiativeCard]:
    snap = _snap(source)
    rows = gap_rows(snap)
    flags: dict[int, list[StrategyWarning]] = {}
    for w in initiative_warnings(snap.initiatives):
        flags.setdefault(w.initiative_id, []).append(w)
    cards = []
    last = len(snap.initiatives)
    for i in snap.initiatives:
        ticked_gaps = {g.pk for g in i.gaps.all()}
        deps = {d.pk for d in i.depends_on.all()}
        cards.append(
            InitiativeCard(
                initiative=i,
                fields={
                    name: editables.live_field("initiative", i, name)
                    for name in INITIATIVE_TEXT_FIELDS
                },
                band=editables.live_choice("initiative", i, "band"),
                flags=sorted(flags.get(i.pk, []), key=lambda w: WARNING_ORDER.index(w.kind)),
                gap_ticks=[(row, bool(row.gap and row.gap.pk in ticked_gaps)) for row in rows],
                dependency_ticks=[(o, o.pk in deps) for o in snap.initiatives if o.pk != i.pk],
                kpis=list(i.kpis.all()),
                first=i.number == 1,
                last=i.number == last,
            )
        )
    return cards


def card_context(card, company: Company) -> dict:
    """One card (initiative, goal or KPI) and what its partials need around it."""
    return {**_base(company), "card": card}


@dataclass
class GoalCard:
    goal: Goal
    fields: list
    kpis: list[Kpi]
    first: bool
    last: bool


def goal_cards(source) -> list[GoalCard]:
    snap = _snap(source)
    by_goal: dict[int, list[Kpi]] = {}
    for k in snap.kpis:
        by_goal.setdefault(k.goal_id, []).append(k)
    return [
        GoalCard(
            goal=g,
            fields=[editables.live_field("goal", g, name) for name in ("title", "description")],
            kpis=by_goal.get(g.pk, []),
            first=n == 0,
            last=n == len(snap.goals) - 1,
        )
        for n, g in enumerate(snap.goals)
    ]


@dataclass
class KpiCard:
    kpi: Kpi
    fields: dict
    choices: dict
    first: bool
    last: bool


KPI_TEXT_FIELDS = ("name", "unit", "baseline_value", "target_value")
KPI_CHOICES = ("frequency", "initiative_id", "goal_id")


def goal_choices(goals) -> list[editables.Option]:
    """A KPI's "measures goal" options."""
    return [editables.Option(str(g.pk), g.title) for g in goals] + [editables.CLEAR]


def initiative_choices(initiatives) -> list[editables.Option]:
    """A KPI's "measures initiative" options, numbered as on the page."""
    return [
        editables.Option(str(i.pk), i.title, short=str(number))
        for number, i in enumerate(initiatives, start=1)
    ] + [editables.CLEAR]


def kpi_cards(source) -> list[KpiCard]:
    snap = _snap(source)
    # The goal and initiative options are the same for every KPI: built once.
    options = {
        "goal_id": goal_choices(snap.goals),
        "initiative_id": initiative_choices(snap.initiatives),
    }

    def choice(kpi, name):
        extra = {"options": options[name]} if name in options else {}
        return editables.live_choice("kpi", kpi, name, **extra)

    return [
        KpiCard(
            kpi=k,
            fields={name: editables.live_field("kpi", k, name) for name in KPI_TEXT_FIELDS},
            choices={name: choice(k, name) for name in KPI_CHOICES},
            first=n == 0,
            last=n == len(snap.kpis) - 1,
        )
        for n, k in enumerate(snap.kpis)
    ]


def removed(company: Company) -> dict:
    """The last few removed initiatives, goals and KPIs, to bring back."""
    return {
        "removed_initiatives": list(
            Initiative.objects.filter(company=company, removed_at__isnull=False).order_by(
                "-removed_at"
            )[:5]
        ),
        "removed_goals": list(
            Goal.objects.filter(company=company, removed_at__isnull=False).order_by("-removed_at")[
                :5
            ]
        ),
        "removed_kpis": list(
            Kpi.objects.filter(company=company, removed_at__isnull=False).order_by("-removed_at")[
                :5
            ]
        ),
    }


def lists(source) -> dict:
    """The initiative, goal and KPI lists, each with its removed items to undo."""
    snap = _snap(source)
    return {
        **_base(snap.company),
        **removed(snap.company),
        "initiative_cards": initiative_cards(snap),
        "goal_cards": goal_cards(snap),
        "kpi_cards": kpi_cards(snap),
    }


def forms(source) -> dict:
    """What the add forms offer: the gaps (most pressing first) and the initiatives."""
    snap = _snap(source)
    return {
        **_base(snap.company),
        "gap_options": [row for row in by_priority(gap_rows(snap)) if row.gap],
        "initiative_options": snap.initiatives,
    }


STRATEGY_TEXT_FIELDS = ("summary", "mission", "principles", "services_note")


def strategy_page(company: Company) -> dict:
    snap = snapshot(company)
    strategy = Strategy.objects.select_related("company__team__workshop__current_phase").get(
        company=snap.company
    )
    rows = gap_rows(snap)
    return {
        **overview(snap),
        **lists(snap),
        **forms(snap),
        "strategy": strategy,
        "strategy_fields": {
            name: editables.live_field("strategy", strategy, name) for name in STRATEGY_TEXT_FIELDS
        },
        "gap_notes": [
            (row, editables.live_field("gap", row.gap, "note")) for row in rows if row.gap
        ],
        "services": services_table(snap.company),
        "vision_exists": Vision.objects.filter(company=snap.company).exists(),
    }


PAGE = "strategy/company_strategy.html"
OVERVIEW_PARTS = ("strategy-warnings", "strategy-gaps", "strategy-roadmap", "strategy-trace")
LIST_PARTS = (
    "initiative-list",
    "initiative-removed",
    "goal-list",
    "goal-removed",
    "kpi-list",
    "kpi-removed",
)


def strategy_fragments(company: Company) -> list[tuple[str, dict]]:
    """Everything live on the strategy page, for a (re)connecting screen."""
    if not Strategy.objects.filter(company=company).exists():
        return [("teams/_company.html#company-header", team_selectors.company_header(company))]
    page = strategy_page(company)
    parts: list[tuple[str, dict]] = [("teams/_company.html#company-header", page)]
    parts += [(f"{PAGE}#{name}", page) for name in OVERVIEW_PARTS + LIST_PARTS]
    parts.append((f"{PAGE}#strategy-services", page))
    parts += [("live/field.html", {"f": f}) for f in page["strategy_fields"].values()]
    parts += [("live/field.html", {"f": f}) for _row, f in page["gap_notes"]]
    return parts
