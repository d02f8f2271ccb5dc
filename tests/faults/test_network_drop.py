"""A laptop loses its network for a while: what its person typed meanwhile is sent when
the network is back (or, if a team mate changed the same text, shown side by side to
choose), and the screen catches up with what others did; nothing is lost silently."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import expect

from teams.models import Team
from tests.browser.conftest import _database_url
from tests.browser.helpers import wait_until_live
from tests.factories import ParticipantFactory
from workshop.access import remember_participant

from .conftest import LOG_DIR, keep_log
from .processes import AppServer, free_port, server_env

pytestmark = [pytest.mark.browser, pytest.mark.faults]

OFFLINE_SECONDS = 30  # the drop the issue names


@pytest.fixture
def app_server(request, django_db_setup):
    # The in-memory channel layer: only the network is at fault here, and a shared Redis
    # may be flushed under the server by another test run's cache.clear().
    env = server_env(DATABASE_URL=_database_url(), REDIS_URL="")
    server = AppServer(env, LOG_DIR / f"app-network-{free_port()}.log")
    keep_log(request, "app server", server.log_path)
    yield server
    server.stop()


class Network:
    """One person's network. `drop()` takes the browser offline (requests fail) and lets
    nothing the server sends reach its open sockets, as when Wi-Fi goes away: nothing
    is closed, so neither end notices. `restore()` brings it back."""

    def __init__(self, page):
        self.page = page
        self.dropped = False
        page.route_web_socket(re.compile(r"/ws/"), self._route)

    def _route(self, socket):
        server = socket.connect_to_server()
        server.on_message(lambda message: None if self.dropped else socket.send(message))

    def drop(self):
        self.dropped = True
        self.page.context.set_offline(True)

    def restore(self):
        self.dropped = False
        self.page.context.set_offline(False)


def open_workspace(new_page, participant):
    """The attendee's workspace, with a Network to drop (tests/browser/helpers.py's
    open_as_attendee, with the socket routed)."""
    page = new_page()
    network = Network(page)
    session = SessionStore()
    remember_participant(session, participant)
    session.save()
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key}
    page.context.add_cookies([{**cookie, "domain": "127.0.0.1", "path": "/"}])
    page.goto(reverse("attendee_home", args=[participant.workshop_id]))
    wait_until_live(page)
    return page, network


@pytest.fixture
def team_mates(new_page, team_a):
    anna, network = open_workspace(new_page, ParticipantFactory(team=team_a, display_name="Anna"))
    alex, _ = open_workspace(new_page, ParticipantFactory(team=team_a, display_name="Alex"))
    return anna, network, alex


def field(team, name: str) -> str:
    return f"#input-team-{team.pk}-{name}"


def status(team, name: str) -> str:
    return f"#status-team-{team.pk}-{name}"


def test_text_typed_offline_is_sent_when_the_network_is_back(team_mates, team_a):
    anna, network, alex = team_mates
    dropped = time.monotonic()
    network.drop()
    expect(anna.locator(".connection-banner")).to_be_visible()

    anna.locator(field(team_a, "notes")).fill("Typed on the train")
    expect(anna.locator(status(team_a, "notes"))).to_contain_text("no connection")
    alex.locator(field(team_a, "name")).fill("Team Tunnel")
    expect(alex.locator(status(team_a, "name"))).to_contain_text("Saved")

    time.sleep(max(0, OFFLINE_SECONDS - (time.monotonic() - dropped)))
    expect(anna.locator(field(team_a, "notes"))).to_have_value("Typed on the train")
    assert Team.objects.get(pk=team_a.pk).notes == ""
    expect(anna.locator(field(team_a, "name"))).to_have_value("Team A")  # heard nothing
    network.restore()

    expect(anna.locator(status(team_a, "notes"))).to_contain_text("Saved")
    expect(anna.locator(".connection-banner")).to_be_hidden()
    expect(anna.locator(field(team_a, "name"))).to_have_value("Team Tunnel")  # re-synced
    expect(anna.locator("#team-header h1")).to_have_text("Team Tunnel")
    expect(alex.locator(field(team_a, "notes"))).to_have_value("Typed on the train")
    team = Team.objects.get(pk=team_a.pk)
    assert (team.name, team.notes) == ("Team Tunnel", "Typed on the train")


def test_text_typed_offline_meets_a_team_mates_newer_save_as_a_choice(team_mates, team_a):
    anna, network, alex = team_mates
    network.drop()
    anna.locator(field(team_a, "notes")).fill("Anna, offline")
    expect(anna.locator(status(team_a, "notes"))).to_contain_text("no connection")
    alex.locator(field(team_a, "notes")).fill("Alex, online")
    expect(alex.locator(status(team_a, "notes"))).to_contain_text("Saved")
    network.restore()

    conflict = anna.locator(".conflict")
    expect(conflict).to_contain_text("Alex saved this")
    expect(conflict.locator(".conflict__theirs")).to_contain_text("Alex, online")
    expect(conflict.locator(".conflict__mine")).to_contain_text("Anna, offline")
    assert Team.objects.get(pk=team_a.pk).notes == "Alex, online"  # not overwritten

    conflict.get_by_role("button", name="Keep my text").click()
    expect(anna.locator(status(team_a, "notes"))).to_contain_text("Saved")
    expect(alex.locator(field(team_a, "notes"))).to_have_value("Anna, offline")
    assert Team.objects.get(pk=team_a.pk).notes == "Anna, offline"
