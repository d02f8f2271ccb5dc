"""The career plan page and its actions: every bad input gets a message beside its field
and saves nothing; a stale tab is refused and shown what is saved; the private link works
without a session and is never cached, indexed or leaked as a Referer."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from teams import career
from teams.models import CareerMilestone, CareerPlan, CompetenceRating, EducationStep

from ..career_factories import CareerMilestoneFactory, EducationStepFactory, filled_plan
from ..conftest import attendee_client_for, errors_beside
from ..factories import ParticipantFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def owner(client, anna):
    return attendee_client_for(client, anna)


@pytest.fixture
def plan(owner, workshop, anna):
    """Anna's plan, created by her first visit (so her browser holds its key)."""
    owner.get(reverse("teams:career", args=[workshop.pk]))
    return CareerPlan.objects.get(participant=anna)


def url(workshop, name, *args):
    return reverse(f"teams:career{name}", args=[workshop.pk, *args])


def text_of(response) -> str:
    return response.content.decode()


# --- the page --------------------------------------------------------------------------------


def test_the_attendee_opens_their_own_plan(owner, workshop, anna):
    response = owner.get(reverse("teams:career", args=[workshop.pk]))
    html = text_of(response)
    assert response.status_code == 200
    assert "Private to you." in html
    assert "Anna" in html
    assert "Head of PMO" in html and "Portfolio prioritisation" in html
    plan = CareerPlan.objects.get(participant=anna)
    assert f"/career/{plan.private_token}/" in html


def test_the_page_is_never_cached_indexed_or_sent_as_referer(owner, plan, workshop):
    for response in (
        owner.get(url(workshop, "")),
        Client().get(reverse("teams:career_private", args=[plan.private_token])),
    ):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response["X-Robots-Tag"]


def test_the_private_link_opens_the_plan_without_any_session(plan):
    filled_plan(plan.participant)
    response = Client().get(reverse("teams:career_private", args=[plan.private_token]))
    html = text_of(response)
    assert response.status_code == 200
    assert "Portfolio management step 1" in html
    # Every action on that page stays on the private link.
    actions = set(re.findall(r'hx-(?:post|get)="([^"]+)"', html))
    assert actions
    assert all(a.startswith(f"/career/{plan.private_token}/") for a in actions)


def test_a_lobby_attendee_without_a_team_has_a_plan_too(client, workshop):
    waiting = ParticipantFactory(workshop=workshop, team=None, display_name="Wanda")
    response = attendee_client_for(client, waiting).get(url(workshop, ""))
    assert response.status_code == 200
    assert CareerPlan.objects.filter(participant=waiting).exists()
    assert reverse("teams:lobby", args=[workshop.pk]) in text_of(response)


def test_another_browser_of_the_participant_is_asked_for_the_private_link(
    client, plan, workshop, anna
):
    filled_plan(anna)
    other_browser = attendee_client_for(Client(), anna)
    response = other_browser.get(url(workshop, ""))
    html = text_of(response)
    assert response.status_code == 200
    assert "Open your private link" in html
    assert "Portfolio management step 1" not in html
    assert plan.private_token not in html
    assert other_browser.get(url(workshop, "_pdf")).status_code == 404


def test_opening_the_private_link_unlocks_the_session_page_for_the_owner(plan, workshop, anna):
    filled_plan(anna)
    other_browser = attendee_client_for(Client(), anna)
    other_browser.get(reverse("teams:career_private", args=[plan.private_token]))
    response = other_browser.get(url(workshop, ""))
    assert "Portfolio management step 1" in text_of(response)


# --- autosaving texts ----------------------------------------------------------------------------


def test_the_statement_autosaves(owner, plan, workshop):
    response = owner.post(
        url(workshop, "_field", "statement"), {"value": "Lead a PMO", "version": 1}, **HTMX
    )
    assert response.status_code == 200
    assert "Saved at" in text_of(response)
    assert CareerPlan.objects.get(pk=plan.pk).statement == "Lead a PMO"


@pytest.mark.parametrize(
    "field_name, value, message",
    [
        ("statement", "x" * 1501, "Keep this to 1500 characters (it has 1501)."),
        ("notes", "y" * 5001, "Keep this to 5000 characters (it has 5001)."),
        ("target_year", "next year", "Enter a year like"),
        ("target_year", "1850", "Choose a year between"),
        ("target_year", "99999", "Choose a year between"),
    ],
)
def test_a_bad_text_gets_a_message_beside_the_field_and_saves_nothing(
    owner, plan, workshop, field_name, value, message
):
    response = owner.post(
        url(workshop, "_field", field_name), {"value": value, "version": 1}, **HTMX
    )
    assert response.status_code == 422
    error = re.search(
        r'<p id="error-career-[\w-]+" class="field__error"[^>]*>(.*?)</p>', text_of(response)
    )
    assert message in error.group(1)
    fresh = CareerPlan.objects.get(pk=plan.pk)
    assert (fresh.statement, fresh.notes, fresh.target_year, fresh.version) == ("", "", None, 1)


