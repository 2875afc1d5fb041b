"""The graph over time, and what it rests on: the timeline and the sources."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups.dates import Window, overlaps, window
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.results import (
    Claim,
    EntityRef,
    SourceDetail,
    SourceInfo,
    Statement,
    Timeline,
    TimelineEntry,
    When,
)
from honduras_kg.lookups.subgraph import iri_ref
from honduras_kg.model import time
from honduras_kg.network import local_name
from honduras_kg.store.rows import select_all

__all__ = ["source", "sources", "timeline"]


def timeline(
    index: ReadModel,
    *,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Timeline:
    """Dated claims and statements in date order, each date at its own precision.

    A claim counts when it has a date, a start ("since") or a period; one
    dated only by when its source describes it ("as of") is a state of
    affairs, not an event, and is left out. ``entity`` keeps what involves
    it (as subject, object, speaker, or what a claim or statement is about);
    the window keeps what overlaps it. Ties in date go coarser first (a
    month before a day in it). ``limit`` entries from ``offset`` make one
    page (all of them without a limit); ``total`` counts every page.
    """
    if limit is not None and limit < 1:
        raise InvalidParameter("limit", f"must be at least 1, got {limit}")
    if offset < 0:
        raise InvalidParameter("offset", f"must not be negative, got {offset}")
    ref = index.require_entity(entity, parameter="entity").ref if entity else None
    span = window(date_from, date_to)
    ordered = index.memo(("timeline", ref, span), lambda: _ordered(index, ref, span))
    page = ordered[offset : None if limit is None else offset + limit]
    claims = {c.iri: c for c in index.claims(iri for kind, iri in page if kind == "claim")}
    said = {s.iri: s for s in index.statements(iri for kind, iri in page if kind == "statement")}
    entries = tuple(
        _claim_entry(claims[iri]) if kind == "claim" else _statement_entry(said[iri])
        for kind, iri in page
    )
    return Timeline(ref, span[0], span[1], len(ordered), entries, limit, offset)  # type: ignore[arg-type]


# What can give a claim or statement a start in time (a bare "as of" or text cannot),
# with every field of its time.
_DATED = """
SELECT ?n ?date ?since ?earliest ?latest ?as_of ?text WHERE {{
  {{ SELECT DISTINCT ?n WHERE {{
    {involving}
    ?n hko:date|hko:since|hko:earliest|hko:latest ?when ; a {kind} .
  }} }}
  OPTIONAL {{ ?n hko:date ?date }}
  OPTIONAL {{ ?n hko:since ?since }}
  OPTIONAL {{ ?n hko:earliest ?earliest }}
  OPTIONAL {{ ?n hko:latest ?latest }}
  OPTIONAL {{ ?n hko:asOf ?as_of }}
  OPTIONAL {{ ?n hko:dateText ?text }}
}}"""
_FIELDS = ("date", "since", "earliest", "latest", "as_of", "text")
_CLAIM_ENDS = ("rdf:subject", "rdf:object", "hko:condition", "hko:about")
_SAID_ENDS = ("hko:speaker", "hko:occasion", "hko:about")


def _ordered(index: ReadModel, ref: EntityRef | None, span: Window) -> list[tuple[str, str]]:
    """``(kind, IRI)`` of every entry in the window, in timeline order (dates only read)."""
    involving = iri_ref(ref.iri) if ref else None
    found = []
    for kind, cls, ends in (("claim", "hko:Claim", _CLAIM_ENDS),
                            ("statement", "hko:Statement", _SAID_ENDS)):  # fmt: skip
        for iri, when in _times(index, _dated(cls, ends, involving)).items():
            if when is None or when.start is None or not overlaps(when, span):
                continue
            if kind == "claim" and when.kind == "as of":
                continue
            found.append(((when.start, -_days(when), kind, local_name(iri)), kind, iri))
    found.sort()
    return [(kind, iri) for _, kind, iri in found]


def _times(index: ReadModel, query: str) -> dict[str, When | None]:
    """The time of each node the query names, read as a record reads it (one value each)."""
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select_all(index.store, query):
        fields = values[row["n"]["value"]]
        for name in _FIELDS:
            if name in row:
                fields[name].add(row[name]["value"])
    return {
        iri: time.when(**{name: min(texts) for name, texts in fields.items()})
        for iri, fields in values.items()
    }


def _dated(kind: str, ends: tuple[str, ...], involving: str | None) -> str:
    """The query for what of ``kind`` is dated (and names ``involving`` through ``ends``)."""
    branches = " UNION ".join(f"{{ ?n {end} {involving} }}" for end in ends)
    return _DATED.format(kind=kind, involving=branches if involving else "")


def _claim_entry(claim: Claim) -> TimelineEntry | None:
    if claim.date is None or claim.date.kind == "as of":
        return None
    ends = (claim.subject, claim.object) if claim.object else (claim.subject,)
    return TimelineEntry(
        "claim",
        claim.id,
        claim.iri,
        claim.label,
        claim.date,
        claim.modality,
        ends,
        claim.sources,
        claim.quotes,
    )


def _statement_entry(statement: Statement) -> TimelineEntry | None:
    if statement.date is None:
        return None
    speakers = (statement.speaker,) if statement.speaker else ()
    return TimelineEntry(
        "statement",
        statement.id,
        statement.iri,
        statement.label,
        statement.date,
        None,
        speakers + statement.about,
        statement.sources,
        statement.quotes,
    )


def _days(when: When) -> int:
    """How many days ``when`` covers (an open "since": ever so many), coarser first."""
    if when.start is None or when.end is None:
        return 10**6
    return (date.fromisoformat(when.end) - date.fromisoformat(when.start)).days


def sources(index: ReadModel) -> tuple[SourceInfo, ...]:
    """Every source: publisher, date, standing, and how many claims and statements rest on it."""
    return tuple(index.sources.values())


def source(index: ReadModel, id: str) -> SourceDetail:
    """One source (by id or IRI) with every claim and statement derived from it.

    Raises :class:`~honduras_kg.errors.NotFound` for an unknown source.
    """
    info = index.require_source(id)
    source = iri_ref(info.iri)
    claims = index.claims(index.select_iris(_CITING.format(kind="hko:Claim", source=source)))
    said = index.statements(index.select_iris(_CITING.format(kind="hko:Statement", source=source)))
    return SourceDetail(info, tuple(claims), tuple(said))


_CITING = "SELECT DISTINCT ?n WHERE {{ ?n prov:wasDerivedFrom {source} ; a {kind} }}"
