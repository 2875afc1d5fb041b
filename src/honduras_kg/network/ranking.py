"""What a connection costs: specific, well-evidenced links are cheap, hubs are dear.

Pure steps over plain data. A *link* is one claim tying two entities, either
as its subject and object (``claim``) or by naming one of them as what it is
``about`` (a looser tie). A *hop* is every link between the same two
entities. A chain of hops costs the sum of its hops plus, for each entity
it passes through, the natural log of that entity's degree (how many
entities it is linked to): going through a hub of 40 neighbours costs about
3.7 hops, through an entity of 2 neighbours 0.7. :func:`weighted_network`
folds the entity costs into the edges (half of each end), so a weighted
shortest path (:func:`cheapest_chains`) finds the cheapest chains directly.

A hop costs :data:`STEP`, plus :data:`ABOUT` when no claim names its ends as
subject and object, :data:`UNATTRIBUTED` when its best claim is
unattributed, :data:`NOT_HAPPENED` when that claim is not of something that
happened (stated, threatened, predicted, ...), :data:`NEGATED` when it is
negated; each further claim on the hop takes :data:`EVIDENCE` off, up to
:data:`MAX_EVIDENCE`. The lookups price a speaker's argument with the same
pieces (:func:`argument_cost`).

>>> links = {frozenset("ab"): [Link("c1", "claim", "attributed", "happened", False)]}
>>> round(hop_cost(links[frozenset("ab")]), 2), round(hub_cost(40), 1)
(1.0, 3.7)
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from honduras_kg.lazy import networkx as nx

__all__ = [
    "ABOUT",
    "EVIDENCE",
    "HUB_DEGREE",
    "MAX_EVIDENCE",
    "NEGATED",
    "NOT_HAPPENED",
    "STEP",
    "UNATTRIBUTED",
    "Link",
    "argument_cost",
    "cheapest_chains",
    "evidence_bonus",
    "hop_cost",
    "hub_cost",
    "hubs",
    "link_cost",
    "weighted_network",
]

#: What one hop costs before its evidence is weighed.
STEP = 1.0
#: Extra for a hop whose claims only name one end as what they are about.
ABOUT = 0.5
#: Extra for a hop whose best claim is unattributed.
UNATTRIBUTED = 0.5
#: Extra for a hop whose best claim is not of something that happened.
NOT_HAPPENED = 0.25
#: Extra for a hop whose best claim is negated (a link all the same).
NEGATED = 0.25
#: Taken off for each further piece of evidence (a claim, a quote) ...
EVIDENCE = 0.1
#: ... up to this much.
MAX_EVIDENCE = 0.3
#: From this degree on, an entity a chain passes through is called a hub.
HUB_DEGREE = 15

LinkKind = Literal["claim", "about"]


@dataclass(frozen=True)
class Link:
    """One claim tying two entities, with what weighs its evidence."""

    claim: str
    kind: LinkKind
    standing: str | None
    modality: str | None
    negated: bool


def link_cost(link: Link) -> float:
    """What the link alone costs (one hop's :data:`STEP` and its penalties)."""
    return (
        STEP
        + (ABOUT if link.kind == "about" else 0)
        + (UNATTRIBUTED if link.standing != "attributed" else 0)
        + (NOT_HAPPENED if link.modality != "happened" else 0)
        + (NEGATED if link.negated else 0)
    )


def evidence_bonus(pieces: int) -> float:
    """What ``pieces`` of evidence take off a cost: every one after the first counts."""
    return min(MAX_EVIDENCE, EVIDENCE * max(0, pieces - 1))


def hop_cost(links: Sequence[Link]) -> float:
    """A hop's cost: its best link's, less a bonus for the further claims beside it."""
    return min(link_cost(link) for link in links) - evidence_bonus(len(links))


def hub_cost(degree: int) -> float:
    """What passing through an entity of ``degree`` neighbours costs: ``ln(degree)``."""
    return math.log(max(degree, 1))


def argument_cost(hops: Iterable[Sequence[Link]], *, quotes: int, speaker: bool) -> float:
    """A speaker's argument that ties two entities: one step, whatever it passes through.

    ``hops`` are the argument's own claims chaining the two; each adds the
    penalties of its best claim (as a chain's hop would). Further hops cost
    :data:`ABOUT` each, with no hub cost: the speaker made the link. When no
    claim chains them (only the statement itself names both) it costs
    :data:`ABOUT` more, and :data:`UNATTRIBUTED` more with no speaker.
    ``quotes`` counts its evidence.
    """
    penalties = [min(link_cost(link) for link in hop) - STEP for hop in hops]
    extra = sum(penalties) + ABOUT * max(0, len(penalties) - 1) + (0 if penalties else ABOUT)
    return STEP + extra + (0 if speaker else UNATTRIBUTED) - evidence_bonus(quotes)


def weighted_network(links: Mapping[frozenset[str], Sequence[Link]]) -> nx.Graph:
    """The undirected network of ``links`` with each edge's ``cost``: the hop's, plus
    half the hub cost of each end (so a path pays the full cost of what it passes).

    The costs are also kept as a plain mapping, ``net.graph["costs"]`` (node to
    neighbour to cost), which :func:`cheapest_chains` walks.
    """
    net = nx.Graph()
    net.add_edges_from(sorted(tuple(sorted(pair)) for pair in links if len(pair) == 2))
    half = {node: hub_cost(degree) / 2 for node, degree in net.degree()}
    costs: dict[str, dict[str, float]] = {node: {} for node in net}
    for pair, found in links.items():
        if len(pair) == 2:
            u, v = sorted(pair)
            cost = hop_cost(found) + half[u] + half[v]
            net.edges[u, v]["cost"] = costs[u][v] = costs[v][u] = cost
    net.graph["costs"] = costs
    return net


def cheapest_chains(net: nx.Graph, start: str, end: str, n: int) -> list[tuple[list[str], float]]:
    """Up to ``n`` simple chains from ``start`` to ``end``, cheapest first, with their costs.

    Yen's algorithm over bidirectional Dijkstra, on the plain cost mapping of
    :func:`weighted_network` (networkx's own ``shortest_simple_paths`` does the
    same, at twice the time). A chain's cost leaves out the hub cost of its two
    ends (every chain between them pays it alike).
    """
    costs: Costs = net.graph["costs"]
    ends = (hub_cost(net.degree(start)) + hub_cost(net.degree(end))) / 2
    first = _cheapest(costs, start, end, set(), set())
    found = [first] if first else []
    waiting: list[tuple[float, list[str]]] = []
    seen = {tuple(first[1])} if first else set()
    while found and len(found) < n:
        previous = found[-1][1]
        for i, spur in enumerate(previous[:-1]):
            root = previous[: i + 1]
            banned = {(p[i], p[i + 1]) for _, p in found if p[: i + 1] == root}
            hit = _cheapest(costs, spur, end, set(root[:-1]), banned | {(b, a) for a, b in banned})
            if hit and tuple(path := root[:-1] + hit[1]) not in seen:
                seen.add(tuple(path))
                heapq.heappush(waiting, (_length(costs, root) + hit[0], path))
        if not waiting:
            break
        found.append(heapq.heappop(waiting))
    return [(nodes, cost - ends) for cost, nodes in found]


Costs = Mapping[str, Mapping[str, float]]


def _cheapest(
    costs: Costs, source: str, target: str, nodes: set[str], edges: set[tuple[str, str]]
) -> tuple[float, list[str]] | None:
    """The cheapest path avoiding ``nodes`` and ``edges`` (bidirectional Dijkstra), or None."""
    if source == target:
        return 0.0, [source]
    dist: tuple[dict[str, float], dict[str, float]] = ({source: 0.0}, {target: 0.0})
    prev: tuple[dict[str, str], dict[str, str]] = ({}, {})
    heaps: tuple[list, list] = ([(0.0, source)], [(0.0, target)])
    done: tuple[set[str], set[str]] = (set(), set())
    best, meet = math.inf, None
    while heaps[0] and heaps[1] and heaps[0][0][0] + heaps[1][0][0] < best:
        side = 0 if len(heaps[0]) <= len(heaps[1]) else 1
        here, node = heapq.heappop(heaps[side])
        if node in done[side]:
            continue
        done[side].add(node)
        mine, theirs = dist[side], dist[1 - side]
        for other, cost in costs[node].items():
            if other in nodes or ((node, other) if side == 0 else (other, node)) in edges:
                continue
            there = here + cost
            if there < mine.get(other, math.inf):
                mine[other], prev[side][other] = there, node
                heapq.heappush(heaps[side], (there, other))
                if other in theirs and there + theirs[other] < best:
                    best, meet = there + theirs[other], other
    if meet is None:
        return None
    return best, _walk(prev[0], meet)[::-1] + _walk(prev[1], meet)[1:]


def _walk(prev: dict[str, str], node: str) -> list[str]:
    path = [node]
    while path[-1] in prev:
        path.append(prev[path[-1]])
    return path


def _length(costs: Costs, nodes: Sequence[str]) -> float:
    return sum(costs[u][v] for u, v in pairwise(nodes))


def hubs(net: nx.Graph, nodes: Sequence[str]) -> Iterator[tuple[str, int]]:
    """The entities a chain passes through, with their degrees."""
    for node in nodes[1:-1]:
        yield node, net.degree(node)
