"""An attendee's career plan is theirs alone: through every career URL, a team mate,
another team's attendee, the workshop's facilitator, its organiser, another workshop's
facilitator and an anonymous visitor get a 404 (or their own plan), never the attendee's
data, and change nothing. Every career URL is listed here: a new one without an entry
fails `test_every_career_url_is_in_the_matrix`."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from teams import career
from teams.models import CareerMilestone, CareerPlan, CompetenceRating, EducationStep

from ..career_factories import filled_plan, remove_a_step_and_a_milestone
from ..conftest import attendee_client_for
from ..factories import ParticipantFactory, UserFactory
from ..strategy.pdfs import pdf_text

pytestmark = pytest.mark.django_db

SECRET = "Anna's secret ambition"

# URL name suffix → (method, which row its item_id names)
ACTIONS = {
    "": ("get", None),
    "_pdf": ("get", None),
    "_new_link": ("post", None),
    "_field": ("post", None),
    "_ladder": ("post", None),
    "_competence": ("post", None),
    "_step_add": ("post", None),
    "_step": ("get", "step"),
    "_step_edit": ("post", "step"),
    "_step_remove": ("post", "step"),
    "_step_restore": ("post", "removed_step"),
    "_milestone_add": ("post", None),
    "_milestone": ("get", "milestone"),
    "_milestone_edit": ("post", "milestone"),
    "_milestone_remove": ("post", "milestone"),
    "_milestone_restore": ("post", "removed_milestone"),
    "_milestone_done": ("post", "milestone"),
}
SESSION_URLS = [f"teams:career{suffix}" for suffix in ACTIONS]
LINK_URLS = [f"teams:career_private{suffix}" for suffix in ACTIONS]

# What each POST would change if it got through.
POST_DATA = {
    "value": "Hijacked",
    "version": "1",
    "current_role": "executive",
    "target_role": "executive",
    "current": "5",
    "target": "5",
    "note": "Hijacked",
    "kind": "other",
    "title": "Hijacked",
    "provider": "Hijacked",
    "target_date": "2030-01",
    "status": "done",
    "done": "on",
}


def _names(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _names(entry, prefix + (f"{entry.namespace}:" if entry.namespace else ""))
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_career_url_is_in_the_matrix():
    career_urls = {name for name in _names(get_resolver()) if name.startswith("teams:career")}
    assert career_urls == set(SESSION_URLS + LINK_URLS)


@pytest.fixture
def setting(client, workshop, anna):
    """Anna's filled plan, opened in her browser, with one removed step and milestone."""
    owner = attendee_client_for(Client(), anna)
    owner.get(reverse("teams:career", args=[workshop.pk]))
    plan = filled_plan(anna)
    plan = career.update_plan(plan, {"statement": SECRET}, plan.version)
    removed_step, removed_milestone = remove_a_step_and_a_milestone(plan)
    return {
        "workshop": workshop,
        "plan": plan,
        "owner": owner,
        "step": plan.education_steps.active().first().pk,
        "milestone": plan.milestones.active().first().pk,
        "removed_step": removed_step.pk,
        "removed_milestone": removed_milestone.pk,
    }


def url_for(name: str, setting, token: str | None = None) -> str:
    suffix = name.removeprefix("teams:career_private").removeprefix("teams:career")
    kwargs = {"token": token} if name.startswith("teams:career_private") else {}
    if not kwargs:
        kwargs["pk"] = setting["workshop"].pk
    row = ACTIONS[suffix][1]
    if row:
        kwargs["item_id"] = setting[row]
    if suffix == "_field":
        kwargs["field_name"] = "statement"
    if suffix == "_competence":
        kwargs["key"] = "portfolio_prioritisation"
    return reverse(name, kwargs=kwargs)


def snapshot(plan) -> tuple:
    return (
        CareerPlan.objects.filter(pk=plan.pk)
        .values_list(
            "current_role",
            "target_role",
            "target_year",
            "statement",
            "notes",
            "private_token",
            "version",
        )
        .get(),
        list(
            CompetenceRating.objects.filter(plan=plan)
            .order_by("competence")
            .values_list("competence", "current", "target", "note", "version")
        ),
        list(
            EducationStep.objects.filter(plan=plan)
            .order_by("pk")
            .values_list("title", "kind", "status", "removed_at", "version")
        ),
        list(
            CareerMilestone.objects.filter(plan=plan)
            .order_by("pk")
            .values_list("title", "done", "removed_at", "version")
        ),
    )


def _visitor(kind: str, setting) -> Client:
    workshop = setting["workshop"]
    browser = Client()
    if kind == "team mate":
        return attendee_client_for(
            browser, ParticipantFactory(team=setting["plan"].participant.team)
        )
    if kind == "another team's attendee":
        other_team = workshop.teams.exclude(pk=setting["plan"].participant.team_id).first()
        return attendee_client_for(browser, ParticipantFactory(team=other_team))
    if kind == "facilitator":
        browser.force_login(workshop.facilitators.first())
    elif kind == "organiser":
        organiser = UserFactory()
        workshop.organisers.add(organiser)
        browser.force_login(organiser)
    elif kind == "other facilitator":
        from ..factories import WorkshopFactory

        user = UserFactory()
        WorkshopFactory(created_by=user)
        browser.force_login(user)
    return browser


