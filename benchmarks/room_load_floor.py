"""The framework floor for benchmarks/room_load.py: the same traffic, nothing else.

    uvicorn benchmarks.room_load_floor:application --workers 2 …   (room_load.py starts it)

A minimal ASGI app on the same stack as the workshop (uvicorn workers, Channels,
the channels-redis layer configured by workshop/settings.py from the same
environment). Its sockets have the app's URLs and join the same groups; an
autosave POST to the app's edit URL sends the messages the app would send for that
edit — same groups, same order, same sizes per language, the typed text (with the
benchmark's marker) inside — and answers with a body of the app's size. No
database, no sessions, no templates: what is left is the framework's cost.

The room and the message shapes come from a JSON file named by ROOM_LOAD_FLOOR_PLAN,
written by room_load.py from the app's own renders:

    {"rows": {"<kind>/<row id>": [company id, team id]},
     "pushes": {"<kind>/<field>": [{"group": "company"|"team"|"projector"|"console",
                                   "exclude": bool, "extra": {"en": chars, "sv": chars}}]},
     "response": {"<kind>/<field>": chars}}
"""

import json
import os
import re
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")

import django  # noqa: E402

django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils.html import escape  # noqa: E402

PLAN = json.loads(Path(os.environ["ROOM_LOAD_FLOOR_PLAN"]).read_text())
EDIT = re.compile(
    r"^/w/(?P<pk>\d+)/teams/(?P<team>\d+)/edit/(?P<kind>[\w-]+)/(?P<row>\d+)/(?P<field>[\w-]+)/$"
)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _language(scope) -> str:
    cookies = SimpleCookie()
    for name, value in scope.get("headers") or []:
        if name == b"cookie":
            cookies.load(value.decode("latin1"))
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen.value if chosen and chosen.value in LANGUAGES else settings.LANGUAGE_CODE


class FloorConsumer(AsyncWebsocketConsumer):
    """Joins the groups the app's consumer for this URL joins; passes pushes on."""

    def __init__(self, *args, role: str = "company", **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role

    async def connect(self):
        kwargs = self.scope["url_route"]["kwargs"]
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.client_id = (query.get("client") or [""])[0][:64]
        self.language = _language(self.scope)
        workshop_id = kwargs["pk"]
        groups = [f"workshop-{workshop_id}"]
        if self.role == "company":
            groups.append(f"company-{kwargs['company_id']}")
        else:
            groups.append(f"{self.role}-{workshop_id}")
        self.joined = []
        await self.accept()
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.joined.append(group)
        await self.send(text_data='<p id="live-status" data-synced></p>')

    async def disconnect(self, code):
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        """Screens only listen."""

    async def push_html(self, event):  # as workshop.consumers.LiveConsumer.push_html
        if event.get("exclude_client") and event["exclude_client"] == self.client_id:
            return
        html = event["html"]
        await self.send(text_data=html.get(self.language) or next(iter(html.values()), ""))


async def _answer(send, status: int, body: bytes) -> None:
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", b"%d" % len(body)),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _padded(text: str, extra: int) -> str:
    """`text` and filler: as long as the app's fragment holding the same text."""
    return f"<div>{text}</div>" + (
        "<i hidden>" + "x" * max(0, extra - 25) + "</i>" if extra > 0 else ""
    )


async def http_app(scope, receive, send):
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    if scope["path"] == "/healthz":
        return await _answer(send, 200, b'{"status": "ok"}')
    match = EDIT.match(scope["path"])
    if scope["method"] != "POST" or match is None:
        return await _answer(send, 404, b"")
    kind, field = match["kind"], match["field"]
    rows = PLAN["rows"].get(f"{kind}/{match['row']}")
    shapes = PLAN["pushes"].get(f"{kind}/{field}")
    if rows is None or shapes is None:
        return await _answer(send, 404, b"")
    company_id, team_id = rows
    form = parse_qs(body.decode())
    value = escape((form.get("value") or [""])[0])
    version = int((form.get("version") or ["0"])[0] or 0)
    headers = dict(scope.get("headers") or [])
    client = headers.get(b"x-client-id", b"").decode("latin1")[:64]
    targets = {
        "company": f"company-{company_id}",
        "team": f"team-{team_id}",
        "projector": f"projector-{match['pk']}",
        "console": f"console-{match['pk']}",
        "workshop": f"workshop-{match['pk']}",
    }
    layer = get_channel_layer()
    for shape in shapes:
        html = {code: _padded(value, extra) for code, extra in shape["extra"].items()}
        await layer.group_send(
            targets[shape["group"]],
            {
                "type": "push.html",
                "html": html,
                "exclude_client": client if shape["exclude"] else "",
            },
        )
    answer = (
        f'<input type="hidden" name="version" id="version-{kind}-{match["row"]}-{field}" '
        f'value="{version + 1}" hx-swap-oob="true">'
    )
    size = PLAN["response"].get(f"{kind}/{field}", 0)
    return await _answer(send, 200, (answer + " " * max(0, size - len(answer))).encode())


application = ProtocolTypeRouter(
    {
        "http": http_app,
        "websocket": URLRouter(
            [
                path(
                    "ws/w/<int:pk>/teams/<int:team_id>/companies/<int:company_id>/",
                    FloorConsumer.as_asgi(role="company"),
                ),
                path("ws/workshops/<int:pk>/projector/", FloorConsumer.as_asgi(role="projector")),
                path("ws/workshops/<int:pk>/console/", FloorConsumer.as_asgi(role="console")),
            ]
        ),
    }
)
