"""The graph over time, and what it rests on: the timeline, the sources, the numbers."""

from __future__ import annotations

from collections import Counter
from datetime import date

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups.dates import overlaps, window
from honduras_kg.lookups.index import GraphIndex
from honduras_kg.lookups.results import (
    Claim,
    EntityRef,
    RankedEntity,
    SourceDetail,
    SourceInfo,
    Statement,
    Stats,
    Timeline,
    TimelineEntry,
    When,
)
from honduras_kg.network import METRICS, top_actors

__all__ = ["MAX_TOP", "NONE", "source", "sources", "stats", "timeline"]

#: The longest centrality ranking :func:`stats` gives.
MAX_TOP = 100
#: The key under which :func:`stats` counts claims without a value.
NONE = "(none)"


def timeline(
    index: GraphIndex,
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
    entries = [_claim_entry(c) for c in index.claims.values() if _involves_claim(c, ref)]
    entries += [_statement_entry(s) for s in index.statements.values() if _involves_said(s, ref)]
    kept = [
        e for e in entries if e is not None and e.date.start is not None and overlaps(e.date, span)
    ]
    kept.sort(key=_entry_order)
    return Timeline(ref, span[0], span[1], len(kept), tuple(kept))


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


def sources(index: GraphIndex) -> tuple[SourceInfo, ...]:
    """Every source: publisher, date, standing, and how many claims and statements rest on it."""
    return tuple(index.sources.values())


def source(index: GraphIndex, id: str) -> SourceDetail:
    """One source (by id or IRI) with every claim and statement derived from it.

    Raises :class:`~honduras_kg.errors.NotFound` for an unknown source.
    """
    info = index.require_source(id)
    claims = tuple(c for c in index.claims.values() if any(s.id == info.id for s in c.sources))
    said = tuple(s for s in index.statements.values() if any(x.id == info.id for x in s.sources))
    return SourceDetail(info, claims, said)


def stats(index: GraphIndex, *, top: int = 10) -> Stats:
    """Counts by type, modality, standing and source, and the ``top`` entities by
    each centrality metric (degree, betweenness, PageRank; computed once, at load).

    Entities with a zero score are left out of a ranking.
    """
    if not 1 <= top <= MAX_TOP:
        raise InvalidParameter("top", f"must be between 1 and {MAX_TOP}, got {top}")
    claims = list(index.claims.values())
    by_source: Counter[str] = Counter()
    for claim in claims:
        by_source.update([s.id for s in claim.sources] or [NONE])
    return Stats(
        triples=len(index.graph),
        entities=len(index.entities),
        entities_by_type=_sorted(Counter(e.ref.type for e in index.entities.values())),
        claims=len(claims),
        claims_by_modality=_sorted(Counter(c.modality or NONE for c in claims)),
        claims_by_standing=_sorted(Counter(c.standing or NONE for c in claims)),
        claims_by_source=_sorted(by_source),
        statements=len(index.statements),
        sources=len(index.sources),
        centrality={metric: _ranking(index, metric, top) for metric in METRICS},
    )


def _ranking(index: GraphIndex, metric: str, top: int) -> tuple[RankedEntity, ...]:
    actors = top_actors(index.network, by=metric, n=top, types=None, scores=index.scores)
    return tuple(
        RankedEntity(a.id, a.iri, a.label, a.type, round(a.value, 6)) for a in actors if a.value > 0
    )


def _sorted(counts: Counter[str]) -> dict[str, int]:
    """Most frequent first, ties alphabetically."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
