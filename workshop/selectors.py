"""Reads that build the context of each live fragment (page load and push alike)."""

import time

from django.db.models import Count, Prefetch, Q
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from teams.models import Participant, Team

from .models import Phase, Workshop


def room(workshop: Workshop) -> dict:
    """Agenda position, timer and lock state: shown on every screen of the room."""
    phases = list(workshop.phases.all())
    current = next((p for p in phases if p.pk == workshop.current_phase_id), None)
    index = phases.index(current) if current else -1
    return {
        "workshop": workshop,
        "phases": phases,
        "phase": current,
        "phase_number": index + 1,
        "phase_count": len(phases),
        "prev_phase": phases[index - 1] if index > 0 else None,
        "next_phase": phases[index + 1] if 0 <= index < len(phases) - 1 else None,
        "editing_locked": bool(current and current.locked),
        "server_now_ms": int(time.time() * 1000),
    }


def roster(workshop: Workshop) -> dict:
    """Teams with their members, and who still waits for a team."""
    teams = list(
        workshop.teams.prefetch_related(
            Prefetch("participants", queryset=Participant.objects.order_by("display_name")),
            "topics",
        )
    )
    unassigned = list(workshop.participants.filter(team__isnull=True))
    _attach_team_options(teams, unassigned)
    online = sum(p.is_online for team in teams for p in team.participants.all()) + sum(
        p.is_online for p in unassigned
    )
    return {
        "workshop": workshop,
        "teams": teams,
        "unassigned": unassigned,
        "participant_count": sum(len(t.participants.all()) for t in teams) + len(unassigned),
        "online_count": online,
    }


def _attach_team_options(teams: list[Team], unassigned: list[Participant]) -> None:
    """The console's "move to team" choices, built once and given to every row.

    The console lists every attendee with a drop-down of every team: 500 attendees in
    50 teams are 25,000 options. Rendering them through the template cost most of a
    second per roster push; copying one string with the row's team selected does not.
    """
    options = format_html_join(
        "", '<option value="{}">{}</option>', ((t.pk, t.name) for t in teams)
    )
    for participant in [p for team in teams for p in team.participants.all()] + unassigned:
        chosen = f'<option value="{participant.team_id}">'
        # `options` is escaped by format_html_join; only our own markup is added.
        selected = mark_safe(options.replace(chosen, chosen[:-1] + " selected>", 1))
        participant.team_options = selected if participant.team_id else options


def presence_counts(workshop_id: int) -> dict:
    """The console's "N online · M joined", in one query."""
    counts = Participant.objects.filter(workshop_id=workshop_id).aggregate(
        participant_count=Count("pk"), online_count=Count("pk", filter=Q(connections__gt=0))
    )
    return counts


def activity(workshop: Workshop, limit: int = 6) -> dict:
    return {"workshop": workshop, "activities": list(workshop.activities.all()[:limit])}


def editing_locked(workshop: Workshop) -> bool:
    phase = workshop.current_phase
    return bool(phase and phase.locked)


def team_with_members(team: Team) -> Team:
    return Team.objects.select_related("workshop").prefetch_related("participants").get(pk=team.pk)


def stage(workshop: Workshop) -> dict:
    """What the projector's main area shows. Each part owns its stage: the room map
    in Part 1, company progress and the room profile in Part 2a, the briefing in
    Part 2b, the vision gallery in Part 2c; the teams otherwise."""
    phase = workshop.current_phase
    kind = phase.kind if phase is not None else None
    if kind == Phase.Kind.CAUSAL_MAP:
        from .map_views_context import projector_map_svg

        return {"map_svg": projector_map_svg(workshop)}
    if kind == Phase.Kind.BASELINE:
        from teams.projector import baseline_stage

        return baseline_stage(workshop)
    if kind == Phase.Kind.BRIEFING:
        from vision.briefing_selectors import briefing_stage

        return briefing_stage(workshop)
    if kind == Phase.Kind.VISION:
        from vision.selectors import gallery_stage

        return gallery_stage(workshop)
    return {}
