"""Reads for the Vision 2030 briefing: the projector's stage, the presenter's page and
the teams' reference cards.

What the room sees (projector, teams) only ever names findings already revealed;
the facilitator's page sees them all.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import reverse

from .models import Finding, Showcase

OVERVIEW = "overview"  # what the presenter sends as "from" when no finding is on screen

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}

# Above these lengths the projector sets the text a step smaller so it still fits.
MEDIUM_TEXT, LONG_TEXT, VERY_LONG_TEXT = 240, 520, 900
# Demo findings end with this label (vision/demo_findings*.json); it is shown as a note.
ILLUSTRATIVE = ("Illustrative demo finding", "Illustrativt exempelrön")


@dataclass(frozen=True)
class Slide:
    """One finding as the briefing shows it."""

    finding: Finding
    number: int  # 1-based place in the briefing
    revealed: bool
    current: bool = False
    newest: bool = False

    @property
    def image_url(self) -> str:
        if not self.finding.image:
            return ""
        url = reverse("vision:finding_image", args=[self.finding.workshop_id, self.finding.pk])
        # The file name changes with every upload, so browsers may cache each version.
        return f"{url}?v={Path(self.finding.image.name).stem[:12]}"

    def _parts(self) -> tuple[str, str]:
        paragraphs = re.split(r"\n\s*\n", self.finding.text.replace("\r\n", "\n").strip())
        if len(paragraphs) > 1 and paragraphs[-1].startswith(ILLUSTRATIVE):
            return "\n\n".join(paragraphs[:-1]), paragraphs[-1]
        return self.finding.text, ""

    @property
    def body(self) -> str:
        """The finding's text, without a trailing "Illustrative demo finding" label."""
        return self._parts()[0]

    @property
    def note(self) -> str:
        return self._parts()[1]

    @property
    def text_size(self) -> str:
        length = len(self.body)
        if length > VERY_LONG_TEXT:
            return "very-long"
        return "long" if length > LONG_TEXT else "medium" if length > MEDIUM_TEXT else "short"


@dataclass
class Briefing:
    workshop: object
    slides: list[Slide] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.slides)

    @property
    def current(self) -> Slide | None:
        return next((s for s in self.slides if s.current), None)

    @property
    def revealed(self) -> list[Slide]:
        return [s for s in self.slides if s.revealed]

    @property
    def revealed_count(self) -> int:
        return len(self.revealed)

    @property
    def all_revealed(self) -> bool:
        return bool(self.slides) and self.revealed_count == self.count


def ordered_findings(workshop) -> list[Finding]:
    return list(Finding.objects.filter(workshop=workshop).order_by("position", "pk"))


def current_finding_id(workshop) -> int | None:
    return Showcase.objects.filter(workshop=workshop).values_list("finding_id", flat=True).first()


def step_target(findings: list[Finding], current_id: int | None, direction: int):
    """Where Next (+1) or Previous (-1) goes from what the projector shows now.

    Returns (moves, target); a target of None is the overview (title card), which
    stands both before the first finding and after the last one. From the
    overview, Next continues with the first finding not yet revealed and Previous
    returns to the last revealed one.
    """
    ids = [f.pk for f in findings]
    if current_id not in ids:
        if direction > 0:
            target = next((f for f in findings if f.revealed_at is None), None)
        else:
            target = next((f for f in reversed(findings) if f.revealed_at is not None), None)
        return target is not None, target
    index = ids.index(current_id) + direction
    return True, findings[index] if 0 <= index < len(findings) else None


def briefing(workshop, findings: list[Finding] | None = None) -> Briefing:
    findings = ordered_findings(workshop) if findings is None else findings
    current_id = current_finding_id(workshop)
    revealed = [f for f in findings if f.revealed_at is not None]
    newest_id = max(revealed, key=lambda f: f.revealed_at).pk if revealed else None
    return Briefing(
        workshop=workshop,
        slides=[
            Slide(
                finding=f,
                number=number,
                revealed=f.revealed_at is not None,
                current=f.pk == current_id,
                newest=f.pk == newest_id,
            )
            for number, f in enumerate(findings, start=1)
        ],
    )


def briefing_stage(workshop) -> dict:
    """The projector during Part 2b: the finding on screen, or the title card."""
    return {"workshop": workshop, "briefing": briefing(workshop)}


def presenter(workshop) -> dict:
    """The facilitator's controls: where the room is, what Next and Previous do."""
    findings = ordered_findings(workshop)
    state = briefing(workshop, findings)
    current_id = state.current.finding.pk if state.current else None
    can_next, next_target = step_target(findings, current_id, +1)
    can_prev, prev_target = step_target(findings, current_id, -1)
    by_pk = {s.finding.pk: s for s in state.slides}
    return {
        "workshop": workshop,
        "briefing": state,
        "can_next": can_next,
        "next_slide": by_pk.get(next_target.pk) if next_target else None,
        "can_prev": can_prev,
        "prev_slide": by_pk.get(prev_target.pk) if prev_target else None,
        "current_key": str(current_id) if current_id else OVERVIEW,
    }


def finding_cards(workshop) -> dict:
    """Revealed findings, as reference cards in the team workspace."""
    state = briefing(workshop)
    return {
        "workshop": workshop,
        "finding_cards": state.revealed,
        "finding_count": state.count,
    }
