"""English and Swedish: every main page in Swedish, with no English left over.

The walk renders each page of the seeded demo workshop twice — with the language
switcher's cookie set to English, then to Swedish — for the person who opens it
(attendee, facilitator, organiser, visitor), through every phase of the agenda,
and fails on any text that comes out the same in both (`tests/i18n_walk.py`).
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from teams.models import Baseline, Company, Participant
from workshop import services
from workshop.models import Workshop

from ..conftest import attendee_client_for
from ..i18n_walk import leftover_words, stored_texts, texts, untranslated

pytestmark = pytest.mark.django_db


def _speaking(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _get(client, url, language):
    response = _speaking(client, language).get(url)
    assert response.status_code == 200, (url, language, response.status_code)
    return response.content.decode()


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    workshop = Workshop.objects.get()
    company = Company.objects.get(name="Åre Älvdalen Öresund AB")
    participant = Participant.objects.filter(team=company.team).first()
    return workshop, company, participant


@pytest.fixture
def people(demo, django_user_model):
    workshop, company, participant = demo
    facilitator = Client()
    facilitator.force_login(django_user_model.objects.get(username="facilitator"))
    organiser = Client()
    organiser.force_login(django_user_model.objects.get(username="organiser"))
    attendee = attendee_client_for(Client(), participant)
    return {"facilitator": facilitator, "organiser": organiser, "attendee": attendee}


def _pages(workshop, company):
    """(who, url) for every main page, in the order a workshop meets them."""
    team = company.team
    baseline = Baseline.objects.filter(company=company).first()
    w = workshop.pk
    team_kwargs = {"pk": w, "team_id": team.pk}
    company_kwargs = {**team_kwargs, "company_id": company.pk}
    return [
        ("visitor", reverse("join")),
        ("visitor", reverse("join_code", args=[workshop.code])),
        ("visitor", reverse("login")),
        ("visitor", reverse("password_reset")),
        ("visitor", reverse("hosting_request")),
        ("organiser", reverse("workshop:dashboard")),
        ("organiser", reverse("hosting_requests")),
        ("organiser", reverse("strategy:packs", args=[w])),
        ("facilitator", reverse("workshop:create")),
        ("facilitator", reverse("workshop:import")),
        ("facilitator", reverse("workshop:edit", args=[w])),
        ("facilitator", reverse("workshop:map", args=[w])),
        ("facilitator", reverse("workshop:path_print", args=[w])),
        ("facilitator", reverse("teams:framework", args=[w])),
        ("facilitator", reverse("teams:benchmarks", args=[w])),
        ("facilitator", reverse("vision:briefing", args=[w])),
        ("facilitator", reverse("vision:gallery", args=[w])),
        ("facilitator", reverse("teams:history", kwargs=team_kwargs)),
        ("attendee", reverse("teams:workspace", kwargs=team_kwargs)),
        (
            "attendee",
            reverse("teams:baseline", kwargs={**company_kwargs, "baseline_id": baseline.pk}),
        ),
        ("attendee", reverse("vision:vision", kwargs=company_kwargs)),
        ("attendee", reverse("strategy:strategy", kwargs=company_kwargs)),
        ("attendee", reverse("teams:career", args=[w])),
        ("visitor", reverse("teams:career_private", args=[_career_token(workshop)])),
    ]


def _career_token(workshop) -> str:
    """The demo's filled career plan, through its private link."""
    from teams.models import CareerPlan

    return CareerPlan.objects.get(participant__workshop=workshop, statement__gt="").private_token


def _phase_pages(workshop, company):
    """Pages that change with the phase: the projector, the console, the workspace."""
    team_kwargs = {"pk": workshop.pk, "team_id": company.team_id}
    return [
        ("facilitator", reverse("workshop:projector", args=[workshop.pk])),
        ("facilitator", reverse("workshop:console", args=[workshop.pk])),
        ("attendee", reverse("teams:workspace", kwargs=team_kwargs)),
    ]


def _check(who, url, clients, data, problems):
    client = clients.get(who) or Client()
    english = _get(client, url, "en")
    swedish = _get(client, url, "sv")
    assert texts(swedish), url
    for text in untranslated(english, swedish, data):
        problems.append(f"{who} {url}: {text!r}")


def _data() -> list[str]:
    """What is shown as written: stored texts, and the bundled map templates' titles
    (content, offered in the workshop's language)."""
    from workshop.map_templates import bundled_templates

    return stored_texts() + [title for _name, title in bundled_templates("en")]


def test_every_main_page_is_swedish_through_the_whole_agenda(demo, people):
    workshop, company, _participant = demo
    data = _data()
    problems: list[str] = []
    for who, url in _pages(workshop, company):
        _check(who, url, people, data, problems)
    for phase in workshop.phases.all():
        services.go_to_phase(workshop, phase)
        data = _data()
        for who, url in _phase_pages(workshop, company):
            _check(who, url, people, data, problems)
    assert not problems, "English left on Swedish pages:\n" + "\n".join(problems)


