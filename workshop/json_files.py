"""Reading uploaded JSON files (map templates, frameworks, later whole workshops).

Strict on purpose: the file must be UTF-8, one JSON object, no repeated names in an
object, no NaN or Infinity. Every refusal is a ValidationError whose message a
facilitator can act on, and values quoted in messages are cut short so a hostile
file cannot flood the page.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def show(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + '…"'


def kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("a number")
    return _("null")


def unstorable(text: str) -> str:
    """Why no database can store `text` ("" when one can): PostgreSQL refuses NUL
    characters, and a lone surrogate (possible in JSON as "\\ud800") cannot be encoded."""
    if "\x00" in text:
        return _("contains a NUL character (\\u0000), which cannot be stored.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("contains a broken character (a lone \\ud800-style escape).")
    return ""


class _RepeatedName(ValueError):
    pass


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict:
    """JSON lets an object repeat a name and keeps the last; our files must not."""
    seen = {}
    for name, value in pairs:
        if name in seen:
            raise _RepeatedName(name)
        seen[name] = value
    return seen


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


def read_object(raw: bytes, *, max_bytes: int, too_big: str, what: str) -> dict:
    """The JSON object in `raw`. `too_big` is the message for a file over `max_bytes`;
    `what` names the kind of file ("A map template") in the message for a non-object."""
    if len(raw) > max_bytes:
        raise ValidationError(too_big)
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from Windows editors is fine
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _(
                "The file is not UTF-8 text (byte %(pos)d cannot be read). Save it as UTF-8 "
                "and try again."
            )
            % {"pos": exc.start}
        ) from exc
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    try:
        data = json.loads(
            text, object_pairs_hook=_object_without_repeats, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("The file is not valid JSON: %(msg)s at line %(line)d, column %(col)d.")
            % {"msg": exc.msg, "line": exc.lineno, "col": exc.colno}
        ) from exc
    except _RepeatedName as exc:
        raise ValidationError(
            _("The file repeats the name %(name)s inside one object.") % {"name": show(str(exc))}
        ) from exc
    except (ValueError, RecursionError) as exc:  # NaN, huge numbers, absurd nesting
        raise ValidationError(_("The file is not JSON that this app can read.")) from exc
    if not isinstance(data, dict):
        raise ValidationError(
            _("%(what)s is one JSON object {…}; this file holds %(kind)s.")
            % {"what": what, "kind": kind_of(data)}
        )
    return data
