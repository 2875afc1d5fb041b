"""The two comparison apps of ``bench_sparql.py``, as uvicorn factories.

``uvicorn --factory --app-dir tests/benchmarks bench_apps:ceiling_app`` serves
the trivial endpoint; ``bench_apps:rdflib_endpoint_app`` serves the Turtle
file named by ``BENCH_TURTLE`` with rdflib-endpoint. The latter runs in the
benchmark's own venv, so this module imports nothing of ``honduras_kg`` and
rdflib-endpoint only inside its factory.
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

__all__ = ["CEILING_ANSWER", "TURTLE_VARIABLE", "ceiling_app", "rdflib_endpoint_app"]

#: What the ceiling endpoint answers, whatever it is sent.
CEILING_ANSWER: dict[str, dict[str, list[str]]] = {
    "head": {"vars": []},
    "results": {"bindings": []},
}

#: The environment variable naming the Turtle file rdflib-endpoint serves.
TURTLE_VARIABLE = "BENCH_TURTLE"


def ceiling_app() -> FastAPI:
    """A FastAPI app whose ``POST /sparql`` reads the body and answers a constant.

    >>> [route.path for route in ceiling_app().routes][-1]
    '/sparql'
    """
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/sparql")
    async def sparql(request: Request) -> JSONResponse:
        await request.body()  # read it, as a real endpoint must
        return JSONResponse(CEILING_ANSWER)

    return app


def rdflib_endpoint_app() -> FastAPI:
    """rdflib-endpoint's ``SparqlEndpoint`` at ``/sparql`` over the ``BENCH_TURTLE`` file."""
    from rdflib import Graph
    from rdflib_endpoint import SparqlEndpoint

    graph = Graph().parse(os.environ[TURTLE_VARIABLE], format="turtle")
    app: FastAPI = SparqlEndpoint(graph=graph, path="/sparql", title="rdflib-endpoint (benchmark)")
    return app
