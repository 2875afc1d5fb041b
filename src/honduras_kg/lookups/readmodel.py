"""The read model: what the lookups ask of the store, and the little they keep.

A :class:`ReadModel` holds no copy of the graph. Each lookup asks the store
for what it needs (an entity, the claims that name it, the statements of a
speaker) and the answers become frozen records (:mod:`honduras_kg.lookups.records`),
kept in a bounded cache since the store is read-only. A few compact
structures are each built from one query on first use and kept: the sources
and relation predicates (a handful), the label index for search (one name per
entity and alias), and the claim network for paths and neighbourhoods. The
same code serves the embedded Oxigraph store, rdflib and a remote SPARQL
server.

>>> from rdflib import Graph
>>> from honduras_kg.namespaces import HK, HKO, SRC
>>> g = Graph()
>>> _ = g.add((HK["soto-cano"], HKO.mentionedIn, SRC.s))
>>> model = ReadModel.from_graph(g, base="https://w3id.org/honduras-kg/")
>>> model.require_entity("hk:soto-cano").ref.iri
'https://w3id.org/honduras-kg/id/soto-cano'
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Collection, Iterable
from typing import TypeVar

from rdflib import Graph, URIRef

from honduras_kg.errors import NotFound
from honduras_kg.lazy import networkx as nx
from honduras_kg.lookups.records import (
    EntityRecord,
    Name,
    Predicate,
    Reader,
    normalise,
)
from honduras_kg.lookups.results import Claim, EntityRef, SourceInfo, Statement
from honduras_kg.lookups.subgraph import Subgraph, fetch, iri_ref
from honduras_kg.namespaces import HKO, RDF, RDFS, SKOS, bind_prefixes
from honduras_kg.network import (
    ACTOR_TYPES,
    METRICS,
    Actor,
    centrality,
    local_name,
    node_type,
    project,
)
from honduras_kg.network.derived import read_metrics, read_metrics_of
from honduras_kg.network.projection import preference
from honduras_kg.store.base import Store
from honduras_kg.store.loading import derived_prefix
from honduras_kg.store.rows import from_term, select_all

__all__ = ["CACHE_SIZE", "ReadModel"]

#: How many records (entities, claims, statements) the model keeps at most.
CACHE_SIZE = 20_000
#: How many whole answers (:meth:`ReadModel.memo`) it keeps at most.
MEMO_SIZE = 64

K = TypeVar("K")
V = TypeVar("V")

_ENTITY_NAMES = """
SELECT ?e ?p ?o WHERE {
  { SELECT DISTINCT ?e WHERE { ?e hko:mentionedIn ?source } }
  OPTIONAL {
    { ?e rdfs:label ?o BIND (rdfs:label AS ?p) }
    UNION { ?e skos:altLabel ?o BIND (skos:altLabel AS ?p) }
    UNION { ?e rdf:type ?o BIND (rdf:type AS ?p) }
  }
}"""
_SOURCES = "SELECT DISTINCT ?s WHERE { ?s a hko:Source }"
_CITED = """
SELECT ?source (COUNT(DISTINCT ?item) AS ?n) WHERE {{
  ?item a {kind} ; prov:wasDerivedFrom ?source
}} GROUP BY ?source"""
_PREDICATES = "SELECT DISTINCT ?p WHERE { ?claim rdf:predicate ?p }"
# (Oxigraph joins in the order written: the pattern that names the entity goes first.)
# No type test here: ``claims`` keeps only claims, and at a hub the test doubled the time.
_CLAIMS_OF = """
SELECT DISTINCT ?c WHERE {{ {{ ?c rdf:subject {iri} }} UNION {{ ?c rdf:object {iri} }} }}"""
_COUNT_TRIPLES = """
SELECT (COUNT(*) AS ?n) WHERE {{
  SELECT DISTINCT ?s ?p ?o WHERE {{
    GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{derived}"))
  }}
}}"""


class ReadModel:
    """The graph as the lookups read it, asked of ``store`` (data IRIs under ``base``).

    ``fingerprint`` identifies the data (for ``ETag`` headers): give the
    digest of the files the store was loaded from when it is known; without
    it, the store's triples are counted and hashed.
    """

    def __init__(self, store: Store, *, base: str, fingerprint: str | None = None) -> None:
        self.store = store
        self.base = base
        self._fingerprint = fingerprint
        self._records: _LRU[tuple[str, str], object] = _LRU(CACHE_SIZE)
        self._projections: dict[tuple, nx.MultiDiGraph] = {}
        self._lock = threading.Lock()
        self._answers: _LRU[tuple, object] = _LRU(MEMO_SIZE)
        self._builds: dict[tuple, threading.Lock] = {}  # a lock per memo being computed
        self._builds_lock = threading.Lock()
        #: Written exports of the whole graph, by format (filled on first use).
        self.exports: dict[str, bytes] = {}

    @classmethod
    def from_store(cls, store: Store, *, base: str, fingerprint: str | None = None) -> ReadModel:
        """The read model of ``store``."""
        return cls(store, base=base, fingerprint=fingerprint)

    @classmethod
    def from_graph(cls, graph: Graph, *, base: str) -> ReadModel:
        """The read model of an rdflib graph, copied into an in-memory Oxigraph store."""
        from honduras_kg.store import OxigraphStore, graph_iri

        text = graph.serialize(format="nt")
        store = OxigraphStore.from_graphs([(graph_iri(base, "graph"), text)])
        lines = sorted(line for line in text.splitlines() if line.strip())
        return cls(store, base=base, fingerprint=_digest("\n".join(lines)))

    # --- what identifies the data --------------------------------------------

    @functools.cached_property
    def content_hash(self) -> str:
        """A digest of the data: the fingerprint given, or one of the store's contents."""
        if self._fingerprint:
            return self._fingerprint
        return _digest(f"{self.triples}:{sorted(self.store.graph_names())}")

    @property
    def etag(self) -> str:
        """A strong ``ETag`` value for answers drawn from this graph."""
        return f'"{self.content_hash[:32]}"'

    @functools.cached_property
    def triples(self) -> int:
        """How many distinct triples the graph holds."""
        rows = self.store.query(_COUNT_TRIPLES.format(derived=derived_prefix(self.base))).rows
        return int(rows[0]["n"]["value"]) if rows else 0

    # --- small things, read once ---------------------------------------------

    @functools.cached_property
    def sources(self) -> dict[str, SourceInfo]:
        """Every source, by id, with how many claims and statements rest on it."""
        iris = [str(from_term(row["s"])) for row in select_all(self.store, _SOURCES)]
        graph = fetch(self.store, iris, base=self.base)
        claims, said = self._cited("hko:Claim"), self._cited("hko:Statement")
        reader = Reader(graph)
        found = [
            reader.source(URIRef(iri), claims=claims.get(iri, 0), statements=said.get(iri, 0))
            for iri in sorted(iris)
        ]
        return {info.id: info for info in found}

    def predicate(self, iri: str) -> Predicate:
        """One relation predicate, with how it reads forwards and backwards (kept)."""
        found = self._records.get(("predicate", iri))
        if found is None:
            found = Reader(fetch(self.store, [iri], base=self.base)).predicate(URIRef(iri))
            self._records.put(("predicate", iri), found)
        return found  # type: ignore[return-value]

    @functools.cached_property
    def predicates(self) -> dict[str, Predicate]:
        """The relation predicates the claims use, by IRI, with their labels."""
        iris = sorted(str(from_term(r["p"])) for r in select_all(self.store, _PREDICATES))
        reader = Reader(fetch(self.store, iris, base=self.base))
        return {iri: reader.predicate(URIRef(iri)) for iri in iris}

    @functools.cached_property
    def refs(self) -> dict[str, EntityRef]:
        """The label index: every entity's ref (id, IRI, label, type), by id."""
        return {ref.id: ref for ref, _ in self._entity_names}

    @functools.cached_property
    def names(self) -> tuple[Name, ...]:
        """Every label and alias of every entity, folded for search."""
        found = []
        for ref, aliases in self._entity_names:
            found.append(Name(ref.id, "label", ref.label, normalise(ref.label)))
            found += [Name(ref.id, "alias", alias, normalise(alias)) for alias in aliases]
        return tuple(found)

    @functools.cached_property
    def _entity_names(self) -> list[tuple[EntityRef, tuple[str, ...]]]:
        values_of: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for row in select_all(self.store, _ENTITY_NAMES):
            if row["e"]["type"] != "uri":
                continue
            entity = values_of[row["e"]["value"]]
            if "p" in row and "o" in row:
                entity[row["p"]["value"]].append(from_term(row["o"]))
        found = []
        label_of, type_of, alias_of = str(RDFS.label), str(RDF.type), str(SKOS.altLabel)
        for iri in sorted(values_of):
            fields = values_of[iri]
            labels = fields.get(label_of)
            label = str(min(labels, key=preference)) if labels else local_name(iri)
            ref = EntityRef(local_name(iri), iri, label, node_type(fields.get(type_of, ())))
            aliases = {str(a) for a in fields.get(alias_of, ())}
            found.append((ref, tuple(sorted(aliases, key=str.lower))))
        return found

    # --- the network, built on first use --------------------------------------

    @property
    def network(self) -> nx.MultiDiGraph:
        """The claim network that paths and neighbourhoods walk: a light projection
        (:func:`honduras_kg.network.project`), built on first use, read-only."""
        return self._projection(("light",), light=True)

    def projection(self, *, statements: bool = False, sources: bool = False) -> nx.MultiDiGraph:
        """The whole claim projection, with statement and source nodes if asked (read-only)."""
        return self._projection(("full", statements, sources), include_statements=statements,
                                include_sources=sources)  # fmt: skip

    def projection_around(
        self, entities: Collection[str], *, statements: bool = False, sources: bool = False
    ) -> nx.MultiDiGraph:
        """The projection of ``entities`` (IRIs) only, with the statements and sources next
        to them if asked: what a view of a neighbourhood draws, without the whole graph."""
        return project(
            self.store, include_statements=statements, include_sources=sources, around=entities
        )

    def _projection(self, key: tuple, **options: bool) -> nx.MultiDiGraph:
        with self._lock:
            if key not in self._projections:
                self._projections[key] = project(self.store, **options)
            return self._projections[key]

    @functools.cached_property
    def scores(self) -> dict[str, dict[str, float]]:
        """Degree, betweenness and PageRank of every entity of the network, by metric.

        Read from the metrics graph the load step derived; computed here only
        for a store built without it.
        """
        return read_metrics(self.store, base=self.base) or centrality(self.network)

    def centrality_of(self, iri: str) -> dict[str, float]:
        """The entity's degree, betweenness and PageRank (0 for one outside the network).

        Until something needs them all, only this entity's are read.
        """
        if "scores" not in self.__dict__ and iri_ref(iri):
            found = read_metrics_of(self.store, iri, base=self.base)
            if found is not None:
                return found
        return {metric: values.get(iri, 0) for metric, values in self.scores.items()}

    def ranking(
        self, metric: str, *, n: int, types: Collection[str] | None = ACTOR_TYPES
    ) -> list[Actor]:
        """The ``n`` entities (of ``types``; ``None`` for all) ranked highest by ``metric``.

        Ties go alphabetically by label.
        """
        if metric not in METRICS:
            raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
        values = self.scores[metric]
        actors = [
            Actor(ref.iri, ref.id, ref.label, ref.type, values.get(ref.iri, 0))
            for ref in self.refs.values()
            if types is None or ref.type in types
        ]
        actors.sort(key=lambda a: (-a.value, a.label))
        return actors[:n]

    def memo(self, key: tuple, compute: Callable[[], V]) -> V:
        """What ``compute`` answers, kept under ``key`` (the store is read-only).

        A thread that asks while another computes it waits for that answer rather
        than compute it again (the warm-up and the first reader, on a large graph).
        """
        found = self._answers.get(key, _ABSENT)
        if found is not _ABSENT:
            return found  # type: ignore[return-value]
        with self._builds_lock:
            building = self._builds.setdefault(key, threading.Lock())
        try:
            with building:
                found = self._answers.get(key, _ABSENT)
                if found is _ABSENT:
                    found = compute()
                    self._answers.put(key, found)
        finally:
            with self._builds_lock:
                self._builds.pop(key, None)
        return found  # type: ignore[return-value]

    # --- entities --------------------------------------------------------------

    def entity_iri(self, id: str) -> str:
        """The IRI of the entity ``id``."""
        return f"{self.base}id/{id}"

    def entity_id(self, ident: str) -> str | None:
        """The id that ``ident`` names: an id, ``hk:id`` or a full IRI; ``None`` if unknown."""
        record = self.entity_record(ident)
        return record.ref.id if record is not None else None

    def entity_record(self, ident: str) -> EntityRecord | None:
        """The entity ``ident`` names (an id, ``hk:id`` or IRI), or ``None``."""
        id = ident.strip()
        for prefix in (self.entity_iri(""), "hk:"):
            if id.startswith(prefix):
                id = id[len(prefix) :]
        if not id:
            return None
        record = self.entities([self.entity_iri(id)]).get(self.entity_iri(id))
        if record is None and "/" not in id and ":" not in id:
            ref = self.refs.get(id)  # an entity outside our id namespace
            record = self.entities([ref.iri]).get(ref.iri) if ref else None
        return record

    def require_entity(self, ident: str, *, parameter: str = "id") -> EntityRecord:
        """The entity ``ident`` names; :class:`NotFound` with the closest ids if none."""
        record = self.entity_record(ident)
        if record is not None:
            return record
        close = difflib.get_close_matches(ident.strip().lower(), self.refs, n=3, cutoff=0.6)
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

    # --- records by IRI ---------------------------------------------------------

    def claims(self, iris: Iterable[str]) -> list[Claim]:
        """The claims ``iris`` (those that are claims), in the order given."""
        return self._read(iris, "claim", Reader.claim)  # type: ignore[return-value]

    def statements(self, iris: Iterable[str]) -> list[Statement]:
        """The statements ``iris`` (those that are statements), in the order given."""
        return self._read(iris, "statement", Reader.statement)  # type: ignore[return-value]

    def claims_of(self, iri: str) -> list[Claim]:
        """The claims whose subject or object is ``iri``, by IRI."""
        ref = iri_ref(iri)
        if ref is None:
            return []
        rows = select_all(self.store, _CLAIMS_OF.format(iri=ref))
        return self.claims(sorted(row["c"]["value"] for row in rows))

    def select_iris(self, query: str, variable: str = "n") -> list[str]:
        """The IRIs ``variable`` takes in the answers of a SELECT ``query``, sorted."""
        rows = select_all(self.store, query)
        return sorted({r[variable]["value"] for r in rows if r[variable]["type"] == "uri"})

    def entities(self, iris: Iterable[str]) -> dict[str, EntityRecord]:
        """The entities ``iris`` (those that are entities), by IRI."""

        def read(reader: Reader, iri: URIRef) -> EntityRecord | None:
            return reader.entity(iri) if reader.graph.value(iri, HKO.mentionedIn) else None

        found = self._read(iris, "entity", read)
        return {record.ref.iri: record for record in found}  # type: ignore[attr-defined]

    def _read(self, iris: Iterable[str], kind: str, read: Callable) -> list:
        # A text that is no IRI names no record (and never reaches a query).
        found = {
            iri: self._records.get((kind, iri)) if iri_ref(iri) else _ABSENT
            for iri in dict.fromkeys(iris)
        }
        missing = [iri for iri, record in found.items() if record is None]
        if missing:
            graph = fetch(self.store, missing, base=self.base)
            reader = Reader(graph)  # labels of what the records point to are in the graph
            for iri in missing:
                node = URIRef(iri)
                record = read(reader, node) if _typed(graph, node, kind) else None
                found[iri] = record if record is not None else _ABSENT
                self._records.put((kind, iri), found[iri])
        return [record for record in found.values() if record is not _ABSENT]

    def _cited(self, kind: str) -> dict[str, int]:
        rows = select_all(self.store, _CITED.format(kind=kind))
        return {row["source"]["value"]: int(row["n"]["value"]) for row in rows}

    def graph(self) -> Graph:
        """Every triple, as an rdflib graph (for exports of the whole graph; not kept)."""
        from honduras_kg.lookups.exports import all_triples

        text = all_triples(self.store, base=self.base)
        return bind_prefixes(Graph()).parse(data=text, format="nt")


# A cached answer that there is no such record (``None`` means "not cached").
_ABSENT = object()

_KINDS = {"claim": HKO.Claim, "statement": HKO.Statement}


def _typed(graph: Subgraph, node: URIRef, kind: str) -> bool:
    wanted = _KINDS.get(kind)
    return node in graph and (wanted is None or wanted in graph.objects(node, RDF.type))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class _LRU(OrderedDict[K, V]):
    """A bounded, thread-safe cache: the least recently used entry goes first."""

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity
        self._guard = threading.Lock()

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        with self._guard:
            if key not in self:
                return default
            self.move_to_end(key)
            return self[key]

    def put(self, key: K, value: V) -> None:
        with self._guard:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.capacity:
                self.popitem(last=False)
