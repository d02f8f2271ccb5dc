"""Part 2b: the facilitator reveals Vision 2030 findings with the keyboard; the projector
follows without reloading and the teams get them as reference cards."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teams import companies
from tests.browser.helpers import open_as_attendee, open_console, wait_until_live
from tests.factories import ParticipantFactory
from tests.part2_factories import FindingFactory, framework_for
from vision.models import Vision
from workshop.editing import Author

pytestmark = pytest.mark.browser

SETTLING = re.compile(r"htmx-added")
TITLES = ["Strategy execution", "Value over activity", "Data-assisted insight", "Hybrid work"]


def mark_page(page):
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page):
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"


def test_facilitator_reveals_findings_with_the_keyboard(new_page, workshop, team_a, anna):
    framework_for(workshop)
    acme = companies.create_company(team_a, "Acme AB", Author(participant=anna))
    alex = ParticipantFactory(team=team_a, display_name="Alex")
    for position, title in enumerate(TITLES):
        FindingFactory(workshop=workshop, position=position, title=title)

    attendee = open_as_attendee(new_page, anna)
    expect(attendee.locator("#finding-cards")).to_be_hidden()
    mark_page(attendee)

    presenter = open_console(new_page, workshop, viewport=(1366, 768))
    presenter.goto(reverse("vision:briefing", args=[workshop.pk]))
    wait_until_live(presenter)

    projector = presenter.context.new_page()
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(reverse("workshop:projector", args=[workshop.pk]))
    wait_until_live(projector)
    mark_page(projector)

    presenter.bring_to_front()
    presenter.get_by_role("button", name="Move the room to the briefing").click()
    stage = projector.locator("#briefing-stage")
    expect(stage).to_contain_text("PMO Vision 2030")
    expect(presenter.locator(".briefing-position")).to_have_text("Overview")

    for number, title in enumerate(TITLES[:3], start=1):
        presenter.keyboard.press("ArrowRight")
        expect(stage.locator(".briefing-slide__title")).to_have_text(title)
        expect(stage).to_contain_text(f"Finding {number} of 4")
        # The next press starts from what the presenter now shows, once htmx has
        # wired up the swapped-in buttons (it drops "htmx-added" when done).
        expect(presenter.locator(".briefing-position")).to_have_text(f"{number} of 4")
        expect(presenter.locator("#briefing-presenter")).not_to_have_class(SETTLING)
    expect(stage).not_to_contain_text(TITLES[3])
    assert_not_reloaded(projector)

    cards = attendee.locator("#finding-cards")
    expect(cards).to_be_visible()
    expect(cards.locator(".finding-card")).to_have_count(3)
    for title in TITLES[:3]:
        expect(cards).to_contain_text(title)
    expect(cards).not_to_contain_text(TITLES[3])
    expect(cards.locator(".finding-card--newest")).to_contain_text(TITLES[2])
    assert_not_reloaded(attendee)

    presenter.keyboard.press("ArrowLeft")
    expect(stage.locator(".briefing-slide__title")).to_have_text(TITLES[1])
    expect(cards.locator(".finding-card")).to_have_count(3)  # going back reveals nothing new

    # The team tags the findings its vision answers: only revealed ones are offered,
    # and a team mate on the same vision page sees the tick live.
    vision_url = reverse("vision:vision", args=[workshop.pk, team_a.pk, acme.pk])
    attendee.goto(vision_url)
    wait_until_live(attendee)
    mate = open_as_attendee(new_page, alex)
    mate.goto(vision_url)
    wait_until_live(mate)
    tags = attendee.locator("#vision-findings")
    expect(tags.locator("label.check")).to_have_count(3)
    expect(tags).not_to_contain_text(TITLES[3])
    tags.get_by_label(TITLES[0]).check()
    expect(mate.locator("#vision-findings").get_by_label(TITLES[0])).to_be_checked()
    mate.locator("#vision-findings").get_by_label(TITLES[2]).check()
    expect(attendee.locator("#vision-findings").get_by_label(TITLES[2])).to_be_checked()
    tagged = set(Vision.objects.get(company=acme).findings.values_list("title", flat=True))
    assert tagged == {TITLES[0], TITLES[2]}
