"""A malformed or hostile workshop file is refused with a message that names the
problem and its place in the file, and nothing is half-imported."""

import base64
import copy
import json
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File

from teams import companies
from workshop import exchange
from workshop.editing import Author
from workshop.exchange import importer

from ..factories import ParticipantFactory, TeamFactory, UserFactory, WorkshopFactory
from ..map_factories import FactorFactory, LinkFactory
from ..part2_factories import FindingFactory
from .workshop_exchange_setup import counts, png_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def doc():
    """A small but complete workshop file: agenda, framework, map, a finding, a team
    with an attendee and a company with its baseline."""
    workshop = WorkshopFactory(title="Small workshop")
    team = TeamFactory(workshop=workshop, name="Team A")
    ParticipantFactory(team=team, display_name="Anna")
    companies.create_company(team, "Acme AB", Author())
    FindingFactory(workshop=workshop, title="Finding one")
    LinkFactory(
        workshop=workshop,
        cause=FactorFactory(workshop=workshop),
        effect=FactorFactory(workshop=workshop),
    )
    return exchange.export_workshop(workshop)


@pytest.fixture
def user(db):
    return UserFactory()


def refused(data, user=None) -> list[str]:
    """The messages of a refused import; fails if anything was written."""
    before = counts()
    with pytest.raises(ValidationError) as refusal:
        exchange.import_workshop(data, user=user)
    assert counts() == before
    return refusal.value.messages


def test_the_small_file_itself_imports(doc, user):
    workshop = exchange.import_workshop(copy.deepcopy(doc), user=user)
    assert exchange.export_workshop(workshop) == doc


def test_wrong_version_is_refused(doc):
    doc["version"] = 2
    assert refused(doc) == ["version: is 2; this app reads version 1 only."]


def test_wrong_format_name_is_refused(doc):
    doc["format"] = "pmo-workshop-causal-map"
    assert refused(doc) == [
        'format: is "pmo-workshop-causal-map"; a workshop file says "format": "pmo-workshop".'
    ]


def test_wrong_kind_is_refused(doc):
    doc["kind"] = "backup"
    assert refused(doc) == ['kind: is "backup"; it must be "workshop" or "template".']


def test_missing_top_level_section_is_refused(doc):
    del doc["agenda"]
    assert refused(doc) == ['"agenda" is missing.']


def test_missing_required_key_is_refused(doc):
    del doc["workshop"]["title"]
    assert refused(doc) == ['workshop: "title" is missing.']


def test_unknown_key_is_refused(doc):
    doc["teams"][0]["colour"] = "blue"
    (message,) = refused(doc)
    assert message.startswith('teams[0]: unknown field "colour" (expected ref, name, notes, topics')


def test_wrong_type_is_refused(doc):
    doc["workshop"]["horizon_year"] = "2029"
    doc["services"] = {"service-1": {}}
    assert refused(doc) == [
        "workshop.horizon_year: must be a whole number, not text.",
        "services: must be a list […], not an object.",
    ]


def test_an_empty_agenda_is_refused(doc):
    doc["agenda"] = []
    doc["workshop"]["current_phase"] = None
    assert refused(doc) == ["agenda: is empty; a workshop has at least one phase."]


def test_reference_to_a_missing_item_is_refused(doc):
    doc["companies"][0]["baselines"][0]["assessments"][0]["dimension"] = "d9"
    doc["participants"][0]["team"] = "team-7"
    assert refused(doc) == [
        'participants[0].team: no team "team-7" in this file.',
        'companies[0].baselines[0].assessments[0].dimension: no dimension "d9" in this file.',
    ]


def test_duplicate_references_are_refused(doc):
    factors = doc["map"]["factors"]
    factors[1]["ref"] = factors[0]["ref"]
    messages = refused(doc)
    assert (
        f'map.factors[1].ref: "{factors[0]["ref"]}" is already the reference of map.factors[0].'
        in messages
    )


def test_duplicate_dimension_keys_are_refused(doc):
    dimensions = doc["framework"]["dimensions"]
    dimensions[1]["key"] = dimensions[0]["key"]
    assert (
        f'framework.dimensions[1].key: "{dimensions[0]["key"]}" is already the reference of '
        "framework.dimensions[0]."
    ) in refused(doc)


