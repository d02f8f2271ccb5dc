"""The Vision 2030 briefing: ordering, walking the room through the findings, resetting,
and what each change pushes to the projector, the facilitator and the teams."""

import pytest
from django.utils import timezone

from vision import briefing
from vision.briefing_selectors import briefing_stage, finding_cards, presenter
from vision.models import Finding, Showcase
from workshop import live
from workshop.models import Phase

from ..part2_factories import FindingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(workshop):
    return [
        FindingFactory(workshop=workshop, position=i, title=f"Finding {name}")
        for i, name in enumerate(["Alpha", "Bravo", "Charlie", "Delta"])
    ]


def on_screen(workshop):
    showcase = Showcase.objects.filter(workshop=workshop).first()
    return showcase.finding if showcase else None


def revealed_titles(workshop):
    return list(
        Finding.objects.filter(workshop=workshop, revealed_at__isnull=False)
        .order_by("position")
        .values_list("title", flat=True)
    )


def titles(workshop):
    return list(
        Finding.objects.filter(workshop=workshop)
        .order_by("position")
        .values_list("title", flat=True)
    )


def in_briefing(workshop):
    workshop.current_phase = workshop.phases.get(kind=Phase.Kind.BRIEFING)
    workshop.save(update_fields=["current_phase"])
    return workshop


# --- order --------------------------------------------------------------------------


def test_a_new_finding_goes_to_the_end(workshop, findings):
    added = briefing.add_finding(workshop, title="Echo", text="Last one.")
    assert added.position == 4
    assert titles(workshop)[-1] == "Echo"


def test_findings_move_up_and_down(workshop, findings):
    briefing.move_finding(findings[2], -1)
    assert titles(workshop) == [
        "Finding Alpha",
        "Finding Charlie",
        "Finding Bravo",
        "Finding Delta",
    ]
    briefing.move_finding(findings[0], +1)
    assert titles(workshop)[:2] == ["Finding Charlie", "Finding Alpha"]
    briefing.move_finding(findings[3], +1)  # already last: nothing changes
    assert titles(workshop)[-1] == "Finding Delta"


def test_a_deleted_finding_can_be_restored_in_its_place(workshop, findings):
    briefing.show(workshop, findings[1])
    snapshot = briefing.delete_finding(findings[1])
    assert titles(workshop) == ["Finding Alpha", "Finding Charlie", "Finding Delta"]
    assert on_screen(workshop) is None  # the projector falls back to the overview
    restored = briefing.restore_finding(workshop, snapshot)
    assert titles(workshop) == [
        "Finding Alpha",
        "Finding Bravo",
        "Finding Charlie",
        "Finding Delta",
    ]
    assert restored.revealed
    assert on_screen(workshop) == restored


# --- presenting ---------------------------------------------------------------------


def test_the_first_next_shows_the_first_finding(workshop, findings):
    shown = briefing.reveal_next(workshop)
    assert shown == findings[0]
    assert on_screen(workshop) == findings[0]
    assert revealed_titles(workshop) == ["Finding Alpha"]


def test_next_walks_through_the_findings_in_order(workshop, findings):
    for expected in findings[:3]:
        assert briefing.reveal_next(workshop) == expected
    assert revealed_titles(workshop) == ["Finding Alpha", "Finding Bravo", "Finding Charlie"]


def test_next_follows_the_order_after_a_move(workshop, findings):
    briefing.move_finding(findings[3], -3)
    assert briefing.reveal_next(workshop) == findings[3]


def test_after_the_last_finding_next_shows_the_overview(workshop, findings):
    briefing.show(workshop, findings[3])
    assert briefing.reveal_next(workshop) is None
    assert on_screen(workshop) is None


def test_previous_goes_back_without_revealing_anything_new(workshop, findings):
    briefing.reveal_next(workshop)
    briefing.reveal_next(workshop)
    assert briefing.show_previous(workshop) == findings[0]
    assert revealed_titles(workshop) == ["Finding Alpha", "Finding Bravo"]
    assert briefing.show_previous(workshop) is None  # before the first: the overview


