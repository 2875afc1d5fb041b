"""Any SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB...) through the SPARQL 1.1 Protocol.

Only the standard library speaks HTTP here (:mod:`honduras_kg.store.http`):
queries are POSTed form-encoded, updates as ``application/sparql-update``.
SELECT and ASK come back as SPARQL JSON results; CONSTRUCT and DESCRIBE as
N-Triples (or Turtle), rewritten by pyoxigraph into the N-Triples every
backend returns.

:func:`push_graph_dir` loads the curated files into a server, one named
graph each, replacing what those graphs held.

A graph the server does not hold (of ours, given ``graph_prefix``) is an
empty graph, but the client never names one to the server, which might fetch
it: Virtuoso's sponger fetches the graphs a query names when the query or the
endpoint asks it to. Such graphs are left out of the dataset the client sends
(``default-graph-uri`` / ``named-graph-uri``, which override the query's own
FROM / FROM NAMED), and a list with none left is sent as :data:`EMPTY_GRAPH`.

Virtuoso, the server this is tested against, has quirks the client smooths
over: its JSON types literals ``"typed-literal"`` and writes ``xsd:boolean``
true as ``"1"``; it cuts answers at ``ResultSetMaxRows`` (reported here as
``truncated``); it answers DESCRIBE over its implicit default graph with
nothing (a store with ``graph_prefix`` names its graphs, so DESCRIBE works).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR
from honduras_kg.errors import QuerySyntaxError, StoreError, TooLarge
from honduras_kg.namespaces import DEFAULT_BASE, PREFIXES
from honduras_kg.store.base import QueryResult, Term
from honduras_kg.store.http import DEFAULT_TIMEOUT, HttpClient, Response
from honduras_kg.store.loading import store_graphs
from honduras_kg.store.sparql_text import has_dataset_clause, query_form, with_prefixes
from honduras_kg.store.terms import bnode, literal, row_bytes, take, take_ntriples, uri

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_TIMEOUT",
    "EMPTY_GRAPH",
    "RemoteStore",
    "json_term",
    "push_graph_dir",
]

#: The graph sent for a dataset whose graphs the server does not hold: a URN,
#: so no server can fetch it, and none holds it.
EMPTY_GRAPH = "urn:x-honduras-kg:empty-graph"

#: Triples per ``INSERT DATA`` request when loading a server.
DEFAULT_BATCH_SIZE = 500

_FORM = "application/x-www-form-urlencoded"
_UPDATE = "application/sparql-update; charset=utf-8"
_RESULTS = "application/sparql-results+json"
_GRAPH = "application/n-triples, text/turtle;q=0.9"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_BOOLEAN = _XSD + "boolean"
#: How the names of XSD's integer types end (integer, nonNegativeInteger, unsignedLong...).
_WHOLE_NUMBERS = ("integer", "long", "int", "short", "byte")
_ALL_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteStore:
    """A :class:`~honduras_kg.store.base.Store` that asks a SPARQL 1.1 server.

    ``graph_prefix`` (``{base}graph/`` for our data) says which of the
    server's named graphs are ours: ``graph_names()`` lists only those, and a
    query gets the same dataset as on the embedded backends: our graphs'
    union as default graph (unless ``default_graphs`` or the query's FROM
    say otherwise), each of them by name (unless ``named_graphs`` or FROM
    NAMED do). Our graphs are listed at the first query (until there are
    some), not again. Without
    ``graph_prefix``, the server's own default dataset applies (on
    Virtuoso: every graph, its system graphs included).
    A graph the caller names that is not one of ours (or, without
    ``graph_prefix``, not on the server) is an empty graph, never sent.
    Queries may use the project's prefixes without declaring them, and
    relative IRIs resolve against ``base_iri``.
    """

    name = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        graph_prefix: str | None = None,
        base_iri: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.base_iri = base_iri
        self.update_endpoint = update_endpoint
        urls = [endpoint] + ([update_endpoint] if update_endpoint else [])
        self._http = HttpClient(urls, user=user, password=password, timeout=timeout)
        self._graph_prefix = graph_prefix
        self._ours: tuple[str, ...] | None = None
        self._lock = threading.Lock()

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        row_limit: int | None = None,
        max_bytes: int | None = None,
    ) -> QueryResult:
        """Run a query; see :meth:`honduras_kg.store.base.Store.query`.

        The server sends its whole answer; ``row_limit`` applies on this side.
        Text that is not a query (an update, say) is refused here, unsent.
        """
        form = query_form(sparql)
        if form is None:
            raise QuerySyntaxError("expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prologue")
        is_graph = form in ("construct", "describe")
        base = f"BASE <{self.base_iri}> " if self.base_iri else ""  # on line 1, as the prefixes
        fields = [("query", base + with_prefixes(sparql, PREFIXES))]
        fields += self._dataset(sparql, default_graphs, named_graphs)
        response = self._post(fields, accept=_GRAPH if is_graph else _RESULTS)
        if is_graph:
            result = _graph_result(response, row_limit, max_bytes)
        else:
            result = _results(response.body, row_limit, max_bytes)
        # Virtuoso cuts answers at ResultSetMaxRows and says so only in this header.
        if response.headers.get("X-SPARQL-MaxRows"):
            result = replace(result, truncated=True)
        return result

    def graph_names(self) -> frozenset[str]:
        """IRIs of the server's named graphs (only ours, given ``graph_prefix``)."""
        return frozenset(self._list_graphs())

    def close(self) -> None:
        """Nothing to release: each request has its own connection."""

    def _post(self, fields: Sequence[tuple[str, str]], *, accept: str) -> Response:
        body = urlencode(fields).encode("utf-8")
        return self._http.post(self.endpoint, body, content_type=_FORM, accept=accept)

    def _list_graphs(self) -> list[str]:
        # Virtuoso answers GRAPH ?g {} with one empty solution: ask for graphs with triples.
        rows = _results(self._post([("query", _ALL_GRAPHS)], accept=_RESULTS).body, None).rows
        names = [row["g"]["value"] for row in rows if "g" in row]
        prefix = self._graph_prefix or ""
        return sorted(name for name in names if name.startswith(prefix))

    def _our_graphs(self) -> tuple[str, ...]:
        with self._lock:
            if not self._ours:  # not listed yet, or the server was still empty
                self._ours = tuple(self._list_graphs())
            return self._ours

    def _dataset(
        self, sparql: str, default_graphs: Sequence[str], named_graphs: Sequence[str]
    ) -> list[tuple[str, str]]:
        """The protocol's ``default-graph-uri`` / ``named-graph-uri`` fields.

        Only graphs of ours go to the server (see the module's docstring).
        """
        if not (default_graphs or named_graphs):
            if self._graph_prefix is None or has_dataset_clause(sparql):
                return []  # the server's default dataset, or the query's own
            default_graphs = named_graphs = self._our_graphs()
        else:
            ours = self._our_graphs()
            default_graphs = _held(default_graphs, ours) if default_graphs else ours
            named_graphs = _held(named_graphs, ours) if named_graphs else ours
        fields = [("default-graph-uri", iri) for iri in default_graphs]
        return fields + [("named-graph-uri", iri) for iri in named_graphs]


