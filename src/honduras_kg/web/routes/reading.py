"""The reading views: the sources, the timeline, and the two sources compared.

Each page asks :mod:`honduras_kg.lookups` and fills a template; filters are
GET parameters, so every view works without JavaScript (``static/reading.js``
only adds copying a claim's citation to the clipboard). Input a page cannot
use gets the page again with a message a reader understands, and status 400.
"""

from __future__ import annotations

from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.responses import HTMLResponse

from honduras_kg import lookups
from honduras_kg.errors import InvalidParameter, NotFound
from honduras_kg.lookups import ReadModel
from honduras_kg.lookups.compare import compare
from honduras_kg.lookups.results import Claim, TimelineEntry
from honduras_kg.model.time import Window, parse_bound
from honduras_kg.web.deps import ServicesDep, single_valued
from honduras_kg.web.views.reading import (
    citation,
    modality_counts,
    only_modality,
    reason,
    shown,
)
from honduras_kg.web.views.templating import PagesDep

__all__ = ["dated_window", "install", "router"]

router = APIRouter(include_in_schema=False, dependencies=[Depends(single_valued)])

#: The timeline's extra choice of "modality": things people said (statements have none).
STATEMENTS = "statement"
#: How much of a reader's text a message repeats.
ECHO = 40


def install(app: FastAPI) -> None:
    """Add the reading views to ``app``, and the citation every claim card can offer."""
    app.include_router(router)

    def cite(claim: Claim) -> str:
        return citation(claim, app.state.services.index.sources)

    def cite_iri(iri: str) -> str | None:
        """The citation of the claim ``iri`` (``None`` for anything else: a claim page's)."""
        found = app.state.services.index.claims([iri])
        return cite(found[0]) if found else None

    app.state.pages.env.globals.update(citation=cite, claim_citation=cite_iri, shown=shown)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(services: ServicesDep, pages: PagesDep) -> HTMLResponse:
    """Every source: title, publisher, date, web address, standing, claims by modality."""
    index = services.index
    found = [(info, modality_counts(lookups.source(index, info.id).claims))
             for info in lookups.sources(index)]  # fmt: skip
    return pages.render("sources.html", sources=found, comparable=len(found) == 2)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    services: ServicesDep,
    pages: PagesDep,
    start: Annotated[str, Query(alias="from")] = "",
    end: Annotated[str, Query(alias="to")] = "",
    modality: str = "",
) -> HTMLResponse:
    """The dated claims and statements on a time axis, by year, each with its evidence."""
    form = {"start": start, "end": end, "wanted": modality,
            "modalities": (*lookups.MODALITIES, STATEMENTS)}  # fmt: skip
    try:
        chosen = only_modality(modality, extra=(STATEMENTS,))
        dated_window(start, end)
    except InvalidParameter as err:
        return pages.render("timeline.html", status=400, error=reason(err), field=err.parameter,
                            years=[], axis=[], total=0, claims={}, **form)  # fmt: skip
    index = services.index
    entries = lookups.timeline(index, date_from=start or None, date_to=end or None).entries
    entries = [e for e in entries if chosen is None or _modality(e) == chosen]
    claims = {c.iri: c for c in index.claims(e.iri for e in entries if e.kind == "claim")}
    years = [(year, list(group)) for year, group in groupby(entries, key=_year)]
    return pages.render("timeline.html", error=None, field=None, years=years, axis=axis(years),
                        total=len(entries), claims=claims, **form)  # fmt: skip


def dated_window(start: str, end: str) -> Window:
    """The window of a timeline filter, with messages a reader understands."""
    bounds = []
    for text, field, is_end in ((start, "from", False), (end, "to", True)):
        try:
            bounds.append(parse_bound(text, parameter=field, end=is_end))
        except InvalidParameter:
            raise InvalidParameter(
                field,
                f"“{text[:ECHO]}” is not a date the timeline can read: write a year (2009), "
                "a month (2009-06) or a day (2009-06-28).",
            ) from None
    first, last = bounds
    if first and last and first > last:
        message = f"The range starts ({start[:ECHO]}) after it ends ({end[:ECHO]})"
        raise InvalidParameter("from", f"{message}: swap the two dates.")
    return first, last


#: The time axis drawn over the timeline, in the units of its SVG viewBox.
AXIS_LEFT, AXIS_WIDTH = 30, 940


def axis(years: list[tuple[str, list[TimelineEntry]]]) -> list[dict]:
    """Where each year (or period) of the timeline sits on a drawn axis, to scale.

    Each mark has its label, count, ``x`` and ``end`` (apart for a period) in
    viewBox units; labels alternate above and below so that near years stay legible.
    """
    spans = [_years(entries[0]) for _, entries in years]
    if not spans:
        return []
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    scale = AXIS_WIDTH / max(last - first, 1)

    def at(year: int) -> float:
        return round(AXIS_LEFT + (year - first) * scale, 1)

    marks = zip(years, spans, strict=True)
    return [
        {"label": label, "count": len(entries), "x": at(a), "end": at(b), "above": i % 2 == 0}
        for i, ((label, entries), (a, b)) in enumerate(marks)
    ]


def _years(entry: TimelineEntry) -> tuple[int, int]:
    """The first and last year an entry covers (an open "since": its first)."""
    start = entry.date.start or ""
    return int(start[:4]), int((entry.date.end or start)[:4])


def _modality(entry: TimelineEntry) -> str:
    return entry.modality or STATEMENTS  # a statement has no modality: it was said


def _year(entry: TimelineEntry) -> str:
    """The heading an entry goes under: its year, or its whole period (the 1980s)."""
    return shown(entry.date) if entry.date.kind == "period" else (entry.date.start or "")[:4]


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    services: ServicesDep,
    pages: PagesDep,
    first: str = "",
    second: str = "",
) -> HTMLResponse:
    """Two sources side by side: what both say, what only one says, the recorded conflicts."""
    index = services.index
    try:
        found = compare(index, first or None, second or None)
    except (InvalidParameter, NotFound) as err:
        message = reason(err) if isinstance(err, InvalidParameter) else _unknown(index, err)
        return pages.render("compare.html", status=400, error=message, c=None,
                            sources=lookups.sources(index))  # fmt: skip
    return pages.render("compare.html", error=None, c=found, sources=lookups.sources(index))


def _unknown(index: ReadModel, err: NotFound) -> str:
    names = ", ".join(f"{info.id} ({info.label})" for info in lookups.sources(index))
    return f"There is no such source. The sources are: {names}."
