"""Browser helpers for the production-mode tests."""

from concurrent.futures import ThreadPoolExecutor

from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from tests.browser.helpers import _session_cookie
from workshop import services
from workshop.access import remember_participant

# Collects every violation the page's documents report (enforced or report-only alike).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.disposition} ${e.effectiveDirective} ` +
    `blocked=${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watched:
    """Browser contexts whose pages report CSP violations, from the console (across
    navigations) and from `securitypolicyviolation` events (per document)."""

    def __init__(self, new_page=None):
        self.new_page = new_page
        self.reports: list[str] = []

    def page(self, session=None):
        page = self.new_page()
        return self.watch(page, session)

    def watch(self, page, session=None):
        page.add_init_script(LISTEN)
        page.on(
            "console",
            lambda message: (
                self.reports.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        if session is not None:
            page.context.add_cookies([_session_cookie(page, session)])
        return page

    def collect(self, page) -> None:
        events = page.evaluate("window.__cspViolations || []")
        self.reports.extend(f"{page.url}: {event}" for event in events)


def go_to_phase_outside_playwright(workshop, phase) -> None:
    """A service pushes after commit through async_to_sync, which refuses to run in the
    thread where Playwright's event loop runs."""

    def go():
        try:
            services.go_to_phase(workshop, phase)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(go).result()


def attendee_session(participant) -> SessionStore:
    session = SessionStore()
    remember_participant(session, participant)
    session.save()
    return session
