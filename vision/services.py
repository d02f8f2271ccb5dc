"""Writes for company visions (Part 2c) and the projector's vision gallery.

Field edits go through `teams.editables.save`; this module makes sure a vision
exists with one target per dimension, ticks services and findings, and moves
the gallery's spotlight.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teams.companies import check_open, ensure_per_dimension
from teams.models import Company, Service
from workshop.editing import Author
from workshop.live import push_on_commit

from . import broadcasts
from .models import Finding, Showcase, Target, Vision


@transaction.atomic
def ensure_vision(company: Company) -> Vision:
    """The company's vision, created on first visit, with a target row per dimension."""
    vision, _created = Vision.objects.get_or_create(
        company=company, defaults={"target_year": company.team.workshop.horizon_year}
    )
    ensure_per_dimension(
        vision.targets,
        company.team.workshop_id,
        lambda pk: Target(vision=vision, dimension_id=pk),
    )
    return vision


@transaction.atomic
def set_service(vision: Vision, service_id: int, on: bool, author: Author, client: str = ""):
    """Tick or untick a target service (ticks commute: no version check needed)."""
    workshop_id = vision.company.team.workshop_id
    check_open(workshop_id, author)
    service = Service.objects.filter(pk=service_id, workshop_id=workshop_id).first()
    if service is None:
        raise ValidationError(_("That service is not in this workshop’s catalogue."))
    (vision.services.add if on else vision.services.remove)(service)
    push_on_commit(partial(broadcasts.vision_services, vision.pk, client or None))


@transaction.atomic
def set_finding(vision: Vision, finding_id: int, on: bool, author: Author, client: str = ""):
    """Say the vision answers (or no longer answers) a revealed Vision 2030 finding."""
    workshop_id = vision.company.team.workshop_id
    check_open(workshop_id, author)
    finding = Finding.objects.filter(
        pk=finding_id, workshop_id=workshop_id, revealed_at__isnull=False
    ).first()
    if finding is None:
        raise ValidationError(_("That finding has not been presented in this workshop."))
    (vision.findings.add if on else vision.findings.remove)(finding)
    push_on_commit(partial(broadcasts.vision_findings, vision.pk, client or None))
    push_on_commit(partial(broadcasts.gallery, workshop_id))


@transaction.atomic
def spotlight(workshop, vision: Vision | None) -> Showcase:
    """Put one company's vision on the projector (None: back to the whole gallery)."""
    if vision is not None and vision.company.team.workshop_id != workshop.pk:
        raise ValidationError(_("That vision is not part of this workshop."))
    showcase, _created = Showcase.objects.select_for_update().get_or_create(workshop=workshop)
    showcase.spotlight = vision
    showcase.save(update_fields=["spotlight"])
    push_on_commit(partial(broadcasts.gallery, workshop.pk))
    return showcase


def step_spotlight(workshop, direction: int) -> Showcase:
    """Next (+1) or previous (-1) written vision in gallery order, for clickers and keys."""
    from .selectors import written_visions

    visions = written_visions(workshop)
    if not visions:
        return spotlight(workshop, None)
    showcase = Showcase.objects.filter(workshop=workshop).first()
    current = showcase.spotlight_id if showcase else None
    ids = [v.pk for v in visions]
    if current not in ids:
        index = 0 if direction > 0 else len(ids) - 1
    else:
        index = max(0, min(len(ids) - 1, ids.index(current) + direction))
    return spotlight(workshop, visions[index])
