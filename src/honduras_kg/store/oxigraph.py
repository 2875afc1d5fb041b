"""The embedded Oxigraph backend (pyoxigraph): in memory, or on disk and read-only.

In memory, the curated files are parsed at start-up
(:func:`~honduras_kg.store.build.fill_store` fills the store)::

    store = OxigraphStore.from_graph_dir(settings.graph_dir, base=settings.base)

and each query worker loads the same data from an N-Quads dump
(:meth:`OxigraphStore.from_dump`), without parsing Turtle again.

On disk, a directory is filled once and then opened read-only by every server
process (:mod:`honduras_kg.store.ondisk` fills it whole and checks it when it
opens; ``OxigraphStore.open_read_only`` is the bare open underneath).

Oxigraph never fetches a graph: one that FROM, FROM NAMED or the protocol's
``default-graph-uri`` / ``named-graph-uri`` name and the store does not hold
is an empty graph. (It does follow ``SERVICE`` and ``LOAD``: the guard refuses those.)

pyoxigraph's result iterators must be consumed on the thread that created
them, so :meth:`OxigraphStore.query` materialises every answer before it
returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR
from honduras_kg.errors import BadRequest, QuerySyntaxError, StoreError
from honduras_kg.namespaces import DEFAULT_BASE, PREFIXES
from honduras_kg.store.base import QueryResult, Term
from honduras_kg.store.build import fill_store, triple_counts
from honduras_kg.store.loading import service_iri
from honduras_kg.store.sparql_text import has_dataset_clause, readable_syntax_error
from honduras_kg.store.terms import bnode, literal, row_bytes, take, take_ntriples, uri

__all__ = ["OxigraphStore", "ox_term"]


class OxigraphStore:
    """A :class:`~honduras_kg.store.base.Store` over a pyoxigraph ``Store``.

    >>> store = OxigraphStore.from_graphs([("urn:g", '<urn:s> <urn:p> "o"@en .\\n')])
    >>> store.query("SELECT ?o WHERE { ?s ?p ?o }").rows
    ({'o': {'type': 'literal', 'value': 'o', 'xml:lang': 'en'}},)
    >>> sorted(store.graph_names())
    ['urn:g']
    """

    name = "oxigraph"

    def __init__(self, store: ox.Store, *, base_iri: str | None = None) -> None:
        """Query ``store``, resolving relative IRIs in queries against ``base_iri``."""
        self._store: ox.Store | None = store
        self.base_iri = base_iri

    @classmethod
    def from_graphs(
        cls, graphs: Iterable[tuple[str, str]], *, base_iri: str | None = None
    ) -> OxigraphStore:
        """An in-memory store holding ``(graph IRI, N-Triples text)`` pairs."""
        store = ox.Store()
        for iri, ntriples in graphs:
            store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
        return cls(store, base_iri=base_iri)

    @classmethod
    def from_graph_dir(
        cls, graph_dir: Path | str = DEFAULT_GRAPH_DIR, *, base: str = DEFAULT_BASE
    ) -> OxigraphStore:
        """An in-memory store of the curated files of ``graph_dir``, one named graph each."""
        store = ox.Store()
        fill_store(store, graph_dir, base=base)
        return cls(store, base_iri=service_iri(base))

    @classmethod
    def from_dump(cls, nquads: bytes, *, base_iri: str | None = None) -> OxigraphStore:
        """An in-memory store of an N-Quads dump (:func:`~honduras_kg.store.build.build_dump`).

        >>> OxigraphStore.from_dump(b"<urn:s> <urn:p> <urn:o> <urn:g> .\\n").triple_counts()
        {'urn:g': 1}
        """
        store = ox.Store()
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        return cls(store, base_iri=base_iri)

    @classmethod
    def open_read_only(cls, path: Path | str, *, base_iri: str | None = None) -> OxigraphStore:
        """The on-disk store in ``path`` (filled by ``honduras-kg load``), read-only, unchecked.

        Raises :class:`~honduras_kg.errors.StoreError` if it cannot be opened.
        """
        if not Path(path).is_dir():
            raise StoreError(f"no Oxigraph store in {path}: fill it with load_into_directory")
        try:
            return cls(ox.Store.read_only(str(path)), base_iri=base_iri)
        except OSError as err:
            raise StoreError(f"cannot open the Oxigraph store in {path}: {err}") from err

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
        options = _dataset_options(default_graphs, named_graphs)
        if has_dataset_clause(sparql) and not default_graphs:
            # The union flag would override the query's own FROM / FROM NAMED.
            options.pop("use_default_graph_as_union")
        try:
            answer = self._open().query(
                sparql, prefixes=PREFIXES, base_iri=self.base_iri, **options
            )
            return _materialise(answer, row_limit, max_bytes)
        except SyntaxError as err:
            raise QuerySyntaxError(readable_syntax_error(sparql, str(err))) from err
        except OSError as err:
            raise StoreError(f"Oxigraph failed: {err}") from err

    def graph_names(self) -> frozenset[str]:
        """IRIs of the named graphs."""
        try:
            return frozenset(graph.value for graph in self._open().named_graphs())
        except OSError as err:
            raise StoreError(f"Oxigraph failed: {err}") from err

    def triple_counts(self) -> dict[str, int]:
        """Triples in each named graph, and under ``""`` in the default graph if it holds any.

        >>> OxigraphStore.from_graphs([("urn:g", "<urn:s> <urn:p> <urn:o> .\\n")]).triple_counts()
        {'urn:g': 1}
        """
        try:
            return triple_counts(self._open())
        except OSError as err:
            raise StoreError(f"Oxigraph failed: {err}") from err

    def triple_total(self) -> int:
        """Triples in the store, every graph counted (a quick count, without a query).

        A method, not ``__len__``: an empty store must not read as false.
        """
        try:
            return len(self._open())
        except OSError as err:
            raise StoreError(f"Oxigraph failed: {err}") from err

    def close(self) -> None:
        """Drop the store (an on-disk store's files are released with it)."""
        self._store = None

    def _open(self) -> ox.Store:
        if self._store is None:
            raise StoreError("the Oxigraph store is closed")
        return self._store


def _dataset_options(default_graphs: Sequence[str], named_graphs: Sequence[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if default_graphs:
        options["default_graph"] = [_named_node(iri) for iri in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [_named_node(iri) for iri in named_graphs]
    return options


def _named_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as err:
        raise BadRequest(f"not a graph IRI: {iri!r}") from err


def _materialise(answer: Any, row_limit: int | None, max_bytes: int | None) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        ntriples, truncated = take_ntriples(answer, row_limit, max_bytes=max_bytes)
        return QueryResult(kind="graph", ntriples=ntriples, truncated=truncated)
    variables = tuple(variable.value for variable in answer.variables)
    # Answers repeat their terms (a label, a class, a source): each is converted once,
    # and the rows share it (pickle sends it once too).
    converted: dict[Any, Term] = {}

    def term(value: Any) -> Term:
        found = converted.get(value)
        if found is None:
            found = converted[value] = ox_term(value)
        return found

    rows = (
        {
            name: term(value)
            for name, value in zip(variables, solution, strict=True)
            if value is not None
        }
        for solution in answer
    )
    taken, truncated = take(rows, row_limit, max_bytes=max_bytes, size=row_bytes)
    return QueryResult(kind="select", variables=variables, rows=tuple(taken), truncated=truncated)


def ox_term(term: Any) -> Term:
    """The SPARQL-JSON dict of a pyoxigraph term.

    >>> ox_term(ox.Literal("x"))
    {'type': 'literal', 'value': 'x'}
    >>> ox_term(ox.Literal("2025", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")))
    {'type': 'literal', 'value': '2025', 'datatype': 'http://www.w3.org/2001/XMLSchema#gYear'}
    """
    if isinstance(term, ox.NamedNode):
        return uri(term.value)
    if isinstance(term, ox.BlankNode):
        return bnode(term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, datatype=term.datatype.value, language=term.language)
    raise StoreError(f"cannot return this kind of RDF term yet: {term!r}")
