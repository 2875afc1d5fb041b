"""A small HTTP client for the SPARQL 1.1 Protocol, standard library only.

It answers HTTP digest and basic authentication challenges (when given a
user) and turns HTTP failures into the project's errors: a 400 is a query the
server could not parse (:class:`~honduras_kg.errors.QuerySyntaxError`, with
the server's own message), a timeout is a
:class:`~honduras_kg.errors.QueryTimeout`, anything else a
:class:`~honduras_kg.errors.StoreError`.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException
from urllib.error import HTTPError, URLError

from honduras_kg.errors import QuerySyntaxError, QueryTimeout, StoreError

__all__ = ["DEFAULT_TIMEOUT", "HttpClient", "Response"]

#: Seconds to wait for a server's answer.
DEFAULT_TIMEOUT = 30.0

#: How much of an error body to quote in a message.
_MESSAGE_CHARS = 1000


@dataclass(frozen=True)
class Response:
    """A successful answer: its body and headers."""

    body: bytes
    headers: Message

    @property
    def content_type(self) -> str:
        """The media type, without parameters (``application/n-triples``)."""
        return self.headers.get_content_type()


class HttpClient:
    """POSTs to one server, answering its authentication challenges."""

    def __init__(
        self,
        urls: Sequence[str],
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """A client that gives ``user`` and ``password`` to the servers of ``urls`` when asked."""
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, list(urls), user, password or "")
            # Digest is tried first when the server offers both (urllib's handler order).
            handlers += [
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            ]
        self._opener = urllib.request.build_opener(*handlers)

    def post(self, url: str, body: bytes, *, content_type: str, accept: str) -> Response:
        """POST ``body`` to ``url``; raise the project's errors for a failure."""
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": content_type, "Accept": accept},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return Response(answer.read(), answer.headers)
        except HTTPError as err:
            raise _http_error(url, err) from err
        except TimeoutError as err:
            raise QueryTimeout(f"{url} did not answer within {self.timeout:g} s") from err
        except URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise QueryTimeout(f"{url} did not answer within {self.timeout:g} s") from err
            raise StoreError(f"cannot reach {url}: {err.reason}") from err
        except (HTTPException, OSError) as err:
            raise StoreError(f"{url} failed: {err}") from err


def _http_error(url: str, err: HTTPError) -> StoreError | QuerySyntaxError:
    message = _message(err)
    if err.code == 400:
        return QuerySyntaxError(message or "the server could not parse the query")
    if err.code in (401, 403):
        return StoreError(f"{url} refused the credentials ({err.code}): {message}")
    return StoreError(f"{url} answered {err.code} {err.reason}: {message}")


def _message(err: HTTPError) -> str:
    """The server's message: the first paragraph of its error body.

    Virtuoso appends the query it was sent after a blank line; that is dropped.
    """
    try:
        text = err.read(_MESSAGE_CHARS * 4).decode("utf-8", errors="replace")
    except OSError:
        return ""
    finally:
        err.close()
    return text.strip().split("\n\n", 1)[0].strip()[:_MESSAGE_CHARS]
