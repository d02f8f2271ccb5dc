"""The security sweep's shared fixtures: one rich world per test module, rolled back at
the end, and a fingerprint of every app table to prove a refused request changed nothing.

The world is built once per module inside a transaction that every test nests a
savepoint in (pytest-django's `db`), as Django's `TestCase.setUpTestData` does; each
request of a test may nest one more (`rolled_back`), so an allowed write never leaks
into the next request. Socket tests need a transactional database and build their own.
"""

import contextlib
import hashlib
import os

import pytest
from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, settings

from .world import build_world

APPS = ("workshop", "teams", "vision", "strategy")

# Hypothesis: a dozen examples per form on the 2-core CI machine (each run draws new ones);
# SECURITY_FUZZ_EXAMPLES=500 makes a long local hunt. No example database: runs stay
# independent of each other.
settings.register_profile(
    "security",
    max_examples=int(os.environ.get("SECURITY_FUZZ_EXAMPLES", "12")),
    deadline=None,
    database=None,
    derandomize=os.environ.get("SECURITY_FUZZ_DERANDOMIZE", "") == "1",
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.load_profile("security")


def app_models():
    for label in APPS:
        yield from apps.get_app_config(label).get_models()


def db_state() -> dict[str, tuple[int, str]]:
    """Every row of every app table (history included), as (count, digest) per model.
    Raw SQL: the ORM would cost ten times as much, and this runs after every refusal."""
    state = {}
    with connection.cursor() as cursor:
        for model in app_models():
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
            rows = cursor.fetchall()
            digest = hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()
            state[model._meta.label] = (len(rows), digest)
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


@contextlib.contextmanager
def rolled_back():
    """Whatever happens inside is undone afterwards (a savepoint)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("security-media")


@pytest.fixture(autouse=True)
def _media_root(world_media, settings):
    """Overrides tests/conftest.py: the world's files (finding image, pack ZIP) live in
    one folder for the whole module."""
    settings.MEDIA_ROOT = world_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    from django.conf import settings as django_settings

    saved_media = django_settings.MEDIA_ROOT
    django_settings.MEDIA_ROOT = world_media
    with django_db_blocker.unblock():
        assert "test" in str(connection.settings_dict["NAME"]), "not on the test database"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            built.state = db_state()
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            django_settings.MEDIA_ROOT = saved_media
