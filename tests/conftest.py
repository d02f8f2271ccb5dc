import os
from pathlib import Path

import pytest
from django.conf import settings

from workshop.access import remember_participant

from .factories import PASSWORD, ParticipantFactory, TeamFactory, UserFactory, WorkshopFactory

Path(settings.BASE_DIR, "var").mkdir(exist_ok=True)
# Fast hashing for users made in tests; the browser tests' server process inherits it.
os.environ["FAST_PASSWORD_HASHING"] = "1"
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
def _english_first():
    """Each test starts in English: a request in Swedish leaves its language active
    in the thread (LocaleMiddleware activates, nothing deactivates)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


def _clear_this_runs_cache():
    """Only this run's keys: on Redis, cache.clear() is FLUSHDB, which would also wipe
    the channel-layer groups of every other test run (and CI's) on the same server."""
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=500))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: each test starts with a clean slate."""
    _clear_this_runs_cache()
    yield
    _clear_this_runs_cache()


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """A new channel-layer object per test. Each async test runs on an event loop of its
    own, and channels-redis binds its receive lock to the first loop that uses it: a
    consumer still receiving when an earlier test's loop ended would break this test's
    sockets with "bound to a different event loop". The live-update breaker starts closed."""
    from channels.layers import channel_layers

    from workshop import live

    channel_layers.backends.clear()
    live.layer_answered()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def _pushes_one_per_change(settings):
    """Every change pushes at once, in the test's thread: a merged push would come later
    from a timer thread, which cannot see a test transaction's rows. Merging has its own
    tests (tests/workshop/test_coalescing.py)."""
    settings.LIVE_COALESCE_SECONDS = 0


__all__ = ["PASSWORD", "attendee_client_for"]


# --- added for the workshop/teams feature tests -------------------------------------


@pytest.fixture
def alex(team_a):
    """Anna's team mate: a second writer in the same team."""
    return ParticipantFactory(team=team_a, display_name="Alex")


@pytest.fixture
def other_facilitator(db):
    """Facilitates a workshop of their own, but not `workshop`."""
    user = UserFactory()
    WorkshopFactory(created_by=user)
    return user


def session_key_for_participant(participant) -> str:
    """A saved session that remembers `participant`, as after joining in a browser."""
    from importlib import import_module

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    remember_participant(session, participant)
    session.save()
    return session.session_key


def session_key_for_user(user) -> str:
    """A saved session of a signed-in user (for sockets, which read the cookie)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def errors_beside(html: str, input_id: str) -> list[str]:
    """The error messages shown in the form field block (`_field.html`) of `input_id`."""
    import re
    from html import unescape

    for block in re.split(r'(?=<div class="field[ "])', html):
        if f'id="{input_id}"' in block or f'for="{input_id}"' in block:
            return [
                unescape(e) for e in re.findall(r'<p class="field__error"[^>]*>(.*?)</p>', block)
            ]
    raise AssertionError(f"no field {input_id!r} on the page")


def pytest_collection_modifyitems(config, items):
    """Browser tests run last. Playwright's sync API keeps an event loop running in the
    main thread until the session ends, and asgiref's async_to_sync (used by /healthz,
    live pushes and the socket tests) refuses to run in a thread with a running loop."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    """Uploads (finding images) go to a throw-away folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


def query_count(fn) -> int:
    """How many database queries `fn()` makes (for tests that hold a page's reads fixed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)
