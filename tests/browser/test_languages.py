"""Languages in the room: a Swedish workshop greets everyone in Swedish; each person
can switch; live updates reach each screen in that screen's own language."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teams.models import Participant
from tests.browser.helpers import open_as_attendee, wait_until_live
from tests.factories import ParticipantFactory
from workshop.models import Workshop

pytestmark = pytest.mark.browser

TEXT = "Vem äger nyttan efter projektets slut?"


def test_a_swedish_workshop_is_joined_in_swedish(new_page, workshop, team_a):
    Workshop.objects.filter(pk=workshop.pk).update(language="sv")
    page = new_page()
    page.goto(reverse("join_code", args=[workshop.code]))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_label("Ditt namn").fill("Karin")  # the form speaks Swedish
    page.get_by_label(team_a.name).check()
    page.get_by_role("button", name="Gå med").click()
    wait_until_live(page)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert Participant.objects.filter(display_name="Karin").exists()


def test_each_person_switches_and_live_updates_arrive_in_their_language(new_page, workshop, team_a):
    anna = ParticipantFactory(team=team_a, display_name="Anna")
    alex = ParticipantFactory(team=team_a, display_name="Alex")
    english = open_as_attendee(new_page, anna)
    swedish = open_as_attendee(new_page, alex)

    swedish.locator('.language-switch button[value="sv"]').click()
    expect(swedish.locator("html")).to_have_attribute("lang", "sv")
    wait_until_live(swedish)
    expect(english.locator("html")).to_have_attribute("lang", "en")  # Anna's choice stands
    swedish.evaluate("window.__noReload = true")

    english.fill("#topic-text", TEXT)
    english.click("#topic-form button")

    # The same push, worded for each screen: Alex's vote button speaks Swedish.
    expect(swedish.locator("#topic-list")).to_contain_text(TEXT)
    expect(swedish.locator("#topic-list .topic__vote")).to_have_attribute("title", "Rösta")
    expect(english.locator("#topic-list .topic__vote")).to_have_attribute("title", "Upvote")
    assert swedish.evaluate("window.__noReload === true"), "the Swedish screen reloaded"

    swedish.locator('.language-switch button[value="en"]').click()
    expect(swedish.locator("html")).to_have_attribute("lang", "en")
