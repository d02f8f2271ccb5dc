"""Content-Security-Policy: every main page carries it, nothing on a page needs what it
forbids (inline code, style attributes, eval), and in Chromium no page reports a
violation while the live sockets still connect."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import login_session, wait_until_live
from tests.workshop.test_languages import _pages, _phase_pages, demo, people  # noqa: F401
from workshop import services

from .browsing import Watched, attendee_session, go_to_phase_outside_playwright

POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def directives(header: str) -> dict[str, set[str]]:
    parsed = {}
    for part in header.split(";"):
        if part.split():
            name, *values = part.split()
            parsed[name] = set(values)
    return parsed


URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class _InlineCode(HTMLParser):
    """What the policy would block: inline scripts (JSON data blocks are fine), event
    handler and hx-on attributes, style attributes and <style> elements, javascript:
    URLs, and htmx attributes that htmx evaluates as JavaScript."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and "src" not in values and values.get("type") != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            value = value or ""
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif name.startswith(("on", "hx-on", "data-hx-on")):
                self.found.append(f'<{tag} {name}="{value}">')
            elif name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.found.append(f'<{tag} {name}="{value}">')
            elif name in {"hx-vals", "hx-vars"} and "js:" in value.replace(" ", ""):
                self.found.append(f'<{tag} {name}="{value}">')
            elif name == "hx-trigger" and "[" in value:  # an event filter is run as JavaScript
                self.found.append(f'<{tag} {name}="{value}">')

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


def test_the_check_finds_inline_code_it_is_meant_to_find():
    html = (
        '<script>alert(1)</script><script type="application/json">{"a": 1}</script>'
        '<script src="/static/x.js"></script><div style="width: 5%"></div>'
        '<button onclick="go()" hx-on::after-request="x()"></button><a href="javascript:go()">'
        "<p hx-trigger=\"keyup[ctrlKey]\" hx-vals='js:{a: 1}'></p><style>p {}</style>"
        '<span data-width="5" hx-trigger="input changed delay:600ms"></span>'
    )
    assert inline_code(html) == [
        "inline <script>",
        '<div style="width: 5%">',
        '<button onclick="go()">',
        '<button hx-on::after-request="x()">',
        '<a href="javascript:go()">',
        '<p hx-trigger="keyup[ctrlKey]">',
        '<p hx-vals="js:{a: 1}">',
        "<style> element",
    ]


@pytest.mark.django_db
def test_every_main_page_carries_the_policy_and_nothing_it_would_block(demo, people):  # noqa: F811
    workshop, company, _participant = demo
    problems: list[str] = []

    def visit(who, url):
        response = (people.get(who) or Client()).get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        header = response.headers.get("Content-Security-Policy")
        if header is None:
            problems.append(f"{url}: no Content-Security-Policy header")
        elif directives(header) != POLICY:
            problems.append(f"{url}: policy {header!r}")
        problems.extend(f"{who} {url}: {found}" for found in inline_code(response.content.decode()))

    for who, url in _pages(workshop, company):
        visit(who, url)
    for phase in workshop.phases.all():  # the projector, console and workspace change per phase
        services.go_to_phase(workshop, phase)
        for who, url in _phase_pages(workshop, company):
            visit(who, url)
    assert not problems, "\n".join(problems)


# --- in Chromium -------------------------------------------------------------------------


@pytest.mark.browser
def test_live_pages_connect_and_report_no_violation(new_page, workshop, team_a, anna):
    watched = Watched(new_page)
    console = watched.page(login_session(workshop.facilitators.first()))
    console.goto(reverse("workshop:console", args=[workshop.pk]))
    wait_until_live(console)  # the WebSocket connected under connect-src 'self'
    projector = watched.watch(console.context.new_page())
    projector.goto(reverse("workshop:projector", args=[workshop.pk]))
    wait_until_live(projector)
    attendee = watched.page(attendee_session(anna))
    attendee.goto(reverse("attendee_home", args=[workshop.pk]))
    wait_until_live(attendee)

    # Live traffic under the policy: an autosave, and a phase change pushed to the room.
    notes = attendee.locator(f"#input-team-{team_a.pk}-notes")
    notes.fill("Governance first")
    expect(attendee.locator(f"#status-team-{team_a.pk}-notes")).to_contain_text("Saved")
    before = projector.locator("#phase-status").inner_text()
    console.click("#key-next")
    expect(projector.locator("#phase-status")).not_to_have_text(before)
    expect(attendee.locator("#phase-status")).not_to_have_text(before)

    # The page's words for live.js sit in a JSON <script>: data, which the policy lets be.
    assert attendee.evaluate("JSON.parse(document.getElementById('ui-text').text).saved") == "Saved"
    for page in (console, projector, attendee):
        watched.collect(page)
    assert not watched.reports, "\n".join(watched.reports)


@pytest.mark.browser
def test_every_main_page_loads_in_chromium_without_a_violation(new_page, demo):  # noqa: F811
    workshop, company, participant = demo
    watched = Watched(new_page)
    user = get_user_model().objects.get
    pages = {
        "visitor": watched.page(),
        "facilitator": watched.page(login_session(user(username="facilitator"))),
        "organiser": watched.page(login_session(user(username="organiser"))),
        "attendee": watched.page(attendee_session(participant)),
    }

    def visit(who, url):
        page = pages[who]
        page.goto(url)
        if page.locator("#live-status").count():
            wait_until_live(page)  # the first snapshot is swapped in, as on a real screen
        watched.collect(page)

    for who, url in _pages(workshop, company):
        visit(who, url)
    for phase in workshop.phases.all():
        go_to_phase_outside_playwright(workshop, phase)
        for who, url in _phase_pages(workshop, company):
            visit(who, url)
    assert not watched.reports, "\n".join(watched.reports)


@pytest.mark.browser
def test_the_policy_is_enforced_not_only_reported(new_page, live_server_url):
    watched = Watched(new_page)
    page = watched.page()
    page.goto(reverse("join"))
    page.evaluate(
        """() => {
          const styled = '<p id="styled" style="color: rgb(255, 0, 0)">x</p>';
          document.body.insertAdjacentHTML("beforeend", styled);
          const script = document.createElement("script");
          script.textContent = "window.__inlineRan = true";
          document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") != (
        "rgb(255, 0, 0)"
    )
    assert page.evaluate("window.__inlineRan === undefined")
    watched.collect(page)
    enforced = " ".join(watched.reports)
    assert "enforce style-src-attr" in enforced and "enforce script-src-elem" in enforced
