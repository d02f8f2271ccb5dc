"""Writes for the Vision 2030 briefing (Part 2b), and what each change pushes.

The facilitator keeps an ordered list of findings and walks the room through them
on the projector. Showing a finding marks it revealed; only revealed findings reach
the teams (as reference cards) — showing one never reveals a later one. Every change
is one transaction, pushed after commit to the projector, the facilitator's pages
and every team of the workshop.
"""

import hashlib
import json
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from teams.models import Team
from workshop import live, ordering
from workshop.i18n import content_file
from workshop.live import push_on_commit
from workshop.models import Phase, Workshop

from . import broadcasts
from .briefing_selectors import finding_cards, presenter, step_target
from .models import Finding, Showcase, Vision

DEMO_FILE = Path(__file__).parent / "demo_findings.json"

Push = Iterator[tuple[str, str, str | None]]


class BriefingMoved(Exception):
    """A step started from a screen that no longer matches the projector (a second
    facilitator, a double click): nothing changed."""


class FindingChanged(Exception):
    """Someone else saved this finding after the editor opened it."""

    def __init__(self, current: Finding):
        super().__init__("finding changed")
        self.current = current


# --- pushes -------------------------------------------------------------------------


def briefing_pushes(workshop_id: int, exclude_client: str | None = None) -> Push:
    """The projector's stage (while the room is in the briefing), the presenter's
    controls and list, and every team's reference cards.

    `exclude_client` is the briefing page that made the change: its own answer already
    holds the new state, and a push overtaking a later answer must not roll it back."""
    workshop = Workshop.objects.select_related("current_phase").filter(pk=workshop_id).first()
    if workshop is None:
        return
    context = presenter(workshop)
    phase = workshop.current_phase
    if phase is not None and phase.kind == Phase.Kind.BRIEFING:
        yield (
            live.projector_group(workshop_id),
            live.render_fragment("vision/briefing_stage.html#briefing-stage", context),
            None,
        )
    yield (
        live.page_group("briefing", workshop_id),
        live.render_fragment("vision/briefing.html#briefing-presenter", context)
        + live.render_fragment("vision/briefing.html#briefing-findings", context),
        exclude_client or None,
    )
    cards = live.render_fragment("vision/finding_cards.html#finding-cards", finding_cards(workshop))
    for team_id in Team.objects.filter(workshop_id=workshop_id).values_list("pk", flat=True):
        yield (live.team_group(team_id), cards, None)


def _announce(workshop_id: int, *, revealed_changed: bool = False, client: str = "") -> None:
    push_on_commit(partial(briefing_pushes, workshop_id, client or None))
    if revealed_changed:
        # Company vision pages list the revealed findings a vision can answer.
        push_on_commit(partial(broadcasts.findings_revealed, workshop_id))


# --- findings -----------------------------------------------------------------------


def fingerprint(finding: Finding) -> str:
    """What the editor saw; a different one on save means someone else changed it."""
    seen = "\x1f".join([finding.title, finding.text, finding.image.name or "", finding.image_alt])
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


def _delete_file_on_commit(name: str) -> None:
    if name:
        storage = Finding._meta.get_field("image").storage
        transaction.on_commit(partial(storage.delete, name))


