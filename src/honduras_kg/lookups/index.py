"""The graph, read once into what the lookups need: :class:`GraphIndex`.

Built once per app start from the store (every triple, through one
CONSTRUCT) or from an rdflib graph: the entities, claims, statements and
sources as plain records (:mod:`honduras_kg.lookups.records`), the networkx
projection and its centrality, the names to search, and a content hash for
``ETag`` headers. The graph is read-only, so nothing here changes after it
is built.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Graph

from honduras_kg.errors import NotFound
from honduras_kg.lookups.records import EntityRecord, Name, Predicate, normalise, read_graph
from honduras_kg.lookups.results import Claim, SourceInfo, Statement
from honduras_kg.namespaces import bind_prefixes
from honduras_kg.network import to_networkx
from honduras_kg.store.base import Store

__all__ = ["ALL_TRIPLES", "TRIPLES_PAGE", "GraphIndex", "all_triples"]

log = logging.getLogger(__name__)

#: The one query that reads the store: every triple of the union of its graphs.
ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"

#: The same, one page at a time, for a server that caps its answers.
TRIPLES_PAGE = (
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }} ORDER BY ?s ?p ?o LIMIT {limit} OFFSET {offset}"
)


def all_triples(store: Store) -> str:
    """Every triple of ``store``, as N-Triples text.

    A server that cuts answers short (Virtuoso stops at ``ResultSetMaxRows``,
    10,000 by default) is read again in ordered pages of the size it allowed,
    until a page comes back empty or brings nothing new.
    """
    result = store.query(ALL_TRIPLES)
    if not result.truncated:
        return result.ntriples
    page_size = len(result)
    lines: set[str] = set()
    offset = 0
    while True:
        page = store.query(TRIPLES_PAGE.format(limit=page_size, offset=offset))
        new = {line for line in page.ntriples.splitlines() if line.strip()} - lines
        if not new:
            break
        lines |= new
        offset += page_size
    log.info("read %d triples in pages of %d (the store caps its answers)", len(lines), page_size)
    return "".join(line + "\n" for line in sorted(lines))


@dataclass(frozen=True)
class GraphIndex:
    """Everything the lookups read, built once from a read-only graph.

    ``entities``, ``claims``, ``statements`` and ``sources`` are keyed by id;
    ``claims_of`` lists, per entity id, the claims it is the subject or
    object of. ``network`` is the claim projection
    (:func:`honduras_kg.network.to_networkx`) and ``scores`` its centrality.
    Build it with :meth:`from_store` or :meth:`from_graph`.
    """

    base: str
    graph: Graph
    content_hash: str
    entities: dict[str, EntityRecord]
    claims: dict[str, Claim]
    statements: dict[str, Statement]
    sources: dict[str, SourceInfo]
    predicates: dict[str, Predicate]
    claims_of: dict[str, tuple[str, ...]]
    names: tuple[Name, ...]
    network: nx.MultiDiGraph
    scores: dict[str, dict[str, float]]
    #: Written exports of the whole graph, by format (filled on first use).
    exports: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)
    #: Projections with statement or source nodes, by those two flags (built on first use).
    projections: dict[tuple[bool, bool], nx.MultiDiGraph] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def from_store(cls, store: Store, *, base: str) -> GraphIndex:
        """Read every triple of ``store`` (IRIs under ``base``) and index them."""
        ntriples = all_triples(store)
        graph = bind_prefixes(Graph())
        graph.parse(data=ntriples, format="nt")
        return cls.from_graph(graph, base=base, ntriples=ntriples)

    @classmethod
    def from_graph(cls, graph: Graph, *, base: str, ntriples: str | None = None) -> GraphIndex:
        """Index an rdflib graph whose data IRIs are under ``base``.

        >>> from honduras_kg.namespaces import HK, HKO, SRC
        >>> g = Graph()
        >>> _ = g.add((HK.honduras, HKO.mentionedIn, SRC.s))
        >>> index = GraphIndex.from_graph(g, base="https://w3id.org/honduras-kg/")
        >>> list(index.entities), index.etag.startswith('"')
        (['honduras'], True)
        """
        return cls(base=base, graph=graph, **read_graph(graph, base=base, ntriples=ntriples))

    @property
    def etag(self) -> str:
        """A strong ``ETag`` value for answers drawn from this graph."""
        return f'"{self.content_hash[:32]}"'

    def projection(self, *, statements: bool = False, sources: bool = False) -> nx.MultiDiGraph:
        """The claim projection, with statement and source nodes if asked (read-only)."""
        if not (statements or sources):
            return self.network
        key = (statements, sources)
        if key not in self.projections:
            self.projections[key] = to_networkx(
                self.graph, include_statements=statements, include_sources=sources
            )
        return self.projections[key]

    def entity_iri(self, id: str) -> str:
        """The IRI of the entity ``id``."""
        return f"{self.base}id/{id}"

    def entity_id(self, ident: str) -> str | None:
        """The id that ``ident`` names: an id, ``hk:id`` or a full IRI; ``None`` if unknown.

        >>> from honduras_kg.namespaces import HK, HKO, SRC
        >>> g = Graph()
        >>> _ = g.add((HK["soto-cano"], HKO.mentionedIn, SRC.s))
        >>> index = GraphIndex.from_graph(g, base="https://w3id.org/honduras-kg/")
        >>> index.entity_id("hk:soto-cano"), index.entity_id(str(HK["soto-cano"]))
        ('soto-cano', 'soto-cano')
        """
        ident = ident.strip()
        for prefix in (self.entity_iri(""), "hk:"):
            if ident.startswith(prefix):
                ident = ident[len(prefix) :]
        return ident if ident in self.entities else None

    def require_entity(self, ident: str, *, parameter: str = "id") -> EntityRecord:
        """The entity ``ident`` names; :class:`NotFound` with the closest ids if none."""
        found = self.entity_id(ident)
        if found is not None:
            return self.entities[found]
        close = difflib.get_close_matches(ident.strip().lower(), self.entities, n=3, cutoff=0.6)
        folded = normalise(ident)
        close += [n.entity for n in self.names if folded and folded in n.folded][:3]
        hint = ", ".join(dict.fromkeys(close))
        hint = f"; did you mean {hint}?" if hint else "; search by name to find its id"
        raise NotFound(f"{parameter}: no entity {ident!r}{hint}")

    def require_source(self, ident: str, *, parameter: str = "id") -> SourceInfo:
        """The source ``ident`` names (an id or IRI); :class:`NotFound` listing them if none."""
        key = ident.strip().removeprefix(f"{self.base}source/").removeprefix("src:")
        if key in self.sources:
            return self.sources[key]
        known = ", ".join(self.sources)
        raise NotFound(f"{parameter}: no source {ident!r}; the sources are: {known}")
