"""The store protocol: the one narrow surface every backend implements.

A store answers SPARQL 1.1 queries over the curated data and nothing else: it
is read-only once loaded. Answers come back materialised as a
:class:`QueryResult` in a backend-neutral shape (SPARQL-JSON term dicts for
solutions, N-Triples text for graphs), so that results can cross a process
boundary and every output format is written in one place
(:mod:`honduras_kg.formats`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

__all__ = ["QueryKind", "QueryResult", "Store", "Term"]

#: One RDF term as in the SPARQL 1.1 JSON results format.
Term = Mapping[str, str]

QueryKind = Literal["select", "ask", "graph"]


@dataclass(frozen=True)
class QueryResult:
    """A materialised answer.

    ``rows`` for SELECT (each a dict from variable name to term; unbound
    variables absent), ``boolean`` for ASK, ``ntriples`` for CONSTRUCT and
    DESCRIBE. ``truncated`` is true when ``row_limit`` cut the answer.
    """

    kind: QueryKind
    variables: tuple[str, ...] = ()
    rows: tuple[Mapping[str, Term], ...] = field(default_factory=tuple)
    boolean: bool | None = None
    ntriples: str = ""
    truncated: bool = False

    def __len__(self) -> int:
        """Rows for SELECT, triples for graphs, 1 for ASK."""
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return sum(1 for line in self.ntriples.splitlines() if line.strip())
        return 1


@runtime_checkable
class Store(Protocol):
    """What the rest of the application needs from a store."""

    #: Short backend name for logs and the service description ("oxigraph", "rdflib", "remote").
    name: str

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        row_limit: int | None = None,
        max_bytes: int | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE).

        ``default_graphs`` / ``named_graphs`` restrict the dataset (the
        protocol's ``default-graph-uri`` / ``named-graph-uri``, or FROM /
        FROM NAMED); empty means the store's default: the union of all
        graphs as default graph, every graph available by name.
        At most ``row_limit`` solutions (or triples) are returned. The
        answer is measured as it is materialised (the UTF-8 text of the
        solutions' terms, or the N-Triples text): past ``max_bytes`` the
        backend stops reading and raises :class:`honduras_kg.errors.TooLarge`.

        Raises :class:`honduras_kg.errors.QuerySyntaxError` for a query the
        backend cannot parse and :class:`honduras_kg.errors.StoreError` when
        the backend fails.
        """
        ...

    def graph_names(self) -> frozenset[str]:
        """IRIs of the named graphs the store holds (one per curated file)."""
        ...

    def close(self) -> None:
        """Release files, connections or memory."""
        ...