@transaction.atomic
def add_finding(
    workshop: Workshop, *, title: str, text: str, image=None, image_alt: str = ""
) -> Finding:
    """A new finding at the end of the briefing. `image` is a validated upload (forms.py)."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()  # one append at a time
    last = Finding.objects.filter(workshop=workshop).aggregate(m=Max("position"))["m"]
    finding = Finding(
        workshop=workshop,
        position=0 if last is None else last + 1,
        title=title,
        text=text,
        image_alt=image_alt if image else "",
    )
    if image:
        finding.image.save(image.name, image, save=False)
    finding.save()
    _announce(workshop.pk)
    return finding


@transaction.atomic
def update_finding(
    finding: Finding,
    *,
    title: str,
    text: str,
    image_alt: str = "",
    image=None,
    remove_image: bool = False,
    seen: str | None = None,
) -> Finding:
    """Save the editor's version. With `seen` (the fingerprint the editor started from),
    a finding someone else changed meanwhile is not overwritten: FindingChanged."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if seen is not None and seen != fingerprint(finding):
        raise FindingChanged(finding)
    old_image = finding.image.name or ""
    finding.title, finding.text = title, text
    if image:
        finding.image.save(image.name, image, save=False)
    elif remove_image:
        finding.image = ""
    finding.image_alt = image_alt if finding.image else ""
    finding.save()
    if old_image and old_image != (finding.image.name or ""):
        _delete_file_on_commit(old_image)
    _announce(finding.workshop_id, revealed_changed=finding.revealed)
    return finding


@transaction.atomic
def delete_finding(finding: Finding, *, client: str = "") -> dict:
    """Delete a finding; returns what `restore_finding` needs to undo it. The image file
    stays until the undo is discarded (`discard_snapshot`)."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    snapshot = {
        "workshop": finding.workshop_id,
        "position": finding.position,
        "title": finding.title,
        "text": finding.text,
        "image": finding.image.name or "",
        "image_alt": finding.image_alt,
        "revealed_at": finding.revealed_at.isoformat() if finding.revealed_at else "",
        "visions": list(finding.visions.values_list("pk", flat=True)),
        "shown": Showcase.objects.filter(finding=finding).exists(),
    }
    workshop_id = finding.workshop_id
    finding.delete()
    ordering.renumber(list(Finding.objects.filter(workshop_id=workshop_id)))
    _announce(workshop_id, revealed_changed=bool(snapshot["revealed_at"]), client=client)
    return snapshot


@transaction.atomic
def restore_finding(workshop: Workshop, snapshot: dict, *, client: str = "") -> Finding:
    """Undo a delete: the finding returns to its place, revealed or not as it was."""
    if snapshot.get("workshop") != workshop.pk:
        raise ValidationError(_("That finding belonged to another workshop."))
    items = list(Finding.objects.select_for_update().filter(workshop=workshop))
    storage = Finding._meta.get_field("image").storage
    image = snapshot.get("image") or ""
    if image and not storage.exists(image):
        image = ""
    finding = Finding.objects.create(
        workshop=workshop,
        position=len(items),
        title=snapshot["title"],
        text=snapshot["text"],
        image=image,
        image_alt=snapshot.get("image_alt", "") if image else "",
        revealed_at=parse_datetime(snapshot["revealed_at"]) if snapshot["revealed_at"] else None,
    )
    items.insert(min(int(snapshot.get("position", len(items))), len(items)), finding)
    ordering.renumber(items)
    finding.visions.set(
        Vision.objects.filter(pk__in=snapshot.get("visions", []), company__team__workshop=workshop)
    )
    if snapshot.get("shown"):
        showcase, _created = Showcase.objects.select_for_update().get_or_create(workshop=workshop)
        if showcase.finding_id is None:
            showcase.finding = finding
            showcase.save(update_fields=["finding"])
    _announce(workshop.pk, revealed_changed=finding.revealed, client=client)
    return finding


def discard_snapshot(snapshot: dict | None) -> None:
    """The undo is no longer offered: remove the deleted finding's image file."""
    name = (snapshot or {}).get("image") or ""
    if name and not Finding.objects.filter(image=name).exists():
        Finding._meta.get_field("image").storage.delete(name)


@transaction.atomic
def move_finding(finding: Finding, offset: int, *, client: str = "") -> None:
    items = list(
        Finding.objects.select_for_update()
        .filter(workshop_id=finding.workshop_id)
        .order_by("position", "pk")
    )
    ordering.move(items, finding, offset)
    _announce(finding.workshop_id, client=client)


# --- presenting ---------------------------------------------------------------------


