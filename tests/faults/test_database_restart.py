"""PostgreSQL stops or restarts under a running app: requests meanwhile get a clear 503
(never a traceback), a write cut off half-way leaves nothing behind, and the same app
process serves normally once the database is back.

The app runs under uvicorn (as in production) against a private PostgreSQL cluster
that the test stops, starts and restarts; the test reads the database directly.
"""

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import psycopg
import pytest
from django.conf import settings
from django.utils.crypto import get_random_string
from playwright.sync_api import expect

from tests.browser.helpers import wait_until_live

from .conftest import LOG_DIR, keep_log, require, require_postgres_user
from .processes import BASE_DIR, AppServer, PostgresServer, server_env, wait_for

# All `browser`, though only the last drives Chromium: browser tests run last, and the
# module's PostgreSQL (a migrate of its own) is set up once only if its tests stay together.
pytestmark = [pytest.mark.browser, pytest.mark.faults]

DATABASE = "faults"
FRIENDLY = "The server is restarting its database"


class Client:
    """An attendee's browser, as far as HTTP goes: their session cookie, a CSRF cookie
    and its token, and htmx's header on htmx requests."""

    def __init__(self, base_url: str, session_key: str):
        self.base_url = base_url
        self.csrf_token = get_random_string(32)
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={self.csrf_token}"
        )

    def request(self, path: str, data: dict | None = None, *, htmx: bool = False):
        """(status, headers, body); error statuses are answers too."""
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.csrf_token}
        if htmx:
            headers["HX-Request"] = "true"
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


