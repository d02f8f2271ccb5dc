"""Live updates: server-rendered fragments pushed to channel groups.

Every write goes through a service that calls `push_on_commit(...)`: the
fragments are rendered and sent only after the transaction commits, so no
screen ever shows what the database does not hold (Zulip's send_event_on_commit).
Fragments are the same template partials the pages render on first load; the
htmx WebSocket extension swaps each top-level element into the element with the
same id (out-of-band).

The channel layer (Redis in production) may be down while the database is not:
then edits still save and only live updates pause. A push that cannot reach the
layer is logged (once per outage) and dropped; the screens' sockets were closed
by the same outage and re-sync from a snapshot when they reconnect.
"""

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connections, transaction
from django.template.loader import render_to_string
from django.utils import translation
from redis.exceptions import TimeoutError as RedisTimeout

logger = logging.getLogger(__name__)

# A channel-layer call gives up after this long: a Redis that does not answer must
# not hold up the save that triggered the push.
LAYER_TIMEOUT = 2.0
# After a call timed out, pushes are skipped this long (each would wait LAYER_TIMEOUT).
# A refused connection fails in a millisecond, so it skips nothing: the first push
# after Redis returns goes out.
LAYER_RETRY_AFTER = 5.0
_layer_state = {"down_since": None, "skip_until": 0.0}

# Builders marked @coalesced (the roster, the progress board, the room profile) draw a
# whole room. In a burst of changes (a room joining, fifty teams typing company names)
# a process pushes one at once, then at most one more per window, drawn from the rows
# as they are then: screens get the latest state, and the server draws it a few times
# a second instead of once per change. settings.LIVE_COALESCE_SECONDS; 0 turns it off.
_coalescing: dict[tuple, list] = {}  # key -> [last push (monotonic), pending timer]
_coalescing_lock = threading.Lock()


def workshop_group(workshop_id: int) -> str:
    """Every screen of a workshop: attendees, projector and console."""
    return f"workshop-{workshop_id}"


def team_group(team_id: int) -> str:
    return f"team-{team_id}"


def projector_group(workshop_id: int) -> str:
    return f"projector-{workshop_id}"


def console_group(workshop_id: int) -> str:
    return f"console-{workshop_id}"


def map_group(workshop_id: int) -> str:
    """The facilitator's causal-map page."""
    return f"map-{workshop_id}"


def company_group(company_id: int) -> str:
    """The pages of one company (baseline, vision, strategy): its team and facilitators."""
    return f"company-{company_id}"


FACILITATOR_PAGES = ("briefing", "gallery", "benchmarks")


def page_group(page: str, workshop_id: int) -> str:
    """One facilitator page beside the console (FACILITATOR_PAGES): the briefing
    presenter, the vision gallery, the reference sets."""
    assert page in FACILITATOR_PAGES, page
    return f"{page}-{workshop_id}"


def participant_group(participant_id: int) -> str:
    return f"participant-{participant_id}"


def render_fragment(template: str, context: dict) -> str:
    """`template` names a partial, e.g. "workshop/projector.html#teams"."""
    return render_to_string(template, context)


def layer_failed(exc: BaseException) -> None:
    """Note that the channel layer failed; the first failure of an outage is logged."""
    state = _layer_state
    if isinstance(exc, TimeoutError | RedisTimeout):
        state["skip_until"] = time.monotonic() + LAYER_RETRY_AFTER
    if state["down_since"] is None:
        state["down_since"] = time.monotonic()
        logger.warning(
            "Live updates paused: the channel layer is unreachable (%s: %s). "
            "Edits still save; screens re-sync when it is back.",
            exc.__class__.__name__,
            exc,
        )


def layer_answered() -> None:
    state = _layer_state
    if state["down_since"] is not None:
        logger.warning(
            "Live updates resumed: the channel layer answers again after %.0f s.",
            time.monotonic() - state["down_since"],
        )
    state["down_since"] = None
    state["skip_until"] = 0.0


async def call_layer(call: Awaitable) -> bool:
    """Await a channel-layer call within LAYER_TIMEOUT; False (logged) if it failed."""
    try:
        await asyncio.wait_for(call, LAYER_TIMEOUT)
    except Exception as exc:  # any failure of the layer pauses live updates, nothing else
        layer_failed(exc)
        return False
    layer_answered()
    return True


def layer_skipped() -> bool:
    """True while pushes are being skipped after a timed-out layer call."""
    return time.monotonic() < _layer_state["skip_until"]


