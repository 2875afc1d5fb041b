"""Dates as precise as the sources allow: reading them, bounding them, filtering by them.

The graph dates things with ``xsd:date`` (a day), ``xsd:gYearMonth`` (a
month) or ``xsd:gYear`` (a year), or a loose period (``hko:earliest`` and
``hko:latest`` years). A date covers every day of its precision, so
``2025-01`` overlaps a window that starts on 2025-01-31; an open "since"
goes on for ever.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups.results import When
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

_PRECISION = {XSD.date: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

#: A closed window of days (ISO text), either end open (``None``).
Window = tuple[str | None, str | None]


def first_day(text: str) -> str:
    """The first day an ISO date, year-month or year covers.

    >>> first_day("2025"), first_day("2025-02"), first_day("2025-02-03")
    ('2025-01-01', '2025-02-01', '2025-02-03')
    """
    year, month, day = _parts(text)
    return f"{year:04d}-{month or 1:02d}-{day or 1:02d}"


def last_day(text: str) -> str:
    """The last day an ISO date, year-month or year covers.

    >>> last_day("2024"), last_day("2024-02"), last_day("2024-02-03")
    ('2024-12-31', '2024-02-29', '2024-02-03')
    """
    year, month, day = _parts(text)
    month = month or 12
    day = day or calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{day:02d}"


def _parts(text: str) -> tuple[int, int | None, int | None]:
    match = _ISO.match(text.strip())
    if not match:
        raise ValueError(f"not a date, year-month or year: {text!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    date(year or 1, month or 1, day or 1)  # raises ValueError for 2025-13 or 2025-02-30
    return year or 1, month, day


def parse_bound(text: str | None, *, parameter: str, end: bool = False) -> str | None:
    """A window bound given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as a day.

    A start bound takes the first day of what it names, an end bound the last.
    Raises :class:`~honduras_kg.errors.InvalidParameter` naming ``parameter``.

    >>> parse_bound("2025-01", parameter="date_to", end=True)
    '2025-01-31'
    >>> parse_bound("last week", parameter="date_from")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    honduras_kg.errors.InvalidParameter: date_from: expected YYYY, YYYY-MM or ..., got 'last week'
    """
    if text is None or not text.strip():
        return None
    try:
        return last_day(text) if end else first_day(text)
    except ValueError:
        raise InvalidParameter(
            parameter, f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}"
        ) from None


def window(date_from: str | None, date_to: str | None) -> Window:
    """The window of two bounds (as a lookup takes them), checked for order."""
    start = parse_bound(date_from, parameter="date_from")
    end = parse_bound(date_to, parameter="date_to", end=True)
    if start and end and start > end:
        raise InvalidParameter("date_from", f"{date_from} is after date_to {date_to}")
    return start, end


def overlaps(when: When | None, span: Window) -> bool:
    """Whether ``when`` overlaps ``span``; undated things overlap only an open window.

    >>> w = When("2025-01", "month", "date", "2025-01-01", "2025-01-31")
    >>> overlaps(w, ("2025-01-31", None)), overlaps(w, ("2025-02-01", None))
    (True, False)
    """
    start, end = span
    if start is None and end is None:
        return True
    if when is None or when.start is None:
        return False
    if end is not None and when.start > end:
        return False
    return start is None or when.end is None or when.end >= start


def when_of(graph: Graph, node: URIRef) -> When | None:
    """The date of a claim or statement: ``hko:date``, else ``hko:since``, else a
    period, else ``hko:asOf``; only the source's words if that is all there is."""
    text = _one(graph, node, HKO.dateText)
    for prop, kind in ((HKO.date, "date"), (HKO.since, "since")):
        value = graph.value(node, prop)
        if isinstance(value, Literal):
            return dated(value, kind, text)
    earliest, latest = graph.value(node, HKO.earliest), graph.value(node, HKO.latest)
    if isinstance(earliest, Literal) and isinstance(latest, Literal):
        first, last = str(earliest), str(latest)
        return When(f"{first}/{last}", "period", "period", first_day(first), last_day(last), text)
    as_of = graph.value(node, HKO.asOf)
    if isinstance(as_of, Literal):
        return dated(as_of, "as of", text)
    if text is not None:
        return When(None, "unknown", "text", None, None, text)
    return None


def dated(value: Literal, kind: str = "date", text: str | None = None) -> When:
    """The :class:`When` of one typed literal; its datatype gives the precision.

    >>> when = dated(Literal("2025-01", datatype=XSD.gYearMonth))
    >>> when.precision, when.start, when.end
    ('month', '2025-01-01', '2025-01-31')
    """
    iso = str(value)
    precision = _PRECISION.get(value.datatype) or ("day", "month", "year")[2 - iso.count("-")]
    end = None if kind == "since" else last_day(iso)
    return When(iso, precision, kind, first_day(iso), end, text)  # type: ignore[arg-type]


def _one(graph: Graph, node: URIRef, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return str(value) if value is not None else None