def _locked_showcase(workshop: Workshop) -> Showcase:
    showcase, _created = Showcase.objects.select_for_update().get_or_create(workshop=workshop)
    return showcase


def _put_on_screen(
    workshop: Workshop, showcase: Showcase, finding: Finding | None, client: str = ""
) -> None:
    """The projector shows `finding` (None: the overview); shown means revealed."""
    newly_revealed = finding is not None and finding.revealed_at is None
    if newly_revealed:
        finding.revealed_at = timezone.now()
        finding.save(update_fields=["revealed_at"])
    showcase.finding = finding
    showcase.save(update_fields=["finding"])
    _announce(workshop.pk, revealed_changed=newly_revealed, client=client)


def _check_expected(showcase: Showcase, expected: str | None) -> None:
    if expected is None:
        return
    now = str(showcase.finding_id) if showcase.finding_id else "overview"
    if expected != now:
        raise BriefingMoved


def _step(workshop: Workshop, direction: int, expected: str | None, client: str) -> Finding | None:
    showcase = _locked_showcase(workshop)
    _check_expected(showcase, expected)
    findings = list(
        Finding.objects.select_for_update().filter(workshop=workshop).order_by("position", "pk")
    )
    moves, target = step_target(findings, showcase.finding_id, direction)
    if not moves:  # nothing before or after: the buttons say so; a key press changes nothing
        return showcase.finding
    _put_on_screen(workshop, showcase, target, client)
    return target


@transaction.atomic
def reveal_next(
    workshop: Workshop, *, expected: str | None = None, client: str = ""
) -> Finding | None:
    """Show (and reveal) the finding after the one on the projector; from the overview,
    the first not yet revealed. After the last finding comes the overview (None).

    `expected` is what the presenter's screen showed ("overview" or a finding id): a
    step from a stale screen raises BriefingMoved and changes nothing.
    """
    return _step(workshop, +1, expected, client)


@transaction.atomic
def show_previous(
    workshop: Workshop, *, expected: str | None = None, client: str = ""
) -> Finding | None:
    """Back one finding; before the first comes the overview. From the overview: the
    last revealed finding."""
    return _step(workshop, -1, expected, client)


@transaction.atomic
def show(workshop: Workshop, finding: Finding, *, client: str = "") -> Finding:
    """Put one finding on the projector (and reveal it — only it)."""
    if finding.workshop_id != workshop.pk:
        raise ValidationError(_("That finding is not part of this workshop."))
    showcase = _locked_showcase(workshop)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    _put_on_screen(workshop, showcase, finding, client)
    return finding


@transaction.atomic
def hide(workshop: Workshop, *, client: str = "") -> None:
    """The projector goes back to the overview; what was revealed stays revealed."""
    _put_on_screen(workshop, _locked_showcase(workshop), None, client)


@transaction.atomic
def reset(workshop: Workshop, *, client: str = "") -> None:
    """Start the briefing over: nothing revealed, the overview on the projector."""
    showcase = _locked_showcase(workshop)
    Finding.objects.filter(workshop=workshop).update(revealed_at=None)
    showcase.finding = None
    showcase.save(update_fields=["finding"])
    _announce(workshop.pk, revealed_changed=True, client=client)


# --- demo content -------------------------------------------------------------------


def demo_findings(language: str | None = None) -> list[dict]:
    """The illustrative demo findings, in `language` when there is a version in it."""
    return json.loads(content_file(DEMO_FILE, language).read_text(encoding="utf-8"))["findings"]


@transaction.atomic
def load_demo_findings(workshop: Workshop) -> list[Finding]:
    """Add the illustrative demo findings (no images) to a briefing that has none yet."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    if Finding.objects.filter(workshop=workshop).exists():
        return []
    created = Finding.objects.bulk_create(
        Finding(workshop=workshop, position=index, title=item["title"], text=item["text"])
        for index, item in enumerate(demo_findings(workshop.language))
    )
    _announce(workshop.pk)
    return created
