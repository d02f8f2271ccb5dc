"""The strategy roadmap: a Gantt-like timeline by quarter, as plain SVG 1.1.

Drawn on the server for the strategy page and the PDF pack, with the radar chart's
conventions (teams/radar.py): inline presentation attributes only (WeasyPrint has no
CSS variables), no external references, no ids (two charts on one page never clash),
colours copied from the design tokens, escaped text and the same bytes for the same
input. The viewBox scales it to any width: 900 units suit a laptop column and an A4
page in either orientation.

Geometry: the timeline runs from `layout.x0` (first quarter's left edge) to `layout.x1`;
quarter q starts at x0 + (q − start) · quarter_width. A bar covers its start quarter up
to and including its end quarter.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from teams.radar import (
    FONT,
    GRID,
    GRID_STRONG,
    PLOT_BG,
    TEXT,
    TEXT_MUTED,
    WHITE,
    num,
    text_width,
    truncate,
)

from .models import quarter_label

BAR_FILL = "#fde9dc"  # accent-100
BAR_STROKE = "#d9621f"  # accent-600
BAR_TEXT = "#b34a12"  # accent-700
ARROW = "#3a4a7a"  # ink-600
PROBLEM = "#c22a2f"  # red-600
PROBLEM_FILL = "#fce4e4"  # red-100

PAD = 12.0
ROW = 36.0
BAR = 20.0
FONT_SIZE = 12.5
LINE = 14.5
HEADER = 44.0  # year row and quarter row


@dataclass(frozen=True)
class Item:
    """One initiative as the chart sees it."""

    key: int
    number: int
    title: str
    start: int | None
    end: int | None
    band: str
    depends_on: tuple[int, ...]

    @property
    def scheduled(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def backwards(self) -> bool:
        return self.start is not None and self.end is not None and self.end < self.start

    @property
    def span(self) -> tuple[int, int]:
        """First and last quarter the bar covers (one quarter when only one is known)."""
        known = [q for q in (self.start, self.end) if q is not None]
        return min(known), max(known)


@dataclass(frozen=True)
class Layout:
    width: float
    start: int  # first quarter shown
    end: int  # last quarter shown
    x0: float
    x1: float
    top: float  # y of the first row
    label_width: float

    @property
    def quarters(self) -> int:
        return self.end - self.start + 1

    @property
    def quarter_width(self) -> float:
        return (self.x1 - self.x0) / self.quarters

    def x(self, quarter: int) -> float:
        """Left edge of `quarter` (clamped to the range shown)."""
        quarter = max(self.start, min(self.end + 1, quarter))
        return self.x0 + (quarter - self.start) * self.quarter_width

    def row_y(self, index: int) -> float:
        return self.top + index * ROW


def items_of(initiatives: Iterable) -> list[Item]:
    """Initiatives (model rows or anything with the same attributes) → chart items,
    numbered in the order given. Dependencies on initiatives not given are dropped."""
    rows = list(initiatives)
    keys = {row.pk for row in rows}
    items = []
    for number, row in enumerate(rows, start=1):
        deps = row.depends_on.all() if hasattr(row.depends_on, "all") else row.depends_on
        dep_keys = tuple(sorted({getattr(d, "pk", d) for d in deps if getattr(d, "pk", d) in keys}))
        items.append(
            Item(
                key=row.pk,
                number=number,
                title=" ".join(str(row.title).split()),
                start=row.start_quarter,
                end=row.end_quarter,
                band=row.band or "",
                depends_on=dep_keys,
            )
        )
    return items


def layout_for(
    items: list[Item], *, start: int | None = None, end: int | None = None, width: int = 900
) -> Layout | None:
    """Whole years around the scheduled bars unless `start`/`end` (quarter indexes) are
    given; None when nothing is scheduled and no range is given."""
    known = [q for item in items if item.scheduled for q in item.span]
    if start is None:
        start = (min(known) // 4) * 4 if known else None
    if end is None:
        end = (max(known) // 4) * 4 + 3 if known else None
    if start is None or end is None:
        return None
    end = max(end, start)
    label_width = max(170.0, min(0.3 * width, 300.0))
    x0 = PAD + label_width + 10
    return Layout(
        width=float(width),
        start=start,
        end=end,
        x0=x0,
        x1=width - PAD,
        top=0.0,
        label_width=label_width,
    )


def roadmap_svg(
    initiatives: Iterable,
    *,
    start: int | None = None,
    end: int | None = None,
    width: int = 900,
    title: str = "",
) -> SafeString:
    """The roadmap of `initiatives` (in their order, numbered from 1)."""
    items = items_of(initiatives)
    description = describe(items, title=title)
    layout = layout_for(items, start=start, end=end, width=width)
    y = PAD
    body: list[str] = []
    if title:
        body.append(
            f'<text x="{num(PAD)}" y="{num(y + 15)}" font-size="15" font-weight="700" '
            f'fill="{TEXT}">{escape(title)}</text>'
        )
        y += 28
    if not items:
        return _frame(width, y + 40, description, title, body + [_note(width, y, _empty())])
    if layout is None:
        body.append(_note(width, y, _("No initiative has a start or end quarter yet.")))
        top = y + 34
        labels = Layout(float(width), 0, 0, width - PAD, width - PAD, top, 0.5 * width)
        body.append(_labels_only(items, labels))
        return _frame(width, labels.row_y(len(items)) + PAD, description, title, body)

    layout = replace(layout, top=y + HEADER)
    rows_bottom = layout.row_y(len(items))
    body.append(_columns(layout, y, rows_bottom))
    body.append(_row_lines(items, layout))
    positions = {item.key: index for index, item in enumerate(items)}
    body.append(_arrows(items, positions, layout))
    for index, item in enumerate(items):
        body.append(_label(item, layout, index))
        body.append(_bar(item, layout, index))
    legend, legend_height = _legend(layout, rows_bottom + 10)
    body.append(legend)
    return _frame(width, rows_bottom + 10 + legend_height, description, title, body)


def describe(items: list[Item], *, title: str = "") -> str:
    """The roadmap in words, for screen readers."""
    sentences = [title] if title else []
    sentences.append(_("Roadmap of %(n)d initiatives by quarter.") % {"n": len(items)})
    titles = {item.key: item.title for item in items}
    for item in items:
        if item.start is not None and item.end is not None:
            when = _("%(start)s to %(end)s") % {
                "start": quarter_label(item.start),
                "end": quarter_label(item.end),
            }
        elif item.scheduled:
            when = quarter_label(item.start if item.start is not None else item.end)
        else:
            when = _("not scheduled")
        text = f"{item.number}. {item.title}: {when}"
        if item.band:
            text += ", " + _("band %(band)s") % {"band": item.band}
        if item.depends_on:
            text += ", " + _("depends on %(titles)s") % {
                "titles": ", ".join(titles[k] for k in item.depends_on)
            }
        sentences.append(text + ".")
    return " ".join(sentences)


# --- drawing -----------------------------------------------------------------------------


def _frame(width: float, height: float, description: str, title: str, body: list[str]) -> str:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="roadmap-chart" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}" '
        f'role="img" aria-label="{escape(description)}" font-family="{FONT}">'
        f"<title>{escape(title or _('Roadmap'))}</title>"
        f"<desc>{escape(description)}</desc>"
        f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" rx="12" fill="{WHITE}"/>'
        + "".join(body)
        + "</svg>"
    )


def _empty() -> str:
    return _("No initiatives yet.")


def _note(width: float, y: float, message: str) -> str:
    return (
        f'<text x="{num(width / 2)}" y="{num(y + 20)}" text-anchor="middle" '
        f'font-size="{num(FONT_SIZE + 0.5)}" fill="{TEXT_MUTED}">{escape(message)}</text>'
    )


def _columns(layout: Layout, y: float, bottom: float) -> str:
    """Year bands and labels, quarter labels and grid lines."""
    qw = layout.quarter_width
    show_quarters = qw >= 22
    parts = ['<g class="roadmap__columns">']
    year_top, quarter_top = y, y + 22
    first_year, last_year = layout.start // 4, layout.end // 4
    for year in range(first_year, last_year + 1):
        a = max(layout.start, year * 4)
        b = min(layout.end, year * 4 + 3)
        xa, xb = layout.x(a), layout.x(b + 1)
        shade = PLOT_BG if (year - first_year) % 2 == 0 else WHITE
        parts.append(
            f'<rect x="{num(xa)}" y="{num(year_top)}" width="{num(xb - xa)}" '
            f'height="{num(bottom - year_top)}" fill="{shade}"/>'
        )
        label = str(year)
        if text_width(label, 12) <= xb - xa - 4:
            parts.append(
                f'<text x="{num((xa + xb) / 2)}" y="{num(year_top + 15)}" text-anchor="middle" '
                f'font-size="12" font-weight="700" fill="{TEXT}">{label}</text>'
            )
    for q in range(layout.start, layout.end + 2):
        x = layout.x(q)
        strong = q % 4 == 0 or q in (layout.start, layout.end + 1)
        parts.append(
            f'<line x1="{num(x)}" y1="{num(year_top if strong else quarter_top)}" x2="{num(x)}" '
            f'y2="{num(bottom)}" stroke="{GRID_STRONG if strong else GRID}" stroke-width="1"/>'
        )
        if show_quarters and q <= layout.end:
            parts.append(
                f'<text x="{num(x + qw / 2)}" y="{num(quarter_top + 14)}" text-anchor="middle" '
                f'font-size="10.5" fill="{TEXT_MUTED}">Q{q % 4 + 1}</text>'
            )
    parts.append(
        f'<line x1="{num(PAD)}" y1="{num(layout.top)}" '
        f'x2="{num(layout.x1)}" y2="{num(layout.top)}" '
        f'stroke="{GRID_STRONG}" stroke-width="1"/>'
    )
    parts.append("</g>")
    return "".join(parts)


def _row_lines(items: list[Item], layout: Layout) -> str:
    parts = ['<g class="roadmap__rows">']
    for index in range(1, len(items) + 1):
        y = layout.row_y(index)
        parts.append(
            f'<line x1="{num(PAD)}" y1="{num(y)}" x2="{num(layout.x1)}" y2="{num(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
    parts.append("</g>")
    return "".join(parts)


def _wrap_title(text: str, width: float) -> list[str]:
    """One or two lines; the second is truncated with an ellipsis if needed."""
    if text_width(text, FONT_SIZE) <= width:
        return [text]
    words = text.split(" ")
    first = ""
    for k in range(len(words), 0, -1):
        candidate = " ".join(words[:k])
        if text_width(candidate, FONT_SIZE) <= width:
            first = candidate
            rest = " ".join(words[k:])
            break
    if not first:  # one very long word
        return [truncate(text, FONT_SIZE, width)]
    return [first, truncate(rest, FONT_SIZE, width)] if rest else [first]


def _label(item: Item, layout: Layout, index: int) -> str:
    number = f"{item.number}"
    number_width = 20.0
    lines = _wrap_title(item.title, layout.label_width - number_width)
    mid = layout.row_y(index) + ROW / 2
    first = mid - (len(lines) - 1) * LINE / 2 + FONT_SIZE * 0.35
    tspans = "".join(
        f'<tspan x="{num(PAD + number_width)}" y="{num(first + k * LINE)}">{escape(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    tooltip = f"<title>{escape(item.title)}</title>" if " ".join(lines) != item.title else ""
    return (
        f'<g class="roadmap__label">'
        f'<text x="{num(PAD)}" y="{num(mid + FONT_SIZE * 0.35)}" font-size="{num(FONT_SIZE)}" '
        f'font-weight="700" fill="{BAR_TEXT}">{number}</text>'
        f'<text font-size="{num(FONT_SIZE)}" font-weight="600" fill="{TEXT}">{tooltip}{tspans}'
        f"</text></g>"
    )


def _labels_only(items: list[Item], layout: Layout) -> str:
    parts = []
    for index, item in enumerate(items):
        parts.append(_label(item, layout, index))
        parts.append(_unscheduled(layout, index, PAD + 0.55 * (layout.width - 2 * PAD)))
    return "".join(parts)


def _unscheduled(layout: Layout, index: int, x: float) -> str:
    mid = layout.row_y(index) + ROW / 2
    return (
        f'<text x="{num(x)}" y="{num(mid + 4)}" font-size="11.5" font-style="italic" '
        f'fill="{TEXT_MUTED}">{escape(_("not scheduled"))}</text>'
    )


def _bar(item: Item, layout: Layout, index: int) -> str:
    if not item.scheduled:
        return _unscheduled(layout, index, layout.x0 + 8)
    first, last = item.span
    xa, xb = layout.x(first) + 2, layout.x(last + 1) - 2
    y = layout.row_y(index) + (ROW - BAR) / 2
    problem = item.backwards
    open_ended = item.start is None or item.end is None
    fill, stroke = (PROBLEM_FILL, PROBLEM) if problem else (BAR_FILL, BAR_STROKE)
    dash = ' stroke-dasharray="4 3"' if problem or open_ended else ""
    when = _bar_tooltip(item)
    parts = [
        f'<g class="roadmap__bar"><title>{escape(f"{item.number}. {item.title} — {when}")}</title>',
        f'<rect x="{num(xa)}" y="{num(y)}" width="{num(max(xb - xa, 4))}" height="{num(BAR)}" '
        f'rx="4" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>',
    ]
    if item.band and xb - xa >= text_width(item.band, 11) + 10:
        colour = PROBLEM if problem else BAR_TEXT
        parts.append(
            f'<text x="{num(xb - 6)}" y="{num(y + BAR / 2 + 4)}" text-anchor="end" font-size="11" '
            f'font-weight="700" fill="{colour}">{escape(item.band)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _bar_tooltip(item: Item) -> str:
    if item.backwards:
        return _("ends (%(end)s) before it starts (%(start)s)") % {
            "end": quarter_label(item.end),
            "start": quarter_label(item.start),
        }
    if item.start is None:
        return _("start not set, ends %(end)s") % {"end": quarter_label(item.end)}
    if item.end is None:
        return _("starts %(start)s, end not set") % {"start": quarter_label(item.start)}
    text = f"{quarter_label(item.start)} – {quarter_label(item.end)}"
    return text + (f", {item.band}" if item.band else "")


def _arrows(items: list[Item], positions: dict[int, int], layout: Layout) -> str:
    """Finish to start: down (or up) from near the end of what is needed, then into
    the start of what needs it. Red and dashed when the dependent starts before its
    dependency ends; then the line runs between the rows and comes in from the left."""
    by_key = {item.key: item for item in items}
    parts = ['<g class="roadmap__arrows" fill="none" stroke-width="1.4">']
    for item in items:
        if not item.scheduled:
            continue
        for key in item.depends_on:
            dep = by_key[key]
            if not dep.scheduled or key == item.key:
                continue
            dep_start, dep_end = layout.x(dep.span[0]) + 2, layout.x(dep.span[1] + 1) - 2
            row_from, row_to = positions[key], positions[item.key]
            down = 1 if row_to > row_from else -1
            x1 = max(dep_start + 4, dep_end - 10)
            y1 = layout.row_y(row_from) + ROW / 2 + down * BAR / 2
            x2 = layout.x(item.span[0]) + 2
            y2 = layout.row_y(row_to) + ROW / 2
            early = item.span[0] <= dep.span[1]
            colour = PROBLEM if early else ARROW
            dash = ' stroke-dasharray="3 3"' if early else ""
            if not early and x2 - 7 >= x1:
                d = f"M{num(x1)},{num(y1)} V{num(y2)} H{num(x2 - 1)}"
            else:
                between = y2 - down * (ROW / 2)
                d = (
                    f"M{num(x1)},{num(y1)} V{num(between)} "
                    f"H{num(x2 - 10)} V{num(y2)} H{num(x2 - 1)}"
                )
            parts.append(f'<path d="{d}" stroke="{colour}"{dash}/>')
            parts.append(
                f'<polygon points="{num(x2)},{num(y2)} {num(x2 - 6)},{num(y2 - 3.5)} '
                f'{num(x2 - 6)},{num(y2 + 3.5)}" fill="{colour}" stroke="none"/>'
            )
    parts.append("</g>")
    return "".join(parts)


def _legend(layout: Layout, y: float) -> tuple[str, float]:
    """What arrows, red bars and bands mean; the band line moves below when narrow."""
    arrow_text = _("depends on")
    problem_text = _("needs a look (dates or order)")
    band_text = _("Band: S weeks · M a quarter · L several quarters · XL a programme")
    x = PAD
    mid = y + 8
    parts = [
        f'<g class="roadmap__legend" font-size="11" fill="{TEXT_MUTED}">',
        f'<path d="M{num(x)},{num(mid)} H{num(x + 22)}" stroke="{ARROW}" stroke-width="1.4"/>',
        f'<polygon points="{num(x + 28)},{num(mid)} {num(x + 22)},{num(mid - 3.5)} '
        f'{num(x + 22)},{num(mid + 3.5)}" fill="{ARROW}"/>',
        f'<text x="{num(x + 34)}" y="{num(mid + 4)}">{escape(arrow_text)}</text>',
    ]
    x += 34 + text_width(arrow_text, 11) + 18
    parts.append(
        f'<rect x="{num(x)}" y="{num(mid - 6)}" width="22" height="12" rx="3" '
        f'fill="{PROBLEM_FILL}" '
        f'stroke="{PROBLEM}" stroke-width="1.2" stroke-dasharray="4 3"/>'
        f'<text x="{num(x + 28)}" y="{num(mid + 4)}">{escape(problem_text)}</text>'
    )
    x += 28 + text_width(problem_text, 11) + 18
    height = 26.0
    if x + text_width(band_text, 11) <= layout.x1:
        parts.append(
            f'<text x="{num(layout.x1)}" y="{num(mid + 4)}" text-anchor="end">'
            f"{escape(band_text)}</text>"
        )
    else:
        parts.append(f'<text x="{num(PAD)}" y="{num(mid + 22)}">{escape(band_text)}</text>')
        height += 18
    parts.append("</g>")
    return "".join(parts), height
