"""Redis stops during a session: edits still save, every screen says live updates are
paused, and when Redis is back the screens catch up and follow live again by themselves."""

import re
import time

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from teams.models import Participant, Team
from tests.browser.conftest import _database_url
from tests.browser.helpers import login_session, open_as_attendee, wait_until_live
from tests.factories import ParticipantFactory

from .conftest import LOG_DIR, keep_log
from .processes import AppServer, server_env

pytestmark = [pytest.mark.browser, pytest.mark.faults]

PAUSED = "Live updates paused"


@pytest.fixture
def app_server(request, redis_server, django_db_setup):
    env = server_env(DATABASE_URL=_database_url(), REDIS_URL=redis_server.url)
    server = AppServer(env, LOG_DIR / f"app-redis-{redis_server.port}.log")
    keep_log(request, "app server", server.log_path)
    yield server
    server.stop()


def open_projector(new_page, workshop):
    page = new_page(viewport=(1280, 720))
    session = login_session(workshop.facilitators.first())
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "domain": "127.0.0.1",
                "path": "/",
            }
        ]
    )
    page.goto(reverse("workshop:projector", args=[workshop.pk]))
    wait_until_live(page)
    return page


def test_edits_save_while_redis_is_down_and_screens_catch_up_when_it_is_back(
    new_page, redis_server, app_server, workshop, team_a
):
    anna = open_as_attendee(new_page, ParticipantFactory(team=team_a, display_name="Anna"))
    alex = open_as_attendee(new_page, ParticipantFactory(team=team_a, display_name="Alex"))
    projector = open_projector(new_page, workshop)
    notes = f"#input-team-{team_a.pk}-notes"
    status = f"#status-team-{team_a.pk}-notes"

    redis_server.stop()
    for page in (anna, alex, projector):
        expect(page.locator(".live-paused-banner")).to_be_visible(timeout=5_000)
        expect(page.locator(".live-paused-banner")).to_contain_text(PAUSED)
        expect(page.locator(".connection-banner")).to_be_hidden()

    with anna.expect_response(re.compile(r"/notes/$")) as answer:
        anna.locator(notes).fill("Saved while Redis was down")
    assert answer.value.status == 200
    expect(anna.locator(status)).to_contain_text("Saved")
    assert Team.objects.get(pk=team_a.pk).notes == "Saved while Redis was down"
    time.sleep(1)
    expect(alex.locator(notes)).to_have_value("")  # no live update while paused

    # Joining works too: the rate limit's cache is Redis, and it reads as empty.
    late = new_page()
    late.goto(reverse("join_code", args=[workshop.code]))
    late.fill("#id_display_name", "Late Lo")
    late.get_by_label("Team A").check()
    late.click("main button[type=submit]")
    expect(late.locator("#team-header h1")).to_have_text("Team A")
    expect(late.locator(".live-paused-banner")).to_be_visible()
    assert Participant.objects.filter(display_name="Late Lo", team=team_a).exists()

    redis_server.start()  # same port: nobody restarts the app or reloads a page
    for page in (anna, alex, projector, late):
        expect(page.locator(".live-paused-banner")).to_be_hidden(timeout=20_000)
    expect(alex.locator(notes)).to_have_value("Saved while Redis was down")  # re-synced
    expect(projector.locator("#projector-teams")).to_contain_text("Late Lo")

    # And live again: a new edit reaches the team mate as it is made.
    anna.locator(notes).fill("Live again")
    expect(alex.locator(notes)).to_have_value("Live again")
    expect(late.locator(notes)).to_have_value("Live again")
    assert "Traceback" not in app_server.log_text()
