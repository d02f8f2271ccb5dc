"""Brute force of join codes and rejoin links is throttled per client address.

tests/workshop/test_joining.py already proves: wrong codes (form and link) and wrong
rejoin links are answered 429 with a message after JOIN_RATE failures; the count is
per address; a whole room behind one address joins without being throttled. This
module adds what a determined guesser would try next: spreading guesses over every
entry point, guessing right after being throttled, random codes in bulk, a forged
X-Forwarded-For header, rotating IPv6 addresses inside one network, and successful
joins between failures.
"""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_ratelimit.core import _get_window, _split_rate
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from teams.models import Participant
from workshop.models import CODE_ALPHABET, CODE_LENGTH

pytestmark = pytest.mark.django_db

THROTTLED = "Too many attempts"
LIMIT = int(settings.JOIN_RATE.split("/")[0])


def _steady(address: str) -> bool:
    """django-ratelimit counts per fixed window whose edge depends on the address: this
    one's window does not roll over during the test."""
    _, period = _split_rate(settings.JOIN_RATE)
    return _get_window(address, period) - time.time() >= min(20, period / 2)


def _addresses():
    """Fresh client addresses with a steady window, never the same one twice in a run."""
    for a in range(1, 255):
        for b in range(1, 255):
            if _steady(f"10.{a}.{b}.1"):
                yield f"10.{a}.{b}.1"


ADDRESSES = _addresses()


def steady_addresses(count: int = 1) -> list[str]:
    return [next(ADDRESSES) for _ in range(count)]


def wrong_code(workshop) -> str:
    code = "ABCDEFGH"
    return code if code != workshop.code else "HGFEDCBA"


def failures(client, workshop, address: str, n: int, **extra) -> list[int]:
    """`n` failed attempts spread over every entry point a guesser can use."""
    wrong = wrong_code(workshop)
    attempts = [
        lambda: client.post(reverse("join"), {"code": wrong}, REMOTE_ADDR=address, **extra),
        lambda: client.get(reverse("join_code", args=[wrong]), REMOTE_ADDR=address, **extra),
        lambda: client.get(reverse("join"), {"code": wrong}, REMOTE_ADDR=address, **extra),
        lambda: client.post(reverse("join"), {"code": "AB"}, REMOTE_ADDR=address, **extra),
        lambda: client.get(reverse("rejoin", args=["no-such-link"]), REMOTE_ADDR=address, **extra),
    ]
    return [attempts[i % len(attempts)]().status_code for i in range(n)]


def test_failures_on_every_entry_point_share_one_budget(client, workshop, anna):
    (address,) = steady_addresses()
    assert 429 not in failures(client, workshop, address, LIMIT)
    right = [
        client.post(reverse("join"), {"code": workshop.code}, REMOTE_ADDR=address),
        client.get(reverse("join_code", args=[workshop.code]), REMOTE_ADDR=address),
        client.get(reverse("rejoin", args=[anna.rejoin_token]), REMOTE_ADDR=address),
    ]
    assert [r.status_code for r in right] == [429, 429, 429]
    assert all(THROTTLED in r.content.decode() for r in right)


def test_a_throttled_guesser_who_guesses_right_gets_nothing(workshop, team_a, anna):
    (address,) = steady_addresses()
    guesser = Client()
    failures(guesser, workshop, address, LIMIT)
    joined = guesser.post(
        reverse("join_code", args=[workshop.code]),
        {"display_name": "Mallory", "team": team_a.pk},
        REMOTE_ADDR=address,
    )
    guesser.get(reverse("rejoin", args=[anna.rejoin_token]), REMOTE_ADDR=address)
    workspace = guesser.get(reverse("teams:workspace", args=[workshop.pk, team_a.pk]))
    assert joined.status_code == 429
    assert not Participant.objects.filter(display_name="Mallory").exists()
    assert workspace.status_code == 403  # the rejoin link did not make it Anna


@hypothesis_settings(max_examples=5)
@given(
    codes=st.lists(
        st.text(alphabet=CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH),
        min_size=LIMIT + 3,
        max_size=LIMIT + 3,
    )
)
def test_guessing_codes_in_bulk_is_answered_no_then_throttled(workshop, codes):
    (address,) = steady_addresses()
    guesser = Client()
    statuses = [
        guesser.post(reverse("join"), {"code": code}, REMOTE_ADDR=address).status_code
        for code in codes
        if code != workshop.code
    ]
    assert set(statuses[:LIMIT]) <= {404, 410}
    assert set(statuses[LIMIT:]) == {429}
    assert Participant.objects.count() == 0


def test_a_forged_forwarded_for_header_buys_no_new_attempts(client, workshop):
    (address,) = steady_addresses()
    for n in range(LIMIT):
        client.post(
            reverse("join"),
            {"code": wrong_code(workshop)},
            REMOTE_ADDR=address,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            HTTP_X_REAL_IP=f"203.0.113.{n}",
        )
    response = client.post(
        reverse("join"),
        {"code": workshop.code},
        REMOTE_ADDR=address,
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert response.status_code == 429


def test_addresses_of_one_ipv6_network_share_a_budget(client, workshop):
    """A guesser with a /64 has billions of addresses; they count as one client."""
    network = next(f"2001:db8:{n:x}:1::" for n in range(1, 4000) if _steady(f"2001:db8:{n:x}:1::"))
    for n in range(LIMIT):
        failures(client, workshop, f"{network}{n + 1:x}", 1)
    response = client.post(reverse("join"), {"code": workshop.code}, REMOTE_ADDR=f"{network}ffff:1")
    assert response.status_code == 429


def test_two_addresses_are_throttled_independently(workshop):
    first, second = steady_addresses(2)
    failures(Client(), workshop, first, LIMIT)
    assert (
        Client().post(reverse("join"), {"code": workshop.code}, REMOTE_ADDR=first).status_code
        == 429
    )
    response = Client().post(reverse("join"), {"code": workshop.code}, REMOTE_ADDR=second)
    assert response.status_code == 302


def test_successful_joins_between_failures_are_not_counted(workshop, team_a):
    (address,) = steady_addresses()
    failures(Client(), workshop, address, LIMIT - 1)
    for n in range(LIMIT + 2):  # a room arriving while someone mistyped
        attendee = Client()
        assert (
            attendee.post(reverse("join"), {"code": workshop.code}, REMOTE_ADDR=address).status_code
            == 302
        )
        joined = attendee.post(
            reverse("join_code", args=[workshop.code]),
            {"display_name": f"Attendee {n}", "team": team_a.pk},
            REMOTE_ADDR=address,
        )
        assert joined.status_code == 302
    failures(Client(), workshop, address, 1)  # the LIMIT-th failure
    response = Client().post(reverse("join"), {"code": workshop.code}, REMOTE_ADDR=address)
    assert response.status_code == 429