def test_an_unknown_field_is_not_found(owner, plan, workshop):
    response = owner.post(url(workshop, "_field", "private_token"), {"value": "x", "version": 1})
    assert response.status_code == 404


def test_the_second_tab_sees_both_texts_and_nothing_is_overwritten(owner, plan, workshop):
    field_url = url(workshop, "_field", "statement")
    owner.post(field_url, {"value": "Written in tab one", "version": 1}, **HTMX)
    response = owner.post(field_url, {"value": "Written in tab two", "version": 1}, **HTMX)
    html = text_of(response)
    assert response.status_code == 409
    assert "Another tab or device saved this" in html
    assert "Written in tab one" in html and "Written in tab two" in html
    assert CareerPlan.objects.get(pk=plan.pk).statement == "Written in tab one"


# --- the ladder -----------------------------------------------------------------------------


def test_choosing_rungs_saves_them(owner, plan, workshop):
    response = owner.post(
        url(workshop, "_ladder"),
        {"current_role": "pmo_manager", "target_role": "pmo_director", "version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    assert "PMO manager → PMO director: 2 rungs up." in text_of(response)
    fresh = CareerPlan.objects.get(pk=plan.pk)
    assert (fresh.current_role, fresh.target_role, fresh.version) == (
        "pmo_manager",
        "pmo_director",
        2,
    )


def test_an_unknown_rung_gets_a_message_and_saves_nothing(owner, plan, workshop):
    response = owner.post(
        url(workshop, "_ladder"), {"current_role": "pope", "target_role": "", "version": 1}, **HTMX
    )
    assert response.status_code == 422
    assert "Choose one of the options shown." in text_of(response)
    assert CareerPlan.objects.get(pk=plan.pk).current_role == ""


def test_a_ladder_click_from_a_stale_tab_shows_what_is_saved(owner, plan, workshop):
    career.update_plan(plan, {"target_role": "head_of_pmo"}, 1)
    response = owner.post(
        url(workshop, "_ladder"),
        {"current_role": "pmo_analyst", "target_role": "executive", "version": 1},
        **HTMX,
    )
    html = text_of(response)
    assert response.status_code == 409
    assert "changed in another tab or device" in html
    assert re.search(r'name="target_role" value="head_of_pmo"[^>]*checked', html)
    fresh = CareerPlan.objects.get(pk=plan.pk)
    assert (fresh.current_role, fresh.target_role) == ("", "head_of_pmo")


# --- competences ------------------------------------------------------------------------------


def test_rating_a_competence_answers_with_its_gap(owner, plan, workshop):
    response = owner.post(
        url(workshop, "_competence", "benefits_realisation"),
        {"current": "2", "target": "4", "note": "", "version": "0"},
        **HTMX,
    )
    html = text_of(response)
    assert response.status_code == 200
    assert 'id="competence-benefits_realisation-version"' in html and 'value="1"' in html
    assert html.count("gap-bar__cell--gap") == 2
    assert "+2" in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"current": "9", "target": "4"}, "Choose a level from 1 to 5."),
        ({"current": "2", "target": "zero"}, "Choose a level from 1 to 5."),
        ({"current": "2", "target": "4", "note": "n" * 201}, "Keep this to 200 characters"),
    ],
)
def test_a_bad_rating_gets_a_message_and_saves_nothing(owner, plan, workshop, data, message):
    response = owner.post(
        url(workshop, "_competence", "data_reporting"),
        {"note": "", "version": "0", **data},
        **HTMX,
    )
    assert response.status_code == 422
    assert message in text_of(response)
    assert not CompetenceRating.objects.filter(plan=plan).exists()


def test_an_unknown_competence_is_not_found(owner, plan, workshop):
    response = owner.post(
        url(workshop, "_competence", "juggling"), {"current": "3", "version": "0"}
    )
    assert response.status_code == 404


