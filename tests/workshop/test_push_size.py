"""What a whole room's changes push: small pieces where little changed, and whole-room
pieces merged in a burst. A full room (500 attendees in 50 teams) opening its sockets
or typing company names must not make the server redraw the room once per change."""

import threading
import time
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from teams import companies, part2_broadcasts
from teams import services as team_services
from workshop import broadcasts, live
from workshop.editing import Author

from ..conftest import attendee_client_for
from ..factories import ParticipantFactory, TeamFactory
from ..part2_factories import framework_for


@pytest.fixture
def sent(monkeypatch):
    """Every push: (group, {language: html}); safe to append to from a timer thread."""
    pushes = []
    lock = threading.Lock()

    def record(group, html, **kwargs):
        with lock:
            pushes.append((group, html))
        return True

    monkeypatch.setattr(live, "send", record)
    return pushes


@pytest.fixture
def full_room(workshop):
    teams = [TeamFactory(workshop=workshop, name=f"Team {n:02}") for n in range(50)]
    for team in teams:
        ParticipantFactory.create_batch(10, team=team)
    return teams


def save_edit(client, team, kind, row, field, value):
    """One autosave through the edit URL, as htmx sends it."""
    url = reverse("teams:edit", args=[team.workshop_id, team.pk, kind, row.pk, field])
    return client.post(url, {"value": value, "version": row.version})


def english(pushes, group):
    return [html["en"] for g, html in pushes if g == group]


@pytest.mark.django_db
def test_coming_online_pushes_the_persons_pill_not_the_roster(
    workshop, full_room, sent, django_capture_on_commit_callbacks
):
    anna = full_room[3].participants.first()
    with django_capture_on_commit_callbacks(execute=True):
        team_services.participant_connected(anna.pk)

    console = english(sent, live.console_group(workshop.pk))
    projector = english(sent, live.projector_group(workshop.pk))
    team = english(sent, live.team_group(anna.team_id))
    assert len(console) == len(projector) == len(team) == 1
    assert f'id="presence-{anna.pk}"' in console[0] and "pill--online" in console[0]
    assert "1 online · 500 joined" in console[0]
    assert (
        projector[0]
        == team[0]
        == (f'<li id="presence-{anna.pk}" class="pill pill--online">{anna.display_name}</li>')
    )
    # The roster of this room is about a megabyte: a pill is not.
    assert max(len(html) for html in console + projector + team) < 400


@pytest.mark.django_db
def test_the_console_roster_selects_each_persons_team(workshop, full_room, facilitator_client):
    bo = full_room[7].participants.first()
    page = facilitator_client.get(reverse("workshop:console", args=[workshop.pk])).content.decode()
    row = page[page.index(f'id="move-{bo.pk}"') :]
    row = row[: row.index("</select>")]
    assert f'<option value="{full_room[7].pk}" selected>Team 07</option>' in row
    assert row.count(" selected") == 1
    assert row.count("<option") == 51  # the waiting list and 50 teams


@pytest.mark.django_db
def test_a_company_rename_pushes_its_card_and_the_totals_not_the_board(
    workshop, team_a, anna, sent, django_capture_on_commit_callbacks
):
    framework_for(workshop)
    acme = companies.create_company(team_a, "Acme AB", Author(participant=anna))
    other = companies.create_company(team_a, "Other AB", Author(participant=anna))
    sent.clear()
    client = attendee_client_for(Client(), anna)
    with django_capture_on_commit_callbacks(execute=True):
        response = save_edit(client, team_a, "company", acme, "name", "Acme Nordic AB")
    assert response.status_code == 200

    projector = "".join(english(sent, live.projector_group(workshop.pk)))
    assert f'<li id="progress-company-{acme.pk}"' in projector
    assert "Acme Nordic AB" in projector
    assert 'id="progress-summary"' not in projector  # a name changes no total
    assert 'id="company-progress"' not in projector
    assert f'id="progress-company-{other.pk}"' not in projector
    assert english(sent, live.console_group(workshop.pk)) == english(
        sent, live.projector_group(workshop.pk)
    )

    sent.clear()
    level = acme.primary_baseline().assessments.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = save_edit(client, team_a, "assessment", level, "level", "3")
    assert response.status_code == 200
    projector = "".join(english(sent, live.projector_group(workshop.pk)))
    assert f'<li id="progress-company-{acme.pk}"' in projector
    assert f"1/{level.baseline.assessments.count()}" in projector  # the card counts the level
    assert '<p id="progress-summary"' in projector  # and the totals may change
    assert 'id="company-progress"' not in projector


# --- merged whole-room pushes -----------------------------------------------------------


@pytest.fixture
def window(settings):
    settings.LIVE_COALESCE_SECONDS = 0.3
    return 0.3


