"""Live updates: server-rendered fragments pushed to channel groups.

Every write goes through a service that calls `push_on_commit(...)`: the
fragments are rendered and sent only after the transaction commits, so no
screen ever shows what the database does not hold (Zulip's send_event_on_commit).
Fragments are the same template partials the pages render on first load; the
htmx WebSocket extension swaps each top-level element into the element with the
same id (out-of-band).
"""

from collections.abc import Callable, Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def workshop_group(workshop_id: int) -> str:
    """Every screen of a workshop: attendees, projector and console."""
    return f"workshop-{workshop_id}"


def team_group(team_id: int) -> str:
    return f"team-{team_id}"


def projector_group(workshop_id: int) -> str:
    return f"projector-{workshop_id}"


def console_group(workshop_id: int) -> str:
    return f"console-{workshop_id}"


def map_group(workshop_id: int) -> str:
    """The facilitator's causal-map page."""
    return f"map-{workshop_id}"


def company_group(company_id: int) -> str:
    """The pages of one company (baseline, vision, strategy): its team and facilitators."""
    return f"company-{company_id}"


FACILITATOR_PAGES = ("briefing", "gallery", "benchmarks")


def page_group(page: str, workshop_id: int) -> str:
    """One facilitator page beside the console (FACILITATOR_PAGES): the briefing
    presenter, the vision gallery, the reference sets."""
    assert page in FACILITATOR_PAGES, page
    return f"{page}-{workshop_id}"


def participant_group(participant_id: int) -> str:
    return f"participant-{participant_id}"


def render_fragment(template: str, context: dict) -> str:
    """`template` names a partial, e.g. "workshop/projector.html#teams"."""
    return render_to_string(template, context)


def send(group: str, html: dict[str, str], *, exclude_client: str | None = None) -> None:
    """`html` maps a language code to the fragment rendered in that language."""
    async_to_sync(get_channel_layer().group_send)(
        group, {"type": "push.html", "html": html, "exclude_client": exclude_client or ""}
    )


def in_every_language(build: Callable[[], Iterable[tuple[str, str, str | None]]]):
    """Run `build` once per language: [(group, {language: html}, exclude_client)].

    Screens in one group may speak different languages (each person chooses);
    every socket picks its own from the push (`LiveConsumer.push_html`).
    """
    pushes: list[tuple[str, dict[str, str], str | None]] = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for index, (group, html, exclude) in enumerate(build()):
                if index == len(pushes):
                    pushes.append((group, {}, exclude))
                pushes[index][1][code] = html
    return pushes


def send_scope_changed(group: str) -> None:
    """Tell the sockets in `group` to re-check what they may see (e.g. a participant moved)."""
    async_to_sync(get_channel_layer().group_send)(group, {"type": "scope.changed"})


def push_on_commit(build: Callable[[], Iterable[tuple[str, str, str | None]]]) -> None:
    """Run `build` after commit; it yields (group, html, exclude_client) triples.

    Rendering happens after the commit too, from freshly read rows, so the push
    shows the committed state even when several services ran in one transaction.
    """

    def _send():
        for group, html, exclude in in_every_language(build):
            send(group, html, exclude_client=exclude)

    transaction.on_commit(_send, robust=True)
