"""Writes of the facilitator's framework page: the framework's name and sources, its
dimensions and the services catalogue.

Each function saves inside one transaction and announces the change after the commit
(`framework.framework_changed`), so team screens only ever show what is stored.
Uniqueness is checked by the forms for a message beside the field; the database
constraints catch what two tabs do at the same moment.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from workshop import ordering

from .framework import (
    MAX_DIMENSIONS,
    MAX_SERVICES,
    describe_dimension_use,
    dimension_uses,
    framework_changed,
)
from .models import Dimension, Framework, Service

DIMENSION_FIELDS = (
    "key",
    "name",
    "short_name",
    "description",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "level_5",
)


def _locked_framework(workshop) -> Framework | None:
    """The workshop's framework, locked: writes to one framework run one at a time."""
    return Framework.objects.select_for_update().filter(workshop=workshop).first()


def _unique_clash(what: str) -> ValidationError:
    field, message = {
        "key": ("key", _("Another dimension already uses this key.")),
        "dimension": ("name", _("Another dimension already has this name.")),
        "service": ("name", _("The catalogue already has a service with this name.")),
    }[what]
    return ValidationError({field: message})


# --- the framework ---------------------------------------------------------------------


@transaction.atomic
def update_framework(workshop, *, name: str, sources: str) -> Framework:
    framework = _locked_framework(workshop)
    if framework is None:
        framework = Framework.objects.create(workshop=workshop, name=name, sources=sources)
    else:
        framework.name, framework.sources = name, sources
        framework.save(update_fields=["name", "sources"])
    framework_changed(workshop.pk)
    return framework


# --- dimensions -------------------------------------------------------------------------


@transaction.atomic
def add_dimension(workshop, **fields) -> Dimension:
    """A new dimension at the end. Baselines get a row for it when they are next opened."""
    framework = _locked_framework(workshop)
    if framework is None:
        raise ValidationError(_("Import a framework or load the default one first."))
    if framework.dimensions.count() >= MAX_DIMENSIONS:
        raise ValidationError(
            _("A framework has at most %(max)d dimensions.") % {"max": MAX_DIMENSIONS}
        )
    last = framework.dimensions.aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            dimension = Dimension.objects.create(
                framework=framework,
                position=0 if last is None else last + 1,
                **{name: fields[name] for name in DIMENSION_FIELDS},
            )
    except IntegrityError as exc:
        raise _clash_of(framework, fields) from exc
    framework_changed(workshop.pk)
    return dimension


def _clash_of(framework: Framework, fields: dict, exclude_pk: int | None = None):
    others = framework.dimensions.exclude(pk=exclude_pk)
    if others.filter(key=fields["key"]).exists():
        return _unique_clash("key")
    return _unique_clash("dimension")


@transaction.atomic
def update_dimension(dimension: Dimension, **fields) -> Dimension:
    """Edits in place: the dimension keeps its id, so levels chosen for it stay."""
    framework = _locked_framework(dimension.framework.workshop)
    dimension = Dimension.objects.get(pk=dimension.pk)
    for name in DIMENSION_FIELDS:
        setattr(dimension, name, fields[name])
    try:
        with transaction.atomic():
            dimension.save(update_fields=list(DIMENSION_FIELDS))
    except IntegrityError as exc:
        raise _clash_of(framework, fields, exclude_pk=dimension.pk) from exc
    framework_changed(framework.workshop_id)
    return dimension


@transaction.atomic
def move_dimension(dimension: Dimension, offset: int) -> None:
    framework = _locked_framework(dimension.framework.workshop)
    ordering.move(list(framework.dimensions.select_for_update()), dimension, offset)
    framework_changed(framework.workshop_id)


@transaction.atomic
def delete_dimension(dimension: Dimension) -> None:
    """Refused while any baseline or vision has a level (or evidence) for it: that work
    would go with it. Reference values for the dimension go with it."""
    framework = _locked_framework(dimension.framework.workshop)
    use = dimension_uses(framework).get(dimension.pk)
    if use:
        raise ValidationError(
            _("“%(name)s” cannot be deleted: teams have %(use)s for it.")
            % {"name": dimension.name, "use": describe_dimension_use(use)}
        )
    if framework.dimensions.count() <= 1:
        raise ValidationError(_("A framework keeps at least one dimension."))
    Dimension.objects.filter(pk=dimension.pk).delete()
    ordering.renumber(list(framework.dimensions.all()))
    framework_changed(framework.workshop_id)


# --- services ---------------------------------------------------------------------------


@transaction.atomic
def add_service(workshop, *, name: str, description: str) -> Service:
    _locked_framework(workshop)
    services = Service.objects.filter(workshop=workshop)
    if services.count() >= MAX_SERVICES:
        raise ValidationError(
            _("The catalogue holds at most %(max)d services.") % {"max": MAX_SERVICES}
        )
    last = services.aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            service = Service.objects.create(
                workshop=workshop,
                name=name,
                description=description,
                position=0 if last is None else last + 1,
            )
    except IntegrityError as exc:
        raise _unique_clash("service") from exc
    framework_changed(workshop.pk)
    return service


@transaction.atomic
def update_service(service: Service, *, name: str, description: str) -> Service:
    _locked_framework(service.workshop)
    service = Service.objects.get(pk=service.pk)
    service.name, service.description = name, description
    try:
        with transaction.atomic():
            service.save(update_fields=["name", "description"])
    except IntegrityError as exc:
        raise _unique_clash("service") from exc
    framework_changed(service.workshop_id)
    return service


@transaction.atomic
def move_service(service: Service, offset: int) -> None:
    _locked_framework(service.workshop)
    services = list(Service.objects.select_for_update().filter(workshop_id=service.workshop_id))
    ordering.move(services, service, offset)
    framework_changed(service.workshop_id)


@transaction.atomic
def delete_service(service: Service) -> None:
    """Also unticks it in every baseline and vision; the page asks first, saying how many."""
    _locked_framework(service.workshop)
    Service.objects.filter(pk=service.pk).delete()
    ordering.renumber(list(Service.objects.filter(workshop_id=service.workshop_id)))
    framework_changed(service.workshop_id)
