"""The strategy pack of the seeded demo company, read back from the PDF."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from strategy.demo import seed_demo_strategy
from strategy.models import Initiative, Kpi, Strategy
from strategy.pack import render_html, render_pdf
from teams import companies
from teams.models import Company
from vision.models import Finding, Vision
from workshop.editing import Author
from workshop.models import PathStep

from .pack_helpers import fill_pack, fill_room_path, full_company
from .pdfs import flat, page_count, pdf_text, pdf_tool

# Declares the database, so pytest-django sets up the test database the module fixture uses.
pytestmark = pytest.mark.django_db

DEMO_COMPANY = "Åre Älvdalen Öresund AB"
SECTIONS = [
    "Contents",
    "Executive summary",
    "Baseline: the PMO today",
    "Gap analysis",
    "Initiatives and roadmap",
    "Mission, services and principles",
    "Goals and KPIs",
    "Appendix A — The room’s causal map",
    "Appendix B — The path to a profession",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo workshop seeded, its company's strategy filled in, the pack rendered
    once for every test of this module; the database is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert "test" in str(connection.settings_dict["NAME"]), "not on the test database"
        call_command("seed_demo", stdout=io.StringIO())
        company = Company.objects.get(name=DEMO_COMPANY)
        seed_demo_strategy(company)  # does nothing if seed_demo already gave it a strategy
        fill_room_path(company.team.workshop)
        vision = Vision.objects.get(company=company)
        vision.findings.set(Finding.objects.filter(workshop=company.team.workshop)[:2])
        other = Company.objects.exclude(pk=company.pk).first()
        fill_pack(other, seed=7)
        Initiative.objects.filter(company=other).update(title="Initiative of another company")
        rendered = render_pdf(company)
        expected = {
            "initiatives": list(
                Initiative.objects.active().filter(company=company).values_list("title", flat=True)
            ),
            "kpis": list(
                Kpi.objects.active().filter(company=company).values_list("name", flat=True)
            ),
            "mission": Strategy.objects.get(company=company).mission,
            "vision": Vision.objects.get(company=company).statement,
            "strengths": company.primary_baseline().strengths,
            "path": list(
                PathStep.objects.filter(workshop=company.team.workshop).values_list(
                    "factor__label", flat=True
                )
            ),
            "other": other.name,
            "html": render_html(company),
        }
        transaction.set_rollback(True)
    return rendered, expected


def test_every_section_is_in_the_pack(demo):
    rendered, _ = demo
    text = flat(pdf_text(rendered.pdf))
    for heading in SECTIONS:
        assert heading in text, heading
    assert re.search(r"Vision 20\d\d", text)


def test_the_company_name_keeps_its_swedish_letters(demo):
    rendered, _ = demo
    cover = pdf_text(rendered.pdf, 1, 1)
    assert DEMO_COMPANY in cover
    # The running header carries the name on every page after the cover.
    assert pdf_text(rendered.pdf, 3, 3).count(DEMO_COMPANY) >= 1


def test_every_page_after_the_cover_is_numbered(demo):
    rendered, _ = demo
    pages = page_count(rendered.pdf)
    assert pages == rendered.pages >= 10
    assert "Page 1 of" not in pdf_text(rendered.pdf, 1, 1)  # the cover has no footer
    for number in range(2, pages + 1):
        assert f"Page {number} of {pages}" in pdf_text(rendered.pdf, number, number)


def test_the_contents_give_each_section_its_page(demo):
    rendered, _ = demo
    contents = flat(pdf_text(rendered.pdf, 2, 2))
    for number, heading in [
        ("01", "Executive summary"),
        ("04", "Gap analysis"),
        ("B", SECTIONS[-1]),
    ]:
        page = next(
            n
            for n in range(3, rendered.pages + 1)
            if f"{number} {heading}" in flat(pdf_text(rendered.pdf, n, n))
        )
        assert re.search(rf"{re.escape(heading)} \.+ {page}\b", contents), heading


def test_the_pack_shows_the_company_s_own_strategy(demo):
    rendered, expected = demo
    text = flat(pdf_text(rendered.pdf))
    for title in expected["initiatives"]:
        assert title in text
    for name in expected["kpis"]:
        assert name in text
    assert expected["mission"] in text
    assert flat(expected["vision"]) in text
    assert flat(expected["strengths"]) in text
    assert expected["path"] and all(label in text for label in expected["path"])
    assert "Initiative of another company" not in text
    assert expected["other"] not in text


def test_the_fonts_are_embedded(demo):
    rendered, _ = demo
    fonts = pdf_tool("pdffonts", rendered.pdf)
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert any("Inter" in row[0] for row in rows)
    # Every font is embedded ("emb" column) and subset.
    assert all("yes" in row[-5:-2] for row in rows)


def test_reference_data_and_demo_findings_are_labelled_illustrative(demo):
    rendered, _ = demo
    text = flat(pdf_text(rendered.pdf))
    assert "made-up example data for the workshop, not survey results" in text
    assert "Sweden (illustrative)" in text  # the reference profile in the radar's legend
    assert text.lower().count("illustrative demo finding") == 2


def test_the_pack_draws_the_radar_roadmap_and_map(demo):
    _, expected = demo
    html = expected["html"]
    assert html.count('class="radar-chart"') == 2
    assert 'class="causal-map"' in html
    roadmap = re.search(r'data-chart="roadmap">(.*?)</figure>', html, re.S)
    assert roadmap and "<svg" in roadmap.group(1), "strategy.roadmap.roadmap_svg is missing"


def test_empty_sections_say_so_politely(workshop, team_a):
    company = companies.create_company(team_a, "Tom AB", Author())
    text = flat(pdf_text(render_pdf(company).pdf))
    for sentence in [
        "The team has not written an executive summary yet.",
        "The team has not written its vision statement yet.",
        "No initiatives defined yet.",
        "No PMO mission written yet.",
        "No principles defined yet.",
        "No goals defined yet.",
        "No KPIs defined yet.",
        "No links in the room map yet.",
        "The room has not set out its path to a profession yet.",
    ]:
        assert sentence in text, sentence
    for heading in SECTIONS:
        assert heading in text, heading


def test_the_consistency_check_lists_the_workspace_warnings(workshop, team_a):
    company = full_company(team_a, "Varning AB")
    Kpi.objects.filter(company=company).update(removed_at=timezone.now())
    text = flat(pdf_text(render_pdf(company).pdf))
    assert "Consistency check" in text
    assert "has no KPI to show it works." in text
