"""The server-drawn radar chart: geometry, gaps, the spread band, escaping, legend."""

import math
import re

import pytest

from teams.radar import Series, band_limits, radar_layout, radar_svg

AXES = ["Governance", "Methods", "People", "Tools"]


def circles(svg: str) -> list[tuple[float, float]]:
    return [
        (float(x), float(y))
        for x, y in re.findall(r'<circle class="radar__point" cx="([-\d.]+)" cy="([-\d.]+)"', svg)
    ]


def near(point, expected, tolerance=0.02) -> bool:
    return math.dist(point, expected) <= tolerance


def band_points(svg: str) -> list[tuple[float, float]]:
    path = re.search(r'<path class="radar__band" d="([^"]+)"', svg).group(1)
    return [(float(x), float(y)) for x, y in re.findall(r"([-\d.]+),([-\d.]+)", path)]


def test_level_five_on_the_first_axis_is_at_the_top_of_the_ring():
    layout = radar_layout(AXES)
    svg = radar_svg(AXES, [Series("Room", [5, None, None, None])])

    assert circles(svg) == [pytest.approx((layout.cx, layout.cy - layout.r), abs=0.01)]


def test_points_lie_on_their_axis_at_level_over_five_of_the_radius():
    layout = radar_layout(AXES)
    svg = radar_svg(AXES, [Series("Room", [5, 2.5, 1, 4])])
    cx, cy, r = layout.cx, layout.cy, layout.r

    # Four axes clockwise from the top: up, right, down, left.
    expected = [(cx, cy - r), (cx + r / 2, cy), (cx, cy + r / 5), (cx - 0.8 * r, cy)]
    assert all(near(p, e) for p, e in zip(circles(svg), expected, strict=True))


def test_a_missing_value_is_a_gap_not_a_zero():
    layout = radar_layout(AXES)
    svg = radar_svg(AXES, [Series("Room", [3, None, 3, 3])])

    points = circles(svg)
    assert len(points) == 3
    assert not any(near(p, (layout.cx, layout.cy), 1) for p in points)
    # No closed, filled polygon: only the two neighbouring pairs (axis 2–3, 3–0) are joined.
    assert '<polygon class="radar__line"' not in svg
    line = re.search(r'<path class="radar__line" d="([^"]+)"', svg).group(1)
    assert line.count("M") == 2
    assert "Z" not in line
    assert "People no value" not in svg and "Methods no value" in svg


def test_labels_and_titles_are_escaped():
    svg = radar_svg(
        ["<script>alert(1)</script>", "Tools & info", "People"],
        [Series('<img src=x onerror="x">', [1, 2, 3])],
        title="<b>Room</b>",
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Tools &amp; info" in svg
    assert "<img" not in svg
    assert "<b>" not in svg


def test_the_spread_band_is_clamped_to_the_scale():
    assert band_limits(4.5, 1) == (3.5, 5)
    assert band_limits(1.5, 1) == (1, 2.5)
    assert band_limits(3, 0.5) == (2.5, 3.5)

    layout = radar_layout(AXES)
    svg = radar_svg(AXES, [Series("Room", [4.5, 1.5, 3, 3], spread=[1, 1, 0.5, 0.5])])
    points = band_points(svg)
    cx, cy, r = layout.cx, layout.cy, layout.r
    # Axis 0 (up): 4.5 + 1 stops at level 5, the ring itself, not beyond.
    assert any(near(p, (cx, cy - r)) for p in points)
    assert all(p[1] >= cy - r - 0.01 for p in points)
    # Axis 1 (right): 1.5 − 1 stops at level 1, not at 0.5.
    assert any(near(p, (cx + r / 5, cy)) for p in points)
    assert not any(near(p, (cx + r / 10, cy)) for p in points)


def test_the_legend_names_every_series_and_dashes_reference_sets():
    svg = radar_svg(
        AXES,
        [
            Series("This room", [3, 3, 3, 3], spread=[1, 1, 1, 1]),
            Series("Sweden (illustrative)", [2, 3, 4, 3], style="reference"),
            Series("International (illustrative)", [3, 3, 2, 4], style="reference"),
        ],
    )
    legend = svg[svg.index('class="radar__legend"') :]

    assert [t for t in re.findall(r">([^<>]+)</text>", legend)] == [
        "This room",
        "Sweden (illustrative)",
        "International (illustrative)",
    ]
    reference = re.findall(r'radar__series--reference">.*?stroke-dasharray="([^"]+)"', svg)
    assert len(reference) == 2 and reference[0] != reference[1]


def test_screen_readers_get_every_value():
    svg = radar_svg(AXES, [Series("Room", [3.4, None, 2, 1], spread=[0.8, None, 0, 0])], title="T")

    assert 'role="img"' in svg
    assert "<title>T</title>" in svg
    label = re.search(r'aria-label="([^"]+)"', svg).group(1)
    assert "Room: Governance 3.4 ± 0.8, Methods no value, People 2 ± 0, Tools 1 ± 0." in label


def test_output_is_plain_deterministic_svg():
    series = [Series("Room", [3, 2, 4, 1]), Series("Ref", [2, 2, 2, 2], style="reference")]

    svg = radar_svg(AXES, series)

    assert svg == radar_svg(AXES, series)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" version="1.1"')
    assert 'viewBox="0 0 420 ' in svg
    assert "var(" not in svg and "href" not in svg and "<script" not in svg


@pytest.mark.parametrize("n", [3, 5, 8, 12, 20])
def test_labels_stay_inside_the_picture_for_3_to_20_axes(n):
    axes = [f"Dimension number {i}" for i in range(n)]
    layout = radar_layout(axes)

    assert layout.r > 0.15 * layout.width
    for label in layout.labels:
        assert 0 < label.x < layout.width
        assert 0 < label.y < layout.chart_height


def test_fewer_than_three_axes_draw_a_note_instead():
    svg = radar_svg(["A", "B"], [Series("Room", [1, 2])])

    assert "at least three dimensions" in svg


def test_axis_notes_sit_under_the_axis_names_and_are_escaped():
    svg = radar_svg(
        AXES,
        [Series("Room", [3, 2, 4, 1])],
        axis_notes=["2.4 ± 0.7", "", "<b>", "1.0 ± 0"],
    )

    notes = re.findall(r'<tspan class="radar__note"[^>]*>([^<]*)</tspan>', svg)
    assert notes == ["2.4 ± 0.7", "&lt;b&gt;", "1.0 ± 0"]
