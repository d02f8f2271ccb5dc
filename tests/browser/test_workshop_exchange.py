"""An organiser downloads a workshop file; a facilitator imports it on the dashboard
and lands on the new workshop's console; a bad file gets its message beside the field."""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import _session_cookie, login_session, wait_until_live
from tests.factories import TeamFactory, UserFactory
from workshop.models import Workshop

pytestmark = pytest.mark.browser


def signed_in(new_page, user):
    page = new_page()
    page.context.add_cookies([_session_cookie(page, login_session(user))])
    return page


def test_export_then_import_lands_on_the_new_console(new_page, workshop, tmp_path):
    TeamFactory(workshop=workshop, name="Lag Ärla")
    organiser = UserFactory(username="organiser-export")
    workshop.organisers.add(organiser)

    page = signed_in(new_page, organiser)
    page.goto(reverse("workshop:dashboard"))
    with page.expect_download() as info:
        page.get_by_role("link", name="Export (JSON)").click()
    download = info.value
    assert download.suggested_filename == (
        f"workshop-{workshop.title.lower().replace(' ', '-')}-{workshop.date.isoformat()}.json"
    )
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["kind"], data["teams"][0]["name"]) == ("workshop", "Lag Ärla")

    importer = UserFactory(username="facilitator-import")
    page = signed_in(new_page, importer)
    page.goto(reverse("workshop:dashboard"))
    page.get_by_role("link", name="Import a workshop").click()
    page.get_by_label("Workshop file (JSON)").set_input_files(str(path))
    page.get_by_label("New title (optional)").fill("Imported copy")
    page.get_by_role("button", name="Import", exact=True).click()

    imported = Workshop.objects.get(title="Imported copy")
    expect(page).to_have_url(re.compile(rf"{reverse('workshop:console', args=[imported.pk])}$"))
    wait_until_live(page)
    expect(page.get_by_text("Imported “Imported copy”")).to_be_visible()
    expect(page.locator(".team-column", has_text="Lag Ärla")).to_be_visible()


def test_a_bad_file_shows_its_message_beside_the_field(new_page, facilitator, tmp_path):
    bad = tmp_path / "old.json"
    bad.write_text(json.dumps({"format": "pmo-workshop", "version": 9}), encoding="utf-8")
    page = signed_in(new_page, facilitator)
    page.goto(reverse("workshop:import"))
    page.get_by_label("Workshop file (JSON)").set_input_files(str(bad))
    page.get_by_role("button", name="Import", exact=True).click()
    field = page.locator(".field", has=page.locator("#import-file"))
    expect(field.locator(".field__error")).to_have_text(
        ["version: is 9; this app reads version 1 only."]
    )
    assert not Workshop.objects.exists()  # nothing imported
