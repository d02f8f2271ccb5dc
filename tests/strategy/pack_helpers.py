"""A company with every section of its strategy pack filled in, for the pack's tests
and for benchmarks/pack_render.py. Illustrative content, written for this project."""

import random

from strategy.models import Gap, Goal, Initiative, Kpi, Strategy, quarter_index
from teams import companies
from teams.models import Assessment, Company, Service, Team
from vision.models import Finding, Target
from vision.services import ensure_vision
from workshop.editing import Author
from workshop.models import PathStep

INITIATIVES = [
    ("Portfolio board with one intake", "A monthly board decides on every new investment."),
    ("PMO competence ladder", "Roles from PMO analyst to PMO director, with training."),
    ("Benefits tracking after close", "Owners report benefits for two years after delivery."),
    ("One portfolio tool", "Replace spreadsheets with one shared tool and data model."),
    ("Stakeholder forum", "Quarterly forum with business units on priorities."),
    ("Capacity planning", "Quarterly capacity plan for scarce roles."),
]
GOALS = [
    ("Fewer, better investments", "Stop low-value projects early."),
    ("A recognised PMO career", "People choose the PMO as a career."),
    ("Visible benefits", "Benefits are known before and after delivery."),
]
KPIS = [
    ("Projects stopped at gate 2", "%", "5", "20", Kpi.Frequency.QUARTERLY),
    ("Benefits realised vs plan", "%", "40", "85", Kpi.Frequency.HALF_YEARLY),
    ("PMO staff with a career plan", "people", "0", "12", Kpi.Frequency.YEARLY),
    ("Decisions made on one portfolio view", "%", "30", "100", Kpi.Frequency.MONTHLY),
]


def fill_pack(company: Company, *, seed: int = 0, year: int = 2026) -> Company:
    """Baseline, vision, strategy texts, gap priorities, initiatives (with quarters,
    gaps and dependencies), goals and KPIs for `company`."""
    rng = random.Random(seed)
    workshop = company.team.workshop
    baseline = company.primary_baseline()
    baseline.pmo_type, baseline.scope = "controlling", "portfolio"
    baseline.size, baseline.sponsor = "5 people, 2 of them part time", "CFO"
    baseline.strengths = "Monthly portfolio report everyone reads.\nStrong sponsor in the CFO."
    baseline.pain_points = "Too many projects started, too few finished."
    baseline.save()
    services = list(Service.objects.filter(workshop=workshop))
    baseline.services.set(services[:4])
    assessments = list(Assessment.objects.filter(baseline=baseline).select_related("dimension"))
    for a in assessments:
        a.level = rng.randint(1, 3)
        a.evidence = f"Interviews with three {a.dimension.name.lower()} leads; one workshop."
        a.save()

    vision = ensure_vision(company)
    vision.statement = (
        f"By {year + 3} the PMO of {company.name} is the strategy-execution office: it helps "
        "the executive team choose fewer, better investments and shows what they deliver."
    )
    vision.pmo_type, vision.scope, vision.target_year = "directive", "enterprise", year + 3
    vision.success = (
        "Every investment decision uses one portfolio view.\n"
        "Benefits are tracked after projects close.\n"
        "Project managers have a career path up to PMO director."
    )
    vision.save()
    vision.services.set(services[2:7])
    vision.findings.set(Finding.objects.filter(workshop=workshop)[:2])
    levels = {a.dimension_id: a.level for a in assessments}
    for target in Target.objects.filter(vision=vision):
        target.level = min(5, levels[target.dimension_id] + rng.randint(0, 2))
        target.save()

    Strategy.objects.update_or_create(
        company=company,
        defaults={
            "summary": (
                f"{company.name} runs more projects than it can finish. Over the next three "
                "years the PMO moves from reporting to steering the portfolio.\n"
                "Six initiatives close the largest gaps; four KPIs show the progress."
            ),
            "mission": "We help leadership turn strategy into a funded, sequenced portfolio.",
            "principles": "Fewer projects, finished\nOne portfolio view\nBenefits over activity",
            "services_note": "Reporting becomes self-service; the PMO's time goes to steering.",
        },
    )
    gaps = []
    for position, a in enumerate(assessments):
        gaps.append(
            Gap.objects.create(
                company=company,
                dimension=a.dimension,
                priority=[1, 2, 3][position % 3],
                note="Agreed with the sponsor." if position == 0 else "",
            )
        )
    initiatives = []
    for n, (title, description) in enumerate(INITIATIVES):
        start = quarter_index(year, 1) + n
        initiative = Initiative.objects.create(
            company=company,
            title=title,
            description=description,
            owner=["Head of PMO", "CFO", "HR business partner"][n % 3],
            start_quarter=start,
            end_quarter=start + rng.randint(1, 4),
            band=["S", "M", "L", "XL"][n % 4],
            position=n,
        )
        initiative.gaps.set([gaps[n % len(gaps)], gaps[(n + 3) % len(gaps)]])
        if initiatives:
            initiative.depends_on.set([initiatives[-1]])
        initiatives.append(initiative)
    goals = [
        Goal.objects.create(company=company, title=title, description=text, position=n)
        for n, (title, text) in enumerate(GOALS)
    ]
    for n, (name, unit, base, target, frequency) in enumerate(KPIS):
        Kpi.objects.create(
            company=company,
            name=name,
            unit=unit,
            baseline_value=base,
            target_value=target,
            frequency=frequency,
            goal=goals[n % len(goals)],
            initiative=initiatives[n % len(initiatives)],
            position=n,
        )
    return company


def full_company(team: Team, name: str, *, seed: int = 0) -> Company:
    company = companies.create_company(team, name, Author(user=None))
    return fill_pack(company, seed=seed)


ROLES = [
    "Share our competence ladder with the community of practice.",
    "Sponsor two PMO staff for certification this year.",
]


def fill_room_path(workshop) -> None:
    """The room's path to a profession proposed from its map, with a role for the
    first steps (the workshop needs an outcome and accepted links)."""
    from workshop.map_services import propose_path

    if workshop.outcome_id is None:
        return
    for step, role in zip(propose_path(workshop), ROLES, strict=False):
        PathStep.objects.filter(pk=step.pk).update(role_text=role)