def test_a_rating_from_a_stale_tab_shows_the_saved_levels(owner, plan, workshop):
    career.rate_competence(plan, "data_reporting", {"current": 4, "target": 5, "note": ""}, 0)
    response = owner.post(
        url(workshop, "_competence", "data_reporting"),
        {"current": "1", "target": "2", "note": "", "version": "0"},
        **HTMX,
    )
    html = text_of(response)
    assert response.status_code == 409
    assert "Nothing was overwritten" in html
    assert re.search(r'name="current" value="4" checked', html)
    row = CompetenceRating.objects.get(plan=plan)
    assert (row.current, row.target) == (4, 5)


# --- education steps ---------------------------------------------------------------------------

GOOD_STEP = {
    "kind": "dba",
    "title": "DBA in PMO management",
    "provider": "Example Business School",
    "target_date": "2029-06",
    "status": "planned",
}


def test_adding_a_step_shows_it_in_the_list_and_empties_the_form(owner, plan, workshop):
    response = owner.post(url(workshop, "_step_add"), GOOD_STEP, **HTMX)
    html = text_of(response)
    assert response.status_code == 200
    assert 'id="step-list"' in html and "DBA in PMO management" in html
    assert 'id="step-add"' in html
    step = EducationStep.objects.get(plan=plan)
    assert (step.kind, step.target_date.isoformat(), step.status) == (
        "dba",
        "2029-06-01",
        "planned",
    )


@pytest.mark.parametrize(
    "field_name, value, message",
    [
        ("title", "", "Name the certification, course or degree."),
        ("title", "   ", "Name the certification, course or degree."),
        ("title", "t" * 121, "Keep this to 120 characters (it has 121)."),
        ("provider", "p" * 121, "Keep this to 120 characters (it has 121)."),
        ("target_date", "2026-13", "Enter a month like 2026-09."),
        ("target_date", "soon", "Enter a month like 2026-09."),
        ("target_date", "31/12/2026", "Enter a month like 2026-09."),
        ("target_date", "1066-10", "Choose a month between 1970 and"),
        ("target_date", "9999-01", "Choose a month between 1970 and"),
        ("kind", "phd-in-astrology", "Choose one of the options shown."),
        ("status", "abandoned", "Choose one of the options shown."),
    ],
)
def test_a_bad_step_gets_the_message_beside_its_field_and_saves_nothing(
    owner, plan, workshop, field_name, value, message
):
    response = owner.post(url(workshop, "_step_add"), {**GOOD_STEP, field_name: value}, **HTMX)
    assert response.status_code == 422
    errors = errors_beside(text_of(response), f"step-new-{field_name}")
    assert any(message in error for error in errors), errors
    assert not EducationStep.objects.exists()


def test_the_month_may_be_typed_as_month_slash_year(owner, plan, workshop):
    owner.post(url(workshop, "_step_add"), {**GOOD_STEP, "target_date": "9/2027"}, **HTMX)
    assert EducationStep.objects.get().target_date.isoformat() == "2027-09-01"


def test_a_full_list_refuses_a_step_with_a_message_in_the_form(owner, plan, workshop):
    EducationStepFactory.create_batch(career.MAX_STEPS, plan=plan)
    response = owner.post(url(workshop, "_step_add"), GOOD_STEP, **HTMX)
    assert response.status_code == 422
    assert "at most 30 education steps" in text_of(response)
    assert EducationStep.objects.filter(plan=plan).count() == career.MAX_STEPS


def test_editing_a_step_saves_all_its_fields(owner, plan, workshop):
    step = EducationStepFactory(plan=plan)
    data = {**GOOD_STEP, "status": "done", "version": step.version}
    response = owner.post(url(workshop, "_step_edit", step.pk), data, **HTMX)
    assert response.status_code == 200
    assert f'id="step-{step.pk}"' in text_of(response)
    step.refresh_from_db()
    assert (step.title, step.status, step.version) == ("DBA in PMO management", "done", 2)


def test_a_bad_edit_keeps_the_form_with_the_message_and_saves_nothing(owner, plan, workshop):
    step = EducationStepFactory(plan=plan, title="Kept")
    data = {**GOOD_STEP, "target_date": "2026-00", "version": step.version}
    response = owner.post(url(workshop, "_step_edit", step.pk), data, **HTMX)
    assert response.status_code == 422
    assert errors_beside(text_of(response), f"step-{step.pk}-target_date") == [
        "Enter a month like 2026-09."
    ]
    assert EducationStep.objects.get(pk=step.pk).title == "Kept"


