"""What changes to company visions push, to whom (through push_on_commit)."""

from collections.abc import Iterator

from workshop import live
from workshop.models import Workshop

from . import selectors
from .models import Vision

Push = Iterator[tuple[str, str, str | None]]


def _vision(vision_id: int) -> Vision | None:
    """The vision with what its pieces draw, read once for all languages."""
    return live.read_once(("vision", vision_id), lambda: _fresh_vision(vision_id))


def _fresh_vision(vision_id: int) -> Vision | None:
    if not Vision.objects.filter(pk=vision_id).exists():
        return None
    return selectors.fresh_vision(vision_id)


def jump(vision_id: int) -> Push:
    """Today → target per dimension, and the radar of both."""
    vision = _vision(vision_id)
    if vision is None:
        return
    context = selectors.jump(vision)
    yield (
        live.company_group(vision.company_id),
        live.render_fragment("vision/company_vision.html#vision-jump-summary", context),
        None,
    )


def vision_services(vision_id: int, exclude_client: str | None = None) -> Push:
    vision = _vision(vision_id)
    if vision is None:
        return
    yield (
        live.company_group(vision.company_id),
        live.render_fragment(
            "vision/company_vision.html#vision-services", selectors.vision_services(vision)
        ),
        exclude_client,
    )


def vision_findings(vision_id: int, exclude_client: str | None = None) -> Push:
    vision = _vision(vision_id)
    if vision is None:
        return
    yield (
        live.company_group(vision.company_id),
        live.render_fragment(
            "vision/company_vision.html#vision-findings", selectors.vision_findings(vision)
        ),
        exclude_client,
    )


def findings_revealed(workshop_id: int) -> Push:
    """A finding was revealed: every open vision page can now tag it."""
    for vision in Vision.objects.filter(
        company__team__workshop_id=workshop_id, company__removed_at__isnull=True
    ):
        yield from vision_findings(vision.pk)


@live.coalesced
def gallery(workshop_id: int) -> Push:
    """The projector's vision gallery and the facilitator's gallery page."""
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return
    context = selectors.gallery(workshop)
    yield (
        live.projector_group(workshop_id),
        live.render_fragment("vision/gallery_stage.html#vision-gallery", context),
        None,
    )
    yield (
        live.page_group("gallery", workshop_id),
        live.render_fragment("vision/gallery.html#gallery-controls", context),
        None,
    )


def today_changed(company_id: int, *, dimension_id: int | None = None, field: str = "") -> Push:
    """The primary baseline changed: the vision page marks "today" on its ladders and
    compares today with the target, so those parts follow."""
    from teams.editables import piece

    vision_id = live.read_once(
        ("company_vision", company_id),
        lambda: Vision.objects.filter(company_id=company_id).values_list("pk", flat=True).first(),
    )
    vision = None if vision_id is None else _vision(vision_id)
    if vision is None:
        return
    group = live.company_group(company_id)
    if dimension_id is not None:
        target = next((t for t in vision.targets.all() if t.dimension_id == dimension_id), None)
        if target is not None:
            yield group, live.render_fragment(*piece("target", target, "level")), None
        yield from jump(vision.pk)
    if field:
        yield group, live.render_fragment(*piece("vision", vision, field)), None
