"""Safe collaborative editing, reused by every part of the workshop.

An editable item is a model with an integer `version` and django-simple-history
`history`. A writer sends the version they started from. The save goes through
unless somebody *else* changed the same field since that version to something
other than what this writer sends; then `EditConflict` carries both texts so the
writer can decide. Nothing is silently overwritten, and every save is kept in
history with who made it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone


@dataclass
class EditConflict(Exception):
    field: str
    mine: Any
    theirs: Any
    current_version: int
    changed_by: str
    changed_at: Any


class EditingLocked(Exception):
    """The facilitator has locked editing for the current phase."""


@dataclass
class Author:
    participant: Any = None  # teams.Participant
    user: Any = None  # auth user (facilitator)

    def same_as(self, record) -> bool:
        if self.participant is not None:
            return record.history_participant_id == self.participant.pk
        if self.user is not None:
            return record.history_user_id == self.user.pk and not record.history_participant_id
        return False


def _stamp(instance: models.Model, author: Author) -> None:
    instance._history_participant = author.participant
    instance._history_user = author.user


def save_field(
    instance: models.Model, field_name: str, value: Any, base_version: int, author: Author
) -> models.Model:
    """Save one field of a versioned item from `base_version`; returns the saved row."""
    model = type(instance)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=instance.pk)
        theirs = getattr(current, field_name)
        if base_version != current.version and theirs != value:
            base = current.history.filter(version=base_version).order_by("-history_id").first()
            other_change = None
            if base is None:  # a version we never issued: let the writer compare
                other_change = current.history.order_by("-history_id").first()
            else:
                previous = getattr(base, field_name)
                later = current.history.filter(version__gt=base_version).order_by("history_id")
                for record in later:
                    value_then = getattr(record, field_name)
                    if value_then != previous and not author.same_as(record):
                        other_change = record
                    previous = value_then
            if other_change is not None or base is None:
                raise EditConflict(
                    field=field_name,
                    mine=value,
                    theirs=theirs,
                    current_version=current.version,
                    changed_by=other_change.author_name if other_change else "",
                    changed_at=other_change.history_date if other_change else timezone.now(),
                )
        if theirs == value:
            keep_loaded_relations(instance, current)
            return current
        setattr(current, field_name, value)
        current.version = current.version + 1
        _stamp(current, author)
        current.save()
    keep_loaded_relations(instance, current)
    return current


def keep_loaded_relations(instance: models.Model, current: models.Model) -> None:
    """The rows `instance` had loaded (its company, team, workshop, phase) stay loaded on
    the fresh `current`: one field changed, none of its relations, and the answer drawn
    from `current` would otherwise fetch each of them again, one query at a time."""
    for name, related in instance._state.fields_cache.items():
        current._state.fields_cache.setdefault(name, related)


def restore_version(instance: models.Model, history_id: int, fields: list[str], author: Author):
    """Bring back `fields` as they were in one historical record, as a new version."""
    model = type(instance)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=instance.pk)
        record = current.history.get(history_id=history_id)
        for name in fields:
            setattr(current, name, getattr(record, name))
        current.version = current.version + 1
        _stamp(current, author)
        current._change_reason = f"restored version {record.version}"
        current.save()
    return current


@dataclass
class LiveField:
    """Everything the one `live/field.html` partial needs to draw an autosaving field."""

    dom_id: str
    label: str
    value: Any
    version: int
    url: str
    multiline: bool = False
    max_length: int | None = None
    readonly: bool = False
    help_text: str = ""
    error: str = ""
    status: str = ""
    conflict: EditConflict | None = None
    extra: dict = field(default_factory=dict)
