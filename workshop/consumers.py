"""WebSocket consumers: screens that listen to the room.

A consumer never writes on its own: on connect it checks who is asking (the
same checks the views use), joins the groups that person may hear, and sends
the current state of every fragment on the page — so a reconnecting screen is
never stale. Presence (online/offline) goes through the teams services.
Clients send nothing that changes data; every change is an HTTP request to a
view that checks access.

When the channel layer is down (Redis stopped) a socket is accepted and closed
at once with LIVE_PAUSED, so the page can say "live updates paused" and retry;
when the database is down the handshake is refused and the page retries.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.urls import reverse
from django.utils import translation

from teams import part2_selectors
from teams import selectors as team_selectors
from teams import services as team_services
from teams import topics as team_topics
from teams.models import Company, Team
from vision.briefing_selectors import finding_cards

from . import live, selectors
from .access import is_facilitator, session_participant
from .i18n import socket_language
from .inputs import whole_number
from .map_views_context import team_map
from .middleware import DATABASE_DOWN
from .models import Workshop

FORBIDDEN = 4403
# The channel layer is unreachable: edits still save, live updates are paused (live.js).
LIVE_PAUSED = 4503

logger = logging.getLogger(__name__)


@dataclass
class Plan:
    """What one socket may hear, and what it is sent first.

    `fragments` is called only after the socket has joined its groups, so any
    change committed after that reaches it as a push and any change before is in
    the snapshot: nothing falls between the two.
    """

    groups: list[str]
    fragments: Callable[[], list[tuple[str, dict]]] = list
    participant_id: int | None = None
    redirect: str = ""


def _room_fragments(workshop: Workshop) -> list[tuple[str, dict]]:
    workshop.refresh_from_db()
    context = selectors.room(workshop)
    return [
        ("workshop/_room.html#phase-status", context),
        ("workshop/_room.html#timer", context),
    ]


class TeamScope(NamedTuple):
    workshop: Workshop
    team: Team
    participant: object  # teams.Participant, or None for a facilitator
    groups: list[str]


class LiveConsumer(AsyncWebsocketConsumer):
    joined: list[str] = []
    participant_id: int | None = None
    language: str = "en"
    layer_down = False

    def make_plan(self) -> Plan | None:  # runs in a thread: may use the ORM
        raise NotImplementedError

    def _redirect_html(self, plan: Plan) -> str:
        with translation.override(self.language):
            return live.render_fragment("workshop/_room.html#redirect", {"url": plan.redirect})

    def _snapshot(self, plan: Plan) -> str:
        with translation.override(self.language):
            parts = [*plan.fragments(), ("workshop/_room.html#live-status", {"synced": True})]
            return "".join(live.render_fragment(name, ctx) for name, ctx in parts)

    def _plan(self) -> Plan | None:
        """The plan, and the language this screen speaks (thread: may use the ORM)."""
        self.language = socket_language(self.scope, self.url_kwargs.get("pk"))
        return self.make_plan()

    # Channels awaits `self.channel_receive()` for the layer's next message. If the layer
    # fails (Redis stopped), that would end the socket with a traceback; instead this
    # socket closes with LIVE_PAUSED, and then waits for nothing until it is gone.
    @property
    def channel_receive(self):
        return self._receive_from_layer

    @channel_receive.setter
    def channel_receive(self, receive):
        self._layer_receive = receive

    async def _receive_from_layer(self):
        if not self.layer_down:
            try:
                return await self._layer_receive()
            except Exception as exc:
                live.layer_failed(exc)
                self.layer_down = True
                return {"type": "live.paused"}
        await asyncio.Future()  # never done; cancelled when the socket ends

    async def live_paused(self, event):
        if self.joined:  # otherwise connect() sees `layer_down` and closes
            await self.close(code=LIVE_PAUSED)

    async def connect(self):
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.client_id = (query.get("client") or [""])[0][:64]
        self.joined = []
        try:
            plan = await database_sync_to_async(self._plan)()
        except DATABASE_DOWN as exc:
            logger.warning("Socket refused: the database is unreachable (%s).", exc)
            await self.close()
            return
        if plan is None:
            await self.close(code=FORBIDDEN)
            return
        await self.accept()
        if plan.redirect:
            await self.send(text_data=await database_sync_to_async(self._redirect_html)(plan))
            await self.close()
            return
        for group in plan.groups:
            joined = not self.layer_down and await live.call_layer(
                self.channel_layer.group_add(group, self.channel_name)
            )
            if not joined:
                await self.close(code=LIVE_PAUSED)
                return
            self.joined.append(group)
        await self.send(text_data=await database_sync_to_async(self._snapshot)(plan))
        if plan.participant_id:
            self.participant_id = plan.participant_id
            await database_sync_to_async(team_services.participant_connected)(plan.participant_id)

    async def disconnect(self, code):
        for group in self.joined:
            await live.call_layer(self.channel_layer.group_discard(group, self.channel_name))
        self.joined = []
        if self.participant_id:
            try:
                await database_sync_to_async(team_services.participant_disconnected)(
                    self.participant_id
                )
            except DATABASE_DOWN as exc:
                logger.warning("Presence not updated: the database is unreachable (%s).", exc)
            self.participant_id = None

    async def receive(self, text_data=None, bytes_data=None):
        """Screens only listen; anything a client sends is ignored."""

    async def push_html(self, event):
        if event.get("exclude_client") and event["exclude_client"] == self.client_id:
            return
        html = event["html"]
        await self.send(text_data=html.get(self.language) or next(iter(html.values()), ""))

    async def scope_changed(self, event):
        """Something about this person changed (moved team, team deleted): re-check
        from scratch; if this page is no longer theirs, send them where they belong."""
        plan = await database_sync_to_async(self._plan)()
        if plan is not None and not plan.redirect and set(plan.groups) == set(self.joined):
            return
        if plan is not None and plan.redirect:
            await self.send(text_data=await database_sync_to_async(self._redirect_html)(plan))
        await self.close()

    # --- helpers for make_plan (sync) ---
    def team_scope(self):
        """A page of one team (`team_id` in the URL): its members, or the workshop's
        facilitators. A TeamScope; None to refuse; a redirecting Plan for an attendee
        of this workshop who is on another team's page."""
        workshop = self.workshop()
        if workshop is None:
            return None
        team = Team.objects.filter(pk=self.url_kwargs["team_id"], workshop=workshop).first()
        participant = session_participant(self.scope.get("session") or {}, workshop)
        groups = [live.workshop_group(workshop.pk)]
        if participant is not None:
            groups.append(live.participant_group(participant.pk))
            if team is None or participant.team_id != team.pk:
                return Plan(groups=groups, redirect=reverse("attendee_home", args=[workshop.pk]))
        elif team is None or not is_facilitator(self.scope.get("user"), workshop):
            return None
        return TeamScope(workshop, team, participant, groups)

    @property
    def url_kwargs(self) -> dict:
        return self.scope["url_route"]["kwargs"]

    def workshop(self) -> Workshop | None:
        return (
            Workshop.objects.select_related("current_phase")
            .filter(pk=self.url_kwargs["pk"])
            .first()
        )


