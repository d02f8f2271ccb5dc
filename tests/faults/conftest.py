"""Fault tests: the app in its own server process while Redis or PostgreSQL stop and
start under it (tests/faults/processes.py), or a browser loses its network.

Playwright tests share Chromium with tests/browser. A failed test shows the logs of
the processes it ran.
"""

import os
import pwd
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import (
    browser,  # noqa: F401  (fixture: one Chromium per run)
    page_opener,
)

from .processes import RedisServer, find_binary

LOG_DIR = Path(settings.BASE_DIR, "var", "faults")


def keep_log(request, name: str, path: Path) -> None:
    """Show this process's log if the test fails."""
    if not hasattr(request.node, "fault_logs"):
        request.node.fault_logs = []
    request.node.fault_logs.append((name, path))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for name, path in getattr(item, "fault_logs", ()):
            try:
                text = path.read_text(errors="replace")[-8000:]
            except OSError as exc:
                text = f"(no log: {exc})"
            report.sections.append((f"{name} log ({path})", text))


def require(binary: str, package: str) -> None:
    if find_binary(binary) is None:
        pytest.skip(f"{binary} not found: install {package} (.ci/run does)")


def require_postgres_user() -> None:
    """PostgreSQL refuses to run as root; as root the tests run it as `postgres`."""
    if os.geteuid() != 0:
        return
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root without a postgres OS user (apt-get install postgresql)")


@pytest.fixture
def redis_server(request):
    """A private Redis the test may stop and start again (same port)."""
    require("redis-server", "redis-server")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    server = RedisServer(LOG_DIR)
    keep_log(request, "redis", server.log_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def new_page(browser, app_server, transactional_db):  # noqa: F811
    """Each call is a separate person (own browser context) on `app_server`, which each
    test module provides; like tests/browser's fixture, so its helpers work here."""
    open_page, close_all = page_opener(browser, app_server.url)
    yield open_page
    close_all()
