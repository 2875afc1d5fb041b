"""What one request may send: a bounded body, a path and query string in UTF-8,
and forms parsed off the event loop.

:class:`RequestLimits` refuses a body over ``Settings.max_body_bytes`` before
reading it when ``Content-Length`` says so, and counts a streamed (chunked)
body as it arrives, failing as soon as the count passes the limit, so the
server never holds more than the limit and one chunk. It also refuses a path
or query string whose percent-escapes are not UTF-8 (Starlette would quietly
turn them into U+FFFD), naming the parameter.

>>> non_utf8_parameter(b"q=caf%C3%A9&name=%FF%FE")
'name'
>>> non_utf8_parameter(b"q=caf%C3%A9") is None
True
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from honduras_kg.errors import BadRequest, TooLarge
from honduras_kg.web.errors import problem_for

__all__ = ["INLINE_PARSE_BYTES", "RequestLimits", "non_utf8_parameter", "parse_pairs"]

#: Forms and query strings up to this size are parsed on the event loop; larger ones
#: in a thread. Parsing 16 KiB of ``&a=b`` takes a few milliseconds: a thread costs more.
INLINE_PARSE_BYTES = 16 * 1024


async def parse_pairs(text: bytes | str, *, what: str = "request body") -> list[tuple[str, str]]:
    """``text`` (UTF-8 bytes or a string) as form pairs, blank values kept.

    A large one is decoded and parsed in a thread: parse_qsl on 10 MB of
    ``&a=b`` holds the event loop for seconds. Raises :class:`BadRequest` for
    bytes that are not UTF-8, naming ``what`` they were.

    >>> asyncio.run(parse_pairs(b"query=ASK%7B%7D&format=json"))
    [('query', 'ASK{}'), ('format', 'json')]
    """
    if len(text) <= INLINE_PARSE_BYTES:
        return _parse_pairs(text, what)
    return await asyncio.to_thread(_parse_pairs, text, what)


def _parse_pairs(text: bytes | str, what: str) -> list[tuple[str, str]]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise BadRequest(f"The {what} is not UTF-8 (byte {err.start}).") from None
    # errors="strict": a percent-escape that is not UTF-8 is refused, not turned into U+FFFD.
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        name = non_utf8_parameter(text.encode("utf-8"))
        raise BadRequest(f"{name}: the {what} has a value that is not UTF-8.") from None


def non_utf8_parameter(query: bytes) -> str | None:
    """The name of the first parameter of a query string that does not decode as UTF-8.

    ``None`` when all of it does. The name itself is shown with U+FFFD for
    bytes that are not UTF-8.
    """
    for pair in query.split(b"&"):
        name, _, value = pair.partition(b"=")
        for part in (name, value):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return unquote_to_bytes(name).decode("utf-8", "replace")[:100]
    return None


def _not_utf8(scope: Scope) -> BadRequest | None:
    """An error for a path or query string that is not UTF-8 once unescaped, else ``None``."""
    raw_path = scope.get("raw_path") or b""
    query = scope.get("query_string") or b""
    if _escaped(raw_path) and not _is_utf8(raw_path):
        return BadRequest("path: the request's path is not UTF-8 once unescaped.")
    if _escaped(query) and not _is_utf8(query):
        name = non_utf8_parameter(query)
        return BadRequest(f"{name}: the query string has a value that is not UTF-8.")
    return None


def _escaped(raw: bytes) -> bool:
    return b"%" in raw or not raw.isascii()


def _is_utf8(escaped: bytes) -> bool:
    # UTF-8 synchronises on ASCII bytes, so the whole is valid exactly when every
    # "&"- and "="-separated piece is: one pass, no split.
    try:
        unquote_to_bytes(escaped).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class RequestLimits:
    """Refuse a body over ``max_body_bytes`` (413) and a path or query string not in UTF-8 (400).

    A pure ASGI middleware, as :class:`~honduras_kg.web.security.SecurityHeaders`:
    the body is counted chunk by chunk as the app reads it, never buffered here.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = _not_utf8(scope) or self._declared_too_large(scope)
        if refusal is not None:
            # Answered before a byte of the body is read; the server closes the connection.
            await problem_for(refusal)(scope, receive, send)
            return
        limit, seen = self.max_body_bytes, 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(
                        f"The request body is over the {limit} bytes this server accepts."
                    )
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except TooLarge as err:
            # Raised by counted_receive where no handler of the app turned it into an answer.
            if started:
                raise
            await problem_for(err)(scope, receive, send)

    def _declared_too_large(self, scope: Scope) -> TooLarge | None:
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    return None  # the server has refused a malformed length already
                if length > self.max_body_bytes:
                    return TooLarge(
                        f"The request body is {length} bytes; this server accepts at most"
                        f" {self.max_body_bytes}."
                    )
        return None
