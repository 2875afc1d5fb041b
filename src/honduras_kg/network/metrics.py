"""Centrality of the nodes of a projection: pure functions, no I/O.

The metrics run on a *simple undirected* view of the projection: two nodes
are neighbours when any edge links them, in either direction, however many
claims stand behind it. So degree counts distinct neighbours, and a pair that
many claims link is not made more central by repetition.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from honduras_kg.lazy import networkx as nx

__all__ = [
    "ACTOR_TYPES",
    "BETWEENNESS_SAMPLE",
    "METRICS",
    "Actor",
    "betweenness",
    "centrality",
    "pagerank",
    "simple_graph",
    "top_actors",
]

#: The metrics that :func:`centrality` computes.
METRICS: tuple[str, ...] = ("degree", "betweenness", "pagerank")

#: Exact betweenness up to this many nodes; above, an estimate from this many sources.
#: (Exact betweenness costs nodes x edges: over a minute at 5,000 nodes.)
BETWEENNESS_SAMPLE = 200

#: On a large graph, as many sources as fit in this many edge visits (at least
#: :data:`BETWEENNESS_MIN_SAMPLE`), so that the load step grows with the graph, not its square.
BETWEENNESS_BUDGET = 2_000_000
BETWEENNESS_MIN_SAMPLE = 16

#: Node types that can act: the default filter of :func:`top_actors`.
ACTOR_TYPES: frozenset[str] = frozenset({"person", "state", "organisation", "group"})


@dataclass(frozen=True)
class Actor:
    """One ranked node: who, and its value for the metric it was ranked by."""

    iri: str
    id: str
    label: str
    type: str
    value: float


def simple_graph(net: nx.Graph) -> nx.Graph:
    """The undirected simple graph underlying ``net`` (self-loops dropped).

    >>> multi = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "b"), ("c", "c")])
    >>> sorted(simple_graph(multi).edges()), sorted(simple_graph(multi).nodes())
    ([('a', 'b')], ['a', 'b', 'c'])
    """
    simple = nx.Graph()
    simple.add_nodes_from(net.nodes(data=True))
    simple.add_edges_from((u, v) for u, v in net.edges() if u != v)
    return simple


def centrality(net: nx.Graph) -> dict[str, dict[str, float]]:
    """Degree, betweenness and PageRank of every node, by metric name then node.

    Degree is the number of distinct neighbours; betweenness is normalised
    (0 to 1), and estimated from :data:`BETWEENNESS_SAMPLE` source nodes
    (chosen with a fixed seed, so the same graph gets the same figures) on
    larger graphs; PageRank sums to 1 over the nodes.

    >>> scores = centrality(nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("c", "hub")]))
    >>> scores["degree"]["hub"], scores["betweenness"]["hub"]
    (3, 1.0)
    >>> max(scores["pagerank"], key=scores["pagerank"].get)
    'hub'
    """
    simple = simple_graph(net)
    return {
        "degree": dict(simple.degree()),
        "betweenness": betweenness(simple),
        "pagerank": pagerank(simple),
    }


def betweenness(graph: nx.Graph, *, sample: int = BETWEENNESS_SAMPLE) -> dict[str, float]:
    """Normalised betweenness: exact up to ``sample`` nodes, estimated from ``sample`` above
    (fewer on a graph too large for :data:`BETWEENNESS_BUDGET`).

    The same figures as networkx's ``betweenness_centrality(graph, k=..., seed=0)``, to
    the last bit (same sources, same order of sums), several times faster: the walks
    run over lists of integers rather than dicts of dicts.

    >>> path = nx.path_graph(["a", "b", "c"])
    >>> betweenness(path)["b"], betweenness(path, sample=2)["a"]
    (1.0, 0.0)
    """
    nodes, adjacency = _adjacency(graph)
    n = len(nodes)
    sampled: list[int] | None = None
    if n > sample:
        # Each source costs a walk over every edge: fewer of them on a large graph.
        affordable = BETWEENNESS_BUDGET // max(graph.number_of_edges(), 1)
        k = min(sample, max(BETWEENNESS_MIN_SAMPLE, affordable))
        if k < n:
            at = {node: i for i, node in enumerate(nodes)}
            sampled = [at[node] for node in random.Random(0).sample(nodes, k)]
    totals = _brandes(adjacency, range(n) if sampled is None else sampled)
    return dict(zip(nodes, _rescale(totals, sampled), strict=True))


def _adjacency(graph: nx.Graph) -> tuple[list[str], list[list[int]]]:
    """The nodes in order, and each one's neighbours by position, in the graph's order."""
    nodes = list(graph)
    at = {node: i for i, node in enumerate(nodes)}
    return nodes, [[at[w] for w in graph[v]] for v in nodes]


def _brandes(adjacency: list[list[int]], sources: Iterable[int]) -> list[float]:
    """Brandes's sums of pair dependencies, from ``sources`` (unweighted, no endpoints)."""
    n = len(adjacency)
    totals = [0.0] * n
    for s in sources:
        sigma, distance = [0.0] * n, [-1] * n
        predecessors: list[list[int]] = [[] for _ in range(n)]
        sigma[s], distance[s] = 1.0, 0
        order, next_at = [s], 0  # breadth first: ``order`` is also the queue
        while next_at < len(order):
            v = order[next_at]
            next_at += 1
            further, paths = distance[v] + 1, sigma[v]
            for w in adjacency[v]:
                if distance[w] < 0:
                    order.append(w)
                    distance[w] = further
                if distance[w] == further:
                    sigma[w] += paths
                    predecessors[w].append(v)
        delta = [0.0] * n
        for w in reversed(order):
            coefficient = (1 + delta[w]) / sigma[w]
            for v in predecessors[w]:
                delta[v] += sigma[v] * coefficient
            if w != s:
                totals[w] += delta[w]
    return totals


