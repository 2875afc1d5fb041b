"""The paths lookup on small fixture graphs: a hub walk against a specific link or an argument."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal

from honduras_kg import lookups
from honduras_kg.curation.load import load_graph
from honduras_kg.lookups import ReadModel
from honduras_kg.namespaces import CLAIM, DEFAULT_BASE, HK, HKO, RDF, RDFS, SRC, STMT
from honduras_kg.network.ranking import hub_cost

from .benchmarks.synthetic import write_graph


def fixture(*, argument: bool, detour: bool, leaves: int = 14) -> ReadModel:
    """A and B both tied to the hub H (tied to ``leaves`` more); a detour A-x-y-B if asked;
    a statement by S that names A and B if asked."""
    g = Graph()
    ties = [("A", "H"), ("H", "B")] + [("H", f"leaf{i}") for i in range(leaves)]
    if detour:
        ties += [("A", "x"), ("x", "y"), ("y", "B")]
    for subject, other in ties:
        _claim(g, f"{subject}-{other}", subject, other)
    if argument:
        _claim(g, "s-on-b", "S", "B", about="A", modality="Stated")
        g.add((CLAIM["s-on-b"], HKO.statedIn, STMT.s))
        said = [(HKO.speaker, HK.S), (HKO.about, HK.A), (HKO.quote, Literal("S said so"))]
        for p, o in [(RDF.type, HKO.Statement), (RDFS.label, Literal("S on A and B")), *said]:
            g.add((STMT.s, p, o))
    return ReadModel.from_graph(g, base=DEFAULT_BASE)


def _claim(g: Graph, id: str, subject: str, other: str, *, about=None, modality="Happened"):
    node = CLAIM[id]
    for entity in (subject, other, about):
        if entity:
            g.add((HK[entity], HKO.mentionedIn, SRC.s))
            g.add((HK[entity], RDFS.label, Literal(entity)))
    for p, o in ((RDF.type, HKO.Claim), (RDF.subject, HK[subject]), (RDF.predicate, HKO.affects),
                 (RDF.object, HK[other]), (HKO.modality, HKO[modality]),
                 (HKO.standing, HKO.Attributed), (HKO.quote, Literal(f"{subject} and {other}")),
                 (RDFS.label, Literal(id))):  # fmt: skip
        g.add((node, p, o))
    if about:
        g.add((node, HKO.about, HK[about]))


def test_a_specific_detour_beats_the_hub_and_the_hub_walk_says_so():
    found = lookups.paths(fixture(argument=False, detour=True), "A", "B")
    detour, hub = found.paths[:2]
    assert [n.id for n in detour.nodes] == ["A", "x", "y", "B"]
    assert [n.id for n in hub.nodes] == ["A", "H", "B"]
    assert "via hub H (16 neighbours)" in hub.why and "via x (2 neighbours)" in detour.why


def test_without_a_detour_the_hub_walk_is_the_answer():
    found = lookups.paths(fixture(argument=False, detour=False), "A", "B")
    assert [[n.id for n in p.nodes] for p in found.paths] == [["A", "H", "B"]]


def test_an_argument_naming_both_ends_comes_first():
    found = lookups.paths(fixture(argument=True, detour=False), "A", "B")
    first = found.paths[0]
    assert first.kind == "argument" and first.argument.id == "s"
    assert first.why[0] == "direct argument by S"
    (step,) = first.hops
    assert step.link == "about" and step.relations[0].claim.id == "s-on-b"
    assert found.paths[1].kind == "chain"
    # Attributed-only keeps it (it has a speaker); a date window drops it (it has no date).
    assert lookups.paths(fixture(argument=True, detour=False), "A", "B",
                         exclude_unattributed=True).paths[0].kind == "argument"  # fmt: skip
    windowed = lookups.paths(fixture(argument=True, detour=False), "A", "B", date_from="2020")
    assert windowed.paths == () and windowed.reason


def test_a_chain_that_repeats_an_argument_is_left_out():
    # A-B through the argument's own claim (it names A as what it is about) adds nothing.
    found = lookups.paths(fixture(argument=True, detour=False), "A", "B", k=5)
    argued = {rel.claim.id for rel in found.paths[0].hops[0].relations}
    for path in found.paths[1:]:
        claims = {rel.claim.id for hop in path.hops for rel in hop.relations}
        assert not claims <= argued


def test_on_a_synthetic_news_graph_hubs_are_walked_around_when_it_pays(tmp_path: Path):
    made = write_graph(tmp_path, nodes=300, seed=2)
    index = ReadModel.from_graph(load_graph(tmp_path), base=DEFAULT_BASE)
    degree = dict(nx.Graph(index.network.to_undirected()).degree())  # distinct neighbours
    leaves = sorted(n for n, d in degree.items() if d == min(degree.values()))
    start, end = (index.refs[n.rsplit("/", 1)[1]].id for n in (leaves[0], leaves[-1]))
    found = lookups.paths(index, start, end, k=5)
    assert found.paths and [p.cost for p in found.paths] == sorted(p.cost for p in found.paths)
    for path in found.paths:
        ids = [n.id for n in path.nodes]
        assert len(set(ids)) == len(ids) and path.kind == "chain"
        # Each answer pays for what it passes through: one step a hop, at least, and the logs.
        hubs = sum(hub_cost(degree[n.iri]) for n in path.nodes[1:-1])
        assert path.cost >= 0.7 * path.length + hubs - 0.01
    between_hubs = lookups.paths(index, made.hub, _second_hub(degree, index, made.hub))
    costs = [p.cost for p in between_hubs.paths]
    assert costs and costs == sorted(costs)


def _second_hub(degree: dict[str, int], index: ReadModel, hub: str) -> str:
    ranked = sorted(degree, key=lambda n: -degree[n])
    return next(index.refs[n.rsplit("/", 1)[1]].id for n in ranked if not n.endswith("/" + hub))