class FacilitatorConsumer(LiveConsumer):
    extra_group = staticmethod(live.projector_group)

    def make_plan(self):
        workshop = self.workshop()
        if workshop is None or not is_facilitator(self.scope.get("user"), workshop):
            return None
        return Plan(
            groups=[live.workshop_group(workshop.pk), self.extra_group(workshop.pk)],
            fragments=lambda: _room_fragments(workshop) + self.view_fragments(workshop),
        )

    def view_fragments(self, workshop):
        raise NotImplementedError


class ProjectorConsumer(FacilitatorConsumer):
    extra_group = staticmethod(live.projector_group)

    def view_fragments(self, workshop):
        stage = {
            **selectors.room(workshop),
            **selectors.roster(workshop),
            **selectors.stage(workshop),
        }
        return [
            # The whole stage (map, progress, briefing or teams): a screen that missed
            # a phase change while offline shows the right one again.
            ("workshop/projector.html#projector-stage", stage),
            ("workshop/_room.html#join-panel", {"workshop": workshop}),
            ("workshop/_room.html#activity", selectors.activity(workshop)),
            ("teams/topics.html#projector-topics", team_topics.projector_topics(workshop)),
        ]


class ConsoleConsumer(FacilitatorConsumer):
    extra_group = staticmethod(live.console_group)

    def view_fragments(self, workshop):
        return [
            ("workshop/console.html#console-agenda", selectors.room(workshop)),
            ("workshop/console.html#console-teams", selectors.roster(workshop)),
            ("teams/progress.html#company-progress", part2_selectors.progress(workshop)),
            ("workshop/_room.html#join-panel", {"workshop": workshop, "controls": True}),
            ("teams/topics.html#console-topics", team_topics.console_topics(workshop)),
        ]


class FacilitatorPageConsumer(FacilitatorConsumer):
    """A facilitator page beside the console (`live.FACILITATOR_PAGES`): hears the room
    and its own group. Pages re-fetch or are re-sent what they show on (re)connect."""

    def make_plan(self):
        if self.url_kwargs["page"] not in live.FACILITATOR_PAGES:
            return None
        return super().make_plan()

    def extra_group(self, workshop_id: int) -> str:
        return live.page_group(self.url_kwargs["page"], workshop_id)

    def view_fragments(self, workshop):
        page = self.url_kwargs["page"]
        if page == "gallery":
            from vision.selectors import gallery

            return [("vision/gallery.html#gallery-controls", gallery(workshop))]
        if page == "benchmarks":
            from teams.stats import room_profile_context

            return [("teams/room_profile.html#room-profile", room_profile_context(workshop))]
        return []  # the briefing page re-fetches its live parts when its socket opens


