"""Attendees join with a code, a name and a team; a browser stays that participant."""

import datetime
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_ratelimit.core import _get_window, _split_rate

from teams import services as team_services
from teams.models import Participant
from workshop.models import Workshop

from ..conftest import attendee_client_for, errors_beside
from ..factories import TeamFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

THROTTLED = "Too many attempts"
WRONG_CODE = "ABCD-EFGH"


@pytest.fixture
def steady_ip():
    """A client address whose rate-limit window does not roll over during the test.

    django-ratelimit counts per fixed window whose edge depends on the address;
    picking one with at least 20 s left keeps a burst of attempts in one window.
    """
    _, period = _split_rate(settings.JOIN_RATE)
    for n in range(1, 255):
        address = f"10.0.0.{n}"
        if _get_window(address, period) - time.time() >= min(20, period / 2):
            return address
    raise AssertionError("no address with a steady rate-limit window")


def join_url(workshop) -> str:
    return reverse("join_code", args=[workshop.code])


def enter_code(client, code, **extra):
    return client.post(reverse("join"), {"code": code}, **extra)


def join_as(client, workshop, name, team=None, **extra):
    data = {"display_name": name}
    if team is not None:
        data["team"] = team.pk
    return client.post(join_url(workshop), data, **extra)


def join_limit() -> int:
    return int(settings.JOIN_RATE.split("/")[0])


# --- the code ---------------------------------------------------------------------------


def test_right_code_leads_to_the_name_step(client, workshop):
    response = enter_code(client, workshop.code)
    assert response.status_code == 302
    assert response["Location"] == join_url(workshop)


def test_code_typed_in_lower_case_with_dash_and_spaces_works(client, workshop):
    typed = f" {workshop.code[:4].lower()}-{workshop.code[4:].lower()} ".replace("-", " - ")
    response = enter_code(client, typed)
    assert response["Location"] == join_url(workshop)


def test_code_link_in_lower_case_with_dash_works(client, workshop):
    response = client.get(reverse("join_code", args=[workshop.display_code.lower()]))
    assert response.status_code == 200
    assert workshop.title in response.content.decode()


def test_wrong_code_says_no_workshop_has_it(client, workshop):
    response = enter_code(client, WRONG_CODE)
    assert response.status_code == 404
    assert errors_beside(response.content.decode(), "id_code") == [
        "No workshop has this code. Check the code on the projector and try again."
    ]


def test_wrong_code_link_says_no_workshop_has_it(client, db):
    response = client.get(reverse("join_code", args=[WRONG_CODE]))
    assert response.status_code == 404
    assert "No workshop has this code" in response.content.decode()


def test_code_of_the_wrong_length_explains_the_format(client, db):
    response = enter_code(client, "ABC")
    assert "A workshop code has 8 letters and digits" in response.content.decode()


