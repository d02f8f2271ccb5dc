from pathlib import Path

import pytest
from django.conf import settings

from workshop.access import remember_participant

from .factories import PASSWORD, ParticipantFactory, TeamFactory, UserFactory, WorkshopFactory

Path(settings.BASE_DIR, "var").mkdir(exist_ok=True)


@pytest.fixture
def facilitator(db):
    return UserFactory()


@pytest.fixture
def workshop(facilitator):
    return WorkshopFactory(created_by=facilitator)


@pytest.fixture
def team_a(workshop):
    return TeamFactory(workshop=workshop, name="Team A")


@pytest.fixture
def team_b(workshop):
    return TeamFactory(workshop=workshop, name="Team B")


@pytest.fixture
def facilitator_client(client, facilitator):
    client.login(username=facilitator.username, password=PASSWORD)
    return client


def attendee_client_for(client, participant):
    """A Django test client whose session is this participant's browser."""
    session = client.session
    remember_participant(session, participant)
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def anna(team_a):
    return ParticipantFactory(team=team_a, display_name="Anna")


@pytest.fixture
def bo(team_b):
    return ParticipantFactory(team=team_b, display_name="Bo")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: each test starts with a clean slate."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


__all__ = ["PASSWORD", "attendee_client_for"]
