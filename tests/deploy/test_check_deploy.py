"""Production settings: `check --deploy` is clean, and what it asks for really happens."""

import json
import subprocess
import sys

from .servers import BASE_DIR, production_env

# Answers a production install gives, through Django's test client (no server needed):
# plain http is sent to https (except the load balancer's /healthz), https answers carry
# HSTS and the CSP, cookies are secure.
PROBE = """
import json
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST="example.org")
plain_page = client.get("/accounts/login/")
plain_health = client.get("/healthz")
https_health = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
HSTS = "Strict-Transport-Security"
print(json.dumps({
    "plain_page": [plain_page.status_code, plain_page.headers.get("Location")],
    "plain_health": [plain_health.status_code, plain_health.headers.get(HSTS)],
    "https_health": [https_health.status_code, https_health.headers.get(HSTS)],
    "https_csp": https_health.headers.get("Content-Security-Policy", ""),
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "debug": settings.DEBUG,
}))
"""


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "?: (" not in output, output


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_redirects_to_https_and_sends_hsts_only_over_https(tmp_path):
    # An empty SQLite file is enough for /healthz's SELECT 1.
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}")
    result = manage("shell", "-c", PROBE, env=env)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    assert answers["debug"] is False
    assert answers["plain_page"] == [301, "https://example.org/accounts/login/"]
    assert answers["plain_health"] == [200, None]  # probes over plain http, and no HSTS there
    assert answers["https_health"] == [200, "max-age=31536000; includeSubDomains"]
    assert "script-src 'self'" in answers["https_csp"]
    assert "wss://example.org" in answers["https_csp"]  # beside 'self', for Safari before 16
    assert answers["secure_cookies"] == [True, True]
