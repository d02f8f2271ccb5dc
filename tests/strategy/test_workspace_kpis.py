"""Goals and KPIs: adding, removing with undo, values with a decimal comma, and links
only to the company's own active goals and initiatives."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from strategy import selectors, services
from strategy.editables import parse_decimal, show_decimal
from strategy.models import Goal, Kpi
from workshop.editing import Author

from ..conftest import attendee_client_for
from .workspace_setup import dimensions, edit_url, page_args, ready_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(team_a, anna, workshop):
    dimensions(workshop)
    return ready_company(team_a, anna, levels=(2,), targets=(4,))


@pytest.fixture
def author(anna):
    return Author(participant=anna)


def post(client, kpi, field, value):
    kpi.refresh_from_db()
    url = edit_url("kpi", kpi, field, kpi.company.team)
    return client.post(url, {"value": value, "version": kpi.version})


@pytest.mark.parametrize(
    "typed, value",
    [
        ("12,5", "12.50"),
        ("12.5", "12.50"),
        ("1 200", "1200.00"),
        ("1.234,5", "1234.50"),
        ("1,234.5", "1234.50"),
        ("−3", "-3.00"),
        ("0,125", "0.13"),
    ],
)
def test_kpi_values_accept_a_decimal_comma(typed, value):
    assert parse_decimal(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["about ten", "1e999", "12,5,3", "1000000000000000"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValidationError):
        parse_decimal(typed)


def test_a_value_is_shown_without_trailing_zeros():
    assert show_decimal(Decimal("40.00")) == "40"
    assert show_decimal(Decimal("12.50")) == "12.5"
    assert show_decimal(None) == ""


def test_a_kpi_target_typed_with_a_comma_is_saved_through_the_edit_endpoint(
    client, acme, anna, author
):
    kpi = services.add_kpi(acme, "Decisions in the board", author)
    attendee_client_for(client, anna)
    assert post(client, kpi, "target_value", "87,5").status_code == 200
    kpi.refresh_from_db()
    assert kpi.target_value == Decimal("87.50")
    response = post(client, kpi, "baseline_value", "some")
    assert response.status_code == 422
    assert "12,5" in response.content.decode()  # the message shows how to type it


def test_a_kpi_links_only_to_the_companys_active_goals_and_initiatives(
    client, acme, anna, author, team_b, bo
):
    kpi = services.add_kpi(acme, "Decisions in the board", author)
    goal = services.add_goal(acme, "One portfolio view", author)
    initiative = services.add_initiative(acme, "Board", author)
    other = ready_company(team_b, bo, "Other AB")
    foreign = services.add_initiative(other, "Theirs", Author(participant=bo))
    attendee_client_for(client, anna)
    assert post(client, kpi, "initiative_id", str(foreign.pk)).status_code == 422
    assert post(client, kpi, "initiative_id", str(initiative.pk)).status_code == 200
    assert post(client, kpi, "goal_id", str(goal.pk)).status_code == 200
    kpi.refresh_from_db()
    assert (kpi.initiative, kpi.goal) == (initiative, goal)
    services.remove_goal(goal, author)
    assert post(client, kpi, "goal_id", str(goal.pk)).status_code == 422
    assert post(client, kpi, "goal_id", "").status_code == 200  # unlinking is fine


def test_adding_a_kpi_for_an_initiative_of_another_company_is_refused(acme, author, team_b, bo):
    foreign = services.add_initiative(
        ready_company(team_b, bo, "Other AB"), "Theirs", Author(participant=bo)
    )
    with pytest.raises(ValidationError):
        services.add_kpi(acme, "KPI", author, initiative_id=foreign.pk)
    assert not Kpi.objects.filter(company=acme).exists()


def test_goals_are_added_removed_and_brought_back(acme, author):
    first = services.add_goal(acme, "One portfolio view", author)
    second = services.add_goal(acme, "Visible benefits", author)
    services.move_goal(second, -1, author)
    assert [g.title for g in selectors.snapshot(acme).goals] == ["Visible benefits", first.title]
    services.remove_goal(first, author)
    assert [g.pk for g in selectors.snapshot(acme).goals] == [second.pk]
    assert selectors.removed(acme)["removed_goals"] == [first]
    services.restore_goal(first, author)
    assert Goal.objects.active().filter(company=acme).count() == 2


def test_a_goal_shows_the_kpis_that_measure_it(acme, author):
    goal = services.add_goal(acme, "One portfolio view", author)
    services.add_kpi(acme, "Decisions in the board", author)
    kpi = Kpi.objects.get(company=acme)
    Kpi.objects.filter(pk=kpi.pk).update(goal=goal)
    card = selectors.goal_cards(acme)[0]
    assert [k.name for k in card.kpis] == ["Decisions in the board"]


def test_kpis_are_added_and_removed_over_http(client, acme, anna, author):
    initiative = services.add_initiative(acme, "Board", author)
    attendee_client_for(client, anna)
    url = reverse("strategy:kpi_add", args=page_args(acme))
    response = client.post(
        url, {"name": "Decisions in the board", "initiative": initiative.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    kpi = Kpi.objects.get(company=acme)
    assert kpi.initiative == initiative
    remove = reverse("strategy:kpi_remove", args=[*page_args(acme), kpi.pk])
    assert client.post(remove, HTTP_HX_REQUEST="true").status_code == 200
    assert not Kpi.objects.active().filter(company=acme).exists()
    assert selectors.removed(acme)["removed_kpis"] == [kpi]
