"""Career plan services: versions and conflicts, soft delete and restore, limits, the
private link and the browser key that guards a plan."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError

from teams import career
from teams.models import CareerMilestone, CareerPlan, CompetenceRating, EducationStep
from workshop.access import remember_participant
from workshop.editing import EditConflict

from ..career_factories import (
    CareerMilestoneFactory,
    CareerPlanFactory,
    EducationStepFactory,
    filled_plan,
)

pytestmark = pytest.mark.django_db

STEP = {
    "kind": "msc",
    "title": "MSc in portfolio management",
    "provider": "Example University",
    "target_date": datetime.date(2027, 9, 1),
    "status": "planned",
}


def session_for(participant) -> SessionStore:
    session = SessionStore()
    remember_participant(session, participant)
    return session


# --- the plan's own fields ---------------------------------------------------------------


def test_saving_a_field_bumps_the_version_and_keeps_history(anna):
    plan = CareerPlanFactory(participant=anna)
    saved = career.update_plan(plan, {"statement": "Head of PMO by 2029."}, plan.version)
    assert (saved.statement, saved.version) == ("Head of PMO by 2029.", 2)
    record = saved.history.order_by("-history_id").first()
    assert (record.statement, record.history_participant_id) == ("Head of PMO by 2029.", anna.pk)


def test_second_tab_saving_the_same_field_from_an_old_version_gets_a_conflict(anna):
    plan = CareerPlanFactory(participant=anna)
    career.update_plan(plan, {"statement": "From tab one"}, 1)
    with pytest.raises(EditConflict) as caught:
        career.save_plan_text(plan, "statement", "From tab two", 1)
    conflict = caught.value
    assert (conflict.mine, conflict.theirs, conflict.current_version) == (
        "From tab two",
        "From tab one",
        2,
    )
    assert CareerPlan.objects.get(pk=plan.pk).statement == "From tab one"


def test_a_stale_tab_may_save_a_field_nobody_else_changed(anna):
    plan = CareerPlanFactory(participant=anna)
    career.update_plan(plan, {"statement": "Statement"}, 1)
    saved = career.update_plan(plan, {"notes": "Notes from an older page"}, 1)
    assert (saved.statement, saved.notes, saved.version) == (
        "Statement",
        "Notes from an older page",
        3,
    )


def test_the_ladder_from_a_stale_tab_is_refused_and_nothing_is_saved(anna):
    plan = CareerPlanFactory(participant=anna)
    career.update_plan(plan, {"current_role": "pmo_manager", "target_role": "pmo_director"}, 1)
    with pytest.raises(career.CareerConflict) as caught:
        career.update_plan(plan, {"current_role": "pmo_analyst", "target_role": ""}, 1)
    assert caught.value.current.target_role == "pmo_director"
    plan.refresh_from_db()
    assert (plan.current_role, plan.target_role, plan.version) == (
        "pmo_manager",
        "pmo_director",
        2,
    )


def test_an_unknown_role_is_refused_by_the_model(anna):
    plan = CareerPlanFactory(participant=anna)
    with pytest.raises(ValidationError):
        career.update_plan(plan, {"target_role": "emperor"}, 1)
    assert CareerPlan.objects.get(pk=plan.pk).target_role == ""


# --- competences ---------------------------------------------------------------------------


def test_rating_a_competence_creates_its_row(anna):
    plan = CareerPlanFactory(participant=anna)
    row = career.rate_competence(
        plan, "benefits_realisation", {"current": 2, "target": 4, "note": ""}, 0
    )
    assert (row.current, row.target, row.version) == (2, 4, 1)


def test_a_rating_from_a_stale_tab_is_a_conflict_showing_the_saved_levels(anna):
    plan = CareerPlanFactory(participant=anna)
    career.rate_competence(plan, "data_reporting", {"current": 3, "target": 4, "note": ""}, 0)
    with pytest.raises(career.CareerConflict) as caught:
        career.rate_competence(plan, "data_reporting", {"current": 1, "target": 2, "note": ""}, 0)
    assert (caught.value.current.current, caught.value.current.target) == (3, 4)
    row = CompetenceRating.objects.get(plan=plan, competence="data_reporting")
    assert (row.current, row.target, row.version) == (3, 4, 1)


def test_rating_an_unknown_competence_is_refused(anna):
    plan = CareerPlanFactory(participant=anna)
    with pytest.raises(ValidationError):
        career.rate_competence(plan, "juggling", {"current": 3, "target": 4, "note": ""}, 0)
    assert not CompetenceRating.objects.exists()


def test_a_level_outside_one_to_five_is_refused(anna):
    plan = CareerPlanFactory(participant=anna)
    with pytest.raises(ValidationError):
        career.rate_competence(plan, "data_reporting", {"current": 7, "target": 4, "note": ""}, 0)
    assert not CompetenceRating.objects.exists()


# --- education steps and milestones ----------------------------------------------------------


def test_removing_a_step_keeps_it_and_bringing_it_back_restores_it(anna):
    step = EducationStepFactory(plan=CareerPlanFactory(participant=anna))
    career.remove_step(step)
    assert EducationStep.objects.active().count() == 0
    assert EducationStep.objects.removed().get().pk == step.pk
    career.restore_step(step)
    assert EducationStep.objects.active().get().pk == step.pk


def test_removing_a_milestone_can_be_undone(anna):
    milestone = CareerMilestoneFactory(plan=CareerPlanFactory(participant=anna))
    career.remove_milestone(milestone)
    assert not CareerMilestone.objects.active().exists()
    career.restore_milestone(milestone)
    assert CareerMilestone.objects.active().get().pk == milestone.pk


def test_the_thirty_first_step_is_refused_with_a_message(anna):
    plan = CareerPlanFactory(participant=anna)
    EducationStepFactory.create_batch(career.MAX_STEPS, plan=plan)
    with pytest.raises(ValidationError) as caught:
        career.add_step(plan, STEP)
    assert "at most 30 education steps" in " ".join(caught.value.messages)
    assert EducationStep.objects.filter(plan=plan).count() == career.MAX_STEPS


def test_a_removed_step_cannot_come_back_while_the_list_is_full(anna):
    plan = CareerPlanFactory(participant=anna)
    removed = EducationStepFactory(plan=plan)
    career.remove_step(removed)
    EducationStepFactory.create_batch(career.MAX_STEPS, plan=plan)
    with pytest.raises(ValidationError):
        career.restore_step(removed)
    assert EducationStep.objects.get(pk=removed.pk).removed_at is not None


def test_removed_steps_do_not_count_against_the_limit(anna):
    plan = CareerPlanFactory(participant=anna)
    for step in EducationStepFactory.create_batch(career.MAX_STEPS, plan=plan)[:2]:
        career.remove_step(step)
    career.add_step(plan, STEP)
    assert EducationStep.objects.active().filter(plan=plan).count() == career.MAX_STEPS - 1


def test_the_thirty_first_milestone_is_refused(anna):
    plan = CareerPlanFactory(participant=anna)
    CareerMilestoneFactory.create_batch(career.MAX_MILESTONES, plan=plan)
    with pytest.raises(ValidationError):
        career.add_milestone(plan, {"title": "One more", "target_date": None, "done": False})
    assert CareerMilestone.objects.filter(plan=plan).count() == career.MAX_MILESTONES


def test_editing_a_step_from_a_stale_tab_is_a_conflict_and_saves_nothing(anna):
    step = EducationStepFactory(plan=CareerPlanFactory(participant=anna), title="Old title")
    career.edit_step(step, {**STEP, "title": "Newer title"}, 1)
    with pytest.raises(career.CareerConflict) as caught:
        career.edit_step(step, {**STEP, "title": "Stale title"}, 1)
    assert caught.value.current.title == "Newer title"
    assert EducationStep.objects.get(pk=step.pk).title == "Newer title"


def test_a_too_long_step_title_is_refused_by_the_model(anna):
    plan = CareerPlanFactory(participant=anna)
    with pytest.raises(ValidationError):
        career.add_step(plan, {**STEP, "title": "x" * 121})
    assert not EducationStep.objects.exists()


def test_a_step_removed_in_another_tab_cannot_be_edited(anna):
    step = EducationStepFactory(plan=CareerPlanFactory(participant=anna))
    career.remove_step(step)
    with pytest.raises(ValidationError):
        career.edit_step(step, STEP, step.version)


# --- the private link and the browser key ------------------------------------------------------


def test_the_first_visit_creates_the_plan_and_this_browser_holds_its_key(anna):
    session = session_for(anna)
    plan = career.open_plan(anna, session)
    assert plan.participant == anna
    assert career.holds(session, plan)
    assert career.open_plan(anna, session).pk == plan.pk


def test_a_new_private_link_revokes_the_old_one(anna):
    session = session_for(anna)
    plan = career.open_plan(anna, session)
    old = plan.private_token
    renewed = career.new_private_link(plan, session)
    assert renewed.private_token != old
    assert career.plan_by_token(old) is None
    assert career.plan_by_token(renewed.private_token).pk == plan.pk
    assert career.holds(session, renewed)


def test_a_new_private_link_locks_out_other_browsers(anna):
    mine, other = session_for(anna), session_for(anna)
    plan = career.open_plan(anna, mine)
    filled_plan(anna)
    career.remember_plan(other, plan)
    career.new_private_link(plan, mine)
    assert career.open_plan(anna, other) is None
    assert career.open_plan(anna, mine) is not None


def test_another_browser_of_the_participant_does_not_see_a_plan_with_content(anna):
    """E.g. a facilitator who opened a rejoin link of this attendee."""
    career.open_plan(anna, session_for(anna))
    filled_plan(anna)
    assert career.open_plan(anna, session_for(anna)) is None


def test_another_browser_takes_over_an_empty_plan_and_the_old_link_stops(anna):
    first = career.open_plan(anna, session_for(anna))
    old_token = first.private_token
    second_session = session_for(anna)
    taken = career.open_plan(anna, second_session)
    assert taken.pk == first.pk
    assert taken.private_token != old_token
    assert career.holds(second_session, taken)


def test_opening_the_private_link_is_the_key_for_the_owners_browser(anna):
    plan = filled_plan(anna)
    session = session_for(anna)
    assert career.open_plan(anna, session) is None
    career.remember_plan(session, career.plan_by_token(plan.private_token))
    assert career.open_plan(anna, session).pk == plan.pk


def test_an_unknown_or_absurd_token_finds_no_plan(anna):
    CareerPlanFactory(participant=anna)
    assert career.plan_by_token("not-a-token") is None
    assert career.plan_by_token("") is None
    assert career.plan_by_token("x" * 500) is None


def test_the_history_never_keeps_a_private_link(anna):
    plan = filled_plan(anna)
    field_names = {f.name for f in plan.history.model._meta.get_fields()}
    assert "private_token" not in field_names


def test_the_demo_seed_fills_one_plan(workshop, anna):
    plan = career.seed_demo_career(workshop)
    assert plan.participant == anna
    assert (plan.current_role, plan.target_role) == ("pmo_manager", "pmo_director")
    assert plan.education_steps.count() == 3
    assert plan.milestones.count() == 3
    assert plan.ratings.count() == 8
