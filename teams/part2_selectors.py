"""Reads for companies and baselines: the workspace list, the baseline editor,
the projector's progress board. Pages and pushes draw from the same functions."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from . import editables
from .models import Assessment, Baseline, Company, Dimension, Service, Team


def dimensions_of(workshop_id: int) -> list[Dimension]:
    return list(Dimension.objects.filter(framework__workshop_id=workshop_id))


@dataclass
class CompanyProgress:
    company: Company
    levels: int  # dimensions of the primary baseline with a level
    dimensions: int
    vision_written: bool
    targets: int  # dimensions the vision sets a target level for

    @property
    def baseline_complete(self) -> bool:
        return self.dimensions > 0 and self.levels >= self.dimensions

    @property
    def percent(self) -> int:
        return round(100 * self.levels / self.dimensions) if self.dimensions else 0


def company_progress(companies, workshop_id: int) -> list[CompanyProgress]:
    """Progress of each company, in three queries whatever the number of companies."""
    from vision.models import Vision  # vision builds on teams

    dimension_count = Dimension.objects.filter(framework__workshop_id=workshop_id).count()
    companies = companies.annotate(
        level_count=Count(
            "baselines__assessments",
            filter=Q(
                baselines__is_primary=True,
                baselines__removed_at__isnull=True,
                baselines__assessments__level__isnull=False,
            ),
        )
    ).select_related("team")
    visions = {
        v.company_id: v
        for v in Vision.objects.filter(company__in=[c.pk for c in companies]).annotate(
            target_count=Count("targets", filter=Q(targets__level__isnull=False))
        )
    }
    result = []
    for company in companies:
        vision = visions.get(company.pk)
        result.append(
            CompanyProgress(
                company=company,
                levels=company.level_count,
                dimensions=dimension_count,
                vision_written=bool(vision and vision.is_written),
                targets=vision.target_count if vision else 0,
            )
        )
    return result


def team_companies(team: Team) -> dict:
    """The workspace's company list: progress, links, the add form, removed ones to undo."""
    active = Company.objects.active().filter(team=team)
    return {
        "team": team,
        "workshop": team.workshop,
        "companies": company_progress(active, team.workshop_id),
        "removed_companies": list(
            Company.objects.filter(team=team, removed_at__isnull=False).order_by("-removed_at")[:5]
        ),
    }


def progress(workshop) -> dict:
    """The projector's progress board: every team's companies (names, not levels)."""
    companies = Company.objects.active().filter(team__workshop=workshop)
    by_team: dict[int, list[CompanyProgress]] = {}
    for item in company_progress(companies, workshop.pk):
        by_team.setdefault(item.company.team_id, []).append(item)
    teams = list(workshop.teams.all())
    rows = [(team, by_team.get(team.pk, [])) for team in teams]
    total = sum(len(items) for _, items in rows)
    return {
        "workshop": workshop,
        "progress_rows": rows,
        "progress_total": total,
        "progress_baselines_done": sum(
            1 for _, items in rows for item in items if item.baseline_complete
        ),
        "progress_visions_done": sum(
            1 for _, items in rows for item in items if item.vision_written
        ),
    }


def company_header(company: Company) -> dict:
    return {"company": company, "team": company.team, "workshop": company.team.workshop}


def baseline_tabs(company: Company, current: Baseline | None = None) -> dict:
    return {
        "company": company,
        "team": company.team,
        "workshop": company.team.workshop,
        "baselines": list(company.baselines.active()),
        "removed_baselines": list(company.baselines.filter(removed_at__isnull=False)),
        "current_baseline": current,
    }


def baseline_radar(baseline: Baseline, *, size: int = 380) -> str:
    from workshop import live

    from .radar import Series, radar_svg

    assessments = live.read_once(
        ("radar_assessments", baseline.pk),
        lambda: list(baseline.assessments.select_related("dimension")),
    )
    return radar_svg(
        [a.dimension.label for a in assessments],
        [Series(baseline.label, [a.level for a in assessments], style="primary")],
        size=size,
        title=_("Maturity profile of %(company)s — %(baseline)s")
        % {"company": baseline.company.name, "baseline": baseline.label},
    )


def baseline_completion(baseline: Baseline) -> dict:
    assessments = list(baseline.assessments.all())
    done = sum(1 for a in assessments if a.level is not None)
    return {
        "baseline": baseline,
        "done": done,
        "total": len(assessments),
        "percent": round(100 * done / len(assessments)) if assessments else 0,
    }


def baseline_services(baseline: Baseline) -> dict:
    chosen = set(baseline.services.values_list("pk", flat=True))
    return {
        "baseline": baseline,
        "team": baseline.company.team,
        "workshop": baseline.company.team.workshop,
        "services": [
            (service, service.pk in chosen)
            for service in Service.objects.filter(workshop_id=baseline.company.team.workshop_id)
        ],
        "readonly": _locked(baseline),
    }


def _locked(baseline: Baseline) -> bool:
    phase = baseline.company.team.workshop.current_phase
    return bool(phase and phase.locked)


@dataclass
class DimensionRow:
    dimension: Dimension
    level: editables.LiveChoice
    evidence: object


BASELINE_PROFILE_FIELDS = ("size", "sponsor", "strengths", "pain_points")


def fresh_baseline(pk: int) -> Baseline:
    return (
        Baseline.objects.select_related("company__team__workshop__current_phase")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("dimension"),
            )
        )
        .get(pk=pk)
    )


def baseline_page(baseline: Baseline) -> dict:
    company = baseline.company
    rows = [
        DimensionRow(
            dimension=a.dimension,
            level=editables.live_choice("assessment", a, "level"),
            evidence=editables.live_field("assessment", a, "evidence"),
        )
        for a in baseline.assessments.all()
    ]
    return {
        **baseline_tabs(company, baseline),
        **baseline_completion(baseline),
        **baseline_services(baseline),
        "rows": rows,
        "radar_svg": baseline_radar(baseline),
        "pmo_type": editables.live_choice("baseline", baseline, "pmo_type"),
        "pmo_scope": editables.live_choice("baseline", baseline, "scope"),
        "profile_fields": [
            editables.live_field("baseline", baseline, name) for name in BASELINE_PROFILE_FIELDS
        ],
        "label_field": editables.live_field("baseline", baseline, "label"),
        "company_fields": [
            editables.live_field("company", company, name) for name in ("name", "sector")
        ],
    }


def baseline_fragments(baseline: Baseline) -> list[tuple[str, dict]]:
    """Everything live on the baseline page: a reconnecting screen gets all of it."""
    baseline = fresh_baseline(baseline.pk)
    page = baseline_page(baseline)
    parts: list[tuple[str, dict]] = [
        ("teams/_company.html#company-header", company_header(baseline.company)),
        ("teams/company_baseline.html#baseline-tabs", page),
        ("teams/company_baseline.html#baseline-completion", page),
        ("teams/company_baseline.html#baseline-radar", page),
        ("teams/company_baseline.html#baseline-services", page),
        ("live/choice.html", {"c": page["pmo_type"]}),
        ("live/choice.html", {"c": page["pmo_scope"]}),
    ]
    for row in page["rows"]:
        parts.append(("live/choice.html", {"c": row.level}))
        parts.append(("live/field.html", {"f": row.evidence}))
    for f in [*page["profile_fields"], page["label_field"], *page["company_fields"]]:
        parts.append(("live/field.html", {"f": f}))
    return parts