def test_from_the_overview_next_continues_and_previous_returns(workshop, findings):
    briefing.reveal_next(workshop)
    briefing.reveal_next(workshop)
    briefing.hide(workshop)
    assert on_screen(workshop) is None
    assert revealed_titles(workshop) == ["Finding Alpha", "Finding Bravo"]  # hiding keeps them
    assert briefing.show_previous(workshop) == findings[1]
    briefing.hide(workshop)
    assert briefing.reveal_next(workshop) == findings[2]


def test_showing_a_finding_reveals_only_that_one(workshop, findings):
    briefing.show(workshop, findings[2])
    assert revealed_titles(workshop) == ["Finding Charlie"]
    assert on_screen(workshop) == findings[2]


def test_a_step_from_a_stale_screen_changes_nothing(workshop, findings):
    briefing.reveal_next(workshop, expected="overview")
    with pytest.raises(briefing.BriefingMoved):
        briefing.reveal_next(workshop, expected="overview")  # a double click
    assert on_screen(workshop) == findings[0]
    assert briefing.reveal_next(workshop, expected=str(findings[0].pk)) == findings[1]


def test_next_with_everything_presented_stays_on_the_overview(workshop, findings):
    for _finding in findings:
        briefing.reveal_next(workshop)
    briefing.reveal_next(workshop)  # past the last: the overview
    assert briefing.reveal_next(workshop) is None
    assert on_screen(workshop) is None
    assert presenter(workshop)["can_next"] is False


def test_reset_hides_everything_and_shows_the_overview(workshop, findings):
    briefing.reveal_next(workshop)
    briefing.reveal_next(workshop)
    briefing.reset(workshop)
    assert revealed_titles(workshop) == []
    assert on_screen(workshop) is None
    assert briefing.reveal_next(workshop) == findings[0]


def test_showing_a_finding_of_another_workshop_is_refused(workshop):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        briefing.show(workshop, FindingFactory())


# --- what the screens show ----------------------------------------------------------


def test_the_stage_says_which_finding_of_how_many(workshop, findings):
    briefing.reveal_next(workshop)
    briefing.reveal_next(workshop)
    stage = briefing_stage(workshop)["briefing"]
    assert stage.current.finding == findings[1]
    assert (stage.current.number, stage.count, stage.revealed_count) == (2, 4, 2)


def test_team_cards_hold_only_revealed_findings_in_order_newest_highlighted(workshop, findings):
    briefing.show(workshop, findings[2])
    briefing.show(workshop, findings[0])
    cards = finding_cards(workshop)["finding_cards"]
    assert [c.finding.title for c in cards] == ["Finding Alpha", "Finding Charlie"]
    assert [c.newest for c in cards] == [True, False]


def test_demo_findings_are_illustrative_and_loaded_once(workshop):
    added = briefing.load_demo_findings(workshop)
    assert 6 <= len(added) <= 7
    for finding in added:
        assert "Illustrative demo finding — replace with the real briefing" in finding.text
        assert not any(ch.isdigit() for ch in finding.text.replace("2030", ""))  # no figures
    assert briefing.load_demo_findings(workshop) == []
    assert Finding.objects.filter(workshop=workshop).count() == len(added)


def test_the_illustrative_label_is_shown_as_a_note(workshop):
    briefing.load_demo_findings(workshop)
    slide = briefing_stage(workshop)["briefing"].slides[0]
    assert slide.note.startswith("Illustrative demo finding")
    assert "Illustrative" not in slide.body


# --- pushes -------------------------------------------------------------------------


def pushes_by_group(workshop):
    return {group: html for group, html, _exclude in briefing.briefing_pushes(workshop.pk)}


def test_a_team_group_receives_only_revealed_findings(workshop, findings, team_a, team_b):
    briefing.reveal_next(workshop)
    briefing.reveal_next(workshop)
    pushed = pushes_by_group(workshop)
    for team in (team_a, team_b):
        html = pushed[live.team_group(team.pk)]
        assert 'id="finding-cards"' in html and 'hx-swap-oob="true"' in html
        assert "Finding Alpha" in html and "Finding Bravo" in html
        assert "Finding Charlie" not in html and "Finding Delta" not in html


def test_before_any_reveal_teams_get_an_empty_hidden_card_list(workshop, findings, team_a):
    html = pushes_by_group(workshop)[live.team_group(team_a.pk)]
    assert "hidden" in html
    assert "Finding Alpha" not in html