def test_a_string_longer_than_the_database_allows_is_refused(doc):
    doc["teams"][0]["name"] = "T" * 61
    doc["companies"][0]["baselines"][0]["strengths"] = "x" * 5001
    assert refused(doc) == [
        "teams[0].name: has 61 characters; at most 60 fit.",
        "companies[0].baselines[0].strengths: has 5001 characters; at most 5000 fit.",
    ]


def test_an_invalid_choice_is_refused(doc):
    doc["agenda"][0]["kind"] = "party"
    (message,) = refused(doc)
    assert message.startswith('agenda[0].kind: "party" is not one of "welcome", "causal_map"')


def test_a_level_outside_1_to_5_is_refused(doc):
    doc["companies"][0]["baselines"][0]["assessments"][0]["level"] = 7
    assert refused(doc) == [
        "companies[0].baselines[0].assessments[0].level: "
        "Ensure this value is less than or equal to 5."
    ]


def test_a_number_too_big_for_the_database_is_refused(doc):
    doc["agenda"][0]["timer_remaining"] = 10**30
    (message,) = refused(doc)
    assert message.startswith(
        "agenda[0].timer_remaining: Ensure this value is less than or equal to"
    )


def test_nan_is_refused():
    with pytest.raises(ValidationError) as refusal:
        exchange.parse(b'{"format": "pmo-workshop", "version": NaN}')
    assert refusal.value.messages == ["The file is not JSON that this app can read."]


def test_a_repeated_key_is_refused():
    with pytest.raises(ValidationError) as refusal:
        exchange.parse(b'{"format": "pmo-workshop", "format": "pmo-workshop"}')
    assert refusal.value.messages == ['The file repeats the name "format" inside one object.']


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(ValidationError) as refusal:
        exchange.parse('{"title": "Åre"}'.encode("latin-1"))
    assert "is not UTF-8 text" in refusal.value.messages[0]


def test_a_nul_character_is_refused(doc):
    doc["teams"][0]["notes"] = "before\x00after"
    assert refused(doc) == [
        "teams[0].notes: contains a NUL character (\\u0000), which cannot be stored."
    ]


def test_a_lone_surrogate_is_refused(doc):
    data = exchange.parse(json.dumps(doc).replace('"Team A"', '"Team \\ud800A"', 1).encode("utf-8"))
    assert refused(data) == [
        "teams[0].name: contains a broken character (a lone \\ud800-style escape)."
    ]


def test_an_image_that_is_not_an_image_is_refused(doc):
    doc["findings"][0]["image"] = {
        "content_type": "image/png",
        "data": base64.b64encode(b"#!/bin/sh\necho not a picture\n").decode(),
    }
    assert refused(doc) == [
        "findings[0].image.data: This file is not a PNG, JPEG or WebP image. Save or export it "
        "in one of those formats and choose it again."
    ]


def test_an_image_whose_type_is_misdeclared_is_refused(doc):
    doc["findings"][0]["image"] = {
        "content_type": "image/jpeg",
        "data": base64.b64encode(png_bytes()).decode(),
    }
    assert refused(doc) == [
        "findings[0].image.content_type: says image/jpeg, but the data is a PNG image."
    ]


def test_image_data_that_is_not_base64_is_refused(doc):
    doc["findings"][0]["image"] = {"content_type": "image/png", "data": "not base64!"}
    assert refused(doc) == ["findings[0].image.data: is not base64 text."]


def test_a_dependency_on_another_companys_initiative_is_refused(doc):
    first = doc["companies"][0]
    second = copy.deepcopy(first) | {"ref": "company-2", "name": "Other AB"}
    first["initiatives"] = [{"ref": "i-1", "title": "Ours", "depends_on": ["i-2"]}]
    second["initiatives"] = [{"ref": "i-2", "title": "Theirs"}]
    doc["companies"].append(second)
    assert refused(doc) == [
        'companies[0].initiatives[0].depends_on[0]: "i-2" belongs to another company.'
    ]


def test_a_link_from_a_factor_to_itself_is_refused(doc):
    link = doc["map"]["links"][0]
    link["effect"] = link["cause"]
    assert refused(doc) == [
        f'map.links[0]: cause and effect are both "{link["cause"]}"; a factor cannot cause itself.'
    ]


def test_two_factors_with_the_same_label_are_refused(doc):
    factors = doc["map"]["factors"]
    factors[1]["label"] = factors[0]["label"].upper()
    (message,) = refused(doc)
    assert message.startswith("map.factors[1].label: the label")
    assert message.endswith("is already used by map.factors[0] (ignoring case).")


