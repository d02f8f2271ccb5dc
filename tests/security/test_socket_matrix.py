"""Who may open every WebSocket route, what each socket hears, and that nothing a client
sends does anything.

Sockets go through `workshop.asgi.application` (origin check, session and auth
middleware, routing) with a valid Origin and the role's session cookie. For every route
of workshop/routing.py and every role, `SOCKETS` declares the outcome (accepted,
refused with 4403, or accepted only to be sent to the asker's own page and closed) and
the groups an accepted socket hears. A push is then sent to every group of the world
(W's, W2's, both teams', both attendees'), and each socket must receive exactly its own
groups'; every other event type a consumer handles (`EVENTS`), sent to the groups none of
them hears, must change nothing. Whatever a client sends is ignored.

Transactional database (the consumers' database calls close the connection of a
test transaction), so each test builds a small world of its own; see
tests/workshop/test_consumers.py for the `async_to_sync` pattern.
"""

import asyncio
import contextlib
import functools
import inspect
import json
from dataclasses import dataclass

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings

from teams import topics as team_topics
from workshop import consumers, live
from workshop.asgi import application
from workshop.routing import websocket_urlpatterns

from .conftest import changed_tables, db_state
from .world import ROLES, build_world

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 5
QUIET = 0.2  # no message for this long: nothing more is coming

ACCEPT = "accept"  # accepted, sent the page's current state, stays open
REFUSE = "refuse"  # closed with 4403 before accepting
REDIRECT = "redirect"  # accepted, told where the asker belongs, closed


@dataclass(frozen=True)
class Socket:
    path: str  # format string over the world's ids
    outcomes: dict  # role → (outcome, the groups it hears: names from groups_of())


def _facilitator_only(*groups) -> dict:
    return {
        role: (ACCEPT, {"workshop", *groups}) if role == "facilitator" else (REFUSE, set())
        for role in ROLES
    }


TEAM_A_SOCKET = {
    "anonymous": (REFUSE, set()),
    "attendee_a": (ACCEPT, {"workshop", "participant_a", "team_a"}),
    "attendee_b": (REDIRECT, set()),  # sent to their own team's page
    "other_facilitator": (REFUSE, set()),
    "organiser": (REFUSE, set()),
    "facilitator": (ACCEPT, {"workshop", "team_a", "topics_facilitator"}),
}
COMPANY_A_SOCKET = {
    **TEAM_A_SOCKET,
    "attendee_a": (ACCEPT, {"workshop", "participant_a", "company_a"}),
    "facilitator": (ACCEPT, {"workshop", "company_a"}),
}
LOBBY_SOCKET = {
    **{role: (REFUSE, set()) for role in ROLES},
    "attendee_a": (REDIRECT, set()),  # has a team: sent to it
    "attendee_b": (REDIRECT, set()),
}

# Route (as in workshop/routing.py) → the sockets opened on it.
SOCKETS = {
    "ws/w/<int:pk>/teams/<int:team_id>/": {
        "team A": Socket("/ws/w/{workshop}/teams/{team_a}/", TEAM_A_SOCKET),
    },
    "ws/w/<int:pk>/lobby/": {
        "lobby": Socket("/ws/w/{workshop}/lobby/", LOBBY_SOCKET),
    },
    "ws/w/<int:pk>/teams/<int:team_id>/companies/<int:company_id>/": {
        f"company A {page}": Socket(
            "/ws/w/{workshop}/teams/{team_a}/companies/{company}/?page=" + page + query,
            COMPANY_A_SOCKET,
        )
        for page, query in (("baseline", "&baseline={baseline}"), ("vision", ""), ("strategy", ""))
    },
    "ws/workshops/<int:pk>/projector/": {
        "projector": Socket("/ws/workshops/{workshop}/projector/", _facilitator_only("projector")),
    },
    "ws/workshops/<int:pk>/console/": {
        "console": Socket("/ws/workshops/{workshop}/console/", _facilitator_only("console")),
    },
    "ws/workshops/<int:pk>/map/": {
        "map": Socket("/ws/workshops/{workshop}/map/", _facilitator_only("map")),
    },
    "ws/workshops/<int:pk>/pages/<slug:page>/": {
        **{
            f"page {page}": Socket(
                f"/ws/workshops/{{workshop}}/pages/{page}/", _facilitator_only(page)
            )
            for page in live.FACILITATOR_PAGES
        },
        "unknown page": Socket(
            "/ws/workshops/{workshop}/pages/settings/", {role: (REFUSE, set()) for role in ROLES}
        ),
    },
}


# Every event type a consumer handles from the channel layer (its method name → an event).
EVENTS = {
    "push_html": {"type": "push.html", "html": {"en": "probe:last:FOREIGN:"}},
    "scope_changed": {"type": "scope.changed"},
    "live_paused": {"type": "live.paused"},
}


