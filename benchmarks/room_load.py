"""A full room under load: attendees autosaving, team mates and the projector following.

    .venv/bin/python benchmarks/room_load.py                      # 500 attendees, 50 teams, 60 s
    .venv/bin/python benchmarks/room_load.py --quick              # 40 attendees, 4 teams, 10 s
    .venv/bin/python benchmarks/room_load.py --one-language       # + the app with English only
    .venv/bin/python benchmarks/room_load.py --profile            # + where the workers' time goes

Needs PostgreSQL (`--database-url`, a role that may create databases) and Redis
(`--redis-url`, default database 12: tests running on the same machine empty
database 0 with FLUSHDB, which would silently wipe the channel-layer groups). It
creates a database of its own (`pmo_bench_<pid>`), migrates it, collects static
files into a temporary folder, and drops both at the end; its channel-layer and
cache keys carry a prefix of their own (`TEST_RUN_SUFFIX`) and are deleted at the
end too.

The room: one workshop in Part 2a (company baselines), `--teams` teams,
`--companies-per-team` companies each, `--attendees` attendees spread over the
teams and, inside a team, over its companies. Every attendee has a session (as
after joining) and sits on their company's baseline page, holding its WebSocket;
each owns one text field of that company — the first attendee of a company its
name, the others the evidence of one dimension each (then strengths, pain points,
sponsor, size, sector) — so team mates never write the same field and conflicts
should not happen. A facilitator holds the projector and the console sockets.

Each attendee autosaves their field every `--pace` seconds (uniform, default 3–8 s,
independent of how long the save takes; a save still running when the next is due
delays it, counted as "late"), over HTTP/1.1 keep-alive like a browser: the edit
URL `teams:edit` with `value` and `version` (the version from their last answer),
the CSRF token, `X-Client-Id` and the Origin header. Every saved text ends with a
marker (client, sequence number, send time in µs), so every screen can tell when
it first showed that edit:

  edit→team-mate   a push to another attendee's socket on the same company page
                   that contains the marker (every team mate counts: one sample each)
  edit→projector   the projector's first push containing the marker. Only company
                   *name* edits reach the projector (its Part 2a progress board
                   shows every company's name), so this leg is measured on those
                   (a 1/attendees-per-company share of all edits)
  save             the HTTP round trip of the autosave itself

Lost edits: after the run, with the server stopped, every field's value in the
database must be the last text the server acknowledged (2xx) for it, and every
acknowledged text must be in the field's history.

The floor, in the same run: benchmarks/room_load_floor.py served the same way
(uvicorn, same workers and flags, same channel layer and settings) takes the same
sockets and the same autosaves, and for each one sends the messages the app sends
for that edit — same groups, same order, same sizes, measured from the app's own
renders — with no database, sessions or templates. Its latencies are what the stack
costs; the app's are printed as ratios to them.

Server CPU is read from /proc for the uvicorn processes (and Redis and all of
PostgreSQL, which other users of this machine share); client CPU is each client
process's own. `--client-procs` spreads the clients over processes; the loop-lag
line says whether a client process fell behind (it would inflate the latencies).
Nothing is asserted: the goals are printed beside the figures. Exit status 1 when
something could not start (database, server, sockets).
"""

import argparse
import asyncio
import datetime
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]

GOAL_PROJECTOR_P95_MS = 150
GOAL_FLOOR_RATIO = 3.0
# The app's answer to an autosave, in bytes (a 500-attendee run): the floor's size when
# it runs alone (--skip-app); otherwise it is measured in the same run.
TYPICAL_ANSWER_BYTES = {"company/name": 313, "assessment/evidence": 337}

MARKER = re.compile(r"RLM-([a-z]\d+)-(\d+)-(\d+)")
VERSION = re.compile(rb'name="version" id="version-[^"]*" value="(\d+)"')
# Company fields in the order attendees take them: the first attendee of a company
# writes its name (the piece the projector shows), the others evidence, then the rest.
SLOTS = (
    [("company", "name")]
    + [("assessment", i) for i in range(8)]
    + [
        ("baseline", "strengths"),
        ("baseline", "pain_points"),
        ("baseline", "sponsor"),
        ("baseline", "size"),
        ("company", "sector"),
    ]
)
TEXT = (
    "Portföljrådet möts varannan vecka men besluten följs sällan upp. Project managers "
    "report status in three different templates, so the PMO spends Mondays merging them. "
    "Resurser planeras per projekt, inte över portföljen, och krockar syns först när "
    "leveranser glider. Benefits are named in business cases and never measured after "
    "go-live. Styrgruppen vill ha en sida, inte fyrtio. "
) * 6
UVICORN_FLAGS = [
    "--host",
    "127.0.0.1",
    "--proxy-headers",
    "--forwarded-allow-ips",
    "127.0.0.1",
    "--lifespan",
    "off",
    "--no-access-log",
    "--no-server-header",
    "--timeout-keep-alive",
    "75",
    "--timeout-graceful-shutdown",
    "10",
]  # as scripts/serve.sh passes them


