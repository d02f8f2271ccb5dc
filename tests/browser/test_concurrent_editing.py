"""Two team mates edit the same field from the same version: nothing is lost."""

import pytest
from playwright.sync_api import expect

from teams.models import Team
from tests.browser.helpers import open_as_attendee
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.browser


def test_second_writer_sees_conflict_and_both_versions_are_kept(new_page, team_a):
    anna = ParticipantFactory(team=team_a, display_name="Anna")
    bo = ParticipantFactory(team=team_a, display_name="Bo")
    first = open_as_attendee(new_page, anna)
    second = open_as_attendee(new_page, bo)
    field = f"#input-team-{team_a.pk}-notes"
    start_version = Team.objects.get(pk=team_a.pk).version
    for page in (first, second):
        expect(page.locator(f"#version-team-{team_a.pk}-notes")).to_have_value(str(start_version))

    # Bo has typed but his autosave has not gone out yet (same starting version as Anna).
    second.locator(field).evaluate(
        "el => { el.value = 'Bo: governance first'; el.closest('form').dataset.dirty = '1'; }"
    )
    first.locator(field).fill("Anna: careers first")
    expect(first.locator(f"#status-team-{team_a.pk}-notes")).to_contain_text("Saved")

    # The live push must not wipe what Bo is typing; he is told a newer version exists.
    expect(second.locator(f"#status-team-{team_a.pk}-notes")).to_contain_text("newer version")
    expect(second.locator(field)).to_have_value("Bo: governance first")

    second.locator(field).dispatch_event("input")  # his autosave fires, from the old version
    conflict = second.locator(".conflict")
    expect(conflict).to_contain_text("Anna saved this")
    expect(conflict.locator(".conflict__theirs")).to_contain_text("Anna: careers first")
    expect(conflict.locator(".conflict__mine")).to_contain_text("Bo: governance first")
    assert Team.objects.get(pk=team_a.pk).notes == "Anna: careers first"  # not overwritten

    conflict.get_by_role("button", name="Keep my text").click()
    expect(second.locator(f"#status-team-{team_a.pk}-notes")).to_contain_text("Saved")
    expect(second.locator(".conflict")).to_have_count(0)
    expect(first.locator(field)).to_have_value("Bo: governance first")  # live on Anna's screen

    # Back to normal: Bo's further typing autosaves and reaches Anna.
    second.locator(field).fill("Bo: governance first, then")
    second.locator(field).press_sequentially(" careers")
    expect(first.locator(field)).to_have_value("Bo: governance first, then careers")

    team = Team.objects.get(pk=team_a.pk)
    assert team.notes == "Bo: governance first, then careers"
    history = list(team.history.order_by("history_id").values_list("notes", "history_participant"))
    assert ("Anna: careers first", anna.pk) in history
    assert ("Bo: governance first", bo.pk) in history


def test_use_their_text_discards_mine_and_resumes_autosave(new_page, team_a):
    anna = ParticipantFactory(team=team_a, display_name="Anna")
    bo = ParticipantFactory(team=team_a, display_name="Bo")
    first = open_as_attendee(new_page, anna)
    second = open_as_attendee(new_page, bo)
    field = f"#input-team-{team_a.pk}-notes"

    second.locator(field).evaluate(
        "el => { el.value = 'mine'; el.closest('form').dataset.dirty = '1'; }"
    )
    first.locator(field).fill("theirs")
    expect(first.locator(f"#status-team-{team_a.pk}-notes")).to_contain_text("Saved")
    expect(second.locator(f"#status-team-{team_a.pk}-notes")).to_contain_text("newer version")
    second.locator(field).dispatch_event("input")
    second.get_by_role("button", name="Use their text").click()
    expect(second.locator(field)).to_have_value("theirs")
    expect(second.locator(".conflict")).to_have_count(0)

    # Typed key by key, as a person does (one synthetic input event could land before
    # htmx has bound the freshly swapped-in field).
    second.locator(field).fill("theirs, then")
    second.locator(field).press_sequentially(" mine")
    expect(second.locator(f"#status-team-{team_a.pk}-notes")).to_contain_text("Saved")
    expect(first.locator(field)).to_have_value("theirs, then mine")