def consumer_event_handlers() -> set[str]:
    """The channel-layer event handlers of workshop/consumers.py (coroutine methods that
    are neither Channels' own nor private)."""
    own = set(dir(AsyncWebsocketConsumer))
    return {
        name
        for cls in vars(consumers).values()
        if inspect.isclass(cls) and issubclass(cls, consumers.LiveConsumer)
        for name, method in vars(cls).items()
        if inspect.iscoroutinefunction(method) and name not in own and not name.startswith("_")
    }


def test_every_event_type_the_consumers_handle_is_probed():
    missing = sorted(consumer_event_handlers() - set(EVENTS))
    assert not missing, (
        f"Consumers handle {missing}: add an event to EVENTS in "
        "tests/security/test_socket_matrix.py so it is sent to groups a socket must not hear"
    )


def groups_of(world) -> dict[str, str]:
    """Every group of the world by name: W's, W2's, both teams', both attendees'."""
    ids, w2 = world.ids, world.other_workshop.pk
    return {
        "workshop": live.workshop_group(ids["workshop"]),
        "team_a": live.team_group(ids["team_a"]),
        "team_b": live.team_group(ids["team_b"]),
        "company_a": live.company_group(ids["company"]),
        "participant_a": live.participant_group(ids["attendee_a"]),
        "participant_b": live.participant_group(ids["attendee_b"]),
        "projector": live.projector_group(ids["workshop"]),
        "console": live.console_group(ids["workshop"]),
        "map": live.map_group(ids["workshop"]),
        "topics_facilitator": team_topics.facilitator_group(ids["workshop"]),
        **{page: live.page_group(page, ids["workshop"]) for page in live.FACILITATOR_PAGES},
        "other_workshop": live.workshop_group(w2),
        "other_projector": live.projector_group(w2),
        "other_console": live.console_group(w2),
    }


# What a client could send: htmx-ws's JSON (form values and HEADERS), an attempt to call
# a handler by its event type, text that is no JSON, 1 MB of text, and binary frames.
CLIENT_MESSAGES = [
    {
        "text_data": json.dumps(
            {
                "HEADERS": {
                    "HX-Request": "true",
                    "HX-Trigger": "field-team-notes",
                    "HX-Target": "field-team-notes",
                    "HX-Current-URL": "http://testserver/",
                },
                "value": "Overwritten through the socket",
                "version": 1,
                "name": "Hijacked",
            }
        )
    },
    {"text_data": json.dumps({"type": "push.html", "html": {"en": "<p>forged</p>"}})},
    {"text_data": json.dumps({"type": "scope.changed"})},
    {"text_data": json.dumps({"type": "websocket.disconnect", "code": 1000})},
    {"text_data": "{not json\x00\ud7ff\U0001f4a5"},
    {"text_data": "x" * (1024 * 1024)},
    {"bytes_data": b"\x00\xff\xfe binary \x80"},
    {"bytes_data": b"{}" * 1000},
]


def async_test(test):
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        async_to_sync(test)(*args, **kwargs)

    return wrapper


def socket_headers(session_key: str, origin: str = "http://testserver") -> list:
    headers = [(b"host", b"testserver"), (b"origin", origin.encode())]
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    return headers


async def drain(communicator) -> list[dict]:
    """Everything sent until the socket goes quiet (a close included)."""
    messages = []
    while not await communicator.receive_nothing(timeout=QUIET):
        message = await communicator.receive_output(timeout=TIMEOUT)
        messages.append(message)
        if message["type"] == "websocket.close":
            break
    return messages


@contextlib.asynccontextmanager
async def opened(world, socket: Socket, role: str, origin: str = "http://testserver"):
    """(communicator, accepted, close code, first messages); disconnects afterwards."""
    path = socket.path.format(**world.ids)
    communicator = WebsocketCommunicator(
        application, path, socket_headers(world.sessions[role], origin)
    )
    accepted, code = await communicator.connect(timeout=TIMEOUT)
    first = []
    if accepted:  # an accepted socket is always sent something first: wait for it
        first.append(await communicator.receive_output(timeout=TIMEOUT))
        if first[0]["type"] != "websocket.close":
            first += await drain(communicator)
    try:
        yield communicator, accepted, code, first
    finally:
        # A receive that timed out has cancelled the consumer already (asgiref does).
        with contextlib.suppress(asyncio.CancelledError):
            await communicator.disconnect(timeout=TIMEOUT)


def outcome_of(accepted: bool, code, first: list[dict]) -> str:
    if not accepted:
        assert code == 4403, f"refused with close code {code}, not 4403"
        return REFUSE
    texts = "".join(m.get("text", "") for m in first)
    closed = any(m["type"] == "websocket.close" for m in first)
    if "data-redirect" in texts and closed:
        return REDIRECT
    assert 'id="live-status"' in texts or "data-synced" in texts, "accepted without a snapshot"
    assert not closed, "accepted, then closed without saying where to go"
    return ACCEPT


@pytest.fixture
def world(transactional_db):
    return build_world(full=False)


