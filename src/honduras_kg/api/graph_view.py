"""The browser graph view: ``/graph`` (the page), ``/api/graph`` (its data), ``/vendor/vis/``.

The page draws with vis-network, served here from the installed pyvis
package: nothing comes from a CDN. The data is JSON built by
:mod:`honduras_kg.network.render`; the page sets every text from it as text.
"""

from __future__ import annotations

from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, HTTPException, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import FileResponse, HTMLResponse

from honduras_kg import lookups
from honduras_kg.api.deps import ServicesDep
from honduras_kg.api.templating import PagesDep
from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups import GraphIndex
from honduras_kg.lookups.entities import MAX_DEPTH, MAX_NODES
from honduras_kg.network import METRICS, to_networkx
from honduras_kg.network.render import VIS_DIR, network_data
from honduras_kg.network.view import ViewFilter, select

__all__ = ["VENDOR_FILES", "graph_data", "router"]

router = APIRouter(tags=["graph view"])

#: The vis-network files served under ``/vendor/vis/``, by name.
VENDOR_FILES = {
    "vis-network.min.js": "text/javascript",
    "vis-network.css": "text/css",
}

#: What ``hide=`` can hide.
HIDEABLE = ("statements", "sources", "unattributed")

# Projections with statement or source nodes, per graph and flags: built on first use.
_PROJECTIONS: dict[tuple[str, bool, bool], nx.MultiDiGraph] = {}


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@router.get("/graph", response_class=HTMLResponse, include_in_schema=False)
async def graph_page(pages: PagesDep) -> HTMLResponse:
    """The interactive network; the script reads the view from the URL."""
    return pages.render("graph.html")


@router.get("/vendor/vis/{name}", include_in_schema=False)
async def vendor_file(name: str) -> FileResponse:
    """vis-network's JavaScript or CSS, from the pyvis package."""
    if name not in VENDOR_FILES:
        raise HTTPException(404, f"no vendor file {name!r}")
    return FileResponse(VIS_DIR / name, media_type=VENDOR_FILES[name])


@router.get("/api/graph", include_in_schema=False)
async def graph_json(
    services: ServicesDep,
    focus: str = "",
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    start: Annotated[str, Query(alias="from")] = "",
    end: Annotated[str, Query(alias="to")] = "",
    types: str = "",
    modalities: str = "",
    sources: str = "",
    date_from: str = "",
    date_to: str = "",
    hide: str = "statements,sources",
    size_by: Annotated[str, Query(pattern="^(" + "|".join(METRICS) + ")$")] = "degree",
) -> dict[str, Any]:
    """The network as vis-network data: ``nodes``, ``edges``, ``options``, ``legend``,
    and ``path`` (the first path, its hops with their evidence) when ``from`` and ``to``
    are given. Lists are comma-separated; ``hide`` takes statements, sources, unattributed.
    """
    hidden = set(_split(hide))
    if unknown := hidden - set(HIDEABLE):
        raise InvalidParameter("hide", f"unknown {', '.join(sorted(unknown))}")
    view = ViewFilter(
        types=_split(types),
        modalities=_split(modalities),
        sources=_split(sources),
        date_from=date_from or None,
        date_to=date_to or None,
        hide_unattributed="unattributed" in hidden,
    )
    return graph_data(
        services.index,
        view,
        focus=focus,
        depth=depth,
        ends=(start, end),
        hidden=hidden,
        size_by=size_by,
    )


def graph_data(
    index: GraphIndex,
    view: ViewFilter,
    *,
    focus: str = "",
    depth: int = 1,
    ends: tuple[str, str] = ("", ""),
    hidden: set[str] | frozenset[str] = frozenset({"statements", "sources"}),
    size_by: str = "degree",
) -> dict[str, Any]:
    """The view's data for ``index``: the plain function behind ``/api/graph``."""
    net = _projection(index, "statements" not in hidden, "sources" not in hidden)
    if focus:
        net = _around(index, net, focus, depth)
    path = _path(index, *ends) if all(ends) else None
    highlight = set(path["nodes"]) if path else set()
    if focus:
        highlight.add(index.require_entity(focus, parameter="focus").ref.iri)
    scores = index.scores if net is index.network else None
    shown = select(net, view)
    data = network_data(shown, size_by=size_by, scores=scores, highlight=highlight)
    data["path"] = path
    return data


def _projection(index: GraphIndex, statements: bool, sources: bool) -> nx.MultiDiGraph:
    if not (statements or sources):
        return index.network
    key = (index.content_hash, statements, sources)
    if key not in _PROJECTIONS:
        _PROJECTIONS.clear()
        _PROJECTIONS[key] = to_networkx(
            index.graph, include_statements=statements, include_sources=sources
        )
    return _PROJECTIONS[key]


def _around(index: GraphIndex, net: nx.MultiDiGraph, focus: str, depth: int) -> nx.MultiDiGraph:
    """The focus's neighbourhood, with the statements and sources attached to it."""
    index.require_entity(focus, parameter="focus")
    hood = lookups.neighbourhood(index, focus, depth=depth, max_nodes=MAX_NODES)
    keep = {n.iri for n in hood.nodes}
    for iri in list(keep):
        if iri in net:
            keep |= {
                n
                for n in nx.all_neighbors(net, iri)
                if net.nodes[n].get("type") in ("statement", "source")
            }
    return net.subgraph(keep).copy()


def _path(index: GraphIndex, start: str, end: str) -> dict[str, Any] | None:
    found = lookups.paths(index, start, end, k=1)
    if not found.paths:
        return {"nodes": [], "hops": [], "reason": found.reason}
    first = found.paths[0]
    return {
        "nodes": [n.iri for n in first.nodes],
        "hops": jsonable_encoder(first.hops),
        "reason": None,
    }
