"""Find entities by name, and claims by their quotes, folded for case and accents.

Names (labels and aliases) are ranked, best first: the exact label, an exact
alias, a name that starts with the query, a name whose words start with the
query's words (in any order), then a name that contains the query. Within a
rank, labels beat aliases and better-connected entities (by degree) come first.

Quotes match when they hold the query's words in a row (folded as names are);
each hit says where, so that a page can mark the words. When no name matches,
:func:`suggest` offers the names a few letters away ("Hernandes" for
"Hernández"): an edit distance over the whole name and over its runs of words.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.records import EntityRecord, Name, normalise
from honduras_kg.lookups.results import QuoteHit, SearchHit, SearchPage
from honduras_kg.network import NODE_TYPES
from honduras_kg.store.rows import select_all

__all__ = ["ENTITY_TYPES", "MATCHES", "SIMILAR", "search", "suggest"]

#: The ``type`` values an entity can have (statements and sources are not entities).
ENTITY_TYPES: tuple[str, ...] = tuple(t for t in NODE_TYPES if t not in ("statement", "source"))

#: How a name can match, best first.
MATCHES: tuple[str, ...] = ("exact label", "exact alias", "prefix", "word prefix", "partial")
#: The ``match`` of a suggestion: a name a few letters away from the query.
SIMILAR = "similar"
#: How many suggestions a search offers at most.
SUGGESTIONS = 3

_QUOTES = "SELECT ?c ?q WHERE { ?c a hko:Claim ; hko:quote ?q }"


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
    quoted = [] if type is not None else _quote_matches(index, folded)
    return SearchPage(
        q,
        type,
        len(ranked),
        limit,
        offset,
        hits,
        quote_total=len(quoted),
        quotes=_quote_hits(index, folded, quoted[offset : offset + limit]),
        suggestions=() if ranked else suggest(index, q, type=type),
    )


def suggest(
    index: ReadModel, q: str, *, type: str | None = None, limit: int = SUGGESTIONS
) -> tuple[SearchHit, ...]:
    """Entities with a name a few letters away from ``q``, closest first (``match`` is
    :data:`SIMILAR`); none for a query shorter than four letters.

    >>> from rdflib import Graph, Literal
    >>> from honduras_kg.namespaces import HK, HKO, SRC, RDFS
    >>> g = Graph()
    >>> _ = g.add((HK["joh"], RDFS.label, Literal("Juan Orlando Hernández")))
    >>> _ = g.add((HK["joh"], HKO.mentionedIn, SRC.s))
    >>> index = ReadModel.from_graph(g, base="https://w3id.org/honduras-kg/")
    >>> [(h.id, h.match, h.matched) for h in suggest(index, "Hernandes")]
    [('joh', 'similar', 'Juan Orlando Hernández')]
    """
    folded = normalise(q)
    allowed = _tolerance(folded)
    if not allowed:
        return ()
    best: dict[str, tuple[tuple, Name]] = {}
    ids = index.memo(("id names",), lambda: _id_names(index))
    for name in (*index.names, *ids):
        entity = index.refs[name.entity]
        distance = _closest(folded, name.folded, allowed)
        if distance is None or (type is not None and entity.type != type):
            continue
        key = (distance, name.kind != "label", -_degree(index, entity.iri), entity.label.lower())
        if name.entity not in best or key < best[name.entity][0]:
            best[name.entity] = (key, name)
    closest = sorted(best.values(), key=lambda item: item[0])[:limit]
    records = index.entities(index.refs[name.entity].iri for _, name in closest)
    return tuple(
        _hit(records[index.refs[name.entity].iri], name, None)
        for _, name in closest
        if index.refs[name.entity].iri in records
    )


def _id_names(index: ReadModel) -> tuple[Name, ...]:
    """The entities' ids as names too: a mistyped address (``coup-2008``) is near one."""
    return tuple(Name(id, "id", id, normalise(id)) for id in index.refs)


def _tolerance(folded: str) -> int:
    """How many edits a near miss of ``folded`` may be: none under four letters."""
    letters = len(folded.replace(" ", ""))
    return 0 if letters < 4 else 1 if letters < 8 else 2


def _closest(query: str, text: str, allowed: int) -> int | None:
    """The fewest edits from ``query`` to ``text`` or to a run of as many of its words
    (``None`` if more than ``allowed``)."""
    words = text.split()
    width = len(query.split())
    runs = {text, *(" ".join(words[i : i + width]) for i in range(len(words) - width + 1))}
    found = min(_distance(query, run, allowed) for run in runs)
    return found if found <= allowed else None


