"""The browser graph view: ``/graph`` (the page), ``/api/graph`` (its data),
``/graph/download`` (the view as one offline HTML file), ``/vendor/vis/``.

The page draws with vis-network, served here from the installed pyvis
package: nothing comes from a CDN. The data is JSON built by
:func:`honduras_kg.lookups.graph_view`; the page sets every text from it as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from pydantic import WithJsonSchema

from honduras_kg import lookups
from honduras_kg.errors import InvalidParameter, NotFound
from honduras_kg.lookups.dates import window
from honduras_kg.lookups.graph_view import VIEW_NODES
from honduras_kg.network import METRICS, NODE_TYPES
from honduras_kg.network.render import VIS_DIR
from honduras_kg.network.standalone import standalone_html
from honduras_kg.network.view import ViewFilter
from honduras_kg.web import models
from honduras_kg.web.caching import FreshIndex, validators
from honduras_kg.web.deps import ServicesDep, single_valued
from honduras_kg.web.openapi import problems
from honduras_kg.web.routes.rest import DATE_PATTERN, DATE_SCHEMA
from honduras_kg.web.views.templating import PagesDep

__all__ = ["FILENAME", "HIDEABLE", "STORY_CENTRE", "VENDOR_FILES", "router", "view_data"]

router = APIRouter(tags=["Graph view"], dependencies=[Depends(single_valued)])

#: The vis-network files served under ``/vendor/vis/``, by name.
VENDOR_FILES = {
    "vis-network.min.js": "text/javascript",
    "vis-network.css": "text/css",
}

#: The name a downloaded view is saved under.
FILENAME = "honduras-kg-graph.html"

#: What ``hide=`` can hide.
HIDEABLE = ("statements", "sources", "unattributed")

#: Where ``/graph`` opens when the address names no view: the base the story is about.
#: (The whole curated graph at once is too dense to read; "Whole graph" still shows it.)
STORY_CENTRE = "soto-cano"


@router.get("/graph", response_class=HTMLResponse, include_in_schema=False)
def graph_page(pages: PagesDep, services: ServicesDep) -> HTMLResponse:
    """The interactive network; the script reads the view from the URL."""
    return pages.render(
        "graph.html",
        node_types=[t for t in NODE_TYPES if t not in ("statement", "source")],
        modalities=lookups.MODALITIES,
        sources=services.index.sources.values(),
        metrics=METRICS,
        start_focus=STORY_CENTRE if services.index.entity_record(STORY_CENTRE) else "",
    )


@router.get("/vendor/vis/{name}", include_in_schema=False)
async def vendor_file(name: str) -> FileResponse:
    """vis-network's JavaScript or CSS, from the pyvis package."""
    if name not in VENDOR_FILES:
        raise HTTPException(404, f"no vendor file {name!r}")
    return FileResponse(VIS_DIR / name, media_type=VENDOR_FILES[name])


def _split(
    text: str, parameter: str, known: object, *, missing: type = InvalidParameter
) -> list[str]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if unknown := [part for part in parts if part not in known]:  # type: ignore[operator]
        raise missing(parameter, f"unknown {', '.join(unknown)}")
    return parts


def _list_of(names: Iterable[str], description: str) -> Any:
    """A comma-separated list of ``names`` (blanks ignored), as a query parameter."""
    name = "(?:" + "|".join(map(re.escape, names)) + r")\s*"
    pattern = rf"^\s*(?:{name})?(?:,\s*(?:{name})?)*$"
    # Documented, not enforced here: _split's message names what is unknown.
    return Query(description=description, json_schema_extra={"pattern": pattern})


#: A date bound of the view, or empty for none.
_DATE = WithJsonSchema({"anyOf": [*DATE_SCHEMA.json_schema["anyOf"], {"const": ""}]})


