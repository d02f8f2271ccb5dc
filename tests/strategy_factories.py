"""Factories for Part 3: gaps, initiatives, goals, KPIs."""

import factory

from strategy.models import Gap, Goal, Initiative, Kpi, Strategy, quarter_index

from .part2_factories import CompanyFactory, DimensionFactory


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    company = factory.SubFactory(CompanyFactory)


class GapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gap

    company = factory.SubFactory(CompanyFactory)
    dimension = factory.SubFactory(DimensionFactory)
    priority = Gap.Priority.HIGH


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Initiative {n}")
    owner = "Head of PMO"
    start_quarter = quarter_index(2027, 1)
    end_quarter = quarter_index(2027, 4)
    band = "M"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"KPI {n}")
    unit = "%"
    baseline_value = "40.00"
    target_value = "80.00"
    frequency = Kpi.Frequency.QUARTERLY
