"""Exceptions to HTTP answers, in exactly one place.

Every error leaves as ``application/problem+json`` (RFC 9457): ``type``,
``title``, ``status``, ``detail``. Nothing else reaches the client: no stack
trace, no 500 for input we could have refused.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from honduras_kg import errors
from honduras_kg.formats import NotAcceptable
from honduras_kg.web.security import NOSNIFF

__all__ = ["STATUS", "install_error_handlers", "problem", "problem_for"]

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


async def _project_error(request: Request, exc: Exception) -> JSONResponse:
    return problem_for(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 304:  # Not Modified: the validators, and no body at all
        return Response(status_code=304, headers=exc.headers)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return problem(exc.status_code, _reason(exc.status_code), detail, headers)


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


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for error in exc.errors():
        where = ".".join(str(piece) for piece in error.get("loc", ()) if piece != "body")
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return problem(422, "Invalid parameter", "; ".join(parts) or "invalid request")


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
