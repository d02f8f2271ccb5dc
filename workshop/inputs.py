"""What browsers send that the database or `int()` would refuse, checked once here.

- `str.isdigit()` is true for "¹" and "²", which `int()` refuses: a check with it lets a
  superscript through to a 500. `whole_number` accepts ASCII digits only.
- PostgreSQL refuses a NUL character in text (SQLite stores it): a text that views read
  without a Django form field goes through `refuse_nul` first.
"""

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator


def is_whole_number(raw) -> bool:
    text = str(raw or "")
    return text.isascii() and text.isdigit()


def whole_number(raw) -> int | None:
    """`raw` as an int when it is only ASCII digits; otherwise None."""
    return int(raw) if is_whole_number(raw) else None


def has_nul(raw) -> bool:
    return "\x00" in (raw or "")


def refuse_nul(raw, field: str) -> None:
    """A ValidationError for `field` when `raw` holds a NUL character."""
    if has_nul(raw):
        raise ValidationError({field: ProhibitNullCharactersValidator.message})
