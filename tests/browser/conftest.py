"""Browser tests: Playwright drives Debian's Chromium against a real ASGI server.

The server runs in its own process (daphne) on the test database, exactly as in
production; tests use `transactional_db` so that process sees their data.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}; run scripts/test.sh to install it")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "true", "JOIN_RATE": "1000/m"}
    log = open(Path(settings.BASE_DIR, "var", f"live-server-{port}.log"), "w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "workshop.asgi:application",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            break
        except Exception:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"live server did not start; see {log.name}") from None
            time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


_playwright: dict = {}


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run. Other folders import this fixture (tests/deploy,
    tests/faults), which makes a fixture of their own; they must share this Playwright,
    since its sync API allows only one per thread."""
    from playwright.sync_api import sync_playwright

    if not _playwright:
        _playwright["playwright"] = playwright = sync_playwright().start()
        _playwright["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
    yield _playwright["browser"]
    if _playwright:  # the first of the copies to finish closes it
        _playwright.pop("browser").close()
        _playwright.pop("playwright").stop()


def page_opener(browser, base_url: str):
    """(open, close_all): each open() is a separate browser context, a separate person
    with own cookies, on `base_url`; close_all() ends them all."""
    contexts = []

    def open_page(viewport=(1280, 800)):
        context = browser.new_context(
            base_url=base_url, viewport={"width": viewport[0], "height": viewport[1]}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    def close_all():
        for context in contexts:
            context.close()
        connection.close()

    return open_page, close_all


@pytest.fixture
def new_page(browser, live_server_url, transactional_db):
    """Each call is a separate browser context: a separate person with own cookies."""
    open_page, close_all = page_opener(browser, live_server_url)
    yield open_page
    close_all()
