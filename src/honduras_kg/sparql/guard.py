"""What an ad-hoc query may do, decided before it runs.

Neither rdflib nor pyoxigraph can be told not to reach out: pyoxigraph
follows ``SERVICE`` and ``LOAD`` with its own HTTP client, rdflib follows
``SERVICE`` and fetches ``FROM`` IRIs it does not hold. So every query is
read here first, token by token (:mod:`honduras_kg.sparql.lexer`), in every
way a processor may read it, and refused when it is an update, calls a
``SERVICE`` or nests deeper than a parser can follow. A graph it names that
the store does not hold is an empty graph, never fetched (:func:`check_dataset`).
The decision is cached by query text.
Time limits, row caps and concurrency are enforced by the worker pool
(:mod:`honduras_kg.sparql.pool`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from honduras_kg.errors import BadRequest, QuerySyntaxError, UnsafeQuery, UpdateRefused
from honduras_kg.namespaces import PREFIXES
from honduras_kg.sparql.lexer import (
    CLOSERS,
    OPENERS,
    SparqlLexError,
    Token,
    nesting_depth,
    readings,
    resolve_iri,
    tokenize,
    unescape_codepoints,
)

__all__ = [
    "DEFAULT_MAX_QUERY_DEPTH",
    "DEFAULT_MAX_QUERY_LENGTH",
    "QueryPlan",
    "check_dataset",
    "check_depth",
    "explain_syntax_error",
    "inspect_query",
    "quick_plan",
]

#: Longer queries are refused before they are read.
DEFAULT_MAX_QUERY_LENGTH = 20_000
#: Deeper nesting is refused before any parser sees it (``Settings.max_query_depth``).
DEFAULT_MAX_QUERY_DEPTH = 12

QueryForm = Literal["select", "ask", "construct", "describe"]

_FORMS: dict[str, QueryForm] = {
    "SELECT": "select",
    "ASK": "ask",
    "CONSTRUCT": "construct",
    "DESCRIBE": "describe",
}
#: Keywords of SPARQL Update that no query has.
_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
    | {"USING", "INTO", "DATA"}
)
#: Prefixes that rdflib reads as the keyword when a name follows (``SERVICE:x``).
_KEYWORD_PREFIXES = frozenset({"SERVICE", "FROM", "NAMED"})
#: Texts up to this long are read on the event loop (a few milliseconds at most).
_INLINE_CHARS = 2_000

UPDATE_REFUSAL = (
    "This endpoint is read-only: SPARQL Update is refused. The graph is curated in "
    "graph/ and changes land through the gate (honduras-kg validate); see docs/curation.md."
)


@dataclass(frozen=True)
class QueryPlan:
    """What a query is and which graphs it names."""

    form: QueryForm
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    #: The query as its tokens, one space apart: texts that differ only in
    #: whitespace and comments share it, and so share a cached answer.
    key: str = field(default="", compare=False, repr=False)

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE."""
        return self.form in ("construct", "describe")


def inspect_query(
    text: str,
    *,
    max_length: int = DEFAULT_MAX_QUERY_LENGTH,
    max_depth: int = DEFAULT_MAX_QUERY_DEPTH,
) -> QueryPlan:
    """Read ``text`` and decide whether it may run.

    >>> inspect_query("SELECT * WHERE { ?s ?p ?o }").form
    'select'
    >>> inspect_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    honduras_kg.errors.UnsafeQuery: SERVICE <http://x/> refused: ...
    >>> inspect_query("ASK { BIND('''\\n# ''' AS ?x) SERVICE ?s { } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    honduras_kg.errors.UnsafeQuery: SERVICE ?s refused: ...

    Raises:
        BadRequest: the query is longer than ``max_length``, or nests deeper than ``max_depth``.
        QuerySyntaxError: it is no sequence of SPARQL tokens, or no query form follows
            its prologue (the message gives line and column).
        UpdateRefused: it is a SPARQL Update, or has an update keyword anywhere.
        UnsafeQuery: it calls a SERVICE, or reads differently to different processors.
    """
    _check_length(text, max_length)
    return _decided(text).checked(max_depth)


def quick_plan(
    text: str,
    *,
    max_length: int = DEFAULT_MAX_QUERY_LENGTH,
    max_depth: int = DEFAULT_MAX_QUERY_DEPTH,
) -> QueryPlan | None:
    """The plan of ``text`` if it costs next to nothing (a short text, or one decided before).

    ``None`` means that deciding takes longer: call :func:`inspect_query`, off
    the event loop. Raises like :func:`inspect_query`.

    >>> quick_plan("ASK {}")
    QueryPlan(form='ask', from_graphs=(), from_named_graphs=())
    """
    _check_length(text, max_length)
    decision = _decided.cache.get(text)
    if decision is None and len(text) <= _INLINE_CHARS:
        decision = _decided(text)
    return None if decision is None else decision.checked(max_depth)


