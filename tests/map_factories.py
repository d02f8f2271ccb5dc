import factory

from tests.factories import TeamFactory, WorkshopFactory
from workshop.models import CausalLink, Factor, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Topic {n}")


class FactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Factor

    workshop = factory.SubFactory(WorkshopFactory)
    label = factory.Sequence(lambda n: f"Factor {n}")
    kind = Factor.Kind.ENABLER


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CausalLink

    workshop = factory.SubFactory(WorkshopFactory)
    cause = factory.SubFactory(FactorFactory, workshop=factory.SelfAttribute("..workshop"))
    effect = factory.SubFactory(FactorFactory, workshop=factory.SelfAttribute("..workshop"))
    polarity = 1
    strength = 2
    status = CausalLink.Status.ACCEPTED


__all__ = ["FactorFactory", "LinkFactory", "TeamFactory", "TopicFactory"]
