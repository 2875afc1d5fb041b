"""The SPARQL 1.1 Protocol endpoint, ``/sparql``: read-only, guarded, negotiated.

* Queries by GET (``query=``), POST form and POST ``application/sparql-query``,
  with ``default-graph-uri`` / ``named-graph-uri``.
* Results as SPARQL JSON/XML/CSV/TSV or as RDF (Turtle, N-Triples, JSON-LD,
  RDF/XML, TriG, N-Quads), by ``Accept`` or ``format=``.
* GET with no query: the service description (RDF) or the query page (HTML).
* ``/sparql/formats``: the formats above, from the registry (the query page's menus).
* Updates are refused (403); SERVICE is refused (400). A graph the store
  does not hold is an empty graph, never fetched.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from typing import Literal as TypingLiteral

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field

from honduras_kg.errors import (
    BadRequest,
    HondurasKGError,
    MethodNotAllowed,
    QuerySyntaxError,
    UnsupportedMediaType,
    UpdateRefused,
)
from honduras_kg.formats import (
    Format,
    NotAcceptable,
    negotiate,
    of_kind,
    serialize_ask,
    serialize_graph,
    serialize_select,
)
from honduras_kg.namespaces import PREFIXES
from honduras_kg.sparql.guard import (
    UPDATE_REFUSAL,
    QueryPlan,
    check_dataset,
    explain_syntax_error,
    inspect_query,
    quick_plan,
)
from honduras_kg.store.base import QueryResult
from honduras_kg.web.limits import parse_pairs
from honduras_kg.web.models import ResponseModel
from honduras_kg.web.openapi import problems, sparql_operation
from honduras_kg.web.services import Answer, Services
from honduras_kg.web.views.templating import LOCAL_KINDS

__all__ = ["execute", "render", "respond", "router"]

log = logging.getLogger("honduras_kg.query")

router = APIRouter(tags=["SPARQL"])

QUERY_PAGE = "sparql.html"
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
TRUNCATED_HEADER = "X-Row-Limit-Reached"


async def execute(
    services: Services,
    sparql: str,
    *,
    default_graph_uris: tuple[str, ...] = (),
    named_graph_uris: tuple[str, ...] = (),
) -> tuple[QueryPlan, QueryResult]:
    """Check ``sparql`` against the guard, run it in the pool, and log one line."""
    started = time.perf_counter()
    outcome, rows = "error", 0
    try:
        plan, default, named = await _plan(services, sparql, default_graph_uris, named_graph_uris)
        try:
            result = await services.pool.query(
                sparql, default_graphs=default, named_graphs=named, same_as=plan.key or None
            )
        except QuerySyntaxError as err:
            # rdflib's parser takes milliseconds and a deep stack: a fresh thread, off the loop.
            explained = await asyncio.to_thread(explain_syntax_error, sparql)
            raise QuerySyntaxError(explained or str(err)) from None
        outcome, rows = ("truncated" if result.truncated else "ok"), len(result)
        return plan, result
    except HondurasKGError as err:
        outcome = type(err).__name__
        raise
    finally:
        _log(sparql, started, rows, outcome)


async def _plan(
    services: Services,
    sparql: str,
    default_graph_uris: tuple[str, ...],
    named_graph_uris: tuple[str, ...],
) -> tuple[QueryPlan, tuple[str, ...], tuple[str, ...]]:
    limits = {
        "max_length": services.settings.max_query_length,
        "max_depth": services.settings.max_query_depth,
    }
    plan = quick_plan(sparql, **limits)
    if plan is None:  # reading a long text takes milliseconds: keep it off the event loop
        plan = await asyncio.to_thread(inspect_query, sparql, **limits)
    default, named = check_dataset(
        plan,
        services.graph_names,
        default_graph_uris=default_graph_uris,
        named_graph_uris=named_graph_uris,
    )
    return plan, default, named


def _log(sparql: str, started: float, rows: int, outcome: str) -> None:
    if not log.isEnabledFor(logging.INFO):
        return
    line = {
        "query": hashlib.sha256(sparql.encode()).hexdigest()[:16],
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "rows": rows,
        "outcome": outcome,
    }
    log.info(json.dumps(line))


async def respond(
    services: Services,
    sparql: str,
    *,
    accept: str | None,
    format: str | None,
    default_graph_uris: tuple[str, ...] = (),
    named_graph_uris: tuple[str, ...] = (),
) -> Response:
    """Negotiate, run and write one query; the written answer is cached like the result."""
    started = time.perf_counter()
    try:
        plan, _, _ = await _plan(services, sparql, default_graph_uris, named_graph_uris)
        fmt = negotiate(_kinds(plan), accept=accept, format=format)
    except HondurasKGError as err:
        _log(sparql, started, 0, type(err).__name__)
        raise
    # Texts that differ only in whitespace and comments share their written answer.
    key = (plan.key or sparql, default_graph_uris, named_graph_uris, fmt.name)
    answer = services.answers.get(key)
    if answer is None:
        plan, result = await execute(
            services,
            sparql,
            default_graph_uris=default_graph_uris,
            named_graph_uris=named_graph_uris,
        )
        answer = render(plan, result, fmt, services.settings.row_limit)
        services.answers.put(key, answer)
    else:
        _log(sparql, started, answer.rows, "cached")
    return Response(answer.body, media_type=fmt.content_type, headers=answer.headers)


def render(plan: QueryPlan, result: QueryResult, fmt: Format, row_limit: int) -> Answer:
    """Write ``result`` in ``fmt``."""
    if result.kind == "select":
        body = serialize_select(result.variables, result.rows, fmt)
    elif result.kind == "ask":
        body = serialize_ask(bool(result.boolean), fmt)
    else:
        body = serialize_graph(result.ntriples, fmt).encode()
    headers = {TRUNCATED_HEADER: f"true; limit={row_limit}"} if result.truncated else {}
    return Answer(body, headers, len(result))


def _kinds(plan: QueryPlan) -> list:
    return ["graph"] if plan.returns_graph else ["results"]


async def _answer(
    services: Services,
    request: Request,
    params: list[tuple[str, str]],
    sparql: str | None,
) -> Response:
    if sparql is None:
        queries = [value for key, value in params if key == "query"]
        if len(queries) > 1:
            raise BadRequest("Give one 'query' parameter, not several.")
        sparql = queries[0] if queries else None
    if sparql is None:
        raise BadRequest("Missing the 'query' parameter.")
    return await respond(
        services,
        sparql,
        accept=request.headers.get("accept"),
        format=_format(params),
        default_graph_uris=tuple(v for k, v in params if k == "default-graph-uri"),
        named_graph_uris=tuple(v for k, v in params if k == "named-graph-uri"),
    )


def _format(params: list[tuple[str, str]]) -> str | None:
    return next((value for key, value in params if key in ("format", "output")), None)


@router.get(
    "/sparql",
    summary="SPARQL query (GET), service description or query page",
    response_class=Response,
    **sparql_operation("get"),
)
async def sparql_get(request: Request) -> Response:
    """Run ``query=``; with no query, describe the service (RDF) or show the query page (HTML)."""
    services = _services(request)
    params = await parse_pairs(request.url.query, what="query string")
    keys = {key for key, _ in params}
    if "update" in keys:
        raise MethodNotAllowed(
            "SPARQL Update cannot be sent by GET, and this endpoint is read-only."
        )
    if "query" not in keys:
        return _describe_or_page(services, request, params)
    if _wants_page(request, params):
        # A shared link to the query page (/sparql?query=...): the page runs it.
        return _query_page(request)
    return await _answer(services, request, params, None)


def _wants_page(request: Request, params: list[tuple[str, str]]) -> bool:
    """True when a browser asks: text/html is preferred to every results format."""
    if _format(params):
        return False
    try:
        chosen = negotiate(["page", "results"], accept=request.headers.get("accept"))
    except NotAcceptable:
        return False
    return chosen.kind == "page" and "text/html" in (request.headers.get("accept") or "")


@router.post(
    "/sparql",
    summary="SPARQL query (POST form or direct)",
    response_class=Response,
    **sparql_operation("post"),
)
async def sparql_post(request: Request) -> Response:
    """Run a query sent as a form (``query=``) or directly (``application/sparql-query``)."""
    services = _services(request)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = await parse_pairs(request.url.query, what="query string")
    if media == _UPDATE:
        raise UpdateRefused(UPDATE_REFUSAL)
    # RequestLimits (api/limits.py) stops the read at max_body_bytes.
    body = await request.body()
    if media == _DIRECT:
        return await _answer(services, request, url_params, _utf8(body))
    if media == _FORM:
        form = await parse_pairs(body)  # a large form is parsed off the event loop
        if any(key == "update" for key, _ in form):
            raise UpdateRefused(UPDATE_REFUSAL)
        return await _answer(services, request, url_params + form, None)
    raise UnsupportedMediaType(
        f"Send the query as {_FORM} (query=...) or as {_DIRECT}; got {media or 'no content type'}."
    )


def _services(request: Request) -> Services:
    # Not a dependency: on the hottest path, FastAPI's dependency resolution
    # costs a quarter of a cached answer.
    return request.app.state.services


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadRequest(f"The request body is not UTF-8 (byte {err.start}).") from None


def _describe_or_page(
    services: Services, request: Request, params: list[tuple[str, str]]
) -> Response:
    fmt = negotiate(["graph", "page"], accept=request.headers.get("accept"), format=_format(params))
    if fmt.kind == "page":
        return _query_page(request)
    return Response(
        serialize_graph(services.service_description(str(request.url_for("sparql_get"))), fmt),
        media_type=fmt.content_type,
    )


def _query_page(request: Request) -> Response:
    """The query page; its script reads the prefixes and which IRIs have pages here."""
    pages = request.app.state.pages
    return pages.render(
        QUERY_PAGE, prefixes=PREFIXES, base=pages.base, local_kinds=" ".join(LOCAL_KINDS)
    )


class FormatInfo(ResponseModel):
    """A format ``/sparql`` answers in: a row of :data:`honduras_kg.formats.FORMATS`."""

    name: str = Field(examples=["json"], description="The `format=` value.")
    label: str = Field(examples=["SPARQL JSON"])
    kind: TypingLiteral["results", "graph"] = Field(
        description="`results` for SELECT and ASK, `graph` for CONSTRUCT and DESCRIBE."
    )
    media_type: str = Field(examples=["application/sparql-results+json"])
    extension: str = Field(examples=["srj"])
    iri: str | None = Field(examples=["http://www.w3.org/ns/formats/SPARQL_Results_JSON"])
    aliases: list[str] = Field(description="Other `format=` values that name it.")


@router.get(
    "/sparql/formats",
    response_model=list[FormatInfo],
    summary="The formats /sparql answers in",
    responses=problems(422),
)
async def sparql_formats() -> list[FormatInfo]:
    """Every results and graph format, each kind's default first; the query page's menus."""
    return [
        FormatInfo(
            name=fmt.name,
            label=fmt.label,
            kind=fmt.kind,  # type: ignore[arg-type]
            media_type=fmt.media_type,
            extension=fmt.extension,
            iri=fmt.iri,
            aliases=list(fmt.aliases),
        )
        for fmt in of_kind("results", "graph")
    ]