def test_an_edit_from_a_stale_tab_shows_the_saved_step_and_what_was_typed(owner, plan, workshop):
    step = EducationStepFactory(plan=plan, title="Original")
    career.edit_step(step, {**career_values(step), "title": "Changed elsewhere"}, 1)
    data = {**GOOD_STEP, "title": "My stale edit", "version": 1}
    response = owner.post(url(workshop, "_step_edit", step.pk), data, **HTMX)
    html = text_of(response)
    assert response.status_code == 409
    assert "changed in another tab or device" in html
    assert 'value="Changed elsewhere"' in html
    assert "My stale edit" in html
    assert EducationStep.objects.get(pk=step.pk).title == "Changed elsewhere"


def career_values(step) -> dict:
    return {
        name: getattr(step, name) for name in ("kind", "title", "provider", "target_date", "status")
    }


def test_removing_a_step_offers_to_bring_it_back(owner, plan, workshop):
    step = EducationStepFactory(plan=plan, title="PMO certification")
    response = owner.post(url(workshop, "_step_remove", step.pk), **HTMX)
    html = text_of(response)
    assert "“PMO certification” was removed." in html
    assert f"/steps/{step.pk}/restore/" in html
    owner.post(url(workshop, "_step_restore", step.pk), **HTMX)
    assert EducationStep.objects.active().filter(pk=step.pk).exists()


def test_without_htmx_adding_a_step_goes_back_to_the_page(owner, plan, workshop):
    response = owner.post(url(workshop, "_step_add"), GOOD_STEP)
    assert response.status_code == 302
    assert response["Location"].endswith("/career/#steps")
    assert EducationStep.objects.filter(plan=plan).count() == 1


# --- milestones ---------------------------------------------------------------------------------


def test_a_milestone_is_ticked_done(owner, plan, workshop):
    milestone = CareerMilestoneFactory(plan=plan)
    response = owner.post(
        url(workshop, "_milestone_done", milestone.pk), {"done": "on", "version": 1}, **HTMX
    )
    assert response.status_code == 200
    assert "is-done" in text_of(response)
    assert CareerMilestone.objects.get(pk=milestone.pk).done


def test_a_milestone_without_a_title_gets_a_message_beside_it(owner, plan, workshop):
    response = owner.post(
        url(workshop, "_milestone_add"), {"title": "", "target_date": "2027-01"}, **HTMX
    )
    assert response.status_code == 422
    assert errors_beside(text_of(response), "milestone-new-title") == ["Write the milestone."]
    assert not CareerMilestone.objects.exists()


def test_a_milestone_is_edited_and_removed(owner, plan, workshop):
    milestone = CareerMilestoneFactory(plan=plan)
    owner.post(
        url(workshop, "_milestone_edit", milestone.pk),
        {"title": "Speak at the PMO community", "target_date": "2027-11", "version": 1},
        **HTMX,
    )
    owner.post(url(workshop, "_milestone_remove", milestone.pk), **HTMX)
    milestone.refresh_from_db()
    assert milestone.title == "Speak at the PMO community"
    assert milestone.removed_at is not None


# --- the private link ----------------------------------------------------------------------------


def test_a_new_private_link_revokes_the_old_one_and_the_owner_keeps_access(owner, plan, workshop):
    old = plan.private_token
    response = owner.post(url(workshop, "_new_link"))
    assert response.status_code == 302
    new = CareerPlan.objects.get(pk=plan.pk).private_token
    assert new != old
    assert Client().get(reverse("teams:career_private", args=[old])).status_code == 404
    assert Client().get(reverse("teams:career_private", args=[new])).status_code == 200
    assert owner.get(url(workshop, "")).status_code == 200


def test_a_new_link_made_on_the_private_page_moves_to_the_new_link(plan):
    holder = Client()
    response = holder.post(reverse("teams:career_private_new_link", args=[plan.private_token]))
    new = CareerPlan.objects.get(pk=plan.pk).private_token
    assert response["Location"] == reverse("teams:career_private", args=[new])


def test_the_workspace_and_the_lobby_link_to_the_plan(owner, workshop, team_a, client):
    workspace = owner.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert "My career plan (private)" in text_of(workspace)
    assert reverse("teams:career", args=[workshop.pk]) in text_of(workspace)
    waiting = ParticipantFactory(workshop=workshop, team=None)
    lobby = attendee_client_for(Client(), waiting).get(reverse("teams:lobby", args=[workshop.pk]))
    assert "My career plan (private)" in text_of(lobby)


def test_the_facilitator_viewing_a_team_sees_no_career_link(facilitator_client, workshop, team_a):
    response = facilitator_client.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert "My career plan" not in text_of(response)
