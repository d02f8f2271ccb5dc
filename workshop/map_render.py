"""Drawing of the causal map: Graphviz lays it out, this module decides the look.

Pure functions on plain data (no Django, no ORM), so the projector, the team views
and the PDF share one drawing and the tests need no database. Callers cache the
result per map version (`cache_key`).

The drawing reads without colour: the node *shape* gives the kind, the line
*pattern* the polarity (solid +, dashed −, dotted = proposed), the line *width*
the strength, and every link carries a "+" or "−" at its head.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import subprocess
import textwrap
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

import graphviz
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy

# Layout metrics come from the first family fontconfig has (DejaVu Sans on our
# servers). Browsers with the app's web font draw Inter, which is narrower, so
# text always fits its shape; PNGs and PDFs without it fall back the same way.
FONT = "Inter Variable, Inter, DejaVu Sans, Helvetica, Arial, sans-serif"
BOLD_FONT = f"{FONT} Bold"  # Pango reads the weight from the name; see _tidy_svg
DOT_COMMAND = "dot"
DOT_TIMEOUT = 20  # seconds; 150 factors and 400 links take ~0.5 s (benchmarks/)
LABEL_WIDTH = 22  # characters per line
LABEL_MAX = 80
ASPECT = 2.0  # width over height a map aims at: a 16:9 screen below a header
PROJECTOR_ASPECT = ASPECT  # wider targets made dot stack the key and stretch loops: worse
PROJECTOR_TEXT_SCALE = 1.5  # text for the back of the room, spacing unchanged
RANKSEP = 0.7  # inches between columns
RENDER_VERSION = 1  # part of cache_key: bump it when the look changes

INK = "#111a30"
MUTED = "#697286"
CARD = "#ffffff"
HAIRLINE = "#dfe2ea"
POSITIVE = "#23335f"
NEGATIVE = "#c22a2f"
PROPOSED = "#9aa1b2"
ACCENT = "#d9621f"
FADED_TEXT = "#9aa1b2"
FADED_LINE = "#dfe2ea"
FADED_NEGATIVE = "#f1c3c5"

PENWIDTH = {1: 1.0, 2: 2.2, 3: 3.6}
PROPOSED_PENWIDTH = {1: 1.2, 2: 1.6, 3: 2.0}
LOOP_PENWIDTH = 4.5
LOOP_OUTLINE = 3.5
PLUS, MINUS = "+", "\u2212"


@dataclass(frozen=True)
class MapNode:
    id: int
    label: str  # user text, up to 80 characters
    kind: str  # "inhibitor" | "enabler" | "outcome" | "building_block"
    topic: str = ""


@dataclass(frozen=True)
class MapEdge:
    cause: int
    effect: int
    polarity: int  # +1 reinforces, -1 weakens
    strength: int = 1  # 1..3
    proposed: bool = False  # a team's link not yet accepted into the room map


@dataclass(frozen=True)
class _Look:
    name: str
    shape: str
    style: str
    fill: str
    border: str
    faded_fill: str


LOOKS = {
    "inhibitor": _Look(
        pgettext_lazy("factor kind", "Inhibitor"),
        "box",
        "rounded,filled",
        "#fce4e4",
        "#c22a2f",
        "#fdf3f3",
    ),
    "enabler": _Look(
        pgettext_lazy("factor kind", "Enabler"),
        "ellipse",
        "filled",
        "#dcf3e6",
        "#17804b",
        "#f1faf5",
    ),
    "building_block": _Look(
        pgettext_lazy("factor kind", "Building block"),
        "box3d",
        "filled",
        "#e3ebfc",
        "#2457c5",
        "#f3f6fd",
    ),
    "outcome": _Look(
        pgettext_lazy("factor kind", "Outcome"),
        "doubleoctagon",
        "filled",
        "#fbe3a6",
        "#92510a",
        "#fdf5e1",
    ),
}
UNKNOWN_LOOK = _Look(
    pgettext_lazy("factor kind", "Factor"), "box", "filled", "#eceef3", "#697286", "#f5f6f9"
)


class MapRenderError(RuntimeError):
    """Graphviz failed or took too long; the caller shows a placeholder instead."""


def map_dot(
    nodes: Iterable[MapNode],
    edges: Iterable[MapEdge],
    *,
    highlight: Collection[int] | None = None,
    title: str = "",
    legend: bool = True,
    text_scale: float = 1.0,
    aspect: float = ASPECT,
) -> str:
    """The DOT source of the map.

    `text_scale` enlarges every text while spacing stays: the projector uses it, so
    labels stay readable from the back of the room once the drawing is fitted to
    the screen.

    Links whose cause or effect is not among `nodes` are left out (a map filtered
    by topic). `highlight` is one feedback loop: given in loop order (list or
    tuple) the accepted links around the loop are accented; given as a set, every
    accepted link between its factors is. Highlighting never moves anything.
    """
    nodes = sorted({n.id: n for n in reversed(list(nodes))}.values(), key=lambda n: n.id)
    known = {n.id for n in nodes}
    edges = sorted(
        (e for e in edges if e.cause in known and e.effect in known),
        key=lambda e: (e.cause, e.effect, e.proposed, e.polarity, e.strength),
    )
    loop_nodes, loop_links = _loop(highlight)
    fading = bool(loop_nodes)
    # Dense maps route many links between the factors of a column: close up.
    nodesep = min(0.32, max(0.14, 0.32 - 0.002 * (len(nodes) - 30)))
    key = _key_for(nodes, edges) if legend else None
    column = _columns(nodes, edges, nodesep=nodesep, key=key, text_scale=text_scale, aspect=aspect)
    size = lambda points: f"{points * text_scale:g}"  # noqa: E731

    graph = graphviz.Digraph("Causal map")
    graph.attr(
        "graph",
        rankdir="LR",
        newrank="true",  # lets the key's cluster share the last column
        splines="true",
        overlap="false",  # dot never overlaps nodes; stated for other engines
        outputorder="edgesfirst",  # nodes are drawn over the lines that meet them
        nodesep=f"{nodesep:g}",
        ranksep=f"{RANKSEP:g}",
        pad="0.35",
        bgcolor=CARD,  # a light card: reads on the dark projector and on paper
        fontname=BOLD_FONT,
        fontsize=size(22),
        fontcolor=INK,
    )
    if title:
        graph.attr("graph", label=_escape_lines([_clean(title)]), labelloc="t", labeljust="l")
    graph.attr(
        "node",
        fontname=FONT,
        fontsize=size(14),
        fontcolor=INK,
        margin="0.16,0.07",
        height="0.5",
        penwidth="1.4",
    )
    graph.attr(
        "edge",
        arrowhead="normal",
        labelfontname=BOLD_FONT,
        labelfontsize=size(16),
        labeldistance="1.7",
        labelangle="-32",
    )

    for node in nodes:
        graph.node(f"f{node.id}", **_node_attrs(node, fading, node.id in loop_nodes))
    for edge in edges:
        in_loop = not edge.proposed and (edge.cause, edge.effect) in loop_links
        attrs = _edge_attrs(edge, fading, in_loop)
        span = column[edge.effect] - column[edge.cause]
        if edge.proposed or span <= 0:
            attrs["constraint"] = "false"  # proposals and feedback never reorder columns
        elif span > 1:
            attrs["minlen"] = str(span)
        graph.edge(f"f{edge.cause}", f"f{edge.effect}", **attrs)

    last = max(column.values(), default=0)
    for number in sorted(set(column.values())):
        with graph.subgraph() as same:
            same.attr("graph", rank="same")
            for node in nodes:
                if column[node.id] == number:
                    same.node(f"f{node.id}")
            if key and number == last:
                for name in key.node_names:
                    same.node(name)
    if key:
        _add_legend(graph, key, with_loop=fading, font_size=size(13))
    return graph.source


def render_svg(
    nodes: Iterable[MapNode],
    edges: Iterable[MapEdge],
    *,
    highlight: Collection[int] | None = None,
    title: str = "",
    legend: bool = True,
    text_scale: float = 1.0,
    aspect: float = ASPECT,
) -> str:
    """The map as an <svg> element to inline in HTML: no prolog, 100% wide, keeps
    its viewBox so it scales, labelled for screen readers."""
    nodes = list(nodes)
    if not nodes:
        return empty_svg(gettext("No factors on the map yet."))
    edges = list(edges)
    source = map_dot(
        nodes,
        edges,
        highlight=highlight,
        title=title,
        legend=legend,
        text_scale=text_scale,
        aspect=aspect,
    )
    svg = run_dot(source, "svg").decode("utf-8")
    return _tidy_svg(svg, aria_label=_describe(nodes, edges, title))


def render_png(
    nodes: Iterable[MapNode],
    edges: Iterable[MapEdge],
    *,
    highlight: Collection[int] | None = None,
    title: str = "",
    legend: bool = True,
    dpi: int = 150,
) -> bytes:
    nodes = list(nodes)
    if nodes:
        source = map_dot(nodes, edges, highlight=highlight, title=title, legend=legend)
    else:
        source = _placeholder_dot(gettext("No factors on the map yet."))
    return run_dot(source, "png", f"-Gdpi={int(dpi)}")


def run_dot(source: str, output_format: str, *options: str) -> bytes:
    """Lay out and draw `source` with Graphviz's `dot`, within DOT_TIMEOUT."""
    # SERVER_NAME makes Graphviz refuse to open any file the graph names: a second
    # lock behind never putting user text into file-valued attributes.
    env = {**os.environ, "SERVER_NAME": "pmo-workshop"}
    try:
        done = subprocess.run(
            [DOT_COMMAND, f"-T{output_format}", *options],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise MapRenderError(f"Graphviz took longer than {DOT_TIMEOUT} s") from error
    except OSError as error:
        raise MapRenderError(f"Graphviz could not be started: {error}") from error
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise MapRenderError(f"Graphviz failed ({done.returncode}): {message[:500]}")
    return done.stdout


def empty_svg(message: str) -> str:
    """A small card saying `message`, for a map without factors (or one that failed)."""
    text = _clean(message)
    svg = ElementTree.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": "0 0 480 120",
            "width": "100%",
            "role": "img",
            "aria-label": text,
            "class": "causal-map causal-map--empty",
        },
    )
    ElementTree.SubElement(
        svg,
        "rect",
        {
            "x": "1", "y": "1", "width": "478", "height": "118", "rx": "12",
            "fill": CARD, "stroke": HAIRLINE, "stroke-width": "2", "stroke-dasharray": "8,5",
        },
    )  # fmt: skip
    lines = textwrap.wrap(text, 40)[:3] or [""]
    label = ElementTree.SubElement(
        svg,
        "text",
        {"text-anchor": "middle", "font-family": FONT, "font-size": "18", "fill": MUTED},
    )
    top = 66 - 12 * (len(lines) - 1)
    for number, line in enumerate(lines):
        span = ElementTree.SubElement(label, "tspan", {"x": "240", "y": str(top + 24 * number)})
        span.text = line
    return ElementTree.tostring(svg, encoding="unicode")


