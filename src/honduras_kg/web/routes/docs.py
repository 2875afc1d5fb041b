"""API documentation pages, ``/docs`` (Swagger UI) and ``/redoc``, with local assets only.

FastAPI's stock pages load Swagger UI and ReDoc from a CDN and start Swagger
UI with an inline script, which our content-security policy forbids. These
pages take the same assets from an installed package (``fastapi-offline``
ships Swagger UI and ReDoc builds) and start Swagger UI from a served script,
``/static/swagger-init.js``; ReDoc starts itself from its ``<redoc>`` element.

ReDoc styles itself by writing ``<style>`` elements (styled-components) and
runs its search in a worker it builds from a ``blob:`` URL, so ``/redoc``
alone allows inline styles and ``blob:`` workers; scripts stay this server's
own files there as everywhere. Its "API docs by Redocly" logo is an image on
a CDN: the policy blocks it (it falls back to the text), so nothing is fetched.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from honduras_kg.web.security import content_security_policy
from honduras_kg.web.views.templating import PagesDep

__all__ = ["ASSETS_DIR", "ASSETS_URL", "REDOC_CSP", "install", "router"]

#: Swagger UI and ReDoc as the ``fastapi-offline`` package ships them.
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL = "/vendor/api-docs"

#: The site's policy, with inline styles and blob: workers allowed for ReDoc (see above).
REDOC_CSP = content_security_policy(style_src="'self' 'unsafe-inline'", worker_src="'self' blob:")

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(pages: PagesDep) -> HTMLResponse:
    """The interactive API reference (Swagger UI)."""
    return pages.render("swagger.html", assets=ASSETS_URL, openapi_url="/openapi.json")


@router.get("/redoc", response_class=HTMLResponse)
async def redoc(pages: PagesDep) -> HTMLResponse:
    """The API reference as one readable page (ReDoc)."""
    response = pages.render("redoc.html", assets=ASSETS_URL, openapi_url="/openapi.json")
    response.headers["Content-Security-Policy"] = REDOC_CSP
    return response


def install(app: FastAPI) -> None:
    """Add the docs pages and their assets to ``app`` (built with ``docs_url=None``)."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="api-docs-assets")
    app.include_router(router)
