"""API documentation pages, ``/docs`` (Swagger UI) and ``/redoc``, with local assets only.

FastAPI's stock pages load Swagger UI and ReDoc from a CDN and start Swagger
UI with an inline script, which our content-security policy forbids. These
pages take the same assets from an installed package (``fastapi-offline``
ships Swagger UI and ReDoc builds) and start Swagger UI from a served script,
``/static/swagger-init.js``; ReDoc starts itself from its ``<redoc>`` element.

ReDoc styles itself by writing ``<style>`` elements (styled-components) and
runs its search in a worker it builds from a ``blob:`` URL, so ``/redoc``
alone allows inline styles and ``blob:`` workers; scripts stay this server's
own files there as everywhere. Its "API docs by Redocly" link shows a logo
from a CDN, with no option to turn it off: :data:`REDOC_SCRIPT` serves the
package's build with that address pointed at our own icon (hidden by
``static/api-docs.css``), so that the page asks nothing of another host and
no refused image reaches the console.

Both pages extend the site's layout: its menu and search box come first.
"""

from __future__ import annotations

import functools
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from honduras_kg.web.security import content_security_policy
from honduras_kg.web.views.templating import PagesDep

__all__ = ["ASSETS_DIR", "ASSETS_URL", "REDOC_CSP", "REDOC_SCRIPT", "install", "router"]

#: Swagger UI and ReDoc as the ``fastapi-offline`` package ships them.
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL = "/vendor/api-docs"

#: Where ReDoc's build is served, its logo's CDN address replaced (see above).
REDOC_SCRIPT = f"{ASSETS_URL}/redoc.offline.js"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"

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
    response = pages.render("redoc.html", script=REDOC_SCRIPT, openapi_url="/openapi.json")
    response.headers["Content-Security-Policy"] = REDOC_CSP
    return response


@router.get(REDOC_SCRIPT)
async def redoc_script() -> Response:
    """ReDoc's build, asking for its logo here rather than on its CDN."""
    return Response(
        _offline_redoc(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@functools.cache
def _offline_redoc() -> bytes:
    text = (ASSETS_DIR / "redoc.standalone.js").read_text(encoding="utf-8")
    return text.replace(REDOC_LOGO, "/static/favicon.svg").encode()


def install(app: FastAPI) -> None:
    """Add the docs pages and their assets to ``app`` (built with ``docs_url=None``)."""
    app.include_router(router)  # first: REDOC_SCRIPT is under the mount's path
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="api-docs-assets")
