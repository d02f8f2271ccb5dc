"""/healthz: what a load balancer asks before sending people to this process."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

# A Redis channel layer nobody listens on: port 1 refuses connections at once.
UNREACHABLE_LAYER = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
    }
}


def test_health_is_ok_when_database_and_channel_layer_answer(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "live": "ok"}


def test_health_is_not_cached(client):
    response = client.get(reverse("healthz"))
    assert "no-cache" in response["Cache-Control"]


def test_health_says_live_updates_are_down_when_the_channel_layer_is_unreachable(client):
    """Edits still save without Redis: the process stays in the load balancer (200)."""
    with override_settings(CHANNEL_LAYERS=UNREACHABLE_LAYER):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "live": "down"}


def test_health_fails_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import OperationalError, connection

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "down", "live": "ok"}
