"""What the fuzzing found, pinned down: each case answered a server error on PostgreSQL or
SQLite, or stored text PostgreSQL refuses, before its fix.

- A NUL character typed into a text the views read without a form (company and baseline
  names, topics, strategy titles, every autosaving field) reached the database: SQLite
  stored it, PostgreSQL refused it with a server error.
- A map template or framework file could carry "\\u0000" or a lone "\\ud800" in a text.
- A topic id beyond 64 bits in the facilitator's topic assignment crashed SQLite.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teams import framework as frameworks
from workshop import map_templates

from .conftest import changed_tables, db_state, rolled_back
from .sweep_urls import post_data, url_for

pytestmark = pytest.mark.django_db

NUL = "Acme\x00AB"


def _refused_and_unchanged(world, response, *statuses):
    assert response.status_code in statuses, response.status_code
    assert changed_tables(world.state, db_state()) == []


@pytest.mark.parametrize(
    "name,field",
    [
        ("teams:company_add", "name"),
        ("teams:baseline_add", "name"),
        ("strategy:initiative_add", "title"),
        ("strategy:goal_add", "title"),
        ("strategy:kpi_add", "name"),
        ("teams:topic_raise", "text"),
    ],
)
def test_a_nul_in_a_name_or_title_is_refused_with_a_message(world, name, field):
    with rolled_back():
        response = world.client("attendee_a").post(
            url_for(name, world),
            {**post_data(name, world), field: NUL},
            HTTP_HX_REQUEST="true",
            follow=True,  # adding a baseline always goes back to the page, saying why
        )
        _refused_and_unchanged(world, response, 422, 200)
        assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize(
    "name,role,kwargs",
    [
        ("teams:edit", "attendee_a", {}),
        ("teams:field", "attendee_a", {"field_name": "notes"}),
        ("workshop:path_role", "facilitator", {}),
        ("workshop:factor_label", "facilitator", {}),
    ],
)
def test_a_nul_in_an_autosaving_field_is_refused_beside_it(world, name, role, kwargs):
    with rolled_back():
        body = {**post_data(name, world), "value": NUL}
        response = world.client(role).post(url_for(name, world, **kwargs), body)
        _refused_and_unchanged(world, response, 422)
        assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize("bad", ["\\u0000", "\\ud800"])
def test_a_map_template_with_an_unstorable_character_is_refused(world, bad):
    document = map_templates.export_map(world.workshop)
    raw = json.dumps(document).replace('"description": "', f'"description": "{bad}', 1).encode()
    with rolled_back(), pytest.raises(ValidationError) as refusal:
        map_templates.import_map(world.other_workshop, map_templates.parse_upload(raw))
    assert "description" in refusal.value.messages[0]
    assert "cannot be stored" in " ".join(refusal.value.messages) or "broken character" in " ".join(
        refusal.value.messages
    )


@pytest.mark.parametrize("bad", ["\\u0000", "\\ud800"])
def test_a_framework_file_with_an_unstorable_character_is_refused(world, bad):
    document = frameworks.export_framework(world.workshop.framework)
    raw = json.dumps(document).replace('"name": "', f'"name": "{bad}', 1).encode()
    with rolled_back():
        with pytest.raises(ValidationError) as refusal:
            frameworks.import_framework(world.workshop, raw)
        assert changed_tables(world.state, db_state()) == []
    assert '"name"' in " ".join(refusal.value.messages)


def test_a_topic_id_beyond_64_bits_is_an_unknown_choice(world):
    url = reverse("workshop:team_topics", args=[world.workshop.pk, world.team_a.pk])
    with rolled_back():
        response = world.client("facilitator").post(
            url, {"topics": [str(2**64), str(-(2**70))]}, HTTP_HX_REQUEST="true"
        )
        _refused_and_unchanged(world, response, 200)


@pytest.mark.parametrize("number", ["¹", "²3", "٣"])
def test_a_number_in_other_digits_is_an_unknown_choice(world, number):
    """`"¹".isdigit()` is true but `int("¹")` raises: ids are read as ASCII digits only."""
    name = "strategy:initiative_dependency"
    with rolled_back():
        response = world.client("attendee_a").post(
            url_for(name, world), {**post_data(name, world), "item": number}
        )
        _refused_and_unchanged(world, response, 422)
        assert "Choose one of the items shown." in response.content.decode()


TRUNCATED_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x18\x00\x00\x00\x10\x08\x02\x00\x00\x00"
    b"\x83F(\xc2\x00\x00\x00\x1cIDATx\x9cc\xd4\xa88\xc1@\r\xc0D\x15SF\r\x1a5h\xd4\xa0\x11l\x10"
    b"\x00\xb4\xfa\x01\x88\x17{K\xa7\x00\x00\x00\x00"
)


def test_a_truncated_png_is_refused_once_weasyprint_is_loaded(monkeypatch):
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES when imported (for the packs); a
    PNG cut off after its image data then failed verify() with an IndexError."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import ImageFile

    from vision.forms import NOT_AN_IMAGE, checked_image

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(ValidationError) as refusal:
        checked_image(SimpleUploadedFile("chart.png", TRUNCATED_PNG, content_type="image/png"))
    assert refusal.value.messages == [str(NOT_AN_IMAGE)]


def test_a_nul_in_the_factor_search_finds_as_if_it_were_not_there(world):
    """The team map's factor search put the typed text straight into a query, which
    PostgreSQL refuses with a NUL in it (a server error there; SQLite matched nothing)."""
    response = world.client("attendee_a").get(
        url_for("workshop:team_factor_search", world), {"label": "PMO\x00 maturity"}
    )
    assert response.status_code == 200
