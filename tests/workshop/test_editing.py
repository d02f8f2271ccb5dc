"""workshop.editing: the version check every editable item shares, exercised on teams
through their service (`teams.services.edit_team_field`)."""

import pytest

from teams import services as team_services
from teams.models import Team
from workshop import services
from workshop.editing import Author, EditConflict

pytestmark = pytest.mark.django_db


def edit(team, value, version, author, field_name="notes") -> Team:
    return team_services.edit_team_field(team, field_name, value, version, author)


def test_save_from_the_current_version_goes_through(team_a, anna):
    saved = edit(team_a, "Plan by Anna", 1, Author(participant=anna))
    assert (saved.notes, saved.version) == ("Plan by Anna", 2)


def test_second_writer_from_the_same_version_gets_a_conflict(team_a, anna, alex):
    edit(team_a, "Plan by Anna", 1, Author(participant=anna))
    with pytest.raises(EditConflict):
        edit(team_a, "Plan by Alex", 1, Author(participant=alex))


def test_conflict_carries_both_texts_the_version_and_who_changed_it(team_a, anna, alex):
    edit(team_a, "Plan by Anna", 1, Author(participant=anna))
    with pytest.raises(EditConflict) as caught:
        edit(team_a, "Plan by Alex", 1, Author(participant=alex))
    conflict = caught.value
    assert (conflict.field, conflict.mine, conflict.theirs, conflict.current_version) == (
        "notes",
        "Plan by Alex",
        "Plan by Anna",
        2,
    )
    assert conflict.changed_by == "Anna"


def test_conflict_leaves_the_stored_text_alone(team_a, anna, alex):
    edit(team_a, "Plan by Anna", 1, Author(participant=anna))
    with pytest.raises(EditConflict):
        edit(team_a, "Plan by Alex", 1, Author(participant=alex))
    team = Team.objects.get(pk=team_a.pk)
    assert (team.notes, team.version, team.history.count()) == ("Plan by Anna", 2, 2)


def test_writer_is_not_in_conflict_with_their_own_earlier_saves(team_a, anna):
    edit(team_a, "Plan", 1, Author(participant=anna))
    edit(team_a, "Plan by", 1, Author(participant=anna))
    saved = edit(team_a, "Plan by Anna", 1, Author(participant=anna))
    assert (saved.notes, saved.version) == ("Plan by Anna", 4)


def test_own_save_after_someone_elses_still_conflicts(team_a, anna, alex):
    edit(team_a, "Plan by Alex", 1, Author(participant=alex))
    edit(team_a, "Plan by Alex, extended", 2, Author(participant=alex))
    with pytest.raises(EditConflict):
        edit(team_a, "Plan by Anna", 1, Author(participant=anna))


def test_change_to_another_field_is_not_a_conflict(team_a, anna, alex):
    edit(team_a, "Team Aurora", 1, Author(participant=alex), field_name="name")
    saved = edit(team_a, "Plan by Anna", 1, Author(participant=anna))
    assert (saved.name, saved.notes, saved.version) == ("Team Aurora", "Plan by Anna", 3)


def test_facilitator_is_not_in_conflict_with_their_own_earlier_save(team_a, facilitator):
    edit(team_a, "Summary", 1, Author(user=facilitator))
    saved = edit(team_a, "Summary, longer", 1, Author(user=facilitator))
    assert saved.notes == "Summary, longer"


def test_attendee_edit_conflicts_with_a_facilitators_change(team_a, anna, facilitator):
    edit(team_a, "Summary", 1, Author(user=facilitator))
    with pytest.raises(EditConflict) as caught:
        edit(team_a, "Plan by Anna", 1, Author(participant=anna))
    assert caught.value.changed_by == facilitator.username


def test_unknown_base_version_is_a_conflict(team_a, anna):
    with pytest.raises(EditConflict) as caught:
        edit(team_a, "Plan by Anna", 999, Author(participant=anna))
    assert caught.value.current_version == 1


def test_each_save_is_in_history_with_its_author(team_a, anna, alex):
    edit(team_a, "Plan by Anna", 1, Author(participant=anna))
    edit(team_a, "Plan by Alex", 2, Author(participant=alex))
    records = Team.objects.get(pk=team_a.pk).history.order_by("history_id")
    assert [(r.version, r.notes, r.author_name) for r in records] == [
        (1, "", "system"),
        (2, "Plan by Anna", "Anna"),
        (3, "Plan by Alex", "Alex"),
    ]


def test_attendee_cannot_edit_while_the_phase_is_locked(workshop, team_a, anna):
    services.set_locked(workshop.current_phase, True)
    with pytest.raises(team_services.EditingLocked):
        edit(team_a, "Plan by Anna", 1, Author(participant=anna))


def test_facilitator_can_edit_while_the_phase_is_locked(workshop, team_a, facilitator):
    services.set_locked(workshop.current_phase, True)
    assert edit(team_a, "Summary", 1, Author(user=facilitator)).notes == "Summary"


def test_lock_of_a_phase_that_is_not_current_does_not_stop_editing(workshop, team_a, anna):
    services.set_locked(workshop.phases.last(), True)
    assert edit(team_a, "Plan by Anna", 1, Author(participant=anna)).notes == "Plan by Anna"