def cache_key(workshop_id: int, map_version: int, **options: object) -> str:
    """A stable cache key for one drawing of one version of a workshop's map.

    `options` are whatever changes the drawing (highlight, title, legend, topic,
    format, dpi …); a set is keyed by its sorted members, a list keeps its order.
    """

    def encode(value: object) -> object:
        if isinstance(value, set | frozenset):
            return {"set": sorted(value, key=repr)}
        raise TypeError(f"cache_key cannot encode {type(value).__name__}")

    # The key and the descriptions are worded in the active language.
    options = {**options, "language": get_language()}
    blob = json.dumps(options, sort_keys=True, default=encode, ensure_ascii=True)
    digest = hashlib.sha1(blob.encode("ascii")).hexdigest()[:20]
    return f"causal-map:v{RENDER_VERSION}:{workshop_id}:{map_version}:{digest}"


# --- layout -----------------------------------------------------------------


def _columns(
    nodes: list[MapNode],
    edges: list[MapEdge],
    *,
    nodesep: float,
    key: _Key | None,
    text_scale: float = 1.0,
    aspect: float = ASPECT,
) -> dict[int, int]:
    """The column of each factor: causes left of their effects where loops allow,
    outcomes in a column of their own on the right.

    Left to itself, dot gives a long causal chain one column per step: a strip far
    too wide for a projector. Here the steps are folded into as many columns as
    make the drawing closest to `aspect`. The order comes from accepted links only:
    loops are cut where the fewest strong links point backwards, and links out of
    an outcome count as feedback.
    """
    outcomes = {n.id for n in nodes if n.kind == "outcome"}
    factors = [n.id for n in nodes if n.id not in outcomes]
    weight: dict[tuple[int, int], int] = {}
    for link in edges:
        if link.proposed or link.cause == link.effect or {link.cause, link.effect} & outcomes:
            continue
        weight[link.cause, link.effect] = weight.get((link.cause, link.effect), 0) + link.strength
    succ: dict[int, set[int]] = {f: set() for f in factors}
    pred: dict[int, set[int]] = {f: set() for f in factors}
    for cause, effect in weight:
        succ[cause].add(effect)
        pred[effect].add(cause)

    order = _feedback_arc_order(factors, succ, pred, weight)
    position = {f: i for i, f in enumerate(order)}
    ahead = {f: [s for s in succ[f] if position[f] < position[s]] for f in order}
    depth = dict.fromkeys(order, 0)
    for f in order:
        for s in ahead[f]:
            depth[s] = max(depth[s], depth[f] + 1)
    for f in reversed(order):  # pull each cause next to its nearest effect
        if ahead[f]:
            depth[f] = max(depth[f], min(depth[s] for s in ahead[f]) - 1)

    steps = sorted(set(depth.values()))
    boxes = {node.id: _box(node, text_scale) for node in nodes}
    best: tuple[float, dict[int, int]] | None = None
    for count in range(min(3, len(steps)), len(steps) + 1):
        column = _fold(depth, steps, count)
        column.update(dict.fromkeys(outcomes, max(column.values(), default=-1) + 1))
        ratio = _aspect(boxes, edges, column, nodesep, key, text_scale)
        miss = abs(math.log(ratio / aspect))
        if best is None or miss < best[0] - 0.01:
            best = (miss, column)
    if best is None:  # only outcomes
        return dict.fromkeys(outcomes, 0)
    return best[1]


