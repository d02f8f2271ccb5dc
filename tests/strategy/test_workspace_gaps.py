"""Gap analysis: target − today per dimension, the team's priorities, the two orders,
and the checks on gaps and targets."""

import pytest

from strategy import selectors, services
from strategy.models import Gap, Initiative
from teams.models import Assessment
from vision.models import Target
from workshop.editing import Author

from ..conftest import attendee_client_for
from ..part2_factories import ServiceFactory
from .workspace_setup import dimensions, edit_url, gap_of, ready_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def dims(workshop):
    return dimensions(workshop)


@pytest.fixture
def acme(team_a, anna, dims):
    # governance 2→4, methods 2→3, people 1→1, tools 3→(none), reporting (none)→4
    return ready_company(team_a, anna, levels=(2, 2, 1, 3), targets=(4, 3, 1, None, 4))


def kinds(company) -> list[str]:
    return [w.kind for w in selectors.warnings(company)]


def test_ensure_strategy_makes_one_gap_row_per_dimension_once(acme, dims):
    services.ensure_strategy(acme)
    assert Gap.objects.filter(company=acme).count() == len(dims)


def test_the_gap_is_the_target_minus_today_and_nothing_without_both(acme, dims):
    rows = {row.dimension.key: row for row in selectors.gap_rows(acme)}
    assert (rows["governance"].today, rows["governance"].target) == (2, 4)
    assert rows["governance"].size == 2 and rows["governance"].is_open
    assert rows["people"].size == 0 and not rows["people"].is_open
    assert rows["tools"].size is None  # no target: no made-up gap
    assert rows["reporting"].size is None  # no baseline level


def test_gaps_sort_by_priority_then_by_size_then_in_framework_order(acme, dims):
    Gap.objects.filter(company=acme, dimension=dims[1]).update(priority=Gap.Priority.HIGH)
    Gap.objects.filter(company=acme, dimension=dims[0]).update(priority=Gap.Priority.MEDIUM)
    Gap.objects.filter(company=acme, dimension=dims[2]).update(priority=Gap.Priority.MEDIUM)
    rows = selectors.gap_rows(acme)
    assert [r.dimension.key for r in rows][:3] == ["governance", "methods", "people"]
    ordered = [r.dimension.key for r in selectors.by_priority(rows)]
    # methods (high) first; then the medium ones, the larger gap first; then the unset
    # ones with a gap before those without.
    assert ordered[:3] == ["methods", "governance", "people"]
    assert ordered.index("tools") > ordered.index("people")


def test_the_page_orders_rows_both_ways_with_css_ranks(client, acme, anna, dims):
    from django.urls import reverse

    Gap.objects.filter(company=acme, dimension=dims[1]).update(priority=Gap.Priority.HIGH)
    attendee_client_for(client, anna)
    args = [acme.team.workshop_id, acme.team_id, acme.pk]
    html = client.get(reverse("strategy:strategy", args=args)).content.decode()
    gap = gap_of(acme, dims[1])
    assert f'id="gap-row-{gap.pk}"' in html
    assert 'data-rank-priority="1" data-rank-framework="2"' in html
    assert 'id="gap-order-framework"' in html


def test_an_open_gap_without_initiative_is_warned_until_one_closes_it(acme, anna, dims):
    assert kinds(acme).count("gap_uncovered") == 2  # governance and methods
    author = Author(participant=anna)
    services.add_initiative(acme, "Portfolio board", author, gap_id=gap_of(acme, dims[0]).pk)
    initiative = services.add_initiative(acme, "Method handbook", author)
    assert kinds(acme).count("gap_uncovered") == 1
    services.set_initiative_gap(initiative, gap_of(acme, dims[1]).pk, True, author)
    assert "gap_uncovered" not in kinds(acme)
    services.remove_initiative(initiative, author)
    assert kinds(acme).count("gap_uncovered") == 1  # removed initiatives close nothing


def test_a_target_below_today_is_warned_until_it_is_raised(acme, dims):
    vision = acme.vision
    Target.objects.filter(vision=vision, dimension=dims[3]).update(level=2)  # tools 3 → 2
    found = [w for w in selectors.warnings(acme) if w.kind == "target_below"]
    assert len(found) == 1 and dims[3].name in found[0].message
    assert found[0].is_problem
    Target.objects.filter(vision=vision, dimension=dims[3]).update(level=3)
    assert "target_below" not in kinds(acme)


def test_a_lower_baseline_level_is_followed_too(acme, dims):
    Assessment.objects.filter(baseline=acme.primary_baseline(), dimension=dims[0]).update(level=5)
    assert "target_below" in kinds(acme)


def test_priority_is_chosen_through_the_team_edit_endpoint(client, acme, anna, dims):
    gap = gap_of(acme, dims[0])
    attendee_client_for(client, anna)
    response = client.post(
        edit_url("gap", gap, "priority", acme.team), {"value": "1", "version": 1}
    )
    assert response.status_code == 200
    gap.refresh_from_db()
    assert gap.priority == Gap.Priority.HIGH
    assert selectors.gap_rows(acme)[0].priority_label == "High"
    refused = client.post(edit_url("gap", gap, "priority", acme.team), {"value": "7", "version": 2})
    assert refused.status_code == 422


def test_services_today_and_in_the_vision_are_kept_new_or_dropped(acme, workshop):
    reporting, training, tools = (ServiceFactory(workshop=workshop) for _ in range(3))
    acme.primary_baseline().services.set([reporting, tools])
    acme.vision.services.set([reporting, training])
    changes = {c.service.pk: c.change for c in selectors.services_table(acme)}
    assert changes[reporting.pk] == "kept"
    assert changes[training.pk] == "new"
    assert changes[tools.pk] == "dropped"


def test_a_company_without_vision_has_no_gaps_and_no_made_up_warnings(team_a, anna, dims):
    from teams import companies

    bare = companies.create_company(team_a, "Bare AB", Author(participant=anna))
    services.ensure_strategy(bare)
    assert all(row.size is None for row in selectors.gap_rows(bare))
    assert selectors.warnings(bare) == []
    assert not Initiative.objects.filter(company=bare).exists()


def test_nothing_is_called_dropped_before_the_vision_names_its_services(acme, workshop):
    reporting = ServiceFactory(workshop=workshop)
    acme.primary_baseline().services.set([reporting])
    [row] = selectors.services_table(acme)
    assert row.future is None and row.change == ""
