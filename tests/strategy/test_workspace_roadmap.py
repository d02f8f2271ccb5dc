"""The roadmap chart: geometry by quarter, escaping, unscheduled initiatives,
dependency arrows, determinism, no external references."""

import re
from dataclasses import dataclass, field

import pytest

from strategy.models import quarter_index
from strategy.roadmap import PAD, items_of, layout_for, roadmap_svg


@dataclass
class Fake:
    """Anything with an initiative's attributes can be drawn."""

    pk: int
    title: str
    start_quarter: int | None = None
    end_quarter: int | None = None
    band: str = ""
    depends_on: list = field(default_factory=list)


Q = quarter_index


def test_the_range_is_whole_years_around_the_bars():
    items = items_of([Fake(1, "A", Q(2027, 2), Q(2028, 3))])
    layout = layout_for(items, width=900)
    assert (layout.start, layout.end) == (Q(2027, 1), Q(2028, 4))
    assert layout.quarters == 8


def test_a_bar_starts_at_its_quarters_left_edge():
    items = items_of([Fake(1, "A", Q(2027, 1), Q(2027, 4)), Fake(2, "B", Q(2028, 3), Q(2028, 4))])
    layout = layout_for(items, width=900)
    width = (layout.x1 - layout.x0) / 8
    assert layout.x(Q(2027, 1)) == pytest.approx(layout.x0)
    assert layout.x(Q(2028, 3)) == pytest.approx(layout.x0 + 6 * width)
    assert layout.x(Q(2028, 4) + 1) == pytest.approx(layout.x1)
    svg = roadmap_svg([Fake(1, "A", Q(2027, 1), Q(2027, 4)), Fake(2, "B", Q(2028, 3), Q(2028, 4))])
    # B's bar: its rect starts 2 units inside the quarter's left edge.
    xs = [
        float(x)
        for x in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="20"', svg)
    ]
    assert xs[1] == pytest.approx(layout.x(Q(2028, 3)) + 2, abs=0.01)


def test_a_given_range_is_kept():
    items = items_of([Fake(1, "A", Q(2027, 2), Q(2027, 3))])
    layout = layout_for(items, start=Q(2026, 1), end=Q(2030, 4), width=600)
    assert (layout.start, layout.end, layout.width) == (Q(2026, 1), Q(2030, 4), 600)
    assert layout.x0 > PAD


def test_text_is_escaped():
    svg = roadmap_svg([Fake(1, '<script>alert("x")</script> & Co', Q(2027, 1), Q(2027, 2))])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "&amp; Co" in svg


def test_unscheduled_initiatives_are_listed_as_not_scheduled():
    svg = roadmap_svg([Fake(1, "Dated", Q(2027, 1), Q(2027, 2)), Fake(2, "Someday")])
    assert "Someday" in svg
    assert "not scheduled" in svg


def test_with_nothing_scheduled_the_initiatives_are_still_listed():
    svg = roadmap_svg([Fake(1, "Someday"), Fake(2, "Later")])
    assert "No initiative has a start or end quarter yet." in svg
    assert "Someday" in svg and "Later" in svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_no_initiatives_draws_a_note():
    assert "No initiatives yet." in roadmap_svg([])


def test_long_titles_are_shortened_but_kept_whole_in_a_tooltip():
    title = "A very long initiative title " * 6
    svg = roadmap_svg([Fake(1, title, Q(2027, 1), Q(2027, 2))], width=600)
    assert "…" in svg
    assert f"<title>{title.strip()}</title>" in svg


def test_dependency_arrows_run_between_bars_and_turn_red_when_too_early():
    a = Fake(1, "A", Q(2027, 1), Q(2027, 3))
    fine = Fake(2, "B", Q(2027, 4), Q(2028, 2), depends_on=[a])
    assert 'stroke="#3a4a7a"' in roadmap_svg([a, fine])  # ink arrow
    early = Fake(2, "B", Q(2027, 2), Q(2028, 2), depends_on=[a])
    assert 'stroke="#c22a2f" stroke-dasharray="3 3"' in roadmap_svg([a, early])


def test_dependencies_outside_the_chart_are_left_out():
    outside = Fake(9, "Removed one")
    svg = roadmap_svg([Fake(1, "A", Q(2027, 1), Q(2027, 3), depends_on=[outside])])
    assert "Removed one" not in svg
    assert "<path" not in svg.split('class="roadmap__arrows"')[1].split("</g>")[0]


def test_an_end_before_the_start_is_drawn_as_a_problem():
    svg = roadmap_svg([Fake(1, "A", Q(2028, 1), Q(2027, 3), band="M")])
    assert "ends (2027 Q3) before it starts (2028 Q1)" in svg
    assert 'fill="#fce4e4"' in svg


def test_the_same_input_draws_the_same_bytes_with_no_outside_references():
    items = [
        Fake(1, "Åre Älvdalen Öresund", Q(2027, 1), Q(2027, 3), band="M"),
        Fake(2, "B", Q(2027, 4), Q(2029, 2), band="XL"),
    ]
    items[1].depends_on = [items[0]]
    first, second = roadmap_svg(items), roadmap_svg(items)
    assert first == second
    assert "Åre Älvdalen Öresund" in first
    for reference in ("href", "url(", "<image", "<style", "@import", " id="):
        assert reference not in first
    assert 'viewBox="0 0 900 ' in first
