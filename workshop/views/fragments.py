"""Answering htmx requests with the same partials the pages and pushes use."""

import uuid

from django.http import HttpResponse
from django.template.loader import render_to_string


def new_client_id() -> str:
    """Identifies one open page, so a push can skip the screen that made the change."""
    return uuid.uuid4().hex


def fragments(request, parts: list[tuple[str, dict]], status: int = 200) -> HttpResponse:
    html = "".join(render_to_string(name, context, request=request) for name, context in parts)
    return HttpResponse(html, status=status)


def client_id_of(request) -> str:
    return request.headers.get("X-Client-Id", "")[:64]