def _fold(depth: dict[int, int], steps: list[int], count: int) -> dict[int, int]:
    """Put the steps into `count` columns holding similar numbers of factors."""
    if count >= len(steps):
        column_of_step = {step: number for number, step in enumerate(steps)}
    else:  # each step goes where the middle of its factors falls
        size = dict.fromkeys(steps, 0)
        for d in depth.values():
            size[d] += 1
        column_of_step, before = {}, 0
        for step in steps:
            column_of_step[step] = int((before + size[step] / 2) * count / len(depth))
            before += size[step]
    used = {c: number for number, c in enumerate(sorted(set(column_of_step.values())))}
    return {f: used[column_of_step[d]] for f, d in depth.items()}


def _box(node: MapNode, text_scale: float = 1.0) -> tuple[float, float]:
    """Roughly the width and height in points Graphviz will give a factor's shape."""
    lines = _wrap(node.label)
    width = 8.0 * text_scale * max(len(line) for line in lines) + 30
    if LOOKS.get(node.kind, UNKNOWN_LOOK).shape in ("ellipse", "doubleoctagon"):
        width *= 1.3
    return width, 17.0 * text_scale * len(lines) + 20


def _aspect(
    boxes: dict[int, tuple[float, float]],
    edges: list[MapEdge],
    column: dict[int, int],
    nodesep: float,
    key: _Key | None,
    text_scale: float = 1.0,
) -> float:
    """Width over height of the drawing dot will make, roughly: columns of wrapped
    labels, plus the room every link needs where it passes through a column."""
    columns = max(column.values()) + 1
    widths = [0.0] * columns
    heights = [0.0] * columns
    for factor, (width, height) in boxes.items():
        c = column[factor]
        widths[c] = max(widths[c], width)
        heights[c] += height + nodesep * 72
    for edge in edges:
        low, high = sorted((column[edge.cause], column[edge.effect]))
        for c in range(low + 1, high):
            heights[c] += nodesep * 72 + 4
    if key:  # the key shares the last column
        widths[-1] = max(widths[-1], 230 * text_scale)
    width = sum(widths) + RANKSEP * 72 * (columns - 1)
    # dot leaves gaps in a column to keep links straight: about half again.
    height = max(1.5 * max(heights), key.height * text_scale if key else 0)
    return width / height


