"""Conditional requests for answers drawn from the graph: ``ETag``, ``Cache-Control``, 304.

The graph is read-only while the app runs, so one validator serves every
answer: the content hash of the graph (:attr:`ReadModel.etag`), with a
suffix where one URL has several representations (an export format).
A request whose ``If-None-Match`` holds it gets ``304 Not Modified``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response

from honduras_kg.lookups import ReadModel
from honduras_kg.web.deps import ServicesDep

__all__ = [
    "CACHE_CONTROL",
    "FreshIndex",
    "check_fresh",
    "etag_matches",
    "fresh_index",
    "validators",
]

#: Caches may keep an answer a minute, then must ask again (cheaply, with the ETag).
CACHE_CONTROL = "public, max-age=60"


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header holds ``etag`` (weak comparison, ``*`` matches).

    >>> etag_matches('W/"abc", "def"', '"abc"'), etag_matches('"x"', '"abc"')
    (True, False)
    """
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def validators(index: ReadModel, variant: str = "") -> dict[str, str]:
    """The ``ETag`` and ``Cache-Control`` headers of an answer drawn from ``index``."""
    etag = index.etag if not variant else f'{index.etag[:-1]}-{variant}"'
    return {"ETag": etag, "Cache-Control": CACHE_CONTROL}


def check_fresh(request: Request, headers: dict[str, str]) -> None:
    """Raise a bodiless ``304`` (with ``headers``) if the client holds this answer."""
    if etag_matches(request.headers.get("if-none-match"), headers["ETag"]):
        raise HTTPException(status_code=304, headers=headers)


async def fresh_index(request: Request, response: Response, services: ServicesDep) -> ReadModel:
    """The lookup index, after putting the validators on the response (or answering 304)."""
    headers = validators(services.index)
    check_fresh(request, headers)
    response.headers.update(headers)
    return services.index


#: The lookup index of a JSON answer that carries ETag and Cache-Control.
FreshIndex = Annotated[ReadModel, Depends(fresh_index)]
