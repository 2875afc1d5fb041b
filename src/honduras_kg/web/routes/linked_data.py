"""Linked data: every IRI we mint dereferences here, by direct content negotiation.

``/id/{id}``, ``/claim/{id}``, ``/statement/{id}`` and ``/source/{id}`` answer
the IRIs ``{base}id/{id}`` and so on (see ``docs/linked-data.md``):

* a browser (``Accept: text/html``) gets a page;
* an RDF client gets the resource's description (:mod:`honduras_kg.web.views.describe`)
  in Turtle (also for ``*/*`` or no ``Accept``), N-Triples, JSON-LD
  (``application/json`` too), RDF/XML, TriG or N-Quads; ``?format=`` wins;
* RDF answers carry an ``ETag`` from the graph's content hash and honour
  ``If-None-Match``; every answer says ``Vary: Accept``;
* an unknown id is a 404: a page offering a search for a browser,
  ``application/problem+json`` for everyone else.
"""

from __future__ import annotations

import re
from typing import NoReturn

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from honduras_kg.errors import NotFound
from honduras_kg.formats import Format, negotiate, of_kind
from honduras_kg.namespaces import DATA_KINDS
from honduras_kg.web.caching import etag_matches, validators
from honduras_kg.web.deps import ServicesDep, single_valued
from honduras_kg.web.openapi import format_parameter, problems
from honduras_kg.web.routes.pages import entity_page, not_found_page, resource_page, source_page
from honduras_kg.web.services import Services
from honduras_kg.web.views.describe import describe, parse_description, term_labels
from honduras_kg.web.views.templating import Pages, PagesDep

__all__ = ["negotiate_page_or_data", "router"]

router = APIRouter(tags=["Linked data"], dependencies=[Depends(single_valued)])

#: A local name we mint: letters, digits and ``-._~`` (so it needs no escaping in an IRI).
_LOCAL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")

NTRIPLES = negotiate(["graph"], format="ntriples")

_RESPONSES = {
    200: {
        "description": "The resource: an HTML page, or its description as RDF",
        "content": {fmt.media_type: {} for fmt in of_kind("page", "graph")},
    },
    304: {"description": "Not modified (If-None-Match matched the ETag)"},
    **problems(406, 422, 502, 503),
    404: {
        "description": "Unknown id: a page offering a search, or problem+json",
        "content": {"text/html": {}, **problems(404)[404]["content"]},
    },
}
#: Read from the raw query string by negotiate_page_or_data.
_FORMAT = {"parameters": [format_parameter("graph", "page")]}


def negotiate_page_or_data(request: Request) -> Format:
    """HTML for browsers, RDF for the rest (Turtle for ``*/*``); ``application/json`` is JSON-LD.

    Raises :class:`~honduras_kg.formats.NotAcceptable` when nothing fits.
    """
    accept = request.headers.get("accept")
    return negotiate(["graph", "page"], accept=accept, format=request.query_params.get("format"))


async def _dereference(
    kind: str, local: str, request: Request, services: Services, pages: Pages
) -> Response:
    fmt = negotiate_page_or_data(request)
    try:
        iri = _iri(services, kind, local)
        if fmt.kind == "page":
            return await _page(kind, iri, request, services, pages)
        return await _data(kind, iri, fmt, request, services)
    except NotFound as err:
        if fmt.kind != "page":
            raise
        response = not_found_page(pages, str(err), local.replace("-", " "))
        response.headers["Vary"] = "Accept"
        return response


async def _data(kind: str, iri: str, fmt: Format, request: Request, services: Services) -> Response:
    headers = {**validators(services.index, fmt.name), "Vary": "Accept"}
    if etag_matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    answer = await describe(services, iri, fmt)
    if not answer.body:
        _unknown(kind, iri, services)
    return Response(answer.body, media_type=fmt.content_type, headers=headers)


async def _page(
    kind: str, iri: str, request: Request, services: Services, pages: Pages
) -> Response:
    local, path, index = iri.rsplit("/", 1)[-1], request.url.path, services.index
    # A page asks the store through the read model: in the thread pool, off the event loop.
    if kind == "hk" and await run_in_threadpool(index.entity_id, local) is not None:
        response = await run_in_threadpool(entity_page, pages, index, local, path)
    elif kind == "src" and local in await run_in_threadpool(lambda: index.sources):
        params = request.query_params
        response = await run_in_threadpool(source_page, pages, index, local, path, params)
    else:  # claims, statements, and anything of ours the lookups do not index
        answer = await describe(services, iri, NTRIPLES)
        description = parse_description(iri, answer.body.decode(), await term_labels(services))
        if description.empty:
            _unknown(kind, iri, services)
        response = resource_page(pages, description, path)
    response.headers["Vary"] = "Accept"
    return response


def _unknown(kind: str, iri: str, services: Services) -> NoReturn:
    """Raise :class:`NotFound` for ``iri``; for an entity, with the closest ids as a hint."""
    if kind == "hk":
        services.index.require_entity(iri.rsplit("/", 1)[-1])
    raise NotFound(f"Nothing is known of <{iri}>.")


def _iri(services: Services, kind: str, local: str) -> str:
    if not _LOCAL_NAME.fullmatch(local):
        raise NotFound(f"{local!r} is not an id this graph uses.")
    return services.settings.base + DATA_KINDS[kind] + local


@router.get(
    "/id/{id}",
    summary="An entity (person, state, place, event...)",
    responses=_RESPONSES,
    response_class=Response,
    openapi_extra=_FORMAT,
)
async def entity_resource(id: str, request: Request, services: ServicesDep, pages: PagesDep):
    """Dereference ``{base}id/{id}``: a page, or the entity's description as RDF."""
    return await _dereference("hk", id, request, services, pages)


@router.get(
    "/claim/{id}",
    summary="A claim (a fact with its evidence)",
    responses=_RESPONSES,
    response_class=Response,
    openapi_extra=_FORMAT,
)
async def claim_resource(id: str, request: Request, services: ServicesDep, pages: PagesDep):
    """Dereference ``{base}claim/{id}``."""
    return await _dereference("claim", id, request, services, pages)


@router.get(
    "/statement/{id}",
    summary="A statement (something someone said)",
    responses=_RESPONSES,
    response_class=Response,
    openapi_extra=_FORMAT,
)
async def statement_resource(id: str, request: Request, services: ServicesDep, pages: PagesDep):
    """Dereference ``{base}statement/{id}``."""
    return await _dereference("stmt", id, request, services, pages)


@router.get(
    "/source/{id}",
    summary="A source and the claims it supports",
    responses=_RESPONSES,
    response_class=Response,
    openapi_extra=_FORMAT,
)
async def source_resource(id: str, request: Request, services: ServicesDep, pages: PagesDep):
    """Dereference ``{base}source/{id}``."""
    return await _dereference("src", id, request, services, pages)
