from workshop.map_analysis import (
    BALANCING,
    REINFORCING,
    Edge,
    analyse,
    build_graph,
    feedback_loops,
    influence,
    propose_path,
)


def loops_of(edges, factors=None):
    factors = factors or sorted({e.cause for e in edges} | {e.effect for e in edges})
    return feedback_loops(build_graph(factors, edges))[0]


def test_self_loop_is_one_loop_classed_by_its_sign():
    loops = loops_of([Edge(1, 1, -1)])
    assert [loop.factors for loop in loops] == [[1]]
    assert loops[0].kind == BALANCING
    assert loops_of([Edge(1, 1, +1)])[0].kind == REINFORCING


def test_two_loops_sharing_a_factor_are_found_and_classed_separately():
    # 1 → 2 → 1 (both +: reinforcing) and 1 → 3 → 1 (one −: balancing), sharing factor 1
    edges = [Edge(1, 2, +1), Edge(2, 1, +1), Edge(1, 3, +1), Edge(3, 1, -1)]
    loops = {tuple(loop.factors): loop for loop in loops_of(edges)}
    assert set(loops) == {(1, 2), (1, 3)}
    assert loops[(1, 2)].kind == REINFORCING
    assert loops[(1, 3)].kind == BALANCING
    assert loops[(1, 3)].negative_links == 1


def test_two_negative_links_make_a_reinforcing_loop():
    edges = [Edge(1, 2, -1), Edge(2, 3, -1), Edge(3, 1, +1)]
    (loop,) = loops_of(edges)
    assert loop.factors == [1, 2, 3]
    assert loop.negative_links == 2 and loop.kind == REINFORCING


def test_graph_without_cycles_has_no_loops():
    edges = [Edge(1, 2, +1), Edge(2, 3, -1), Edge(1, 3, +1)]
    assert loops_of(edges) == []


def test_loop_list_is_cut_at_the_limit_and_says_so():
    # A complete graph on 6 nodes has hundreds of cycles.
    edges = [Edge(a, b, +1) for a in range(6) for b in range(6) if a != b]
    loops, truncated = feedback_loops(build_graph(list(range(6)), edges), limit=10)
    assert len(loops) == 10 and truncated


def test_influence_ranks_by_out_degree_then_betweenness():
    # 1 drives 2 and 3; 2 brokers between 1 and 4.
    graph = build_graph([1, 2, 3, 4], [Edge(1, 2, 1), Edge(1, 3, 1), Edge(2, 4, 1)])
    ranking = influence(graph)
    assert [row.factor for row in ranking][:2] == [1, 2]
    assert ranking[0].out_degree == 2
    top_broker = max(ranking, key=lambda r: r.betweenness)
    assert top_broker.factor == 2


def test_path_orders_building_blocks_that_lead_to_the_outcome():
    # ladder(10) → certification(11) → recognition(99, outcome); community(12) → certification;
    # an inhibitor (13) also reaches the outcome but is not a step; 20 does not reach it.
    kinds = {
        10: "building_block",
        11: "building_block",
        12: "enabler",
        13: "inhibitor",
        20: "building_block",
        99: "outcome",
    }
    edges = [Edge(10, 11, 1), Edge(12, 11, 1), Edge(11, 99, 1), Edge(13, 99, -1), Edge(20, 10, -1)]
    graph = build_graph(list(kinds), edges)
    assert propose_path(graph, kinds, 99) == [20, 10, 12, 11]


def test_path_keeps_a_loop_together_and_ignores_unreachable_outcome():
    kinds = {1: "enabler", 2: "building_block", 3: "building_block", 9: "outcome"}
    edges = [Edge(1, 2, 1), Edge(2, 3, 1), Edge(3, 2, 1), Edge(3, 9, 1)]
    graph = build_graph(list(kinds), edges)
    assert propose_path(graph, kinds, 9) == [1, 2, 3]
    assert propose_path(graph, kinds, 42) == []
    assert propose_path(build_graph([9], []), kinds, 9) == []


def test_analyse_combines_loops_and_influence():
    result = analyse([1, 2, 3], [Edge(1, 2, 1), Edge(2, 1, -1), Edge(2, 3, 1)])
    assert [loop.kind for loop in result.loops] == [BALANCING]
    assert result.influence[0].factor in (1, 2)
    assert not result.loops_truncated
