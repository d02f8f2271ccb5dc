"""Autosaving a team's name and notes through `teams:field`: version checks, conflicts,
locks and bad input. Nothing is silently overwritten and nothing is half-saved."""

import pytest
from django.test import Client
from django.urls import reverse

from teams.models import Team
from workshop import services

from ..conftest import attendee_client_for

pytestmark = pytest.mark.django_db

CONFLICT = "Nothing has been overwritten."


@pytest.fixture
def anna_client(client, anna):
    return attendee_client_for(client, anna)


@pytest.fixture
def alex_client(alex):
    return attendee_client_for(Client(), alex)


def field_url(team, field_name="notes") -> str:
    return reverse("teams:field", args=[team.workshop_id, team.pk, field_name])


def save(browser, team, value, version, field_name="notes", **fields):
    return browser.post(
        field_url(team, field_name),
        {"value": value, "version": version, **fields},
        HTTP_HX_REQUEST="true",
    )


def stored(team) -> Team:
    return Team.objects.get(pk=team.pk)


# --- a plain save -----------------------------------------------------------------------


def test_saving_notes_stores_them_and_bumps_the_version(anna_client, team_a):
    response = save(anna_client, team_a, "Our first idea", 1)
    assert response.status_code == 200
    assert (stored(team_a).notes, stored(team_a).version) == ("Our first idea", 2)


def test_save_answers_with_the_new_version_and_a_saved_status(anna_client, team_a):
    content = save(anna_client, team_a, "Our first idea", 1).content.decode()
    assert f'id="version-team-{team_a.pk}-notes" value="2"' in content
    assert "Saved at" in content


def test_save_answer_leaves_the_authors_text_box_alone(anna_client, team_a):
    content = save(anna_client, team_a, "Our first idea", 1).content.decode()
    assert "<textarea" not in content


