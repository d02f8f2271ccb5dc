"""Radar (spider) charts as plain SVG 1.1, drawn on the server.

Used by the baseline and vision pages, the projector and the PDF pack, so: no
JavaScript, no CSS variables (WeasyPrint has none), no external references, a
white background of its own (the projector is dark), colours copied from the
design tokens in static/css/app.css, and the same bytes for the same input.

Scale: level k of `levels` lies at radius r·k/levels, so level 5 on axis 0 (the
top spoke) is the point (cx, cy − r). Axes run clockwise from the top.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# "Inter Variable" is the app's web font; the PDF has Inter or DejaVu Sans installed.
FONT = "'Inter Variable', Inter, 'DejaVu Sans', sans-serif"

# Design tokens (static/css/app.css, section 2), inlined.
TEXT = "#111a30"
TEXT_MUTED = "#4c5467"  # --gray-600: the level numbers stay readable on a projector
GRID = "#dfe2ea"  # --gray-200
GRID_STRONG = "#c8cdd8"  # --gray-300
PLOT_BG = "#f5f6f9"  # --gray-50
NOTE = "#b34a12"  # --accent-700: the primary series' colour, dark enough for small text
WHITE = "#ffffff"


@dataclass(frozen=True)
class Look:
    stroke: str
    fill: str  # "" for no fill
    fill_opacity: float
    dash: str  # SVG stroke-dasharray, "" for a solid line
    width: float


# Series of the same style cycle through their list, so two reference sets differ
# by colour and by dash pattern (readable in greyscale print too).
LOOKS = {
    "primary": [Look("#d9621f", "#ef7d3c", 0.22, "", 3.0)],  # accent-600 / accent-500
    "secondary": [
        Look("#2457c5", "#2457c5", 0.12, "", 2.5),  # blue-600
        Look("#17804b", "#17804b", 0.12, "", 2.5),  # green-600
    ],
    "reference": [
        Look("#23335f", "", 0.0, "9 5", 2.5),  # ink-700
        Look("#17804b", "", 0.0, "3 4", 2.5),  # green-600
        Look("#2457c5", "", 0.0, "12 4 3 4", 2.5),  # blue-600
        Look("#92510a", "", 0.0, "6 3", 2.5),  # amber-700
        Look("#c22a2f", "", 0.0, "2 3", 2.5),  # red-600
    ],
    "muted": [Look("#697286", "#9aa1b2", 0.16, "", 2.25)],  # gray-500 / gray-400
}
BAND_OPACITY = 0.2
STYLES = tuple(LOOKS)


@dataclass
class Series:
    """One polygon. `values` and `spread` run in the order of the axes; None is a gap."""

    label: str
    values: list[float | None]
    style: str = "primary"  # one of STYLES
    spread: list[float | None] | None = None  # drawn as mean ± spread, clamped to 1..levels


@dataclass(frozen=True)
class AxisLabel:
    lines: tuple[str, ...]
    full: str
    note: str  # an extra line under the name, e.g. the room's figure; "" for none
    x: float
    y: float  # baseline of the first line
    anchor: str  # start | middle | end


@dataclass(frozen=True)
class Layout:
    """Where the chart sits inside the viewBox (width × chart_height, legend below)."""

    width: float
    chart_height: float
    cx: float
    cy: float
    r: float
    font_size: float
    line_height: float
    labels: tuple[AxisLabel, ...]

    def point(self, axis: int, n: int, value: float, levels: int = 5) -> tuple[float, float]:
        angle = _angle(axis, n)
        radius = self.r * max(0.0, min(float(value), levels)) / levels
        return self.cx + radius * math.cos(angle), self.cy + radius * math.sin(angle)


def radar_svg(
    axes: list[str],
    series: list[Series],
    *,
    size: int = 420,
    levels: int = 5,
    title: str = "",
    label_scale: float = 1.0,
    axis_notes: list[str] | None = None,
) -> SafeString:
    """A radar chart `size` units wide (its height follows from labels and legend).

    `axis_notes` adds a highlighted line under each axis name (e.g. "2.4 ± 0.7").
    Meant for 3–20 axes; with fewer it draws a note instead of a chart.
    """
    axes = [" ".join(str(a).split()) for a in axes]
    n = len(axes)
    description = describe(axes, series, title=title, levels=levels)
    if n < 3:
        return _placeholder(size, label_scale, title, description)

    layout = radar_layout(axes, size=size, label_scale=label_scale, notes=axis_notes)
    legend, legend_height = _legend(series, layout, label_scale)
    height = layout.chart_height + legend_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="radar-chart" '
        f'viewBox="0 0 {num(layout.width)} {num(height)}" width="{num(layout.width)}" '
        f'height="{num(height)}" role="img" aria-label="{escape(description)}" '
        f'font-family="{FONT}">',
        f"<title>{escape(title or _('Radar chart'))}</title>",
        f"<desc>{escape(description)}</desc>",
        f'<rect x="0" y="0" width="{num(layout.width)}" height="{num(height)}" rx="12" '
        f'fill="{WHITE}"/>',
        _grid(layout, n, levels),
    ]
    counters: dict[str, int] = {}
    for s in series:
        look = _look(s.style, counters)
        parts.append(_series(s, look, layout, n, levels))
    parts.append(_level_numbers(layout, levels, label_scale))
    parts.append(_axis_labels(layout))
    parts.append(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def describe(axes: list[str], series: list[Series], *, title: str = "", levels: int = 5) -> str:
    """The chart in words, for screen readers: every value of every series."""
    sentences = [title] if title else []
    sentences.append(_("Radar chart, levels 1 to %(levels)d.") % {"levels": levels})
    for s in series:
        items = []
        for i, axis in enumerate(axes):
            value = _value(s.values, i)
            if value is None:
                items.append(_("%(axis)s no value") % {"axis": axis})
                continue
            spread = _value(s.spread, i)
            text = f"{axis} {_fmt(value)}"
            if spread is not None:
                text += f" ± {_fmt(spread)}"
            items.append(text)
        sentences.append(f"{s.label}: {', '.join(items)}.")
    return " ".join(sentences)


def band_limits(mean: float, spread: float, levels: int = 5) -> tuple[float, float]:
    """mean ± spread, kept on the scale: never below level 1, never above the top level."""
    return max(1.0, float(mean) - float(spread)), min(float(levels), float(mean) + float(spread))


# --- layout ----------------------------------------------------------------------------


def radar_layout(
    axes: list[str],
    *,
    size: int = 420,
    label_scale: float = 1.0,
    notes: list[str] | None = None,
) -> Layout:
    """Chooses font size, label wrapping and radius so every label fits unclipped.

    Tries the widest labels first and narrows them (two lines, then smaller type)
    until no two labels overlap and the ring keeps a useful size.
    """
    n = len(axes)
    given = list(notes or [])
    notes = [" ".join(str(given[i] or "").split()) if i < len(given) else "" for i in range(n)]
    base_font = 13.0 * label_scale
    # Many axes leave less room around the ring for each label.
    crowd = 1.0 if n <= 10 else max(0.72, 1.0 - (n - 10) * 0.03)
    best = None
    for font_factor in (1.0, 0.9, 0.8, 0.7):
        font_size = base_font * crowd * font_factor
        # Within one type size, the line breaks that leave the largest ring win.
        candidates = [
            _try_layout(axes, notes, size, font_size, fraction * size, label_scale)
            for fraction in (0.34, 0.28, 0.23, 0.19, 0.15)
        ]
        overlaps, layout = min(candidates, key=lambda c: (c[0], -c[1].r))
        if overlaps == 0 and layout.r >= 0.19 * size:
            return layout
        if best is None or (overlaps, -layout.r) < best[0]:
            best = ((overlaps, -layout.r), layout)
    return best[1]


def _try_layout(
    axes: list[str],
    notes: list[str],
    size: int,
    font_size: float,
    max_width: float,
    label_scale: float,
) -> tuple[int, Layout]:
    n = len(axes)
    pad = 10.0 * label_scale
    gap = 9.0 * label_scale
    line_height = font_size * 1.2
    half = size / 2
    measure = font_size * 1.12  # labels are semibold: their glyphs run about 12% wider
    wrapped = [_wrap(a, measure, max_width, hard_max=0.42 * size) for a in axes]

    # Largest r for which every label stays inside [pad, size − pad] horizontally.
    r = half - pad
    boxes_at_unit = []
    for i, lines in enumerate(wrapped):
        c, s = math.cos(_angle(i, n)), math.sin(_angle(i, n))
        box_lines = [*lines, notes[i]] if notes[i] else lines
        w = max(text_width(line, measure) for line in box_lines)
        h = (len(box_lines) - 1) * line_height + font_size
        anchor = "start" if c > 0.2 else "end" if c < -0.2 else "middle"
        lo, hi = {"start": (0.0, w), "end": (-w, 0.0), "middle": (-w / 2, w / 2)}[anchor]
        if c > 1e-9:
            r = min(r, (half - pad - hi) / c - gap)
        elif c < -1e-9:
            r = min(r, (half - pad + lo) / -c - gap)
        top = -h if s < -0.2 else 0.0 if s > 0.2 else -h / 2
        boxes_at_unit.append((c, s, lo, hi, top, h, anchor))
    r = max(r, 0.12 * size)

    # Place the labels around a centre at (half, 0), then shift everything down.
    d = r + gap
    boxes = []
    for c, s, lo, hi, top, h, _anchor in boxes_at_unit:
        px, py = half + d * c, d * s
        boxes.append((px + lo, py + top, px + hi, py + top + h))
    y_min = min([-r, *(b[1] for b in boxes)])
    y_max = max([r, *(b[3] for b in boxes)])
    cy = pad - y_min
    chart_height = y_max - y_min + 2 * pad

    labels = []
    for (c, s, _lo, _hi, top, _h, anchor), lines, full, note in zip(
        boxes_at_unit, wrapped, axes, notes, strict=True
    ):
        px, py = half + d * c, cy + d * s
        labels.append(
            AxisLabel(
                lines=tuple(lines),
                full=full,
                note=note,
                x=px,
                y=py + top + font_size * 0.8,  # first baseline: about one ascent below the top
                anchor=anchor,
            )
        )
    overlaps = sum(
        1
        for a in range(n)
        for b in range(a + 1, n)
        if _overlap(boxes[a], boxes[b], margin=2.0 * label_scale)
    )
    layout = Layout(
        width=float(size),
        chart_height=chart_height,
        cx=half,
        cy=cy,
        r=r,
        font_size=font_size,
        line_height=line_height,
        labels=tuple(labels),
    )
    return overlaps, layout


def _overlap(a, b, margin: float) -> bool:
    return not (
        a[2] + margin <= b[0]
        or b[2] + margin <= a[0]
        or a[3] + margin <= b[1]
        or b[3] + margin <= a[1]
    )


def _angle(axis: int, n: int) -> float:
    return -math.pi / 2 + 2 * math.pi * axis / n


# --- text --------------------------------------------------------------------------------

# Rough advance widths in em, on the wide side (DejaVu Sans is wider than Inter), so
# an estimate never clips a label.
_NARROW = {**dict.fromkeys("ijlI|.,;:!'", 0.3), **dict.fromkeys("ftr()[] -/", 0.42)}
_WIDE = dict.fromkeys("mwMW@%", 0.95)


def text_width(text: str, font_size: float) -> float:
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += _NARROW[ch]
        elif ch in _WIDE:
            em += _WIDE[ch]
        elif ch.isupper():
            em += 0.72
        elif ch.isdigit():
            em += 0.64
        else:
            em += 0.61
    return em * font_size


def truncate(text: str, font_size: float, max_width: float) -> str:
    if text_width(text, font_size) <= max_width:
        return text
    while text and text_width(text + "…", font_size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(text: str, font_size: float, max_width: float, *, hard_max: float) -> list[str]:
    """One line if it fits, else two lines split where the longer one is shortest."""
    if text_width(text, font_size) <= max_width or " " not in text:
        return [truncate(text, font_size, hard_max)]
    words = text.split(" ")
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    first, second = min(
        splits, key=lambda p: max(text_width(p[0], font_size), text_width(p[1], font_size))
    )
    return [truncate(first, font_size, hard_max), truncate(second, font_size, hard_max)]


# --- drawing -----------------------------------------------------------------------------


def num(x: float) -> str:
    """Coordinates with two decimals and no trailing zeros: short and deterministic."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fmt(value: float) -> str:
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _value(values, i: int) -> float | None:
    if values is None or i >= len(values) or values[i] is None:
        return None
    return float(values[i])