def _feedback_arc_order(
    factors: list[int],
    succ: dict[int, set[int]],
    pred: dict[int, set[int]],
    weight: dict[tuple[int, int], int],
) -> list[int]:
    """An order in which few, weak links point backwards (the greedy heuristic of
    Eades, Lin and Smyth): sources first, sinks last, and when only loops remain,
    the factor whose outgoing strength most exceeds its incoming strength."""
    remaining = set(factors)
    head: list[int] = []
    tail: list[int] = []

    def balance(f: int) -> tuple[int, int]:
        out = sum(weight[f, s] for s in succ[f] & remaining)
        into = sum(weight[p, f] for p in pred[f] & remaining)
        return (out - into, -f)

    while remaining:
        moved = True
        while moved:
            moved = False
            for f in sorted(remaining):
                if not succ[f] & remaining:
                    tail.append(f)
                elif not pred[f] & remaining:
                    head.append(f)
                else:
                    continue
                remaining.discard(f)
                moved = True
        if remaining:
            chosen = max(remaining, key=balance)
            head.append(chosen)
            remaining.discard(chosen)
    return head + tail[::-1]


# --- styling ----------------------------------------------------------------


def _loop(highlight: Collection[int] | None) -> tuple[set[int], set[tuple[int, int]]]:
    if not highlight:
        return set(), set()
    members = set(highlight)
    if isinstance(highlight, Sequence):
        order = list(highlight)
        return members, set(zip(order, order[1:] + order[:1], strict=True))
    return members, {(a, b) for a in members for b in members}


