"""Production-like server processes for tests: `scripts/serve.sh` on loopback ports."""

import os
import secrets
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

# Variables that change how a production install behaves. A developer may have some
# exported; a test starts from none of them and sets the ones it means.
PRODUCTION_KNOBS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "STATIC_ROOT",
    "WEB_CONCURRENCY",
    "LOG_LEVEL",
    # Set for the browser tests' own process (tests/browser/conftest.py); a deployment
    # must not have it (async.E001).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def strong_secret_key() -> str:
    """What check --deploy accepts: 50+ characters, 5+ different ones."""
    return secrets.token_urlsafe(50)


def production_env(**overrides: str) -> dict[str, str]:
    """This process's environment (DATABASE_URL, REDIS_URL, TEST_RUN_SUFFIX pass
    through) as a production install sets it: DEBUG off, a strong key, one host."""
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_KNOBS}
    env.update(DEBUG="0", SECRET_KEY=strong_secret_key(), ALLOWED_HOSTS="example.org")
    env.update(overrides)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    log_path: Path

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"(no log: {exc})"

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                return response.status == 200
        except Exception:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # uvicorn shuts down gracefully on SIGTERM
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def prepare(env: dict[str, str]) -> None:
    """`serve.sh prepare`: translations, collectstatic, migrate, check --deploy."""
    result = subprocess.run(
        ["bash", "scripts/serve.sh", "prepare"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"serve.sh prepare failed:\n{result.stdout}\n{result.stderr}"


def start(name: str, env: dict[str, str], log_dir: Path) -> Server:
    """`serve.sh run` with one worker process on a free loopback port (not waited for)."""
    port = free_port()
    log_path = log_dir / f"{name}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            ["bash", "scripts/serve.sh", "run"],
            cwd=BASE_DIR,
            env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Server(name, f"http://127.0.0.1:{port}", process, log_path)


def wait_until_healthy(servers: list[Server], timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(servers)
    while waiting:
        waiting = [server for server in waiting if not server.healthy()]
        for server in waiting:
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{server.name} did not answer /healthz; its log:\n{server.log_text()}"
                )
        if waiting:
            time.sleep(0.2)
