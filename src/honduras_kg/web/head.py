"""``HEAD`` for every ``GET`` route: the same status and headers, no body (RFC 9110, 9.3.2).

FastAPI routes declared with ``@router.get`` answer ``HEAD`` with 405, which
trips link checkers and ``curl -I``. This middleware runs a ``HEAD`` request
as a ``GET`` and drops the body on the way out, so the headers (``ETag``,
``Content-Type``, ``Content-Length``) are exactly those a ``GET`` would get.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HeadAsGet"]


class HeadAsGet:
    """Answer ``HEAD`` as ``GET`` without the body (pure ASGI: streams stay untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
