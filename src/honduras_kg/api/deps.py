"""Dependencies injected into handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from honduras_kg.api.services import Services

__all__ = ["ServicesDep", "get_services"]


async def get_services(request: Request) -> Services:
    """The running app's services (set up by the lifespan in ``create_app``).

    Async on purpose: FastAPI runs a plain-function dependency in a thread
    pool, which costs more than everything else in a cached answer.
    """
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]
