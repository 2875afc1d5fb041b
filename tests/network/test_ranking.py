"""The ranking of connections, on small fixture networks: hubs cost, evidence pays."""

from __future__ import annotations

import math
import random
from itertools import islice, pairwise

import networkx as nx
import pytest

from honduras_kg.network.ranking import (
    ABOUT,
    NOT_HAPPENED,
    STEP,
    UNATTRIBUTED,
    Link,
    argument_cost,
    cheapest_chains,
    hop_cost,
    hub_cost,
    weighted_network,
)


def link(claim: str, kind="claim", standing="attributed", modality="happened", negated=False):
    return Link(claim, kind, standing, modality, negated)


def network(edges, **links):
    """A weighted network of ``edges`` (pairs), one good claim each unless ``links`` say."""
    found = {frozenset(pair): links.get("".join(pair), [link("".join(pair))]) for pair in edges}
    return weighted_network(found)


def hub_and_detour(leaves: int = 20):
    """A and B both tied to hub H (which has many other ties), and a detour A-x-y-B."""
    edges = [("A", "H"), ("H", "B"), ("A", "x"), ("x", "y"), ("y", "B")]
    edges += [("H", f"leaf{i}") for i in range(leaves)]
    return network(edges)


def test_a_specific_detour_beats_a_walk_through_a_hub():
    net = hub_and_detour()
    (best, cost), (second, _) = cheapest_chains(net, "A", "B", 2)
    assert best == ["A", "x", "y", "B"] and second == ["A", "H", "B"]
    # Three steps, and the two small entities it passes (2 neighbours each).
    assert cost == pytest.approx(3 * STEP + 2 * math.log(2))


def test_a_hub_with_few_ties_is_no_detour_worth_taking():
    net = hub_and_detour(leaves=0)  # H now has only A and B
    (best, _), *_ = cheapest_chains(net, "A", "B", 2)
    assert best == ["A", "H", "B"]


def test_hop_costs_weigh_the_evidence():
    good = hop_cost([link("c")])
    assert good == STEP
    assert hop_cost([link("c", standing="unattributed")]) == good + UNATTRIBUTED
    assert hop_cost([link("c", modality="threatened")]) == good + NOT_HAPPENED
    assert hop_cost([link("c", kind="about")]) == good + ABOUT
    # More claims on the same hop: cheaper, to a floor.
    assert hop_cost([link("a"), link("b"), link("c")]) == pytest.approx(good - 0.2)
    assert hop_cost([link(str(i)) for i in range(10)]) == pytest.approx(good - 0.3)
    # The best claim sets the price: a threat beside a fact costs no more than the fact.
    assert hop_cost([link("a", modality="threatened"), link("b")]) < good
    assert hub_cost(1) == 0 and hub_cost(40) == pytest.approx(math.log(40))


def test_better_evidence_on_the_same_length_ranks_first():
    net = network(
        [("A", "p"), ("p", "B"), ("A", "q"), ("q", "B")],
        Ap=[link("weak", standing="unattributed", modality="predicted")],
    )
    (best, _), (worse, _) = cheapest_chains(net, "A", "B", 2)
    assert best == ["A", "q", "B"] and worse == ["A", "p", "B"]


def test_an_argument_naming_both_ends_beats_a_hub_walk():
    net = hub_and_detour()
    hub_walk = next(cost for nodes, cost in cheapest_chains(net, "A", "B", 2) if "H" in nodes)
    argued = argument_cost([[link("c", kind="about", modality="stated")]], quotes=2, speaker=True)
    assert argued < hub_walk
    # With no claim tying them, or no speaker, an argument costs more.
    assert argument_cost([], quotes=1, speaker=True) == STEP + ABOUT
    assert argument_cost([], quotes=1, speaker=False) == STEP + ABOUT + UNATTRIBUTED


def test_cheapest_chains_agree_with_networkx_on_a_random_network():
    rng = random.Random(7)
    base = nx.gnm_random_graph(60, 150, seed=7)
    edges = [(f"n{u}", f"n{v}") for u, v in base.edges]
    modalities = ("happened", "stated", "threatened")
    links = {frozenset(e): [link("".join(e), modality=rng.choice(modalities))] for e in edges}
    net = weighted_network(links)
    start, end = "n0", "n59"
    ends = (hub_cost(net.degree(start)) + hub_cost(net.degree(end))) / 2
    theirs = [
        sum(net.edges[u, v]["cost"] for u, v in pairwise(p)) - ends
        for p in islice(nx.shortest_simple_paths(net, start, end, weight="cost"), 6)
    ]
    ours = cheapest_chains(net, start, end, 6)
    assert [c for _, c in ours] == pytest.approx(theirs)
    assert all(len(set(nodes)) == len(nodes) for nodes, _ in ours)  # simple paths


def test_no_chain_between_parts_apart():
    net = network([("A", "B"), ("C", "D")])
    assert cheapest_chains(net, "A", "D", 3) == []
