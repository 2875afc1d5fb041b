"""Named competency queries over HTTP: ``/api/queries`` and ``/api/queries/{name}``.

Both negotiate through :func:`honduras_kg.formats.negotiate`: a browser
(``Accept: text/html``) gets pages, the list of questions and each question
with a form for its parameters and its answer as a table; every other client
gets what it got before, the JSON list and the SPARQL results (JSON, XML,
CSV, TSV by ``Accept`` or ``format=``).
"""

from __future__ import annotations

import difflib
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from honduras_kg.errors import HondurasKGError, NotFound
from honduras_kg.formats import NotAcceptable, negotiate, of_kind
from honduras_kg.sparql.named import NamedQuery
from honduras_kg.web.deps import ServicesDep, single_valued
from honduras_kg.web.errors import status_of
from honduras_kg.web.models import ResponseModel
from honduras_kg.web.openapi import format_parameter, problems
from honduras_kg.web.routes.sparql import execute, respond
from honduras_kg.web.services import Services
from honduras_kg.web.views.answer import answer_table, iri_choices, labels_of, short_iri
from honduras_kg.web.views.templating import Pages, PagesDep

__all__ = ["router"]

#: Where the named queries live (the router's prefix).
PREFIX = "/api/queries"

router = APIRouter(prefix=PREFIX, tags=["Named queries"], dependencies=[Depends(single_valued)])

#: An answer with more columns than this reads better as one card per row than as a table.
WIDE_TABLE = 12
#: Query-string keys that choose the answer, not parameter values.
_RESERVED = {"format", "base"}


class ParameterInfo(ResponseModel):
    name: str = Field(examples=["entity"])
    type: str = Field(examples=["iri"])
    help: str = Field(examples=["Entity to look at"])
    default: str | None = Field(examples=["https://w3id.org/honduras-kg/id/soto-cano"])


class QueryInfo(ResponseModel):
    name: str = Field(examples=["threat-evidence"])
    title: str
    description: str
    parameters: list[ParameterInfo]
    sparql: str = Field(description="The query text, parameters unbound.")
    example: str | None = Field(
        description="The query with every parameter at its default, ready to run at /sparql."
    )
    url: str = Field(description="Where to run it.")


def _info(query: NamedQuery, request: Request, base: str) -> QueryInfo:
    return QueryInfo(
        name=query.name,
        title=query.title,
        description=query.description,
        parameters=[ParameterInfo(**vars(p)) for p in query.parameters],
        sparql=query.text,
        example=query.bind(base=base)
        if all(p.default is not None for p in query.parameters)
        else None,
        url=str(request.url_for("run_named_query", name=query.name)),
    )


@router.get(
    "",
    response_model=list[QueryInfo],
    summary="List the named queries",
    responses={200: {"content": {"text/html": {}}}, **problems(422)},
)
async def list_queries(
    request: Request, services: ServicesDep, pages: PagesDep
) -> list[QueryInfo] | Response:
    """Every query of ``queries/``: title, description, parameters and text.

    A browser (``Accept: text/html``) gets the list as a page, each question
    linking to its own page.
    """
    if _wants_page(request):
        listing = pages.render("queries.html", queries=services.queries.values(), missing=None)
        return _page(listing)
    base = services.settings.base
    return [_info(query, request, base) for query in services.queries.values()]


def _or_page(responses: dict) -> dict:
    """``responses`` that a browser gets as a page with the message instead."""
    return {
        status: {**entry, "content": {**entry["content"], "text/html": {}}}
        for status, entry in responses.items()
    }


