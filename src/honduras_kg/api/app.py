"""The application factory: ``create_app(settings)``, one router per interface."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from honduras_kg import __version__
from honduras_kg.api import named_queries, sparql
from honduras_kg.api.errors import install_error_handlers
from honduras_kg.api.services import STATIC_DIR, start_services
from honduras_kg.config import Settings

__all__ = ["SECURITY_HEADERS", "create_app"]

#: Sent with every HTML page: no remote scripts, styles, fonts or frames.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the web application for ``settings`` (defaults when ``None``).

    The store opens and the query workers start in the app's lifespan, so
    building the app is cheap; serve it with any ASGI server.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = await start_services(settings)
        try:
            yield
        finally:
            await app.state.services.close()

    app = FastAPI(
        title="honduras-kg",
        version=__version__,
        description="A curated, evidence-backed knowledge graph of the 2025 US-Honduras "
        "military-cooperation dispute: SPARQL 1.1 endpoint and named queries.",
        lifespan=lifespan,
        # The stock docs pages load their scripts from a CDN; we serve none of that.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["*"],
        expose_headers=[sparql.TRUNCATED_HEADER],
    )
    app.add_middleware(SecurityHeaders)
    app.include_router(sparql.router)
    app.include_router(named_queries.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every HTML response.

    A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` costs a task
    and a stream per request, which the SPARQL endpoint feels under load.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.update(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
