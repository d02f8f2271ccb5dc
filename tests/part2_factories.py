"""Factories for Part 2: frameworks, companies, baselines, visions, findings."""

import factory

from teams.models import (
    Assessment,
    Baseline,
    Company,
    Dimension,
    Framework,
    ReferenceSet,
    ReferenceValue,
    Service,
)
from vision.models import Finding, Target, Vision

from .factories import TeamFactory, WorkshopFactory


def framework_for(workshop, n: int = 4):
    """The workshop's framework, with `n` dimensions d1…dn when it has none yet."""
    framework, _ = Framework.objects.get_or_create(
        workshop=workshop, defaults={"name": "Test framework"}
    )
    if not framework.dimensions.exists():
        for i in range(1, n + 1):
            DimensionFactory(framework=framework, key=f"d{i}", name=f"Dimension {i}", position=i)
    return framework


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    framework = factory.LazyFunction(lambda: framework_for(WorkshopFactory(), n=0))
    key = factory.Sequence(lambda n: f"dim-{n}")
    name = factory.Sequence(lambda n: f"Dimension {n}")
    position = factory.Sequence(lambda n: n)
    level_1 = "Ad hoc; depends on individuals."
    level_2 = "Some practices repeat across projects."
    level_3 = "A defined way of working everyone uses."
    level_4 = "Measured and managed with data."
    level_5 = "Continuously improved and benchmarked."


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Company {n} AB")


class BaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Baseline

    company = factory.SubFactory(CompanyFactory)
    label = "Whole company"
    is_primary = True


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    baseline = factory.SubFactory(BaselineFactory)
    dimension = factory.SubFactory(DimensionFactory)
    level = 2


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    workshop = factory.SubFactory(WorkshopFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Finding {n}")
    text = "What the Vision 2030 work found, in a few sentences."


class VisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vision

    company = factory.SubFactory(CompanyFactory)
    statement = ""


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    vision = factory.SubFactory(VisionFactory)
    dimension = factory.SubFactory(DimensionFactory)
    level = 4


class ReferenceSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceSet

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Reference {n}")


class ReferenceValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceValue

    reference_set = factory.SubFactory(ReferenceSetFactory)
    dimension = factory.SubFactory(DimensionFactory)
    mean = "3.00"
    spread = "0.80"