def roster_pushes(sent, workshop):
    return english(sent, live.projector_group(workshop.pk))


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_roster_changes_pushes_once_at_once_and_once_with_the_latest_rows(
    workshop, team_a, sent, window
):
    push = partial(broadcasts.roster, workshop.pk)
    live._send_or_coalesce(push)
    assert len(roster_pushes(sent, workshop)) == 1  # the first one goes at once

    for n in range(20):
        ParticipantFactory(team=team_a, display_name=f"Latecomer {n:02}")
        live._send_or_coalesce(push)
    assert len(roster_pushes(sent, workshop)) == 1  # the rest wait for the window

    deadline = time.monotonic() + 5
    while len(roster_pushes(sent, workshop)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(window * 2)  # nothing else is due
    pushes = roster_pushes(sent, workshop)
    assert len(pushes) == 2
    assert "Latecomer 19" in pushes[1]  # drawn from the rows as they were then


@pytest.mark.django_db(transaction=True)
def test_pushes_of_different_rooms_or_unmarked_builders_are_never_merged(
    workshop, team_a, sent, window, facilitator
):
    from ..factories import WorkshopFactory

    other = WorkshopFactory(created_by=facilitator)
    sent.clear()  # creating it pushed
    live._send_or_coalesce(partial(broadcasts.roster, workshop.pk))
    live._send_or_coalesce(partial(broadcasts.roster, other.pk))
    assert len(roster_pushes(sent, workshop)) == 1
    assert len(roster_pushes(sent, other)) == 1

    for _ in range(3):  # a team's header is not marked: every change is pushed
        live._send_or_coalesce(partial(broadcasts.team_header, team_a.pk))
    assert len(english(sent, live.team_group(team_a.pk))) == 3


def test_the_whole_room_builders_are_the_ones_marked():
    assert broadcasts.roster.coalesce
    assert part2_broadcasts.progress.coalesce
    assert part2_broadcasts.room_profile.coalesce
    assert part2_broadcasts.progress_summary.coalesce
    assert not getattr(part2_broadcasts.progress_card, "coalesce", False)
    assert not getattr(broadcasts.team_header, "coalesce", False)
    assert not getattr(broadcasts.presence, "coalesce", False)


@pytest.mark.django_db
def test_a_whole_room_push_reads_its_rows_once_for_both_languages(workshop, full_room):
    from ..conftest import query_count

    build = partial(broadcasts.roster, workshop.pk)
    one_language = query_count(lambda: list(build()))
    pushes = []
    both = query_count(lambda: pushes.extend(live.in_every_language(build)))
    assert both == one_language
    projector = next(
        html for group, html, _ in pushes if group == live.projector_group(workshop.pk)
    )
    assert set(projector) == {"en", "sv"}
    assert projector["en"] != projector["sv"]


@pytest.mark.django_db(transaction=True)
def test_a_push_that_fails_is_logged_and_the_save_stands(workshop, caplog):
    from django.db import transaction

    def broken():
        raise RuntimeError("drawing failed")
        yield  # a generator, like every builder

    with transaction.atomic():
        workshop.title = "Saved anyway"
        workshop.save()
        live.push_on_commit(broken)
    workshop.refresh_from_db()
    assert workshop.title == "Saved anyway"
    assert "drawing failed" in caplog.text


def test_one_changes_pushes_reach_the_channel_layer_in_one_visit_in_order(monkeypatch):
    import asyncio

    calls = []

    class Layer:
        async def group_send(self, group, message):
            calls.append((group, asyncio.get_running_loop()))  # kept: ids stay unique

    monkeypatch.setattr(live, "get_channel_layer", Layer)

    def build():
        for group in ("company-1", "team-1", "projector-1", "console-1"):
            yield group, f"<p id='x'>{group}</p>", None

    live._send_pushes(build)
    assert [group for group, _ in calls] == ["company-1", "team-1", "projector-1", "console-1"]
    assert len({id(loop) for _, loop in calls}) == 1  # one async_to_sync, not four


@pytest.mark.django_db
@pytest.mark.parametrize("kind, field", [("company", "name"), ("assessment", "level")])
def test_an_edits_pushes_read_their_rows_once_for_both_languages(
    workshop, team_a, anna, kind, field, settings
):
    """A rename or a level draws the company list, header, card, baseline, vision and
    room pieces in English and Swedish; their rows are read once for both (a rename: 18
    queries before, 11 now)."""
    from teams import editables

    from ..conftest import query_count

    framework_for(workshop)
    acme = companies.create_company(team_a, "Acme AB", Author(participant=anna))
    companies.create_company(team_a, "Other AB", Author(participant=anna))
    row = acme if kind == "company" else acme.primary_baseline().assessments.first()

    def build():
        return editables._pushes(kind, row, field, "client")

    languages = settings.LANGUAGES
    settings.LANGUAGES = [("en", "English")]
    one_language = query_count(lambda: live.in_every_language(build))
    settings.LANGUAGES = languages
    pushes = []
    both = query_count(lambda: pushes.extend(live.in_every_language(build)))
    assert both == one_language
    team_list = next(html for group, html, _ in pushes if group == live.team_group(team_a.pk))
    assert set(team_list) == {"en", "sv"} and team_list["en"] != team_list["sv"]


@pytest.mark.django_db
def test_an_attendees_autosave_checks_their_team_in_one_read(workshop, team_a, anna, sent):
    """team_member_required loads the participant with their team and workshop in one
    query; the save then reads the row, checks the lock, writes and keeps history."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    framework_for(workshop)
    acme = companies.create_company(team_a, "Acme AB", Author(participant=anna))
    evidence = acme.primary_baseline().assessments.first()
    client = attendee_client_for(Client(), anna)
    client.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))  # session loaded
    with CaptureQueriesContext(connection) as queries:
        response = save_edit(client, team_a, "assessment", evidence, "evidence", "Weekly status")
    assert response.status_code == 200
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    people = [sql for sql in statements if 'FROM "teams_participant"' in sql]
    assert len(people) == 1 and 'INNER JOIN "teams_team"' in people[0]
    assert not any('FROM "teams_team"' in sql for sql in statements)
    # the workshop's language, the session (unless cached), the person, the row, the lock
    # check, the row locked, the write and its history
    assert len(statements) <= 8