def _held(graphs: Sequence[str], ours: Sequence[str]) -> Sequence[str]:
    """The graphs of ``graphs`` that are ours, or :data:`EMPTY_GRAPH` if none is.

    >>> _held(["urn:ours", "http://127.0.0.1:9/x"], ["urn:ours"])
    ['urn:ours']
    >>> _held(["file:///etc/passwd"], ["urn:ours"])
    ['urn:x-honduras-kg:empty-graph']
    """
    return [iri for iri in graphs if iri in ours] or [EMPTY_GRAPH]


def _results(body: bytes, row_limit: int | None, max_bytes: int | None = None) -> QueryResult:
    """A SPARQL 1.1 JSON results document as a :class:`QueryResult`."""
    try:
        document = json.loads(body)
        if "boolean" in document:
            return QueryResult(kind="ask", boolean=bool(document["boolean"]))
        variables = tuple(document["head"]["vars"])
        rows = (_row(binding) for binding in document["results"]["bindings"])
        taken, truncated = take(rows, row_limit, max_bytes=max_bytes, size=row_bytes)
    except TooLarge:
        raise
    except (ValueError, KeyError, TypeError) as err:
        raise StoreError(f"the server sent malformed SPARQL JSON results: {err}") from err
    return QueryResult(kind="select", variables=variables, rows=tuple(taken), truncated=truncated)


def _row(binding: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Term]:
    return {name: json_term(term) for name, term in binding.items()}


def json_term(term: Mapping[str, Any]) -> Term:
    """A server's SPARQL JSON term in the form every backend returns.

    >>> json_term({"type": "typed-literal", "value": "1",
    ...            "datatype": "http://www.w3.org/2001/XMLSchema#boolean"})["value"]
    'true'
    >>> json_term({"type": "literal", "value": "x", "xml:lang": "EN"})
    {'type': 'literal', 'value': 'x', 'xml:lang': 'en'}
    """
    kind, value = term["type"], str(term["value"])
    if kind == "uri":
        return uri(value)
    if kind == "bnode":
        return bnode(value)
    if kind not in ("literal", "typed-literal"):
        raise StoreError(f"cannot return this kind of RDF term: {term!r}")
    datatype = term.get("datatype")
    if datatype == _XSD_BOOLEAN and value in ("0", "1"):
        value = "true" if value == "1" else "false"  # Virtuoso writes booleans as 0 / 1
    return literal(value, datatype=datatype, language=term.get("xml:lang"))


