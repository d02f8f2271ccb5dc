from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings


def origin_allowed(origin: str, host: str) -> bool:
    """A socket must come from a page of this site: its Origin names the host it
    connects to, or an origin listed in CSRF_TRUSTED_ORIGINS (e.g. behind a proxy)."""
    if not origin or origin == "null":
        return False
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    if host and parts.netloc.lower() == host.lower():
        return True
    return origin.rstrip("/") in {o.rstrip("/") for o in settings.CSRF_TRUSTED_ORIGINS}


class SameOriginValidator:
    """Refuses cross-site WebSocket handshakes (the socket equivalent of CSRF)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            headers = dict(scope.get("headers") or [])
            origin = headers.get(b"origin", b"").decode("latin1")
            host = headers.get(b"host", b"").decode("latin1")
            if not origin_allowed(origin, host):
                return await WebsocketDenier()(scope, receive, send)
        return await self.app(scope, receive, send)
