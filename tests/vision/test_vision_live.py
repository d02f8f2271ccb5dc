"""The vision page follows the baseline: "today" marks and the jump update live."""

import pytest
from channels.db import database_sync_to_async

from teams import companies, editables
from teams.models import Assessment
from vision.services import ensure_vision
from workshop.editing import Author

from ..conftest import session_key_for_participant
from ..part2_factories import framework_for
from ..workshop.test_consumers import async_test, open_socket, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


def _setting(team_a, anna):
    dims = list(framework_for(team_a.workshop).dimensions.all())
    acme = companies.create_company(team_a, "Acme AB", Author(participant=anna))
    vision = ensure_vision(acme)
    row = Assessment.objects.get(baseline=acme.primary_baseline(), dimension=dims[0])
    target = vision.targets.get(dimension=dims[0])
    path = f"/ws/w/{team_a.workshop_id}/teams/{team_a.pk}/companies/{acme.pk}/?page=vision"
    return row, target, path, session_key_for_participant(anna)


@async_test
async def test_a_baseline_level_change_reaches_the_open_vision_page(team_a, anna):
    row, target, path, key = await database_sync_to_async(_setting)(team_a, anna)
    async with open_socket(path, key) as (communicator, accepted):
        assert accepted
        await receive_until(communicator, "data-synced")
        await database_sync_to_async(editables.save)(
            "assessment", row, "level", "3", row.version, Author(participant=anna)
        )
        text = await receive_until(communicator, f"choice-target-{target.pk}-level")
        assert 'data-value=""' in text  # the target itself is unchanged …
        assert "is-reference" in text  # … but "today" now marks level 3
        summary = await receive_until(communicator, "vision-jump-summary")
        assert "<td>3</td>" in summary