def check_depth(text: str, max_depth: int = DEFAULT_MAX_QUERY_DEPTH) -> int:
    """The nesting depth of ``text``; :class:`BadRequest` past ``max_depth``.

    Text that does not lex is measured up to its first bad character (a parser stops there too).

    >>> check_depth("SELECT * { { ?s ?p ?o } }")
    2
    >>> check_depth("ASK " + "{" * 30 + "}" * 30)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    honduras_kg.errors.BadRequest: The query nests 30 levels deep ...
    """
    depth = max(
        nesting_depth(tokenize(r.text, cr_ends_comment=r.cr_ends_comment, partial=True))
        for r in readings(text)
    )
    _refuse_depth(depth, max_depth)
    return depth


def _check_length(text: str, max_length: int) -> None:
    if len(text) > max_length:
        raise BadRequest(
            f"The query is {len(text)} characters long; this endpoint accepts at most {max_length}."
        )


def _refuse_depth(depth: int, max_depth: int) -> None:
    if depth > max_depth:
        raise BadRequest(
            f"The query nests {depth} levels deep (braces, parentheses and brackets); this "
            f"endpoint accepts at most {max_depth} (the max_query_depth setting)."
        )


@dataclass(frozen=True)
class _Decision:
    """A text's plan and its nesting depth (checked against the limit on every use)."""

    plan: QueryPlan
    depth: int

    def checked(self, max_depth: int) -> QueryPlan:
        _refuse_depth(self.depth, max_depth)
        return self.plan


