"""One model of a claim's time: what it covers, and whether it meets a window.

The graph dates things with ``hko:date`` (``xsd:date``, ``xsd:gYearMonth`` or
``xsd:gYear``), ``hko:since`` (an open start), a loose period (``hko:earliest``
and ``hko:latest`` years) or ``hko:asOf`` (when a source describes a state of
affairs). :func:`when` reads those values, in that order of preference, into
one :class:`When`; :func:`overlaps` is the one test every date filter uses:
the relations, paths and timeline lookups as well as the graph view.

A date covers every day of its precision, so ``2025-01`` overlaps a window
that starts on 2025-01-31; an open "since" goes on for ever. Something with no
date (or only the source's words for one) is not known to fall in any window,
so a window drops it; only an open window keeps it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from honduras_kg.errors import InvalidParameter
from honduras_kg.model.schemas import response_types

__all__ = [
    "Precision",
    "When",
    "Window",
    "dated",
    "first_day",
    "last_day",
    "overlaps",
    "parse_bound",
    "when",
    "window",
]

Precision = Literal["day", "month", "year", "period", "unknown"]

#: A closed window of days (ISO text), either end open (``None``).
Window = tuple[str | None, str | None]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_BY_DASHES: tuple[Precision, ...] = ("year", "month", "day")


@dataclass(frozen=True)
class When:
    """A date as precise as the source allows.

    ``value`` is the ISO text of the graph (``2025-01-01``, ``2025-01``,
    ``1980``; a loose period ``1980/1989``), ``precision`` comes from its
    datatype, ``start`` and ``end`` are the first and last day it covers
    (``end`` is ``None`` for an open "since"; both are ``None`` when the
    source gives only words). ``kind`` says which property gave it: ``date``,
    ``since``, ``as of`` or ``period``; ``text`` is the source's wording.
    """

    value: str | None
    """ISO text as in the graph (`2025-01-01`, `2025-01`, `2022`) or a period `1980/1989`;
    null when the source gives only words."""
    precision: Precision
    kind: str
    """`date`, `since` (open-ended), `as of`, `period` or `text`."""
    start: str | None
    """First day covered (YYYY-MM-DD)."""
    end: str | None
    """Last day covered; null for an open 'since'."""
    text: str | None = None
    """The date as the source words it."""


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
    """The window of two bounds (as a filter takes them), checked for order.

    >>> window("2025", None), window(None, "2024-02")
    (('2025-01-01', None), (None, '2024-02-29'))
    """
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
    >>> overlaps(dated("2024-06", "since"), ("2030-01-01", None)), overlaps(None, (None, None))
    (True, True)
    """
    start, end = span
    if start is None and end is None:
        return True
    if when is None or when.start is None:
        return False
    if end is not None and when.start > end:
        return False
    return start is None or when.end is None or when.end >= start


def dated(
    iso: str, kind: str = "date", text: str | None = None, precision: Precision | None = None
) -> When:
    """The :class:`When` of one ISO date, year-month or year.

    Its precision is the datatype's, when the caller knows it, else the text's.

    >>> when = dated("2025-01")
    >>> when.precision, when.start, when.end
    ('month', '2025-01-01', '2025-01-31')
    >>> dated("2024-06", "since").end is None
    True
    """
    end = None if kind == "since" else last_day(iso)
    precision = precision or _BY_DASHES[min(iso.count("-"), 2)]
    return When(iso, precision, kind, first_day(iso), end, text)


def when(
    *,
    date: str | None = None,
    since: str | None = None,
    earliest: str | None = None,
    latest: str | None = None,
    as_of: str | None = None,
    text: str | None = None,
) -> When | None:
    """The time of a claim or statement from the values of its time properties.

    ``hko:date``, else ``hko:since``, else a period (``earliest`` and
    ``latest``), else ``hko:asOf``; only the source's words (``text``) if that
    is all there is; ``None`` if there is nothing.

    >>> eighties = when(earliest="1980", latest="1989")
    >>> eighties.value, eighties.kind, eighties.start, eighties.end
    ('1980/1989', 'period', '1980-01-01', '1989-12-31')
    >>> when(as_of="2025-01").kind, when(text="in the eighties").start, when()
    ('as of', None, None)
    """
    if date is not None:
        return dated(date, "date", text)
    if since is not None:
        return dated(since, "since", text)
    if earliest is not None and latest is not None:
        period = f"{earliest}/{latest}"
        return When(period, "period", "period", first_day(earliest), last_day(latest), text)
    if as_of is not None:
        return dated(as_of, "as of", text)
    if text is not None:
        return When(None, "unknown", "text", None, None, text)
    return None


response_types(__name__)