def percentile(values: list[float], q: float) -> float | None:
    """Nearest rank."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(q * len(ordered)))) - 1]


# --- HTTP/1.1 keep-alive client (no async HTTP client is installed) -------------------------


class Http:
    """One keep-alive connection, requests one at a time, like one browser tab's autosaves."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method, path, headers, body=b"", timeout=30.0):
        if self.writer is None:
            self.reader, self.writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port), timeout
            )
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{name}: {value}" for name, value in headers]
        head.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        try:
            return await asyncio.wait_for(self._response(), timeout)
        except BaseException:
            self.close()
            raise

    async def _response(self):
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        fields = {}
        for line in head[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            body = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                body += (await self.reader.readexactly(size + 2))[:-2]
        else:
            body = await self.reader.read()
            fields["connection"] = "close"
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status, body


# --- one client process ------------------------------------------------------------------------


def client_main(spec: dict, conn) -> None:
    """A client process (spawned): its share of the sockets and the autosaves."""
    try:
        import uvloop

        run = uvloop.run
    except ImportError:
        run = asyncio.run
    conn.send(("done", run(_client(spec, conn))))


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


async def _client(spec: dict, conn) -> dict:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    loop = asyncio.get_running_loop()
    origin = f"http://127.0.0.1:{spec['port']}"
    out = {
        "edits": [],  # (token, field key, t_sent, t_done, status, error, value, response bytes)
        "receipts": [],  # (role, token, receiver, t_received)
        "drops": [],  # (t, receiver, close code)
        "connect_failures": [],
        "late": 0,
        "messages": 0,
        "bytes": 0,
        "lag": [],
    }
    closing = False
    sockets = {}
    gate = asyncio.Semaphore(spec["connect_concurrency"])

    async def hold(sock):
        seen = set()
        async with gate:  # a few handshakes at a time, as a room that arrives over minutes
            try:
                ws = await connect(
                    f"ws://127.0.0.1:{spec['port']}{sock['path']}",
                    origin=origin,
                    additional_headers={"Cookie": sock["cookie"]},
                    max_size=None,
                    ping_interval=None,  # browsers do not ping; uvicorn does
                    open_timeout=120,
                    close_timeout=2,
                )
            except Exception as exc:
                out["connect_failures"].append((sock["cid"], f"{type(exc).__name__}: {exc}"[:200]))
                return
        sockets[sock["cid"]] = ws
        role, me = sock["role"], sock["cid"]
        try:
            async for text in ws:
                now = time.time()
                if not isinstance(text, str):
                    continue
                out["messages"] += 1
                out["bytes"] += len(text)
                for match in MARKER.finditer(text):
                    token = match.group(0)
                    if token in seen:
                        continue
                    seen.add(token)
                    if match.group(1) != me:
                        out["receipts"].append((role, token, me, now))
        except ConnectionClosed:
            pass
        if not closing:
            out["drops"].append((time.time(), me, ws.close_code))

    holders = [asyncio.create_task(hold(sock)) for sock in spec["sockets"]]
    while len(sockets) + len(out["connect_failures"]) < len(spec["sockets"]):
        await asyncio.sleep(0.05)
    conn.send(("connected", {"open": len(sockets), "failed": len(out["connect_failures"])}))
    message = await loop.run_in_executor(None, conn.recv)
    t_start, t_measure, t_stop = message[1:4]

    async def watch():
        """Client CPU over the measured window, and how late this event loop runs."""
        await asyncio.sleep(max(0.0, t_measure - time.time()))
        cpu0 = _cpu_seconds()
        while time.time() < t_stop:
            before = time.monotonic()
            await asyncio.sleep(0.05)
            out["lag"].append(time.monotonic() - before - 0.05)
        out["cpu"] = _cpu_seconds() - cpu0

    async def attendee(a):
        http = Http("127.0.0.1", spec["port"])
        rng = random.Random(f"{spec['seed']}-{a['cid']}")
        headers = [
            ("Origin", origin),
            ("Cookie", a["cookie"]),
            ("X-CSRFToken", a["csrf"]),
            ("X-Client-Id", a["cid"]),
            ("HX-Request", "true"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ]
        version, seq = a["version"], 0
        low, high = spec["pace"]
        due = t_start + rng.uniform(0, high)
        while True:
            wait = due - time.time()
            if wait > 0:
                await asyncio.sleep(wait)
            elif wait < -1.0:
                out["late"] += 1
            sent = time.time()
            if sent >= t_stop:
                break
            seq += 1
            token = f"RLM-{a['cid']}-{seq}-{int(sent * 1e6)}"
            value = _text(a, seq, token)
            body = urlencode({"value": value, "version": version}).encode()
            status, error, size = None, "", 0
            try:
                status, answer = await http.request(
                    "POST", a["edit_path"], headers, body, spec["timeout"]
                )
                size = len(answer)
                found = VERSION.search(answer)
                if status in (200, 409) and found:
                    version = int(found.group(1))
            except Exception as exc:
                error = type(exc).__name__ or "error"
            out["edits"].append((token, a["key"], sent, time.time(), status, error, value, size))
            due += rng.uniform(low, high)
        http.close()

    watcher = asyncio.create_task(watch())
    await asyncio.gather(*(attendee(a) for a in spec["attendees"]))
    await watcher
    await asyncio.sleep(max(0.0, t_stop + spec["drain"] - time.time()))
    closing = True
    await asyncio.gather(*(ws.close() for ws in sockets.values()), return_exceptions=True)
    await asyncio.gather(*holders, return_exceptions=True)
    return out


def _text(a: dict, seq: int, token: str) -> str:
    """What the attendee's field holds after this autosave: their text so far and the marker."""
    if a["multiline"]:
        start = (seq * 37) % 200
        body = TEXT[start : start + 80 + (seq * 53) % 480].strip()
        return f"{body}\n{token}"
    return f"{a['prefix']} {token}"[: a["max_length"]]


# --- the app as served, with English only or sampled (uvicorn --factory) ---------------------


def instrumented_app():
    """The workshop's ASGI app for variant runs: ROOM_LOAD_LANGUAGES=en renders pushes in
    those languages only; ROOM_LOAD_PROFILE=<dir> samples every thread's stack."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    from django.conf import settings

    if os.environ.get("ROOM_LOAD_LANGUAGES"):
        codes = os.environ["ROOM_LOAD_LANGUAGES"].split(",")
        settings.LANGUAGES = [(c, n) for c, n in settings.LANGUAGES if c in codes]
    from workshop.asgi import application

    if os.environ.get("ROOM_LOAD_PROFILE"):
        out = Path(os.environ["ROOM_LOAD_PROFILE"]) / f"worker-{os.getpid()}.json"
        threading.Thread(target=_sample_stacks, args=(out,), daemon=True).start()
    return application


IDLE = {
    ("runners.py", "run"),
    ("thread.py", "_worker"),
    ("threading.py", "wait"),
    ("selectors.py", "select"),
    ("base_events.py", "run_forever"),
    ("base_events.py", "_run_once"),
    ("queue.py", "get"),
    ("connection.py", "_recv"),  # multiprocessing: uvicorn's worker waiting on its parent
    ("connection.py", "poll"),
}
DB_WAIT = {("waiting.py", "wait_c"), ("waiting.py", "wait"), ("connection.py", "wait")}


def _code_key(code) -> str:
    name = code.co_filename
    stdlib = f"lib/python{sys.version_info.major}.{sys.version_info.minor}/"
    for marker in ("site-packages/", str(ROOT) + "/", stdlib):
        if marker in name:
            name = name.split(marker, 1)[1]
    return f"{name}:{code.co_name}"


def _sample_stacks(out: Path, interval: float = 0.01) -> None:
    """A sampling profiler over all threads (cProfile sees one thread; Django's sync views
    run in many): every `interval`, each thread not idle adds one to its top function
    (self) and to every function on its stack (inclusive). Counts only while the marker
    file `measure-start` exists and `measure-stop` does not; rewritten every 5 s."""
    me = threading.get_ident()
    start, stop = out.parent / "measure-start", out.parent / "measure-stop"
    own, inclusive = Counter(), Counter()
    ticks = busy = db_wait = 0
    written = time.monotonic()
    while True:
        time.sleep(interval)
        if not start.exists() or stop.exists():
            continue
        ticks += 1
        for thread, frame in sys._current_frames().items():
            if thread == me:
                continue
            top = frame.f_code
            where = (Path(top.co_filename).name, top.co_name)
            if where in IDLE:
                continue
            if where in DB_WAIT and "psycopg" in top.co_filename:
                db_wait += 1
                continue
            busy += 1
            own[_code_key(top)] += 1
            stack = set()
            while frame is not None:
                stack.add(_code_key(frame.f_code))
                frame = frame.f_back
            inclusive.update(stack)
        if time.monotonic() - written > 5:
            data = {"ticks": ticks, "busy": busy, "db_wait": db_wait}
            data.update({"self": own, "inclusive": inclusive})
            out.write_text(json.dumps(data))
            written = time.monotonic()


# --- orchestration -----------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    bench = Bench(args)
    try:
        return bench.run()
    except Failure as exc:
        print(f"\nFAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        bench.cleanup()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendees", type=int, default=500)
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--companies-per-team", type=int, default=2)
    parser.add_argument("--duration", type=float, default=60, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=10, help="seconds before measuring")
    parser.add_argument("--drain", type=float, default=3, help="seconds to wait for late pushes")
    parser.add_argument("--pace", type=float, nargs=2, default=(3.0, 8.0), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--client-procs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a save fails")
    parser.add_argument("--quick", action="store_true", help="40 attendees, 4 teams, 10 s")
    parser.add_argument(
        "--one-language", action="store_true", help="also run the app rendering English only"
    )
    parser.add_argument(
        "--profile", action="store_true", help="sample the app workers' stacks (adds a little)"
    )
    parser.add_argument("--skip-floor", action="store_true")
    parser.add_argument(
        "--skip-app", action="store_true", help="the floor alone (to study the stack itself)"
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/12",
        help="a Redis database nobody else flushes (the test suite's cache.clear() empties DB 0)",
    )
    parser.add_argument("--seed", default="room-load")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (server logs)")
    args = parser.parse_args()
    if args.quick:
        args.attendees, args.teams, args.duration, args.warmup = 40, 4, 10, 3
    return args


class Failure(Exception):
    pass


class Bench:
    def __init__(self, args):
        self.args = args
        self.pid = os.getpid()
        self.scratch = Path(tempfile.mkdtemp(prefix="room-load-"))
        self.dbname = f"pmo_bench_{self.pid}"
        self.suffix = f"roomload{self.pid}"
        self.db_created = False
        self.server = None
        self.clients = []
        base = urlsplit(args.database_url)
        self.admin_url = args.database_url
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "DATABASE_URL": base._replace(path=f"/{self.dbname}").geturl(),
            "REDIS_URL": args.redis_url,
            "TEST_RUN_SUFFIX": self.suffix,  # prefixes channel-layer groups and cache keys
            "STATIC_ROOT": str(self.scratch / "static"),
            "MEDIA_ROOT": str(self.scratch / "media"),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "workshop.settings",
            "PYTHONPATH": str(ROOT),
        }

    # -- set-up ----------------------------------------------------------------------------

    def run(self) -> int:
        args = self.args
        per_team = -(-args.attendees // args.teams)
        if -(-per_team // args.companies_per_team) > len(SLOTS):
            raise Failure(
                f"{per_team} attendees a team over {args.companies_per_team} companies: more "
                f"than {len(SLOTS)} a company; add --companies-per-team"
            )
        self.started = datetime.datetime.now()
        self.load_before = os.getloadavg()
        print(f"Room load benchmark — {self.started:%Y-%m-%d %H:%M}, scratch {self.scratch}")
        self.setup_django()
        self.build_room()
        phases = []
        variant = {"ROOM_LOAD_PROFILE": str(self.scratch)} if args.profile else None
        if args.skip_app:
            self.measure_shapes(TYPICAL_ANSWER_BYTES)
        else:
            phases.append(self.run_phase("app", self.start_app, variant))
            self.measure_shapes(phases[-1]["response_bytes"])
            phases[-1]["lost"] = self.check_lost(phases[-1])
        if args.one_language and not args.skip_app:
            phases.append(
                self.run_phase("app, en only", self.start_app, {"ROOM_LOAD_LANGUAGES": "en"})
            )
            phases[-1]["lost"] = self.check_lost(phases[-1])
        if args.profile and not args.skip_app:
            self.measure_costs()
        if not args.skip_floor:
            phases.append(self.run_phase("floor", self.start_floor, None))
        self.load_after = os.getloadavg()
        self.report(phases)
        if args.profile and not args.skip_app:
            self.report_profile()
            self.report_costs()
        return 0

    def setup_django(self):
        import psycopg

        step = time.monotonic()
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.dbname}"')
        self.db_created = True
        os.environ.update({k: v for k, v in self.env.items() if k != "PYTHONPATH"})
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        print(
            f"  database {self.dbname} migrated, static files collected "
            f"({time.monotonic() - step:.0f} s)"
        )

    def build_room(self):
        from django.conf import settings
        from django.contrib.auth import (
            BACKEND_SESSION_KEY,
            HASH_SESSION_KEY,
            SESSION_KEY,
            get_user_model,
        )
        from django.contrib.sessions.backends.db import SessionStore

        from teams import companies as company_services
        from teams import services as team_services
        from teams.models import Company, Participant
        from workshop import services
        from workshop.access import remember_participant
        from workshop.editing import Author
        from workshop.models import Phase

        args = self.args
        step = time.monotonic()
        user = get_user_model().objects.create_user(
            "bench-facilitator", password=secrets.token_hex(8)
        )
        workshop = services.create_workshop(
            title="Room load benchmark", date=datetime.date.today(), created_by=user
        )
        services.go_to_phase(workshop, workshop.phases.get(kind=Phase.Kind.BASELINE))
        self.workshop_id = workshop.pk
        teams = [
            team_services.create_team(workshop, f"Team {i + 1:02d}") for i in range(args.teams)
        ]
        people = Participant.objects.bulk_create(
            Participant(
                workshop=workshop, team=teams[i % args.teams], display_name=f"Attendee {i + 1}"
            )
            for i in range(args.attendees)
        )
        by_team = defaultdict(list)
        for person in people:
            by_team[person.team_id].append(person)

        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        self.screens = [
            {
                "role": "projector",
                "cid": "p0",
                "cookie": cookie,
                "path": f"/ws/workshops/{workshop.pk}/projector/?client=p0",
            },
            {
                "role": "console",
                "cid": "k0",
                "cookie": cookie,
                "path": f"/ws/workshops/{workshop.pk}/console/?client=k0",
            },
        ]

        self.attendees = []
        self.rows = {}  # "kind/row id" → (company id, team id), for the floor
        number = 0
        for team in teams:
            members = by_team[team.pk]
            for k in range(args.companies_per_team):
                writers = members[k :: args.companies_per_team]
                if not writers:
                    continue
                company = company_services.create_company(
                    team, f"Company {team.position:02d}-{k + 1}", Author(participant=writers[0])
                )
                baseline = company.baselines.get(is_primary=True)
                assessments = list(baseline.assessments.order_by("dimension__position", "pk"))
                for slot, person in enumerate(writers):
                    kind, field = SLOTS[slot]
                    row = {"company": company, "baseline": baseline}.get(kind)
                    if kind == "assessment":
                        row, field = assessments[field], "evidence"
                    self.rows[f"{kind}/{row.pk}"] = (company.pk, team.pk)
                    csrf = secrets.token_hex(16)
                    store = SessionStore()
                    remember_participant(store, person)
                    store.save()
                    cid = f"a{number}"
                    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}; csrftoken={csrf}"
                    if number % 3 == 2:  # a third of the room reads Swedish
                        cookie += f"; {settings.LANGUAGE_COOKIE_NAME}=sv"
                    multiline = field in ("evidence", "strengths", "pain_points")
                    self.attendees.append(
                        {
                            "cid": cid,
                            "team": team.pk,
                            "company": company.pk,
                            "cookie": cookie,
                            "csrf": csrf,
                            "role": "mate",
                            "path": (
                                f"/ws/w/{workshop.pk}/teams/{team.pk}/companies/{company.pk}/"
                                f"?page=baseline&baseline={baseline.pk}&client={cid}"
                            ),
                            "edit_path": (
                                f"/w/{workshop.pk}/teams/{team.pk}/edit/{kind}/{row.pk}/{field}/"
                            ),
                            "key": f"{kind}/{row.pk}/{field}",
                            "kind": kind,
                            "row": row.pk,
                            "field": field,
                            "multiline": multiline,
                            "max_length": {"name": 120, "sector": 80, "size": 80}.get(field, 120),
                            "prefix": f"Company {team.position:02d}-{k + 1}"
                            if field == "name"
                            else field.title(),
                        }
                    )
                    number += 1
        self.companies = Company.objects.filter(team__workshop=workshop).count()
        print(
            f"  room: {len(self.attendees)} attendees, {args.teams} teams, "
            f"{self.companies} companies, projector + console ({time.monotonic() - step:.0f} s)"
        )

    # -- servers ---------------------------------------------------------------------------

    def _free_port(self) -> int:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    def _launch(self, name, command, env, port):
        with open(self.scratch / f"{name}.log", "w") as log:  # the child keeps its own copy
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.server = process
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise Failure(f"{name} server exited:\n{self._log_tail(name)}")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=5
                ) as answer:
                    if answer.status == 200:
                        return process
            except OSError:
                pass
            time.sleep(0.5)
        raise Failure(f"{name} server did not answer /healthz in 120 s:\n{self._log_tail(name)}")

    def _log_tail(self, name, lines=30) -> str:
        path = self.scratch / f"{name}.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    def start_app(self, name, port, variant):
        serve = ROOT / "scripts" / "serve.sh"
        env = dict(self.env)
        if variant is None and serve.exists():
            env.update(HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY=str(self.args.workers))
            command = ["bash", str(serve), "run"]
            self.runner = "scripts/serve.sh run"
        else:
            env.update(variant or {})
            command = [
                str(ROOT / ".venv" / "bin" / "uvicorn"),
                "benchmarks.room_load:instrumented_app",
                "--factory",
                "--port",
                str(port),
                "--workers",
                str(self.args.workers),
                *UVICORN_FLAGS,
            ]
            self.runner = "uvicorn (serve.sh's flags), " + ", ".join(
                f"{k}={v}" for k, v in (variant or {}).items()
            )
        return self._launch(name, command, env, port)

    def start_floor(self, name, port, variant):
        plan = self.scratch / "floor-plan.json"
        plan.write_text(json.dumps({"rows": self.rows, **self.shapes}))
        env = {**self.env, "ROOM_LOAD_FLOOR_PLAN": str(plan)}
        command = [
            str(ROOT / ".venv" / "bin" / "uvicorn"),
            "benchmarks.room_load_floor:application",
            "--port",
            str(port),
            "--workers",
            str(self.args.workers),
            *UVICORN_FLAGS,
        ]
        return self._launch(name, command, env, port)

    def stop_server(self):
        process, self.server = self.server, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    # -- one phase: a server, the clients, the figures --------------------------------------

    def _versions(self):
        from teams.editables import REGISTRY

        for a in self.attendees:
            a["version"] = REGISTRY[a["kind"]].model.objects.get(pk=a["row"]).version

    def run_phase(self, name, start, variant) -> dict:
        import multiprocessing

        args = self.args
        self._versions()
        for marker in ("measure-start", "measure-stop"):
            (self.scratch / marker).unlink(missing_ok=True)
        port = self._free_port()
        step = time.monotonic()
        slug = re.sub(r"\W+", "-", name)
        server = start(slug, port, variant)
        print(
            f"  [{name}] server up on :{port} ({time.monotonic() - step:.0f} s); opening sockets …"
        )
        context = multiprocessing.get_context("spawn")
        procs = max(1, min(args.client_procs, args.teams))
        shares = [{"attendees": [], "sockets": []} for _ in range(procs)]
        shares[0]["sockets"] += self.screens
        for a in self.attendees:  # a team stays in one process
            share = shares[a["team"] % procs]
            share["attendees"].append(a)
            share["sockets"].append(a)
        self.clients = []
        for i, share in enumerate(shares):
            spec = {
                **share,
                "port": port,
                "pace": tuple(args.pace),
                "seed": f"{args.seed}-{name}-{i}",
                "timeout": args.timeout,
                "drain": args.drain,
                "connect_concurrency": 8,
            }
            mine, theirs = context.Pipe()
            process = context.Process(target=client_main, args=(spec, theirs), daemon=True)
            process.start()
            self.clients.append((process, mine))
        step = time.monotonic()
        opened = failed = 0
        patience = 600 + 5 * (len(self.attendees) + len(self.screens))
        for _process, pipe in self.clients:
            if not pipe.poll(max(1.0, patience - (time.monotonic() - step))):
                raise Failure(f"[{name}] the sockets did not all open in {patience} s")
            _, counts = pipe.recv()
            opened += counts["open"]
            failed += counts["failed"]
        if opened == 0 or failed > 0.01 * (opened + failed):
            raise Failure(
                f"[{name}] {failed} of {opened + failed} sockets did not open:\n"
                + self._log_tail(slug)
            )
        connect_seconds = time.monotonic() - step
        print(
            f"  [{name}] {opened} sockets open ({connect_seconds:.0f} s); "
            f"{args.warmup:.0f} s warm-up, {args.duration:.0f} s measured …"
        )
        t_start = time.time() + 1.0
        t_measure = t_start + args.warmup
        t_stop = t_measure + args.duration
        for _, pipe in self.clients:
            pipe.send(("go", t_start, t_measure, t_stop))
        time.sleep(max(0.0, t_measure - time.time()))
        cpu0 = self.cpu_snapshot(server.pid)
        (self.scratch / "measure-start").touch()
        time.sleep(max(0.0, t_stop - time.time()))
        cpu1 = self.cpu_snapshot(server.pid)
        (self.scratch / "measure-stop").touch()
        time.sleep(6 if self.args.profile else 0)  # the sampler's last write
        results = []
        for process, pipe in self.clients:
            if not pipe.poll(args.timeout + args.drain + 120):
                raise Failure(f"[{name}] a client process did not finish")
            results.append(pipe.recv()[1])
            process.join(10)
        self.clients = []
        self.stop_server()
        log = (self.scratch / f"{slug}.log").read_text(errors="replace")
        errors_logged = len(re.findall(r"^.* ERROR |^Traceback", log, re.M))
        exceptions = Counter(
            line[:160] for line in re.findall(r"^[\w.]+(?:Error|Exception)\b.*$", log, re.M)
        )
        phase = self.summarise(name, results, t_measure, t_stop, cpu0, cpu1)
        phase.update(
            sockets=opened,
            socket_failures=failed,
            connect_seconds=connect_seconds,
            log_errors=errors_logged,
            exceptions=exceptions,
            runner=getattr(self, "runner", "uvicorn"),
        )
        if name == "floor":
            phase["runner"] = "uvicorn benchmarks.room_load_floor:application (serve.sh's flags)"
        return phase

    def summarise(self, name, results, t_measure, t_stop, cpu0, cpu1) -> dict:
        duration = t_stop - t_measure
        edits = [e for r in results for e in r["edits"]]
        sent_at = {e[0]: e[2] for e in edits}
        window = [e for e in edits if t_measure <= e[2] < t_stop]
        acked = [e for e in window if e[4] is not None and 200 <= e[4] < 300]
        in_window = {e[0] for e in window}
        by_field = defaultdict(list)
        for e in edits:
            by_field[e[1]].append(e)
        company_of = {a["key"]: a["company"] for a in self.attendees}
        mates = Counter(a["company"] for a in self.attendees)
        latency = {"mate": [], "projector": [], "console": []}
        slices = defaultdict(list)
        heard = defaultdict(set)
        for r in results:
            for role, token, receiver, t in r["receipts"]:
                if token in in_window:
                    latency[role].append((t - sent_at[token]) * 1000)
                    slices[role, int((sent_at[token] - t_measure) // 10)].append(latency[role][-1])
                    heard[token].add(role if role != "mate" else receiver)
        # An edit is expected on a screen unless the same field was saved again within 1 s
        # of its answer (the push then shows the newer text, rightly).
        missing = Counter()
        for field_edits in by_field.values():
            field_edits.sort(key=lambda e: e[2])
            for e, later in zip(field_edits, field_edits[1:] + [None], strict=True):
                if e[0] not in in_window or not (e[4] and 200 <= e[4] < 300):
                    continue
                if later is not None and later[2] < e[3] + 1.0:
                    continue
                got = heard.get(e[0], set())
                missing["mate"] += (mates[company_of[e[1]]] - 1) - len(
                    got - {"projector", "console"}
                )
                if e[1].startswith("company/") and e[1].endswith("/name"):
                    missing["projector"] += "projector" not in got
        lag = [x for r in results for x in r["lag"]]
        statuses = Counter(e[4] for e in window if e[4] is not None)
        return {
            "name": name,
            "duration": duration,
            "edits": edits,
            "sent": len(window),
            "acked": len(acked),
            "save_ms": [(e[3] - e[2]) * 1000 for e in acked],
            "latency": latency,
            "slices": slices,
            "missing": missing,
            "status_5xx": sum(n for s, n in statuses.items() if s >= 500),
            "status_409": statuses.get(409, 0),
            "status_4xx": sum(n for s, n in statuses.items() if 400 <= s < 500 and s != 409),
            "connection_errors": sum(1 for e in window if e[5]),
            "error_kinds": Counter(e[5] for e in window if e[5]),
            "drops": sum(len(r["drops"]) for r in results),
            "drop_detail": sorted(
                (round(t - t_measure, 1), who, code) for r in results for t, who, code in r["drops"]
            ),
            "late": sum(r["late"] for r in results),
            "messages": sum(r["messages"] for r in results),
            "megabytes": sum(r["bytes"] for r in results) / 1e6,
            "client_cpu": [r.get("cpu", 0.0) / duration for r in results],
            "client_lag_p99": (percentile(lag, 0.99) or 0) * 1000,
            "server_cpu": {k: (cpu1[k] - cpu0[k]) / duration for k in cpu0 if k != "per_process"},
            "server_processes": sorted(
                (cpu1["per_process"][pid] - cpu0["per_process"].get(pid, 0.0)) / duration
                for pid in cpu1["per_process"]
            ),
            "response_bytes": {
                key: sum(e[7] for e in group) / len(group)
                for key, group in _group(acked, lambda e: _shape_key(e[1])).items()
            },
        }

    # -- CPU from /proc -----------------------------------------------------------------------

    @staticmethod
    def _proc_table():
        table = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                raw = (entry / "stat").read_text()
            except OSError:
                continue
            comm = raw[raw.index("(") + 1 : raw.rindex(")")]
            fields = raw[raw.rindex(")") + 2 :].split()
            table[int(entry.name)] = {
                "comm": comm,
                "ppid": int(fields[1]),
                "own": int(fields[11]) + int(fields[12]),
                "children": int(fields[13]) + int(fields[14]),
            }
        return table

    def cpu_snapshot(self, server_pid: int) -> dict:
        tick = os.sysconf("SC_CLK_TCK")
        table = self._proc_table()
        tree, todo = set(), [server_pid]
        while todo:
            pid = todo.pop()
            tree.add(pid)
            todo += [p for p, row in table.items() if row["ppid"] == pid and p not in tree]
        postgres = [p for p, row in table.items() if row["comm"].startswith("postgres")]
        master = [
            p for p in postgres if table.get(table[p]["ppid"], {}).get("comm", "") != "postgres"
        ]
        redis = [p for p, row in table.items() if row["comm"].startswith("redis-server")]
        with open("/proc/stat") as stat:
            jiffies = [int(x) for x in stat.readline().split()[1:]]
        return {
            "per_process": {p: table[p]["own"] / tick for p in tree if p in table},
            "server": sum(table[p]["own"] for p in tree if p in table) / tick,
            "postgres": (
                sum(table[p]["own"] for p in postgres) + sum(table[p]["children"] for p in master)
            )
            / tick,
            "redis": sum(table[p]["own"] for p in redis) / tick,
            "machine": (sum(jiffies) - jiffies[3] - jiffies[4]) / tick,
        }

    # -- the floor's messages, measured from the app's renders --------------------------------

    def measure_shapes(self, answer_bytes: dict):
        """What the app sends for one edit of each kind (groups, order, sizes per language),
        and how long its answer is: the floor sends and answers the same."""
        from teams import editables
        from workshop import live

        shapes, seen = {}, set()
        for a in self.attendees:
            key = _shape_key(a["key"])
            if key in seen:
                continue
            seen.add(key)
            row = editables.REGISTRY[a["kind"]].model.objects.get(pk=a["row"])
            value = (
                editables.REGISTRY[a["kind"]].fields[a["field"]].display(getattr(row, a["field"]))
            )
            pushes = live.in_every_language(
                lambda a=a, row=row: editables._pushes(a["kind"], row, a["field"], "client")
            )
            shapes[key] = [
                {
                    "group": group.split("-")[0],
                    "exclude": exclude is not None,
                    "extra": {code: len(html) - len(value) for code, html in by_language.items()},
                }
                for group, by_language, exclude in pushes
            ]
        answers = {key: round(size) for key, size in answer_bytes.items()}
        self.shapes = {"pushes": shapes, "response": answers}

    # -- lost edits ----------------------------------------------------------------------------

    def check_lost(self, phase) -> dict:
        from teams.editables import REGISTRY

        counts = Counter()
        by_field = _group(phase["edits"], lambda e: e[1])
        for key, field_edits in by_field.items():
            kind, row, field = key.split("/")
            model = REGISTRY[kind].model
            final = getattr(model.objects.get(pk=row), field)
            history = set(model.history.filter(id=row).values_list(field, flat=True))
            field_edits.sort(key=lambda e: e[2])
            acked = [e for e in field_edits if e[4] is not None and 200 <= e[4] < 300]
            counts["fields"] += 1
            counts["acked"] += len(acked)
            counts["missing_from_history"] += sum(1 for e in acked if e[6] not in history)
            if acked and final != acked[-1][6]:
                after = {e[6] for e in field_edits if e[2] > acked[-1][2]}
                counts["saved_unacknowledged" if final in after else "final_wrong"] += 1
        return counts

    # -- output --------------------------------------------------------------------------------

    def report(self, phases):
        args = self.args
        app = next((p for p in phases if p["name"] == "app"), None)
        floor = next((p for p in phases if p["name"] == "floor"), None)
        cols = [p for p in phases if p is not floor] + ([floor] if floor else [])
        compare = app is not None and floor is not None
        names = [p["name"] for p in cols] + (["app/floor"] if compare else [])

        def row(label, get, fmt="{:.0f}", ratio=False):
            cells = []
            for p in cols:
                value = get(p)
                cells.append("–" if value is None else fmt.format(value))
            if compare:
                a, f = get(app), get(floor)
                cells.append(f"{a / f:.1f}×" if ratio and a is not None and f else "")
            print(f"  {label:<34}" + "".join(f"{c:>14}" for c in cells))

        def pct(role, q):
            return lambda p: percentile(p["latency"][role], q)

        print()
        print(self.machine_line())
        offered = len(self.attendees) / (sum(args.pace) / 2)
        print(
            f"{len(self.attendees)} attendees in {args.teams} teams ({self.companies} companies, "
            f"{args.companies_per_team} a team), projector + console; warm-up {args.warmup:.0f} s, "
            f"measured {args.duration:.0f} s; {args.workers} uvicorn workers, PostgreSQL, Redis"
        )
        print(
            f"offered: {offered:.1f} saves/s (each attendee every "
            f"{args.pace[0]:g}–{args.pace[1]:g} s); edit→projector is measured on company-name "
            f"edits ({sum(1 for a in self.attendees if a['field'] == 'name')} of "
            f"{len(self.attendees)} writers)"
        )
        print()
        print(f"  {'':<34}" + "".join(f"{n:>14}" for n in names))
        row("opening every socket, 16 at a time (s)", lambda p: p["connect_seconds"], ratio=True)
        row("saves sent / s", lambda p: p["sent"] / p["duration"], "{:.1f}")
        row("saves acknowledged / s", lambda p: p["acked"] / p["duration"], "{:.1f}")
        for q in (0.5, 0.95, 0.99):
            row(
                f"save round trip p{q * 100:.0f} (ms)",
                lambda p, q=q: percentile(p["save_ms"], q),
                ratio=True,
            )
        for q in (0.5, 0.95, 0.99):
            row(f"edit→team-mate p{q * 100:.0f} (ms)", pct("mate", q), ratio=True)
        for q in (0.5, 0.95, 0.99):
            row(f"edit→projector p{q * 100:.0f} (ms)", pct("projector", q), ratio=True)
        samples = [f"{len(p['latency']['mate'])}/{len(p['latency']['projector'])}" for p in cols]
        print(f"  {'samples team-mate / projector':<34}" + "".join(f"{s:>14}" for s in samples))
        row("not delivered: team-mate", lambda p: p["missing"]["mate"])
        row("not delivered: projector", lambda p: p["missing"]["projector"])
        row("server errors (5xx)", lambda p: p["status_5xx"])
        row("connection errors / timeouts", lambda p: p["connection_errors"])
        row("sockets dropped", lambda p: p["drops"])
        row("errors in server log", lambda p: p["log_errors"])
        row("conflicts (409)", lambda p: p["status_409"])
        row("other 4xx", lambda p: p["status_4xx"])
        row("saves started >1 s late", lambda p: p["late"])
        row(
            "lost edits",
            lambda p: (
                p["lost"]["missing_from_history"] + p["lost"]["final_wrong"]
                if "lost" in p
                else None
            ),
        )
        row(
            "pushes received / s",
            lambda p: p["messages"] / (p["duration"] + args.warmup + args.drain),
        )
        row("server CPU, uvicorn (cores)", lambda p: p["server_cpu"]["server"], "{:.2f}")
        row("PostgreSQL CPU, all users (cores)", lambda p: p["server_cpu"]["postgres"], "{:.2f}")
        row("Redis CPU (cores)", lambda p: p["server_cpu"]["redis"], "{:.2f}")
        row("client CPU (cores)", lambda p: sum(p["client_cpu"]), "{:.2f}")
        row("client loop lag p99 (ms)", lambda p: p["client_lag_p99"], "{:.0f}")
        row("machine busy (cores of 2)", lambda p: p["server_cpu"]["machine"], "{:.2f}")
        print()
        for p in cols:
            kinds = ", ".join(f"{k} {n}" for k, n in p["error_kinds"].items())
            print(
                f"  {p['name']}: served by {p['runner']}; sockets {p['sockets']} open, "
                f"{p['socket_failures']} failed; server CPU per process "
                f"{' + '.join(f'{c:.2f}' for c in p['server_processes'])}; client CPU per process "
                f"{' + '.join(f'{c:.2f}' for c in p['client_cpu'])}"
                + (f"; errors: {kinds}" if kinds else "")
            )
        for p in cols:
            for role, label in (("mate", "edit→team-mate"), ("projector", "edit→projector")):
                steps = int(p["duration"] // 10)
                cells = [percentile(p["slices"].get((role, i), []), 0.95) for i in range(steps)]
                shown = " ".join("–" if c is None else f"{c:.0f}" for c in cells)
                print(f"  {p['name']}: p95 {label} (ms) per 10 s of the window: {shown}")
        for p in cols:
            if p["drop_detail"]:
                shown = ", ".join(
                    f"{who} at {t:+.1f} s (code {code})" for t, who, code in p["drop_detail"][:6]
                )
                print(
                    f"  {p['name']}: sockets closed by the server "
                    f"(time from the measured start): {shown}"
                )
            for line, count in p["exceptions"].most_common(3):
                print(f"  {p['name']}: server log: {count} × {line}")
        for p in cols:
            if "lost" in p:
                lost = p["lost"]
                print(
                    f"  {p['name']}: lost-edit check over {lost['fields']} fields, "
                    f"{lost['acked']} acknowledged saves (warm-up included): "
                    f"{lost['missing_from_history']} missing from history, "
                    f"{lost['final_wrong']} fields not ending on their last acknowledged text, "
                    f"{lost['saved_unacknowledged']} ending on a later save whose answer was lost"
                )
        print(
            f"  load average before {self.load_before[0]:.1f}, after {self.load_after[0]:.1f} "
            "(other work on this machine adds noise; the ratios to the floor are what compare)"
        )
        print()
        if app is None:
            return
        p95 = percentile(app["latency"]["projector"], 0.95)
        verdicts = [
            (
                f"p95 edit→projector under {GOAL_PROJECTOR_P95_MS} ms",
                p95 is not None and p95 < GOAL_PROJECTOR_P95_MS,
                "–" if p95 is None else f"{p95:.0f} ms",
            ),
            (
                "zero lost edits",
                app["lost"]["missing_from_history"] + app["lost"]["final_wrong"] == 0,
                str(app["lost"]["missing_from_history"] + app["lost"]["final_wrong"]),
            ),
            (
                "zero server errors (5xx, connection)",
                app["status_5xx"] + app["connection_errors"] == 0,
                str(app["status_5xx"] + app["connection_errors"]),
            ),
        ]
        if floor:
            for role, label in (("projector", "edit→projector"), ("mate", "edit→team-mate")):
                a, f = (
                    percentile(app["latency"][role], 0.95),
                    percentile(floor["latency"][role], 0.95),
                )
                ratio = a / f if a and f else None
                verdicts.append(
                    (
                        f"p95 {label} within {GOAL_FLOOR_RATIO:g}× the floor",
                        ratio is not None and ratio <= GOAL_FLOOR_RATIO,
                        "–" if ratio is None else f"{ratio:.1f}×",
                    )
                )
        print("Goals (printed, not asserted):")
        for label, met, figure in verdicts:
            print(f"  {'met   ' if met else 'MISSED'}  {label}: {figure}")

    def machine_line(self) -> str:
        cpu, memory = "unknown CPU", 0
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) / 1024 / 1024
        import platform

        return (
            f"Machine: {cpu}, {len(os.sched_getaffinity(0))} CPUs, {memory:.1f} GiB RAM; "
            f"Python {platform.python_version()}, {self.started:%Y-%m-%d}"
        )

    def report_profile(self):
        merged = {"ticks": 0, "busy": 0, "db_wait": 0, "self": Counter(), "inclusive": Counter()}
        files = sorted(self.scratch.glob("worker-*.json"))
        for path in files:
            data = json.loads(path.read_text())
            merged["ticks"] += data["ticks"]
            merged["busy"] += data["busy"]
            merged["db_wait"] += data["db_wait"]
            merged["self"].update(data["self"])
            merged["inclusive"].update(data["inclusive"])
        busy = merged["busy"] or 1
        print(
            f"\nProfile of the app workers over the measured window ({len(files)} processes, "
            f"every thread sampled each 10 ms): {merged['busy']} busy thread-samples, "
            f"{merged['db_wait']} more waiting for PostgreSQL. Wall-clock shares of the busy\n"
            "ones: where requests spend their time, waiting for the GIL included — not CPU (see\n"
            "the CPU table below):"
        )
        sections = [
            ("autosave view (teams.company_views.edit)", "teams/company_views.py:edit"),
            ("  save: version check + write (save_field)", "workshop/editing.py:save_field"),
            ("  pushes after commit, all languages", "workshop/live.py:in_every_language"),
            ("    rendering push fragments", "workshop/live.py:render_fragment"),
            ("    progress board (projector)", "teams/part2_broadcasts.py:progress"),
            ("    sending to the channel layer", "workshop/live.py:_group_send"),
            ("  answer to the author (fragments)", "workshop/views/fragments.py:fragments"),
            ("SQL: executing queries", "django/db/backends/utils.py:_execute"),
            ("SQL: opening connections", "django/db/backends/base/base.py:connect"),
            ("session load", "django/contrib/sessions/backends/db.py:load"),
            ("socket connect (consumers)", "workshop/consumers.py:connect"),
            ("socket push to a screen (push_html)", "workshop/consumers.py:push_html"),
        ]
        for label, key in sections:
            print(f"  {label:<48} {100 * merged['inclusive'].get(key, 0) / busy:5.1f} %")
        print("  top functions by own samples:")
        for key, n in merged["self"].most_common(15):
            print(f"    {100 * n / busy:5.1f} %  {key}")

    def measure_costs(self, repeats: int = 25):
        """CPU per autosave, in this process through Django's test client (no HTTP server,
        no other load on the interpreter): the whole request, and inside it building the
        pushes (fresh reads + templates, once per language) and handing them to Redis;
        then the same with pushes rendered in English only."""
        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from workshop import live

        spent = Counter()

        def timed(name, function):
            def wrapper(*args, **kwargs):
                start = time.process_time()
                try:
                    return function(*args, **kwargs)
                finally:
                    spent[name] += time.process_time() - start

            return wrapper

        originals = live.in_every_language, live.send
        live.in_every_language = timed("build", live.in_every_language)
        live.send = timed("layer", live.send)
        languages = settings.LANGUAGES
        writers = {
            "evidence": next(a for a in self.attendees if a["field"] == "evidence"),
            "company name": next(a for a in self.attendees if a["field"] == "name"),
        }
        self._versions()
        table = {}
        try:
            for label, codes in (("en+sv", None), ("en only", ["en"])):
                settings.LANGUAGES = [(c, n) for c, n in languages if codes is None or c in codes]
                for kind, a in writers.items():
                    client = Client(HTTP_HOST="127.0.0.1")
                    for part in a["cookie"].split("; "):
                        name, value = part.split("=", 1)
                        client.cookies[name] = value
                    cpu = queries = 0.0
                    for i in range(-5, repeats):  # five unmeasured: templates load, caches fill
                        if i == 0:
                            spent.clear()
                            cpu = queries = 0.0
                        seq = 90000 + len(label) * 100 + i
                        token = f"RLM-{a['cid']}-{seq}-{int(time.time() * 1e6)}"
                        data = {"value": _text(a, seq, token), "version": a["version"]}
                        with CaptureQueriesContext(connection) as captured:
                            start = time.process_time()
                            answer = client.post(a["edit_path"], data, HTTP_X_CLIENT_ID=a["cid"])
                            cpu += time.process_time() - start
                        queries += len(captured)
                        if answer.status_code != 200:
                            raise Failure(f"cost measurement: {answer.status_code} on {kind}")
                        a["version"] = int(VERSION.search(answer.content).group(1))
                    table[(label, kind)] = {
                        "request": 1000 * cpu / repeats,
                        "build": 1000 * spent["build"] / repeats,
                        "layer": 1000 * spent["layer"] / repeats,
                        "queries": queries / repeats,
                    }
                table[(label, "socket connect")] = self._connect_costs(spent, repeats=10)
        finally:
            settings.LANGUAGES = languages
            live.in_every_language, live.send = originals
        self.costs = table

    def _connect_costs(self, spent: Counter, repeats: int) -> dict:
        """One attendee's company-page socket opening: the plan and snapshot the consumer
        renders, the presence change (online) it announces, and going offline again."""
        from django.contrib.auth.models import AnonymousUser
        from django.contrib.sessions.backends.db import SessionStore
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from teams import services as team_services
        from workshop.access import SESSION_KEY
        from workshop.consumers import CompanyConsumer

        a = self.attendees[0]
        path, query = a["path"].split("?")
        _, _, pk, _, team_id, _, company_id = path.strip("/").split("/")
        session_key = a["cookie"].split(";")[0].split("=", 1)[1]
        participant_id = SessionStore(session_key=session_key)[SESSION_KEY][pk]
        cpu = queries = 0.0
        for i in range(-2, repeats):  # two unmeasured
            if i == 0:
                spent.clear()
                cpu = queries = 0.0
            consumer = CompanyConsumer()
            consumer.scope = {
                "url_route": {
                    "kwargs": {
                        "pk": int(pk),
                        "team_id": int(team_id),
                        "company_id": int(company_id),
                    }
                },
                "query_string": query.encode(),
                "session": SessionStore(session_key=session_key),
                "user": AnonymousUser(),
                "cookies": {},
            }
            with CaptureQueriesContext(connection) as captured:
                start = time.process_time()
                consumer._snapshot(consumer._plan())
                team_services.participant_connected(participant_id)
                team_services.participant_disconnected(participant_id)
                cpu += time.process_time() - start
            queries += len(captured)
        return {
            "request": 1000 * cpu / repeats,
            "build": 1000 * spent["build"] / repeats,
            "layer": 1000 * spent["layer"] / repeats,
            "queries": queries / repeats,
        }

    def report_costs(self):
        print(
            "\nCPU per autosave in one process (Django test client, no HTTP server, "
            "mean of 25; DEBUG off, PostgreSQL, Redis). Socket connect: one attendee's company\n"
            "page socket opening and closing — plan, snapshot, and the presence pushes (the\n"
            "roster on the projector and console) of going online and offline (mean of 10):"
        )
        kinds = ["evidence", "company name", "socket connect"]
        print(f"  {'':<44}" + "".join(f"{k:>16}" for k in kinds))
        for label in ("en+sv", "en only"):
            for key, title in (
                ("request", f"whole request, pushes in {label} (ms)"),
                ("build", "  building the pushes (reads, templates) (ms)"),
                ("layer", "  handing them to the channel layer (ms) *"),
                ("queries", "  SQL queries per save"),
            ):
                cells = [self.costs[(label, k)][key] for k in kinds]
                print(f"  {title:<44}" + "".join(f"{c:>16.1f}" for c in cells))
        print(
            "  * here async_to_sync starts an event loop, so a Redis connection, per call; in the\n"
            "    server the worker's loop and connection pool carry it: less there."
        )

    # -- clean-up ------------------------------------------------------------------------------

    def cleanup(self):
        for process, _ in self.clients:
            if process.is_alive():
                process.terminate()
        self.stop_server()
        if self.db_created:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:
                pass
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')
        try:
            import redis

            client = redis.Redis.from_url(self.args.redis_url)
            for pattern in (f"asgi{self.suffix}*", f"{self.suffix}:*"):
                keys = list(client.scan_iter(pattern, count=1000))
                if keys:
                    client.delete(*keys)
        except Exception as exc:
            print(f"  (Redis keys not cleaned: {exc})", file=sys.stderr)
        if self.args.keep:
            print(f"  scratch folder kept: {self.scratch}")
        else:
            shutil.rmtree(self.scratch, ignore_errors=True)


def _shape_key(field_key: str) -> str:
    kind, _row, field = field_key.split("/")
    return f"{kind}/{field}"


def _group(items, key):
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups


if __name__ == "__main__":
    sys.exit(main())
