"""Named competency queries over HTTP: ``/api/queries`` and ``/api/queries/{name}``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from honduras_kg.errors import NotFound
from honduras_kg.formats import of_kind
from honduras_kg.sparql.named import NamedQuery
from honduras_kg.web.deps import ServicesDep, single_valued
from honduras_kg.web.openapi import format_parameter, problems
from honduras_kg.web.routes.sparql import respond

__all__ = ["router"]

router = APIRouter(
    prefix="/api/queries", tags=["Named queries"], dependencies=[Depends(single_valued)]
)

#: Query-string keys that choose the answer, not parameter values.
_RESERVED = {"format", "base"}


class ParameterInfo(BaseModel):
    name: str = Field(examples=["entity"])
    type: str = Field(examples=["iri"])
    help: str = Field(examples=["Entity to look at"])
    default: str | None = Field(examples=["https://w3id.org/honduras-kg/id/soto-cano"])


class QueryInfo(BaseModel):
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
    responses=problems(422),
)
async def list_queries(request: Request, services: ServicesDep) -> list[QueryInfo]:
    """Every query of ``queries/``: title, description, parameters and text."""
    base = services.settings.base
    return [_info(query, request, base) for query in services.queries.values()]


@router.get(
    "/{name}",
    summary="Run a named query",
    responses={
        200: {
            "description": "SPARQL results (JSON by default; XML, CSV, TSV by Accept or format=)",
            "content": {fmt.media_type: {} for fmt in of_kind("results")},
        },
        **problems(
            404,
            406,
            413,
            422,
            502,
            503,
            s404="No named query of that name.",
            s413="The answer is over the server's limit.",
            s422="A parameter the query does not take, or a value wrong for its type.",
        ),
    },
    # The query's own parameters depend on its name (GET /api/queries lists them).
    openapi_extra={"parameters": [format_parameter("results")]},
)
async def run_named_query(name: str, request: Request, services: ServicesDep) -> Response:
    """Run query ``name``; its parameters come from the query string (``?entity=...``)."""
    query = services.queries.get(name)
    if query is None:
        known = ", ".join(sorted(services.queries))
        raise NotFound(f"No named query {name!r}. Known queries: {known}.")
    values = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
    return await respond(
        services,
        query.bind(base=services.settings.base, **values),
        accept=request.headers.get("accept"),
        format=request.query_params.get("format"),
    )
