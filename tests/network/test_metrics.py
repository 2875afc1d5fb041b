from __future__ import annotations

import networkx as nx
import pytest

from honduras_kg.namespaces import HK
from honduras_kg.network import ACTOR_TYPES, METRICS, centrality, pagerank, simple_graph, top_actors


def star(leaves: int) -> nx.MultiDiGraph:
    net = nx.MultiDiGraph()
    net.add_node("hub", id="hub", label="Hub", type="person")
    for i in range(leaves):
        net.add_node(f"leaf{i}", id=f"leaf{i}", label=f"Leaf {i}", type="topic")
        net.add_edge("hub", f"leaf{i}", key="k1")
        net.add_edge(f"leaf{i}", "hub", key="k2")  # parallel, reversed: one neighbour still
    return net


def test_simple_graph_is_undirected_without_repeats_or_loops():
    net = star(3)
    net.add_edge("hub", "hub")
    simple = simple_graph(net)
    assert not simple.is_directed() and not simple.is_multigraph()
    assert simple.number_of_edges() == 3
    assert simple.nodes["hub"]["label"] == "Hub"


def test_centrality_has_every_metric_for_every_node():
    scores = centrality(star(4))
    assert set(scores) == set(METRICS)
    assert all(
        set(values) == {"hub", *(f"leaf{i}" for i in range(4))} for values in scores.values()
    )
    assert scores["degree"]["hub"] == 4 and scores["degree"]["leaf0"] == 1
    assert scores["betweenness"]["hub"] == 1.0 and scores["betweenness"]["leaf0"] == 0.0


def test_pagerank_of_a_star_matches_the_closed_form():
    alpha, k = 0.85, 4
    ranks = pagerank(simple_graph(star(k)), alpha=alpha)
    n = k + 1
    c = (1 - alpha) / n
    # hub = c + a*k*leaf and leaf = c + a*hub/k, solved for leaf:
    leaf = c * (1 + alpha / k) / (1 - alpha**2)
    hub = c + alpha * k * leaf
    assert ranks["hub"] == pytest.approx(hub)
    assert ranks["leaf0"] == pytest.approx(leaf)
    assert sum(ranks.values()) == pytest.approx(1.0)


def test_pagerank_spreads_isolated_nodes_and_handles_empty():
    graph = nx.Graph([("a", "b")])
    graph.add_node("alone")
    assert sum(pagerank(graph).values()) == pytest.approx(1.0)
    assert pagerank(nx.Graph()) == {}


def test_top_actors_filters_by_type_and_breaks_ties_by_label():
    net = star(2)
    assert [a.id for a in top_actors(net)] == ["hub"]
    everyone = top_actors(net, types=None, n=3)
    assert [a.label for a in everyone] == ["Hub", "Leaf 0", "Leaf 1"]
    assert everyone[0].value == 2 and everyone[0].type == "person"


def test_top_actors_reuses_scores_and_rejects_unknown_metrics():
    net = star(3)
    scores = centrality(net)
    assert top_actors(net, by="pagerank", scores=scores)[0].value == scores["pagerank"]["hub"]
    with pytest.raises(ValueError, match="unknown metric"):
        top_actors(net, by="fame")


def test_on_the_mini_graph_honduras_has_most_neighbours(mini_net):
    (first,) = top_actors(mini_net, n=1)
    # Soto Cano (hosts) and the US (does not pay): Olson's "very weak hand" describes
    # Honduras in words (hko:describedAs), a literal, not a neighbour.
    assert (first.iri, first.value) == (str(HK.honduras), 2)
    assert "state" in ACTOR_TYPES
