"""The reference backend: an rdflib ``Dataset`` in memory, one named graph per file.

Slow but plain Python, and the implementation the others are checked against.
rdflib's SPARQL engine would fetch (from the web, or a ``file:`` path) any graph
of the dataset it does not hold. So the engine never sees such a graph: each
query's dataset (its FROM / FROM NAMED, or the protocol's graphs) keeps only the
graphs the store holds, and a dataset with none left is run on an empty one. A
graph the store does not hold is thus an empty graph. Loading is also turned
off for the whole process (``rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False``),
in case anything else reaches the engine.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib.plugins.sparql
from pyparsing import ParseBaseException
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.processor import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR
from honduras_kg.errors import BadRequest, QuerySyntaxError, StoreError, UnsafeQuery
from honduras_kg.namespaces import DEFAULT_BASE, PREFIXES
from honduras_kg.store.base import QueryResult, Term
from honduras_kg.store.loading import service_iri, store_graphs
from honduras_kg.store.terms import bnode, literal, row_bytes, take, take_ntriples, to_oxigraph, uri

__all__ = ["RdflibStore", "rdflib_term"]

#: rdflib 7.6's SPARQL engine calls its own deprecated ``Dataset.default_context``
#: and ``Dataset.contexts()`` on every query: no public API avoids them.
_RDFLIB_OWN_DEPRECATIONS = r"Dataset\.(default_context|contexts) is deprecated"

#: rdflib's parser (pyparsing's caches) and ``warnings.catch_warnings`` are
#: process-wide state: one query at a time, parsed and run.
_QUERY_LOCK = threading.Lock()


class RdflibStore:
    """A :class:`~honduras_kg.store.base.Store` over an rdflib ``Dataset``.

    >>> store = RdflibStore([("urn:g", '<urn:s> <urn:p> "o"@en .\\n')])
    >>> store.query("ASK { GRAPH <urn:g> { ?s ?p 'o'@en } }").boolean
    True
    """

    name = "rdflib"

    def __init__(self, graphs: Iterable[tuple[str, str]], *, base_iri: str | None = None) -> None:
        """Hold the ``(graph IRI, N-Triples text)`` pairs, one named graph each.

        Relative IRIs in queries resolve against ``base_iri``.
        """
        # Never fetch what FROM / FROM NAMED name (rdflib's default is to load it).
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self.base_iri = base_iri
        self._dataset: Dataset | None = Dataset(default_union=True)
        for iri, ntriples in graphs:
            self._dataset.graph(URIRef(iri)).parse(data=ntriples, format="nt")
        self._held = [str(g.identifier) for g in self._dataset.graphs() if len(g)]

    @classmethod
    def from_graph_dir(
        cls, graph_dir: Path | str = DEFAULT_GRAPH_DIR, *, base: str = DEFAULT_BASE
    ) -> RdflibStore:
        """A store of the curated files of ``graph_dir``."""
        return cls(store_graphs(graph_dir, base=base), base_iri=service_iri(base))

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        row_limit: int | None = None,
        max_bytes: int | None = None,
    ) -> QueryResult:
        """Run a query; see :meth:`honduras_kg.store.base.Store.query`."""
        dataset = self._open()
        with _QUERY_LOCK:
            return self._query(dataset, sparql, default_graphs, named_graphs, row_limit, max_bytes)

    def _query(
        self,
        dataset: Dataset,
        sparql: str,
        default_graphs: Sequence[str],
        named_graphs: Sequence[str],
        row_limit: int | None,
        max_bytes: int | None,
    ) -> QueryResult:
        try:
            prepared = _prepare(sparql, self.base_iri)
            if default_graphs or named_graphs:
                _set_dataset(prepared, default_graphs or self._held, named_graphs or self._held)
            _refuse_services(prepared)
            if not _keep_held(prepared, frozenset(self._held)):
                dataset = Dataset(default_union=True)  # it names only graphs we do not hold
            with warnings.catch_warnings():
                warnings.filterwarnings(
                    "ignore", message=_RDFLIB_OWN_DEPRECATIONS, category=DeprecationWarning
                )
                return _materialise(dataset.query(prepared), row_limit, max_bytes)
        except RecursionError:
            raise BadRequest(
                "The query nests too deep for rdflib's parser; "
                "lower the max_query_depth setting (see docs/sparql.md)."
            ) from None

    def graph_names(self) -> frozenset[str]:
        """IRIs of the named graphs."""
        self._open()
        return frozenset(self._held)

    def close(self) -> None:
        """Let the data go."""
        self._dataset = None

    def _open(self) -> Dataset:
        if self._dataset is None:
            raise StoreError("the rdflib store is closed")
        return self._dataset


def _prepare(sparql: str, base_iri: str | None) -> Query:
    try:
        return prepareQuery(sparql, initNs=PREFIXES, base=base_iri)
    except ParseBaseException as err:
        where = f"line {err.lineno}, column {err.col}"
        raise QuerySyntaxError(f"{err.msg}, found {err.found} at {where}") from err
    except Exception as err:
        # rdflib raises a bare Exception for an undeclared prefix; let any other through.
        if str(err).startswith("Unknown namespace prefix"):
            raise QuerySyntaxError(str(err)) from err
        raise


def _refuse_services(query: Query) -> None:
    """Refuse a SERVICE in rdflib's own reading of the query, checked before it runs.

    The guard (:mod:`honduras_kg.sparql.guard`) refuses it from the query's tokens;
    graphs the store does not hold are dropped by :func:`_keep_held`, never fetched.
    """
    pending: list[Any] = [query.algebra]
    while pending:  # no recursion: the tree may be as deep as the query
        node = pending.pop()
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise UnsafeQuery("SERVICE refused: this endpoint never queries other services.")
        if isinstance(node, Mapping):
            pending.extend(node.values())
        elif isinstance(node, list | tuple):
            pending.extend(node)


def _set_dataset(query: Query, default_graphs: Iterable[str], named_graphs: Iterable[str]) -> None:
    """Replace the query's FROM / FROM NAMED, as the protocol's graph parameters do."""
    clause = [CompValue("DatasetClause", default=URIRef(iri)) for iri in default_graphs]
    clause += [CompValue("DatasetClause", named=URIRef(iri)) for iri in named_graphs]
    query.algebra["datasetClause"] = clause


def _keep_held(query: Query, held: frozenset[str]) -> bool:
    """Drop from the query's dataset the graphs the store does not hold, lest rdflib fetch them.

    Returns False when the query names a dataset and none of its graphs is
    held: the query must then run on an empty dataset (an empty clause would
    mean the whole store).
    """
    clause = query.algebra.get("datasetClause")
    if not clause:
        return True
    kept = [part for part in clause if str(part.default or part.named) in held]
    query.algebra["datasetClause"] = kept
    return bool(kept)


def _materialise(result: Result, row_limit: int | None, max_bytes: int | None) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(kind="ask", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = (_ox_triple(triple) for triple in result.graph)
        ntriples, truncated = take_ntriples(triples, row_limit, max_bytes=max_bytes)
        return QueryResult(kind="graph", ntriples=ntriples, truncated=truncated)
    variables = tuple(str(variable) for variable in result.vars or ())
    rows = (_row(solution.asdict()) for solution in result)  # type: ignore[union-attr]
    taken, truncated = take(rows, row_limit, max_bytes=max_bytes, size=row_bytes)
    return QueryResult(kind="select", variables=variables, rows=tuple(taken), truncated=truncated)


def _ox_triple(triple: Any) -> ox.Triple:
    return ox.Triple(*(to_oxigraph(rdflib_term(term)) for term in triple))


def _row(solution: Mapping[str, Any]) -> Mapping[str, Term]:
    return {name: rdflib_term(term) for name, term in solution.items() if term is not None}


def rdflib_term(term: Any) -> Term:
    """The SPARQL-JSON dict of an rdflib term.

    >>> rdflib_term(Literal("Honduras", lang="en"))
    {'type': 'literal', 'value': 'Honduras', 'xml:lang': 'en'}
    >>> rdflib_term(Literal(5))
    {'type': 'literal', 'value': '5', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}
    """
    if isinstance(term, URIRef):
        return uri(str(term))
    if isinstance(term, BNode):
        return bnode(str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return literal(str(term), datatype=datatype, language=term.language)
    raise StoreError(f"cannot return this kind of RDF term: {term!r}")