def _rescale(totals: list[float], sampled: list[int] | None) -> list[float]:
    """Normalise as networkx does for an undirected graph without endpoints."""
    pairs = len(totals) - 1
    if pairs < 2:
        return totals
    if sampled is None:
        scale = 1 / (pairs * (pairs - 1))
        return [total * scale for total in totals]
    k = len(sampled)
    source_scale = 1 / ((k - 1) * (pairs - 1)) if k > 1 else math.nan
    other_scale = 1 / (k * (pairs - 1))
    sources = set(sampled)
    return [
        total * (source_scale if i in sources else other_scale) for i, total in enumerate(totals)
    ]


def pagerank(
    graph: nx.Graph, *, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 500
) -> dict[str, float]:
    """PageRank by power iteration, on an unweighted graph.

    networkx's own ``pagerank`` needs NumPy and SciPy; this one needs
    neither. Nodes without neighbours spread their rank evenly over all nodes.

    >>> ranks = pagerank(nx.cycle_graph(4))
    >>> [round(r, 6) for r in ranks.values()]
    [0.25, 0.25, 0.25, 0.25]
    """
    nodes, adjacency = _adjacency(graph)
    n = len(nodes)
    if n == 0:
        return {}
    rank = [1.0 / n] * n
    for _ in range(max_iter):
        previous = rank
        rank = _pagerank_step(adjacency, previous, alpha)
        if sum(abs(now - before) for now, before in zip(rank, previous, strict=True)) < n * tol:
            break
    return dict(zip(nodes, rank, strict=True))


def _pagerank_step(adjacency: list[list[int]], rank: list[float], alpha: float) -> list[float]:
    n = len(rank)
    dangling = sum(r for r, neighbours in zip(rank, adjacency, strict=True) if not neighbours)
    step = [(1.0 - alpha) / n + alpha * dangling / n] * n
    for r, neighbours in zip(rank, adjacency, strict=True):
        if neighbours:
            share = alpha * r / len(neighbours)
            for w in neighbours:
                step[w] += share
    return step


def top_actors(
    net: nx.Graph,
    *,
    by: str = "degree",
    n: int = 10,
    types: Collection[str] | None = ACTOR_TYPES,
    scores: Mapping[str, Mapping[str, float]] | None = None,
) -> list[Actor]:
    """The ``n`` highest-ranked nodes by one metric of :func:`centrality`.

    Only nodes whose ``type`` is in ``types`` are ranked (``None`` ranks every
    node); centrality itself is computed over the whole graph. Pass
    ``scores`` to reuse a :func:`centrality` result. Ties go alphabetically
    by label.

    >>> net = nx.MultiDiGraph()
    >>> net.add_node("h", id="h", label="Honduras", type="state")
    >>> net.add_node("s", id="s", label="Soto Cano", type="base")
    >>> net.add_node("u", id="u", label="United States", type="state")
    >>> net.add_edges_from([("h", "s"), ("u", "s"), ("u", "h")])
    [0, 0, 0]
    >>> [(a.label, a.value) for a in top_actors(net, n=1)]
    [('Honduras', 2)]
    """
    if by not in METRICS:
        raise ValueError(f"unknown metric {by!r}; expected one of {', '.join(METRICS)}")
    values = (scores or centrality(net))[by]
    actors = [
        _actor(node, attrs, values[node])
        for node, attrs in net.nodes(data=True)
        if types is None or attrs.get("type") in types
    ]
    actors.sort(key=lambda a: (-a.value, a.label))
    return actors[:n]


def _actor(node: str, attrs: Mapping[str, object], value: float) -> Actor:
    return Actor(
        iri=str(node),
        id=str(attrs.get("id", node)),
        label=str(attrs.get("label", node)),
        type=str(attrs.get("type", "other")),
        value=value,
    )