@router.get(
    "/{name}",
    summary="Run a named query",
    responses={
        200: {
            "description": "SPARQL results (JSON by default; XML, CSV, TSV by Accept or format=);"
            " a page for Accept: text/html",
            "content": {fmt.media_type: {} for fmt in of_kind("results", "page")},
        },
        **problems(406),
        **_or_page(
            problems(
                404,
                413,
                422,
                502,
                503,
                s404="No named query of that name.",
                s413="The answer is over the server's limit.",
                s422="A parameter the query does not take, or a value wrong for its type.",
            )
        ),
    },
    # The query's own parameters depend on its name (GET /api/queries lists them).
    openapi_extra={"parameters": [format_parameter("results")]},
)
async def run_named_query(
    name: str, request: Request, services: ServicesDep, pages: PagesDep
) -> Response:
    """Run query ``name``; its parameters come from the query string (``?entity=...``).

    A browser (``Accept: text/html``) gets the question as
    a page: a form for its parameters, the answer as a table, the SPARQL text
    and download links for the answer in every results format.
    """
    query = services.queries.get(name)
    page = _wants_page(request)
    if query is None and page:
        return _unknown_page(name, services, pages)
    if query is None:
        known = ", ".join(sorted(services.queries))
        raise NotFound(f"No named query {name!r}. Known queries: {known}.")
    values = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
    if page:
        return _page(await _query_page(query, values, services, pages))
    return await respond(
        services,
        query.bind(base=services.settings.base, **values),
        accept=request.headers.get("accept"),
        format=request.query_params.get("format"),
    )


# --- Pages, for browsers ---------------------------------------------------------


def _wants_page(request: Request) -> bool:
    """True when a browser asks: HTML preferred to every results format, and no ``format=``.

    The results formats come first, so ``*/*`` or no ``Accept`` still gets SPARQL JSON.
    """
    if request.query_params.get("format"):
        return False
    try:
        chosen = negotiate(["results", "page"], accept=request.headers.get("accept"))
    except NotAcceptable:  # the API answers that one as it always has
        return False
    return chosen.kind == "page"


def _page(response: Response) -> Response:
    response.headers["Vary"] = "Accept"
    return response


async def _query_page(
    query: NamedQuery, given: dict[str, str], services: Services, pages: Pages
) -> Response:
    """The question, its form, and its answer; a bad value is a message on the page."""
    # A field left blank in the form means "the default".
    values = {key: value for key, value in given.items() if value.strip()}
    index, base = services.index, services.settings.base
    # The read model may ask the store (a remote one over HTTP): off the event loop.
    labels = await run_in_threadpool(labels_of, index)
    context = {
        "q": query,
        "fields": _fields(query, values),
        "choices": iri_choices(labels, base) if _takes_iris(query) else [],
        "problem": None,
        "table": None,
        "sparql": None,
        "downloads": [],
        "truncated": False,
        "row_limit": services.settings.row_limit,
        "wide_table": WIDE_TABLE,
    }
    try:
        sparql = query.bind(base=base, **values)
        _, result = await execute(services, sparql)
    except HondurasKGError as err:
        status, _ = status_of(err)
        return pages.render("query.html", status=status, **{**context, "problem": str(err)})
    return pages.render(
        "query.html",
        **{
            **context,
            "table": answer_table(result.variables, result.rows, labels=labels, base=base),
            "truncated": result.truncated,
            "sparql": sparql,
            "downloads": _downloads(query, values),
        },
    )


def _fields(query: NamedQuery, values: dict[str, str]) -> list[dict[str, str]]:
    """Each parameter as a form field: its name, type, help, and the value to show."""
    return [
        {
            "name": p.name,
            "type": p.type,
            "help": p.help,
            "value": values.get(p.name, short_iri(p.default) if p.default else ""),
            "default": short_iri(p.default) if p.default else "",
        }
        for p in query.parameters
    ]


def _takes_iris(query: NamedQuery) -> bool:
    return any(p.type == "iri" for p in query.parameters)


def _downloads(query: NamedQuery, values: dict[str, str]) -> list[tuple[str, str, str]]:
    """``(label, URL, file name)`` of the answer in every results format."""
    return [
        (
            fmt.label,
            f"{PREFIX}/{query.name}?{urlencode({**values, 'format': fmt.name})}",
            f"{query.name}.{fmt.extension}",
        )
        for fmt in of_kind("results")
    ]


def _unknown_page(name: str, services: Services, pages: Pages) -> Response:
    """The list of questions under a 404 message, with the closest names as links."""
    close = difflib.get_close_matches(name, list(services.queries), n=3, cutoff=0.5)
    return _page(
        pages.render(
            "queries.html",
            status=404,
            queries=services.queries.values(),
            missing=name,
            close=[services.queries[c] for c in close],
        )
    )
