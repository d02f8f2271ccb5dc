"""Part 1 in the room: two teams map at once, the projector follows, the facilitator
brings the findings together and the path to a profession updates."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import open_as_attendee, open_console, wait_until_live
from tests.factories import ParticipantFactory, TeamFactory
from tests.map_factories import FactorFactory, TopicFactory
from workshop import map_services, services
from workshop.models import CausalLink, Factor

pytestmark = pytest.mark.browser


def add_factor(page, team, label, kind):
    page.fill(f"#factor-label-{team.pk}", label)
    page.select_option(f"#factor-kind-{team.pk}", kind)
    page.locator(f"#team-factor-form-{team.pk}").get_by_role("button", name="Add factor").click()


def propose_link(page, team, cause, effect, polarity="1"):
    form = page.locator(f"#team-link-form-{team.pk}")
    expect(form.locator(f"#link-cause-{team.pk} option", has_text=cause)).to_have_count(1)
    page.select_option(f"#link-cause-{team.pk}", label=cause)
    page.select_option(f"#link-effect-{team.pk}", label=effect)
    form.locator(f"input[name=polarity][value='{polarity}']").check()
    form.get_by_role("button", name="Propose link").click()


def test_two_teams_map_at_once_and_the_facilitator_builds_the_path(new_page, workshop):
    topic = TopicFactory(workshop=workshop, title="Enablers of a PMO profession")
    aurora = TeamFactory(workshop=workshop, name="Aurora")
    birka = TeamFactory(workshop=workshop, name="Birka")
    topic.teams.add(aurora, birka)
    outcome = FactorFactory(
        workshop=workshop,
        label="PMO management is a recognised profession",
        kind="outcome",
        topic=topic,
    )
    map_services.set_outcome(workshop, outcome)
    services.step_phase(workshop, 1, expected_current_id=workshop.current_phase_id)  # Part 1

    console = open_console(new_page, workshop, viewport=(1440, 900))
    projector = new_page(viewport=(1920, 1080))
    projector.context.add_cookies(console.context.cookies())
    projector.goto(reverse("workshop:projector", args=[workshop.pk]))
    wait_until_live(projector)
    projector.evaluate("window.__noReload = true")
    room = new_page(viewport=(1440, 900))
    room.context.add_cookies(console.context.cookies())
    room.goto(reverse("workshop:map", args=[workshop.pk]))
    wait_until_live(room)

    anna = open_as_attendee(new_page, ParticipantFactory(team=aurora, display_name="Anna"))
    bo = open_as_attendee(new_page, ParticipantFactory(team=birka, display_name="Bo"))

    # Both teams work at the same time.
    add_factor(anna, aurora, "PMO career ladder", "building_block")
    add_factor(bo, birka, "Career ladder for PMO staff", "building_block")
    propose_link(anna, aurora, "PMO career ladder", outcome.label)
    propose_link(bo, birka, "Career ladder for PMO staff", outcome.label)

    stage = projector.locator("#projector-stage")
    expect(stage).to_contain_text("PMO career ladder")
    expect(stage).to_contain_text("Career ladder for PMO staff")
    assert projector.evaluate("window.__noReload === true"), "the projector reloaded"

    # The facilitator's inbox filled live; accept both links.
    inbox = room.locator("#map-inbox")
    expect(inbox.locator(".inbox-item")).to_have_count(2)
    for _ in range(2):
        inbox.locator(".inbox-item").first.get_by_role("button", name="Accept").click()
        expect(inbox.locator(".inbox-item")).to_have_count(1 if _ == 0 else 0)
    assert CausalLink.objects.filter(status="accepted").count() == 2
    expect(anna.locator(f"#team-links-{aurora.pk}")).to_contain_text("Accepted")

    # The two ladders are one idea: merge, then propose the path.
    duplicate = Factor.objects.get(label="Career ladder for PMO staff")
    kept = Factor.objects.get(label="PMO career ladder")
    room.select_option("#merge-merged", str(duplicate.pk))
    room.select_option("#merge-kept", str(kept.pk))
    room.locator("#map-factors").get_by_role("button", name="Merge").click()
    expect(room.locator("#map-factors")).to_contain_text(
        "Career ladder for PMO staff → PMO career ladder"
    )
    expect(stage).not_to_contain_text("Career ladder for PMO staff")

    room.once("dialog", lambda dialog: dialog.accept())
    room.get_by_role("button", name="Propose from the map").click()
    path = room.locator(".path-list")
    expect(path).to_contain_text("1. PMO career ladder")

    # Undo brings the duplicate and its link back.
    room.locator("#map-factors").get_by_role("button", name="Undo").click()
    expect(stage).to_contain_text("Career ladder for PMO staff")
    assert Factor.objects.get(pk=duplicate.pk).merged_into is None
