"""The few triples one lookup needs, fetched from the store in two queries.

:func:`fetch` asks the store for everything about the nodes asked for (their
own triples, their quantities, the conflicts that name them, the claims
stated in them), then for the labels and types of everything those triples
point to. The answer is a :class:`Subgraph`: the handful of rdflib-style
look-ups the record :class:`~honduras_kg.lookups.records.Reader` uses, over
a dict, with none of a full graph's machinery.

>>> from rdflib import Literal, URIRef
>>> g = Subgraph([(URIRef("urn:a"), URIRef("urn:p"), Literal("x"))])
>>> g.value(URIRef("urn:a"), URIRef("urn:p")), list(g.subjects(URIRef("urn:p"), Literal("x")))
(rdflib.term.Literal('x'), [rdflib.term.URIRef('urn:a')])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from honduras_kg.store.base import Store
from honduras_kg.store.loading import derived_prefix
from honduras_kg.store.rows import from_term, select_all

__all__ = ["BATCH", "Subgraph", "fetch", "iri_ref", "values"]

#: The most IRIs one query names in its VALUES block.
BATCH = 400


# A node's own triples are what the sources say of it, not what was derived from that
# (the direct facts, the materialised PROV properties, the metrics): those graphs are left out.
_OWN = """
SELECT ?s ?p ?o WHERE {{
  VALUES ?n {{ {nodes} }}
  {{ GRAPH ?g {{ ?n ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{derived}")) BIND (?n AS ?s) }}
  UNION {{ ?s hko:conflictingClaim ?n . ?s ?p ?o }}
  UNION {{ ?n hko:quantity ?s . ?s ?p ?o }}
  UNION {{ ?s hko:statedIn ?n BIND (hko:statedIn AS ?p) BIND (?n AS ?o) }}
}}"""

# (Each predicate named in its own pattern: Oxigraph reads "?s ?p ?o" with ?p from
# VALUES as a scan of every triple.)
_NAMES = """
SELECT ?s ?p ?o WHERE {{
  VALUES ?s {{ {nodes} }}
  {{ ?s rdfs:label ?o BIND (rdfs:label AS ?p) }} UNION {{ ?s rdf:type ?o BIND (rdf:type AS ?p) }}
}}"""


class Subgraph:
    """A few triples, indexed both ways."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]] = ()) -> None:
        self._out: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        self._in: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        self._seen: set[tuple[Node, Node, Node]] = set()
        self.add_all(triples)

    def add_all(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Add triples (each once)."""
        for s, p, o in triples:
            if (s, p, o) not in self._seen:
                self._seen.add((s, p, o))
                self._out[s].append((p, o))
                self._in[o].append((s, p))

    def __len__(self) -> int:
        return len(self._seen)

    def __contains__(self, node: Node) -> bool:
        """Whether ``node`` is the subject of any triple."""
        return node in self._out

    def subjects_held(self) -> set[Node]:
        """Every subject."""
        return set(self._out)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        """The objects of ``subject``'s ``predicate``."""
        return (o for p, o in self._out.get(subject, ()) if p == predicate)

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of ``subject``'s ``predicate`` (the first by text, so that every
        backend gives the same one, in whatever order it answers), or ``None``."""
        return min(self.objects(subject, predicate), key=str, default=None)

    def subjects(self, predicate: Node, object: Node) -> Iterator[Node]:
        """The subjects that have ``predicate`` ``object``."""
        return (s for s, p in self._in.get(object, ()) if p == predicate)

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        """Every ``(predicate, object)`` of ``subject``."""
        return iter(self._out.get(subject, ()))

    def references(self) -> set[URIRef]:
        """The IRIs the triples point to (objects and predicates) that are not subjects here."""
        found = {o for pairs in self._out.values() for _, o in pairs if isinstance(o, URIRef)}
        found |= {p for pairs in self._out.values() for p, _ in pairs if isinstance(p, URIRef)}
        return found - set(self._out)


def fetch(store: Store, nodes: Iterable[str], *, base: str) -> Subgraph:
    """The triples about ``nodes`` (IRIs) and the labels and types of what they point to;
    ``base`` is the store's, whose derived graphs are left out."""
    graph = Subgraph()
    wanted = sorted({iri for iri in nodes if iri_ref(iri)})
    for query in _batched(_OWN, wanted, derived=derived_prefix(base)):
        graph.add_all(_triples(store, query))
    named = sorted(str(iri) for iri in graph.references())
    for query in _batched(_NAMES, named):
        graph.add_all(_triples(store, query))
    return graph


def iri_ref(iri: str) -> str | None:
    """``<iri>``, or ``None`` when ``iri`` cannot be one (so it names nothing in the store).

    The store's own parser decides (a text it would refuse in a query is no IRI).

    >>> iri_ref("https://w3id.org/honduras-kg/id/soto-cano")
    '<https://w3id.org/honduras-kg/id/soto-cano>'
    >>> iri_ref("x> } ; DROP ALL #") is None, iri_ref("https://w3id.org/id/\x9c") is None
    (True, True)
    """
    if not iri:
        return None
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return f"<{iri}>"


def values(iris: Iterable[str]) -> str:
    """IRIs as the terms of a VALUES block (those that cannot be IRIs left out)."""
    return " ".join(ref for ref in map(iri_ref, iris) if ref)


def _batched(template: str, iris: list[str], **fields: str) -> Iterator[str]:
    for start in range(0, len(iris), BATCH):
        yield template.format(nodes=values(iris[start : start + BATCH]), **fields)


def _triples(store: Store, query: str) -> Iterator[tuple[Node, Node, Node]]:
    for row in select_all(store, query):
        yield from_term(row["s"]), from_term(row["p"]), from_term(row["o"])
