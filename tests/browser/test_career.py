"""An attendee's career plan in real browsers: filled in by the attendee, out of reach of a
team mate, the facilitator, an organiser and an anonymous visitor, downloaded as a PDF that
shows it, and opened again through the private link in a browser with no session."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from teams.models import CareerPlan, EducationStep
from tests.browser.helpers import login_session, open_as_attendee, wait_until_live
from tests.factories import ParticipantFactory, UserFactory
from tests.strategy.pdfs import flat, page_count, pdf_text

pytestmark = pytest.mark.browser

NAME = "Astrid Öberg"
STEP = "MSc in PMO management"
STATEMENT = "Head of PMO at a listed company, coaching the next PMO leads."


def signed_in(new_page, user):
    page = new_page()
    session = login_session(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "domain": "127.0.0.1",
                "path": "/",
            }
        ]
    )
    return page


def fill_plan(page):
    """The attendee's clicks and typing on their plan page."""
    page.locator('.rung[data-rung="pmo_specialist"]').get_by_text("I am here").click()
    expect(page.locator("#ladder-status .save-status")).to_contain_text("Saved at")
    page.locator('.rung[data-rung="head_of_pmo"]').get_by_text("My target").click()
    expect(page.locator("#ladder-status")).to_contain_text("PMO specialist or lead → Head of PMO")

    competence = page.locator("#competence-benefits_realisation")
    competence.locator(".scale--now").get_by_text("2", exact=True).click()
    expect(competence.locator(".competence__status")).to_contain_text("Saved at")
    competence.locator(".scale--target").get_by_text("4", exact=True).click()
    expect(page.locator("#competence-benefits_realisation-gap")).to_contain_text("+2")

    form = page.locator("#step-add")
    form.get_by_label("Kind").select_option("msc")
    form.get_by_label("Provider").fill("Lund University")
    form.get_by_label("Target month").fill("2027-09")
    form.get_by_label("Title").fill("   ")
    form.get_by_role("button", name="Add step").click()
    # A blank title: the message stands beside the title field and nothing is added.
    expect(page.locator("#step-add")).to_contain_text("Name the certification, course or degree.")
    assert not EducationStep.objects.exists()
    page.locator("#step-add").get_by_label("Title").fill(STEP)
    page.locator("#step-add").get_by_role("button", name="Add step").click()
    expect(page.locator("#step-list")).to_contain_text(STEP)
    expect(page.locator("#step-add").get_by_label("Title")).to_have_value("")

    page.fill("#input-career-statement", STATEMENT)
    expect(page.locator("#status-career-statement")).to_contain_text("Saved at")


