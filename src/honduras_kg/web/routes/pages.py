"""The site's HTML pages: landing, search, connection paths, and the pages of our resources.

Each page asks :mod:`honduras_kg.lookups` (the same functions the REST API
uses) and fills a template; the templates escape every text from the graph.
The pages of entities, claims, statements and sources are served by
:mod:`honduras_kg.web.routes.linked_data` (their IRIs dereference there), through the
renderers at the end of this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from honduras_kg import lookups
from honduras_kg.errors import InvalidParameter, NotFound
from honduras_kg.formats import of_kind
from honduras_kg.lookups import ReadModel
from honduras_kg.web.deps import ServicesDep, single_valued
from honduras_kg.web.views import reading
from honduras_kg.web.views.describe import Description
from honduras_kg.web.views.picture import MAX_NEIGHBOURS, radial
from honduras_kg.web.views.templating import Pages, PagesDep

__all__ = [
    "DATA_FORMATS",
    "FEATURED",
    "MAX_TEXT",
    "SEARCH_PAGE_SIZE",
    "entity_page",
    "not_found_page",
    "resource_page",
    "router",
    "source_page",
]

router = APIRouter(include_in_schema=False, dependencies=[Depends(single_valued)])

#: Offered as links on every resource page, as (``format=``, label): every graph format.
DATA_FORMATS = tuple((fmt.name, fmt.label) for fmt in of_kind("graph"))
#: Entities offered as starting points on the landing page: the best connected of
#: every type (Soto Cano, a base, among them), not the actors that stats ranks.
FEATURED = 8
SEARCH_PAGE_SIZE = 20
#: The longest search text or entity name a page takes (as the REST API).
MAX_TEXT = 200


@router.get("/", response_class=HTMLResponse)
def landing(services: ServicesDep, pages: PagesDep) -> HTMLResponse:
    """What this is, a search box, the one-click question, and where to go next."""
    stats = lookups.stats(services.index, top=FEATURED)
    counts = [
        ("entities", stats.entities),
        ("claims", stats.claims),
        ("statements", stats.statements),
        ("sources", stats.sources),
    ]
    queries = [
        query
        for query in services.queries.values()
        if all(p.default is not None for p in query.parameters)
    ]
    index = services.index
    featured = index.ranking("degree", n=FEATURED, types=None)
    return pages.render("landing.html", queries=queries, featured=featured, counts=counts)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    services: ServicesDep,
    pages: PagesDep,
    q: str = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """Entities whose name matches ``q`` (accents and case ignored), best first."""
    if not q.strip():
        return pages.render("search.html", q="", page=None, error=None)
    if len(q) > MAX_TEXT:
        error = f"q: at most {MAX_TEXT} characters, got {len(q)}"
        return pages.render("search.html", status=422, q=q[:MAX_TEXT], page=None, error=error)
    try:
        found = lookups.search(services.index, q, limit=SEARCH_PAGE_SIZE, offset=offset)
    except InvalidParameter as err:
        return pages.render("search.html", status=422, q=q, page=None, error=str(err))
    return pages.render("search.html", q=q, page=found, error=None)


@router.get("/paths", response_class=HTMLResponse)
def paths_page(
    services: ServicesDep,
    pages: PagesDep,
    start: Annotated[str, Query(alias="from")] = "",
    end: Annotated[str, Query(alias="to")] = "",
    exclude_unattributed: bool = False,
) -> HTMLResponse:
    """How two entities are connected: each hop with its claims, who says so, and the quotes."""
    form = {"start": start, "end": end, "exclude_unattributed": exclude_unattributed}
    if not (start.strip() and end.strip()):
        return pages.render("paths.html", found=None, error=None, **form)
    if max(len(start), len(end)) > MAX_TEXT:
        error = f"from, to: at most {MAX_TEXT} characters each"
        return pages.render("paths.html", status=422, found=None, error=error, **form)
    index = services.index
    try:
        found = lookups.paths(
            index,
            _resolve(index, start),
            _resolve(index, end),
            exclude_unattributed=exclude_unattributed,
        )
    except NotFound as err:
        return pages.render("paths.html", status=404, found=None, error=str(err), **form)
    except InvalidParameter as err:
        return pages.render("paths.html", status=422, found=None, error=str(err), **form)
    return pages.render("paths.html", found=found, error=None, **form)


def _resolve(index: ReadModel, text: str) -> str:
    """An entity id for ``text``: an id or IRI as it is, else the best name match."""
    if index.entity_id(text) is not None:
        return text
    try:
        hits = lookups.search(index, text, limit=1).results
    except InvalidParameter:
        return text
    return hits[0].id if hits else text


# --- Pages of our resources (served by linked_data) ----------------------------


def entity_page(pages: Pages, index: ReadModel, id: str, path: str) -> Response:
    """An entity: what it is, its neighbourhood, its relations with their evidence."""
    found = lookups.entity(index, id)
    hood = lookups.neighbourhood(index, found.id, depth=1, max_nodes=MAX_NEIGHBOURS + 1)
    said = lookups.statements(index, speaker=found.id).statements
    picture = radial(hood) if len(hood.nodes) > 1 else None
    return pages.render(
        "entity.html",
        e=found,
        picture=picture,
        said=said,
        path=path,
        formats=DATA_FORMATS,
        json_url=f"/api/entities/{found.id}",
    )


def source_page(
    pages: Pages, index: ReadModel, id: str, path: str, params: Mapping[str, str] | None = None
) -> Response:
    """A source: what is known of it, and every claim and statement resting on it.

    ``params`` sort its claims (``sort``: date, modality or subject) and filter them
    (``modality``, and ``q``: words of the claim, its quotes or its ends).
    """
    found = lookups.source(index, id)
    form = {name: (params or {}).get(name, "") for name in ("sort", "modality", "q")}
    try:
        claims = reading.with_text(found.claims, form["q"])
        wanted = reading.only_modality(form["modality"])
        claims = [c for c in claims if wanted is None or c.modality == wanted]
        claims = reading.sorted_claims(claims, form["sort"] or "date")
        error = None
    except InvalidParameter as err:
        claims, error = [], reading.reason(err)
    return pages.render(
        "source.html",
        status=400 if error else 200,
        s=found,
        claims=claims,
        error=error,
        form=form,
        orders=reading.CLAIM_ORDERS,
        modalities=reading.modality_counts(found.claims),
        path=path,
        formats=DATA_FORMATS,
        json_url=f"/api/sources/{found.source.id}",
    )


def resource_page(pages: Pages, description: Description, path: str) -> Response:
    """Any other resource (a claim, a statement): its description, relation by relation."""
    return pages.render("resource.html", d=description, path=path, formats=DATA_FORMATS)


def not_found_page(pages: Pages, detail: str, suggestion: str = "") -> Response:
    """The 404 page: what was not found, and a search form."""
    return pages.render("not_found.html", status=404, detail=detail, suggestion=suggestion)
