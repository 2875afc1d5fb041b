"""Two sources side by side: what both say, what only one says, where they disagree.

Every claim rests on one source, so "both say it" is read at the level of the
entities a claim links: two sources say something of the same pair of entities
when each has a claim between them (in either direction). ``same_relation``
tells whether some of those claims also share the predicate, as when both
texts say the United States has a military presence in Honduras. The
conflicts are the ones the curators recorded (``hko:Conflict``), kept when
each of the two sources has a claim in them; neither side is chosen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.results import Claim, EntityRef, SourceInfo
from honduras_kg.lookups.timeline import source
from honduras_kg.model.schemas import response_types
from honduras_kg.store.rows import select_all

__all__ = ["Comparison", "SharedLink", "SourceConflict", "compare"]


@dataclass(frozen=True)
class SharedLink:
    """A pair of entities both sources link by a claim, and each source's claims about it."""

    ends: tuple[EntityRef, EntityRef]
    same_relation: bool
    """Whether the two sources share a predicate between these ends."""
    first: tuple[Claim, ...]
    second: tuple[Claim, ...]
    conflicts: tuple[str, ...] = ()
    """Ids of recorded conflicts that hold claims of this link."""


@dataclass(frozen=True)
class SourceConflict:
    """A recorded disagreement, with the claims of each source that take part in it."""

    id: str
    iri: str
    label: str
    comment: str | None
    first: tuple[Claim, ...]
    second: tuple[Claim, ...]


@dataclass(frozen=True)
class Comparison:
    """Two sources compared, claim by claim."""

    first: SourceInfo
    second: SourceInfo
    shared: tuple[SharedLink, ...]
    only_first: tuple[Claim, ...]
    """Claims of the first source on links the second does not make."""
    only_second: tuple[Claim, ...]
    conflicts: tuple[SourceConflict, ...]


_CONFLICTS = """
SELECT ?conflict ?label ?comment ?claim WHERE {
  ?conflict a hko:Conflict ; hko:conflictingClaim ?claim .
  OPTIONAL { ?conflict rdfs:label ?label }
  OPTIONAL { ?conflict rdfs:comment ?comment }
}"""


def compare(index: ReadModel, first: str | None = None, second: str | None = None) -> Comparison:
    """Compare the sources ``first`` and ``second`` (ids or IRIs).

    Either may be left out when the graph has exactly two sources: the other
    one is meant. Raises :class:`~honduras_kg.errors.NotFound` for an unknown
    source and :class:`~honduras_kg.errors.InvalidParameter` for one source
    compared with itself.
    """
    first_id, second_id = _pair(index, first, second)
    key = ("compare", first_id, second_id)
    return index.memo(key, lambda: _compare(index, first_id, second_id))


def _pair(index: ReadModel, first: str | None, second: str | None) -> tuple[str, str]:
    ids = list(index.sources)
    chosen = [index.require_source(s, parameter=p).id if s else None
              for s, p in ((first, "first"), (second, "second"))]  # fmt: skip
    rest = [id for id in ids if id not in chosen]
    if None in chosen and len(ids) != 2:
        raise InvalidParameter("first", "Name both sources to compare.")
    one, other = (id if id is not None else rest.pop(0) for id in chosen)
    if one == other:
        raise InvalidParameter("second", "Choose two different sources to compare.")
    return one, other


def _compare(index: ReadModel, first_id: str, second_id: str) -> Comparison:
    one, other = source(index, first_id), source(index, second_id)
    conflicts = _conflicts(index, one.claims, other.claims)
    in_conflict = {c.id: k.id for k in conflicts for c in k.first + k.second}
    links_one, links_other = _links(one.claims), _links(other.claims)
    shared = []
    for pair in sorted(links_one.keys() & links_other.keys(), key=lambda p: _names(links_one[p])):
        a, b = links_one[pair], links_other[pair]
        same = bool({c.predicate for c in a} & {c.predicate for c in b})
        marks = tuple(dict.fromkeys(in_conflict[c.id] for c in a + b if c.id in in_conflict))
        shared.append(SharedLink(_ends(a[0]), same, tuple(a), tuple(b), marks))
    only_one = _outside(one.claims, links_other)
    only_other = _outside(other.claims, links_one)
    return Comparison(one.source, other.source, tuple(shared), only_one, only_other, conflicts)


def _pair_key(claim: Claim) -> frozenset[str] | None:
    return frozenset((claim.subject.id, claim.object.id)) if claim.object else None


def _links(claims: tuple[Claim, ...]) -> dict[frozenset[str], list[Claim]]:
    found: dict[frozenset[str], list[Claim]] = defaultdict(list)
    for claim in claims:
        key = _pair_key(claim)
        if key is not None and len(key) == 2:
            found[key].append(claim)
    return found


def _ends(claim: Claim) -> tuple[EntityRef, EntityRef]:
    assert claim.object is not None
    return claim.subject, claim.object


def _names(claims: list[Claim]) -> tuple[str, ...]:
    return tuple(sorted(ref.label.lower() for ref in _ends(claims[0])))


def _outside(claims: tuple[Claim, ...], others: dict[frozenset[str], list[Claim]]) -> tuple:
    return tuple(
        sorted((c for c in claims if _pair_key(c) not in others), key=lambda c: c.label.lower())
    )


def _conflicts(
    index: ReadModel, first: tuple[Claim, ...], second: tuple[Claim, ...]
) -> tuple[SourceConflict, ...]:
    by_iri = {c.iri: (0, c) for c in first} | {c.iri: (1, c) for c in second}
    found: dict[str, dict] = {}
    for row in select_all(index.store, _CONFLICTS):
        iri = row["conflict"]["value"]
        entry = found.setdefault(iri, {"label": None, "comment": None, "sides": ([], [])})
        for name in ("label", "comment"):
            if name in row:
                entry[name] = entry[name] or row[name]["value"]
        side = by_iri.get(row["claim"]["value"])
        if side is not None and side[1] not in entry["sides"][side[0]]:
            entry["sides"][side[0]].append(side[1])
    return tuple(
        SourceConflict(
            iri.rsplit("/", 1)[-1],
            iri,
            entry["label"] or iri.rsplit("/", 1)[-1],
            entry["comment"],
            tuple(sorted(entry["sides"][0], key=lambda c: c.id)),
            tuple(sorted(entry["sides"][1], key=lambda c: c.id)),
        )
        for iri, entry in sorted(found.items())
        if all(entry["sides"])
    )


response_types(__name__)