def _node_attrs(node: MapNode, fading: bool, in_loop: bool) -> dict[str, str]:
    look = LOOKS.get(node.kind, UNKNOWN_LOOK)
    faded = fading and not in_loop
    attrs = {
        "label": _escape_lines(_wrap(node.label)),
        "tooltip": _escape_lines([_tooltip(node, look)]),
        "shape": look.shape,
        "style": look.style,
        "fillcolor": look.faded_fill if faded else look.fill,
        "color": HAIRLINE if faded else look.border,
    }
    if faded:
        attrs["fontcolor"] = FADED_TEXT
    if in_loop:
        attrs.update(color=ACCENT, penwidth=f"{LOOP_OUTLINE:g}")
    return attrs


def _edge_attrs(edge: MapEdge, fading: bool, in_loop: bool) -> dict[str, str]:
    strength = min(max(int(edge.strength), 1), 3)
    negative = edge.polarity < 0
    if edge.proposed:
        colour = FADED_LINE if fading else PROPOSED
        style, width = "dotted", PROPOSED_PENWIDTH[strength]
    else:
        colour = NEGATIVE if negative else POSITIVE
        if fading and not in_loop:
            colour = FADED_NEGATIVE if negative else FADED_LINE
        style, width = ("dashed" if negative else "solid"), PENWIDTH[strength]
    if in_loop:
        colour, width = ACCENT, max(LOOP_PENWIDTH, width + 1.5)
    return {
        "color": colour,
        "style": style,
        "penwidth": f"{width:g}",
        "arrowsize": "0.7" if edge.proposed else f"{0.75 + 0.1 * strength:g}",
        "headlabel": MINUS if negative else PLUS,
        "labelfontcolor": colour,
        "weight": str(strength),  # strong links are drawn straighter
    }


