"""The causal map drawing: what Graphviz is asked to draw, and the SVG that comes back.

No database: map_render works on plain data. The SVG is parsed as XML, so
"the label appears" means a text element shows it, not that a substring matches.
"""

import os
import random
import re
import time
from xml.etree import ElementTree

import pytest

from workshop.map_render import (
    ACCENT,
    MINUS,
    MapEdge,
    MapNode,
    cache_key,
    empty_svg,
    map_dot,
    render_png,
    render_svg,
    run_dot,
)

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

FACTORS = [
    MapNode(1, "No recognised career path for PMO staff", "inhibitor", "Careers"),
    MapNode(2, "Executive sponsorship", "enabler", "Organisation"),
    MapNode(3, "PMO community of practice", "enabler", "Community"),
    MapNode(4, "Shared body of knowledge", "building_block", "Standards"),
    MapNode(5, "Accredited training & certification", "building_block", "Standards"),
    MapNode(6, "PMO management is a recognised profession", "outcome"),
]
LINKS = [
    MapEdge(3, 4, +1, 3),  # 3 → 4 → 5 → 3 is a reinforcing loop
    MapEdge(4, 5, +1, 2),
    MapEdge(5, 3, +1, 1),
    MapEdge(3, 5, +1, 1),  # a chord inside the loop's factors, not part of the loop
    MapEdge(1, 2, -1, 1),
    MapEdge(2, 5, +1, 3),
    MapEdge(5, 6, +1, 2),
    MapEdge(1, 6, -1, 3, proposed=True),
]


def parse(svg):
    return ElementTree.fromstring(svg)


def groups(svg, kind):
    """{title: <g>} for the nodes ("f3") or edges ("f3->f4") of a drawing."""
    return {
        g.find(f"{SVG}title").text: g for g in parse(svg).iter(f"{SVG}g") if g.get("class") == kind
    }


def text_of(group):
    return " ".join(t.text or "" for t in group.iter(f"{SVG}text"))


DRAWN = {f"{SVG}path", f"{SVG}polygon", f"{SVG}ellipse"}


def outline(group):
    """The node's shape (first drawn element) or the edge's line."""
    return next(e for e in group.iter() if e.tag in DRAWN)


def width(element):
    return float(element.get("stroke-width", "1"))


def squeeze(text):
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def svg():
    return render_svg(FACTORS, LINKS)


def test_every_factor_is_one_node_showing_its_label(svg):
    nodes = groups(svg, "node")
    assert sorted(nodes) == sorted(f"f{f.id}" for f in FACTORS)
    for factor in FACTORS:
        assert squeeze(text_of(nodes[f"f{factor.id}"])) == squeeze(factor.label)


def test_every_link_is_one_edge(svg):
    edges = groups(svg, "edge")
    assert len(parse(svg).findall(f".//{SVG}g[@class='edge']")) == len(LINKS)
    assert set(edges) == {f"f{link.cause}->f{link.effect}" for link in LINKS}


