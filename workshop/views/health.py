import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .. import live

logger = logging.getLogger(__name__)


async def _layer_round_trip() -> None:
    layer = get_channel_layer()
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz", "token": token})
    message = await layer.receive(channel)
    if message.get("token") != token:
        raise RuntimeError("channel layer returned another message")


async def _layer_answers() -> bool:
    return await live.call_layer(_layer_round_trip())


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means the database cannot serve requests
        logger.warning(
            "Health check: the database does not answer (%s: %s).", type(exc).__name__, exc
        )
        return False
    return True


@never_cache
def healthz(request):
    """For load balancers, and for pages whose live socket closed (static/js/live.js).

    503 when the database does not answer: this process cannot serve anyone. A channel
    layer that does not answer (Redis stopped) is "live": "down" with a 200: edits still
    save and only live updates pause, in every process alike, so taking this one out of
    the load balancer would turn a pause into an outage.
    """
    checks = {
        "database": "ok" if _database_answers() else "down",
        "live": "ok" if async_to_sync(_layer_answers)() else "down",
    }
    if checks["database"] != "ok":
        status = "error"
    else:
        status = "ok" if checks["live"] == "ok" else "degraded"
    return JsonResponse({"status": status, **checks}, status=503 if status == "error" else 200)
