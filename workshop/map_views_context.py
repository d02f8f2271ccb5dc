"""Contexts of the causal-map fragments, their SVG renders and their pushes.

The same functions feed the page views, the htmx answers and the live pushes.
"""

import hashlib

from django.core.cache import cache
from django.urls import reverse

from teams.models import Team
from workshop.inputs import is_whole_number

from . import live, map_selectors
from .map_forms import FactorForm, LinkForm, MergeForm, TopicForm
from .map_render import (
    PROJECTOR_ASPECT,
    PROJECTOR_TEXT_SCALE,
    MapEdge,
    MapNode,
    cache_key,
    empty_svg,
    render_svg,
)
from .models import CausalLink, Factor, Workshop

RENDER_TTL = 60 * 60 * 6


def parse_loop(key: str | None) -> list[int]:
    """A loop key "4-9-12" → its factors in loop order (the renderer accents its links)."""
    try:
        return [int(part) for part in (key or "").split("-") if part][:50]
    except ValueError:
        return []


def _nodes_edges(links, extra_factors=(), *, topic_id=None):
    if topic_id:
        links = [link for link in links if topic_id in (link.cause.topic_id, link.effect.topic_id)]
    factors = {f.pk: f for f in extra_factors if not topic_id or f.topic_id == topic_id}
    for link in links:
        factors[link.cause_id] = link.cause
        factors[link.effect_id] = link.effect
    nodes = [
        MapNode(id=f.pk, label=f.label, kind=f.kind, topic=f.topic.title if f.topic else "")
        for f in sorted(factors.values(), key=lambda f: f.pk)
    ]
    edges = [
        MapEdge(
            cause=link.cause_id,
            effect=link.effect_id,
            polarity=link.polarity,
            strength=link.strength,
            proposed=link.status != CausalLink.Status.ACCEPTED,
        )
        for link in links
    ]
    return nodes, edges


def projector_map_svg(workshop: Workshop) -> str:
    return room_map_svg(workshop, proposals=True, projector=True)


def room_map_svg(
    workshop: Workshop,
    *,
    topic_id: int | None = None,
    highlight: list[int] | None = None,
    team: Team | None = None,
    proposals: bool = False,
    projector: bool = False,
) -> str:
    """The accepted room map, cached by map version. With `proposals` (projector,
    facilitator) every team's pending links are drawn dotted; with `team`, only that
    team's own pending links and draft factors are added. For the `projector` the
    drawing is wider and its text larger, for the back of the room."""
    links = list(
        map_selectors.room_map_links(workshop).select_related("cause__topic", "effect__topic")
    )
    if proposals:
        links += list(
            map_selectors.inbox(workshop)
            .filter(cause__merged_into__isnull=True, effect__merged_into__isnull=True)
            .select_related("cause__topic", "effect__topic")
        )
    extra = [workshop.outcome] if workshop.outcome_id else []
    team_signature = ""
    if team is not None:
        own = list(
            map_selectors.team_links(team)
            .exclude(status=CausalLink.Status.ACCEPTED)
            .filter(
                absorbed_by__isnull=True,
                cause__merged_into__isnull=True,
                effect__merged_into__isnull=True,
            )
            .select_related("cause__topic", "effect__topic")
        )
        links += [link for link in own if link.status == CausalLink.Status.PROPOSED]
        drafts = list(
            Factor.objects.filter(author_team=team, merged_into__isnull=True).select_related(
                "topic"
            )
        )
        extra += drafts
        raw = repr([(k.pk, k.version, k.status) for k in own] + [(f.pk, f.version) for f in drafts])
        team_signature = hashlib.sha1(raw.encode()).hexdigest()
    key = cache_key(
        workshop.pk,
        workshop.map_version,
        topic=topic_id or 0,
        highlight="-".join(map(str, highlight or ())),
        team=team_signature,
        proposals=int(proposals),
        projector=int(projector),
    )
    svg = cache.get(key)
    if svg is None:
        nodes, edges = _nodes_edges(links, extra, topic_id=topic_id)
        if nodes:
            look = (
                {"text_scale": PROJECTOR_TEXT_SCALE, "aspect": PROJECTOR_ASPECT}
                if projector
                else {}
            )
            svg = render_svg(nodes, edges, highlight=highlight or None, **look)
        else:
            svg = empty_svg(_empty_message())
        cache.set(key, svg, RENDER_TTL)
    return svg