def view_data(
    index: FreshIndex,
    focus: Annotated[
        str, Query(description="Keep this entity's neighbourhood.", examples=["soto-cano"])
    ] = "",
    depth: Annotated[
        int, Query(ge=1, le=lookups.MAX_DEPTH, description="Hops around `focus`.")
    ] = 1,
    start: Annotated[
        str, Query(alias="from", description="Highlight a path from this entity (with `to`).")
    ] = "",
    end: Annotated[str, Query(alias="to", description="...to this entity.")] = "",
    types: Annotated[str, _list_of(NODE_TYPES, "Node types to keep, comma-separated.")] = "",
    modalities: Annotated[
        str, _list_of(lookups.MODALITIES, "Claim modalities to keep, comma-separated.")
    ] = "",
    sources: Annotated[str, Query(description="Source ids to keep, comma-separated.")] = "",
    date_from: Annotated[
        str,
        _DATE,
        Query(
            pattern=DATE_PATTERN + "|^$",
            description="Keep claims whose date overlaps from here; undated claims drop out.",
        ),
    ] = "",
    date_to: Annotated[
        str,
        _DATE,
        Query(
            pattern=DATE_PATTERN + "|^$", description="Keep claims whose date overlaps up to here."
        ),
    ] = "",
    hide: Annotated[
        str, _list_of(HIDEABLE, "Any of statements, sources, unattributed, comma-separated.")
    ] = "statements,sources",
    size_by: Annotated[
        str,
        Query(pattern="^(" + "|".join(METRICS) + ")$", description="Centrality that sizes nodes."),
    ] = "degree",
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=lookups.MAX_NODES,
            description="The most entities drawn around `focus`, nearest and best linked first.",
        ),
    ] = VIEW_NODES,
) -> dict[str, Any]:
    """The view the query asks for, built by :func:`honduras_kg.lookups.graph_view`.

    A plain function, so FastAPI builds a large graph off the event loop.
    """
    hidden = set(_split(hide, "hide", HIDEABLE))
    window(date_from or None, date_to or None)  # real days, months or years, in order
    view = ViewFilter(
        types=_split(types, "types", NODE_TYPES),
        modalities=_split(modalities, "modalities", lookups.MODALITIES),
        sources=_split(sources, "sources", index.sources, missing=_no_source),
        date_from=date_from or None,
        date_to=date_to or None,
        hide_unattributed="unattributed" in hidden,
        show_statements="statements" not in hidden,
        show_sources="sources" not in hidden,
    )
    return lookups.graph_view(
        index,
        view,
        focus=focus,
        depth=depth,
        start=start,
        end=end,
        size_by=size_by,
        limit=limit,
    )


def _no_source(parameter: str, message: str) -> NotFound:
    return NotFound(f"{parameter}: {message} (GET /api/sources lists them)")


ViewData = Annotated[dict[str, Any], Depends(view_data)]

_PROBLEMS = problems(404, 422, s404="Unknown entity id, named in `detail`.")


@router.get(
    "/api/graph",
    summary="The network, as the graph view draws it",
    response_model=models.GraphView,
    responses={
        304: {"description": "Not modified: the graph has not changed since that ETag."},
        **_PROBLEMS,
    },
)
async def graph_json(data: ViewData, index: FreshIndex) -> JSONResponse:
    """vis-network's ``nodes``, ``edges`` and ``options``, a ``legend``, and the ``path``
    (its hops with their evidence) when ``from`` and ``to`` are given.

    Undated claims stay in a date window: most claims carry no date of their own.
    """
    # Built by our own code: validating it again would cost more than building it.
    return JSONResponse(data, headers=validators(index))


@router.get(
    "/graph/download",
    summary="The same view as one HTML file that works offline",
    response_class=HTMLResponse,
    responses={
        200: {"content": {"text/html": {}}, "description": "An attachment."},
        **_PROBLEMS,
    },
)
async def graph_download(data: ViewData) -> HTMLResponse:
    """What ``honduras-kg render`` writes, for the view that ``/api/graph`` would give:
    vis-network and the data inlined, with its own search, filters and evidence panel.
    """
    page = await run_in_threadpool(standalone_html, data, title="honduras-kg graph view")
    return HTMLResponse(page, headers={"Content-Disposition": f'attachment; filename="{FILENAME}"'})
