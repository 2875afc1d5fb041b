"""Find entities by name: labels and aliases, folded for case and accents, ranked.

Ranking, best first: the exact label, an exact alias, a name that starts
with the query, a name whose words start with the query's words (in any
order), then a name that contains the query. Within a rank, labels beat
aliases and better-connected entities (by degree) come first.
"""

from __future__ import annotations

import bisect

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.records import EntityRecord, Name, normalise
from honduras_kg.lookups.results import SearchHit, SearchPage
from honduras_kg.network import NODE_TYPES

__all__ = ["ENTITY_TYPES", "MATCHES", "search"]

#: The ``type`` values an entity can have (statements and sources are not entities).
ENTITY_TYPES: tuple[str, ...] = tuple(t for t in NODE_TYPES if t not in ("statement", "source"))

#: How a name can match, best first.
MATCHES: tuple[str, ...] = ("exact label", "exact alias", "prefix", "word prefix", "partial")


def search(
    index: ReadModel, q: str, *, type: str | None = None, limit: int = 20, offset: int = 0
) -> SearchPage:
    """Entities whose label or an alias matches ``q``, best first, one page of them.

    ``type`` keeps one kind of entity (one of :data:`ENTITY_TYPES`). Raises
    :class:`~honduras_kg.errors.InvalidParameter` for a query with no letter
    or digit, an unknown type, or a negative limit or offset.

    >>> from rdflib import Graph, Literal
    >>> from honduras_kg.namespaces import HK, HKO, SKOS, SRC, RDFS
    >>> g = Graph()
    >>> for p, o in ((RDFS.label, Literal("Juan Orlando Hernández")),
    ...              (SKOS.altLabel, Literal("JOH")), (HKO.mentionedIn, SRC.s)):
    ...     _ = g.add((HK["juan-orlando-hernandez"], p, o))
    >>> index = ReadModel.from_graph(g, base="https://w3id.org/honduras-kg/")
    >>> [(h.id, h.match) for h in search(index, "hernandez").results]
    [('juan-orlando-hernandez', 'word prefix')]
    >>> search(index, "joh").results[0].match
    'exact alias'
    """
    folded = normalise(q)
    if not folded:
        raise InvalidParameter("q", "give at least one letter or digit to search for")
    if type is not None and type not in ENTITY_TYPES:
        raise InvalidParameter("type", f"unknown type {type!r}; one of {', '.join(ENTITY_TYPES)}")
    if limit < 0 or offset < 0:
        raise InvalidParameter("limit" if limit < 0 else "offset", "must not be negative")
    best: dict[str, tuple[tuple, Name, int]] = {}
    for name in _candidates(index, folded):
        rank = _rank(folded, name)
        entity = index.refs[name.entity]
        if rank is None or (type is not None and entity.type != type):
            continue
        key = (rank, name.kind != "label", -_degree(index, entity.iri), entity.label.lower())
        if name.entity not in best or key < best[name.entity][0]:
            best[name.entity] = (key, name, rank)
    ranked = sorted(best.values(), key=lambda item: item[0])
    page = ranked[offset : offset + limit]
    records = index.entities(index.refs[name.entity].iri for _, name, _ in page)
    hits = tuple(_hit(records[index.refs[name.entity].iri], name, rank) for _, name, rank in page)
    return SearchPage(q, type, len(ranked), limit, offset, hits)


def _candidates(index: ReadModel, query: str) -> list[Name]:
    """The names that can match ``query``: those holding its first word, or all of it
    without spaces. (Every match of :data:`MATCHES` implies one or the other; finding
    them in one long text is a C loop, where ranking every name is a Python one.)"""
    names = index.names
    texts = index.memo(("name texts",), lambda: _texts(names))
    found: set[int] = set()
    for (text, starts), needle in zip(
        texts, (query.split()[0], query.replace(" ", "")), strict=True
    ):
        at = text.find(needle)
        while at != -1:
            found.add(bisect.bisect_right(starts, at) - 1)
            at = text.find(needle, at + 1)
    return [names[i] for i in sorted(found)]


def _texts(names: tuple[Name, ...]) -> list[tuple[str, list[int]]]:
    """The folded names in one text, and again without spaces, with where each starts."""
    found = []
    for fold in (lambda n: n.folded, lambda n: n.folded.replace(" ", "")):
        starts, parts, at = [], [], 0
        for name in names:
            starts.append(at)
            parts.append(fold(name))
            at += len(parts[-1]) + 1
        found.append(("\n".join(parts), starts))
    return found


def _rank(query: str, name: Name) -> int | None:
    """Which of :data:`MATCHES` ``name`` makes for ``query`` (its index), or ``None``."""
    text = name.folded
    if text == query:
        return 0 if name.kind == "label" else 1
    if text.startswith(query):
        return 2
    words = text.split()
    if all(any(word.startswith(part) for word in words) for part in query.split()):
        return 3
    if query in text or query.replace(" ", "") in text.replace(" ", ""):
        return 4
    return None


def _degree(index: ReadModel, iri: str) -> float:
    return index.scores["degree"].get(iri, 0)


def _hit(record: EntityRecord, name: Name, rank: int) -> SearchHit:
    ref = record.ref
    return SearchHit(
        ref.id, ref.iri, ref.label, ref.type, record.description, MATCHES[rank], name.text
    )
