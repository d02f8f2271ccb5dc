"""Export downloads, the import page and the two management commands."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from workshop import exchange
from workshop.models import Workshop

from ..conftest import PASSWORD, attendee_client_for, errors_beside
from ..factories import UserFactory, WorkshopFactory
from .workshop_exchange_setup import counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(workshop):
    user = UserFactory()
    workshop.organisers.add(user)
    return user


def export_url(workshop, template=False):
    return reverse(
        "workshop:export_template" if template else "workshop:export", args=[workshop.pk]
    )


def upload(data, name="workshop.json"):
    raw = data if isinstance(data, bytes) else exchange.dumps(data).encode()
    return SimpleUploadedFile(name, raw, content_type="application/json")


# --- export ------------------------------------------------------------------------------


def test_an_organiser_downloads_the_whole_workshop(client, organiser, workshop):
    client.force_login(organiser)
    response = client.get(export_url(workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="workshop-{workshop.title.lower().replace(" ", "-")}-'
        f'{workshop.date.isoformat()}.json"'
    )
    assert json.loads(response.content) == exchange.export_workshop(workshop)


def test_a_facilitator_downloads_a_template(facilitator_client, workshop):
    response = facilitator_client.get(export_url(workshop, template=True))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="workshop-template-pmo-workshop-'
    )
    assert json.loads(response.content)["kind"] == "template"


@pytest.mark.parametrize("template", [False, True])
def test_strangers_get_no_export(client, workshop, other_facilitator, anna, template):
    url = export_url(workshop, template)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    attendee_client_for(client, anna)
    assert client.get(url).status_code == 302  # attendees have no account
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 404
    elsewhere = UserFactory()
    WorkshopFactory(created_by=elsewhere).organisers.add(elsewhere)
    client.force_login(elsewhere)
    assert client.get(url).status_code == 404


def test_export_answers_get_only(facilitator_client, workshop):
    assert facilitator_client.post(export_url(workshop)).status_code == 405


# --- import ------------------------------------------------------------------------------


def test_the_import_page_needs_a_login(client, db):
    response = client.get(reverse("workshop:import"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    before = counts()
    client.post(reverse("workshop:import"), {"file": upload({"format": "pmo-workshop"})})
    assert counts() == before


def test_a_facilitator_imports_a_file_and_lands_on_its_console(client, workshop):
    doc = exchange.export_workshop(workshop)
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    response = client.post(reverse("workshop:import"), {"file": upload(doc)})
    imported = Workshop.objects.exclude(pk=workshop.pk).get(facilitators=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("workshop:console", args=[imported.pk])
    assert exchange.export_workshop(imported) == doc
    page = client.get(response["Location"])
    assert f"Imported “{workshop.title}”" in page.content.decode()


def test_an_import_can_give_a_new_title_and_date(facilitator_client, facilitator, workshop):
    template = exchange.export_workshop(workshop, template=True)
    response = facilitator_client.post(
        reverse("workshop:import"),
        {"file": upload(template), "title": "Autumn 2031", "date": "2031-10-02"},
    )
    assert response.status_code == 302
    imported = Workshop.objects.get(title="Autumn 2031")
    assert imported.date.isoformat() == "2031-10-02"
    assert imported.horizon_year == 2034


def test_a_bad_file_shows_the_problems_beside_the_field(facilitator_client, workshop):
    doc = exchange.export_workshop(workshop)
    doc["version"] = 2
    before = counts()
    response = facilitator_client.post(reverse("workshop:import"), {"file": upload(doc)})
    assert response.status_code == 422
    assert errors_beside(response.content.decode(), "import-file") == [
        "version: is 2; this app reads version 1 only."
    ]
    assert counts() == before


def test_at_most_twenty_problems_are_shown(facilitator_client, workshop):
    doc = exchange.export_workshop(workshop)
    doc["participants"] = [{"ref": f"p{n}", "display_name": ""} for n in range(30)]
    response = facilitator_client.post(reverse("workshop:import"), {"file": upload(doc)})
    errors = errors_beside(response.content.decode(), "import-file")
    assert errors[:2] == [
        "participants[0].display_name: is empty.",
        "participants[1].display_name: is empty.",
    ]
    assert len(errors) == 21 and errors[-1] == "… and 10 more problems."


def test_a_file_that_is_not_json_is_refused_beside_the_field(facilitator_client):
    response = facilitator_client.post(reverse("workshop:import"), {"file": upload(b"<html>")})
    assert errors_beside(response.content.decode(), "import-file") == [
        "The file is not valid JSON: Expecting value at line 1, column 1."
    ]


def test_an_oversized_upload_is_refused(facilitator_client, settings):
    settings.WORKSHOP_IMPORT_MAX_BYTES = 2048
    response = facilitator_client.post(
        reverse("workshop:import"), {"file": upload(b"{" + b" " * 4096 + b"}")}
    )
    assert errors_beside(response.content.decode(), "import-file") == [
        "The file is larger than 2.0\xa0KB, the limit for a workshop file."
    ]


def test_no_file_gets_a_message(facilitator_client):
    response = facilitator_client.post(reverse("workshop:import"), {})
    assert errors_beside(response.content.decode(), "import-file") == [
        "Choose a workshop file (.json) to import."
    ]


# --- management commands -----------------------------------------------------------------


def test_commands_round_trip_through_a_file(tmp_path, workshop):
    path = tmp_path / "backup.json"
    err = StringIO()
    call_command("export_workshop", str(workshop.pk), "-o", str(path), stderr=err)
    assert f"to {path}" in err.getvalue()
    user = UserFactory(username="importer")
    out = StringIO()
    call_command("import_workshop", str(path), "--user", "importer", stdout=out)
    imported = Workshop.objects.exclude(pk=workshop.pk).get()
    assert f"as workshop {imported.pk}." in out.getvalue()
    assert f"Console: /workshops/{imported.pk}/" in out.getvalue()
    assert list(imported.facilitators.all()) == [user]
    again = StringIO()
    call_command("export_workshop", str(imported.pk), stdout=again)
    assert again.getvalue() == path.read_text(encoding="utf-8")


def test_the_export_command_writes_a_template_to_stdout(workshop):
    out = StringIO()
    call_command("export_workshop", str(workshop.pk), "--template", stdout=out)
    assert json.loads(out.getvalue())["kind"] == "template"


def test_the_import_command_lists_the_problems_of_a_bad_file(tmp_path, workshop):
    doc = exchange.export_workshop(workshop)
    doc["format"] = "something-else"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as refusal:
        call_command("import_workshop", str(path))
    assert str(refusal.value) == (
        f"Nothing was imported from {path}:\n"
        '  - format: is "something-else"; a workshop file says "format": "pmo-workshop".'
    )
    assert counts() == before


def test_the_import_command_reads_no_more_than_the_cap(tmp_path, settings, db):
    settings.WORKSHOP_IMPORT_MAX_BYTES = 64
    path = tmp_path / "big.json"
    path.write_bytes(b"{" + b" " * 10_000 + b"}")
    with pytest.raises(CommandError, match="larger than 64"):
        call_command("import_workshop", str(path))


def test_the_import_command_without_a_user_says_who_must_be_added(tmp_path, workshop):
    path = tmp_path / "w.json"
    path.write_text(exchange.dumps(exchange.export_workshop(workshop)), encoding="utf-8")
    out = StringIO()
    call_command("import_workshop", str(path), stdout=out)
    assert "Nobody facilitates it yet" in out.getvalue()


def test_the_commands_refuse_unknown_workshops_users_and_files(tmp_path, db):
    with pytest.raises(CommandError, match="no workshop with id 999"):
        call_command("export_workshop", "999")
    with pytest.raises(CommandError, match="no user called 'nobody'"):
        call_command("import_workshop", str(tmp_path / "x.json"), "--user", "nobody")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_workshop", str(tmp_path / "missing.json"))


def test_a_real_50_mb_upload_is_refused_by_its_size(facilitator_client, tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(exchange, "parse", lambda raw: pytest.fail("the file was read"))
    with open(path, "rb") as handle:
        response = facilitator_client.post(reverse("workshop:import"), {"file": handle})
    assert errors_beside(response.content.decode(), "import-file") == [
        "The file is larger than 20.0\xa0MB, the limit for a workshop file."
    ]