def _look(style: str, counters: dict[str, int]) -> Look:
    looks = LOOKS.get(style, LOOKS["primary"])
    index = counters.get(style, 0)
    counters[style] = index + 1
    return looks[index % len(looks)]


def _pt(point: tuple[float, float]) -> str:
    return f"{num(point[0])},{num(point[1])}"


def _ring(layout: Layout, n: int, value: float, levels: int) -> str:
    return " ".join(_pt(layout.point(i, n, value, levels)) for i in range(n))


def _grid(layout: Layout, n: int, levels: int) -> str:
    parts = [
        '<g class="radar__grid">',
        f'<polygon points="{_ring(layout, n, levels, levels)}" fill="{PLOT_BG}" '
        f'stroke="{GRID_STRONG}" stroke-width="1.5"/>',
    ]
    for level in range(1, levels):
        parts.append(
            f'<polygon points="{_ring(layout, n, level, levels)}" fill="none" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
    for i in range(n):
        x, y = layout.point(i, n, levels, levels)
        parts.append(
            f'<line x1="{num(layout.cx)}" y1="{num(layout.cy)}" x2="{num(x)}" y2="{num(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
    parts.append("</g>")
    return "".join(parts)


def _series(s: Series, look: Look, layout: Layout, n: int, levels: int) -> str:
    values = [_value(s.values, i) for i in range(n)]
    present = [v is not None for v in values]
    points = [None if v is None else layout.point(i, n, v, levels) for i, v in enumerate(values)]
    dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
    band_colour = look.fill or look.stroke
    parts = [f'<g class="radar__series radar__series--{escape(s.style)}">']

    if s.spread is not None:
        parts.append(_band(s, values, layout, n, levels, band_colour))

    if all(present):
        fill = (
            f'fill="{look.fill}" fill-opacity="{look.fill_opacity}"' if look.fill else 'fill="none"'
        )
        parts.append(
            f'<polygon class="radar__line" points="{" ".join(_pt(p) for p in points)}" {fill} '
            f'stroke="{look.stroke}" stroke-width="{look.width}" stroke-linejoin="round"{dash}/>'
        )
    elif any(present):
        # A gap stays a gap: only neighbouring values are joined, nothing is drawn at 0.
        segments = [
            f"M{_pt(points[i])} L{_pt(points[(i + 1) % n])}"
            for i in range(n)
            if present[i] and present[(i + 1) % n]
        ]
        if segments:
            parts.append(
                f'<path class="radar__line" d="{" ".join(segments)}" fill="none" '
                f'stroke="{look.stroke}" stroke-width="{look.width}" stroke-linecap="round"{dash}/>'
            )
    radius = 2.2 + look.width * 0.6
    for p in points:
        if p is not None:
            parts.append(
                f'<circle class="radar__point" cx="{num(p[0])}" cy="{num(p[1])}" '
                f'r="{num(radius)}" fill="{look.stroke}" stroke="{WHITE}" stroke-width="1.2"/>'
            )
    parts.append("</g>")
    return "".join(parts)


def _band(
    s: Series, values: list[float | None], layout: Layout, n: int, levels: int, colour: str
) -> str:
    limits = []
    for i, mean in enumerate(values):
        spread = _value(s.spread, i)
        limits.append(None if mean is None or spread is None else band_limits(mean, spread, levels))
    strips = []
    whiskers = []
    for i in range(n):
        j = (i + 1) % n
        if limits[i] and limits[j]:
            corners = [(i, limits[i][1]), (j, limits[j][1]), (j, limits[j][0]), (i, limits[i][0])]
            strips.append(
                "M" + " L".join(_pt(layout.point(a, n, v, levels)) for a, v in corners) + " Z"
            )
        elif limits[i] and not limits[(i - 1) % n]:
            lo, hi = limits[i]
            whiskers.append((layout.point(i, n, lo, levels), layout.point(i, n, hi, levels)))
    parts = []
    if strips:
        # One path, so neighbouring strips show no seam between them.
        parts.append(
            f'<path class="radar__band" d="{" ".join(strips)}" fill="{colour}" '
            f'fill-opacity="{BAND_OPACITY}" stroke="none"/>'
        )
    for a, b in whiskers:
        parts.append(
            f'<line class="radar__band" x1="{num(a[0])}" y1="{num(a[1])}" x2="{num(b[0])}" '
            f'y2="{num(b[1])}" stroke="{colour}" stroke-opacity="{BAND_OPACITY * 2}" '
            f'stroke-width="8" stroke-linecap="round"/>'
        )
    return "".join(parts)


def _level_numbers(layout: Layout, levels: int, label_scale: float) -> str:
    """1…levels beside the top spoke, with a white halo so polygons never hide them."""
    # Smaller than the gap between two rings, so the numbers never run into each other.
    size = min(10.5 * label_scale, 0.75 * layout.r / levels)
    parts = [f'<g class="radar__levels" font-size="{num(size)}" font-weight="600">']
    for level in range(1, levels + 1):
        x = layout.cx + 4 * label_scale
        y = layout.cy - layout.r * level / levels + size * 0.85
        common = f'x="{num(x)}" y="{num(y)}"'
        parts.append(
            f'<text {common} fill="{WHITE}" stroke="{WHITE}" stroke-width="3" '
            f'stroke-linejoin="round">{level}</text>'
            f'<text {common} fill="{TEXT_MUTED}">{level}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _axis_labels(layout: Layout) -> str:
    parts = [
        f'<g class="radar__labels" font-size="{num(layout.font_size)}" font-weight="600" '
        f'fill="{TEXT}">'
    ]
    for label in layout.labels:
        tspans = "".join(
            f'<tspan x="{num(label.x)}" y="{num(label.y + k * layout.line_height)}">'
            f"{escape(line)}</tspan>"
            for k, line in enumerate(label.lines)
        )
        if label.note:
            y = label.y + len(label.lines) * layout.line_height
            tspans += (
                f'<tspan class="radar__note" x="{num(label.x)}" y="{num(y)}" fill="{NOTE}" '
                f'font-weight="700">{escape(label.note)}</tspan>'
            )
        shortened = " ".join(label.lines) != label.full
        tooltip = f"<title>{escape(label.full)}</title>" if shortened else ""
        parts.append(f'<text text-anchor="{label.anchor}">{tooltip}{tspans}</text>')
    parts.append("</g>")
    return "".join(parts)


def _legend(series: list[Series], layout: Layout, label_scale: float) -> tuple[str, float]:
    """Swatches and labels under the chart, centred, wrapping onto more rows as needed."""
    if not series:
        return "", 0.0
    font_size = max(11.0 * label_scale, layout.font_size * 0.95)
    swatch = 28.0 * label_scale
    gap = 7.0 * label_scale
    spacing = 20.0 * label_scale
    pad = 10.0 * label_scale
    row_height = font_size * 1.7
    available = layout.width - 2 * pad

    items = []
    counters: dict[str, int] = {}
    for s in series:
        look = _look(s.style, counters)
        text = truncate(" ".join(s.label.split()), font_size, available - swatch - gap)
        items.append((s, look, text, swatch + gap + text_width(text, font_size)))

    rows: list[list] = [[]]
    width = 0.0
    for item in items:
        needed = item[3] + (spacing if rows[-1] else 0)
        if rows[-1] and width + needed > available:
            rows.append([])
            width = 0.0
            needed = item[3]
        rows[-1].append(item)
        width += needed

    parts = [f'<g class="radar__legend" font-size="{num(font_size)}" fill="{TEXT}">']
    y = layout.chart_height + row_height / 2
    for row in rows:
        row_width = sum(item[3] for item in row) + spacing * (len(row) - 1)
        x = (layout.width - row_width) / 2
        for s, look, text, item_width in row:
            parts.append(_swatch(s, look, x, y, swatch, label_scale))
            parts.append(
                f'<text x="{num(x + swatch + gap)}" y="{num(y + font_size * 0.35)}">'
                f"{escape(text)}</text>"
            )
            x += item_width + spacing
        y += row_height
    parts.append("</g>")
    return "".join(parts), row_height * len(rows) + pad * 0.6


def _swatch(s: Series, look: Look, x: float, y: float, width: float, label_scale: float) -> str:
    parts = ['<g class="radar__swatch">']
    if s.spread is not None:
        height = 12 * label_scale
        parts.append(
            f'<rect x="{num(x)}" y="{num(y - height / 2)}" width="{num(width)}" '
            f'height="{num(height)}" rx="3" fill="{look.fill or look.stroke}" '
            f'fill-opacity="{BAND_OPACITY * 1.5}"/>'
        )
    dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
    parts.append(
        f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(x + width)}" y2="{num(y)}" '
        f'stroke="{look.stroke}" stroke-width="{look.width}"{dash}/>'
        f'<circle cx="{num(x + width / 2)}" cy="{num(y)}" r="{num(2.2 + look.width * 0.6)}" '
        f'fill="{look.stroke}" stroke="{WHITE}" stroke-width="1.2"/></g>'
    )
    return "".join(parts)


def _placeholder(size: int, label_scale: float, title: str, description: str) -> SafeString:
    height = size * 0.35
    font_size = 13 * label_scale
    message = _("A radar chart needs at least three dimensions.")
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="radar-chart" '
        f'viewBox="0 0 {num(size)} {num(height)}" width="{num(size)}" height="{num(height)}" '
        f'role="img" aria-label="{escape(description)}" font-family="{FONT}">'
        f"<title>{escape(title or _('Radar chart'))}</title>"
        f'<rect x="0" y="0" width="{num(size)}" height="{num(height)}" rx="12" fill="{WHITE}" '
        f'stroke="{GRID}"/><text x="{num(size / 2)}" y="{num(height / 2)}" '
        f'text-anchor="middle" font-size="{num(font_size)}" fill="{TEXT_MUTED}">'
        f"{escape(message)}</text></svg>"
    )