def _shows_secret(response) -> bool:
    body = b"".join(response) if response.streaming else response.content
    if body.startswith(b"%PDF"):
        return SECRET in pdf_text(body) or "Anna" in pdf_text(body)
    return SECRET in body.decode() or "Portfolio management step 1" in body.decode()


WITHOUT_ATTENDEE_SESSION = ["facilitator", "organiser", "other facilitator", "anonymous"]
ATTENDEES = ["team mate", "another team's attendee"]


@pytest.mark.parametrize("who", WITHOUT_ATTENDEE_SESSION)
@pytest.mark.parametrize("name", SESSION_URLS)
def test_people_who_are_not_attendees_get_404_and_change_nothing(setting, team_b, name, who):
    visitor = _visitor(who, setting)
    before = snapshot(setting["plan"])
    for method in ("get", "post"):
        response = getattr(visitor, method)(
            url_for(name, setting), POST_DATA, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 404, (method, response.status_code)
    assert snapshot(setting["plan"]) == before


@pytest.mark.parametrize("who", ATTENDEES)
@pytest.mark.parametrize("name", SESSION_URLS)
def test_other_attendees_never_reach_the_plan_and_change_nothing(setting, team_b, name, who):
    """Their session URLs answer for their own plan (or 404 for Anna's row ids)."""
    visitor = _visitor(who, setting)
    before = snapshot(setting["plan"])
    method, row = ACTIONS[name.removeprefix("teams:career")]
    response = getattr(visitor, method)(url_for(name, setting), POST_DATA, HTTP_HX_REQUEST="true")
    if row:
        assert response.status_code == 404
    assert not _shows_secret(response)
    assert snapshot(setting["plan"]) == before


@pytest.mark.parametrize("who", ["team mate", "facilitator", "organiser", "anonymous"])
@pytest.mark.parametrize("name", LINK_URLS)
def test_a_wrong_or_revoked_link_gets_404_and_changes_nothing(setting, team_b, name, who):
    plan = setting["plan"]
    revoked = plan.private_token
    career.new_private_link(plan, Client().session)
    visitor = _visitor(who, setting)
    before = snapshot(plan)
    for token in (revoked, "a" * 32, revoked[:-1]):
        for method in ("get", "post"):
            response = getattr(visitor, method)(
                url_for(name, setting, token), POST_DATA, HTTP_HX_REQUEST="true"
            )
            assert response.status_code == 404
    assert snapshot(plan) == before


def test_a_facilitator_with_the_attendees_rejoin_link_does_not_see_the_plan(setting, client):
    """Rejoin links let a facilitator become the attendee in their browser; the plan
    stays closed there because that browser never held its key."""
    facilitator = _visitor("facilitator", setting)
    participant = setting["plan"].participant
    facilitator.post(
        reverse("workshop:participant_rejoin", args=[setting["workshop"].pk, participant.pk])
    )
    participant.refresh_from_db()
    facilitator.get(reverse("rejoin", args=[participant.rejoin_token]))
    response = facilitator.get(reverse("teams:career", args=[setting["workshop"].pk]))
    assert response.status_code == 200
    assert "Open your private link" in response.content.decode()
    assert not _shows_secret(response)
    assert facilitator.get(url_for("teams:career_pdf", setting)).status_code == 404
    assert facilitator.get(url_for("teams:career_step", setting)).status_code == 404


@pytest.mark.parametrize("name", SESSION_URLS)
def test_the_owner_reaches_every_career_url(setting, name):
    method = ACTIONS[name.removeprefix("teams:career")][0]
    response = getattr(setting["owner"], method)(
        url_for(name, setting), POST_DATA, HTTP_HX_REQUEST="true"
    )
    assert response.status_code in {200, 302, 409}


@pytest.mark.parametrize("name", LINK_URLS)
def test_the_link_holder_reaches_every_career_url_without_a_session(setting, name):
    method = ACTIONS[name.removeprefix("teams:career_private")][0]
    token = setting["plan"].private_token
    response = getattr(Client(), method)(
        url_for(name, setting, token), POST_DATA, HTTP_HX_REQUEST="true"
    )
    assert response.status_code in {200, 302, 409}


def test_nothing_about_career_plans_is_pushed_to_live_groups(
    setting, django_capture_on_commit_callbacks
):
    """No screen but the owner's shows a plan: career writes schedule no push (every push
    goes out through `transaction.on_commit`)."""
    owner, workshop = setting["owner"], setting["workshop"]
    with django_capture_on_commit_callbacks() as callbacks:
        owner.post(
            reverse("teams:career_field", args=[workshop.pk, "notes"]),
            {"value": "More notes", "version": setting["plan"].version},
            HTTP_HX_REQUEST="true",
        )
        owner.post(
            reverse("teams:career_ladder", args=[workshop.pk]),
            {"current_role": "pmo_manager", "target_role": "executive", "version": "99"},
            HTTP_HX_REQUEST="true",
        )
        owner.post(
            reverse("teams:career_step_add", args=[workshop.pk]),
            {**POST_DATA, "title": "One more"},
            HTTP_HX_REQUEST="true",
        )
    assert CareerPlan.objects.get(pk=setting["plan"].pk).notes == "More notes"
    assert callbacks == []