def _clean(text: str) -> str:
    """One line of printable text: control characters and line breaks become spaces."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in str(text))
    return " ".join(text.split())


def _wrap(label: str) -> list[str]:
    text = _clean(label)
    if len(text) > LABEL_MAX:
        text = text[: LABEL_MAX - 1].rstrip() + "…"
    return textwrap.wrap(text, LABEL_WIDTH, break_long_words=True) or ["…"]


def _tooltip(node: MapNode, look: _Look) -> str:
    parts = [_clean(node.label)[:200], str(look.name)]
    if node.topic:
        parts.append(_clean(node.topic)[:120])
    return " · ".join(parts)


def _escape_lines(lines: list[str]) -> str:
    """A Graphviz label that shows `lines` literally, centred one under another.

    Graphviz decodes HTML entities even in plain labels, so "&" goes in as
    "&amp;"; graphviz.escape doubles backslashes and stops "<…>" being taken for
    an HTML-like label; the package then quotes the string.
    """
    escaped = [graphviz.escape(line.replace("&", "&amp;")) for line in lines]
    return graphviz.nohtml("\\n".join(escaped))


def _describe(nodes: list[MapNode], edges: list[MapEdge], title: str) -> str:
    known = {n.id for n in nodes}
    links = sum(1 for e in edges if e.cause in known and e.effect in known)
    factors = ngettext("%(n)d factor", "%(n)d factors", len(known)) % {"n": len(known)}
    link_count = ngettext("%(n)d link", "%(n)d links", links) % {"n": links}
    summary = gettext("Causal map with %(factors)s and %(links)s") % {
        "factors": factors,
        "links": link_count,
    }
    return f"{_clean(title)}: {summary}" if title else summary


def _placeholder_dot(message: str) -> str:
    graph = graphviz.Digraph("Causal map")
    graph.attr("graph", bgcolor=CARD, pad="0.4")
    graph.node(
        "message",
        label=_escape_lines([_clean(message)]),
        shape="box",
        style="rounded,dashed",
        color=HAIRLINE,
        fontname=FONT,
        fontcolor=MUTED,
        fontsize="16",
        margin="0.4,0.25",
    )
    return graph.source


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)


def _tidy_svg(svg: str, *, aria_label: str) -> str:
    svg = _COMMENT.sub("", svg[svg.index("<svg") :])
    opening = _SVG_OPEN.match(svg).group(0)
    accessible = (
        f'<svg width="100%" role="img" aria-label="{html.escape(aria_label, quote=True)}"'
        ' class="causal-map"'
    )
    svg = _SIZE.sub("", opening).replace("<svg", accessible, 1) + svg[len(opening) :]
    # Pango takes "… Bold" as part of the font name, CSS wants a weight.
    svg = svg.replace(f'font-family="{BOLD_FONT}"', f'font-family="{FONT}" font-weight="bold"')
    # Graphviz's dash (5,2) closes up on thick lines: open it so − links stay
    # dashed in black and white, and space the dots of proposed links.
    svg = svg.replace('stroke-dasharray="5,2"', 'stroke-dasharray="9,5"')
    svg = svg.replace('stroke-dasharray="1,5"', 'stroke-dasharray="2,4"')
    return svg.strip()


# --- key --------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    kinds: tuple[str, ...]  # the kinds on this map, in LOOKS order
    proposed: bool  # whether any link is still a proposal

    @property
    def node_names(self) -> list[str]:
        return [f"legend_{kind}" for kind in self.kinds] + ["legend_links"]

    @property
    def height(self) -> float:  # in points, roughly, for _aspect
        return 60 + 47 * len(self.kinds) + 19 * (5 + self.proposed)


def _key_for(nodes: list[MapNode], edges: list[MapEdge]) -> _Key:
    """The key lists only the kinds of factor on the map, as Kumu's legends do."""
    present = {n.kind for n in nodes}
    known = {n.id for n in nodes}
    return _Key(
        kinds=tuple(kind for kind in LOOKS if kind in present),
        proposed=any(e.proposed and e.cause in known and e.effect in known for e in edges),
    )