def test_bad_input_is_answered_in_swedish(demo, people):
    """The messages beside the fields — ours and Django's — in the reader's language."""
    workshop, company, _participant = demo
    cases = [
        ("visitor", reverse("join_code", args=[workshop.code]), {"display_name": ""}),
        (
            "visitor",
            reverse("hosting_request"),
            {"community": "PMO Forum", "contact_email": "not-an-e-mail", "expected_attendees": "x"},
        ),
        ("facilitator", reverse("workshop:create"), {"title": "", "date": "31.02.2027"}),
    ]
    data = _data()
    problems = []
    for who, url, form in cases:
        client = people.get(who) or Client()
        english = _speaking(client, "en").post(url, form)
        swedish = _speaking(client, "sv").post(url, form)
        assert english.status_code == swedish.status_code != 500
        assert 'class="field__error"' in swedish.content.decode(), url
        problems += [
            f"{who} {url}: {text!r}"
            for text in untranslated(english.content.decode(), swedish.content.decode(), data)
        ]
    assert not problems, "English left in Swedish error messages:\n" + "\n".join(problems)


def test_the_check_finds_english_it_is_meant_to_find():
    """The walk itself: a page that forgot one string is caught; data is not."""
    english = "<p>Save</p><p>Anna</p><button title='Close'>×</button>"
    swedish = "<p>Spara</p><p>Anna</p><button title='Close'>×</button>"
    assert untranslated(english, swedish, ["Anna"]) == ["Close"]


def _pdf(response) -> bytes:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_the_strategy_pack_is_printed_in_the_readers_language(demo, people):
    """The same company's pack, downloaded by a team member in English and in Swedish:
    every line of the Swedish PDF that is the English PDF's, word for word, is data."""
    from ..strategy.pdfs import pdf_text

    workshop, company, _participant = demo
    url = reverse(
        "strategy:team_pack",
        kwargs={"pk": workshop.pk, "team_id": company.team_id, "company_id": company.pk},
    )
    attendee = people["attendee"]
    english = pdf_text(_pdf(_speaking(attendee, "en").get(url)))
    swedish = pdf_text(_pdf(_speaking(attendee, "sv").get(url)))
    assert "Executive summary" in english and "Sammanfattning för ledningen" in swedish
    data = stored_texts()
    left = sorted(
        {line for line in set(_lines(swedish)) & set(_lines(english)) if leftover_words(line, data)}
    )
    assert not left, "English left in the Swedish pack:\n" + "\n".join(left)


def test_the_career_plan_pdf_is_printed_in_the_readers_language(demo):
    from ..strategy.pdfs import pdf_text

    workshop, _company, _participant = demo
    url = reverse("teams:career_private_pdf", args=[_career_token(workshop)])
    reader = Client()
    english = pdf_text(_pdf(_speaking(reader, "en").get(url)))
    swedish = pdf_text(_pdf(_speaking(reader, "sv").get(url)))
    assert "PERSONAL CAREER PLAN" in english.upper() and "PERSONLIG KARRIÄRPLAN" in swedish.upper()
    assert "PMO-direktör" in swedish  # the ladder is built-in content, worded for the reader
    data = _data()
    left = sorted(
        {line for line in set(_lines(swedish)) & set(_lines(english)) if leftover_words(line, data)}
    )
    assert not left, "English left in the Swedish career plan:\n" + "\n".join(left)


def test_a_swedish_workshop_is_seeded_with_swedish_content(db):
    """Built-in content — agenda, framework, services, map, findings, reference sets and
    the demo strategy — is written in the workshop's language."""
    from strategy.demo import INITIATIVES, demo_text
    from teams.framework import default_framework_data
    from vision.briefing import demo_findings
    from workshop.map_templates import load_bundled

    call_command("seed_demo", language="sv", stdout=open("/dev/null", "w"))
    workshop = Workshop.objects.get()
    assert workshop.language == "sv"
    english_agenda = {str(kind.label) for kind in workshop.phases.model.Kind}
    assert not english_agenda & set(workshop.phases.values_list("title", flat=True))
    assert workshop.phases.first().title == "Välkommen & anslut"

    english_framework = default_framework_data("en")
    english_texts = {d["name"] for d in english_framework["dimensions"]} | {
        level for d in english_framework["dimensions"] for level in d["levels"]
    }
    swedish_texts = set()
    for dimension in workshop.framework.dimensions.all():
        swedish_texts |= {dimension.name, *(dimension.descriptor(n) for n in range(1, 6))}
    assert swedish_texts and not swedish_texts & english_texts
    english_services = {s["name"] for s in english_framework["services"]}
    assert not english_services & set(workshop.services.values_list("name", flat=True))

    english_map = load_bundled("pmo-profession-demo", "en")
    assert not {f["label"] for f in english_map["factors"]} & set(
        workshop.factors.values_list("label", flat=True)
    )
    assert [f.title for f in workshop.findings.all()] == [f["title"] for f in demo_findings("sv")]
    assert not {f["title"] for f in demo_findings("en")} & {
        f.title for f in workshop.findings.all()
    }
    assert all("illustrativ)" in s.name for s in workshop.reference_sets.all())
    titles = set(
        Company.objects.get(name="Åre Älvdalen Öresund AB").initiatives.values_list(
            "title", flat=True
        )
    )
    assert titles == {demo_text(spec["title"], "sv") for spec in INITIATIVES}
    assert not titles & {spec["title"] for spec in INITIATIVES}
