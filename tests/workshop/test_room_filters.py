"""The `clock` filter that draws timers (workshop/templatetags/room.py)."""

import pytest
from django.template import Context, Template

from workshop.templatetags.room import clock


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (65, "1:05"),
        (600, "10:00"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
        (-5, "−0:05"),
        (-65, "−1:05"),
        (-3725, "−1:02:05"),
        ("90", "1:30"),
    ],
)
def test_clock_shows_seconds_as_minutes_and_seconds(seconds, shown):
    assert clock(seconds) == shown


def test_clock_uses_a_real_minus_sign_for_overtime():
    assert clock(-1).startswith("\u2212")


@pytest.mark.parametrize("nonsense", [None, "", "soon", object()])
def test_clock_shows_nothing_for_a_value_that_is_not_a_number(nonsense):
    assert clock(nonsense) == ""


def test_clock_works_in_a_template():
    rendered = Template("{% load room %}{{ left|clock }}").render(Context({"left": 754}))
    assert rendered == "12:34"
