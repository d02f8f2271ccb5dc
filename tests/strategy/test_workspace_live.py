"""The strategy page is live: a (re)connecting screen gets all of it, and changes by
team mates — here or on the baseline and vision pages — arrive after they commit."""

import pytest
from channels.db import database_sync_to_async

from strategy import services
from strategy.demo import seed_demo_strategy
from strategy.models import Gap, Goal, Initiative, Kpi, Strategy
from teams import editables
from teams.models import Assessment, Company
from vision.models import Target
from workshop.editing import Author

from ..conftest import session_key_for_participant
from ..workshop.test_consumers import async_test, open_socket, receive_until
from .workspace_setup import dimensions, gap_of, ready_company


def _setting(team_a, anna):
    dims = dimensions(team_a.workshop)
    acme = ready_company(team_a, anna, levels=(2, 2), targets=(4, 3))
    path = f"/ws/w/{team_a.workshop_id}/teams/{team_a.pk}/companies/{acme.pk}/?page=strategy"
    return acme, dims, path, session_key_for_participant(anna)


@pytest.mark.django_db(transaction=True)
@async_test
async def test_a_connecting_screen_gets_the_whole_strategy_page(team_a, anna):
    acme, dims, path, key = await database_sync_to_async(_setting)(team_a, anna)
    async with open_socket(path, key) as (communicator, accepted):
        assert accepted
        text = await receive_until(communicator, "data-synced")
        for part in ("strategy-warnings", "strategy-gaps", "strategy-roadmap", "strategy-trace"):
            assert f'id="{part}"' in text
        assert 'id="initiative-list"' in text and 'id="kpi-list"' in text


@pytest.mark.django_db(transaction=True)
@async_test
async def test_an_added_initiative_reaches_team_mates_and_clears_the_gap_warning(team_a, anna):
    acme, dims, path, key = await database_sync_to_async(_setting)(team_a, anna)
    gap = await database_sync_to_async(gap_of)(acme, dims[0])
    async with open_socket(path, key) as (communicator, accepted):
        snapshot = await receive_until(communicator, "data-synced")
        assert snapshot.count('data-kind="gap_uncovered"') == 2
        initiative = await database_sync_to_async(services.add_initiative)(
            acme, "Portfolio board", Author(participant=anna), gap_id=gap.pk
        )
        card = await receive_until(communicator, 'hx-swap-oob="beforeend:#initiative-list"')
        assert f'id="initiative-{initiative.pk}"' in card and "Portfolio board" in card
        checks = await receive_until(communicator, 'id="strategy-warnings"')
        assert checks.count('data-kind="gap_uncovered"') == 1
        roadmap = await receive_until(communicator, 'id="strategy-roadmap"')
        assert "Portfolio board" in roadmap


@pytest.mark.django_db(transaction=True)
@async_test
async def test_a_baseline_level_change_reaches_the_open_strategy_page(team_a, anna):
    acme, dims, path, key = await database_sync_to_async(_setting)(team_a, anna)
    row = await database_sync_to_async(Assessment.objects.get)(
        baseline__company=acme, baseline__is_primary=True, dimension=dims[1]
    )
    async with open_socket(path, key) as (communicator, accepted):
        await receive_until(communicator, "data-synced")
        # methods: today 2 → 3 reaches the target, so its gap closes.
        await database_sync_to_async(editables.save)(
            "assessment", row, "level", "3", row.version, Author(participant=anna)
        )
        checks = await receive_until(communicator, 'id="strategy-warnings"')
        assert checks.count('data-kind="gap_uncovered"') == 1


@pytest.mark.django_db(transaction=True)
@async_test
async def test_a_vision_target_change_reaches_the_open_strategy_page(team_a, anna):
    acme, dims, path, key = await database_sync_to_async(_setting)(team_a, anna)
    target = await database_sync_to_async(Target.objects.get)(
        vision__company=acme, dimension=dims[0]
    )
    async with open_socket(path, key) as (communicator, accepted):
        await receive_until(communicator, "data-synced")
        await database_sync_to_async(editables.save)(
            "target", target, "level", "1", target.version, Author(participant=anna)
        )
        checks = await receive_until(communicator, 'id="strategy-warnings"')
        assert 'data-kind="target_below"' in checks


# --- the demo ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_strategy_is_illustrative_and_mostly_holds_together(team_a, anna):
    dimensions(team_a.workshop)
    company = ready_company(
        team_a, anna, "Åre Älvdalen Öresund AB", levels=(2, 2, 1, 3, 2, 1, 2, 2)
    )
    seed_demo_strategy(company)
    seed_demo_strategy(company)  # once only
    assert Initiative.objects.filter(company=company).count() == 4
    assert Goal.objects.filter(company=company).count() == 2
    assert Kpi.objects.filter(company=company).count() == 4
    assert Gap.objects.filter(company=company, priority=Gap.Priority.HIGH).count() == 3
    assert "Illustrative" in Strategy.objects.get(company=company).summary
    from strategy import selectors

    # One gap is left open on purpose, so the demo shows what a check looks like.
    assert [w.kind for w in selectors.warnings(Company.objects.get(pk=company.pk))] == [
        "gap_uncovered"
    ]
