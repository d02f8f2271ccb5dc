"""Everything a company's strategy pack shows, as plain data.

One read of the database per pack: the PDF template renders from it and
`strategy.pack.content_hash` hashes it, so the pack is rendered again exactly when
something it shows has changed. Plain values only (strings, numbers, lists): the
whole thing must serialise to canonical JSON.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils import translation

from teams.models import Assessment, Company, Dimension, Framework, ReferenceSet
from teams.models.companies import PmoScope, PmoType
from vision.models import Vision
from workshop.map_selectors import path as path_steps
from workshop.models import Workshop

from . import selectors
from .models import Band, Strategy

ILLUSTRATIVE_MARKS = ("illustrative", "illustrativ")


@dataclass
class DimensionRow:
    """One maturity dimension through baseline, vision and gap."""

    name: str
    label: str
    description: str
    position: int  # in the framework
    today: int | None
    today_name: str
    today_descriptor: str
    evidence: str
    target: int | None
    target_name: str
    priority: int | None  # Gap.Priority value; None when the team has not set one
    priority_label: str
    note: str
    initiatives: list[str]  # titles of the active initiatives that close this gap

    @property
    def gap(self) -> int | None:
        if self.today is None or self.target is None:
            return None
        return self.target - self.today


@dataclass
class ReferenceRow:
    """A benchmark set the room compared itself with, aligned with the dimensions."""

    name: str
    source: str
    illustrative: bool
    means: list[float | None]


@dataclass
class BaselineData:
    label: str
    pmo_type: str
    scope: str
    size: str
    sponsor: str
    strengths: str
    pain_points: str
    services: list[str]


@dataclass
class VisionData:
    statement: str
    target_year: int | None
    pmo_type: str
    scope: str
    success: list[str]
    services: list[str]
    findings: list[dict]  # {"title", "illustrative"}


@dataclass
class InitiativeData:
    number: int
    title: str
    description: str
    owner: str
    start: str
    end: str
    start_quarter: int | None
    end_quarter: int | None
    band: str
    band_label: str
    gaps: list[str]
    depends_on: list[str]
    kpis: list[str]


@dataclass
class ServiceRow:
    name: str
    today: bool
    future: bool
    change: str  # kept | new | dropped
    change_label: str


@dataclass
class WarningData:
    """A traceability warning of the strategy page (strategy.selectors.warnings)."""

    message: str
    problem: bool  # contradictory rather than missing


@dataclass
class GoalData:
    title: str
    description: str
    kpis: list[str]


@dataclass
class KpiData:
    name: str
    unit: str
    baseline_value: str
    target_value: str
    frequency: str
    goal: str
    initiative: str


@dataclass
class PathStepData:
    label: str
    description: str
    role: str


@dataclass
class PackData:
    company: str
    sector: str
    team: str
    workshop: str
    workshop_date: str  # ISO date
    venue: str
    language: str
    horizon_year: int
    framework: str
    summary: str
    mission: str
    principles: list[str]
    services_note: str
    dimensions: list[DimensionRow]  # framework order
    priority_order: list[str]  # dimension names, highest priority and largest gap first
    references: list[ReferenceRow]
    baseline: BaselineData | None
    vision: VisionData | None
    initiatives: list[InitiativeData]
    services: list[ServiceRow]
    goals: list[GoalData]
    kpis: list[KpiData]
    warnings: list[WarningData]
    outcome: str
    path: list[PathStepData]
    map_version: int

    def as_json_data(self) -> dict:
        return asdict(self)  # fields only: not the snapshot gather() attaches


def _decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def _is_demo_finding(finding) -> bool:
    from vision.briefing import demo_findings
    from workshop.i18n import LANGUAGE_CODES

    demo_titles = {item["title"] for code in LANGUAGE_CODES for item in demo_findings(code)}
    text = finding.text.lower()
    return finding.title in demo_titles and any(mark in text for mark in ILLUSTRATIVE_MARKS)


def gather(company: Company, language: str | None = None) -> PackData:
    """Reads one company's pack, worded in `language` (by default the workshop's).
    The company should be active; the caller checks."""
    language = language or company.team.workshop.language
    with translation.override(language):
        data = _gather(company)
    data.language = language
    return data


def _gather(company: Company) -> PackData:
    """Reads one company's pack. The company should be active; the caller checks.

    Gap rows, their order, the services table and the warnings come from the strategy
    page's own selectors, so the pack prints what the team saw. The snapshot they
    share rides along as `data.snapshot` (not part of the hashed data).
    """
    snap = selectors.snapshot(company)
    company = snap.company
    team = company.team
    workshop = Workshop.objects.select_related("outcome").get(pk=team.workshop_id)
    framework = Framework.objects.filter(workshop=workshop).first()
    baseline = company.primary_baseline()
    assessments = (
        {a.dimension_id: a for a in Assessment.objects.filter(baseline=baseline)}
        if baseline
        else {}
    )
    vision = Vision.objects.filter(company=company).prefetch_related("services", "findings").first()
    strategy = Strategy.objects.filter(company=company).first()

    rows = []
    for row in selectors.by_priority(selectors.gap_rows(snap)):  # the gap table's order
        d = row.dimension
        assessment = assessments.get(d.pk)
        rows.append(
            DimensionRow(
                name=d.name,
                label=d.label,
                description=d.description,
                position=row.framework_rank,
                today=row.today,
                today_name=row.today_name,
                today_descriptor=d.descriptor(row.today) if row.today else "",
                evidence=assessment.evidence if assessment else "",
                target=row.target,
                target_name=row.target_name,
                priority=row.priority,
                priority_label=row.priority_label,
                note=row.gap.note if row.gap else "",
                initiatives=[i.title for i in row.initiatives],
            )
        )
    priority_order = [r.name for r in rows]
    rows.sort(key=lambda r: r.position)  # framework order, for the baseline and the charts

    kpis_of_goal: dict[int, list[str]] = {}
    for k in snap.kpis:
        if k.goal_id:
            kpis_of_goal.setdefault(k.goal_id, []).append(k.name)
    initiative_ids = {i.pk for i in snap.initiatives}
    goal_ids = {g.pk for g in snap.goals}

    data = PackData(
        company=company.name,
        sector=company.sector,
        team=team.name,
        workshop=workshop.title,
        workshop_date=workshop.date.isoformat(),
        venue=workshop.venue,
        language=workshop.language,
        horizon_year=workshop.horizon_year,
        framework=framework.name if framework else "",
        summary=strategy.summary if strategy else "",
        mission=strategy.mission if strategy else "",
        principles=strategy.principle_lines if strategy else [],
        services_note=strategy.services_note if strategy else "",
        dimensions=rows,
        priority_order=priority_order,
        references=_references(workshop, snap.dimensions),
        baseline=_baseline(baseline),
        vision=_vision(vision),
        initiatives=[
            InitiativeData(
                number=i.number,
                title=i.title,
                description=i.description,
                owner=i.owner,
                start=i.start_label,
                end=i.end_label,
                start_quarter=i.start_quarter,
                end_quarter=i.end_quarter,
                band=i.band,
                band_label=str(Band(i.band).label) if i.band else "",
                gaps=[g.dimension.label for g in i.gaps.all()],
                depends_on=[d.title for d in i.depends_on.all()],
                kpis=[k.name for k in i.kpis.all()],
            )
            for i in snap.initiatives
        ],
        services=[
            ServiceRow(
                name=c.service.name,
                today=c.today,
                future=c.future,
                change=c.change,
                change_label=c.change_label,
            )
            for c in selectors.services_table(company)
        ],
        goals=[
            GoalData(title=g.title, description=g.description, kpis=kpis_of_goal.get(g.pk, []))
            for g in snap.goals
        ],
        kpis=[
            KpiData(
                name=k.name,
                unit=k.unit,
                baseline_value=_decimal(k.baseline_value),
                target_value=_decimal(k.target_value),
                frequency=k.get_frequency_display() if k.frequency else "",
                goal=k.goal.title if k.goal_id in goal_ids else "",
                initiative=k.initiative.title if k.initiative_id in initiative_ids else "",
            )
            for k in snap.kpis
        ],
        warnings=[
            WarningData(message=w.message, problem=w.is_problem) for w in selectors.warnings(snap)
        ],
        outcome=workshop.outcome.label if workshop.outcome else "",
        path=[
            PathStepData(label=s.factor.label, description=s.factor.description, role=s.role_text)
            for s in path_steps(workshop)
        ],
        map_version=workshop.map_version,
    )
    data.snapshot = snap
    return data


def _references(workshop, dimensions: list[Dimension]) -> list[ReferenceRow]:
    rows = []
    for reference in ReferenceSet.objects.filter(workshop=workshop, shown=True).prefetch_related(
        "values"
    ):
        means = {v.dimension_id: float(v.mean) for v in reference.values.all()}
        rows.append(
            ReferenceRow(
                name=reference.name,
                source=reference.source,
                illustrative=reference.illustrative,
                means=[means.get(d.pk) for d in dimensions],
            )
        )
    return rows


def _baseline(baseline) -> BaselineData | None:
    if baseline is None:
        return None
    return BaselineData(
        label=baseline.label,
        pmo_type=str(PmoType(baseline.pmo_type).label) if baseline.pmo_type else "",
        scope=str(PmoScope(baseline.scope).label) if baseline.scope else "",
        size=baseline.size,
        sponsor=baseline.sponsor,
        strengths=baseline.strengths,
        pain_points=baseline.pain_points,
        services=list(baseline.services.values_list("name", flat=True)),
    )


def _vision(vision) -> VisionData | None:
    if vision is None:
        return None
    return VisionData(
        statement=vision.statement,
        target_year=vision.target_year,
        pmo_type=str(PmoType(vision.pmo_type).label) if vision.pmo_type else "",
        scope=str(PmoScope(vision.scope).label) if vision.scope else "",
        success=vision.success_statements,
        services=[s.name for s in vision.services.all()],
        findings=[
            {"title": f.title, "illustrative": _is_demo_finding(f)}
            for f in sorted(vision.findings.all(), key=lambda f: (f.position, f.pk))
        ],
    )
