"""Reading whole answers out of any store: every row, as rdflib terms if wanted.

The read model asks the store for what a lookup needs; a server that cuts
answers short (Virtuoso stops at ``ResultSetMaxRows``, 10,000 by default)
is asked again in ordered pages until the answer is whole.

>>> year = "http://www.w3.org/2001/XMLSchema#gYear"
>>> from_term({"type": "literal", "value": "2025", "datatype": year}).datatype == URIRef(year)
True
>>> from_term({"type": "uri", "value": "urn:x"})
rdflib.term.URIRef('urn:x')
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from honduras_kg.store.base import Store, Term

__all__ = ["from_term", "select_all"]

log = logging.getLogger(__name__)


def from_term(term: Term) -> Node:
    """The rdflib term of a SPARQL-JSON term dict."""
    kind = term["type"]
    if kind == "uri":
        return URIRef(term["value"])
    if kind == "bnode":
        return BNode(term["value"])
    language = term.get("xml:lang")
    datatype = term.get("datatype")
    return Literal(term["value"], lang=language, datatype=URIRef(datatype) if datatype else None)


def select_all(store: Store, query: str) -> Iterator[Mapping[str, Term]]:
    """Every solution of the SELECT ``query``, read in ordered pages if the store caps answers.

    ``query`` is a plain SELECT without a prologue or solution modifiers of
    its own (the store declares the project's prefixes), so that it can be
    wrapped as a subquery.
    """
    result = store.query(query)
    if not result.truncated:
        yield from result.rows
        return
    page_size = len(result.rows)
    order = " ".join(f"?{name}" for name in result.variables)
    offset = 0
    # The order goes inside a subquery, the page outside: Virtuoso refuses to sort for
    # an outer ORDER BY past MaxSortedTopRows (SR353: 10,000 rows by default, so from
    # the second page on), and keeps the subquery's order (its documented workaround).
    ordered = f"SELECT * WHERE {{ {{ {query} }} }} ORDER BY {order}"
    while True:
        page = store.query(
            f"SELECT * WHERE {{ {{ {ordered} }} }} LIMIT {page_size} OFFSET {offset}"
        )
        yield from page.rows
        if len(page.rows) < page_size:
            break
        offset += page_size
    log.info(
        "read an answer in pages of %d rows (the store caps its answers; each page costs the "
        "server the whole answer: on Virtuoso, raise ResultSetMaxRows)",
        page_size,
    )
