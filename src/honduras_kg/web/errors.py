"""Exceptions to HTTP answers, in exactly one place.

Every error leaves as ``application/problem+json`` (RFC 9457): ``type``,
``title``, ``status``, ``detail``. Nothing else reaches the client: no stack
trace, no 500 for input we could have refused.

A browser (a request whose preferred type is ``text/html``) gets the same
refusals, 4xx, as a page of the site instead: the menu, a human message,
"did you mean" links (to the site's pages and to the entities whose names are
closest to the address), and the search box. Clients of the API, which ask for
JSON or anything (``*/*``), get the JSON as before.
"""

from __future__ import annotations

import difflib
import logging
import re
from typing import Any
from urllib.parse import unquote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from honduras_kg import errors, lookups
from honduras_kg.formats import NotAcceptable, parse_accept
from honduras_kg.web.security import NOSNIFF

__all__ = [
    "SITE_PATHS",
    "STATUS",
    "error_page",
    "install_error_handlers",
    "problem",
    "problem_for",
    "readable",
    "wants_page",
]

log = logging.getLogger(__name__)

#: Exception class -> (status, title). Subclasses inherit their parent's entry.
STATUS: dict[type[Exception], tuple[int, str]] = {
    errors.NotFound: (404, "Not found"),
    errors.QuerySyntaxError: (400, "Malformed query"),
    errors.QueryParameterError: (422, "Bad query parameter"),
    errors.InvalidParameter: (422, "Invalid parameter"),
    errors.UnsupportedMediaType: (415, "Unsupported media type"),
    errors.TooLarge: (413, "Content too large"),
    errors.QueryCrashed: (400, "Query crashed the engine"),
    errors.BadRequest: (400, "Bad request"),
    errors.UpdateRefused: (403, "Read-only endpoint"),
    errors.MethodNotAllowed: (405, "Method not allowed"),
    errors.UnsafeQuery: (400, "Query refused"),
    errors.Refused: (403, "Refused"),
    errors.QueryTimeout: (503, "Query timed out"),
    errors.Overloaded: (503, "Busy"),
    errors.OutOfMemory: (503, "Query out of memory"),
    errors.StoreError: (502, "Store unavailable"),
    NotAcceptable: (406, "Not acceptable"),
}

RETRY_AFTER_SECONDS = "2"

#: The site's pages, offered when a mistyped address is close to one of them.
SITE_PATHS = (
    "/", "/search", "/graph", "/paths", "/api/queries", "/timeline", "/sources", "/sparql",
    "/docs", "/redoc",
)  # fmt: skip
#: The media types that make a request a browser's, when it prefers one of them.
PAGE_TYPES = ("text/html", "application/xhtml+xml")


def status_of(exc: Exception) -> tuple[int, str]:
    """The HTTP status and title for a project exception."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500, "Internal error"


def problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None):
    """A ``application/problem+json`` response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(
        body, status_code=status, headers=headers, media_type="application/problem+json"
    )


def problem_for(exc: Exception) -> JSONResponse:
    """The answer to a project exception, wherever it was raised (a handler, a middleware)."""
    status, title = status_of(exc)
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if status == 503 else None
    return problem(status, title, str(exc), headers)


def wants_page(request: Request) -> bool:
    """Whether the client prefers a page: its first named type (not ``*/*``) is HTML.

    A browser's ``Accept`` starts with ``text/html``; ``fetch()`` and API clients
    send ``*/*`` or a JSON type, and keep getting JSON.
    """
    for media, _ in parse_accept(request.headers.get("accept", "")):
        if media not in ("*/*", "*"):
            return media in PAGE_TYPES
    return False


