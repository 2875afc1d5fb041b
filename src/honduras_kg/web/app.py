"""The application factory: ``create_app(settings)``, one router per interface."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.routing import NoMatchFound

from honduras_kg import __version__
from honduras_kg.config import Settings
from honduras_kg.web.errors import install_error_handlers
from honduras_kg.web.head import HeadAsGet
from honduras_kg.web.limits import RequestLimits
from honduras_kg.web.openapi import document_schema
from honduras_kg.web.routes import (
    docs,
    graph_view,
    linked_data,
    named_queries,
    pages,
    reading,
    rest,
    sparql,
)
from honduras_kg.web.security import SECURITY_HEADERS, SecurityHeaders
from honduras_kg.web.services import STATIC_DIR, Services, start_services
from honduras_kg.web.views.templating import Pages

__all__ = ["SECURITY_HEADERS", "create_app"]


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """Build the web application for ``settings`` (defaults when ``None``).

    The store opens and the query workers start in the app's lifespan, so
    building the app is cheap; serve it with any ASGI server. ``services``
    already started are used instead (``honduras-kg serve`` starts them before
    it serves, so that a bad store stops it at once); the app closes them when
    it stops.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = services if services is not None else await start_services(settings)
        app.state.services.warm_up()
        try:
            yield
        finally:
            await app.state.services.close()

    app = FastAPI(
        title="honduras-kg",
        version=__version__,
        description="A curated, evidence-backed knowledge graph of the 2025 US-Honduras "
        "military-cooperation dispute: a SPARQL 1.1 endpoint, named queries, REST lookups "
        "with the evidence behind every relation, and the data of the graph view.",
        lifespan=lifespan,
        # The stock docs pages load their scripts from a CDN: api/docs.py serves local ones.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    # Innermost of ours: CORS and the security headers go on its refusals too.
    app.add_middleware(RequestLimits, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["*"],
        expose_headers=[sparql.TRUNCATED_HEADER],
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    app.include_router(sparql.router)
    app.include_router(named_queries.router)
    app.include_router(rest.router)
    app.include_router(pages.router)
    app.include_router(graph_view.router)
    app.include_router(linked_data.router)
    docs.install(app)
    document_schema(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.state.pages = Pages(base=settings.base, links=_site_links(app))
    reading.install(app)  # after the pages: it gives them the claims' citations
    return app


def _site_links(app: FastAPI) -> dict[str, bool]:
    """The optional parts of the site that this app has, for the pages to link to."""
    try:
        graph = app.url_path_for("graph_page") == "/graph"
    except NoMatchFound:
        graph = False
    return {"graph": graph}