def test_the_projector_hears_the_stage_only_during_the_briefing(workshop, findings):
    briefing.show(workshop, findings[1])
    assert live.projector_group(workshop.pk) not in pushes_by_group(workshop)
    in_briefing(workshop)
    html = pushes_by_group(workshop)[live.projector_group(workshop.pk)]
    assert 'id="briefing-stage"' in html and 'hx-swap-oob="true"' in html
    assert "Finding Bravo" in html and "Finding 2 of 4" in html
    assert "Finding Charlie" not in html


def test_the_overview_on_the_projector_names_only_revealed_findings(workshop, findings):
    in_briefing(workshop)
    briefing.show(workshop, findings[0])
    briefing.hide(workshop)
    html = pushes_by_group(workshop)[live.projector_group(workshop.pk)]
    assert "PMO Vision 2030" in html and "Finding Alpha" in html
    assert "Finding Bravo" not in html


def test_the_console_hears_the_presenter_and_the_list(workshop, findings):
    briefing.show(workshop, findings[2])
    html = pushes_by_group(workshop)[live.page_group("briefing", workshop.pk)]
    assert 'id="briefing-presenter"' in html and 'id="briefing-findings"' in html
    assert 'id="key-next"' in html and 'id="key-prev"' in html
    assert "Finding Delta" in html  # the facilitator sees what is still to come


def test_the_projector_stage_renders_the_same_from_the_phase_change_push(workshop, findings):
    """The whole projector stage (workshop.broadcasts) and the briefing's own push draw
    the same slide."""
    from workshop import broadcasts

    in_briefing(workshop)
    briefing.show(workshop, findings[1])
    ((_group, stage_html, _),) = list(broadcasts.projector_stage(workshop.pk))
    own_html = pushes_by_group(workshop)[live.projector_group(workshop.pk)]
    assert own_html.strip() in stage_html


def test_every_service_pushes_after_commit(workshop, findings, django_capture_on_commit_callbacks):
    for action in (
        lambda: briefing.reveal_next(workshop),
        lambda: briefing.show_previous(workshop),
        lambda: briefing.show(workshop, findings[1]),
        lambda: briefing.hide(workshop),
        lambda: briefing.reset(workshop),
        lambda: briefing.move_finding(findings[0], 1),
        lambda: briefing.add_finding(workshop, title="New", text="Text"),
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            action()
        assert callbacks, action


@pytest.mark.django_db(transaction=True)
def test_revealing_is_heard_by_a_team_socket_after_commit(workshop, team_a):
    import asyncio

    from asgiref.sync import async_to_sync
    from channels.db import database_sync_to_async
    from channels.layers import get_channel_layer

    FindingFactory(workshop=workshop, position=0, title="Seen first")
    FindingFactory(workshop=workshop, position=1, title="Kept for later")

    async def scenario():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(live.team_group(team_a.pk), channel)
        try:
            await database_sync_to_async(briefing.reveal_next)(workshop)
            return await asyncio.wait_for(layer.receive(channel), 2)
        finally:
            await layer.group_discard(live.team_group(team_a.pk), channel)

    message = async_to_sync(scenario)()
    assert "Seen first" in message["html"]["en"]
    assert "Kept for later" not in message["html"]["en"]


def test_revealed_at_is_set_once(workshop, findings):
    briefing.reveal_next(workshop)
    first = Finding.objects.get(pk=findings[0].pk).revealed_at
    briefing.hide(workshop)
    briefing.show(workshop, findings[0])
    assert Finding.objects.get(pk=findings[0].pk).revealed_at == first
    assert first <= timezone.now()


def test_the_page_that_made_the_change_is_not_pushed_its_own_controls(workshop, findings, team_a):
    """Its answer already holds the new state; a late push must not roll it back."""
    in_briefing(workshop)
    excluded = {
        group: exclude for group, _html, exclude in briefing.briefing_pushes(workshop.pk, "tab-1")
    }
    assert excluded[live.page_group("briefing", workshop.pk)] == "tab-1"
    assert excluded[live.projector_group(workshop.pk)] is None
    assert excluded[live.team_group(team_a.pk)] is None
