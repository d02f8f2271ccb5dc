"""Factories for career planning: a plan, its education steps and milestones."""

import datetime

import factory

from teams import career
from teams.models import CareerMilestone, CareerPlan, CompetenceRating, EducationStep

from .factories import ParticipantFactory


class CareerPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerPlan

    participant = factory.SubFactory(ParticipantFactory)


class EducationStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationStep

    plan = factory.SubFactory(CareerPlanFactory)
    kind = EducationStep.Kind.CERTIFICATION
    title = factory.Sequence(lambda n: f"Certification {n}")
    provider = "Training provider"
    target_date = datetime.date(2026, 9, 1)
    position = factory.Sequence(lambda n: n)


class CareerMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerMilestone

    plan = factory.SubFactory(CareerPlanFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    target_date = datetime.date(2027, 3, 1)
    position = factory.Sequence(lambda n: n)


class CompetenceRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceRating

    plan = factory.SubFactory(CareerPlanFactory)
    competence = "portfolio_prioritisation"
    current = 2
    target = 4


def filled_plan(participant, *, steps: int = 3, milestones: int = 3) -> CareerPlan:
    """A plan as an attendee would fill it, through the services (history and versions)."""
    plan = CareerPlan.objects.filter(participant=participant).first()
    plan = plan or CareerPlanFactory(participant=participant)
    plan = career.update_plan(
        plan,
        {
            "current_role": "pmo_specialist",
            "target_role": "head_of_pmo",
            "target_year": datetime.date.today().year + 3,
            "statement": "Run the portfolio office of a listed company and coach new PMO leads.",
            "notes": "Ask Maria about the MSc programme.",
        },
        plan.version,
    )
    for index, key in enumerate(
        ["portfolio_prioritisation", "benefits_realisation", "data_reporting"]
    ):
        career.rate_competence(plan, key, {"current": 2, "target": 3 + index % 3, "note": ""}, 0)
    for index in range(steps):
        career.add_step(
            plan,
            {
                "kind": ["certification", "msc", "course", "dba"][index % 4],
                "title": f"Portfolio management step {index + 1}",
                "provider": "Example University",
                "target_date": datetime.date(2026 + index // 12, index % 12 + 1, 1),
                "status": ["planned", "in_progress", "done"][index % 3],
            },
        )
    for index in range(milestones):
        career.add_milestone(
            plan,
            {
                "title": f"Milestone number {index + 1}",
                "target_date": datetime.date(2027, index % 12 + 1, 1),
                "done": index == 0,
            },
        )
    return CareerPlan.objects.get(pk=plan.pk)


def remove_a_step_and_a_milestone(plan: CareerPlan):
    """Adds one education step and one milestone and removes both (they can be restored);
    returns (removed step, removed milestone)."""
    step = career.add_step(
        plan,
        {
            "kind": "course",
            "title": "Removed course",
            "provider": "",
            "target_date": None,
            "status": "planned",
        },
    )
    career.remove_step(step)
    milestone = career.add_milestone(
        plan, {"title": "Removed milestone", "target_date": None, "done": False}
    )
    career.remove_milestone(milestone)
    return step, milestone
