"""How long drawing and analysing a large causal map takes.

    .venv/bin/python benchmarks/map_render.py [--runs 7] [--factors 150] [--links 400]

Builds the same seeded random map every time and prints, per figure, the median
and 90th percentile over the runs. No Django: map_render and map_analysis are
plain Python. See benchmarks/README.md for what each figure means.
"""

import argparse
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop.map_analysis import Edge, analyse  # noqa: E402
from workshop.map_render import DOT_COMMAND, MapEdge, MapNode, map_dot, render_svg  # noqa: E402

SEED = 20240917
KINDS = ["inhibitor"] * 4 + ["enabler"] * 4 + ["building_block"] * 3
WORDS = (
    "PMO value career framework sponsorship trust training community funding maturity "
    "ethics standard role network tooling reporting governance mentoring certification "
    "kompetens yrkesroll förankring ledning"
).split()


def random_map(factors: int, links: int, seed: int = SEED) -> tuple[list[MapNode], list[MapEdge]]:
    """Mixed kinds, labels of 1–8 words, ~⅓ negative links, strengths 1–3, a tenth
    proposed; one outcome; and a few explicit feedback loops besides the random ones."""
    rng = random.Random(seed)
    nodes = [MapNode(1, "PMO management is a recognised profession", "outcome")]
    for number in range(2, factors + 1):
        label = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
        topic = f"Topic {number % 6}"
        nodes.append(MapNode(number, label.capitalize()[:80], rng.choice(KINDS), topic))

    pairs: dict[tuple[int, int], None] = {}
    for _ in range(6):  # loops of 2–6 factors, so analysis always has some to find
        members = rng.sample(range(2, factors + 1), rng.randint(2, 6))
        for cause, effect in zip(members, members[1:] + members[:1], strict=True):
            pairs[cause, effect] = None
    while len(pairs) < links:
        cause, effect = rng.randint(1, factors), rng.randint(1, factors)
        if cause != effect:
            pairs[cause, effect] = None
    edges = [
        MapEdge(
            cause,
            effect,
            polarity=rng.choice([1, 1, -1]),
            strength=rng.randint(1, 3),
            proposed=rng.random() < 0.1,
        )
        for cause, effect in list(pairs)[:links]
    ]
    return nodes, edges


def p90(values: list[float]) -> float:
    """Nearest-rank 90th percentile: with 7 runs, the slowest but none."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def machine() -> list[tuple[str, str]]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    graphviz = subprocess.run([DOT_COMMAND, "-V"], capture_output=True, text=True).stderr.strip()
    return [
        ("nproc", str(usable)),
        ("cpu", cpu),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("graphviz", graphviz),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--factors", type=int, default=150)
    parser.add_argument("--links", type=int, default=400)
    args = parser.parse_args()

    nodes, edges = random_map(args.factors, args.links)
    accepted = [e for e in edges if not e.proposed]
    source = map_dot(nodes, edges)

    for name, value in machine():
        print(f"{name:>9}: {value}")
    print(
        f"      map: {len(nodes)} factors, {len(edges)} links "
        f"({len(accepted)} accepted, {len(edges) - len(accepted)} proposed), seed {SEED}"
    )
    print(f"     runs: {args.runs}")
    print()

    render_svg(nodes, edges)  # warm the file-system cache and fontconfig once
    full, floor, ratios, dot_source = [], [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        svg = render_svg(nodes, edges)
        full.append(time.perf_counter() - started)

        started = time.perf_counter()
        subprocess.run(
            [DOT_COMMAND, "-Tsvg"], input=source.encode(), capture_output=True, check=True
        )
        floor.append(time.perf_counter() - started)
        ratios.append(full[-1] / floor[-1])

        started = time.perf_counter()
        map_dot(nodes, edges)
        dot_source.append(time.perf_counter() - started)

    factor_ids = [n.id for n in nodes]
    analysis_edges = [Edge(e.cause, e.effect, e.polarity, e.strength) for e in accepted]
    analysis_times, result = [], None
    for _ in range(args.runs):
        started = time.perf_counter()
        result = analyse(factor_ids, analysis_edges)
        analysis_times.append(time.perf_counter() - started)

    def row(label: str, values: list[float], unit: str = "s") -> None:
        median = statistics.median(values)
        print(f"{label:<44} median {median:8.3f} {unit}   p90 {p90(values):8.3f} {unit}")

    row("(a) render_svg, end to end", full)
    row("(b) floor: dot -Tsvg alone, same DOT", floor)
    row("    map_dot (DOT source in Python)", dot_source)
    row("(a)/(b) ratio", ratios, unit="x")
    row("(c) map_analysis.analyse, accepted links", analysis_times)
    print()
    print(f"SVG size: {len(svg) / 1024:.0f} KiB; DOT size: {len(source) / 1024:.0f} KiB")
    print(
        f"analysis: {len(result.loops)} loops found"
        f"{' (truncated at the limit)' if result.loops_truncated else ' (complete)'}, "
        f"{sum(1 for loop in result.loops if loop.kind == 'reinforcing')} reinforcing, "
        f"{sum(1 for loop in result.loops if loop.kind == 'balancing')} balancing"
    )


if __name__ == "__main__":
    main()