@pytest.fixture(scope="module")
def database():
    require("initdb", "postgresql")
    require("pg_ctl", "postgresql")
    require_postgres_user()
    postgres = PostgresServer()
    try:
        postgres.init()
        postgres.start()
        with psycopg.connect(postgres.url("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        env = server_env(DATABASE_URL=postgres.url(DATABASE), REDIS_URL="")
        env.update(DJANGO_SETTINGS_MODULE="workshop.settings", FAST_PASSWORD_HASHING="1")
        run = {"cwd": BASE_DIR, "env": env, "check": True, "timeout": 300}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.faults.seed"], capture_output=True, text=True, **run
        )
        yield postgres, json.loads(seeded.stdout.strip().splitlines()[-1])
    finally:
        postgres.remove()


@pytest.fixture(scope="module")
def app(database):
    postgres, seeded = database
    # REDIS_URL unset: the in-memory channel layer, so only the database is at fault.
    env = server_env(DATABASE_URL=postgres.url(DATABASE), REDIS_URL="")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    server = AppServer(env, LOG_DIR / f"app-postgres-{postgres.port}.log", runner="uvicorn")
    yield server
    server.stop()


@pytest.fixture
def attendee(request, database, app):
    postgres, seeded = database
    keep_log(request, "app server", app.log_path)
    keep_log(request, "postgresql", postgres.log_path)
    if not postgres.answers():  # a test before failed with it stopped
        postgres.start()
    return Client(app.url, seeded["session"])


@pytest.fixture
def page(browser, app):
    """A browser page on the app. Not tests/faults' new_page: that one is for the test
    database (transactional_db), and a test that uses it is ordered apart from this
    module's others, which would then set PostgreSQL up twice."""
    context = browser.new_context(base_url=app.url)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def query(postgres, sql: str, *params):
    with psycopg.connect(postgres.url(DATABASE), autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()


def notes_version(postgres, team_id: int) -> int:
    return query(postgres, "SELECT version FROM teams_team WHERE id = %s", team_id)[0][0]


def test_while_the_database_is_down_requests_get_a_clear_503_and_then_work_again(
    database, app, attendee
):
    postgres, seeded = database
    version = notes_version(postgres, seeded["team"])
    pid = app.process.pid
    postgres.stop()

    status, headers, page = attendee.request(seeded["workspace"])
    assert status == 503
    assert FRIENDLY in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert headers["Retry-After"]

    autosave = {"value": "Written while the database was down", "version": version}
    status, headers, text = attendee.request(seeded["notes"], autosave, htmx=True)
    assert status == 503
    assert headers["X-Unavailable"] == "database"  # live.js: "Could not save — …"
    assert "database restarted" in text

    status, _, health = attendee.request("/healthz")
    assert status == 503
    assert json.loads(health)["database"] == "down"

    postgres.start()
    status, _, _ = attendee.request(seeded["notes"], autosave, htmx=True)
    assert status == 200
    assert app.process.pid == pid and app.process.poll() is None  # the same process
    notes = query(postgres, "SELECT notes FROM teams_team WHERE id = %s", seeded["team"])
    assert notes == [("Written while the database was down",)]
    status, _, page = attendee.request(seeded["workspace"])
    assert status == 200 and "Written while the database was down" in page


def half_written(postgres) -> bool:
    """A session has written a company and a baseline (it holds their write locks) and
    waits for a lock: the transaction is half-way."""
    tables = query(
        postgres,
        "SELECT DISTINCT c.relname FROM pg_locks l"
        " JOIN pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE a.wait_event_type = 'Lock' AND l.granted AND l.mode = 'RowExclusiveLock'"
        " AND c.relname IN ('teams_company', 'teams_baseline')",
    )
    return len(tables) == 2


def company_rows(postgres, name: str) -> tuple[int, int, int, int]:
    company_ids = [
        row[0] for row in query(postgres, "SELECT id FROM teams_company WHERE name = %s", name)
    ]
    baselines = query(
        postgres, "SELECT count(*) FROM teams_baseline WHERE company_id = ANY(%s)", company_ids
    )[0][0]
    assessments = query(
        postgres,
        "SELECT count(*) FROM teams_assessment a JOIN teams_baseline b ON a.baseline_id = b.id"
        " WHERE b.company_id = ANY(%s)",
        company_ids,
    )[0][0]
    activity = query(
        postgres,
        "SELECT count(*) FROM workshop_activity WHERE params->>'team' = %s",
        "Team Restart",
    )[0][0]
    return len(company_ids), baselines, assessments, activity


def test_a_write_cut_off_by_a_restart_leaves_nothing_half_saved(database, app, attendee):
    """Adding a company writes the company, its baseline, one assessment per dimension
    and an activity line in one transaction. The restart comes when the company and
    the baseline are written and the assessments wait for a lock the test holds."""
    postgres, seeded = database
    before = company_rows(postgres, "Acme")
    blocker = psycopg.connect(postgres.url(DATABASE))
    blocker.execute("LOCK TABLE teams_assessment IN ACCESS EXCLUSIVE MODE")
    answers = []
    adding = threading.Thread(
        target=lambda: answers.append(
            attendee.request(seeded["company_add"], {"name": "Acme"}, htmx=True)
        )
    )
    adding.start()
    try:
        wait_for(lambda: half_written(postgres), timeout=20, what="the write to be half-way")
        postgres.restart("fast")  # ends every session: the blocked write and the lock
    finally:
        adding.join(timeout=30)
        blocker.close()

    status, headers, text = answers[0]
    assert status == 503 and headers["X-Unavailable"] == "database"
    assert company_rows(postgres, "Acme") == before == (0, 0, 0, 0)

    # The app is back without a restart, and the same request now writes everything.
    status, _, _ = attendee.request(seeded["company_add"], {"name": "Acme"}, htmx=True)
    assert 200 <= status < 300
    companies, baselines, assessments, activity = company_rows(postgres, "Acme")
    assert (companies, baselines, assessments) == (1, 1, seeded["dimensions"])
    assert seeded["dimensions"] > 1
    assert activity >= 1


def test_a_field_typed_while_the_database_restarts_is_saved_once_it_is_back(
    database, attendee, page
):
    postgres, seeded = database
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": seeded["session"]}
    page.context.add_cookies([{**cookie, "domain": "127.0.0.1", "path": "/"}])
    page.goto(seeded["workspace"])
    wait_until_live(page)
    notes = f"#input-team-{seeded['team']}-notes"
    status = f"#status-team-{seeded['team']}-notes"

    postgres.stop()
    page.locator(notes).fill("Typed during the restart")
    expect(page.locator(status)).to_contain_text("the server’s database restarted")
    expect(page.locator(notes)).to_have_value("Typed during the restart")
    postgres.start()

    expect(page.locator(status)).to_contain_text("Saved", timeout=15_000)  # sent again
    saved = query(postgres, "SELECT notes FROM teams_team WHERE id = %s", seeded["team"])
    assert saved == [("Typed during the restart",)]
