"""Security headers: on every response, no sniffing; on every HTML page, also a
content-security policy that allows no remote (and no inline) script, no framing, no referrer.

>>> "script-src 'self'" in SECURITY_HEADERS["Content-Security-Policy"]
True
>>> content_security_policy(style_src="'self' 'unsafe-inline'").split("; ")[2]
"style-src 'self' 'unsafe-inline'"
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSP_DIRECTIVES",
    "NOSNIFF",
    "SECURITY_HEADERS",
    "SecurityHeaders",
    "content_security_policy",
]

#: The policy, directive by directive: only this server's own scripts, styles, images.
CSP_DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def content_security_policy(**changes: str) -> str:
    """The policy with some directives changed (``style_src=`` for ``style-src``)."""
    directives = {**CSP_DIRECTIVES, **{k.replace("_", "-"): v for k, v in changes.items()}}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


#: Sent with every HTML page: no remote scripts, styles, fonts or frames.
SECURITY_HEADERS = {
    "Content-Security-Policy": content_security_policy(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


#: Sent with every response, whatever its type (JSON, problem+json, files, 304s):
#: a browser must not read a text as script or style because it looks like one.
NOSNIFF = ("X-Content-Type-Options", "nosniff")


class SecurityHeaders:
    """Add ``nosniff`` to every response, and :data:`SECURITY_HEADERS` to every HTML
    response that does not set its own.

    A page may send a policy of its own (``/redoc`` allows inline styles); the
    others get the default. A plain ASGI middleware: Starlette's
    ``BaseHTTPMiddleware`` costs a task and a stream per request, which the
    SPARQL endpoint feels under load.
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
                headers.setdefault(*NOSNIFF)
                if headers.get("content-type", "").startswith("text/html"):
                    for name, value in SECURITY_HEADERS.items():
                        headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
