"""A topic raised on one laptop reaches the other laptops and the projector live; an
upvote counts once per person; a topic the facilitator hides vanishes everywhere."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teams.models import TopicVote
from tests.browser.helpers import login_session, open_as_attendee, open_console, wait_until_live
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.browser

TEXT = "How do we show the board what the PMO is worth?"


def open_projector(new_page, workshop):
    page = new_page(viewport=(1280, 720))
    session = login_session(workshop.facilitators.first())
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "domain": "127.0.0.1", "path": "/"}]
    )
    page.goto(reverse("workshop:projector", args=[workshop.pk]))
    wait_until_live(page)
    return page


def mark_page(page):
    """A flag that a reload would wipe: proves updates arrive without reloading."""
    page.evaluate("window.__noReload = true")


def test_a_topic_travels_live_counts_votes_once_and_vanishes_when_hidden(
    new_page, workshop, team_a, team_b
):
    anna = ParticipantFactory(team=team_a, display_name="Anna")
    bo = ParticipantFactory(team=team_b, display_name="Bo")
    laptop_a = open_as_attendee(new_page, anna)
    laptop_b = open_as_attendee(new_page, bo)
    projector = open_projector(new_page, workshop)
    console = open_console(new_page, workshop)
    screens = (laptop_a, laptop_b, projector, console)
    for page in screens:
        mark_page(page)

    laptop_a.fill("#topic-text", TEXT)
    laptop_a.click("#topic-form button")
    expect(laptop_a.locator("#topic-list")).to_contain_text(TEXT)
    expect(laptop_b.locator("#topic-list")).to_contain_text(TEXT)
    expect(projector.locator("#projector-topics")).to_contain_text(TEXT)
    expect(console.locator("#console-topics")).to_contain_text(TEXT)

    vote = laptop_b.locator("#topic-list .topic__vote")
    vote.click()
    expect(vote).to_have_attribute("aria-pressed", "true")
    vote.click()
    expect(vote.locator(".topic__count")).to_have_text("1")
    expect(laptop_a.locator("#topic-list .topic__count")).to_have_text("1")
    expect(laptop_a.locator("#topic-list .topic__vote")).to_have_attribute("aria-pressed", "false")
    assert TopicVote.objects.count() == 1

    console.locator('#console-topics [data-action="screen"]').click()
    expect(projector.locator("#projector-topic")).to_contain_text(TEXT)

    console.locator('#console-topics [data-action="hide"]').click()
    expect(console.locator('#console-topics [data-action="unhide"]')).to_be_visible()
    for page in (laptop_a, laptop_b):
        expect(page.locator("#topic-list")).not_to_contain_text(TEXT)
    expect(projector.locator("#projector-topics")).not_to_contain_text(TEXT)
    expect(projector.locator("#projector-topic")).to_be_empty()
    for page in screens:
        assert page.evaluate("window.__noReload === true"), "a screen reloaded"