# Fixed text only, never user input. An HTML-like label because table-cell
# borders are its one way to draw a sample line.
_SAMPLE = (
    '<TD WIDTH="46" HEIGHT="9" FIXEDSIZE="TRUE" BORDER="{width}" SIDES="B"'
    ' STYLE="{style}" COLOR="{colour}"></TD>'
)
_STRENGTHS = (
    '<TD><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
    + '<TD WIDTH="3"></TD>'.join(
        f'<TD WIDTH="13" HEIGHT="9" FIXEDSIZE="TRUE" BORDER="{width}" SIDES="B"'
        f' COLOR="{POSITIVE}"></TD>'
        for width in (1, 2, 4)
    )
    + "</TR></TABLE></TD>"
)


def _key_rows() -> tuple[tuple[str, str], ...]:
    """The key's line samples, worded in the active language (escaped for Graphviz)."""
    return (
        (
            _SAMPLE.format(width=1, style="solid", colour=POSITIVE),
            f'<B><FONT COLOR="{POSITIVE}" POINT-SIZE="14">{PLUS}</FONT></B> '
            + html.escape(gettext("reinforces")),
        ),
        (
            _SAMPLE.format(width=2, style="dashed", colour=NEGATIVE),
            f'<B><FONT COLOR="{NEGATIVE}" POINT-SIZE="14">{MINUS}</FONT></B> '
            + html.escape(gettext("weakens")),
        ),
        (_STRENGTHS, html.escape(gettext("strength 1 · 2 · 3"))),
    )


def _proposed_row() -> tuple[str, str]:
    sample = _SAMPLE.format(width=1, style="dotted", colour=PROPOSED)
    return (sample, html.escape(gettext("proposed, not yet accepted")))


def _loop_row() -> tuple[str, str]:
    sample = _SAMPLE.format(width=4, style="solid", colour=ACCENT)
    return (sample, html.escape(gettext("highlighted loop")))


# Without a loop the row stays, blank, so highlighting never moves the layout.
_NO_LOOP_ROW = ('<TD WIDTH="46" HEIGHT="9" FIXEDSIZE="TRUE"></TD>', " ")


def _key_table(key: _Key, with_loop: bool) -> str:
    rows = (
        *_key_rows(),
        *((_proposed_row(),) if key.proposed else ()),
        _loop_row() if with_loop else _NO_LOOP_ROW,
    )
    body = "".join(f'<TR>{sample}<TD ALIGN="LEFT">{text}</TD></TR>' for sample, text in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="1">{body}</TABLE>>'


def _add_legend(
    graph: graphviz.Digraph, key: _Key, *, with_loop: bool, font_size: str = "13"
) -> None:
    """A key in the last column (top right): one small node per kind, then a table
    of line samples. Its nodes have class "node legend", factors "node"."""
    with graph.subgraph(name="cluster_legend") as box:
        box.attr(
            "graph",
            label=gettext("Key"),
            labeljust="l",
            labelloc="t",
            fontname=BOLD_FONT,
            fontsize=font_size,
            fontcolor=MUTED,
            style="rounded",
            color=HAIRLINE,
            penwidth="1",
            margin="10",
        )
        box.attr("node", fontsize=font_size, height="0.34", margin="0.12,0.04")
        for kind in key.kinds:
            look = LOOKS[kind]
            box.node(
                f"legend_{kind}",
                label=str(look.name),
                shape=look.shape,
                style=look.style,
                fillcolor=look.fill,
                color=look.border,
                tooltip=str(look.name),
                **{"class": "legend"},
            )
        box.node(
            "legend_links",
            label=_key_table(key, with_loop),
            shape="plain",
            fontsize=font_size,
            tooltip=gettext("Links"),
            **{"class": "legend"},
        )
