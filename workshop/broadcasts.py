"""What each kind of change pushes, to whom. Called by services via push_on_commit.

Each builder reads fresh rows and yields (group, html, exclude_client). The
fragments are the named partials the pages render on first load.
"""

from collections.abc import Iterator

from teams import selectors as team_selectors
from teams.models import Participant, Team

from . import live, selectors
from .models import Workshop

Push = Iterator[tuple[str, str, str | None]]


def room(workshop_id: int) -> Push:
    """Phase, timer and lock: every screen; the agenda controls: the console."""
    workshop = Workshop.objects.select_related("current_phase").get(pk=workshop_id)
    context = selectors.room(workshop)
    yield (
        live.workshop_group(workshop_id),
        live.render_fragment("workshop/_room.html#phase-status", context)
        + live.render_fragment("workshop/_room.html#timer", context),
        None,
    )
    yield (
        live.console_group(workshop_id),
        live.render_fragment("workshop/console.html#console-agenda", context),
        None,
    )


def projector_stage(workshop_id: int) -> Push:
    """The projector's main area follows the phase: the room map in Part 1, else the teams."""
    workshop = Workshop.objects.select_related("current_phase").get(pk=workshop_id)
    context = {
        **selectors.room(workshop),
        **selectors.roster(workshop),
        **selectors.stage(workshop),
    }
    yield (
        live.projector_group(workshop_id),
        live.render_fragment("workshop/projector.html#projector-stage", context),
        None,
    )


def room_and_team_fields(workshop_id: int) -> Push:
    """A phase change or lock also turns every team's fields read-only or editable."""
    yield from room(workshop_id)
    yield from projector_stage(workshop_id)
    for team in Team.objects.filter(workshop_id=workshop_id):
        yield from team_fields(team.pk)


@live.coalesced
def roster(workshop_id: int) -> Push:
    """Who is in which team and online: projector, console."""
    context = live.read_once(
        ("roster", workshop_id), lambda: selectors.roster(Workshop.objects.get(pk=workshop_id))
    )
    yield (
        live.projector_group(workshop_id),
        live.render_fragment("workshop/projector.html#projector-teams", context),
        None,
    )
    yield (
        live.console_group(workshop_id),
        live.render_fragment("workshop/console.html#console-teams", context),
        None,
    )


def presence(participant_id: int) -> Push:
    """Someone came online or went offline: their pill on each screen that lists them and
    the console's count. A few hundred bytes, where the roster is a page's worth: a room
    reconnecting after a Wi-Fi drop sends one of these per person."""
    participant = Participant.objects.filter(pk=participant_id).first()
    if participant is None:
        return
    pill = live.render_fragment("workshop/_presence.html#pill", {"p": participant})
    workshop_id = participant.workshop_id
    yield live.projector_group(workshop_id), pill, None
    yield (
        live.console_group(workshop_id),
        live.render_fragment("workshop/_presence.html#console-pill", {"p": participant})
        + live.render_fragment(
            "workshop/_presence.html#online-count", selectors.presence_counts(workshop_id)
        ),
        None,
    )
    if participant.team_id:
        yield live.team_group(participant.team_id), pill, None


def join_panel(workshop_id: int) -> Push:
    workshop = Workshop.objects.get(pk=workshop_id)
    context = {"workshop": workshop}
    yield (
        live.projector_group(workshop_id),
        live.render_fragment("workshop/_room.html#join-panel", context),
        None,
    )
    yield (
        live.console_group(workshop_id),
        live.render_fragment("workshop/_room.html#join-panel", {**context, "controls": True}),
        None,
    )


def activity(workshop_id: int) -> Push:
    workshop = Workshop.objects.get(pk=workshop_id)
    yield (
        live.projector_group(workshop_id),
        live.render_fragment("workshop/_room.html#activity", selectors.activity(workshop)),
        None,
    )


def team_header(team_id: int) -> Push:
    team = Team.objects.filter(pk=team_id).select_related("workshop").first()
    if team is None:
        return
    context = team_selectors.workspace(team)
    yield (
        live.team_group(team_id),
        live.render_fragment("teams/workspace.html#team-header", context),
        None,
    )


def team_fields(team_id: int, *, exclude_client: str | None = None) -> Push:
    team = Team.objects.filter(pk=team_id).select_related("workshop__current_phase").first()
    if team is None:
        return
    for live_field in team_selectors.team_fields(team):
        yield (
            live.team_group(team_id),
            live.render_fragment("live/field.html", {"f": live_field}),
            exclude_client,
        )


def participant_scope_changed(participant_id: int) -> None:
    """Not a render: the participant's sockets re-check their scope and re-route."""
    live.send_scope_changed(live.participant_group(participant_id))


def causal_map(
    workshop_id: int, *, team_ids: list[int | None] | tuple = (), all_teams: bool = False
) -> Push:
    """Part 1 changed: the projector's and console's map views, and the map panels
    of the teams concerned (all teams when the room map itself changed)."""
    from . import map_views_context  # the map views' shared context; avoids an import cycle

    workshop = Workshop.objects.get(pk=workshop_id)
    yield from map_views_context.pushes(workshop, team_ids=team_ids, all_teams=all_teams)
