"""Derived named graphs: what is computed from the curated graphs once, when the store is built.

The network metrics (degree, betweenness, PageRank of every entity of the
claim network) cost seconds to minutes on a large graph, so the load step
computes them and stores them beside the data, in the named graph
``<{base}graph/derived/metrics>``::

    hk:soto-cano hko:degree 20 ; hko:betweenness 0.21 ; hko:pagerank 0.05 .

A SPARQL user can query them like any other triple; the read model reads
them instead of computing them. Every derived graph lies under
``{base}graph/derived/`` (:func:`honduras_kg.store.loading.derived_prefix`), so
that what the sources say and what was computed from it are never confused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from honduras_kg.lazy import networkx as nx
from honduras_kg.model.facts import fact_graphs
from honduras_kg.namespaces import HKO, XSD
from honduras_kg.network.metrics import METRICS, centrality
from honduras_kg.store.base import Store, Term
from honduras_kg.store.loading import derived_prefix
from honduras_kg.store.rows import select_all

__all__ = [
    "METRIC_PROPERTIES",
    "derived_graphs",
    "metrics_iri",
    "read_metrics",
    "read_metrics_of",
    "with_derived",
]

#: The property that holds each metric.
METRIC_PROPERTIES: dict[str, str] = {metric: str(HKO[metric]) for metric in METRICS}

#: Decimal places kept of a metric.
DIGITS = 12

_DATATYPE = {
    "degree": str(XSD.integer),
    "betweenness": str(XSD.decimal),
    "pagerank": str(XSD.decimal),
}

_ENTITIES = "SELECT DISTINCT ?e WHERE { ?e hko:mentionedIn ?source FILTER isIRI(?e) }"
_LINKS = """
SELECT ?claim ?s ?o WHERE {
  ?claim rdf:object ?o ; rdf:subject ?s ; a hko:Claim FILTER isIRI(?o)
}"""

_READ = """
SELECT ?node ?degree ?betweenness ?pagerank WHERE {{
  {only}
  GRAPH <{graph}> {{ ?node hko:degree ?degree ; hko:betweenness ?betweenness ;
                        hko:pagerank ?pagerank }}
}}"""


def metrics_iri(base: str) -> str:
    """The named graph of the network metrics."""
    return derived_prefix(base) + "metrics"


def derived_graphs(store: Store, *, base: str) -> list[tuple[str, str]]:
    """``(graph IRI, N-Triples text)`` of each derived graph, computed from ``store``."""
    scores = centrality(links(store))
    return [(metrics_iri(base), _metrics_ntriples(scores)), *fact_graphs(store, base=base)]


def links(store: Store) -> nx.MultiDiGraph:
    """Who is linked to whom by a claim: the entities and claims of the projection
    (:func:`~honduras_kg.network.projection.project`), without their attributes."""
    # Built in the projection's order, so that the metrics come out to the last bit the same.
    net = nx.MultiDiGraph()
    net.add_nodes_from(sorted(row["e"]["value"] for row in select_all(store, _ENTITIES)))
    rows = sorted(
        (r["claim"]["value"], r["s"]["value"], r["o"]["value"]) for r in select_all(store, _LINKS)
    )
    net.add_edges_from((s, o) for _, s, o in rows if s in net and o in net)
    return net


def with_derived(graphs: Sequence[tuple[str, str]], *, base: str) -> list[tuple[str, str]]:
    """The curated ``graphs`` and the graphs derived from them (computed in memory)."""
    from honduras_kg.store.oxigraph import OxigraphStore

    scratch = OxigraphStore.from_graphs(graphs)
    try:
        return [*graphs, *derived_graphs(scratch, base=base)]
    finally:
        scratch.close()


def read_metrics(store: Store, *, base: str) -> dict[str, dict[str, float]] | None:
    """The metrics the load step stored, by metric then entity IRI; ``None`` if it stored none."""
    found: dict[str, dict[str, float]] = {metric: {} for metric in METRICS}
    for row in select_all(store, _READ.format(only="", graph=metrics_iri(base))):
        for metric, value in _values(row).items():
            found[metric][row["node"]["value"]] = value
    return found if found["degree"] else None


def read_metrics_of(store: Store, iri: str, *, base: str) -> dict[str, float] | None:
    """The metrics the load step stored for the entity ``iri``; ``None`` if it stored none."""
    only = f"VALUES ?node {{ <{iri}> }}"
    rows = store.query(_READ.format(only=only, graph=metrics_iri(base))).rows
    return _values(rows[0]) if rows else None


def _values(row: Mapping[str, Term]) -> dict[str, float]:
    """One entity's metrics from an answer row (degree a whole number)."""
    values = {metric: float(row[metric]["value"]) for metric in METRICS}
    return values | {"degree": int(values["degree"])}


def _metrics_ntriples(scores: dict[str, dict[str, float]]) -> str:
    return "".join(_lines(scores))


def _lines(scores: dict[str, dict[str, float]]) -> Iterable[str]:
    for metric, values in scores.items():
        prop, datatype = METRIC_PROPERTIES[metric], _DATATYPE[metric]
        for node, value in sorted(values.items()):
            text = str(int(value)) if metric == "degree" else _decimal(value)
            yield f'<{node}> <{prop}> "{text}"^^<{datatype}> .\n'


def _decimal(value: float) -> str:
    """A float as an ``xsd:decimal`` in the one lexical form that rdflib, Oxigraph and
    Virtuoso all keep as it is (doubles they each rewrite their own way), to
    :data:`DIGITS` places (Virtuoso keeps 14).

    >>> _decimal(0.0), _decimal(0.125), _decimal(1.2345e-05), _decimal(2.0), _decimal(1 / 3)
    ('0', '0.125', '0.000012345', '2', '0.333333333333')
    """
    text = format(Decimal(repr(round(float(value), DIGITS))), "f")
    return text[:-2] if text.endswith(".0") else text
