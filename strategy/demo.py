"""An illustrative strategy for the demo company (seed_demo).

Made up for this project: no real company, no survey figures. KPI values are the
demo company's own (invented) starting points and targets, not benchmarks.
"""

from decimal import Decimal

from django.db import transaction

from teams.models import Company, Service
from vision.models import Target
from vision.services import ensure_vision

from .demo_sv import TEXTS as SWEDISH
from .models import Gap, Goal, Initiative, Kpi, quarter_index
from .services import ensure_strategy


def demo_text(text: str, language: str) -> str:
    """A demo text in the workshop's language (the Swedish ones are in demo_sv.py)."""
    return SWEDISH.get(text, text) if language == "sv" else text


# Vision target per dimension key of the default framework (today's demo levels are
# 2, 2, 1, 3, 2, 1, 2, 2): every dimension but tools moves up.
TARGETS = {
    "governance": 4,
    "methods": 3,
    "people": 3,
    "tools": 3,
    "reporting": 4,
    "benefits": 3,
    "stakeholders": 3,
    "resources": 3,
}
PRIORITIES = {"governance": 1, "reporting": 1, "benefits": 1, "people": 2, "resources": 2}

TARGET_SERVICES = [
    "Project and portfolio reporting",
    "Portfolio prioritisation",
    "Methods and templates",
    "Benefits tracking",
    "Resource capacity planning",
    "Training and coaching",
]

SUMMARY = (
    "Illustrative demo strategy. Over three years the PMO moves from reporting on "
    "projects to helping the executive team choose and follow its investments. First a "
    "portfolio board with one view of all investments; then benefits owners for every "
    "project and a career ladder for PMO staff; finally capacity planning across the "
    "portfolio."
)
MISSION = (
    "We help the group invest in the right change and see it through: one portfolio "
    "view, clear decisions, benefits that are followed up."
)
PRINCIPLES = (
    "Decisions first: we report what a decision needs, nothing more.\n"
    "One portfolio view, shared by finance, business and IT.\n"
    "Benefits have an owner before money is spent.\n"
    "We grow project professionals, not only processes."
)
SERVICES_NOTE = (
    "Reporting and prioritisation stay and move up to the executive team. Benefits "
    "tracking starts in 2028 with the benefits owners; capacity planning follows once "
    "the portfolio board works."
)

INITIATIVES = [
    {
        "title": "Portfolio board and one investment view",
        "description": "A monthly portfolio board chaired by the CFO decides on every "
        "investment above the threshold, from one shared list.",
        "owner": "CFO and head of PMO",
        "start": (2027, 1),
        "end": (2027, 3),
        "band": "M",
        "gaps": ["governance", "reporting"],
        "depends_on": [],
    },
    {
        "title": "Benefits owners for every project",
        "description": "Each project names a benefits owner in the business; benefits are "
        "followed up for a year after closing.",
        "owner": "Head of PMO",
        "start": (2027, 4),
        "end": (2028, 3),
        "band": "L",
        "gaps": ["benefits"],
        "depends_on": [0],
    },
    {
        "title": "PMO career ladder and competence programme",
        "description": "Roles from PMO analyst to PMO director, with the competences and "
        "the education steps for each.",
        "owner": "HR business partner",
        "start": (2027, 2),
        "end": (2028, 2),
        "band": "L",
        "gaps": ["people"],
        "depends_on": [],
    },
    {
        "title": "Capacity and demand planning across the portfolio",
        "description": "One rolling plan of people and money for all investments, "
        "reviewed by the portfolio board every quarter.",
        "owner": "Portfolio manager",
        "start": (2028, 4),
        "end": (2029, 3),
        "band": "XL",
        "gaps": ["resources", "methods"],
        "depends_on": [0, 2],
    },
]

GOALS = [
    (
        "Investment decisions use one portfolio view",
        "Every investment above the threshold is decided in the portfolio board.",
    ),
    (
        "Projects deliver the benefits they promised",
        "Benefits are owned, measured and reported after projects close.",
    ),
]

# name, unit, today, target, frequency, goal index, initiative index
KPIS = [
    ("Investment decisions taken in the portfolio board", "%", "20", "90", "quarterly", 0, 0),
    ("Projects with a named benefits owner", "%", "30", "100", "quarterly", 1, 1),
    ("PMO staff with a development plan", "%", "0", "80", "half_yearly", None, 2),
    ("Accuracy of the quarterly capacity forecast", "%", "50", "80", "quarterly", None, 3),
]


@transaction.atomic
def seed_demo_strategy(company: Company) -> None:
    """Targets on the vision, and a strategy with initiatives, goals and KPIs. Does
    nothing if the company already has initiatives."""
    if Initiative.objects.filter(company=company).exists():
        return
    language = company.team.workshop.language

    def t(text: str) -> str:
        return demo_text(text, language)

    # Saved row by row (not .update()) so history holds what the demo wrote.
    vision = ensure_vision(company)
    for target in Target.objects.filter(vision=vision, dimension__key__in=TARGETS):
        target.level = TARGETS[target.dimension.key]
        target.save()
    vision.services.add(
        *Service.objects.filter(
            workshop_id=company.team.workshop_id, name__in=[t(s) for s in TARGET_SERVICES]
        )
    )

    strategy = ensure_strategy(company)
    strategy.summary, strategy.mission = t(SUMMARY), t(MISSION)
    strategy.principles, strategy.services_note = t(PRINCIPLES), t(SERVICES_NOTE)
    strategy.save()
    gaps = {
        g.dimension.key: g for g in Gap.objects.filter(company=company).select_related("dimension")
    }
    for key, priority in PRIORITIES.items():
        if key in gaps:
            gaps[key].priority = priority
            gaps[key].save()

    created = []
    for position, spec in enumerate(INITIATIVES):
        initiative = Initiative.objects.create(
            company=company,
            title=t(spec["title"]),
            description=t(spec["description"]),
            owner=t(spec["owner"]),
            start_quarter=quarter_index(*spec["start"]),
            end_quarter=quarter_index(*spec["end"]),
            band=spec["band"],
            position=position,
        )
        initiative.gaps.set([gaps[key] for key in spec["gaps"] if key in gaps])
        initiative.depends_on.set([created[i] for i in spec["depends_on"]])
        created.append(initiative)

    goals = [
        Goal.objects.create(company=company, title=t(title), description=t(text), position=n)
        for n, (title, text) in enumerate(GOALS)
    ]
    for n, (name, unit, today, target, frequency, goal, initiative) in enumerate(KPIS):
        Kpi.objects.create(
            company=company,
            name=t(name),
            unit=unit,
            baseline_value=Decimal(today),
            target_value=Decimal(target),
            frequency=frequency,
            goal=goals[goal] if goal is not None else None,
            initiative=created[initiative],
            position=n,
        )