def test_every_websocket_route_has_an_entry():
    routes = {str(pattern.pattern) for pattern in websocket_urlpatterns}
    missing = sorted(routes - set(SOCKETS))
    assert not missing, (
        "These WebSocket routes have no entry in SOCKETS (tests/security/test_socket_matrix.py); "
        f"add one saying who may connect and what they hear: {', '.join(missing)}"
    )
    assert not set(SOCKETS) - routes, "SOCKETS names routes that no longer exist"


def test_every_facilitator_page_has_a_socket_entry():
    pages = SOCKETS["ws/workshops/<int:pk>/pages/<slug:page>/"]
    assert {f"page {page}" for page in live.FACILITATOR_PAGES} < set(pages)


async def _probe(groups: dict[str, str], kind: str) -> None:
    layer = get_channel_layer()
    for name, group in groups.items():
        marker = f"probe:{kind}:{name}:"
        await layer.group_send(group, {"type": "push.html", "html": {"en": marker}})


async def _heard(communicator, kind: str, expected: set[str]) -> set[str]:
    """The probes of `kind` this socket receives: waits for the expected ones (the
    consumer may be busy), then for anything more until it goes quiet."""
    heard = set()

    def note(message):
        for part in message.get("text", "").split("probe:")[1:]:
            got_kind, name, _rest = part.split(":", 2)
            if got_kind == kind:
                heard.add(name)

    try:
        while not expected <= heard:
            message = await communicator.receive_output(timeout=TIMEOUT)
            note(message)
            if message["type"] == "websocket.close":
                return heard
    except TimeoutError:
        pytest.fail(f"{kind}: heard {sorted(heard)} of {sorted(expected)} within {TIMEOUT} s")
    for message in await drain(communicator):
        note(message)
    return heard


@pytest.mark.parametrize("route", sorted(SOCKETS))
@async_test
async def test_each_role_connects_as_declared_and_hears_only_its_groups(world, route):
    """Connect as declared (and never from another site's page); each accepted socket
    hears exactly its groups, before and after a scope check that changes nothing."""
    groups = groups_of(world)
    for label, socket in SOCKETS[route].items():
        async with contextlib.AsyncExitStack() as stack:
            open_sockets = {}
            for role in ROLES:
                expected, hears = socket.outcomes[role]
                communicator, accepted, code, first = await stack.enter_async_context(
                    opened(world, socket, role)
                )
                got = outcome_of(accepted, code, first)
                assert got == expected, f"{label} as {role}: {got}, expected {expected}"
                if got == ACCEPT:
                    open_sockets[role] = (communicator, hears)
                if got != REFUSE:  # the same browser on another site's page is refused
                    async with opened(world, socket, role, "http://evil.example") as foreign:
                        assert foreign[1] is False, f"{label} as {role} from another site"
            await _probe(groups, "push")
            for role, (communicator, hears) in open_sockets.items():
                heard = await _heard(communicator, "push", hears)
                assert heard == hears, f"{label} as {role} heard {sorted(heard)}"
            # A scope check with nothing changed keeps every socket where it is.
            layer = get_channel_layer()
            for group in groups.values():
                await layer.group_send(group, {"type": "scope.changed"})
            await _probe(groups, "again")
            for role, (communicator, hears) in open_sockets.items():
                heard = await _heard(communicator, "again", hears)
                assert heard == hears, f"{label} as {role} after scope.changed: {sorted(heard)}"
            # Every kind of event, sent to the groups none of these sockets hears, reaches
            # none of them: each stays open and hears its own groups, nothing else.
            heard_by_any = set().union(*(hears for _, hears in open_sockets.values()))
            for name in set(groups) - heard_by_any:
                for event in EVENTS.values():
                    await layer.group_send(groups[name], event)
            await _probe(groups, "last")
            for role, (communicator, hears) in open_sockets.items():
                heard = await _heard(communicator, "last", hears)
                assert heard == hears, f"{label} as {role} heard another group: {sorted(heard)}"


@async_test
async def test_whatever_a_client_sends_to_any_socket_is_ignored(world):
    """Every accepted socket of every route: each kind of client message changes nothing
    in the database, is answered with nothing, and leaves the socket open and listening."""
    groups = groups_of(world)
    for sockets in SOCKETS.values():
        for label, socket in sockets.items():
            for role in ROLES:
                expected, hears = socket.outcomes[role]
                if expected != ACCEPT:
                    continue
                async with opened(world, socket, role) as (communicator, *_):
                    before = await database_sync_to_async(db_state)()
                    for message in CLIENT_MESSAGES:
                        await communicator.send_to(**message)
                    assert await communicator.receive_nothing(timeout=QUIET), (label, role)
                    after = await database_sync_to_async(db_state)()
                    assert changed_tables(before, after) == [], (label, role)
                    await _probe({name: groups[name] for name in hears}, "after")
                    assert await _heard(communicator, "after", hears) == hears, (label, role)
