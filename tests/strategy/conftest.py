import pytest

from ..factories import UserFactory


@pytest.fixture
def organiser(workshop):
    user = UserFactory()
    workshop.organisers.add(user)
    return user
