"""Analysis of the room's accepted causal map (networkx does the graph work).

Pure functions on plain data, so they are tested on known graphs without a
database: feedback loops and their type, the most influential factors, and a
proposed path to a profession.
"""

from dataclasses import dataclass, field

import networkx as nx

REINFORCING = "reinforcing"
BALANCING = "balancing"
PATH_KINDS = ("building_block", "enabler")


@dataclass(frozen=True)
class Edge:
    cause: int
    effect: int
    polarity: int  # +1 reinforces, -1 weakens
    strength: int = 1


@dataclass
class Loop:
    factors: list[int]  # in cycle order; the last one causes the first
    edges: list[Edge]

    @property
    def negative_links(self) -> int:
        return sum(1 for edge in self.edges if edge.polarity < 0)

    @property
    def kind(self) -> str:
        """An even number of − links reinforces itself; an odd number balances."""
        return REINFORCING if self.negative_links % 2 == 0 else BALANCING

    @property
    def key(self) -> str:
        return "-".join(str(f) for f in self.factors)


@dataclass
class Influence:
    factor: int
    out_degree: int
    in_degree: int
    betweenness: float


@dataclass
class Analysis:
    loops: list[Loop] = field(default_factory=list)
    loops_truncated: bool = False
    influence: list[Influence] = field(default_factory=list)


def build_graph(factors: list[int], edges: list[Edge]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(factors)
    for edge in edges:
        graph.add_edge(edge.cause, edge.effect, edge=edge)
    return graph


def feedback_loops(
    graph: nx.DiGraph, *, max_length: int = 8, limit: int = 200
) -> tuple[list[Loop], bool]:
    """Cycles up to `max_length` factors, at most `limit` of them (a dense map has
    exponentially many); the flag says whether the list was cut."""
    loops = []
    for cycle in nx.simple_cycles(graph, length_bound=max_length):
        start = cycle.index(min(cycle))  # a stable rotation: same loop, same key
        cycle = cycle[start:] + cycle[:start]
        edges = [
            graph.edges[a, b]["edge"] for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True)
        ]
        loops.append(Loop(factors=cycle, edges=edges))
        if len(loops) >= limit:
            return sorted(loops, key=lambda loop: (len(loop.factors), loop.key)), True
    return sorted(loops, key=lambda loop: (len(loop.factors), loop.key)), False


def influence(graph: nx.DiGraph) -> list[Influence]:
    """Most influential first: by out-degree, then betweenness (brokers between parts)."""
    betweenness = nx.betweenness_centrality(graph) if graph.number_of_nodes() > 2 else {}
    rows = [
        Influence(
            factor=node,
            out_degree=graph.out_degree(node),
            in_degree=graph.in_degree(node),
            betweenness=round(betweenness.get(node, 0.0), 4),
        )
        for node in graph.nodes
    ]
    return sorted(rows, key=lambda r: (-r.out_degree, -r.betweenness, -r.in_degree, r.factor))


def propose_path(graph: nx.DiGraph, kinds: dict[int, str], outcome: int) -> list[int]:
    """The building blocks and enablers that lead to `outcome`, in causal order.

    Takes every factor with a path to the outcome, collapses feedback loops into
    one step (their members stay together), and orders the steps topologically:
    causes before their effects; among steps free to go next, the one farthest
    from the outcome first, then by factor id, so the proposal is stable.
    """
    if outcome not in graph:
        return []
    upstream = nx.ancestors(graph, outcome)
    if not upstream:
        return []
    sub = graph.subgraph(upstream)
    condensed = nx.condensation(sub)
    members = nx.get_node_attributes(condensed, "members")
    # Steps farther from the outcome are more foundational: they come first.
    depth = {}
    for component in reversed(list(nx.topological_sort(condensed))):
        depth[component] = 1 + max((depth[s] for s in condensed.successors(component)), default=0)
    order = nx.lexicographical_topological_sort(
        condensed, key=lambda c: (-depth[c], min(members[c]))
    )
    path = []
    for component in order:
        path.extend(sorted(f for f in members[component] if kinds.get(f) in PATH_KINDS))
    return path


def analyse(factors: list[int], edges: list[Edge], *, loop_limit: int = 200) -> Analysis:
    graph = build_graph(factors, edges)
    loops, truncated = feedback_loops(graph, limit=loop_limit)
    return Analysis(loops=loops, loops_truncated=truncated, influence=influence(graph))
