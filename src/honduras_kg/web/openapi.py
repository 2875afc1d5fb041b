"""What the OpenAPI schema says beyond what FastAPI derives: errors, examples, ``/sparql``.

Each operation lists the statuses it can answer with :func:`problems`; every
error body is a :class:`~honduras_kg.web.models.Problem`, as
``api/errors.py`` writes it. :func:`document_schema` adds what any
operation can answer (400 for a path or query string that is not UTF-8, 413
for a body over the limit: :mod:`honduras_kg.web.limits`), the schema of
the problem body, and the example answers of :mod:`honduras_kg.web.examples`.

>>> entry = problems(404)[404]
>>> list(entry["content"])
['application/problem+json']
>>> sorted(problems(503)[503]["headers"])
['Retry-After']
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from honduras_kg.formats import FORMATS
from honduras_kg.web.examples import EXAMPLES
from honduras_kg.web.models import Problem

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "document_schema",
    "format_parameter",
    "problems",
    "sparql_operation",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"
_REF = {"$ref": "#/components/schemas/Problem"}

#: What each error status means, said once; an operation may say it more precisely.
DESCRIPTIONS: dict[int, str] = {
    400: "A malformed request: a path or query string that is not UTF-8 once unescaped.",
    403: "Refused: this endpoint is read-only.",
    404: "Not found.",
    405: "Method not allowed for this request.",
    406: "No acceptable format: neither `format=` nor `Accept` names one this answer comes in.",
    413: "The request body is over the server's limit.",
    415: "A request body in a content type this endpoint does not read.",
    422: "A bad parameter (or one given twice), named in `detail`.",
    502: "The store failed (a remote SPARQL server unreachable or erroring).",
    503: "Busy, timed out or out of memory: try again after `Retry-After` seconds.",
}

#: Statuses any operation can answer, whatever it does (see api/limits.py).
EVERYWHERE = (400, 413)


def problems(*statuses: int, **described: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for error ``statuses``, each an ``application/problem+json`` body.

    A keyword ``s404="..."`` replaces the standard description of 404.
    """
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {
            "description": described.get(f"s{status}", DESCRIPTIONS[status]),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": _REF}},
        }
        if status == 503:
            entry["headers"] = {
                "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}
            }
        responses[status] = entry
    return responses


def document_schema(app: FastAPI) -> None:
    """Make ``app``'s schema name the problem body and the statuses of :data:`EVERYWHERE`,
    and give each lookup's answer type its example."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        for kind, example in EXAMPLES.items():
            if kind.__name__ in schemas:
                schemas[kind.__name__]["examples"] = [example]
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, entry in problems(*EVERYWHERE).items():
                    responses.setdefault(str(status), entry)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def format_parameter(*kinds: str) -> dict[str, Any]:
    """The ``format=`` query parameter, naming a format of ``kinds`` (see ``formats.py``).

    Handlers read it from the raw query string; empty is the same as absent.

    >>> format_parameter("results")["schema"]["enum"]
    ['json', 'xml', 'csv', 'tsv', '']
    """
    names = [fmt.name for fmt in FORMATS if fmt.kind in kinds]
    return {
        "name": "format",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": [*names, ""]},
        "description": "The answer's format by name (empty: by Accept); wins over Accept.",
    }


# --- /sparql: its handlers read the request as it comes, so its schema is written here --------

_GRAPH_URIS = {
    "type": "array",
    "items": {"type": "string"},
    "description": "A graph of this store (repeat the parameter for several).",
}
_PROTOCOL_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": True,
        "schema": _GRAPH_URIS,
        "description": description,
    }
    for name, description in (
        ("default-graph-uri", "Graphs that make up the default graph of the dataset."),
        ("named-graph-uri", "Graphs the query may name with GRAPH."),
    )
]
_ANY_FORMAT = format_parameter("results", "graph", "page")
_QUERY = {"type": "string", "description": "A SPARQL 1.1 query (updates are refused)."}


def sparql_operation(method: str) -> dict[str, Any]:
    """The ``responses`` and ``openapi_extra`` of ``GET`` or ``POST /sparql``.

    >>> sorted(sparql_operation("post")["responses"])
    [200, 400, 403, 406, 413, 415, 502, 503]
    """
    answer = {
        "description": "The answer: SPARQL results or RDF"
        + (", the service description (RDF) or the query page (HTML)" if method == "get" else ""),
        "content": {fmt.media_type: {"schema": {"type": "string"}} for fmt in FORMATS},
    }
    errors = problems(
        *((400, 403, 405, 406, 413) if method == "get" else (400, 403, 406, 413, 415)),
        502,
        503,
        s400="A malformed or refused query (SERVICE, a graph this store does not hold), "
        "two queries, or a body that is not UTF-8.",
        s405="An update sent by GET.",
        s406="No acceptable format for this kind of query.",
        s413="The request body, or the answer, is over the server's limit.",
    )
    if method == "get":
        query = {"name": "query", "in": "query", "required": False, "schema": _QUERY}
        extra: dict[str, Any] = {"parameters": [query, *_PROTOCOL_PARAMETERS, _ANY_FORMAT]}
    else:
        form = {
            "type": "object",
            "properties": {
                "query": _QUERY,
                **{p["name"]: p["schema"] for p in (*_PROTOCOL_PARAMETERS, _ANY_FORMAT)},
            },
            "required": ["query"],
        }
        extra = {
            "parameters": [*_PROTOCOL_PARAMETERS, _ANY_FORMAT],
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {"schema": form},
                    "application/sparql-query": {"schema": _QUERY},
                },
            },
        }
    return {"responses": {200: answer, **errors}, "openapi_extra": extra}