class TeamConsumer(LiveConsumer):
    """A team workspace: the attendee's own team, or any team for its facilitator."""

    def make_plan(self):
        scope = self.team_scope()
        if not isinstance(scope, TeamScope):
            return scope  # refused (None) or sent elsewhere
        workshop, team, participant, groups = scope
        groups.append(live.team_group(team.pk))
        if participant is None:  # a facilitator: hears the topic list without vote marks
            groups.append(team_topics.facilitator_group(workshop.pk))

        def fragments():
            fresh = Team.objects.select_related("workshop__current_phase").get(pk=team.pk)
            parts = _room_fragments(workshop)
            parts.append(("teams/workspace.html#team-header", team_selectors.workspace(fresh)))
            parts += [("live/field.html", {"f": f}) for f in team_selectors.team_fields(fresh)]
            parts.append(
                ("teams/companies.html#team-companies", part2_selectors.team_companies(fresh))
            )
            parts.append(("vision/finding_cards.html#finding-cards", finding_cards(workshop)))
            parts += team_topics.team_fragments(workshop, participant)
            map_context = team_map(fresh)
            for part in ("team-links", "team-map-view", "team-link-form", "team-factor-form"):
                parts.append((f"workshop/map_team.html#{part}", map_context))
            return parts

        return Plan(
            groups=groups,
            fragments=fragments,
            participant_id=participant.pk if participant else None,
        )


class CompanyConsumer(LiveConsumer):
    """A company's pages (baseline, vision, strategy): its own team's members and the
    facilitators.

    `?page=` names the page; its fragments come from the part that owns it, so a
    reconnecting screen is re-sent everything it shows.
    """

    def make_plan(self):
        scope = self.team_scope()
        if not isinstance(scope, TeamScope):
            return scope  # refused (None) or sent elsewhere
        workshop, team, participant, groups = scope
        company = Company.objects.active().filter(pk=self.url_kwargs["company_id"], team=team)
        company = company.select_related("team__workshop__current_phase").first()
        page_fragments = company and self._page_fragments(company)
        if not page_fragments:
            url = reverse("teams:workspace", args=[workshop.pk, team.pk])
            return Plan(groups=groups, redirect=url)
        groups.append(live.company_group(company.pk))
        return Plan(
            groups=groups,
            fragments=lambda: _room_fragments(workshop) + page_fragments(),
            participant_id=participant.pk if participant else None,
        )

    def _page_fragments(self, company):
        """A function giving the page's fragments, or None if the page is not this company's."""
        query = parse_qs(self.scope.get("query_string", b"").decode())
        page = (query.get("page") or [""])[0]
        if page == "baseline":
            from teams.models import Baseline

            baseline_id = (query.get("baseline") or [""])[0]
            baseline = Baseline.objects.active().filter(company=company)
            pk = whole_number(baseline_id)
            baseline = baseline.filter(pk=pk).first() if pk else None
            if baseline is None:
                return None
            return lambda: part2_selectors.baseline_fragments(baseline)
        if page == "vision":
            from vision.selectors import vision_fragments

            return lambda: vision_fragments(company)
        if page == "strategy":
            from strategy.selectors import strategy_fragments

            return lambda: strategy_fragments(company)
        return None


class LobbyConsumer(LiveConsumer):
    """Waiting for a team: hears the room, and is sent on once assigned."""

    def make_plan(self):
        workshop = self.workshop()
        if workshop is None:
            return None
        participant = session_participant(self.scope.get("session") or {}, workshop)
        if participant is None:
            return None
        groups = [live.workshop_group(workshop.pk), live.participant_group(participant.pk)]
        if participant.team_id:
            return Plan(groups=groups, redirect=reverse("attendee_home", args=[workshop.pk]))
        return Plan(
            groups=groups,
            fragments=lambda: _room_fragments(workshop),
            participant_id=participant.pk,
        )


class MapConsumer(FacilitatorConsumer):
    """The facilitator's causal-map page: the inbox fills live as teams propose links."""

    extra_group = staticmethod(live.map_group)

    def view_fragments(self, workshop):
        from .map_views_context import room_map

        context = room_map(workshop)
        parts = ("map-inbox", "map-room-view", "map-factors", "map-analysis", "map-topics")
        return [(f"workshop/map_room.html#{part}", context) for part in parts]
