"""The personal career plan PDF: one A4 page with the attendee's data, in the request's
language; user text shown literally and nothing named in it fetched."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from strategy import pack
from teams import career
from teams.career_pdf import render_career_pdf, render_html
from teams.models import CareerPlan

from ..career_factories import filled_plan
from ..conftest import attendee_client_for
from ..strategy.pdfs import flat, page_count, pdf_text
from ..strategy.test_pack_security import listener  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_pdf_shows_the_attendees_plan_on_one_page(anna, workshop):
    plan = filled_plan(anna)
    rendered = render_career_pdf(plan)
    text = flat(pdf_text(rendered.pdf))
    assert rendered.pdf.startswith(b"%PDF-")
    assert page_count(rendered.pdf) == 1 == rendered.pages
    assert "Anna" in text
    assert workshop.title in text
    assert "Head of PMO" in text  # the target rung
    assert "Portfolio management step 1" in text
    assert "Milestone number 2" in text
    assert "Run the portfolio office of a listed company" in text
    assert "Benefits realisation" in text


def test_a_full_plan_with_long_texts_still_fits_one_page(anna):
    plan = filled_plan(anna, steps=career.MAX_STEPS, milestones=career.MAX_MILESTONES)
    career.update_plan(plan, {"statement": "Long statement words " * 70}, plan.version)
    for step in plan.education_steps.all():
        step.title = ("Executive master in strategic portfolio management " * 3)[:120]
        step.provider = "W" * 120
        step.save()
    for milestone in plan.milestones.all():
        milestone.title = ("Lead the annual portfolio review for the board " * 3)[:120]
        milestone.save()
    plan.ratings.all().delete()
    for competence in career.COMPETENCES:
        career.rate_competence(plan, competence.key, {"current": 1, "target": 5, "note": ""}, 0)
    rendered = render_career_pdf(CareerPlan.objects.get(pk=plan.pk))
    text = flat(pdf_text(rendered.pdf))
    assert page_count(rendered.pdf) == 1
    assert re.search(r"\+\d+ more education steps", text)
    assert re.search(r"\+\d+ more milestones", text)


def test_a_realistically_full_plan_shows_six_of_each_list_and_counts_the_rest(anna):
    plan = filled_plan(anna, steps=10, milestones=9)
    career.update_plan(
        plan, {"statement": "I want to lead a portfolio office. " * 12}, plan.version
    )
    rendered = render_career_pdf(CareerPlan.objects.get(pk=plan.pk))
    text = flat(pdf_text(rendered.pdf))
    assert page_count(rendered.pdf) == 1
    assert "Portfolio management step 6" in text
    assert "+4 more education steps" in text
    assert "+3 more milestones" in text


def test_an_empty_plan_renders_too(anna):
    plan = CareerPlan.objects.create(participant=anna)
    rendered = render_career_pdf(plan)
    assert page_count(rendered.pdf) == 1
    assert "Not assessed yet." in flat(pdf_text(rendered.pdf))


def test_hostile_text_is_shown_literally_and_nothing_is_fetched(anna, listener):  # noqa: F811
    port, hits = listener
    hostile = f'<img src="http://127.0.0.1:{port}/x"> {{{{ 7*7 }}}}'
    plan = filled_plan(anna)
    plan = career.update_plan(
        plan, {"statement": f'<img src="http://127.0.0.1:1/x"> {hostile}'}, plan.version
    )
    career.add_step(
        plan,
        {
            "kind": "other",
            "title": '<link rel="stylesheet" href="file:///etc/passwd">',
            "provider": f'<style>@import url("http://127.0.0.1:{port}/css");</style>',
            "target_date": datetime.date(2026, 1, 1),
            "status": "planned",
        },
    )
    career.add_milestone(
        plan,
        {"title": f'<img src="http://127.0.0.1:{port}/m">', "target_date": None, "done": False},
    )
    rendered = render_career_pdf(CareerPlan.objects.get(pk=plan.pk))
    text = flat(pdf_text(rendered.pdf))
    assert '<img src="http://127.0.0.1:1/x">' in text
    assert "{{ 7*7 }}" in text  # shown, not evaluated
    assert '<link rel="stylesheet" href="file:///etc/passwd">' in text
    assert f'<img src="http://127.0.0.1:{port}/m">' in text
    assert hits == []


def test_the_renderer_fetches_only_the_apps_fonts(anna, monkeypatch):
    fetched = []
    original = pack.PackURLFetcher.fetch

    def recording(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pack.PackURLFetcher, "fetch", recording)
    plan = filled_plan(anna)
    career.update_plan(plan, {"statement": '<img src="file:///etc/hostname">'}, plan.version)
    render_career_pdf(CareerPlan.objects.get(pk=plan.pk))
    assert fetched
    assert all(url.startswith(pack.FONTS_DIR.as_uri() + "/") for url in fetched), fetched


def test_the_pdf_speaks_the_language_of_the_request(anna):
    plan = filled_plan(anna)
    with translation.override("sv"):
        html = render_html(plan)
    assert '<html lang="sv">' in html


def test_the_download_button_serves_the_pdf_as_an_attachment(client, workshop, anna):
    owner = attendee_client_for(client, anna)
    owner.get(reverse("teams:career", args=[workshop.pk]))
    filled_plan(anna)
    response = owner.get(reverse("teams:career_pdf", args=[workshop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="career-plan-Anna.pdf"')
    assert "no-store" in response["Cache-Control"]
    assert "Anna" in pdf_text(response.content)