def test_a_template_with_teams_is_refused(doc):
    doc["kind"] = "template"
    (message,) = [m for m in refused(doc) if m.startswith("teams:")]
    assert "a template carries no teams" in message


def test_every_problem_is_listed_at_once(doc):
    doc["teams"][0]["name"] = ""
    doc["agenda"][1]["planned_minutes"] = 0
    doc["map"]["outcome"] = "factor-99"
    assert refused(doc) == [
        "agenda[1].planned_minutes: Ensure this value is greater than or equal to 1.",
        "teams[0].name: is empty.",
        'map.outcome: no factor "factor-99" in this file.',
    ]


def test_a_flood_of_problems_stops_at_a_bound(doc):
    doc["participants"] = [
        {"ref": f"p{n}", "display_name": "", "team": "nobody"} for n in range(2000)
    ]
    messages = refused(doc)
    assert len(messages) == 501
    assert messages[-1] == "… and more: the check stopped after 500 problems."


def test_shown_keeps_twenty_messages_and_counts_the_rest():
    messages = [f"problem {n}" for n in range(45)]
    assert exchange.shown(messages) == [*messages[:20], "… and 25 more problems."]


# --- size --------------------------------------------------------------------------------


def test_a_file_over_the_cap_is_refused(settings):
    settings.WORKSHOP_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refusal:
        exchange.parse(b"{" + b" " * 1000 + b"}")
    assert refusal.value.messages == [
        "The file is larger than 1000\xa0bytes, the limit for a workshop file."
    ]


def test_the_default_cap_refuses_a_50_mb_upload_without_reading_it(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(50 * MB)  # sparse: a real 50 MB file, written in no time
    with open(path, "rb") as handle:
        upload = File(handle, name="huge.json")
        with pytest.raises(ValidationError) as refusal:
            exchange.read_upload(upload)
        assert handle.tell() == 0  # not one byte read
    assert refusal.value.messages == [
        "The file is larger than 20.0\xa0MB, the limit for a workshop file."
    ]


def test_an_upload_is_read_only_up_to_the_cap(settings):
    settings.WORKSHOP_IMPORT_MAX_BYTES = 100
    upload = mock.Mock(size=None)  # a size the client did not tell: reading stops at the cap
    upload.read.return_value = b"{}"
    exchange.read_upload(upload)
    upload.read.assert_called_once_with(101)


# --- all or nothing ----------------------------------------------------------------------


def test_a_failure_late_in_the_import_leaves_nothing_behind(doc, user, settings):
    doc["findings"][0]["image"] = {
        "content_type": "image/png",
        "data": base64.b64encode(png_bytes()).decode(),
    }
    before = counts()
    with (
        mock.patch.object(importer, "_discussion_topics", side_effect=RuntimeError("late")),
        pytest.raises(RuntimeError),
    ):
        exchange.import_workshop(doc, user=user)
    assert counts() == before
    stored = settings.MEDIA_ROOT / "findings"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


def test_a_database_refusal_becomes_a_message_and_leaves_nothing_behind(doc, user):
    from django.db import IntegrityError

    before = counts()
    with (
        mock.patch.object(importer, "_discussion_topics", side_effect=IntegrityError("clash")),
        pytest.raises(ValidationError) as refusal,
    ):
        exchange.import_workshop(doc, user=user)
    assert counts() == before
    assert refusal.value.messages[0].startswith(
        "The database refused the file, so nothing was imported (clash)."
    )


def test_an_object_that_is_not_a_workshop_file_is_refused():
    assert refused({"title": "My notes"}) == [
        'format: is missing; a workshop file says "format": "pmo-workshop".',
        "version: is missing; this app reads version 1 only.",
    ]


def test_a_quarter_outside_the_roadmap_is_refused(doc):
    doc["companies"][0]["initiatives"] = [
        {"ref": "i-1", "title": "Too early", "start_quarter": "1999-Q4"},
        {"ref": "i-2", "title": "Odd", "end_quarter": "Q1 2027"},
    ]
    assert refused(doc) == [
        'companies[0].initiatives[0].start_quarter: must be a quarter from "2000-Q1" to '
        '"2100-Q4" or null, not "1999-Q4".',
        'companies[0].initiatives[1].end_quarter: must be a quarter from "2000-Q1" to '
        '"2100-Q4" or null, not "Q1 2027".',
    ]
