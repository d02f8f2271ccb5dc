"""Whole-workshop export and import: one JSON file (format "pmo-workshop", version 1)
for backups, templates and moving a workshop to another installation.

docs/workshop-format.md describes the file. `export_workshop` writes it (`dumps` gives
the text); `read_upload` / `parse` read a file under the size cap; `import_workshop`
checks the whole file first (checks.py), then writes a new workshop in one
transaction (importer.py): a refused file leaves nothing behind.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..json_files import read_object
from ..models import Workshop
from .checks import check
from .export import dumps, export_workshop
from .importer import import_plan
from .schema import EXPORTED_MODELS, FORMAT, NOT_EXPORTED, PRIVATE_MODULES, VERSION

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SHOWN_MESSAGES = 20

__all__ = [
    "EXPORTED_MODELS",
    "FORMAT",
    "NOT_EXPORTED",
    "PRIVATE_MODULES",
    "VERSION",
    "dumps",
    "export_workshop",
    "file_name",
    "import_workshop",
    "max_bytes",
    "parse",
    "read_upload",
    "shown",
]


def max_bytes() -> int:
    """The largest file an import reads (setting WORKSHOP_IMPORT_MAX_BYTES)."""
    return int(getattr(settings, "WORKSHOP_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _too_big() -> str:
    return _("The file is larger than %(max)s, the limit for a workshop file.") % {
        "max": filesizeformat(max_bytes())
    }


def parse(raw: bytes) -> dict:
    """The JSON object in `raw` (read at most max_bytes() + 1 bytes of a file)."""
    return read_object(raw, max_bytes=max_bytes(), too_big=_too_big(), what=_("A workshop file"))


def read_upload(upload) -> dict:
    """An uploaded file's JSON object; an oversized upload is refused by its size,
    before any of it is read."""
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(_too_big())
    return parse(upload.read(max_bytes() + 1))


def import_workshop(
    data: dict, *, user=None, title: str = "", date: datetime.date | None = None
) -> Workshop:
    """A new workshop from a file's content, all or nothing; raises ValidationError
    with every problem found, each naming its place in the file."""
    return import_plan(check(data), user=user, title=title, date=date)


def file_name(workshop: Workshop, *, template: bool = False) -> str:
    slug = slugify(workshop.title)[:60].strip("-") or "workshop"
    if template:
        return f"workshop-template-{slug}.json"
    return f"workshop-{slug}-{workshop.date.isoformat()}.json"


def shown(messages: list[str], limit: int = SHOWN_MESSAGES) -> list[str]:
    """At most `limit` messages, then how many more there are."""
    if len(messages) <= limit:
        return list(messages)
    rest = len(messages) - limit
    return [
        *messages[:limit],
        ngettext("… and %(n)d more problem.", "… and %(n)d more problems.", rest) % {"n": rest},
    ]