# While one change's pushes are being sent, they are collected here and handed to the
# channel layer in one visit to the event loop (a rename sends five: one hop, not five).
_batch = threading.local()


async def _group_send_all(messages: list[tuple[str, dict]]) -> bool:
    layer = get_channel_layer()
    for group, message in messages:  # in order: a screen applies them as sent
        if not await call_layer(layer.group_send(group, message)):
            return False
    return True


def _group_send(group: str, message: dict) -> bool:
    collected = getattr(_batch, "messages", None)
    if collected is not None:
        collected.append((group, message))
        return True
    return not layer_skipped() and async_to_sync(_group_send_all)([(group, message)])


def send(group: str, html: dict[str, str], *, exclude_client: str | None = None) -> bool:
    """`html` maps a language code to the fragment rendered in that language.

    False when the channel layer is down: the push is dropped, never raised.
    """
    return _group_send(
        group, {"type": "push.html", "html": html, "exclude_client": exclude_client or ""}
    )


_reads = threading.local()


def read_once(key: tuple, read: Callable[[], Any]) -> Any:
    """What a push builder reads for a whole room, read once for all languages.

    `in_every_language` runs a builder once per language; the rows are the same each
    time, only the words differ. `read` must return data, never translated text.
    """
    memo = getattr(_reads, "memo", None)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def in_every_language(build: Callable[[], Iterable[tuple[str, str, str | None]]]):
    """Run `build` once per language: [(group, {language: html}, exclude_client)].

    Screens in one group may speak different languages (each person chooses);
    every socket picks its own from the push (`LiveConsumer.push_html`).
    """
    pushes: list[tuple[str, dict[str, str], str | None]] = []
    _reads.memo = {}
    try:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for index, (group, html, exclude) in enumerate(build()):
                    if index == len(pushes):
                        pushes.append((group, {}, exclude))
                    pushes[index][1][code] = html
    finally:
        _reads.memo = None
    return pushes


def send_scope_changed(group: str) -> None:
    """Tell the sockets in `group` to re-check what they may see (e.g. a participant moved)."""
    _group_send(group, {"type": "scope.changed"})


def coalesced(builder):
    """Mark a push builder whose pushes may be merged in a burst (see _coalescing).

    Only for builders that draw a whole piece from fresh rows, called through
    functools.partial with hashable arguments: the partial is the merge key.
    """
    builder.coalesce = True
    return builder


def _coalesce_key(build) -> tuple | None:
    func = getattr(build, "func", None)
    if not getattr(func, "coalesce", False):
        return None
    return (func.__module__, func.__qualname__, build.args, tuple(sorted(build.keywords.items())))


def _send_pushes(build: Callable[[], Iterable[tuple[str, str, str | None]]]) -> None:
    if layer_skipped():
        return
    pushes = in_every_language(build)
    _batch.messages = []
    try:
        for group, html, exclude in pushes:
            send(group, html, exclude_client=exclude)
    finally:
        messages, _batch.messages = _batch.messages, None
    if messages:
        async_to_sync(_group_send_all)(messages)  # stops at the first failure: logged


def _send_or_coalesce(build) -> None:
    key = _coalesce_key(build)
    window = settings.LIVE_COALESCE_SECONDS
    if key is None or window <= 0:
        _send_pushes(build)
        return
    with _coalescing_lock:
        state = _coalescing.setdefault(key, [float("-inf"), None])
        if state[1] is not None:
            return  # a later push is due; it reads this change too
        wait = state[0] + window - time.monotonic()
        if wait > 0:
            state[1] = threading.Timer(wait, _trailing_push, (key, build))
            state[1].daemon = True
            state[1].start()
            return
        state[0] = time.monotonic()
    _send_pushes(build)


def _trailing_push(key: tuple, build) -> None:
    with _coalescing_lock:
        _coalescing[key] = [time.monotonic(), None]
    try:
        _send_pushes(build)
    except Exception:  # a thread of its own: nobody else would see the error
        logger.exception("A merged live push failed: %s", key[1])
    finally:
        connections.close_all()  # this thread's own connections


def push_on_commit(build: Callable[[], Iterable[tuple[str, str, str | None]]]) -> None:
    """Run `build` after commit; it yields (group, html, exclude_client) triples.

    Rendering happens after the commit too, from freshly read rows, so the push
    shows the committed state even when several services ran in one transaction.
    """

    def push():  # a function, not a partial: Django logs a robust callback's __qualname__
        _send_or_coalesce(build)

    transaction.on_commit(push, robust=True)