async def error_page(
    request: Request, status: int, title: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The site's page for a refusal: ``message``, then links to what was probably meant."""
    words = _words_of(request.url.path) if status == 404 else ""
    suggestions = await run_in_threadpool(_suggestions, request, words)
    response = request.app.state.pages.render(
        "error.html", status=status, code=status, title=title, message=message,
        suggestions=suggestions, query=words,
    )  # fmt: skip
    response.headers.update({**(headers or {}), "Vary": "Accept"})
    return response


def _words_of(path: str) -> str:
    """The words an address's last segment names (``/id/soto-canoe``: ``soto canoe``)."""
    last = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    return " ".join(re.split(r"[-_.+\s]+", last)).strip()[:200]


def _suggestions(request: Request, words: str) -> list[tuple[str, str]]:
    """(address, label) of the pages and entities close to a missing address."""
    if not words:
        return []
    path = request.url.path.rstrip("/") or "/"
    pages = [(p, p) for p in difflib.get_close_matches(path, SITE_PATHS, n=2, cutoff=0.75)]
    index, href = request.app.state.services.index, request.app.state.pages.href
    try:
        found = lookups.search(index, words, limit=3)
    except errors.InvalidParameter:  # no letter or digit to search for
        return pages
    hits = found.results or found.suggestions
    return pages + [(href(hit.iri) or hit.iri, hit.label) for hit in hits]


def readable(detail: str) -> str:
    """A message for a page: the JSON's ``detail`` as a sentence, without its hints
    (the page links them instead).

    >>> readable("id: no entity 'soto-canoe'; did you mean soto-cano?")
    "No entity 'soto-canoe' in the graph."
    >>> readable("date_from: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'x'")
    "The parameter date_from is wrong: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'x'."
    """
    detail = re.sub(r"; (did you mean .*\?|search by name to find its id)$", "", detail)
    parameter, said = re.match(r"(?:([\w.]+): )?(.*)", detail, re.S).groups()  # type: ignore[union-attr]
    if said.startswith("no "):
        return f"N{said[1:]} in the graph."
    sentence = f"The parameter {parameter} is wrong: {said}" if parameter else said
    return sentence[:1].upper() + sentence[1:].rstrip(".") + "."


async def _project_error(request: Request, exc: Exception) -> Response:
    status, title = status_of(exc)
    if status < 500 and wants_page(request):
        return await error_page(request, status, title, readable(str(exc)))
    return problem_for(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 304:  # Not Modified: the validators, and no body at all
        return Response(status_code=304, headers=exc.headers)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    if 400 <= exc.status_code < 500 and wants_page(request):
        message = _page_message(request, exc.status_code, detail)
        title = _reason(exc.status_code).capitalize()  # "Not found", as the other pages
        return await error_page(request, exc.status_code, title, message, headers)
    return problem(exc.status_code, _reason(exc.status_code), detail, headers)


def _page_message(request: Request, status: int, detail: str) -> str:
    """What a page says for a refusal of the router (which only says "Not Found")."""
    if status == 404 and detail == "Not Found":
        return f"There is no page at {request.url.path}."
    if status == 405:
        return f"This address does not answer {request.method} requests."
    return readable(detail)


def _allowed_methods(request: Request) -> str:
    """Every method some route takes at this path (Starlette names only the first route's)."""
    routes = request.app.router.routes
    methods = [
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    ]
    if "GET" in methods:
        methods.insert(1, "HEAD")  # every GET route answers HEAD (api/head.py)
    return ", ".join(methods)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    page = wants_page(request)
    parts = []
    for error in exc.errors():
        loc = [str(piece) for piece in error.get("loc", ()) if piece != "body"]
        where = ".".join(loc[1:] if page and len(loc) > 1 else loc)  # pages: no "query."
        parts.append(f"{where}: {_said(error)}")
    detail = "; ".join(parts) or "invalid request"
    if page:
        return await error_page(request, 422, "Invalid parameter", readable(detail))
    return problem(422, "Invalid parameter", detail)


def _said(error: dict[str, Any]) -> str:
    """A validation error in words: a pattern says what it wants, never as a regex."""
    if error.get("type") != "string_pattern_mismatch":
        return str(error.get("msg", "invalid"))
    pattern = str((error.get("ctx") or {}).get("pattern", ""))
    given = error.get("input")
    choices = re.fullmatch(r"\^\(([\w-]+(?:\|[\w-]+)*)\)\$", pattern)
    if r"\d{4}" in pattern:
        wanted = "expected a date as YYYY, YYYY-MM or YYYY-MM-DD"
    elif choices:
        wanted = "expected one of " + ", ".join(choices.group(1).split("|"))
    else:
        wanted = "not in the expected form"
    return f"{wanted}, got {given!r}"


async def _client_gone(request: Request, exc: Exception) -> JSONResponse:
    # The client hung up mid-request: nobody will read an answer, nothing went wrong here.
    return problem(400, "Client disconnected", "The request ended before its body arrived.")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The one place a bug may surface: log it whole, tell the client little.
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    # Sent from outside every middleware of ours: the security headers must come along.
    detail = "Something went wrong on our side; it has been logged."
    return problem(500, "Internal error", detail, dict([NOSNIFF]))


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(errors.HondurasKGError, _project_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_exception_handler(Exception, _unexpected)
