"""The graph over time, and what it rests on: the timeline and the sources."""

from __future__ import annotations

from datetime import date

from honduras_kg.lookups.dates import overlaps, window
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

__all__ = ["source", "sources", "timeline"]


def timeline(
    index: ReadModel,
    *,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Timeline:
    """Dated claims and statements in date order, each date at its own precision.

    A claim counts when it has a date, a start ("since") or a period; one
    dated only by when its source describes it ("as of") is a state of
    affairs, not an event, and is left out. ``entity`` keeps what involves
    it (as subject, object, speaker, or what a claim or statement is about);
    the window keeps what overlaps it. Ties in date go coarser first (a
    month before a day in it).
    """
    ref = index.require_entity(entity, parameter="entity").ref if entity else None
    span = window(date_from, date_to)
    involving = iri_ref(ref.iri) if ref else None
    claims = index.claims(index.select_iris(_dated("hko:Claim", _CLAIM_ENDS, involving)))
    said = index.statements(index.select_iris(_dated("hko:Statement", _SAID_ENDS, involving)))
    entries = [_claim_entry(c) for c in claims if _involves_claim(c, ref)]
    entries += [_statement_entry(s) for s in said if _involves_said(s, ref)]
    kept = [
        e for e in entries if e is not None and e.date.start is not None and overlaps(e.date, span)
    ]
    kept.sort(key=_entry_order)
    return Timeline(ref, span[0], span[1], len(kept), tuple(kept))


# What can give a claim or statement a start in time (a bare "as of" or text cannot).
_DATED = """
SELECT DISTINCT ?n WHERE {{
  {involving}
  ?n hko:date|hko:since|hko:earliest|hko:latest ?when ; a {kind} .
}}"""
_CLAIM_ENDS = ("rdf:subject", "rdf:object", "hko:condition", "hko:about")
_SAID_ENDS = ("hko:speaker", "hko:occasion", "hko:about")


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


def _involves_claim(claim: Claim, ref: EntityRef | None) -> bool:
    if ref is None:
        return True
    ends = (claim.subject, claim.object, claim.condition, *claim.about)
    return any(e is not None and e.id == ref.id for e in ends)


def _involves_said(statement: Statement, ref: EntityRef | None) -> bool:
    if ref is None:
        return True
    ends = (statement.speaker, statement.occasion, *statement.about)
    return any(e is not None and e.id == ref.id for e in ends)


def _entry_order(entry: TimelineEntry) -> tuple:
    when = entry.date
    return (when.start, -_days(when), entry.kind, entry.id)


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
