"""Dependencies injected into handlers."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import Depends, Request

from honduras_kg.errors import InvalidParameter
from honduras_kg.web.services import Services

__all__ = ["ServicesDep", "get_services", "single_valued"]


async def get_services(request: Request) -> Services:
    """The running app's services (set up by the lifespan in ``create_app``).

    Async on purpose: FastAPI runs a plain-function dependency in a thread
    pool, which costs more than everything else in a cached answer.
    """
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


async def single_valued(request: Request) -> None:
    """Refuse a query parameter given more than once (422, naming it).

    Every parameter of the routers that use this takes one value; FastAPI
    would silently keep the last of several, and the client would not know
    which one counted.
    """
    params = request.query_params
    if len(params) == len(pairs := params.multi_items()):
        return
    name, times = Counter(key for key, _ in pairs).most_common(1)[0]
    raise InvalidParameter(name[:100], f"given {times} times; give it once")
