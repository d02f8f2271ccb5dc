"""A team's edit history: every save kept with its author; the facilitator restores."""

import pytest
from django.urls import reverse

from teams import services as team_services
from teams.models import Team
from workshop.editing import Author, EditConflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(team_a, anna, alex):
    """Team A's notes as Anna wrote them (v2), then as Alex rewrote them (v3)."""
    team_services.edit_team_field(team_a, "notes", "Plan by Anna", 1, Author(participant=anna))
    team_services.edit_team_field(team_a, "notes", "Plan by Alex", 2, Author(participant=alex))
    return Team.objects.get(pk=team_a.pk)


def record_of(team, version):
    return team.history.get(version=version)


def history_url(team) -> str:
    return reverse("teams:history", args=[team.workshop_id, team.pk])


def restore_url(team, record) -> str:
    return reverse("teams:restore", args=[team.workshop_id, team.pk, record.history_id])


def test_history_page_lists_every_version_with_its_author(facilitator_client, edited):
    content = facilitator_client.get(history_url(edited)).content.decode()
    assert "Plan by Anna" in content and "Plan by Alex" in content
    assert "<td>Anna</td>" in content and "<td>Alex</td>" in content


def test_history_page_offers_restore_only_for_older_versions(facilitator_client, edited):
    content = facilitator_client.get(history_url(edited)).content.decode()
    assert content.count("Restore</button>") == 2


def test_restoring_brings_the_earlier_text_back(facilitator_client, edited):
    facilitator_client.post(restore_url(edited, record_of(edited, 2)))
    assert Team.objects.get(pk=edited.pk).notes == "Plan by Anna"


def test_restoring_makes_a_new_version(facilitator_client, edited):
    facilitator_client.post(restore_url(edited, record_of(edited, 2)))
    assert Team.objects.get(pk=edited.pk).version == 4


def test_restoring_is_recorded_as_the_facilitators_change(facilitator_client, facilitator, edited):
    facilitator_client.post(restore_url(edited, record_of(edited, 2)))
    latest = Team.objects.get(pk=edited.pk).history.order_by("-history_id").first()
    assert (latest.version, latest.author_name, latest.history_change_reason) == (
        4,
        facilitator.username,
        "restored version 2",
    )


def test_restoring_keeps_the_overwritten_text_in_history(facilitator_client, edited):
    facilitator_client.post(restore_url(edited, record_of(edited, 2)))
    notes = list(Team.objects.get(pk=edited.pk).history.values_list("notes", flat=True))
    assert "Plan by Alex" in notes


def test_restoring_goes_back_to_the_history_page_with_a_confirmation(facilitator_client, edited):
    response = facilitator_client.post(restore_url(edited, record_of(edited, 2)), follow=True)
    assert response.redirect_chain[-1][0] == history_url(edited)
    assert "Restored. This is now version 4." in response.content.decode()


def test_writer_on_the_overwritten_version_gets_a_conflict_after_a_restore(
    facilitator_client, edited, alex
):
    facilitator_client.post(restore_url(edited, record_of(edited, 2)))
    with pytest.raises(EditConflict):
        team_services.edit_team_field(edited, "notes", "More by Alex", 3, Author(participant=alex))


def test_restoring_a_name_another_team_now_has_is_refused_with_a_message(
    facilitator_client, team_a, team_b, anna, bo
):
    team_services.edit_team_field(team_a, "name", "Team Aurora", 1, Author(participant=anna))
    team_services.edit_team_field(team_b, "name", "Team A", 1, Author(participant=bo))
    first = Team.objects.get(pk=team_a.pk).history.get(version=1)
    response = facilitator_client.post(restore_url(team_a, first), follow=True)
    assert "Another team now has that name; rename it first." in response.content.decode()
    assert Team.objects.get(pk=team_a.pk).name == "Team Aurora"


def test_another_teams_history_record_cannot_be_restored_here(facilitator_client, edited, team_b):
    response = facilitator_client.post(restore_url(edited, team_b.history.first()))
    assert response.status_code == 404


def test_restore_needs_post(facilitator_client, edited):
    response = facilitator_client.get(restore_url(edited, record_of(edited, 2)))
    assert response.status_code == 405
