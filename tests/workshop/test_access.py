"""Who may open which page: attendees see only their own team; facilitator pages and
actions need a facilitator of that very workshop.

The URLs come from the URLconf and are sorted by the access decorator their view
carries (`facilitator_required`, `team_member_required`), so a new page or action
is covered by the refusal tests below without touching this module. Tests that
need to know what an action does (the "changes nothing" ones) use the console's
known actions, listed here.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from teams import services as team_services
from teams.career_views import career_plan_required
from teams.models import Participant, Team
from workshop.access import (
    facilitator_required,
    organiser_or_facilitator_required,
    team_member_required,
)
from workshop.models import Phase, Workshop
from workshop.urls import room_patterns as workshop_patterns  # Part 1: test_causal_map_views

from ..conftest import attendee_client_for
from ..factories import ParticipantFactory, TeamFactory, UserFactory

# Every view wrapped by one of these decorators runs this very code first.
_FACILITATOR_CHECK = facilitator_required(lambda request, workshop: None).__code__
_TEAM_MEMBER_CHECK = team_member_required(lambda request, workshop, team: None).__code__
_ORGANISER_CHECK = organiser_or_facilitator_required(lambda request, workshop: None).__code__


def _guarded_by(view, check) -> bool:
    while view is not None:
        if getattr(view, "__code__", None) is check:
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def _named_routes(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


ROUTES = dict(_named_routes())
FACILITATOR_URLS = sorted(
    name for name, route in ROUTES.items() if _guarded_by(route.callback, _FACILITATOR_CHECK)
)
TEAM_MEMBER_URLS = sorted(
    name for name, route in ROUTES.items() if _guarded_by(route.callback, _TEAM_MEMBER_CHECK)
)
# Pages for a workshop's organisers as well as its facilitators (exports, packs).
ORGANISER_URLS = sorted(
    name for name, route in ROUTES.items() if _guarded_by(route.callback, _ORGANISER_CHECK)
)
# Organiser pages opened with GET that need no more than the workshop.
ORGANISER_PAGES = ["strategy:packs", "workshop:export", "workshop:export_template"]

# The console and team-history pages a facilitator opens with GET.
FACILITATOR_PAGES = [
    "teams:history",
    "workshop:console",
    "workshop:edit",
    "workshop:join_qr",
    "workshop:participant_rejoin",
    "workshop:projector",
]
# Console actions that answer POST only.
POST_ONLY_ACTIONS = [
    "workshop:go_to",
    "workshop:joining",
    "workshop:lock",
    "workshop:participant_move",
    "workshop:phase_add",
    "workshop:phase_edit",
    "workshop:phase_move",
    "workshop:phase_remove",
    "workshop:step",
    "workshop:team_add",
    "workshop:team_delete",
    "workshop:timer",
]
# Every URL through which a POST changes the room (pages that also take a POST included).
CHANGING_URLS = POST_ONLY_ACTIONS + [
    "workshop:edit",
    "workshop:participant_rejoin",
    "teams:restore",
]

# Values that would change something if the request got through.
URL_VALUES = {
    "direction": "next",
    "action": "start",
    "field_name": "notes",
}
URL_VALUE_OVERRIDES = {
    ("workshop:joining", "action"): "close",
    ("workshop:phase_move", "direction"): "up",
}


@pytest.fixture
def room(workshop, team_a, team_b, anna):
    """A workshop with two teams and one attendee: something for every URL parameter."""
    return {
        "workshop": workshop,
        "phase": workshop.phases.last(),
        "team": team_b,
        "participant": anna,
        "history_id": team_b.history.earliest().history_id,
    }


def url_for(name, room) -> str:
    """The URL `name` for the room's objects. Parameters of actions this module does not
    know get a placeholder: the access check runs before the view looks them up."""
    known = {
        "pk": room["workshop"].pk,
        "phase_id": room["phase"].pk,
        "team_id": room["team"].pk,
        "participant_id": room["participant"].pk,
        "history_id": room["history_id"],
        **URL_VALUES,
    }
    kwargs = {}
    for key, converter in ROUTES[name].pattern.converters.items():
        placeholder = 1 if isinstance(converter, IntConverter) else "x"
        kwargs[key] = URL_VALUE_OVERRIDES.get((name, key), known.get(key, placeholder))
    return reverse(name, kwargs=kwargs)


def post_data(room) -> dict:
    workshop = room["workshop"]
    return {
        "from_phase": workshop.current_phase_id,
        "title": "Hijacked",
        "date": workshop.date.isoformat(),
        "language": "en",
        "team_choice": "choose",
        "planned_minutes": 5,
        "minutes": 5,
        "locked": "1",
        "name": "Hijacked team",
        "team": room["team"].pk,
    }


def snapshot(workshop) -> tuple:
    """Everything an unauthorised request could try to change."""
    workshop.refresh_from_db()
    return (
        workshop.title,
        workshop.current_phase_id,
        workshop.code,
        workshop.code_expires_at,
        list(
            Phase.objects.filter(workshop=workshop).values_list(
                "pk",
                "position",
                "title",
                "planned_minutes",
                "locked",
                "timer_ends_at",
                "timer_remaining",
            )
        ),
        list(Team.objects.filter(workshop=workshop).values_list("pk", "name", "notes", "version")),
        list(
            Participant.objects.filter(workshop=workshop).values_list(
                "pk", "team_id", "rejoin_token"
            )
        ),
    )


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")


# --- anonymous visitors -----------------------------------------------------------------


@pytest.mark.parametrize("name", FACILITATOR_URLS)
def test_anonymous_visitor_posting_to_a_facilitator_url_is_sent_to_login(client, room, name):
    response = client.post(url_for(name, room), post_data(room))
    assert_sent_to_login(response)


@pytest.mark.parametrize("name", CHANGING_URLS)
def test_anonymous_visitor_changes_nothing_through_a_facilitator_url(client, room, name):
    before = snapshot(room["workshop"])
    client.post(url_for(name, room), post_data(room), HTTP_HX_REQUEST="true")
    assert snapshot(room["workshop"]) == before


@pytest.mark.parametrize("name", FACILITATOR_PAGES)
def test_anonymous_visitor_opening_a_facilitator_page_is_sent_to_login(client, room, name):
    assert_sent_to_login(client.get(url_for(name, room)))


@pytest.mark.parametrize("name", FACILITATOR_URLS)
def test_anonymous_visitor_is_served_no_facilitator_url_by_get(client, room, name):
    response = client.get(url_for(name, room))
    if response.status_code != 405:  # a POST-only action refuses GET before anything else
        assert_sent_to_login(response)


@pytest.mark.parametrize("name", ["workshop:dashboard", "workshop:create", "workshop:import"])
def test_anonymous_visitor_opening_the_dashboard_pages_is_sent_to_login(client, db, name):
    assert_sent_to_login(client.get(reverse(name)))


# --- attendees --------------------------------------------------------------------------


@pytest.mark.parametrize("name", FACILITATOR_PAGES)
def test_attendee_opening_a_facilitator_page_is_sent_to_login(client, room, name):
    attendee = attendee_client_for(client, room["participant"])
    assert_sent_to_login(attendee.get(url_for(name, room)))


@pytest.mark.parametrize("name", FACILITATOR_URLS)
def test_attendee_posting_a_console_action_is_sent_to_login(client, room, name):
    attendee = attendee_client_for(client, room["participant"])
    response = attendee.post(url_for(name, room), post_data(room), HTTP_HX_REQUEST="true")
    assert_sent_to_login(response)


@pytest.mark.parametrize("name", CHANGING_URLS)
def test_attendee_changes_nothing_through_a_console_action(client, room, name):
    attendee = attendee_client_for(client, room["participant"])
    before = snapshot(room["workshop"])
    attendee.post(url_for(name, room), post_data(room), HTTP_HX_REQUEST="true")
    assert snapshot(room["workshop"]) == before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", TEAM_MEMBER_URLS)
def test_attendee_gets_403_on_every_url_of_another_team(client, room, name, method):
    attendee = attendee_client_for(client, room["participant"])
    response = getattr(attendee, method)(url_for(name, room), HTTP_HX_REQUEST="true")
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", TEAM_MEMBER_URLS)
def test_anonymous_visitor_gets_403_on_every_team_url(client, room, name, method):
    response = getattr(client, method)(url_for(name, room), HTTP_HX_REQUEST="true")
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", TEAM_MEMBER_URLS)
def test_facilitator_of_another_workshop_gets_403_on_every_team_url(
    client, room, other_facilitator, name, method
):
    client.force_login(other_facilitator)
    response = getattr(client, method)(url_for(name, room), HTTP_HX_REQUEST="true")
    assert response.status_code == 403


def test_attendee_opens_their_own_teams_workspace(client, workshop, team_a, anna):
    attendee = attendee_client_for(client, anna)
    response = attendee.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert response.status_code == 200
    assert "You are <strong>Anna</strong>" in response.content.decode()


def test_attendee_gets_403_on_another_teams_workspace(client, workshop, anna, team_b):
    attendee = attendee_client_for(client, anna)
    response = attendee.get(reverse("teams:workspace", args=[workshop.pk, team_b.pk]))
    assert response.status_code == 403


def test_attendee_gets_403_reading_another_teams_field(client, workshop, anna, team_b):
    Team.objects.filter(pk=team_b.pk).update(notes="Team B secret draft")
    attendee = attendee_client_for(client, anna)
    response = attendee.get(reverse("teams:field", args=[workshop.pk, team_b.pk, "notes"]))
    assert response.status_code == 403
    assert "Team B secret draft" not in response.content.decode()


def test_attendee_gets_403_writing_another_teams_field(client, workshop, anna, team_b):
    attendee = attendee_client_for(client, anna)
    url = reverse("teams:field", args=[workshop.pk, team_b.pk, "notes"])
    response = attendee.post(url, {"value": "Overwritten by Anna", "version": team_b.version})
    assert response.status_code == 403


def test_attendee_writing_another_teams_field_saves_nothing(client, workshop, anna, team_b):
    attendee = attendee_client_for(client, anna)
    url = reverse("teams:field", args=[workshop.pk, team_b.pk, "notes"])
    attendee.post(url, {"value": "Overwritten by Anna", "version": team_b.version})
    team_b.refresh_from_db()
    assert (team_b.notes, team_b.version, team_b.history.count()) == ("", 1, 1)


def test_attendee_who_was_moved_loses_the_old_team_at_once(client, workshop, anna, team_a, team_b):
    attendee = attendee_client_for(client, anna)
    team_services.move_participant(anna, team_b)
    response = attendee.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert response.status_code == 403


def test_anonymous_visitor_gets_403_on_a_team_workspace(client, workshop, team_a):
    response = client.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert response.status_code == 403


def test_attendee_of_another_workshop_gets_403_on_a_team_workspace(client, workshop, team_a):
    stranger = attendee_client_for(client, ParticipantFactory())
    response = stranger.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert response.status_code == 403


def test_team_of_another_workshop_is_not_found_under_this_workshop(client, workshop, anna):
    elsewhere = TeamFactory()
    attendee = attendee_client_for(client, anna)
    response = attendee.get(reverse("teams:workspace", args=[workshop.pk, elsewhere.pk]))
    assert response.status_code == 404


# --- facilitators of other workshops ------------------------------------------------------


@pytest.mark.parametrize("name", FACILITATOR_PAGES)
def test_facilitator_of_another_workshop_gets_404_on_its_pages(
    client, room, other_facilitator, name
):
    client.force_login(other_facilitator)
    assert client.get(url_for(name, room)).status_code == 404


@pytest.mark.parametrize("name", FACILITATOR_URLS)
def test_facilitator_of_another_workshop_is_served_nothing_by_get(
    client, room, other_facilitator, name
):
    client.force_login(other_facilitator)
    assert client.get(url_for(name, room)).status_code in {404, 405}


@pytest.mark.parametrize("name", FACILITATOR_URLS)
def test_facilitator_of_another_workshop_gets_404_on_its_actions(
    client, room, other_facilitator, name
):
    client.force_login(other_facilitator)
    response = client.post(url_for(name, room), post_data(room), HTTP_HX_REQUEST="true")
    assert response.status_code == 404


@pytest.mark.parametrize("name", CHANGING_URLS)
def test_facilitator_of_another_workshop_changes_nothing(client, room, other_facilitator, name):
    client.force_login(other_facilitator)
    before = snapshot(room["workshop"])
    client.post(url_for(name, room), post_data(room), HTTP_HX_REQUEST="true")
    assert snapshot(room["workshop"]) == before


def test_facilitator_of_another_workshop_does_not_see_it_on_their_dashboard(
    client, workshop, other_facilitator
):
    client.force_login(other_facilitator)
    response = client.get(reverse("workshop:dashboard"))
    assert response.status_code == 200
    assert workshop.title not in response.content.decode()


# --- the workshop's own facilitator (proves the URLs above are real) --------------------


@pytest.mark.parametrize("name", FACILITATOR_PAGES)
def test_facilitator_of_the_workshop_opens_its_pages(facilitator_client, room, name):
    assert facilitator_client.get(url_for(name, room)).status_code == 200


@pytest.mark.parametrize("name", CHANGING_URLS)
def test_facilitator_of_the_workshop_changes_the_room_through_each_action(
    facilitator_client, room, name
):
    before = snapshot(room["workshop"])
    response = facilitator_client.post(url_for(name, room), post_data(room), HTTP_HX_REQUEST="true")
    assert response.status_code in {200, 302}
    assert snapshot(room["workshop"]) != before


def test_facilitator_may_open_any_team_of_their_workshop(facilitator_client, workshop, team_b):
    response = facilitator_client.get(reverse("teams:workspace", args=[workshop.pk, team_b.pk]))
    assert response.status_code == 200
    assert "You are viewing this team as its facilitator." in response.content.decode()


def test_the_console_urls_listed_here_are_facilitator_urls():
    """Guards the lists above: a renamed page must not silently drop out of these tests."""
    assert set(FACILITATOR_PAGES + CHANGING_URLS) <= set(FACILITATOR_URLS)


def test_team_workspace_and_fields_need_team_membership():
    assert {"teams:workspace", "teams:field"} <= set(TEAM_MEMBER_URLS)


def test_every_workshop_url_checks_who_is_asking():
    unguarded = [
        f"workshop:{p.name}"
        for p in workshop_patterns
        if "pk" in p.pattern.converters
        and not _guarded_by(p.callback, _FACILITATOR_CHECK)
        and not _guarded_by(p.callback, _TEAM_MEMBER_CHECK)
        and not _guarded_by(p.callback, _ORGANISER_CHECK)
    ]
    assert unguarded == []


# --- organiser pages (exports, strategy packs) -------------------------------------------


@pytest.mark.parametrize("name", ORGANISER_URLS)
def test_anonymous_visitor_is_served_no_organiser_url(client, room, name):
    response = client.get(url_for(name, room))
    if response.status_code != 405:  # a POST-only action refuses GET before anything else
        assert_sent_to_login(response)


@pytest.mark.parametrize("name", ORGANISER_URLS)
def test_attendee_is_served_no_organiser_url(client, room, name):
    attendee = attendee_client_for(client, room["participant"])
    response = attendee.get(url_for(name, room))
    if response.status_code != 405:
        assert_sent_to_login(response)


@pytest.mark.parametrize("name", ORGANISER_URLS)
def test_organiser_or_facilitator_of_another_workshop_gets_404(
    client, room, other_facilitator, name
):
    client.force_login(other_facilitator)
    assert client.get(url_for(name, room)).status_code in {404, 405}


@pytest.mark.parametrize("name", ORGANISER_PAGES)
def test_organiser_of_the_workshop_opens_its_organiser_pages(client, room, name):
    organiser = UserFactory()
    room["workshop"].organisers.add(organiser)
    client.force_login(organiser)
    assert client.get(url_for(name, room)).status_code == 200


def test_the_organiser_pages_listed_here_are_organiser_urls():
    assert set(ORGANISER_PAGES) <= set(ORGANISER_URLS)


@pytest.mark.parametrize("name", POST_ONLY_ACTIONS)
def test_console_action_refuses_get(facilitator_client, room, name):
    assert facilitator_client.get(url_for(name, room)).status_code == 405


def test_attendee_save_without_a_csrf_token_is_refused(workshop, team_a, anna):
    browser = attendee_client_for(Client(enforce_csrf_checks=True), anna)
    url = reverse("teams:field", args=[workshop.pk, team_a.pk, "notes"])
    response = browser.post(url, {"value": "Forged from another site", "version": 1})
    assert response.status_code == 403
    assert Team.objects.get(pk=team_a.pk).notes == ""


def test_console_action_without_a_csrf_token_is_refused(workshop, facilitator):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(facilitator)
    response = browser.post(reverse("workshop:joining", args=[workshop.pk, "new-code"]))
    assert response.status_code == 403
    assert Workshop.objects.get(pk=workshop.pk).code == workshop.code


# --- career plans: private to one attendee (full matrix: tests/teams/test_career_access.py) --

_CAREER_CHECK = career_plan_required(lambda request, plan: None).__code__
CAREER_URLS = sorted(
    name for name, route in ROUTES.items() if _guarded_by(route.callback, _CAREER_CHECK)
)


def test_every_career_url_checks_that_the_plan_is_the_callers():
    career_urls = sorted(name for name in ROUTES if name.startswith("teams:career"))
    assert career_urls and career_urls == CAREER_URLS


@pytest.mark.parametrize("who", ["anonymous", "facilitator", "other facilitator"])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", CAREER_URLS)
def test_nobody_without_the_attendee_session_or_link_reaches_a_career_url(
    client, room, facilitator, other_facilitator, name, method, who
):
    """404, not 403 and not a login page: not even a plan's existence is revealed."""
    if who != "anonymous":
        client.force_login(facilitator if who == "facilitator" else other_facilitator)
    before = snapshot(room["workshop"])
    response = getattr(client, method)(url_for(name, room), post_data(room), HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert snapshot(room["workshop"]) == before
