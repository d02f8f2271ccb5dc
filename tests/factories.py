import datetime

import factory
from django.contrib.auth import get_user_model

from teams.models import Participant, Team
from workshop import services
from workshop.models import Workshop

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"facilitator{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WorkshopFactory(factory.Factory):
    """Built through the service, so a workshop has its default agenda like in real use."""

    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"PMO workshop {n}")
    date = factory.LazyFunction(lambda: datetime.date.today())
    created_by = factory.SubFactory(UserFactory)
    team_choice = Workshop.TeamChoice.CHOOSE

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.create_workshop(**kwargs)

    _build = _create


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    team = factory.SubFactory(TeamFactory)
    workshop = factory.LazyAttribute(lambda p: p.team.workshop)
    display_name = factory.Sequence(lambda n: f"Attendee {n}")