class _DecisionCache:
    """The last decisions made, by query text (thread-safe enough: plain dict operations)."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self.cache: dict[str, _Decision] = {}

    def __call__(self, text: str) -> _Decision:
        decision = self.cache.get(text)
        if decision is None:
            decision = _decide(text)
            if len(self.cache) >= self.size:
                self.cache.pop(next(iter(self.cache)), None)
            self.cache[text] = decision
        return decision


_decided = _DecisionCache()


def _decide(text: str) -> _Decision:
    """Read ``text`` every way a processor may; every reading must lex, agree and be safe.

    A refusal found in any reading comes before a reading that does not lex,
    so that a disguised SERVICE is named as one.
    """
    plans, depth, unreadable, keys = set(), 0, [], set()
    for reading in readings(text):
        try:
            tokens = reading.tokens()
        except SparqlLexError as err:
            unreadable.append(_pointed(reading.text, err.offset, err.reason, reading.why))
            continue
        depth = max(depth, nesting_depth(tokens))
        plans.add(_plan(reading.text, tokens, raw=not reading.unescaped))
        keys.add(" ".join(token.text for token in tokens))
    if unreadable:
        raise QuerySyntaxError(unreadable[0])
    if len(plans) > 1:
        raise UnsafeQuery(
            "The query names different graphs depending on how its \\u escapes and comments "
            "are read; write it without them."
        )
    # Readings that differ in their tokens share no key with any other text.
    key = keys.pop() if len(keys) == 1 else text
    return _Decision(dataclasses.replace(plans.pop(), key=key), depth)


def _plan(text: str, tokens: list[Token], *, raw: bool) -> QueryPlan:
    """The plan one reading gives, or the refusal it calls for."""
    _refuse_reaching_out(text, tokens)
    start, base, prefixes = _prologue(text, tokens, raw=raw)
    form = _FORMS.get(tokens[start].keyword or "") if start < len(tokens) else None
    if form is None:
        at = tokens[start].offset if start < len(tokens) else len(text)
        raise QuerySyntaxError(
            _pointed(text, at, "expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prologue")
        )
    default: list[str] = []
    named: list[str] = []
    for at, token in enumerate(tokens):
        if token.keyword == "FROM":
            following = [*tokens[at + 1 : at + 3], None, None]
            is_named = following[0] is not None and following[0].keyword == "NAMED"
            graph = following[1] if is_named else following[0]
            iri = _iri(text, graph, base, prefixes, raw=raw, after=token)
            (named if is_named else default).append(iri)
    return QueryPlan(form, tuple(default), tuple(named))


def _refuse_reaching_out(text: str, tokens: list[Token]) -> None:
    """Refuse an update keyword, a SERVICE, or a prefix a processor may take for a keyword."""
    for token in tokens:
        if token.keyword in _UPDATE_KEYWORDS:
            raise UpdateRefused(UPDATE_REFUSAL)
    _refuse_ambiguous_iris(text, tokens)
    for at, token in enumerate(tokens):
        spelled = _prefix_keyword(token)
        if token.keyword == "SERVICE":
            rest = [t.text for t in tokens[at + 1 : at + 3] if t.keyword != "SILENT"]
            raise UnsafeQuery(
                f"SERVICE {rest[0] if rest else ''} refused: "
                "this endpoint never queries other services."
            )
        if spelled:
            raise UnsafeQuery(
                f"{token.text} refused: some processors read the prefix as the keyword "
                f"{spelled}, and this endpoint never queries other services or fetches graphs."
            )


def _refuse_ambiguous_iris(text: str, tokens: list[Token]) -> None:
    """Refuse an IRI that a parser may read as ``<`` and then a comment or a string.

    rdflib and pyoxigraph parse by context, not by longest match: in an
    expression, ``?a<?b)#>`` is ``?a < ?b)`` and a comment, and ``<<x#>`` may be
    ``<`` and the IRI ``<x#>``. The two readings differ beyond the IRI only if
    it holds ``#`` or ``'``, so such an IRI is refused where an operator may
    stand: right after an operand inside parentheses, or glued to ``<<``. The
    rows of a ``VALUES`` block hold data, never an operator: there both read an
    IRI, as in ``VALUES (?a ?b) { (<urn:a> <urn:b#c>) }``.
    """
    brackets: list[str] = []
    previous: Token | None = None
    values_pending, data_depth = False, 0  # data_depth: the VALUES block's brace, once open
    for token in tokens:
        in_data = 0 < data_depth <= len(brackets)
        if token.kind == "IRIREF" and _HAZARDS.intersection(token.text) and not in_data:
            after_operand = previous is not None and (
                previous.kind != "PUNCT" or previous.text in (")", "]")
            )
            if brackets[-1:] == ["("] and after_operand:
                raise UnsafeQuery(_AMBIGUOUS.format(token.text))
        elif token.text in ("<<", "<<(") and token.kind == "PUNCT":
            glued = _IRI_AT.match(text, token.offset + 1)
            if glued and _HAZARDS.intersection(glued.group()):
                raise UnsafeQuery(_AMBIGUOUS.format(glued.group()))
        values_pending = values_pending or token.keyword == "VALUES"
        if token.kind == "PUNCT" and token.text in OPENERS:
            brackets.append(token.text)
            if values_pending and token.text == "{":
                values_pending, data_depth = False, len(brackets)
        elif token.kind == "PUNCT" and token.text in CLOSERS:
            if len(brackets) == data_depth:
                data_depth = 0
            del brackets[-1:]
        previous = token


_HAZARDS = frozenset("#'")
_IRI_AT = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_AMBIGUOUS = (
    "{} refused: SPARQL processors read it differently here (an IRI, or a less-than and a "
    "comment or string). Put a space after the <, or write the IRI as a prefixed name."
)


def _prefix_keyword(token: Token) -> str | None:
    """The keyword a prefixed name's prefix spells (``from:`` -> ``FROM``), if it is one of ours.

    Compared after ``str.upper``, as pyparsing compares: a long s (U+017F) spells S too.
    """
    if token.kind not in ("PNAME_LN", "PNAME_NS"):
        return None
    prefix = token.text.partition(":")[0].upper()
    return prefix if prefix in _KEYWORD_PREFIXES else None


def _prologue(
    text: str, tokens: list[Token], *, raw: bool
) -> tuple[int, str | None, dict[str, str]]:
    """Where the prologue ends, the base IRI and the prefixes in force after it."""
    at, base, prefixes = 0, None, dict(PREFIXES)
    while at < len(tokens) and tokens[at].keyword in ("BASE", "PREFIX"):
        declaration = tokens[at]
        name = tokens[at + 1] if declaration.keyword == "PREFIX" and at + 1 < len(tokens) else None
        if name is not None and name.kind != "PNAME_NS":
            raise QuerySyntaxError(_pointed(text, name.offset, "expected a prefix name (x:)"))
        iri_at = at + (2 if name is not None else 1)
        iri = tokens[iri_at] if iri_at < len(tokens) else None
        if iri is None or iri.kind != "IRIREF":
            where = iri.offset if iri else len(text)
            raise QuerySyntaxError(_pointed(text, where, "expected an IRI in <...>"))
        value = resolve_iri(base, _iriref(iri.text, raw=raw))
        if name is None:
            base = value
        else:
            prefixes[name.text[:-1]] = value
        at = iri_at + 1
    return at, base, prefixes


def _iri(
    text: str,
    token: Token | None,
    base: str | None,
    prefixes: dict[str, str],
    *,
    raw: bool,
    after: Token,
) -> str:
    """The IRI a FROM clause names, as the engine resolves it."""
    if token is not None and token.kind == "IRIREF":
        return resolve_iri(base, _iriref(token.text, raw=raw))
    if token is not None and token.kind in ("PNAME_LN", "PNAME_NS"):
        prefix, _, local = token.text.partition(":")
        if prefix not in prefixes:
            raise QuerySyntaxError(_pointed(text, token.offset, f"unknown prefix {prefix}:"))
        return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
    where = token.offset if token is not None else after.offset
    raise QuerySyntaxError(_pointed(text, where, "FROM and FROM NAMED take an IRI"))


_LOCAL_ESCAPE = re.compile(r"\\(.)")


def _iriref(token: str, *, raw: bool) -> str:
    """The IRI of an IRIREF token (its codepoint escapes resolved, for a text read as written)."""
    return unescape_codepoints(token[1:-1]) if raw else token[1:-1]


def _pointed(text: str, at: int, reason: str, reading: str = "as written") -> str:
    """A syntax error's message: where, why, and the line with a pointer under the place."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : None if line_end < 0 else line_end].rstrip()
    column = at - line_start + 1
    how = "" if reading == "as written" else f" (reading the query {reading})"
    return (
        f"SPARQL syntax error at line {text.count(chr(10), 0, at) + 1}, column {column}{how}: "
        f"{reason}\n{line}\n{' ' * (column - 1)}^"
    )


#: The deepest text explain_syntax_error hands rdflib's recursive parser (see docs/sparql.md).
_EXPLAIN_DEPTH = DEFAULT_MAX_QUERY_DEPTH


def explain_syntax_error(text: str) -> str | None:
    """rdflib's account of why ``text`` does not parse (line, column, a pointer), if it fails.

    The store's own message is kept when rdflib parses the query (the two
    parsers differ at the edges), and when the text nests too deep for
    rdflib's recursive parser: this never raises.

    >>> explain_syntax_error("SELECT * WHERE {\\n ?s ?p \\n}").splitlines()[0]
    'SPARQL syntax error at line 2, column 2: Expected SelectQuery'
    >>> explain_syntax_error("ASK " + "{" * 3000) is None
    True
    """
    from pyparsing import ParseBaseException  # rdflib's parser loads slowly: only when needed
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        check_depth(text, _EXPLAIN_DEPTH)
        parseQuery(text)
    except ParseBaseException as err:
        pointer = " " * (err.col - 1) + "^"
        return (
            f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}\n"
            f"{err.line.rstrip()}\n{pointer}"
        )
    except (BadRequest, RecursionError, ValueError):
        return None  # too deep to explain, or a bad \\u escape: the store's message stands
    return None


def check_dataset(
    plan: QueryPlan,
    known_graphs: frozenset[str],
    *,
    default_graph_uris: Sequence[str] = (),
    named_graph_uris: Sequence[str] = (),
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The dataset a query runs on: the protocol's graphs, or else the query's own.

    The protocol's ``default-graph-uri`` / ``named-graph-uri`` override the
    query's FROM / FROM NAMED (SPARQL 1.1 Protocol, section 2.1.4). A graph
    that is not in ``known_graphs`` is an empty graph: it is passed on as
    named, and every backend answers it as empty without fetching it (never
    an error, as the protocol expects). Only a name that is not an absolute
    IRI is refused: FROM takes full IRIs here, not prefixed names or relative ones.

    >>> known = frozenset({"http://g/1"})
    >>> check_dataset(QueryPlan("select", ("http://g/1",)), known)
    (('http://g/1',), ())
    >>> check_dataset(QueryPlan("select", ("http://g/1",)), known,
    ...               named_graph_uris=("file:///etc/passwd",))
    ((), ('file:///etc/passwd',))
    >>> check_dataset(QueryPlan("select"), known, default_graph_uris=("not an IRI",))
    Traceback (most recent call last):
    honduras_kg.errors.BadRequest: Not a graph IRI: 'not an IRI'.

    Raises:
        BadRequest: a graph name is not an absolute IRI.
    """
    protocol_given = bool(default_graph_uris or named_graph_uris)
    default = tuple(default_graph_uris) if protocol_given else plan.from_graphs
    named = tuple(named_graph_uris) if protocol_given else plan.from_named_graphs
    for iri in (*default, *named):
        if iri not in known_graphs and not _ABSOLUTE_IRI.fullmatch(iri):
            raise BadRequest(f"Not a graph IRI: {iri!r}." if protocol_given else _FROM_IRIS)
    return default, named


_FROM_IRIS = (
    "FROM and FROM NAMED take full IRIs here (<https://...>), not prefixed or relative ones."
)


#: An absolute IRI as SPARQL writes one between ``<`` and ``>``: a scheme, then
#: none of the characters the IRIREF production excludes.
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")
