"""Reads for Part 1: what a team may see and use, the room map, its analysis."""

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet

from teams.models import Team

from . import map_analysis
from .models import CausalLink, Factor, PathStep, Workshop

ACTIVE_LINKS = Q(absorbed_by__isnull=True)


def active_factors(workshop: Workshop) -> QuerySet[Factor]:
    return workshop.factors.filter(merged_into__isnull=True)


def room_map_links(workshop: Workshop) -> QuerySet[CausalLink]:
    """The accepted room map: accepted links between active factors."""
    return workshop.links.filter(
        ACTIVE_LINKS,
        status=CausalLink.Status.ACCEPTED,
        cause__merged_into__isnull=True,
        effect__merged_into__isnull=True,
    ).select_related("cause", "effect")


def visible_factors(team: Team) -> QuerySet[Factor]:
    """Factors a team may see and link: its own drafts, the facilitator's and the
    template's factors, and everything already in the accepted room map. Another
    team's drafts stay private until the facilitator accepts them into the map."""
    workshop = team.workshop
    in_room_map = CausalLink.objects.filter(ACTIVE_LINKS, status=CausalLink.Status.ACCEPTED).filter(
        Q(cause=OuterRef("pk")) | Q(effect=OuterRef("pk"))
    )
    return (
        active_factors(workshop)
        .annotate(in_room_map=Exists(in_room_map))
        .filter(
            Q(author_team=team)
            | Q(author_team__isnull=True)
            | Q(in_room_map=True)
            | Q(pk=workshop.outcome_id or 0)
        )
        .select_related("topic")
    )


def search_factors(team: Team, text: str, limit: int = 8) -> list[Factor]:
    """Existing factors whose label or description matches what the team is typing."""
    words = [w for w in text.split() if len(w) >= 2][:6]
    if not words:
        return []
    query = Q()
    for word in words:
        query &= Q(label__icontains=word) | Q(description__icontains=word)
    return list(visible_factors(team).filter(query).order_by("label")[:limit])


def team_links(team: Team) -> QuerySet[CausalLink]:
    return team.workshop.links.filter(author_team=team).select_related("cause", "effect")


def inbox(workshop: Workshop) -> QuerySet[CausalLink]:
    return workshop.links.filter(ACTIVE_LINKS, status=CausalLink.Status.PROPOSED).select_related(
        "cause", "effect", "author_team"
    )


def graph_data(workshop: Workshop) -> tuple[list[Factor], list[map_analysis.Edge]]:
    links = list(room_map_links(workshop))
    factor_ids = {link.cause_id for link in links} | {link.effect_id for link in links}
    if workshop.outcome_id:
        factor_ids.add(workshop.outcome_id)
    factors = list(Factor.objects.filter(pk__in=factor_ids).select_related("topic"))
    edges = [map_analysis.Edge(k.cause_id, k.effect_id, k.polarity, k.strength) for k in links]
    return factors, edges


def analysis(workshop: Workshop) -> dict:
    factors, edges = graph_data(workshop)
    by_id = {f.pk: f for f in factors}
    result = map_analysis.analyse(list(by_id), edges)
    return {
        "factors_by_id": by_id,
        "loops": [
            {"loop": loop, "factors": [by_id[f] for f in loop.factors]} for loop in result.loops
        ],
        "loops_truncated": result.loops_truncated,
        "influence": [{"row": row, "factor": by_id[row.factor]} for row in result.influence[:10]],
    }


def loop_options(workshop: Workshop, limit: int = 20) -> list[dict]:
    """The loops a team can highlight, as plain data cached by map version: every
    workspace load and socket snapshot needs them, the betweenness analysis not."""
    key = f"map-loops:{workshop.pk}:{workshop.map_version}"
    options = cache.get(key)
    if options is None:
        factors, edges = graph_data(workshop)
        labels = {f.pk: f.label for f in factors}
        graph = map_analysis.build_graph(list(labels), edges)
        loops, _ = map_analysis.feedback_loops(graph)
        options = [
            {
                "loop": {"key": loop.key, "kind": loop.kind},
                "factors": [{"label": labels[f]} for f in loop.factors],
            }
            for loop in loops[:limit]
        ]
        cache.set(key, options, 60 * 60 * 6)
    return options


def path(workshop: Workshop) -> list[PathStep]:
    return list(
        workshop.path_steps.filter(factor__merged_into__isnull=True).select_related("factor")
    )
