"""WebSocket consumers: who may listen, what a screen is sent first, and what it never hears.

Sockets go through the real `workshop.asgi.application` (origin check, session and
auth middleware, routing) and the real channel layer. Pushes are scheduled with
`transaction.on_commit`, so these tests use a transactional database and the pushes
fire for real.

Async tests run through asgiref's `async_to_sync` (no pytest-asyncio): the event
loop gets a thread of its own, and every `database_sync_to_async` call comes back
to the test's thread, which holds the test database connection.
"""

import contextlib
import functools

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.urls import reverse

from teams import services as team_services
from workshop import services
from workshop.asgi import application
from workshop.editing import Author
from workshop.models import Workshop

from ..conftest import session_key_for_participant, session_key_for_user
from ..factories import ParticipantFactory, TeamFactory, WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 5  # seconds; generous for Redis and PostgreSQL on a busy machine
QUIET = 0.5  # no message for this long means nothing is coming


def async_test(test):
    """Lets pytest call an async test function: runs it to completion on its own loop."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        async_to_sync(test)(*args, **kwargs)

    return wrapper


def socket_headers(session_key=None, *, origin="http://testserver", host="testserver"):
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    return headers


@contextlib.asynccontextmanager
async def open_socket(path, session_key=None, **header_options):
    """Yields (communicator, accepted); always disconnects on the way out."""
    communicator = WebsocketCommunicator(
        application, path, socket_headers(session_key, **header_options)
    )
    accepted, _ = await communicator.connect(timeout=TIMEOUT)
    try:
        yield communicator, accepted
    finally:
        await communicator.disconnect(timeout=TIMEOUT)


async def receive_until(communicator, needle: str) -> str:
    """The first text frame containing `needle` (earlier frames are skipped)."""
    while True:
        text = await communicator.receive_from(timeout=TIMEOUT)
        if needle in text:
            return text


async def drain(communicator) -> list[str]:
    """Everything the socket has been sent until it goes quiet."""
    texts = []
    while not await communicator.receive_nothing(timeout=QUIET):
        texts.append(await communicator.receive_from(timeout=TIMEOUT))
    return texts


def team_path(team) -> str:
    return f"/ws/w/{team.workshop_id}/teams/{team.pk}/"


def lobby_path(workshop) -> str:
    return f"/ws/w/{workshop.pk}/lobby/"


def console_path(workshop) -> str:
    return f"/ws/workshops/{workshop.pk}/console/"


def projector_path(workshop) -> str:
    return f"/ws/workshops/{workshop.pk}/projector/"


attendee_key = database_sync_to_async(session_key_for_participant)
user_key = database_sync_to_async(session_key_for_user)


# --- who may connect ------------------------------------------------------------------


@async_test
async def test_team_socket_without_a_participant_in_the_session_is_refused(team_a):
    async with open_socket(team_path(team_a)) as (_, accepted):
        assert not accepted


@async_test
async def test_refused_socket_is_closed_with_the_forbidden_code(team_a):
    communicator = WebsocketCommunicator(application, team_path(team_a), socket_headers())
    accepted, code = await communicator.connect(timeout=TIMEOUT)
    await communicator.disconnect(timeout=TIMEOUT)
    assert (accepted, code) == (False, 4403)


@async_test
async def test_projector_socket_of_an_anonymous_visitor_is_refused(workshop):
    async with open_socket(projector_path(workshop)) as (_, accepted):
        assert not accepted


@async_test
async def test_console_socket_of_an_attendee_is_refused(workshop, anna):
    async with open_socket(console_path(workshop), await attendee_key(anna)) as (_, accepted):
        assert not accepted


@async_test
async def test_attendee_of_another_workshop_cannot_open_a_team_socket(team_a):
    stranger = await database_sync_to_async(ParticipantFactory)()
    async with open_socket(team_path(team_a), await attendee_key(stranger)) as (_, accepted):
        assert not accepted


@pytest.mark.parametrize("screen", ["console", "projector", "team"])
@async_test
async def test_facilitator_of_another_workshop_cannot_open_this_workshops_socket(
    screen, workshop, team_a, other_facilitator
):
    path = {
        "console": console_path(workshop),
        "projector": projector_path(workshop),
        "team": team_path(team_a),
    }[screen]
    async with open_socket(path, await user_key(other_facilitator)) as (_, accepted):
        assert not accepted


@pytest.mark.parametrize("screen", ["console", "projector", "team"])
@async_test
async def test_facilitator_of_the_workshop_opens_its_sockets(screen, workshop, team_a, facilitator):
    path = {
        "console": console_path(workshop),
        "projector": projector_path(workshop),
        "team": team_path(team_a),
    }[screen]
    async with open_socket(path, await user_key(facilitator)) as (_, accepted):
        assert accepted


# --- origin ---------------------------------------------------------------------------


@async_test
async def test_socket_from_another_sites_page_is_refused(anna, team_a):
    key = await attendee_key(anna)
    async with open_socket(team_path(team_a), key, origin="http://evil.example") as (_, accepted):
        assert not accepted


@async_test
async def test_socket_without_an_origin_is_refused(anna, team_a):
    async with open_socket(team_path(team_a), await attendee_key(anna), origin=None) as (
        _,
        accepted,
    ):
        assert not accepted


@async_test
async def test_socket_with_a_null_origin_is_refused(anna, team_a):
    async with open_socket(team_path(team_a), await attendee_key(anna), origin="null") as (
        _,
        accepted,
    ):
        assert not accepted


@async_test
async def test_socket_whose_origin_names_its_host_is_accepted(anna, team_a):
    async with open_socket(team_path(team_a), await attendee_key(anna)) as (_, accepted):
        assert accepted


@async_test
async def test_origin_with_the_right_host_but_another_port_is_refused(anna, team_a):
    key = await attendee_key(anna)
    async with open_socket(team_path(team_a), key, origin="http://testserver:8080") as (
        _,
        accepted,
    ):
        assert not accepted


# --- the current state on connect ---------------------------------------------------------


@async_test
async def test_team_socket_is_sent_the_rooms_current_state_on_connect(anna, team_a):
    async with open_socket(team_path(team_a), await attendee_key(anna)) as (socket, _):
        first = await socket.receive_from(timeout=TIMEOUT)
    assert 'id="phase-status"' in first
    assert 'id="timer"' in first
    assert "Welcome &amp; join" in first


@async_test
async def test_team_socket_is_sent_its_teams_header_and_fields_on_connect(anna, team_a):
    await database_sync_to_async(team_services.edit_team_field)(
        team_a, "notes", "Our first idea", team_a.version, Author(participant=anna)
    )
    async with open_socket(team_path(team_a), await attendee_key(anna)) as (socket, _):
        first = await socket.receive_from(timeout=TIMEOUT)
    assert 'id="team-header"' in first
    assert f'id="field-team-{team_a.pk}-name"' in first
    assert f'id="field-team-{team_a.pk}-notes"' in first
    assert "Our first idea" in first


@async_test
async def test_console_socket_is_sent_the_agenda_teams_and_join_panel_on_connect(
    workshop, team_a, facilitator
):
    async with open_socket(console_path(workshop), await user_key(facilitator)) as (socket, _):
        first = await socket.receive_from(timeout=TIMEOUT)
    for dom_id in ("phase-status", "timer", "console-agenda", "console-teams", "join-panel"):
        assert f'id="{dom_id}"' in first
    assert "Team A" in first


@async_test
async def test_projector_socket_is_sent_the_teams_join_code_and_activity_on_connect(
    workshop, team_a, facilitator
):
    async with open_socket(projector_path(workshop), await user_key(facilitator)) as (socket, _):
        first = await socket.receive_from(timeout=TIMEOUT)
    for dom_id in ("phase-status", "timer", "projector-teams", "join-panel", "activity"):
        assert f'id="{dom_id}"' in first
    assert workshop.display_code in first


@async_test
async def test_reconnecting_screen_sees_a_change_made_while_it_was_away(anna, team_a):
    key = await attendee_key(anna)
    async with open_socket(team_path(team_a), key) as (socket, _):
        await drain(socket)
    await database_sync_to_async(team_services.edit_team_field)(
        team_a, "notes", "Written during the Wi-Fi drop", team_a.version, Author(participant=anna)
    )
    async with open_socket(team_path(team_a), key) as (socket, _):
        first = await socket.receive_from(timeout=TIMEOUT)
    assert "Written during the Wi-Fi drop" in first


# --- scope of pushes --------------------------------------------------------------------


@async_test
async def test_team_mate_receives_a_change_to_their_teams_notes(anna, alex, team_a):
    async with open_socket(team_path(team_a), await attendee_key(alex)) as (socket, _):
        await drain(socket)
        await database_sync_to_async(team_services.edit_team_field)(
            team_a, "notes", "Fresh plan from Anna", team_a.version, Author(participant=anna)
        )
        pushed = await receive_until(socket, f'id="field-team-{team_a.pk}-notes"')
    assert "Fresh plan from Anna" in pushed


@async_test
async def test_screen_that_saved_a_change_is_not_sent_it_back(anna, alex, team_a):
    async with (
        open_socket(f"{team_path(team_a)}?client=annas-page", await attendee_key(anna)) as (
            mine,
            _,
        ),
        open_socket(team_path(team_a), await attendee_key(alex)) as (theirs, _),
    ):
        await drain(mine)
        await drain(theirs)
        await database_sync_to_async(team_services.edit_team_field)(
            team_a, "notes", "Plan by Anna", 1, Author(participant=anna), client_id="annas-page"
        )
        await receive_until(theirs, "Plan by Anna")
        mine_heard_nothing = await mine.receive_nothing(timeout=QUIET)
    assert mine_heard_nothing


@async_test
async def test_attendee_of_team_a_does_not_receive_team_bs_pushes(anna, bo, team_a, team_b):
    async with (
        open_socket(team_path(team_a), await attendee_key(anna)) as (socket_a, _),
        open_socket(team_path(team_b), await attendee_key(bo)) as (socket_b, _),
    ):
        await drain(socket_a)
        await drain(socket_b)
        await database_sync_to_async(team_services.edit_team_field)(
            team_b, "notes", "Team B secret draft", team_b.version, Author(participant=bo)
        )
        pushed_to_b = await receive_until(socket_b, "Team B secret draft")
        a_heard_nothing = await socket_a.receive_nothing(timeout=QUIET)
    assert f'id="field-team-{team_b.pk}-notes"' in pushed_to_b
    assert a_heard_nothing


@async_test
async def test_attendee_of_team_a_still_receives_workshop_wide_pushes(
    workshop, anna, bo, team_a, team_b
):
    async with open_socket(team_path(team_a), await attendee_key(anna)) as (socket_a, _):
        await drain(socket_a)
        await database_sync_to_async(team_services.edit_team_field)(
            team_b, "notes", "Team B secret draft", team_b.version, Author(participant=bo)
        )
        await database_sync_to_async(services.step_phase)(
            workshop, 1, expected_current_id=workshop.current_phase_id
        )
        pushed = "".join(await drain(socket_a))
    assert 'id="phase-status"' in pushed
    assert "Part 1 — Path to a profession" in pushed
    assert "Team B secret draft" not in pushed


@async_test
async def test_locking_turns_the_team_fields_read_only_on_attendee_screens(workshop, anna, team_a):
    async with open_socket(team_path(team_a), await attendee_key(anna)) as (socket, _):
        await drain(socket)
        await database_sync_to_async(services.set_locked)(workshop.current_phase, True)
        pushed = await receive_until(socket, f'id="field-team-{team_a.pk}-notes"')
    assert 'readonly aria-readonly="true"' in pushed


@async_test
async def test_team_rename_reaches_the_team_header_and_the_console(
    workshop, anna, alex, team_a, facilitator
):
    async with (
        open_socket(team_path(team_a), await attendee_key(alex)) as (team_socket, _),
        open_socket(console_path(workshop), await user_key(facilitator)) as (console, _),
    ):
        await drain(team_socket)
        await drain(console)
        await database_sync_to_async(team_services.edit_team_field)(
            team_a, "name", "Team Aurora", 1, Author(participant=anna)
        )
        header = await receive_until(team_socket, 'id="team-header"')
        roster = await receive_until(console, 'id="console-teams"')
    assert "<h1>Team Aurora</h1>" in header
    assert "Team Aurora" in roster


@async_test
async def test_projector_receives_a_new_join_code(workshop, facilitator):
    async with open_socket(projector_path(workshop), await user_key(facilitator)) as (socket, _):
        await drain(socket)
        renewed = await database_sync_to_async(services.new_code)(workshop)
        pushed = await receive_until(socket, 'id="join-panel"')
    assert renewed.display_code in pushed


@async_test
async def test_attendee_socket_does_not_receive_console_pushes(workshop, anna, team_a):
    async with open_socket(team_path(team_a), await attendee_key(anna)) as (socket, _):
        await drain(socket)
        await database_sync_to_async(services.new_code)(workshop)
        heard_nothing = await socket.receive_nothing(timeout=QUIET)
    assert heard_nothing


# --- moving people ----------------------------------------------------------------------


@async_test
async def test_moved_participants_socket_is_sent_where_they_belong_and_closed(
    workshop, anna, team_a, team_b
):
    async with open_socket(team_path(team_a), await attendee_key(anna)) as (socket, _):
        await drain(socket)
        await database_sync_to_async(team_services.move_participant)(anna, team_b)
        redirect = await receive_until(socket, "data-redirect")
        closing = await socket.receive_output(timeout=TIMEOUT)
    assert f'data-redirect="{reverse("attendee_home", args=[workshop.pk])}"' in redirect
    assert closing["type"] == "websocket.close"


@async_test
async def test_attendee_opening_another_teams_socket_is_sent_to_their_own(
    workshop, anna, team_a, team_b
):
    async with open_socket(team_path(team_b), await attendee_key(anna)) as (socket, accepted):
        first = await socket.receive_from(timeout=TIMEOUT)
        closing = await socket.receive_output(timeout=TIMEOUT)
    assert accepted
    assert f'data-redirect="{reverse("attendee_home", args=[workshop.pk])}"' in first
    assert 'id="team-header"' not in first
    assert closing["type"] == "websocket.close"


@async_test
async def test_members_of_a_deleted_team_are_sent_away(workshop, anna, team_a):
    async with open_socket(team_path(team_a), await attendee_key(anna)) as (socket, _):
        await drain(socket)
        await database_sync_to_async(team_services.delete_team)(team_a)
        redirect = await receive_until(socket, "data-redirect")
    assert reverse("attendee_home", args=[workshop.pk]) in redirect


@async_test
async def test_waiting_attendee_is_sent_on_when_assigned_a_team(facilitator):
    workshop = await database_sync_to_async(WorkshopFactory)(
        created_by=facilitator, team_choice=Workshop.TeamChoice.ASSIGN
    )
    team = await database_sync_to_async(TeamFactory)(workshop=workshop)
    waiting = await database_sync_to_async(team_services.join_workshop)(
        workshop, display_name="Wanda", team=None
    )
    async with open_socket(lobby_path(workshop), await attendee_key(waiting)) as (socket, accepted):
        first = await socket.receive_from(timeout=TIMEOUT)
        await drain(socket)
        await database_sync_to_async(team_services.move_participant)(waiting, team)
        redirect = await receive_until(socket, "data-redirect")
    assert accepted
    assert 'id="phase-status"' in first
    assert reverse("attendee_home", args=[workshop.pk]) in redirect


@async_test
async def test_lobby_socket_without_a_participant_is_refused(workshop):
    async with open_socket(lobby_path(workshop)) as (_, accepted):
        assert not accepted


# --- presence ---------------------------------------------------------------------------


@async_test
async def test_console_sees_an_attendee_come_online(workshop, anna, team_a, facilitator):
    async with open_socket(console_path(workshop), await user_key(facilitator)) as (console, _):
        await drain(console)
        async with open_socket(team_path(team_a), await attendee_key(anna)):
            pushed = await receive_until(console, f'id="presence-{anna.pk}"')
    assert 'pill--online" title="online">Anna<' in pushed
    assert '<span id="online-count" class="muted small">1 online · 1 joined</span>' in pushed
    assert 'id="console-teams"' not in pushed  # the pill, not the whole roster


@async_test
async def test_team_mates_and_the_projector_see_an_attendee_come_online(
    workshop, anna, alex, team_a, facilitator
):
    async with (
        open_socket(projector_path(workshop), await user_key(facilitator)) as (projector, _),
        open_socket(team_path(team_a), await attendee_key(alex)) as (mate, _),
    ):
        await drain(projector)
        await drain(mate)
        async with open_socket(team_path(team_a), await attendee_key(anna)):
            on_projector = await receive_until(projector, f'id="presence-{anna.pk}"')
            on_mate = await receive_until(mate, f'id="presence-{anna.pk}"')
    online_pill = f'<li id="presence-{anna.pk}" class="pill pill--online">Anna</li>'
    assert online_pill in on_projector
    assert online_pill in on_mate


@async_test
async def test_console_sees_an_attendee_go_offline(workshop, anna, team_a, facilitator):
    async with open_socket(console_path(workshop), await user_key(facilitator)) as (console, _):
        async with open_socket(team_path(team_a), await attendee_key(anna)):
            await receive_until(console, 'title="online">Anna<')
        pushed = await receive_until(console, f'id="presence-{anna.pk}"')
    assert 'pill--offline" title="offline">Anna<' in pushed
    assert "0 online · 1 joined" in pushed


@async_test
async def test_socket_ignores_what_a_client_sends(anna, team_a):
    async with open_socket(team_path(team_a), await attendee_key(anna)) as (socket, _):
        await drain(socket)
        await socket.send_to(text_data='{"value": "overwrite", "version": 1}')
        heard_nothing = await socket.receive_nothing(timeout=QUIET)
    assert heard_nothing
    await database_sync_to_async(team_a.refresh_from_db)()
    assert team_a.notes == ""


# --- facilitator pages beside the console (briefing, gallery, benchmarks) ------------


@async_test
async def test_a_facilitator_page_socket_is_for_the_workshops_facilitators_only(
    workshop, anna, other_facilitator
):
    path = f"/ws/workshops/{workshop.pk}/pages/gallery/"
    async with open_socket(path, await attendee_key(anna)) as (_, accepted):
        assert not accepted
    async with open_socket(path, await user_key(other_facilitator)) as (_, accepted):
        assert not accepted


@async_test
async def test_an_unknown_facilitator_page_is_refused(workshop, facilitator):
    path = f"/ws/workshops/{workshop.pk}/pages/console-secrets/"
    async with open_socket(path, await user_key(facilitator)) as (_, accepted):
        assert not accepted


@async_test
async def test_the_gallery_page_socket_is_sent_its_controls_and_hears_the_spotlight(
    workshop, facilitator
):
    path = f"/ws/workshops/{workshop.pk}/pages/gallery/"
    async with open_socket(path, await user_key(facilitator)) as (communicator, accepted):
        assert accepted
        assert 'id="gallery-controls"' in await receive_until(communicator, "gallery-controls")
        from vision import services as vision_services

        await database_sync_to_async(vision_services.spotlight)(workshop, None)
        assert 'id="gallery-controls"' in await receive_until(communicator, "gallery-controls")