def _distance(a: str, b: str, allowed: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``; any
    answer over ``allowed`` is ``allowed + 1``."""
    if abs(len(a) - len(b)) > allowed:
        return allowed + 1
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > allowed:
            return allowed + 1
        before, row = row, current
    return min(row[-1], allowed + 1)


@dataclass(frozen=True)
class _QuoteTexts:
    """Every quote, folded, and which quotes hold each folded word: a query's quotes are
    looked up by its first word instead of tried one by one."""

    quotes: list[tuple[str, str]]
    """(claim IRI, quote), by claim IRI."""
    lines: list[str]
    """Each quote folded, after a space (so that a match at a word's start is `` word``)."""
    words: list[str]
    """Every folded word, sorted."""
    holding: dict[str, list[int]]
    """The numbers of the quotes that hold each word, in order."""


def _quote_texts(index: ReadModel) -> _QuoteTexts:
    """The quotes as search reads them, built once per read model."""
    return index.memo(("quote texts",), lambda: _read_quote_texts(index))


def _read_quote_texts(index: ReadModel) -> _QuoteTexts:
    rows = select_all(index.store, _QUOTES)
    quotes = sorted({(row["c"]["value"], row["q"]["value"]) for row in rows})
    lines = [f" {_folded(quote)}" for _, quote in quotes]
    holding: dict[str, list[int]] = defaultdict(list)
    for number, line in enumerate(lines):
        for word in set(line.split()):
            holding[word].append(number)
    return _QuoteTexts(quotes, lines, sorted(holding), dict(holding))


def _quote_matches(index: ReadModel, folded: str) -> list[int]:
    """The numbers of the quotes holding ``folded`` from the start of a word, in order."""
    texts = _quote_texts(index)
    first, *rest = folded.split(" ")
    if rest:  # the first word whole, then the rest as written: checked in each quote
        needle = f" {folded}"
        return [n for n in texts.holding.get(first, ()) if needle in texts.lines[n]]
    # One word: every quote with a word that starts with it.
    start = bisect.bisect_left(texts.words, first)
    stop = bisect.bisect_left(texts.words, first + "\U0010ffff", start)
    found = [texts.holding[word] for word in texts.words[start:stop]]
    return found[0] if len(found) == 1 else sorted(set().union(*found))


def _quote_hits(index: ReadModel, folded: str, numbers: list[int]) -> tuple:
    """The quotes ``numbers`` as hits, each marked where the match is in the quote as
    written."""
    texts = _quote_texts(index)
    located = []
    for number in numbers:
        claim, quote = texts.quotes[number]
        at = texts.lines[number].find(f" {folded}")
        origins = _folded_with_origins(quote)[1]  # only for the page's few
        located.append((claim, quote, origins[at], origins[at + len(folded) - 1] + 1))
    claims = {claim.iri: claim for claim in index.claims(iri for iri, *_ in located)}
    return tuple(
        QuoteHit(claims[iri], quote, start, end)
        for iri, quote, start, end in located
        if iri in claims
    )


def _fold_char(char: str) -> str:
    """What one character folds to: its letters and digits without accents or case, each
    other character a space (one at least, so that a lone accent still parts words)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in bare.casefold() or " ")


class _Folding(dict[int, str]):
    """:meth:`str.translate`'s table of :func:`_fold_char`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = piece = _fold_char(chr(code))
        return piece


_FOLDING = _Folding()


def _folded(text: str) -> str:
    """``text`` folded as :func:`_folded_with_origins` folds it, at the speed of
    :meth:`str.translate` (every quote of a large graph is folded once).

    >>> _folded(" Soto Cano's  «raison d'être» ")
    'soto cano s raison d etre'
    >>> _folded("Señor") == _folded_with_origins("Señor")[0]
    True
    """
    return " ".join(text.translate(_FOLDING).split())


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """``text`` folded as :func:`normalise` folds it, and where in ``text`` each of the
    folded characters comes from (so that a match can be marked in the original)."""
    folded: list[str] = []
    origins: list[int] = []
    for at, char in enumerate(text):
        for c in _FOLDING[ord(char)]:
            if c == " " and (not folded or folded[-1] == " "):
                continue
            folded.append(c)
            origins.append(at)
    while folded and folded[-1] == " ":
        folded.pop()
        origins.pop()
    return "".join(folded), origins


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


def _hit(record: EntityRecord, name: Name, rank: int | None) -> SearchHit:
    """A hit for ``name``, matched as :data:`MATCHES` ``[rank]`` (:data:`SIMILAR` for None)."""
    ref = record.ref
    match = SIMILAR if rank is None else MATCHES[rank]
    return SearchHit(ref.id, ref.iri, ref.label, ref.type, record.description, match, name.text)