def _graph_result(response: Response, row_limit: int | None, max_bytes: int | None) -> QueryResult:
    """N-Triples (or Turtle, or any RDF syntax pyoxigraph reads) as canonical N-Triples."""
    rdf_format = ox.RdfFormat.from_media_type(response.content_type)
    if rdf_format is None:
        raise StoreError(f"the server sent a graph as {response.content_type}, not RDF")
    try:
        triples = _triples(response.body, rdf_format)
        ntriples, truncated = take_ntriples(triples, row_limit, max_bytes=max_bytes)
    except SyntaxError as err:
        raise StoreError(f"the server sent a graph that does not parse: {err}") from err
    return QueryResult(kind="graph", ntriples=ntriples, truncated=truncated)


def _triples(body: bytes, rdf_format: ox.RdfFormat) -> Iterator[ox.Triple]:
    for quad in ox.parse(body, format=rdf_format):
        yield quad.triple


def push_graph_dir(
    update_endpoint: str,
    graph_dir: Path | str = DEFAULT_GRAPH_DIR,
    *,
    base: str = DEFAULT_BASE,
    user: str | None = None,
    password: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, int]:
    """Load the curated files into a SPARQL 1.1 server; return the triples sent per graph.

    Each file's named graph is dropped (``DROP SILENT GRAPH``) and filled
    again with ``INSERT DATA`` requests of ``batch_size`` triples, so pushing
    twice leaves the same data. Graphs of files since removed stay.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1: {batch_size}")
    http = HttpClient([update_endpoint], user=user, password=password, timeout=timeout)
    counts: dict[str, int] = {}
    for iri, ntriples in store_graphs(graph_dir, base=base):
        _update(http, update_endpoint, f"DROP SILENT GRAPH <{iri}>")
        for batch in insert_batches(ntriples, batch_size):
            _update(http, update_endpoint, f"INSERT DATA {{ GRAPH <{iri}> {{\n{batch}}} }}")
        counts[iri] = ntriples.count("\n")
    return counts


def insert_batches(ntriples: str, batch_size: int) -> Iterator[str]:
    """N-Triples lines in batches of at most ``batch_size``, safe for Virtuoso's INSERT DATA.

    Virtuoso merges the literals of one request that are equal as values:
    ``"2025"^^xsd:gYear`` and ``"2025-01"^^xsd:gYearMonth`` in the same
    INSERT DATA both come back as the first (``true`` and ``1``, ``1`` and
    ``1.0`` likewise). So a literal that equals, as a value, a different
    literal already in the batch starts a new batch.

    >>> lines = ['<urn:a> <urn:y> "2025"^^<http://www.w3.org/2001/XMLSchema#gYear> .',
    ...          '<urn:b> <urn:y> "2025-01"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .']
    >>> len(list(insert_batches("\\n".join(lines), 500)))
    2
    """
    batch: list[str] = []
    seen: dict[tuple[str, str], ox.Literal] = {}
    for line in ntriples.splitlines():
        if not line.strip():
            continue
        value = _object(line)
        key = _value_key(value) if isinstance(value, ox.Literal) else None
        if len(batch) >= batch_size or (key is not None and seen.get(key, value) != value):
            yield "".join(batch)
            batch, seen = [], {}
        batch.append(line + "\n")
        if key is not None:
            seen[key] = value
    if batch:
        yield "".join(batch)


def _object(line: str) -> Any:
    (quad,) = ox.parse(line, format=ox.RdfFormat.N_TRIPLES)
    return quad.object


def _value_key(value: ox.Literal) -> tuple[str, str] | None:
    """What Virtuoso may take a typed literal to equal (erring towards more clashes)."""
    datatype = value.datatype.value
    if not datatype.startswith(_XSD) or datatype == _XSD + "string":
        return None
    kind = datatype[len(_XSD) :]
    if kind == "boolean":
        return ("number", "1" if value.value in ("true", "1") else "0")
    if kind in ("decimal", "double", "float") or kind.lower().endswith(_WHOLE_NUMBERS):
        try:
            return ("number", str(Decimal(value.value).normalize()))
        except InvalidOperation:
            return None
    if kind.startswith("g") or kind.startswith("date"):
        return ("time", value.value.lstrip("-").split("-", 1)[0])  # the year
    return None


def _update(http: HttpClient, endpoint: str, sparql: str) -> None:
    body = sparql.encode("utf-8")
    try:
        http.post(endpoint, body, content_type=_UPDATE, accept="*/*")
    except QuerySyntaxError as err:  # our own update: the server, not the caller, is at odds
        raise StoreError(f"{endpoint} rejected an update: {err}") from err
