"""A summary of the graph: counts of what it holds and who is most central.

:func:`graph_stats` computes the numbers (SPARQL counts, plus centrality on
the claim projection of :mod:`honduras_kg.network`); :func:`format_stats`
turns them into a text table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef

from honduras_kg.namespaces import HKO, PREFIXES, RDF
from honduras_kg.network import Actor, centrality, to_networkx, top_actors
from honduras_kg.network.projection import local_name

__all__ = ["GraphStats", "format_stats", "graph_stats"]

CLAIMS_QUERY = """
SELECT ?claim ?modality ?standing ?source WHERE {
  ?claim a hko:Claim .
  OPTIONAL { ?claim hko:modality ?modality }
  OPTIONAL { ?claim hko:standing ?standing }
  OPTIONAL { ?claim prov:wasDerivedFrom ?source }
}
"""

#: The claim fields that :func:`graph_stats` counts by, and the key for "no value".
CLAIM_FIELDS = ("modality", "standing", "source")
NONE = "(none)"


@dataclass(frozen=True)
class GraphStats:
    """What the graph holds. Counters map a name to how many; ``top_*`` are ranked."""

    triples: int
    entities: int
    entities_by_type: dict[str, int]
    claims: int
    claims_by_modality: dict[str, int]
    claims_by_standing: dict[str, int]
    claims_by_source: dict[str, int]
    statements: int
    sources: int
    top_by_degree: list[Actor] = field(default_factory=list)
    top_by_betweenness: list[Actor] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain data, ready for JSON."""
        return asdict(self)


def graph_stats(graph: Graph, *, top: int = 10) -> GraphStats:
    """Count triples, entities, claims, statements and sources; rank the actors.

    Claims are counted per modality, standing and source (by the source's
    short id; a claim without one counts under ``"(none)"``, one with two
    sources counts under both). Actors are ranked on the claim projection
    (those with a zero score are left out).

    >>> from honduras_kg.namespaces import HK, HKO, SRC
    >>> g = Graph()
    >>> _ = g.add((HK.honduras, HKO.mentionedIn, SRC.s))
    >>> s = graph_stats(g)
    >>> s.triples, s.entities, s.claims
    (1, 1, 0)
    """
    net = to_networkx(graph)
    scores = centrality(net)
    by = _claim_counters(graph)
    return GraphStats(
        triples=len(graph),
        entities=net.number_of_nodes(),
        entities_by_type=_sorted(Counter(t for _, t in net.nodes(data="type"))),
        claims=_count(graph, HKO.Claim),
        claims_by_modality=_sorted(by["modality"]),
        claims_by_standing=_sorted(by["standing"]),
        claims_by_source=_sorted(by["source"]),
        statements=_count(graph, HKO.Statement),
        sources=_count(graph, HKO.Source),
        top_by_degree=_ranked(net, "degree", top, scores),
        top_by_betweenness=_ranked(net, "betweenness", top, scores),
    )


def _ranked(
    net: nx.MultiDiGraph, by: str, n: int, scores: dict[str, dict[str, float]]
) -> list[Actor]:
    """The top actors by one metric, leaving out those it gives nothing."""
    return [a for a in top_actors(net, by=by, n=n, scores=scores) if a.value > 0]


def format_stats(stats: GraphStats) -> str:
    """The summary as a text table: counts, then the rankings.

    >>> print(format_stats(GraphStats(3, 1, {"state": 1}, 0, {}, {}, {}, 0, 1)))
    triples        3
    entities       1
      state        1
    claims         0
    statements     0
    sources        1
    """
    rows: list[tuple[str, int | None]] = [
        ("triples", stats.triples),
        ("entities", stats.entities),
        *_indented(stats.entities_by_type, 2),
        ("claims", stats.claims),
        *_subsection("by modality", stats.claims_by_modality),
        *_subsection("by standing", stats.claims_by_standing),
        *_subsection("by source", stats.claims_by_source),
        ("statements", stats.statements),
        ("sources", stats.sources),
    ]
    width = max(len(label) for label, _ in rows) + 2
    lines = [label if value is None else f"{label:<{width}}{value:>4}" for label, value in rows]
    lines += _ranking("top actors by degree", stats.top_by_degree, "{:.0f}")
    lines += _ranking("top actors by betweenness", stats.top_by_betweenness, "{:.3f}")
    return "\n".join(lines)


def _indented(counts: dict[str, int], indent: int) -> list[tuple[str, int | None]]:
    return [(" " * indent + name, n) for name, n in counts.items()]


def _subsection(title: str, counts: dict[str, int]) -> list[tuple[str, int | None]]:
    return [("  " + title, None), *_indented(counts, 4)] if counts else []


def _ranking(title: str, actors: list[Actor], number: str) -> list[str]:
    if not actors:
        return []
    width = max(len(a.label) for a in actors) + 2
    rows = [
        f"  {i:>2}. {a.label:<{width}}{number.format(a.value):>6}  {a.type}"
        for i, a in enumerate(actors, 1)
    ]
    return ["", title, *rows]


def _claim_counters(graph: Graph) -> dict[str, Counter[str]]:
    """Per field (modality, standing, source): how many claims have each value."""
    claims: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in graph.query(CLAIMS_QUERY, initNs=PREFIXES):
        values = row.asdict()  # type: ignore[union-attr]
        fields = claims[str(values["claim"])]
        for name in CLAIM_FIELDS:
            if name in values:
                fields[name].add(_short(str(values[name]), lower=name != "source"))
    counters: dict[str, Counter[str]] = {name: Counter() for name in CLAIM_FIELDS}
    for fields in claims.values():
        for name, counter in counters.items():
            counter.update(fields.get(name) or {NONE})
    return counters


def _short(iri: str, *, lower: bool) -> str:
    name = local_name(iri)
    return name.lower() if lower else name


def _count(graph: Graph, cls: URIRef) -> int:
    return len(set(graph.subjects(RDF.type, cls)))


def _sorted(counts: Counter[str]) -> dict[str, int]:
    """Most frequent first, ties alphabetically."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
