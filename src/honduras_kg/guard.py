"""What an ad-hoc query may do, decided before it runs.

Neither rdflib nor pyoxigraph can be told not to reach out: pyoxigraph
follows ``SERVICE`` and ``LOAD`` with its own HTTP client, rdflib follows
``SERVICE`` and fetches ``FROM`` IRIs it does not hold. So every query is
parsed here first (once: the analysis is cached by query text) and refused
when it is an update, calls a ``SERVICE``, or names a graph the store does
not hold. Time limits, row caps and concurrency are enforced by the worker
pool (:mod:`honduras_kg.pool`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from honduras_kg.errors import BadRequest, QuerySyntaxError, UnsafeQuery, UpdateRefused
from honduras_kg.store.sparql_text import query_form

__all__ = [
    "DEFAULT_MAX_QUERY_LENGTH",
    "QueryPlan",
    "check_dataset",
    "explain_syntax_error",
    "inspect_query",
    "quick_plan",
]

#: Longer queries are refused before they are parsed.
DEFAULT_MAX_QUERY_LENGTH = 20_000

QueryForm = Literal["select", "ask", "construct", "describe"]

_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}

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

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE."""
        return self.form in ("construct", "describe")


def inspect_query(text: str, *, max_length: int = DEFAULT_MAX_QUERY_LENGTH) -> QueryPlan:
    """Parse ``text`` and decide whether it may run.

    >>> inspect_query("SELECT * WHERE { ?s ?p ?o }").form
    'select'
    >>> inspect_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    honduras_kg.errors.UnsafeQuery: SERVICE <http://x/> refused: ...

    Raises:
        BadRequest: the query is longer than ``max_length``.
        QuerySyntaxError: it does not parse (the message gives line and column).
        UpdateRefused: it is a SPARQL Update.
        UnsafeQuery: it calls a SERVICE.
    """
    return quick_plan(text, max_length=max_length) or _parsed_plan(text)


def quick_plan(text: str, *, max_length: int = DEFAULT_MAX_QUERY_LENGTH) -> QueryPlan | None:
    """The plan of ``text`` if it costs next to nothing (plainly safe, or parsed before).

    ``None`` means that deciding takes the full parse: call :func:`inspect_query`,
    off the event loop. Raises like :func:`inspect_query` for a query too long.
    """
    if len(text) > max_length:
        raise BadRequest(
            f"The query is {len(text)} characters long; this endpoint accepts at most {max_length}."
        )
    plan = _parsed_plan.cache_get(text)
    if plan is None:
        plan = _fast_plan(text)
        if plan is not None:
            _parsed_plan.remember(text, plan)
    return plan


def _fast_plan(text: str) -> QueryPlan | None:
    """The plan of a query that cannot possibly reach out, without parsing it.

    A query in which neither ``SERVICE`` nor ``FROM`` can be a keyword, in any
    case, before or after resolving ``\\u`` escapes and outside whole-line
    comments, cannot call a service or name a dataset, whatever a parser makes
    of it; its form is read from its first keyword. The check errs on the
    safe side: "from" inside a literal or an IRI also sends the query to the
    full parse, which everything not plainly a query takes too (rdflib's
    parser costs tens of milliseconds per new query). Syntax errors in a
    fast-planned query are the store's to report: it parses the query anyway.

    >>> _fast_plan("SELECT ?d WHERE { ?c prov:wasDerivedFrom ?d ; ?from_date ?x }")
    QueryPlan(form='select', from_graphs=(), from_named_graphs=())
    >>> _fast_plan("SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }") is None
    True
    >>> _fast_plan("SELECT * { ?s ?p 1SERVICE <http://x/> { ?s ?p ?o } }") is None
    True
    """
    code = _COMMENT_LINE.sub("", text)
    if any(_REACHING_OUT.search(version) for version in (code, _unescape(code))):
        return None
    form = query_form(text)
    return QueryPlan(form) if form else None


#: Whole-line comments: never code, whatever surrounds them.
_COMMENT_LINE = re.compile(r"^[ \t]*#[^\n]*$", re.MULTILINE)
#: SERVICE or FROM where a parser could read a keyword: not inside a longer
#: name or variable (a letter, _, ?, $ or : before it; a letter, digit or _ after).
_REACHING_OUT = re.compile(r"(?<![A-Za-z_?$:])(?:service|from)(?![A-Za-z0-9_])", re.IGNORECASE)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    """SPARQL's codepoint escapes resolved, as a processor may do before parsing."""
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


class _PlanCache:
    """The last plans decided, by query text (thread-safe enough: plain dict operations)."""

    def __init__(self, function: Callable[[str], QueryPlan], size: int = 2048) -> None:
        self.function, self.size = function, size
        self.plans: dict[str, QueryPlan] = {}

    def cache_get(self, text: str) -> QueryPlan | None:
        return self.plans.get(text)

    def remember(self, text: str, plan: QueryPlan) -> None:
        if len(self.plans) >= self.size:
            self.plans.pop(next(iter(self.plans)))
        self.plans[text] = plan

    def __call__(self, text: str) -> QueryPlan:
        plan = self.plans.get(text)
        if plan is None:
            plan = self.function(text)
            self.remember(text, plan)
        return plan


def _parse_plan(text: str) -> QueryPlan:
    try:
        _prologue, query = parseQuery(text)
    except ParseBaseException as err:
        if _is_update(text):
            raise UpdateRefused(UPDATE_REFUSAL) from None
        raise QuerySyntaxError(_syntax_message(err)) from None
    for node in _walk(query):
        if node.name == "ServiceGraphPattern":
            raise UnsafeQuery(
                f"SERVICE <{node['term']}> refused: this endpoint never queries other services."
            )
    dataset = query.get("datasetClause") or []
    return QueryPlan(
        form=_FORMS[query.name],
        from_graphs=tuple(str(c["default"]) for c in dataset if "default" in c),
        from_named_graphs=tuple(str(c["named"]) for c in dataset if "named" in c),
    )


_parsed_plan = _PlanCache(_parse_plan)


def explain_syntax_error(text: str) -> str | None:
    """rdflib's account of why ``text`` does not parse (line, column, a pointer), if it fails.

    The store's own message is kept when rdflib parses the query (the two
    parsers differ at the edges).

    >>> explain_syntax_error("SELECT * WHERE {\\n ?s ?p \\n}").splitlines()[0]
    'SPARQL syntax error at line 2, column 2: Expected SelectQuery'
    """
    try:
        parseQuery(text)
    except ParseBaseException as err:
        return _syntax_message(err)
    return None


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except ParseBaseException:
        return False
    return True


def _syntax_message(err: ParseBaseException) -> str:
    pointer = " " * (err.col - 1) + "^"
    return (
        f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}\n"
        f"{err.line.rstrip()}\n{pointer}"
    )


def _walk(node: Any) -> Iterator[CompValue]:
    """Every CompValue in a parse tree, depth first."""
    if isinstance(node, CompValue):
        yield node
        children: Iterable[Any] = node.values()
    elif isinstance(node, dict):
        children = node.values()
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        children = node
    else:
        return
    for child in children:
        yield from _walk(child)


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
