"""Answering htmx requests with the same partials the pages and pushes use."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..editing import EditConflict, EditingLocked
from ..inputs import has_nul


def new_client_id() -> str:
    """Identifies one open page, so a push can skip the screen that made the change."""
    return uuid.uuid4().hex


def fragments(request, parts: list[tuple[str, dict]], status: int = 200) -> HttpResponse:
    html = "".join(render_to_string(name, context, request=request) for name, context in parts)
    return HttpResponse(html, status=status)


def client_id_of(request) -> str:
    return request.headers.get("X-Client-Id", "")[:64]


def live_field(request, field_for, save) -> HttpResponse:
    """GET or one autosave of a LiveField (workshop/editing.py), for every editable item.

    `field_for(instance=None, **overrides)` builds the LiveField to draw;
    `save(value: str, version: int)` saves and returns the saved instance, raising
    EditConflict, EditingLocked or ValidationError. While typing, the answer carries
    only the version, error and status pieces, so the author's text is never replaced;
    a conflict or leaving conflict mode ("resolve") answers with the whole field.
    """

    def whole(field, status=200):
        return fragments(request, [("live/field.html", {"f": field})], status=status)

    def pieces(field, names=("error", "status"), status=200):
        return fragments(request, [(f"live/field.html#{n}", {"f": field}) for n in names], status)

    if request.method == "GET":
        return whole(field_for())
    if request.method != "POST":
        return fragments(request, [], status=405)
    try:
        version = int(request.POST.get("version", ""))
        if version < 1:
            raise ValueError
    except ValueError:
        error = _("This page is out of date. Reload it to keep editing.")
        return pieces(field_for(error=error), status=422)
    value = request.POST.get("value", "")
    if has_nul(value):  # PostgreSQL refuses it outright
        return pieces(field_for(error=ProhibitNullCharactersValidator.message), status=422)
    try:
        saved = save(value, version)
    except EditConflict as conflict:
        return whole(field_for(conflict=conflict), status=409)
    except EditingLocked:
        error = _(
            "Editing is locked by the facilitator right now. Your text is kept on this screen."
        )
        return pieces(field_for(error=error), status=423)
    except ValidationError as error:
        messages = (
            error.message_dict.get("value", error.messages)
            if hasattr(error, "error_dict")
            else error.messages
        )
        return pieces(field_for(error=" ".join(messages)), status=422)
    saved_at = formats.time_format(timezone.localtime(), "H:i")
    field = field_for(instance=saved, status=_("Saved at %(time)s") % {"time": saved_at})
    if request.POST.get("resolve"):
        return whole(field)
    return pieces(field, ("version", "error", "status"))
