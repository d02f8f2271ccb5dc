"""The facilitator's console: agenda, timer, lock, teams, people and the join code.

Actions are htmx POSTs answered with the console's refreshed fragments.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from teams.models import Participant, Team
from workshop import services
from workshop.models import DEFAULT_AGENDA, Phase, Workshop

from ..factories import ParticipantFactory, TeamFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

SECONDS_SLACK = 5  # a request's own duration, for comparisons with "now"


def act(client, workshop, name, *args, data=None, htmx=True):
    url = reverse(f"workshop:{name}", args=[workshop.pk, *args])
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, data or {}, **extra)


def phases_of(workshop) -> list[Phase]:
    return list(Phase.objects.filter(workshop=workshop))


def current_of(workshop) -> Phase | None:
    return Workshop.objects.get(pk=workshop.pk).current_phase


def fresh(phase) -> Phase:
    return Phase.objects.get(pk=phase.pk)


# --- pages ------------------------------------------------------------------------------


def test_console_shows_the_agenda_and_the_join_code(facilitator_client, workshop):
    content = facilitator_client.get(
        reverse("workshop:console", args=[workshop.pk])
    ).content.decode()
    assert 'id="console-agenda"' in content
    assert workshop.display_code in content


def test_console_connects_to_the_console_socket(facilitator_client, workshop):
    content = facilitator_client.get(
        reverse("workshop:console", args=[workshop.pk])
    ).content.decode()
    assert f'ws-connect="/ws/workshops/{workshop.pk}/console/?client=' in content


def test_projector_shows_the_join_code_and_the_teams(facilitator_client, workshop, team_a):
    content = facilitator_client.get(
        reverse("workshop:projector", args=[workshop.pk])
    ).content.decode()
    assert workshop.display_code in content
    assert "Team A" in content


def test_join_qr_is_an_svg(facilitator_client, workshop):
    response = facilitator_client.get(reverse("workshop:join_qr", args=[workshop.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


# --- moving through the agenda ------------------------------------------------------------


def test_next_phase_moves_the_room_on(facilitator_client, workshop):
    first, second = phases_of(workshop)[:2]
    act(facilitator_client, workshop, "step", "next", data={"from_phase": first.pk})
    assert current_of(workshop) == second


def test_next_phase_answers_with_the_refreshed_agenda_phase_and_timer(facilitator_client, workshop):
    first = phases_of(workshop)[0]
    content = act(
        facilitator_client, workshop, "step", "next", data={"from_phase": first.pk}
    ).content.decode()
    for dom_id in ("console-agenda", "phase-status", "timer"):
        assert f'id="{dom_id}"' in content
    assert "Phase 2 of 7" in content


def test_previous_phase_moves_the_room_back(facilitator_client, workshop):
    first, second = phases_of(workshop)[:2]
    services.go_to_phase(workshop, second)
    act(facilitator_client, workshop, "step", "prev", data={"from_phase": second.pk})
    assert current_of(workshop) == first


def test_stale_next_click_changes_nothing(facilitator_client, workshop):
    first, second = phases_of(workshop)[:2]
    act(facilitator_client, workshop, "step", "next", data={"from_phase": first.pk})
    act(facilitator_client, workshop, "step", "next", data={"from_phase": first.pk})
    assert current_of(workshop) == second


def test_stale_next_click_says_the_room_had_moved_on(facilitator_client, workshop):
    first = phases_of(workshop)[0]
    act(facilitator_client, workshop, "step", "next", data={"from_phase": first.pk})
    response = act(facilitator_client, workshop, "step", "next", data={"from_phase": first.pk})
    assert "The room had already moved on; nothing changed." in response.content.decode()


def test_next_on_the_last_phase_stays_there(facilitator_client, workshop):
    last = phases_of(workshop)[-1]
    services.go_to_phase(workshop, last)
    act(facilitator_client, workshop, "step", "next", data={"from_phase": last.pk})
    assert current_of(workshop) == last


def test_previous_on_the_first_phase_stays_there(facilitator_client, workshop):
    first = phases_of(workshop)[0]
    act(facilitator_client, workshop, "step", "prev", data={"from_phase": first.pk})
    assert current_of(workshop) == first


def test_go_to_phase_makes_it_current(facilitator_client, workshop):
    strategy = phases_of(workshop)[5]
    act(facilitator_client, workshop, "go_to", strategy.pk)
    assert current_of(workshop) == strategy


def test_go_to_phase_of_another_workshop_is_not_found(facilitator_client, workshop):
    elsewhere = WorkshopFactory().phases.last()
    response = act(facilitator_client, workshop, "go_to", elsewhere.pk)
    assert response.status_code == 404
    assert current_of(workshop) == phases_of(workshop)[0]


def test_phase_change_is_announced_in_the_activity_strip(facilitator_client, workshop):
    second = phases_of(workshop)[1]
    act(facilitator_client, workshop, "go_to", second.pk)
    assert workshop.activities.first().message == f"Now: {second.title}"


def test_action_without_htmx_returns_to_the_console(facilitator_client, workshop):
    first = phases_of(workshop)[0]
    response = act(
        facilitator_client, workshop, "step", "next", data={"from_phase": first.pk}, htmx=False
    )
    assert response["Location"] == reverse("workshop:console", args=[workshop.pk])


# --- timer ------------------------------------------------------------------------------


def test_starting_the_timer_runs_it_for_the_planned_duration(facilitator_client, workshop):
    act(facilitator_client, workshop, "timer", "start")
    phase = current_of(workshop)
    expected_end = timezone.now() + datetime.timedelta(minutes=phase.planned_minutes)
    assert phase.timer_state == "running"
    assert abs((phase.timer_ends_at - expected_end).total_seconds()) < SECONDS_SLACK


def test_pausing_the_timer_keeps_the_seconds_left(facilitator_client, workshop):
    act(facilitator_client, workshop, "timer", "start")
    act(facilitator_client, workshop, "timer", "pause")
    phase = current_of(workshop)
    assert phase.timer_state == "paused"
    assert phase.timer_ends_at is None
    assert (
        phase.planned_minutes * 60 - SECONDS_SLACK
        <= phase.timer_remaining
        <= phase.planned_minutes * 60
    )


def test_resuming_a_paused_timer_continues_from_where_it_stopped(facilitator_client, workshop):
    Phase.objects.filter(pk=workshop.current_phase_id).update(timer_remaining=90)
    act(facilitator_client, workshop, "timer", "start")
    phase = current_of(workshop)
    expected_end = timezone.now() + datetime.timedelta(seconds=90)
    assert abs((phase.timer_ends_at - expected_end).total_seconds()) < SECONDS_SLACK


def test_extending_a_paused_timer_adds_the_minutes(facilitator_client, workshop):
    Phase.objects.filter(pk=workshop.current_phase_id).update(timer_remaining=90)
    act(facilitator_client, workshop, "timer", "extend", data={"minutes": "5"})
    assert current_of(workshop).timer_remaining == 90 + 300


def test_extending_a_running_timer_moves_its_end(facilitator_client, workshop):
    act(facilitator_client, workshop, "timer", "start")
    ends_at = current_of(workshop).timer_ends_at
    act(facilitator_client, workshop, "timer", "extend", data={"minutes": "5"})
    assert current_of(workshop).timer_ends_at == ends_at + datetime.timedelta(minutes=5)


def test_taking_a_minute_off_a_running_timer_moves_its_end_earlier(facilitator_client, workshop):
    act(facilitator_client, workshop, "timer", "start")
    ends_at = current_of(workshop).timer_ends_at
    act(facilitator_client, workshop, "timer", "extend", data={"minutes": "-1"})
    assert current_of(workshop).timer_ends_at == ends_at - datetime.timedelta(minutes=1)


def test_extending_by_an_out_of_range_amount_changes_nothing(facilitator_client, workshop):
    act(facilitator_client, workshop, "timer", "start")
    ends_at = current_of(workshop).timer_ends_at
    act(facilitator_client, workshop, "timer", "extend", data={"minutes": "500"})
    assert current_of(workshop).timer_ends_at == ends_at


def test_extending_a_timer_that_has_not_started_adds_to_the_planned_time(
    facilitator_client, workshop
):
    act(facilitator_client, workshop, "timer", "extend", data={"minutes": "5"})
    phase = current_of(workshop)
    assert (phase.timer_state, phase.timer_remaining) == (
        "paused",
        phase.planned_minutes * 60 + 300,
    )


def test_resetting_the_timer_brings_back_the_planned_duration(facilitator_client, workshop):
    act(facilitator_client, workshop, "timer", "start")
    act(facilitator_client, workshop, "timer", "reset")
    phase = current_of(workshop)
    assert (phase.timer_state, phase.timer_ends_at, phase.timer_remaining) == ("idle", None, None)
    assert phase.seconds_left() == phase.planned_minutes * 60


def test_running_timer_is_shown_with_its_end_time(facilitator_client, workshop):
    content = act(facilitator_client, workshop, "timer", "start").content.decode()
    assert 'data-state="running"' in content
    assert "Pause timer" in content


def test_timer_acts_on_the_current_phase_only(facilitator_client, workshop):
    act(facilitator_client, workshop, "timer", "start")
    others = Phase.objects.filter(workshop=workshop).exclude(pk=workshop.current_phase_id)
    assert not others.filter(timer_ends_at__isnull=False).exists()


# --- lock -------------------------------------------------------------------------------


def test_locking_makes_the_current_phase_read_only(facilitator_client, workshop):
    act(facilitator_client, workshop, "lock", data={"locked": "1"})
    assert current_of(workshop).locked


def test_locking_answers_with_the_locked_badge(facilitator_client, workshop):
    content = act(facilitator_client, workshop, "lock", data={"locked": "1"}).content.decode()
    assert "Editing locked" in content
    assert "Unlock editing" in content


def test_unlocking_opens_the_current_phase_again(facilitator_client, workshop):
    services.set_locked(workshop.current_phase, True)
    act(facilitator_client, workshop, "lock", data={"locked": "0"})
    assert not current_of(workshop).locked


# --- editing the agenda -------------------------------------------------------------------


def test_added_phase_goes_to_the_end_of_the_agenda(facilitator_client, workshop):
    act(
        facilitator_client, workshop, "phase_add", data={"title": "Coffee", "planned_minutes": "15"}
    )
    last = phases_of(workshop)[-1]
    assert (last.title, last.planned_minutes, len(phases_of(workshop))) == ("Coffee", 15, 8)


def test_added_phase_shows_in_the_agenda(facilitator_client, workshop):
    response = act(
        facilitator_client, workshop, "phase_add", data={"title": "Coffee", "planned_minutes": "15"}
    )
    assert "<strong>Coffee</strong>" in response.content.decode()


def test_phase_of_zero_minutes_is_refused_with_a_message(facilitator_client, workshop):
    response = act(
        facilitator_client, workshop, "phase_add", data={"title": "Coffee", "planned_minutes": "0"}
    )
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    assert len(phases_of(workshop)) == len(DEFAULT_AGENDA)


def test_phase_without_a_title_is_refused(facilitator_client, workshop):
    response = act(
        facilitator_client, workshop, "phase_add", data={"title": "", "planned_minutes": "15"}
    )
    assert "This field is required." in response.content.decode()
    assert len(phases_of(workshop)) == len(DEFAULT_AGENDA)


def test_editing_a_phase_changes_its_title_and_minutes(facilitator_client, workshop):
    phase = phases_of(workshop)[1]
    act(
        facilitator_client,
        workshop,
        "phase_edit",
        phase.pk,
        data={"title": "Causal map", "planned_minutes": "45"},
    )
    assert (fresh(phase).title, fresh(phase).planned_minutes) == ("Causal map", 45)


def test_editing_a_phase_with_bad_minutes_changes_nothing(facilitator_client, workshop):
    phase = phases_of(workshop)[1]
    response = act(
        facilitator_client,
        workshop,
        "phase_edit",
        phase.pk,
        data={"title": "Causal map", "planned_minutes": "601"},
    )
    assert "Ensure this value is less than or equal to 600." in response.content.decode()
    assert (fresh(phase).title, fresh(phase).planned_minutes) == (
        phase.title,
        phase.planned_minutes,
    )


def test_moving_a_phase_up_swaps_it_with_the_one_before(facilitator_client, workshop):
    before = phases_of(workshop)
    act(facilitator_client, workshop, "phase_move", before[2].pk, "up")
    after = phases_of(workshop)
    assert [p.pk for p in after[:3]] == [before[0].pk, before[2].pk, before[1].pk]


def test_moving_a_phase_down_swaps_it_with_the_one_after(facilitator_client, workshop):
    before = phases_of(workshop)
    act(facilitator_client, workshop, "phase_move", before[2].pk, "down")
    after = phases_of(workshop)
    assert [p.pk for p in after[2:4]] == [before[3].pk, before[2].pk]


def test_moving_the_first_phase_up_changes_nothing(facilitator_client, workshop):
    before = [p.pk for p in phases_of(workshop)]
    act(facilitator_client, workshop, "phase_move", before[0], "up")
    assert [p.pk for p in phases_of(workshop)] == before


def test_moved_phases_keep_consecutive_positions(facilitator_client, workshop):
    act(facilitator_client, workshop, "phase_move", phases_of(workshop)[-1].pk, "up")
    assert [p.position for p in phases_of(workshop)] == list(range(len(DEFAULT_AGENDA)))


def test_removing_a_phase_takes_it_off_the_agenda(facilitator_client, workshop):
    briefing = phases_of(workshop)[3]
    act(facilitator_client, workshop, "phase_remove", briefing.pk)
    assert briefing.pk not in [p.pk for p in phases_of(workshop)]
    assert [p.position for p in phases_of(workshop)] == list(range(len(DEFAULT_AGENDA) - 1))


def test_removing_the_current_phase_makes_the_next_one_current(facilitator_client, workshop):
    first, second = phases_of(workshop)[:2]
    act(facilitator_client, workshop, "phase_remove", first.pk)
    assert current_of(workshop) == second


def test_removing_the_current_last_phase_makes_the_one_before_current(facilitator_client, workshop):
    *_, before_last, last = phases_of(workshop)
    services.go_to_phase(workshop, last)
    act(facilitator_client, workshop, "phase_remove", last.pk)
    assert current_of(workshop) == before_last


def test_phase_of_another_workshop_cannot_be_removed(facilitator_client, workshop):
    elsewhere = WorkshopFactory().phases.last()
    response = act(facilitator_client, workshop, "phase_remove", elsewhere.pk)
    assert response.status_code == 404
    assert Phase.objects.filter(pk=elsewhere.pk).exists()


def test_last_remaining_phase_cannot_be_removed(facilitator_client, workshop):
    only = phases_of(workshop)[0]
    Phase.objects.filter(workshop=workshop).exclude(pk=only.pk).delete()
    response = act(facilitator_client, workshop, "phase_remove", only.pk)
    assert "A workshop keeps at least one phase." in response.content.decode()
    assert phases_of(workshop) == [only]


# --- teams and people ---------------------------------------------------------------------


def test_creating_a_team_adds_it(facilitator_client, workshop):
    act(facilitator_client, workshop, "team_add", data={"name": "Team Aurora"})
    assert list(workshop.teams.values_list("name", flat=True)) == ["Team Aurora"]


def test_created_team_shows_in_the_console(facilitator_client, workshop):
    response = act(facilitator_client, workshop, "team_add", data={"name": "Team Aurora"})
    content = response.content.decode()
    assert 'id="console-teams"' in content
    assert "Team Aurora" in content


def test_team_name_used_in_another_case_is_refused_with_a_message(
    facilitator_client, workshop, team_a
):
    response = act(facilitator_client, workshop, "team_add", data={"name": "team a"})
    assert "A team with this name already exists." in response.content.decode()
    assert workshop.teams.count() == 1


def test_same_team_name_may_be_used_in_another_workshop(facilitator_client, workshop):
    TeamFactory(name="Team Aurora")
    act(facilitator_client, workshop, "team_add", data={"name": "Team Aurora"})
    assert workshop.teams.filter(name="Team Aurora").exists()


def test_team_without_a_name_is_refused(facilitator_client, workshop):
    response = act(facilitator_client, workshop, "team_add", data={"name": "   "})
    assert "This field is required." in response.content.decode()
    assert not workshop.teams.exists()


def test_deleting_a_team_removes_it(facilitator_client, workshop, team_a, team_b):
    act(facilitator_client, workshop, "team_delete", team_a.pk)
    assert list(workshop.teams.all()) == [team_b]


def test_members_of_a_deleted_team_wait_for_a_new_one(
    facilitator_client, workshop, team_a, anna, alex
):
    act(facilitator_client, workshop, "team_delete", team_a.pk)
    assert list(Participant.objects.filter(workshop=workshop).values_list("team", flat=True)) == [
        None,
        None,
    ]


def test_members_of_a_deleted_team_are_listed_as_waiting(
    facilitator_client, workshop, team_a, anna
):
    content = act(facilitator_client, workshop, "team_delete", team_a.pk).content.decode()
    assert "Waiting for a team" in content
    assert "Anna" in content


def test_team_of_another_workshop_cannot_be_deleted(facilitator_client, workshop):
    elsewhere = TeamFactory()
    response = act(facilitator_client, workshop, "team_delete", elsewhere.pk)
    assert response.status_code == 404
    assert Team.objects.filter(pk=elsewhere.pk).exists()


def test_moving_a_participant_puts_them_in_the_other_team(
    facilitator_client, workshop, anna, team_b
):
    act(facilitator_client, workshop, "participant_move", anna.pk, data={"team": team_b.pk})
    assert Participant.objects.get(pk=anna.pk).team == team_b


def test_moving_a_participant_to_the_waiting_list_takes_them_out_of_their_team(
    facilitator_client, workshop, anna
):
    act(facilitator_client, workshop, "participant_move", anna.pk, data={"team": ""})
    assert Participant.objects.get(pk=anna.pk).team is None


def test_participant_cannot_be_moved_into_another_workshops_team(
    facilitator_client, workshop, anna, team_a
):
    elsewhere = TeamFactory()
    act(facilitator_client, workshop, "participant_move", anna.pk, data={"team": elsewhere.pk})
    assert Participant.objects.get(pk=anna.pk).team == team_a


def test_participant_of_another_workshop_cannot_be_moved(facilitator_client, workshop, team_a):
    stranger = ParticipantFactory()
    response = act(
        facilitator_client, workshop, "participant_move", stranger.pk, data={"team": team_a.pk}
    )
    assert response.status_code == 404
    assert Participant.objects.get(pk=stranger.pk).team_id == stranger.team_id


def test_rejoin_link_page_shows_the_participants_link(facilitator_client, workshop, anna):
    response = facilitator_client.get(
        reverse("workshop:participant_rejoin", args=[workshop.pk, anna.pk])
    )
    assert f'value="http://testserver/rejoin/{anna.rejoin_token}/"' in response.content.decode()


def test_rejoin_link_of_another_workshops_participant_is_not_shown(facilitator_client, workshop):
    stranger = ParticipantFactory()
    response = facilitator_client.get(
        reverse("workshop:participant_rejoin", args=[workshop.pk, stranger.pk])
    )
    assert response.status_code == 404
    assert stranger.rejoin_token not in response.content.decode()


def test_making_a_new_rejoin_link_replaces_the_token(facilitator_client, workshop, anna):
    old_token = anna.rejoin_token
    response = facilitator_client.post(
        reverse("workshop:participant_rejoin", args=[workshop.pk, anna.pk])
    )
    new_token = Participant.objects.get(pk=anna.pk).rejoin_token
    assert new_token != old_token
    assert f"/rejoin/{new_token}/" in response.content.decode()


# --- the join code -----------------------------------------------------------------------


def test_new_code_changes_the_code(facilitator_client, workshop):
    act(facilitator_client, workshop, "joining", "new-code")
    assert Workshop.objects.get(pk=workshop.pk).code != workshop.code


def test_new_code_is_shown_in_the_join_panel(facilitator_client, workshop):
    content = act(facilitator_client, workshop, "joining", "new-code").content.decode()
    assert 'id="join-panel"' in content
    assert Workshop.objects.get(pk=workshop.pk).display_code in content


def test_old_code_no_longer_joins_after_a_new_code(facilitator_client, client, workshop):
    act(facilitator_client, workshop, "joining", "new-code")
    facilitator_client.logout()
    response = client.post(reverse("join"), {"code": workshop.code})
    assert response.status_code == 404


def test_people_already_in_stay_in_after_a_new_code(facilitator_client, workshop, anna):
    act(facilitator_client, workshop, "joining", "new-code")
    assert Participant.objects.filter(pk=anna.pk, team__isnull=False).exists()


def test_closing_joining_makes_the_code_expired(facilitator_client, client, workshop):
    act(facilitator_client, workshop, "joining", "close")
    facilitator_client.logout()
    response = client.post(reverse("join"), {"code": workshop.code})
    assert response.status_code == 410
    assert "This code has expired" in response.content.decode()


def test_closing_joining_shows_it_in_the_join_panel(facilitator_client, workshop):
    content = act(facilitator_client, workshop, "joining", "close").content.decode()
    assert "Joining closed" in content
    assert "Reopen joining" in content


def test_reopening_joining_lets_the_code_work_again(facilitator_client, client, workshop):
    act(facilitator_client, workshop, "joining", "close")
    act(facilitator_client, workshop, "joining", "open")
    facilitator_client.logout()
    response = client.post(reverse("join"), {"code": workshop.code})
    assert response.status_code == 302


def test_team_list_counts_who_joined(facilitator_client, workshop, anna, bo):
    content = facilitator_client.get(
        reverse("workshop:console", args=[workshop.pk])
    ).content.decode()
    assert "0 online · 2 joined" in content


def test_deleting_a_team_keeps_its_members_in_the_workshop(
    facilitator_client, workshop, team_a, anna
):
    act(facilitator_client, workshop, "team_delete", team_a.pk)
    assert Participant.objects.filter(pk=anna.pk, workshop=workshop).exists()
