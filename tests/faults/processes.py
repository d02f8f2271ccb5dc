"""Private Redis, PostgreSQL and ASGI server processes for the fault tests.

Each runs on a free port of its own, never on the system instances (6379, 5432:
other test runs use those), writes its log to a file, and is stopped by its
fixture even when the test fails.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# The app's settings plus the database-unavailable middleware (see server_settings.py).
SERVER_SETTINGS = "tests.faults.server_settings"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_binary(name: str) -> str | None:
    """On PATH, or where Debian keeps PostgreSQL's server programs."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key)
    return candidates[-1] if candidates else None


def _version_key(path: str) -> int:
    version = Path(path).parent.parent.name
    return int(version) if version.isdigit() else 0


def wait_for(check, *, timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} did not happen within {timeout} s\n{tail}")
        time.sleep(0.1)


def log_text(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log: {exc})"


class RedisServer:
    """`redis-server` without persistence on a free port; stop and start keep the port."""

    def __init__(self, workdir: Path):
        self.binary = find_binary("redis-server")
        self.port = free_port()
        self.workdir = workdir
        self.log_path = workdir / f"redis-{self.port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.workdir),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self.answers, timeout=15, what="Redis answering PING", log=self.log_path)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


class PostgresServer:
    """A throw-away PostgreSQL cluster (initdb into a temporary folder) on a free port.

    PostgreSQL refuses to run as root, so as root (CI) its programs run as the
    `postgres` OS user, which owns the folder.
    """

    def __init__(self):
        self.initdb = find_binary("initdb")
        self.pg_ctl = find_binary("pg_ctl")
        self.port = free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="pmo-faults-pg-"))
        self.datadir = self.workdir / "data"
        self.log_path = self.workdir / "postgresql.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.workdir, user="postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            [*self.as_user, *args],
            cwd=self.workdir,
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def init(self) -> None:
        self._run(
            self.initdb,
            "-D",
            str(self.datadir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )

    def _ctl(self, action: str, *options: str) -> None:
        server_options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.workdir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            self.pg_ctl,
            action,
            "-D",
            str(self.datadir),
            "-l",
            str(self.log_path),
            "-o",
            server_options,
            "-w",
            "-t",
            "60",
            *options,
        )

    def start(self) -> None:
        self._ctl("start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("stop", "-m", mode)

    def restart(self, mode: str = "fast") -> None:
        self._ctl("restart", "-m", mode)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def remove(self) -> None:
        if (self.datadir / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except Exception:  # already stopped, or stopping failed: the folder goes anyway
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)


def server_env(**overrides: str) -> dict[str, str]:
    """This process's environment for the app, with the fault tests' settings module.
    Unset a variable by passing it as ""."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS, "DEBUG": "true"}
    env.update(JOIN_RATE="1000/m", PYTHONUNBUFFERED="1")
    env.update(overrides)
    return {key: value for key, value in env.items() if value != ""}


class AppServer:
    """The app under daphne (the demo's server) or uvicorn (production's), one process."""

    def __init__(self, env: dict[str, str], log_path: Path, *, runner: str = "daphne"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        app = "workshop.asgi:application"
        if runner == "daphne":
            command = ["-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), app]
        else:
            command = ["-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(self.port)]
            command += ["--lifespan", "off", "--no-access-log"]
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, *command],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self._answers, timeout=45, what="the app answering /healthz", log=log_path)

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"the app server exited:\n{log_text(self.log_path)[-3000:]}")
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):
                return True
        except Exception:
            return False

    def log_text(self) -> str:
        return log_text(self.log_path)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
