"""A company ready for Part 3, for the strategy workspace tests: levels on the primary
baseline, targets on the vision, the strategy with one gap row per dimension."""

from django.urls import reverse

from strategy.models import Gap
from strategy.services import ensure_strategy
from teams import companies
from teams.models import Assessment, Company
from vision.models import Target
from vision.services import ensure_vision
from workshop.editing import Author

from ..part2_factories import framework_for


def dimensions(workshop) -> list:
    return list(framework_for(workshop).dimensions.all())


def ready_company(team, participant, name="Acme AB", *, levels=(), targets=()) -> Company:
    """`levels` and `targets` run in framework order; missing ones stay unset."""
    company = companies.create_company(team, name, Author(participant=participant))
    dims = dimensions(team.workshop)
    baseline = company.primary_baseline()
    for dimension, level in zip(dims, levels, strict=False):
        Assessment.objects.filter(baseline=baseline, dimension=dimension).update(level=level)
    vision = ensure_vision(company)
    for dimension, level in zip(dims, targets, strict=False):
        Target.objects.filter(vision=vision, dimension=dimension).update(level=level)
    ensure_strategy(company)
    return company


def gap_of(company, dimension) -> Gap:
    return Gap.objects.get(company=company, dimension=dimension)


def edit_url(kind, row, field, team) -> str:
    return reverse("teams:edit", args=[team.workshop_id, team.pk, kind, row.pk, field])


def page_args(company) -> list:
    return [company.team.workshop_id, company.team_id, company.pk]