def svg_for_request(request, workshop: Workshop, **options) -> str:
    """The map a view asked for: ?topic=<id> filters, ?loop=<key> highlights a loop."""
    topic_id = request.GET.get("topic") or ""
    topic = workshop.topics.filter(pk=topic_id).first() if is_whole_number(topic_id) else None
    return room_map_svg(
        workshop,
        topic_id=topic.pk if topic else None,
        highlight=parse_loop(request.GET.get("loop")),
        **options,
    )


def _empty_message() -> str:
    from django.utils.translation import gettext

    return gettext("No links in the room map yet.")


# --- contexts -----------------------------------------------------------------------------


def team_map(team: Team, **overrides) -> dict:
    workshop = team.workshop
    topics = team.topics.all()
    factors = map_selectors.visible_factors(team).order_by("label")
    context = {
        "team": team,
        "workshop": workshop,
        "topics": list(topics),
        "factor_form": FactorForm(topics=topics),
        "link_form": LinkForm(factors=factors),
        "team_links": list(
            map_selectors.team_links(team).filter(absorbed_by__isnull=True).order_by("-created_at")
        ),
        "map_view_url": reverse("workshop:team_map_view", args=[workshop.pk, team.pk]),
    }
    context.update(overrides)
    if "loops" not in context:
        context["loops"] = map_selectors.loop_options(workshop)
    return context


def room_map(workshop: Workshop, **overrides) -> dict:
    factors = map_selectors.active_factors(workshop).select_related("topic", "author_team")
    context = {
        "workshop": workshop,
        "inbox": list(map_selectors.inbox(workshop)),
        "topics": list(workshop.topics.prefetch_related("teams")),
        "teams": list(workshop.teams.prefetch_related("topics")),
        "factors": list(factors),
        "merges": list(workshop.merges.select_related("kept", "merged")[:20]),
        "path_steps": map_selectors.path(workshop),
        "topic_form": TopicForm(),
        "merge_form": MergeForm(factors=factors),
        "factor_form": FactorForm(topics=workshop.topics.all()),
        "map_view_url": reverse("workshop:room_map_view", args=[workshop.pk]),
        **map_selectors.analysis(workshop),
    }
    context.update(overrides)
    return context


# --- pushes --------------------------------------------------------------------------------


def pushes(workshop: Workshop, *, team_ids=(), all_teams=False):
    workshop = Workshop.objects.select_related("current_phase", "outcome").get(pk=workshop.pk)
    phase = workshop.current_phase
    if phase is not None and phase.kind == phase.Kind.CAUSAL_MAP:
        yield (
            live.projector_group(workshop.pk),
            live.render_fragment(
                "workshop/projector.html#projector-stage",
                {
                    "workshop": workshop,
                    "phase": phase,
                    "map_svg": projector_map_svg(workshop),
                },
            ),
            None,
        )
    context = room_map(workshop)
    for part in ("map-inbox", "map-room-view", "map-factors", "map-analysis", "map-topics"):
        yield (
            live.map_group(workshop.pk),
            live.render_fragment(f"workshop/map_room.html#{part}", context),
            None,
        )
    teams = (
        workshop.teams.all()
        if all_teams
        else workshop.teams.filter(pk__in=[t for t in team_ids if t])
    )
    loops = map_selectors.loop_options(workshop)
    for team in teams:
        team_context = team_map(team, loops=loops)
        for part in ("team-links", "team-map-view", "team-link-form", "team-factor-form"):
            yield (
                live.team_group(team.pk),
                live.render_fragment(f"workshop/map_team.html#{part}", team_context),
                None,
            )