def test_a_career_plan_is_private_and_its_pdf_shows_it(new_page, workshop, team_a, tmp_path):
    # Attendee A joins with the code and opens the plan from the workspace's header.
    a = new_page()
    a.goto(reverse("join_code", args=[workshop.code]))
    a.fill("#id_display_name", NAME)
    a.get_by_label("Team A").check()
    a.click("main button[type=submit]")
    wait_until_live(a)
    a.get_by_role("link", name="My career plan (private)").click()
    expect(a.locator("h1")).to_have_text("My career plan")
    expect(a.locator(".career-private")).to_contain_text("Private to you.")
    fill_plan(a)

    plan = CareerPlan.objects.get(participant__display_name=NAME)
    assert (plan.current_role, plan.target_role, plan.statement) == (
        "pmo_specialist",
        "head_of_pmo",
        STATEMENT,
    )
    step = EducationStep.objects.get(plan=plan)
    assert (step.kind, step.provider, step.target_date.isoformat()) == (
        "msc",
        "Lund University",
        "2027-09-01",
    )
    assert plan.ratings.get(competence="benefits_realisation").target == 4

    # Everyone else tries A's plan URLs: the session ones, one of A's rows, and the PDF.
    urls = [
        reverse("teams:career", args=[workshop.pk]),
        reverse("teams:career_step_edit", args=[workshop.pk, step.pk]),
        reverse("teams:career_pdf", args=[workshop.pk]),
    ]
    team_mate = open_as_attendee(new_page, ParticipantFactory(team=team_a, display_name="Bo"))
    organiser = UserFactory()
    workshop.organisers.add(organiser)
    others = {
        "team mate": team_mate,
        "facilitator": signed_in(new_page, workshop.facilitators.first()),
        "organiser": signed_in(new_page, organiser),
        "anonymous": new_page(),
    }
    for who, page in others.items():
        for url in urls:
            if url.endswith("/pdf/"):
                response = page.request.get(url)
                body = response.body()
                seen = pdf_text(body) if body.startswith(b"%PDF") else body.decode()
                assert NAME not in seen and STEP not in seen, who
                continue
            response = page.goto(url)
            content = page.content()
            assert STEP not in content and STATEMENT not in content, (who, url)
            assert plan.private_token not in content, (who, url)
            if who != "team mate" or "/steps/" in url:
                assert response.status == 404, (who, url, response.status)
    # The team mate's own plan page is theirs: empty, under their name.
    team_mate.goto(urls[0])
    expect(team_mate.locator(".career-header__name")).to_have_text("Bo")

    # A downloads the PDF through the button.
    with a.expect_download() as download:
        a.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "career-plan.pdf"
    download.value.save_as(path)
    pdf = path.read_bytes()
    text = flat(pdf_text(pdf))
    assert page_count(pdf) == 1
    for expected in (NAME, "Head of PMO", STEP, "Lund University", STATEMENT, workshop.title):
        assert expected in text, expected

    # A keeps the private link and opens it in a fresh browser with no session, on a phone.
    link = a.locator("#career-private-url").input_value()
    assert re.search(r"/career/[\w-]{20,}/$", link)
    phone = new_page(viewport=(390, 844))
    phone.goto(link)
    expect(phone.locator(".career-header__name")).to_have_text(NAME)
    expect(phone.locator("#step-list")).to_contain_text(STEP)
    expect(
        phone.locator('.rung[data-rung="head_of_pmo"] input[name="target_role"]')
    ).to_be_checked()
    expect(phone.locator("#input-career-statement")).to_have_value(STATEMENT)


def test_a_stale_tab_is_shown_what_is_saved_and_overwrites_nothing(new_page, workshop, team_a):
    attendee = ParticipantFactory(team=team_a, display_name="Anna")
    first = open_as_attendee(new_page, attendee)
    first.goto(reverse("teams:career", args=[workshop.pk]))
    second = first.context.new_page()
    second.goto(reverse("teams:career", args=[workshop.pk]))

    first.locator('.rung[data-rung="head_of_pmo"]').get_by_text("My target").click()
    expect(first.locator("#ladder-status .save-status")).to_contain_text("Saved at")
    second.locator('.rung[data-rung="executive"]').get_by_text("My target").click()
    expect(second.locator("#ladder-status")).to_contain_text("changed in another tab or device")
    head = second.locator('.rung[data-rung="head_of_pmo"] input[name="target_role"]')
    expect(head).to_be_checked()
    assert CareerPlan.objects.get(participant=attendee).target_role == "head_of_pmo"
    # Shown what is saved, the second tab chooses again, and that goes through.
    second.locator('.rung[data-rung="executive"]').get_by_text("My target").click()
    expect(second.locator("#ladder-status .save-status")).to_contain_text("Saved at")
    assert CareerPlan.objects.get(participant=attendee).target_role == "executive"

    first.fill("#input-career-statement", "Written in the first tab")
    expect(first.locator("#status-career-statement")).to_contain_text("Saved at")
    second.fill("#input-career-statement", "Written in the second tab")
    conflict = second.locator("#field-career-statement .conflict")
    expect(conflict).to_contain_text("Another tab or device saved this")
    expect(conflict).to_contain_text("Written in the first tab")
    assert CareerPlan.objects.get(participant=attendee).statement == "Written in the first tab"
    conflict.get_by_role("button", name="Keep my text").click()
    expect(second.locator("#status-career-statement")).to_contain_text("Saved at")
    assert CareerPlan.objects.get(participant=attendee).statement == "Written in the second tab"
