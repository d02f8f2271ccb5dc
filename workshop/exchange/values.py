"""One column's value in the workshop file, both ways, checked by the model's own rules.

Export and import read the type, length, choices and validators from the model field,
so the file can never hold what the database would refuse (PostgreSQL enforces
varchar lengths, SQLite does not) and a new column limit reaches the file at once.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext as _

from strategy.models import QUARTER_MAX, QUARTER_MIN
from workshop.json_files import kind_of, show, unstorable

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
QUARTER_PATTERN = re.compile(r"^(\d{4})-Q([1-4])\Z")
QUARTER_YEARS = (QUARTER_MIN // 4, QUARTER_MAX // 4)


class Invalid(Exception):
    """A value the file cannot hold; the message is for a facilitator."""


def to_json(model: type[models.Model], name: str, value: Any) -> Any:
    """The stored value as it is written in the file."""
    if value is None:
        return None
    field = model._meta.get_field(name)
    if isinstance(field, models.DateTimeField):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(field, models.DateField):
        return value.isoformat()
    if isinstance(field, models.DecimalField):
        # Quantised: SQLite and PostgreSQL then write the same text ("20.00").
        return str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))
    return value


def safe_text(value: str) -> str:
    """Text every database stores (see json_files.unstorable)."""
    problem = unstorable(value)
    if problem:
        raise Invalid(problem)
    return value


def from_json(model: type[models.Model], name: str, value: Any) -> Any:
    """The value to store for `model.name`; raises Invalid saying what is wrong."""
    field = model._meta.get_field(name)
    if value is None:
        if field.null:
            return None
        raise Invalid(_("must not be null."))
    if isinstance(field, models.BooleanField):
        if not isinstance(value, bool):
            raise Invalid(_("must be true or false, not %(kind)s.") % {"kind": kind_of(value)})
    elif isinstance(field, models.CharField | models.TextField):
        value = _text(field, value)
    elif isinstance(field, models.IntegerField):
        if not isinstance(value, int) or isinstance(value, bool):
            raise Invalid(_("must be a whole number, not %(kind)s.") % {"kind": kind_of(value)})
    elif isinstance(field, models.DecimalField):
        value = _decimal(value)
    elif isinstance(field, models.DateTimeField):
        value = parse_datetime(value)
    elif isinstance(field, models.DateField):
        value = _date(value)
    else:  # pragma: no cover - a column type this module does not know yet
        raise TypeError(f"{model.__name__}.{name}: no JSON conversion for {type(field).__name__}")
    blank_choice = value == "" and field.blank
    if field.choices and not blank_choice and value not in {c for c, _label in field.flatchoices}:
        raise Invalid(
            _("%(value)s is not one of %(choices)s.")
            % {
                "value": show(value),
                "choices": ", ".join(show(c) for c, _label in field.flatchoices),
            }
        )
    for validator in field.validators:
        if isinstance(validator, MaxLengthValidator):
            continue  # checked above, with a clearer message
        try:
            validator(value)
        except ValidationError as exc:
            raise Invalid(" ".join(str(m) for m in exc.messages)) from None
    return value


def _text(field, value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(_("must be text, not %(kind)s.") % {"kind": kind_of(value)})
    safe_text(value)
    if not value and not field.blank:
        raise Invalid(_("is empty."))
    if field.max_length is not None and len(value) > field.max_length:
        raise Invalid(
            _("has %(n)d characters; at most %(max)d fit.")
            % {"n": len(value), "max": field.max_length}
        )
    return value


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid(_('must be a number written as text, e.g. "3.50".'))
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise Invalid(_("%(value)s is not a number.") % {"value": show(value)}) from None
    if not number.is_finite():
        raise Invalid(_("%(value)s is not a number.") % {"value": show(value)})
    return number


def parse_datetime(value: Any) -> datetime.datetime:
    if not isinstance(value, str):
        raise Invalid(
            _("must be a date and time as text, not %(kind)s.") % {"kind": kind_of(value)}
        )
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(
            _('%(value)s is not a date and time like "2026-03-14T09:30:00+00:00".')
            % {"value": show(value)}
        ) from None
    if moment.tzinfo is None:
        raise Invalid(
            _("%(value)s has no time zone; add one, e.g. +00:00.") % {"value": show(value)}
        )
    return moment


def _date(value: Any) -> datetime.date:
    if not isinstance(value, str) or not DATE_PATTERN.match(value):
        raise Invalid(
            _('must be a date like "2026-03-14", not %(value)s.') % {"value": show(value)}
        )
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Invalid(_("%(value)s is not a date.") % {"value": show(value)}) from None


def quarter_to_json(index: int | None) -> str | None:
    """A stored quarter (year * 4 + quarter - 1) as "2027-Q1"."""
    return None if index is None else f"{index // 4}-Q{index % 4 + 1}"


def quarter_from_json(model: type[models.Model], name: str, value: Any) -> int | None:
    if value is None:
        return None
    match = QUARTER_PATTERN.match(value) if isinstance(value, str) else None
    if match is None or not QUARTER_YEARS[0] <= int(match[1]) <= QUARTER_YEARS[1]:
        raise Invalid(
            _('must be a quarter from "%(first)d-Q1" to "%(last)d-Q4" or null, not %(value)s.')
            % {"first": QUARTER_YEARS[0], "last": QUARTER_YEARS[1], "value": show(value)}
        )
    return from_json(model, name, int(match[1]) * 4 + int(match[2]) - 1)
