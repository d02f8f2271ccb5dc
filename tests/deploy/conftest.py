"""Production-mode tests share Chromium with the browser tests, and a failed test that
ran its own server processes shows their logs."""

import pytest

from tests.browser.conftest import browser, live_server_url, new_page  # noqa: F401  (fixtures)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for server in getattr(item, "deploy_servers", ()):
            report.sections.append((f"{server.name} log ({server.log_path})", server.log_text()))
