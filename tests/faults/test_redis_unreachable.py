"""Without Redis, in-process: a save's push is dropped and logged once (not raised, no
waiting), a socket closes with LIVE_PAUSED instead of crashing, and the cache reads as
empty so joining still works; once Redis is back, the cache is used again."""

import logging
import time

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from teams import services as team_services
from teams.models import Team
from workshop import live
from workshop.asgi import application
from workshop.consumers import LIVE_PAUSED
from workshop.editing import Author

from ..conftest import session_key_for_participant
from ..workshop.test_consumers import socket_headers

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

# Port 1 refuses connections at once: Redis is "stopped".
STOPPED = "redis://127.0.0.1:1/0"
NO_LAYER = {
    "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [STOPPED]}}
}


def tolerant_cache(location: str) -> dict:
    return {"default": {"BACKEND": "workshop.cache.RedisCache", "LOCATION": location}}


@pytest.fixture(autouse=True)
def _layer_known_up():
    """Each test starts with the live layer's outage state cleared (it is per process)."""
    live.layer_answered()
    yield
    live.layer_answered()


def test_saves_go_through_and_the_push_is_dropped_and_logged_once(team_a, anna, caplog):
    author = Author(participant=anna)
    with override_settings(CHANNEL_LAYERS=NO_LAYER), caplog.at_level(logging.WARNING):
        team_services.edit_team_field(team_a, "notes", "First", team_a.version, author)
        team = Team.objects.get(pk=team_a.pk)
        team_services.edit_team_field(team, "notes", "Second", team.version, author)
    assert Team.objects.get(pk=team_a.pk).notes == "Second"
    paused = [r for r in caplog.records if "Live updates paused" in r.getMessage()]
    assert len(paused) == 1
    assert not [r for r in caplog.records if r.exc_info]  # no traceback


def test_a_push_to_a_stopped_redis_costs_no_waiting():
    with override_settings(CHANNEL_LAYERS=NO_LAYER):
        started = time.monotonic()
        sent = [live.send(live.team_group(1), {"en": "<p id='x'></p>"}) for _ in range(5)]
        took = time.monotonic() - started
    assert sent == [False] * 5
    assert took < 1  # refused at once, each time: nothing waits for a timeout


def test_a_socket_closes_with_live_paused_when_the_layer_is_unreachable(team_a, anna):
    key = session_key_for_participant(anna)
    path = f"/ws/w/{team_a.workshop_id}/teams/{team_a.pk}/"

    async def connect():
        communicator = WebsocketCommunicator(application, path, socket_headers(key))
        accepted, _ = await communicator.connect(timeout=5)
        closing = await communicator.receive_output(timeout=5)
        await communicator.disconnect(timeout=5)  # re-raises if the consumer crashed
        return accepted, closing

    with override_settings(CHANNEL_LAYERS=NO_LAYER):
        accepted, closing = async_to_sync(connect)()
    assert accepted
    assert closing == {"type": "websocket.close", "code": LIVE_PAUSED}


def test_the_cache_reads_as_empty_while_redis_is_down():
    with override_settings(CACHES=tolerant_cache(STOPPED)):
        cache = caches["default"]
        assert cache.get("key", "default") == "default"
        assert cache.add("key", 1) is True  # as if stored: a rate limit counts from one
        cache.set("key", 1)
        assert cache.get_many(["key"]) == {}
        with pytest.raises(ValueError):
            cache.incr("key")


def test_joining_works_while_the_cache_is_down(client, workshop, settings):
    settings.JOIN_RATE = "1/m"
    with override_settings(CACHES=tolerant_cache(STOPPED)):
        for _ in range(3):  # failures that a working cache would count and throttle
            assert client.post(reverse("join"), {"code": "ZZZZ-ZZZZ"}).status_code == 404
        response = client.get(reverse("join_code", args=[workshop.code]))
    assert response.status_code == 200


def test_the_cache_is_used_again_once_redis_is_back(redis_server):
    with override_settings(CACHES=tolerant_cache(redis_server.url)):
        cache = caches["default"]
        cache.set("key", "before")
        redis_server.stop()
        assert cache.get("key", "missed") == "missed"
        redis_server.start()  # empty: it keeps nothing on disk
        cache.set("key", "after")
        assert cache.get("key") == "after"
