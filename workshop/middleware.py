"""A database that is down or restarting answers 503 with a short message, not a 500.

Every write runs in a transaction, so a request cut off by the database is rolled
back whole; what the person sees is "try again in a moment" (a page, or for htmx a
503 that static/js/live.js shows beside the field), never a traceback. Once the
database is back the next request succeeds: connections are opened per request.
"""

import logging
import sys
import threading

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
# The header live.js looks for to tell "database down" from other server errors.
UNAVAILABLE_HEADER = "X-Unavailable"


def _remember_database_error(sender, request=None, **kwargs):
    """Django turns an exception into a 500 wherever it is raised (a view, or a
    middleware such as the session's); this marks the request whose cause was the
    database, so the middleware below can answer 503 instead."""
    if request is not None and isinstance(sys.exception(), DATABASE_DOWN):
        request.database_down = True


got_request_exception.connect(_remember_database_error, dispatch_uid="workshop-database-down")


def database_unavailable(request) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(
            _("The server's database restarted. Please try again in a moment."),
            content_type="text/plain; charset=utf-8",
            status=503,
        )
    else:
        try:
            response = render(request, "503.html", {"retry": request.method == "GET"}, status=503)
        except Exception:  # the page itself must not need the database; never fail here
            response = HttpResponse(
                _("The server's database restarted. Please try again in a moment."),
                content_type="text/plain; charset=utf-8",
                status=503,
            )
    response[UNAVAILABLE_HEADER] = "database"
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Place before SessionMiddleware, so a session that cannot be saved is covered too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "database_down", False):
            return database_unavailable(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            logger.warning(
                "%s %s: the database is unreachable (%s: %s); answered 503.",
                request.method,
                request.path,
                type(exception).__name__,
                exception,
            )
            return database_unavailable(request)
        return None


class ConcurrencyLimitMiddleware:
    """At most settings.WEB_MAX_CONCURRENT_WRITES POSTs run at once in this process; the
    others wait their turn in line (blocked, not holding the GIL).

    Under ASGI each request gets a thread of its own. A burst of twenty autosaves would
    otherwise share one core twenty ways and all finish late; in line, the first finish
    at once (measured by benchmarks/room_load.py: p95 save 257 -> 174 ms). Page loads and
    downloads (GET) are not limited, so a slow PDF never holds up the room's saves.
    0 turns it off."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        limit = settings.WEB_MAX_CONCURRENT_WRITES
        self.slots = threading.BoundedSemaphore(limit) if limit > 0 else None

    def __call__(self, request):
        if self.slots is None or request.method != "POST":
            return self.get_response(request)
        with self.slots:
            return self.get_response(request)
