"""Who may see and change a company's strategy: its own team and the workshop's
facilitators. Ids of another team's rows answer 404, whatever URL they come through.
(The URL × person matrix is tests/teams/test_part2_access.py.)"""

import pytest
from django.urls import reverse

from strategy import services
from strategy.models import Gap, Goal, Initiative, Kpi, Strategy
from workshop.editing import Author

from ..conftest import attendee_client_for
from .workspace_setup import dimensions, edit_url, page_args, ready_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_teams(team_a, team_b, anna, bo, workshop):
    dimensions(workshop)
    acme = ready_company(team_a, anna, "Acme AB", levels=(2,), targets=(4,))
    other = ready_company(team_b, bo, "Other AB", levels=(2,), targets=(4,))
    author = Author(participant=anna)
    rows = {
        "strategy": Strategy.objects.get(company=acme),
        "gap": Gap.objects.filter(company=acme).first(),
        "initiative": services.add_initiative(acme, "Board", author),
        "goal": services.add_goal(acme, "One view", author),
        "kpi": services.add_kpi(acme, "Decisions", author),
    }
    return acme, other, rows


FIELDS = {
    "strategy": "summary",
    "gap": "note",
    "initiative": "title",
    "goal": "title",
    "kpi": "name",
}


def state(acme):
    return (
        list(Strategy.objects.filter(company=acme).values_list("summary", "version")),
        list(Gap.objects.filter(company=acme).values_list("note", "priority", "version")),
        list(Initiative.objects.filter(company=acme).values_list("title", "removed_at", "version")),
        list(Goal.objects.filter(company=acme).values_list("title", "removed_at", "version")),
        list(Kpi.objects.filter(company=acme).values_list("name", "removed_at", "version")),
    )


def test_team_b_cannot_read_or_write_team_a_rows_through_the_edit_endpoint(
    client, two_teams, team_b, bo
):
    acme, _other, rows = two_teams
    before = state(acme)
    attendee_client_for(client, bo)
    for kind, row in rows.items():
        url = edit_url(kind, row, FIELDS[kind], team_b)  # team B's own prefix
        assert client.get(url).status_code == 404, kind
        assert client.post(url, {"value": "Hijack", "version": row.version}).status_code == 404
    assert state(acme) == before


def test_team_b_cannot_act_on_team_a_items_through_its_own_company(client, two_teams, bo):
    acme, other, rows = two_teams
    before = state(acme)
    attendee_client_for(client, bo)
    for kind in ("initiative", "goal", "kpi"):
        for action in ("remove", "move", "restore"):
            url = reverse(f"strategy:{kind}_{action}", args=[*page_args(other), rows[kind].pk])
            assert client.post(url, {"direction": "up"}).status_code == 404, (kind, action)
    for action in ("gap", "dependency"):
        url = reverse(
            f"strategy:initiative_{action}", args=[*page_args(other), rows["initiative"].pk]
        )
        assert client.post(url, {"item": "1", "on": "on"}).status_code == 404
    assert state(acme) == before


def test_team_b_cannot_tick_team_a_gaps_or_initiatives_into_its_own(client, two_teams, bo):
    acme, other, rows = two_teams
    theirs = services.add_initiative(other, "Theirs", Author(participant=bo))
    attendee_client_for(client, bo)
    gap = reverse("strategy:initiative_gap", args=[*page_args(other), theirs.pk])
    assert client.post(gap, {"item": rows["gap"].pk, "on": "on"}).status_code == 422
    dep = reverse("strategy:initiative_dependency", args=[*page_args(other), theirs.pk])
    assert client.post(dep, {"item": rows["initiative"].pk, "on": "on"}).status_code == 422
    assert not theirs.gaps.exists() and not theirs.depends_on.exists()


def test_the_team_and_the_facilitator_open_the_page(client, two_teams, anna, facilitator):
    acme, _other, _rows = two_teams
    url = reverse("strategy:strategy", args=page_args(acme))
    attendee_client_for(client, anna)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="page"' in html and "Strategy" in html
    assert "page=strategy" in html  # the company socket knows which page it serves
    client.logout()
    client.force_login(facilitator)
    assert client.get(url).status_code == 200


def test_the_page_of_a_removed_company_is_gone(client, two_teams, anna):
    from teams import companies

    acme, _other, _rows = two_teams
    companies.remove_company(acme, Author(participant=anna))
    attendee_client_for(client, anna)
    assert client.get(reverse("strategy:strategy", args=page_args(acme))).status_code == 404


def test_while_editing_is_locked_the_page_is_read_only_and_ticks_are_refused(
    client, two_teams, anna, workshop
):
    from workshop.models import Phase

    acme, _other, rows = two_teams
    phase = workshop.phases.get(kind=Phase.Kind.STRATEGY)
    phase.locked = True
    phase.save()
    workshop.current_phase = phase
    workshop.save()
    attendee_client_for(client, anna)
    html = client.get(reverse("strategy:strategy", args=page_args(acme))).content.decode()
    assert 'class="tick-set" disabled' in html
    assert "Editing is locked by the facilitator." in html
    url = reverse("strategy:initiative_gap", args=[*page_args(acme), rows["initiative"].pk])
    response = client.post(url, {"item": rows["gap"].pk, "on": "on"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 423
    assert not rows["initiative"].gaps.exists()
    add = reverse("strategy:goal_add", args=page_args(acme))
    assert client.post(add, {"title": "More"}, HTTP_HX_REQUEST="true").status_code == 423