def test_get_returns_the_field_as_stored(anna_client, team_a):
    Team.objects.filter(pk=team_a.pk).update(notes="What is stored")
    response = anna_client.get(field_url(team_a), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "What is stored" in response.content.decode()


def test_unknown_field_is_not_found(anna_client, team_a):
    response = save(anna_client, team_a, "x", 1, field_name="version")
    assert response.status_code == 404


def test_history_names_the_participant_who_saved(anna_client, team_a):
    save(anna_client, team_a, "Our first idea", 1)
    latest = stored(team_a).history.order_by("-history_id").first()
    assert latest.author_name == "Anna"


def test_saving_the_same_text_again_makes_no_new_version(anna_client, team_a):
    save(anna_client, team_a, "Our first idea", 1)
    save(anna_client, team_a, "Our first idea", 2)
    assert (stored(team_a).version, stored(team_a).history.count()) == (2, 2)


# --- two writers ------------------------------------------------------------------------


def test_second_writer_sees_conflict(anna_client, alex_client, team_a):
    save(anna_client, team_a, "Plan by Anna", 1)
    response = save(alex_client, team_a, "Plan by Alex", 1)
    content = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in content
    assert "Anna saved this at" in content


def test_conflict_shows_the_other_writers_text_and_keeps_mine(anna_client, alex_client, team_a):
    save(anna_client, team_a, "Plan by Anna", 1)
    content = save(alex_client, team_a, "Plan by Alex", 1).content.decode()
    assert '<div class="conflict__text">Plan by Anna</div>' in content
    assert '<div class="conflict__text">Plan by Alex</div>' in content


def test_conflict_keeps_the_first_writers_text(anna_client, alex_client, team_a):
    save(anna_client, team_a, "Plan by Anna", 1)
    save(alex_client, team_a, "Plan by Alex", 1)
    assert (stored(team_a).notes, stored(team_a).version) == ("Plan by Anna", 2)


def test_conflict_offers_the_current_version_to_keep_mine(anna_client, alex_client, team_a):
    save(anna_client, team_a, "Plan by Anna", 1)
    content = save(alex_client, team_a, "Plan by Alex", 1).content.decode()
    assert f'id="version-team-{team_a.pk}-notes" value="2"' in content


def test_keeping_my_text_after_a_conflict_saves_it(anna_client, alex_client, team_a):
    save(anna_client, team_a, "Plan by Anna", 1)
    save(alex_client, team_a, "Plan by Alex", 1)
    response = save(alex_client, team_a, "Plan by Alex", 2)
    assert response.status_code == 200
    assert (stored(team_a).notes, stored(team_a).version) == ("Plan by Alex", 3)


def test_keeping_my_text_redraws_the_field_out_of_conflict_mode(anna_client, alex_client, team_a):
    save(anna_client, team_a, "Plan by Anna", 1)
    save(alex_client, team_a, "Plan by Alex", 1)
    content = save(alex_client, team_a, "Plan by Alex", 2, resolve="mine").content.decode()
    assert ">Plan by Alex</textarea>" in content
    assert 'hx-trigger="input changed' in content
    assert "data-conflict" not in content


def test_both_texts_stay_in_history_after_keeping_mine(anna_client, alex_client, team_a):
    save(anna_client, team_a, "Plan by Anna", 1)
    save(alex_client, team_a, "Plan by Alex", 1)
    save(alex_client, team_a, "Plan by Alex", 2)
    records = stored(team_a).history.order_by("history_id")
    assert [(r.notes, r.author_name) for r in records][1:] == [
        ("Plan by Anna", "Anna"),
        ("Plan by Alex", "Alex"),
    ]


def test_same_author_saving_again_from_their_own_older_version_is_no_conflict(anna_client, team_a):
    save(anna_client, team_a, "Plan", 1)
    response = save(anna_client, team_a, "Plan by Anna", 1)
    assert response.status_code == 200
    assert stored(team_a).notes == "Plan by Anna"


def test_change_to_another_field_since_my_version_is_no_conflict(anna_client, alex_client, team_a):
    save(alex_client, team_a, "Team Aurora", 1, field_name="name")
    response = save(anna_client, team_a, "Plan by Anna", 1)
    assert response.status_code == 200
    assert (stored(team_a).name, stored(team_a).notes) == ("Team Aurora", "Plan by Anna")


def test_sending_the_text_that_is_already_stored_is_no_conflict(anna_client, alex_client, team_a):
    save(anna_client, team_a, "Same plan", 1)
    response = save(alex_client, team_a, "Same plan", 1)
    assert response.status_code == 200


def test_forged_version_is_a_conflict(anna_client, team_a):
    response = save(anna_client, team_a, "Sneaky text", 999)
    assert response.status_code == 409


def test_forged_version_saves_nothing(anna_client, team_a):
    save(anna_client, team_a, "Sneaky text", 999)
    assert (stored(team_a).notes, stored(team_a).version) == ("", 1)


def test_missing_version_asks_to_reload(anna_client, team_a):
    response = anna_client.post(field_url(team_a), {"value": "No version"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "This page is out of date." in response.content.decode()
    assert stored(team_a).notes == ""


# --- lock -------------------------------------------------------------------------------


@pytest.fixture
def locked(workshop):
    services.set_locked(workshop.current_phase, True)


def test_editing_while_locked_is_refused_with_a_message(anna_client, team_a, locked):
    response = save(anna_client, team_a, "Too late", 1)
    assert response.status_code == 423
    assert "Editing is locked by the facilitator right now." in response.content.decode()


def test_editing_while_locked_saves_nothing(anna_client, team_a, locked):
    save(anna_client, team_a, "Too late", 1)
    assert (stored(team_a).notes, stored(team_a).version) == ("", 1)


def test_facilitator_can_edit_while_locked(facilitator_client, team_a, locked):
    response = save(facilitator_client, team_a, "Facilitator's summary", 1)
    assert response.status_code == 200
    assert stored(team_a).notes == "Facilitator's summary"


def test_facilitators_edit_is_recorded_under_their_name(facilitator_client, facilitator, team_a):
    save(facilitator_client, team_a, "Facilitator's summary", 1)
    latest = stored(team_a).history.order_by("-history_id").first()
    assert latest.author_name == facilitator.username


def test_locked_field_is_drawn_read_only(anna_client, team_a, locked):
    content = anna_client.get(field_url(team_a)).content.decode()
    assert 'readonly aria-readonly="true"' in content


def test_unlocking_lets_attendees_edit_again(anna_client, workshop, team_a, locked):
    services.set_locked(workshop.current_phase, False)
    assert save(anna_client, team_a, "Back to work", 1).status_code == 200


# --- bad input --------------------------------------------------------------------------


def test_empty_team_name_is_refused_with_a_message(anna_client, team_a):
    response = save(anna_client, team_a, "   ", 1, field_name="name")
    assert response.status_code == 422
    assert "A team needs a name." in response.content.decode()
    assert stored(team_a).name == "Team A"


def test_team_name_of_61_characters_is_refused_with_a_message(anna_client, team_a):
    response = save(anna_client, team_a, "x" * 61, 1, field_name="name")
    assert response.status_code == 422
    assert "Keep the team name to 60 characters (this one has 61)." in response.content.decode()
    assert stored(team_a).name == "Team A"


def test_team_name_of_60_characters_is_saved(anna_client, team_a):
    response = save(anna_client, team_a, "x" * 60, 1, field_name="name")
    assert response.status_code == 200
    assert stored(team_a).name == "x" * 60


def test_team_name_spaces_are_tidied(anna_client, team_a):
    save(anna_client, team_a, "  Team   Aurora ", 1, field_name="name")
    assert stored(team_a).name == "Team Aurora"


def test_another_teams_name_is_refused_with_a_message(anna_client, team_a, team_b):
    response = save(anna_client, team_a, "team b", 1, field_name="name")
    assert response.status_code == 422
    assert "Another team already has this name." in response.content.decode()


def test_another_teams_name_saves_nothing(anna_client, team_a, team_b):
    save(anna_client, team_a, "team b", 1, field_name="name")
    team = stored(team_a)
    assert (team.name, team.version, team.history.count()) == ("Team A", 1, 1)


def test_notes_over_the_limit_are_refused_with_a_message(anna_client, team_a):
    response = save(anna_client, team_a, "x" * 20001, 1)
    assert response.status_code == 422
    assert "Notes are limited to 20,000 characters (these have 20001)." in response.content.decode()
    assert stored(team_a).notes == ""


def test_renaming_the_team_shows_in_the_workspace(anna_client, workshop, team_a):
    save(anna_client, team_a, "Team Aurora", 1, field_name="name")
    page = anna_client.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert "<h1>Team Aurora</h1>" in page.content.decode()