def test_the_svg_is_ready_to_inline_and_scales():
    svg = render_svg(FACTORS, LINKS, title="Room map")
    assert svg.startswith("<svg")
    assert "<?xml" not in svg and "DOCTYPE" not in svg and "<!--" not in svg
    root = parse(svg)
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert re.fullmatch(r"0\.00 0\.00 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Room map: Causal map with 6 factors and 8 links"


def test_the_card_is_white_whatever_the_page_behind_it(svg):
    background = parse(svg).find(f"{SVG}g/{SVG}polygon")
    assert background.get("fill") == "#ffffff"


def test_negative_links_are_dashed_and_positive_links_are_not(svg):
    edges = groups(svg, "edge")
    assert outline(edges["f1->f2"]).get("stroke-dasharray")
    assert outline(edges["f3->f4"]).get("stroke-dasharray") is None


def test_each_link_is_labelled_with_its_sign(svg):
    edges = groups(svg, "edge")
    assert text_of(edges["f1->f2"]) == MINUS
    assert text_of(edges["f3->f4"]) == "+"


def test_a_strong_link_is_thicker_than_a_weak_one(svg):
    edges = groups(svg, "edge")
    strong, weak = outline(edges["f2->f5"]), outline(edges["f1->f2"])  # strength 3, 1
    assert width(strong) > width(weak) * 3


def test_a_proposed_link_is_dotted_grey_and_thinner_than_an_accepted_one(svg):
    edges = groups(svg, "edge")
    proposed = outline(edges["f1->f6"])  # negative, strength 3, proposed
    accepted_negative = outline(edges["f1->f2"])
    assert proposed.get("stroke-dasharray") != accepted_negative.get("stroke-dasharray")
    assert proposed.get("stroke-dasharray") == "2,4"
    assert proposed.get("stroke") == "#9aa1b2"
    assert width(proposed) < width(outline(edges["f2->f5"]))  # accepted, strength 3


def test_node_shapes_differ_by_kind_so_the_map_reads_in_black_and_white(svg):
    dot = map_dot(FACTORS, LINKS)
    shapes = {f.kind: re.search(rf"\bf{f.id} \[.*?shape=(\w+)", dot).group(1) for f in FACTORS}
    assert len(set(shapes.values())) == 4


def test_highlighting_a_loop_accents_its_nodes_and_links_only():
    loop = [3, 4, 5]
    plain, lit = render_svg(FACTORS, LINKS), render_svg(FACTORS, LINKS, highlight=loop)
    nodes, edges = groups(lit, "node"), groups(lit, "edge")
    for factor in FACTORS:
        accented = outline(nodes[f"f{factor.id}"]).get("stroke") == ACCENT
        assert accented == (factor.id in loop)
    accented = {title for title, g in edges.items() if outline(g).get("stroke") == ACCENT}
    assert accented == {"f3->f4", "f4->f5", "f5->f3"}  # not the chord f3->f5
    assert not any(outline(g).get("stroke") == ACCENT for g in groups(plain, "edge").values())


def test_highlighting_moves_nothing():
    def geometry(svg):
        shapes = {title: outline(g) for title, g in groups(svg, "node").items()}
        return {title: (s.get("points"), s.get("d"), s.get("cx")) for title, s in shapes.items()}

    plain, lit = render_svg(FACTORS, LINKS), render_svg(FACTORS, LINKS, highlight=[3, 4, 5])
    assert parse(plain).get("viewBox") == parse(lit).get("viewBox")
    assert geometry(plain) == geometry(lit)


def test_a_highlight_given_as_a_set_accents_every_accepted_link_between_its_factors():
    edges = groups(render_svg(FACTORS, LINKS, highlight={3, 4, 5}), "edge")
    accented = {title for title, g in edges.items() if outline(g).get("stroke") == ACCENT}
    assert accented == {"f3->f4", "f4->f5", "f5->f3", "f3->f5"}


def test_a_hostile_label_is_shown_as_text_not_markup():
    hostile = MapNode(7, "<img src=x onerror=alert(1)>", "inhibitor", "<script>t</script>")
    svg = render_svg([*FACTORS, hostile], LINKS)
    root = parse(svg)
    assert not [e for e in root.iter() if e.tag.endswith(("img", "script"))]
    assert text_of(groups(svg, "node")["f7"]) == "<img src=x onerror=alert(1)>"
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert "<img" not in svg and "<script" not in svg


@pytest.mark.parametrize(
    "label",
    [
        'He said "no" \\" twice',
        "C:\\PMO\\",
        "ends with a backslash \\",
        "line one\nline two\r\n\tthree",
        r"\N \G \E \l \r escapes",
        "{{ request.user }} {% now %}",
        "a & b &amp; c &lt;d&gt; &#60;",
        '"]; f1 -> f2 [color=red label="x',
        "} digraph { injected",
        "<<B>bold?</B>>",
        "Supercalifragilisticexpialidociousprofessionalisation",
    ],
)
def test_labels_with_dot_specials_render_literally(label):
    factor = MapNode(9, label, "enabler")
    svg = render_svg([*FACTORS, factor], LINKS)
    assert len(groups(svg, "edge")) == len(LINKS)  # nothing was injected
    shown = text_of(groups(svg, "node")["f9"])
    assert squeeze(shown) == squeeze(label)


def test_swedish_letters_render():
    label = "Kompetensutveckling på arbetstid – åäö ÅÄÖ"
    factor = MapNode(8, label, "enabler", "Lärande")
    svg = render_svg([*FACTORS, factor], [*LINKS, MapEdge(8, 4, +1, 2)], title="Karta över yrket")
    assert squeeze(text_of(groups(svg, "node")["f8"])) == squeeze(label)
    assert "Karta över yrket" in svg
    assert render_png([factor], [], title="Öresund").startswith(b"\x89PNG\r\n\x1a\n")


def test_a_long_label_is_wrapped_and_cut_at_80_characters():
    label = "word " * 30
    svg = render_svg([MapNode(1, label, "enabler")], [])
    lines = [t.text for t in groups(svg, "node")["f1"].iter(f"{SVG}text")]
    assert len(lines) > 1 and all(len(line) <= 22 for line in lines)
    assert "".join(lines).endswith("…") and len(" ".join(lines)) <= 80


def test_links_to_factors_not_on_the_map_are_left_out():
    svg = render_svg(FACTORS[:2], LINKS)  # only factors 1 and 2: a topic filter
    assert set(groups(svg, "edge")) == {"f1->f2"}
    assert set(groups(svg, "node")) == {"f1", "f2"}


def test_an_empty_map_is_a_placeholder():
    svg = render_svg([], LINKS)
    root = parse(svg)
    assert root.get("role") == "img" and root.get("width") == "100%"
    assert "No factors on the map yet." in " ".join(t.text or "" for t in root.iter(f"{SVG}tspan"))
    assert not groups(svg, "node")


def test_the_placeholder_escapes_its_message():
    svg = empty_svg('Nothing <b>"here"</b> & more')
    assert "<b>" not in svg
    assert parse(svg).get("aria-label") == 'Nothing <b>"here"</b> & more'


def test_png_is_a_png():
    assert render_png(FACTORS, LINKS, dpi=72).startswith(b"\x89PNG\r\n\x1a\n")
    assert render_png([], []).startswith(b"\x89PNG\r\n\x1a\n")


def test_the_key_lists_the_kinds_on_the_map_and_the_line_styles():
    svg = render_svg(FACTORS[:3], LINKS)  # inhibitor and enablers only
    key = {
        g.find(f"{SVG}title").text: text_of(g)
        for g in parse(svg).iter(f"{SVG}g")
        if g.get("class") == "node legend"
    }
    assert set(key) == {"legend_inhibitor", "legend_enabler", "legend_links"}
    assert "reinforces" in key["legend_links"] and "weakens" in key["legend_links"]
    assert "proposed" not in key["legend_links"]  # no proposed link among these factors
    assert "proposed" in render_svg(FACTORS, LINKS)


def test_the_key_can_be_left_out():
    svg = render_svg(FACTORS, LINKS, legend=False)
    assert "legend" not in svg and len(groups(svg, "node")) == len(FACTORS)


def test_the_dot_source_names_factors_by_id_and_quotes_user_text():
    dot = map_dot([MapNode(12, 'Say "hi"', "enabler")], [])
    assert re.search(r"^\s*f12 \[", dot, re.MULTILINE)
    assert 'label="Say \\"hi\\""' in dot
    assert "rankdir=LR" in dot


def test_graphviz_may_not_open_files(tmp_path):
    picture = tmp_path / "picture.png"
    picture.write_bytes(render_png([MapNode(1, "x", "enabler")], [], dpi=20))
    svg = run_dot(f'digraph {{ a [image="{picture}" label=""] }}', "svg").decode()
    assert "<image" not in svg


def test_cache_key_is_stable_and_tells_drawings_apart():
    key = cache_key(3, 17, highlight={4, 2, 9}, title="Room", legend=True)
    assert key == cache_key(3, 17, legend=True, title="Room", highlight={9, 4, 2})
    assert key.startswith("causal-map:") and " " not in key and len(key) < 250
    assert key != cache_key(3, 18, highlight={4, 2, 9}, title="Room", legend=True)
    assert key != cache_key(4, 17, highlight={4, 2, 9}, title="Room", legend=True)
    assert key != cache_key(3, 17, highlight={4, 2}, title="Room", legend=True)
    assert key != cache_key(3, 17, highlight=[4, 2, 9], title="Room", legend=True)


def random_map(factors=150, links=400, seed=1):
    rng = random.Random(seed)
    kinds = ["inhibitor", "enabler", "building_block"]
    nodes = [MapNode(1, "PMO management is a recognised profession", "outcome")] + [
        MapNode(i, f"Factor {i} " + "x" * rng.randint(3, 40), rng.choice(kinds))
        for i in range(2, factors + 1)
    ]
    pairs = set()
    while len(pairs) < links:
        cause, effect = rng.randint(1, factors), rng.randint(1, factors)
        if cause != effect:
            pairs.add((cause, effect))
    edges = [
        MapEdge(c, e, rng.choice([1, 1, -1]), rng.randint(1, 3), rng.random() < 0.1)
        for c, e in sorted(pairs)
    ]
    return nodes, edges


@pytest.mark.skipif(os.environ.get("SKIP_SLOW") == "1", reason="slow: about a second")
def test_a_150_factor_400_link_map_renders_in_seconds():
    nodes, edges = random_map()
    started = time.perf_counter()
    svg = render_svg(nodes, edges, highlight=[nodes[3].id, nodes[4].id])
    assert time.perf_counter() - started < 10
    assert len(groups(svg, "node")) == 150
    assert len(groups(svg, "edge")) == 400


def test_the_projector_drawing_has_larger_text_than_the_page_drawing(svg):
    def label_size(drawing):
        node = groups(drawing, "node")["f2"]
        return float(next(node.iter(f"{SVG}text")).get("font-size"))

    projector = render_svg(FACTORS, LINKS, text_scale=1.5)
    assert label_size(projector) == pytest.approx(1.5 * label_size(svg))
