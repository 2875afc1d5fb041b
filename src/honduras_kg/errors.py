"""The project's exceptions, mapped to HTTP status codes in one place (``api/errors.py``).

::

    HondurasKGError
    ├── NotFound            unknown entity, query or resource      -> 404
    ├── BadRequest          malformed input                        -> 400
    │   ├── QuerySyntaxError    SPARQL that does not parse
    │   ├── QueryParameterError bad or missing named-query parameter -> 422
    │   ├── InvalidParameter    a lookup parameter out of range or at odds -> 422
    │   ├── TooLarge            a body or an answer over its byte limit -> 413
    │   ├── QueryCrashed        a query that crashed its worker (replaced)
    │   └── UnsupportedMediaType a body in a type we do not read     -> 415
    ├── Refused             allowed syntax, refused by policy      -> 400 / 403
    │   ├── UpdateRefused       SPARQL Update on a read-only store -> 403
    │   ├── MethodNotAllowed    e.g. an update sent by GET          -> 405
    │   └── UnsafeQuery         SERVICE                             -> 400
    ├── QueryTimeout        ran past the time limit                -> 503
    ├── Overloaded          every worker busy                      -> 503
    ├── OutOfMemory         a query needed more than its worker may use -> 503
    ├── StoreError          the backend failed                     -> 502
    └── GraphFileError      a curated file that does not read or parse (start-up and CLI
                            only, never in answer to a request)
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BadRequest",
    "GraphFileError",
    "HondurasKGError",
    "InvalidParameter",
    "MethodNotAllowed",
    "NotFound",
    "OutOfMemory",
    "Overloaded",
    "QueryCrashed",
    "QueryParameterError",
    "QuerySyntaxError",
    "QueryTimeout",
    "Refused",
    "StoreError",
    "TooLarge",
    "UnsafeQuery",
    "UnsupportedMediaType",
    "UpdateRefused",
]


class HondurasKGError(Exception):
    """Base class of every error the project raises on purpose."""


class NotFound(HondurasKGError):
    """An entity, named query or other resource that does not exist."""


class BadRequest(HondurasKGError, ValueError):
    """Input that cannot be used as given."""


class QuerySyntaxError(BadRequest):
    """A SPARQL query that does not parse; the message gives line and column where known."""


class QueryParameterError(BadRequest):
    """A named-query parameter that is unknown, missing or of the wrong type."""


class InvalidParameter(BadRequest):
    """A lookup parameter that is malformed, out of range or at odds with another.

    ``parameter`` names it, and the message starts with it.

    >>> str(InvalidParameter("date_from", "not a date: 'tuesday'"))
    "date_from: not a date: 'tuesday'"
    """

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


class TooLarge(BadRequest):
    """A request body, or a query's answer, larger than its configured byte limit."""


class QueryCrashed(BadRequest):
    """A query whose worker died running it (a crash in the engine): refused, the worker replaced.

    The query is at fault, as far as the server can tell: sent again, it
    crashes again.
    """


class UnsupportedMediaType(BadRequest):
    """A request body in a content type this endpoint does not read."""


class Refused(HondurasKGError):
    """A well-formed request that policy does not allow."""


class UpdateRefused(Refused):
    """SPARQL Update sent to the read-only service."""


class MethodNotAllowed(Refused):
    """A request method the resource does not allow for this request (an update by GET)."""


class UnsafeQuery(Refused):
    """A query that would reach outside the store (SERVICE)."""


class QueryTimeout(HondurasKGError):
    """A query that ran past the configured time limit and was stopped."""


class Overloaded(HondurasKGError):
    """Every query worker is busy; try again shortly."""


class OutOfMemory(HondurasKGError):
    """A query needed more memory than its worker may use; the worker was replaced."""


class StoreError(HondurasKGError):
    """The store backend failed (for a remote store: unreachable or erroring)."""


class GraphFileError(HondurasKGError):
    """A curated Turtle file that cannot be read or parsed; the message starts ``file:line``.

    >>> str(GraphFileError(Path("people.ttl"), 63, "The file is not valid Turtle."))
    'people.ttl:63: The file is not valid Turtle.'
    """

    def __init__(self, file: Path, line: int | None, message: str) -> None:
        where = f"{file}:{line}" if line is not None else str(file)
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line
