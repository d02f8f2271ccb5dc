"""workshop.live: a change is pushed to its group only after its transaction commits."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import transaction

from teams import services as team_services
from workshop import live
from workshop.editing import Author

pytestmark = pytest.mark.django_db(transaction=True)


class RolledBack(Exception):
    pass


async def receive_or_none(channel, timeout=0.5):
    try:
        return await asyncio.wait_for(get_channel_layer().receive(channel), timeout)
    except TimeoutError:
        return None


def listen_to_team(team, during):
    """Runs `during` (sync, may use the ORM) with a channel in the team's group;
    returns `during`'s result and what the channel got once it finished."""

    async def scenario():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(live.team_group(team.pk), channel)
        try:
            result = await database_sync_to_async(during)(channel)
            return result, await receive_or_none(channel, timeout=2)
        finally:
            await layer.group_discard(live.team_group(team.pk), channel)

    return async_to_sync(scenario)()


def test_team_field_change_is_not_pushed_before_commit(team_a, anna):
    def edit_in_open_transaction(channel):
        with transaction.atomic():
            team_services.edit_team_field(team_a, "notes", "Plan", 1, Author(participant=anna))
            return async_to_sync(receive_or_none)(channel)

    heard_before_commit, _ = listen_to_team(team_a, edit_in_open_transaction)
    assert heard_before_commit is None


def test_team_field_change_is_pushed_after_commit(team_a, anna):
    def edit_in_open_transaction(channel):
        with transaction.atomic():
            team_services.edit_team_field(team_a, "notes", "Plan", 1, Author(participant=anna))

    _, heard_after_commit = listen_to_team(team_a, edit_in_open_transaction)
    assert heard_after_commit["type"] == "push.html"
    assert f'id="field-team-{team_a.pk}-' in heard_after_commit["html"]["en"]


def test_rolled_back_change_is_never_pushed(team_a, anna):
    def edit_then_roll_back(channel):
        try:
            with transaction.atomic():
                team_services.edit_team_field(team_a, "notes", "Plan", 1, Author(participant=anna))
                raise RolledBack
        except RolledBack:
            pass

    _, heard = listen_to_team(team_a, edit_then_roll_back)
    assert heard is None
