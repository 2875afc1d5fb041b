"""Reading a claim's time from its triples, into the one model of it.

The model itself, and the window test every filter uses, live in
:mod:`honduras_kg.model.time` (the graph view's filters use it too); they are
re-exported here for the lookups.
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from honduras_kg.model import time
from honduras_kg.model.time import (
    When,
    Window,
    first_day,
    last_day,
    overlaps,
    parse_bound,
    window,
)
from honduras_kg.namespaces import HKO

__all__ = [
    "Window",
    "dated",
    "first_day",
    "last_day",
    "overlaps",
    "parse_bound",
    "when_of",
    "window",
]

_PRECISION: dict[URIRef, time.Precision] = {
    XSD.date: "day",
    XSD.gYearMonth: "month",
    XSD.gYear: "year",
}
_PROPERTIES = {
    "date": HKO.date,
    "since": HKO.since,
    "earliest": HKO.earliest,
    "latest": HKO.latest,
    "as_of": HKO.asOf,
    "text": HKO.dateText,
}


class _Values(Protocol):
    def value(self, subject: Node, predicate: Node) -> Node | None: ...


def when_of(graph: _Values, node: URIRef) -> When | None:
    """The date of a claim or statement, as :func:`honduras_kg.model.time.when` reads it."""
    values = {name: graph.value(node, prop) for name, prop in _PROPERTIES.items()}
    return time.when(**{name: str(v) for name, v in values.items() if v is not None})


def dated(value: Literal, kind: str = "date", text: str | None = None) -> When:
    """The :class:`When` of one typed literal; its datatype gives the precision.

    >>> when = dated(Literal("2025-01", datatype=XSD.gYearMonth))
    >>> when.precision, when.start, when.end
    ('month', '2025-01-01', '2025-01-31')
    """
    precision = _PRECISION.get(value.datatype) if value.datatype else None
    return time.dated(str(value), kind, text, precision)