def test_expired_code_says_joining_is_closed(client, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(
        code_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = enter_code(client, workshop.code)
    assert response.status_code == 410
    assert "This code has expired" in response.content.decode()


def test_expired_code_link_creates_nobody(client, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(
        code_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = join_as(client, workshop, "Late Larry")
    assert response.status_code == 410
    assert not Participant.objects.exists()


# --- name and team ----------------------------------------------------------------------


def test_joining_creates_the_participant_in_the_chosen_team(client, workshop, team_a, team_b):
    join_as(client, workshop, "Bea", team=team_b)
    assert Participant.objects.get(display_name="Bea").team == team_b


def test_joined_attendee_lands_in_their_teams_workspace(client, workshop, team_a):
    response = join_as(client, workshop, "Bea", team=team_a)
    assert response["Location"] == reverse("attendee_home", args=[workshop.pk])
    home = client.get(response["Location"])
    assert home["Location"] == reverse("teams:workspace", args=[workshop.pk, team_a.pk])


def test_name_step_offers_the_workshops_teams(client, workshop, team_a, team_b):
    content = client.get(join_url(workshop)).content.decode()
    assert "Team A" in content and "Team B" in content


def test_team_of_another_workshop_cannot_be_chosen(client, workshop, team_a):
    elsewhere = TeamFactory()
    response = join_as(client, workshop, "Bea", team=elsewhere)
    assert response.status_code == 200
    assert not Participant.objects.filter(display_name="Bea").exists()


def test_in_assign_mode_the_attendee_waits_in_the_lobby_without_a_team(client, facilitator):
    workshop = WorkshopFactory(created_by=facilitator, team_choice=Workshop.TeamChoice.ASSIGN)
    team = TeamFactory(workshop=workshop)
    join_as(client, workshop, "Wanda", team=team)
    home = client.get(reverse("attendee_home", args=[workshop.pk]))
    assert Participant.objects.get(display_name="Wanda").team is None
    assert home["Location"] == reverse("teams:lobby", args=[workshop.pk])


def test_lobby_greets_the_waiting_attendee(client, facilitator):
    workshop = WorkshopFactory(created_by=facilitator, team_choice=Workshop.TeamChoice.ASSIGN)
    join_as(client, workshop, "Wanda")
    response = client.get(reverse("teams:lobby", args=[workshop.pk]))
    assert "Welcome, Wanda!" in response.content.decode()


def test_joining_is_shown_in_the_activity_strip(client, workshop, team_a):
    join_as(client, workshop, "Bea", team=team_a)
    assert workshop.activities.first().message == "Bea joined Team A"


def test_blank_display_name_shows_an_error_beside_the_field(client, workshop, team_a):
    response = join_as(client, workshop, "   ", team=team_a)
    assert response.status_code == 200
    assert errors_beside(response.content.decode(), "id_display_name")


def test_blank_display_name_creates_nobody(client, workshop, team_a):
    join_as(client, workshop, "   ", team=team_a)
    assert not Participant.objects.exists()


def test_blank_display_name_asks_for_the_name_team_mates_know(client, workshop, team_a):
    response = join_as(client, workshop, "   ", team=team_a)
    assert errors_beside(response.content.decode(), "id_display_name") == [
        "Please type the name your team mates know you by."
    ]


def test_duplicate_display_name_is_refused_with_a_message(client, workshop, team_a, anna):
    response = join_as(client, workshop, "anna", team=team_a)
    assert response.status_code == 200
    assert errors_beside(response.content.decode(), "id_display_name") == [
        "Someone here already uses “anna”. Add an initial or a surname."
    ]


def test_duplicate_display_name_creates_nobody(client, workshop, team_a, anna):
    join_as(client, workshop, "anna", team=team_a)
    assert list(Participant.objects.values_list("display_name", flat=True)) == ["Anna"]


def test_same_name_may_be_used_in_another_workshop(client, workshop, team_a, anna):
    other = WorkshopFactory()
    join_as(client, other, "Anna")
    assert Participant.objects.filter(workshop=other, display_name="Anna").exists()


# --- the browser remembers ----------------------------------------------------------------


def test_joined_browser_opening_the_code_again_goes_straight_to_its_workspace(
    client, workshop, team_a
):
    join_as(client, workshop, "Bea", team=team_a)
    response = client.get(join_url(workshop))
    assert response["Location"] == reverse("attendee_home", args=[workshop.pk])
    assert client.get(response["Location"])["Location"] == reverse(
        "teams:workspace", args=[workshop.pk, team_a.pk]
    )


def test_joined_browser_opening_the_code_again_creates_no_second_participant(
    client, workshop, team_a
):
    join_as(client, workshop, "Bea", team=team_a)
    client.get(join_url(workshop))
    join_as(client, workshop, "Bea again", team=team_a)
    assert Participant.objects.count() == 1


def test_browser_that_never_joined_is_not_let_into_a_workspace(client, workshop, team_a):
    response = client.get(reverse("attendee_home", args=[workshop.pk]))
    assert response.status_code == 302
    assert not response["Location"].startswith("/w/")


def test_attendee_home_does_not_tell_a_stranger_the_join_code(client, workshop):
    response = client.get(reverse("attendee_home", args=[workshop.pk]))
    assert workshop.code not in response.get("Location", "")


def test_lobby_does_not_tell_a_stranger_the_join_code(client, workshop):
    response = client.get(reverse("teams:lobby", args=[workshop.pk]))
    assert workshop.code not in response.get("Location", "")


# --- rate limiting ------------------------------------------------------------------------


def test_repeated_wrong_codes_are_throttled_even_for_a_valid_code(client, workshop, steady_ip):
    for _ in range(join_limit() + 1):
        enter_code(client, WRONG_CODE, REMOTE_ADDR=steady_ip)
    response = enter_code(client, workshop.code, REMOTE_ADDR=steady_ip)
    assert response.status_code == 429
    assert THROTTLED in response.content.decode()


def test_attempt_after_join_rate_failures_is_throttled(client, workshop, steady_ip):
    for _ in range(join_limit()):
        enter_code(client, WRONG_CODE, REMOTE_ADDR=steady_ip)
    response = enter_code(client, workshop.code, REMOTE_ADDR=steady_ip)
    assert response.status_code == 429


def test_throttled_code_link_is_refused_too(client, workshop, steady_ip):
    for _ in range(join_limit() + 1):
        enter_code(client, WRONG_CODE, REMOTE_ADDR=steady_ip)
    response = client.get(join_url(workshop), REMOTE_ADDR=steady_ip)
    assert response.status_code == 429
    assert THROTTLED in response.content.decode()


def test_throttling_counts_per_address(client, workshop, steady_ip):
    for _ in range(join_limit() + 1):
        enter_code(client, WRONG_CODE, REMOTE_ADDR=steady_ip)
    response = enter_code(client, workshop.code, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 302


def test_few_wrong_codes_are_not_throttled(client, workshop, steady_ip):
    for _ in range(join_limit() - 1):
        enter_code(client, WRONG_CODE, REMOTE_ADDR=steady_ip)
    response = enter_code(client, workshop.code, REMOTE_ADDR=steady_ip)
    assert response.status_code == 302


def test_a_whole_room_behind_one_address_can_join(workshop, team_a, steady_ip):
    statuses = []
    for n in range(join_limit() + 5):
        attendee = Client(REMOTE_ADDR=steady_ip)
        statuses.append(enter_code(attendee, workshop.display_code).status_code)
        statuses.append(join_as(attendee, workshop, f"Attendee {n}", team=team_a).status_code)
    assert statuses == [302] * 2 * (join_limit() + 5)
    assert Participant.objects.count() == join_limit() + 5


def test_repeated_wrong_rejoin_links_are_throttled(client, steady_ip, db):
    for _ in range(join_limit() + 1):
        client.get(reverse("rejoin", args=["not-a-token"]), REMOTE_ADDR=steady_ip)
    response = client.get(reverse("rejoin", args=["not-a-token"]), REMOTE_ADDR=steady_ip)
    assert response.status_code == 429


def test_throttled_rejoin_link_says_to_wait(client, steady_ip, db):
    for _ in range(join_limit() + 1):
        client.get(reverse("rejoin", args=["not-a-token"]), REMOTE_ADDR=steady_ip)
    response = client.get(reverse("rejoin", args=["not-a-token"]), REMOTE_ADDR=steady_ip)
    assert THROTTLED in response.content.decode()


# --- rejoin links ------------------------------------------------------------------------


def test_rejoin_link_makes_a_fresh_browser_that_participant(workshop, team_a, anna):
    browser = Client()
    response = browser.get(reverse("rejoin", args=[anna.rejoin_token]))
    workspace = browser.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert response["Location"] == reverse("attendee_home", args=[workshop.pk])
    assert workspace.status_code == 200
    assert "You are <strong>Anna</strong>" in workspace.content.decode()


def test_rejoin_link_creates_no_new_participant(workshop, anna):
    Client().get(reverse("rejoin", args=[anna.rejoin_token]))
    assert Participant.objects.count() == 1


def test_regenerated_rejoin_link_invalidates_the_old_one(workshop, anna):
    old_token = anna.rejoin_token
    team_services.new_rejoin_link(anna)
    response = Client().get(reverse("rejoin", args=[old_token]))
    assert response.status_code == 404
    assert "This rejoin link is no longer valid" in response.content.decode()


def test_regenerated_rejoin_link_works(workshop, team_a, anna):
    fresh = team_services.new_rejoin_link(anna)
    browser = Client()
    browser.get(reverse("rejoin", args=[fresh.rejoin_token]))
    response = browser.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert response.status_code == 200


def test_attendee_session_of_one_workshop_does_not_open_another(client, anna):
    other = WorkshopFactory()
    other_team = TeamFactory(workshop=other)
    attendee = attendee_client_for(client, anna)
    response = attendee.get(reverse("teams:workspace", args=[other.pk, other_team.pk]))
    assert response.status_code == 403
