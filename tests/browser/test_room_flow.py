"""A facilitator sets up a room; attendees join; the room follows the facilitator live."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teams.models import Participant
from tests.factories import PASSWORD, UserFactory
from workshop.models import Workshop
from workshop.qr import qr_svg

pytestmark = pytest.mark.browser


def mark_page(page):
    """A flag that a reload would wipe: proves updates arrive without reloading."""
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page):
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"


def sign_in(page, user):
    page.goto(reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/workshops/$"))


def test_facilitator_opens_room_attendees_join_and_follow_the_agenda(new_page, live_server_url):
    facilitator = UserFactory()
    console = new_page()
    sign_in(console, facilitator)

    console.click("text=New workshop")
    console.fill("#id_title", "PMO Vision Day Göteborg")
    console.fill("#id_venue", "Room Å")
    console.click("text=Create workshop")
    expect(console).to_have_url(re.compile(r"/workshops/\d+/$"))
    workshop = Workshop.objects.get(title="PMO Vision Day Göteborg")

    for name in ("Team Aurora", "Team Birka"):
        console.fill("#new-team-name", name)
        console.click("text=Add team")
        expect(console.locator("#console-teams")).to_contain_text(name)

    projector = new_page(viewport=(1920, 1080))
    projector.context.add_cookies(console.context.cookies())
    projector.goto(reverse("workshop:projector", args=[workshop.pk]))
    expect(projector.locator(".join-code")).to_have_text(workshop.display_code)
    expect(projector.locator("#projector-teams")).to_contain_text("Team Birka")
    mark_page(projector)

    # Attendee 1 types the code shown on the projector.
    anna = new_page()
    anna.goto(reverse("join"))
    anna.fill("#id_code", workshop.display_code.lower())
    anna.click("main button[type=submit]")
    anna.fill("#id_display_name", "Anna Öberg")
    anna.get_by_label("Team Aurora").check()
    anna.click("main button[type=submit]")
    expect(anna).to_have_url(re.compile(r"/w/\d+/teams/\d+/$"))
    expect(anna.locator("#team-header h1")).to_have_text("Team Aurora")

    # Attendee 2 scans the QR code: it encodes the join page with the code filled in.
    join_url = live_server_url + reverse("join_code", args=[workshop.code])
    qr = projector.request.get(reverse("workshop:join_qr", args=[workshop.pk]))
    assert qr.text() == qr_svg(join_url)
    bo = new_page()
    bo.goto(join_url)
    expect(bo.locator("h1")).to_have_text("PMO Vision Day Göteborg")
    bo.fill("#id_display_name", "Bo Ek")
    bo.get_by_label("Team Birka").check()
    bo.click("main button[type=submit]")
    expect(bo.locator("#team-header h1")).to_have_text("Team Birka")

    teams = projector.locator("#projector-teams")
    expect(teams.locator("[data-team]", has_text="Team Aurora")).to_contain_text("Anna Öberg")
    expect(teams.locator("[data-team]", has_text="Team Birka")).to_contain_text("Bo Ek")
    expect(teams.locator(".pill--online", has_text="Bo Ek")).to_be_visible()
    assert_not_reloaded(projector)
    assert Participant.objects.filter(workshop=workshop).count() == 2

    for page in (anna, bo):
        expect(page.locator("#phase-status")).to_contain_text("Welcome & join")
        mark_page(page)
    console.click("#key-next")
    for page in (anna, bo, projector):
        expect(page.locator("#phase-status")).to_contain_text("Part 1 — Path to a profession")
        assert_not_reloaded(page)
    workshop.refresh_from_db()
    assert workshop.current_phase.kind == "causal_map"


def test_timer_and_lock_reach_attendees_live(new_page, workshop, team_a, anna):
    from tests.browser.helpers import open_as_attendee, open_console

    console = open_console(new_page, workshop)
    attendee = open_as_attendee(new_page, anna)
    mark_page(attendee)

    console.click("#key-timer")  # start
    expect(attendee.locator("#timer")).to_have_attribute("data-state", "running")
    console.click("text=Lock editing")
    expect(attendee.locator("#phase-status")).to_contain_text("Editing locked")
    notes = attendee.locator(f"#input-team-{team_a.pk}-notes")
    expect(notes).to_have_attribute("readonly", "")
    console.click("text=Unlock editing")
    expect(notes).not_to_have_attribute("readonly", "")
    assert_not_reloaded(attendee)


def test_moved_attendee_lands_in_new_team_without_reload(new_page, workshop, team_a, team_b, anna):
    from tests.browser.helpers import open_as_attendee, open_console

    console = open_console(new_page, workshop)
    attendee = open_as_attendee(new_page, anna)
    expect(attendee.locator("#team-header h1")).to_have_text("Team A")

    console.select_option(f"#move-{anna.pk}", str(team_b.pk))
    expect(attendee.locator("#team-header h1")).to_have_text("Team B")
    expect(attendee).to_have_url(re.compile(rf"/teams/{team_b.pk}/$"))


def test_facilitator_typing_survives_live_updates(new_page, workshop, team_a):
    from tests.browser.helpers import open_console

    console = open_console(new_page, workshop)
    console.fill("#new-team-name", "Team Ze")  # typing, not yet submitted
    first_phase = workshop.phases.first()
    console.locator(f"#phase-title-{first_phase.pk}").locator("xpath=ancestor::details").locator(
        "summary"
    ).click()
    console.fill(f"#phase-title-{first_phase.pk}", "Welcome, coffee & join")

    attendee = new_page()
    attendee.goto(reverse("join_code", args=[workshop.code]))
    attendee.fill("#id_display_name", "Late Larry")
    attendee.get_by_label("Team A").check()
    attendee.click("main button[type=submit]")
    expect(console.locator("#console-teams")).to_contain_text("Late Larry")  # roster pushed
    console.click("#key-timer")  # agenda pushed
    expect(console.locator("#timer")).to_have_attribute("data-state", "running")

    expect(console.locator("#new-team-name")).to_have_value("Team Ze")
    expect(console.locator(f"#phase-title-{first_phase.pk}")).to_have_value(
        "Welcome, coffee & join"
    )
    console.locator(f"#phase-title-{first_phase.pk}").press("Enter")
    expect(console.locator("#phase-status")).to_contain_text("Welcome, coffee & join")
    console.locator("#new-team-name").press("Enter")
    expect(console.locator("#console-teams")).to_contain_text("Team Ze")
    expect(console.locator("#new-team-name")).to_have_value("")
