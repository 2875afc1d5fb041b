"""The REST lookups, ``/api/...``: the graph's plain questions answered in JSON.

Each handler parses its parameters, calls one function of
:mod:`honduras_kg.lookups` on the app's :class:`~honduras_kg.lookups.ReadModel`
and returns the dataclass it gives, whose type (from
:mod:`honduras_kg.lookups.results`) is the operation's response model. Every
answer carries an ``ETag`` (the graph's content hash) and ``Cache-Control``;
``If-None-Match`` gets a ``304``.
Unknown ids are ``404`` and bad parameters ``422``, as
``application/problem+json`` naming the parameter. The handlers are plain
functions, which FastAPI runs in its thread pool: a lookup asks the store,
and must not hold up the event loop while it does.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import WithJsonSchema

from honduras_kg import lookups
from honduras_kg.export import EXPORT_KINDS, FORMATS, choose_format
from honduras_kg.formats import of_kind
from honduras_kg.lookups import results
from honduras_kg.web.caching import FreshIndex, check_fresh, validators
from honduras_kg.web.deps import ServicesDep, single_valued
from honduras_kg.web.openapi import problems

__all__ = ["DATE_PATTERN", "DATE_SCHEMA", "MAX_LIMIT", "router"]

router = APIRouter(prefix="/api", tags=["Lookups"], dependencies=[Depends(single_valued)])

#: The largest page a search gives.
MAX_LIMIT = 100
#: The longest page of the timeline.
MAX_TIMELINE = 1000

EntityType = StrEnum("EntityType", {t: t for t in lookups.ENTITY_TYPES})  # type: ignore[misc]
Modality = StrEnum("Modality", {m: m for m in lookups.MODALITIES})  # type: ignore[misc]
ExportName = StrEnum(  # type: ignore[misc]
    "ExportName", {n: n for fmt in of_kind(*EXPORT_KINDS) for n in (fmt.name, *fmt.aliases)}
)

#: A date as precise as the source allows: YYYY, YYYY-MM or YYYY-MM-DD.
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
#: The same, as the schema documents it: only real days and months (2025-02-30 is a 422).
DATE_SCHEMA = WithJsonSchema(
    {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
            {"type": "string", "pattern": r"^\d{4}$"},
        ]
    }
)
EntityId = Annotated[
    str, Path(description="An entity id: the IRI's last segment.", examples=["soto-cano"])
]
DateFrom = Annotated[
    str | None,
    DATE_SCHEMA,
    Query(
        pattern=DATE_PATTERN,
        description="Keep what overlaps from here (YYYY, YYYY-MM or YYYY-MM-DD);"
        " not after `date_to`.",
    ),
]
DateTo = Annotated[
    str | None,
    DATE_SCHEMA,
    Query(
        pattern=DATE_PATTERN,
        description="Keep what overlaps up to here (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]
SourceId = Annotated[
    str | None, Query(description="A source id.", examples=["al-jazeera-explainer"])
]


def _responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    # Every operation here can answer 422: a parameter given twice (deps.single_valued).
    return {
        304: {"description": "Not modified: the graph has not changed since that ETag."},
        **problems(*sorted({*statuses, 422}), s404="Unknown id, named in `detail`."),
    }


@router.get(
    "/search",
    response_model=results.SearchPage,
    summary="Search entities by name",
    responses=_responses(422),
)
def search_entities(
    index: FreshIndex,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="Words of a name or alias: at least one letter or digit.",
            examples=["hernandez"],
            # Documented, checked by lookups.search (whose message says what is missing).
            json_schema_extra={"pattern": r"[^\W_]"},
        ),
    ],
    type: Annotated[EntityType | None, Query(description="Keep one type of entity.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hits per page.")] = 20,
    offset: Annotated[int, Query(ge=0, description="Hits to skip.")] = 0,
) -> Any:
    """Entities whose label or an alias matches `q`, ignoring case and accents
    ("hernandez" finds "Hernández"). Ranked: the exact label, an exact alias, a
    name starting with `q`, names whose words start with the words of `q`, then
    names containing it; better-connected entities first within a rank."""
    return lookups.search(index, q, type=type, limit=limit, offset=offset)


@router.get(
    "/entities/{id}",
    response_model=results.Entity,
    summary="An entity, with its relations grouped by predicate",
    responses=_responses(404),
)
def get_entity(index: FreshIndex, id: EntityId) -> Any:
    """Id, IRI, types, label, aliases, description, Wikidata link (where verified),
    other properties, centrality, and every relation in both directions grouped
    by predicate, each with its claim: modality, standing, date, sources, quotes."""
    return lookups.entity(index, id)


@router.get(
    "/entities/{id}/relations",
    response_model=results.Relations,
    summary="The relations of an entity, with their evidence",
    responses=_responses(404, 422),
)
def get_relations(
    index: FreshIndex,
    id: EntityId,
    predicate: Annotated[
        str | None, Query(description="`hosts`, `hko:hosts` or the predicate IRI.")
    ] = None,
    direction: Annotated[
        Literal["both", "out", "in"], Query(description="From the entity, to it, or both.")
    ] = "both",
    modality: Annotated[Modality | None, Query(description="Keep one modality.")] = None,
    source: SourceId = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Any:
    """Each relation with the other end, the predicate as it reads from the entity,
    and its claim: modality, standing, attribution, date (with its precision),
    negation, sources and verbatim quotes. A date window keeps dated claims that
    overlap it."""
    return lookups.relations(
        index,
        id,
        predicate=predicate,
        direction=direction,
        modality=modality,
        source=source,
        date_from=date_from,
        date_to=date_to,
    )


@router.get(
    "/entities/{id}/neighbourhood",
    response_model=results.Neighbourhood,
    summary="The subgraph around an entity, as nodes and edges",
    responses=_responses(404, 422),
)
def get_neighbourhood(
    index: FreshIndex,
    id: EntityId,
    depth: Annotated[int, Query(ge=1, le=lookups.MAX_DEPTH, description="Hops.")] = 1,
    max_nodes: Annotated[
        int, Query(ge=1, le=lookups.MAX_NODES, description="Node cap (nearest kept).")
    ] = 50,
) -> Any:
    """The entities within `depth` hops (claims in either direction) and the
    claims among them. At most `max_nodes` nodes, nearest first; `truncated`
    and `reachable` say what the cap left out."""
    return lookups.neighbourhood(index, id, depth=depth, max_nodes=max_nodes)


@router.get(
    "/paths",
    response_model=results.Paths,
    summary="How two entities are connected, and who says so",
    responses=_responses(404, 422),
)
def find_paths(
    index: FreshIndex,
    start: Annotated[
        str, Query(alias="from", description="Entity id.", examples=["juan-orlando-hernandez"])
    ],
    end: Annotated[str, Query(alias="to", description="Entity id.", examples=["soto-cano"])],
    k: Annotated[int, Query(ge=1, le=lookups.MAX_K, description="Paths wanted.")] = 3,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    exclude_unattributed: Annotated[bool, Query(description="Use attributed claims only.")] = False,
) -> Any:
    """The shortest chains of claims between two entities (either direction),
    and up to `k` alternatives. Each hop lists every claim linking its ends,
    best evidence first, with predicate, direction, modality, attribution,
    sources and quotes. Unconnected entities get an empty list and a `reason`."""
    return lookups.paths(
        index,
        start,
        end,
        k=k,
        date_from=date_from,
        date_to=date_to,
        exclude_unattributed=exclude_unattributed,
    )


@router.get(
    "/timeline",
    response_model=results.Timeline,
    summary="Dated claims and statements, in order",
    responses=_responses(404, 422),
)
def get_timeline(
    index: FreshIndex,
    entity: Annotated[str | None, Query(description="Keep what involves this entity.")] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_TIMELINE, description="Entries per page.")
    ] = MAX_LIMIT,
    offset: Annotated[int, Query(ge=0, description="Entries to skip.")] = 0,
) -> Any:
    """Everything the graph dates (a day, a month, a year, a period such as the
    1980s, or a start), in order, with each date's precision kept; one page of
    it (``total`` counts them all)."""
    return lookups.timeline(
        index, entity=entity, date_from=date_from, date_to=date_to, limit=limit, offset=offset
    )


@router.get(
    "/statements",
    response_model=results.Statements,
    summary="What people said",
    responses=_responses(404),
)
def get_statements(
    index: FreshIndex,
    speaker: Annotated[str | None, Query(description="Entity id of the speaker.")] = None,
    about: Annotated[str | None, Query(description="Entity id of what it is about.")] = None,
    source: SourceId = None,
) -> Any:
    """Statements with speaker, date, venue, words (or the source's paraphrase),
    what they are about, the source's quotes and the claims drawn from them."""
    return lookups.statements(index, speaker=speaker, about=about, source=source)


@router.get(
    "/sources",
    response_model=list[results.SourceInfo],
    summary="The source texts",
    responses=_responses(),
)
def list_sources(index: FreshIndex) -> Any:
    """Every source: publisher, date, standing, and how many claims and statements
    rest on it."""
    return lookups.sources(index)


@router.get(
    "/sources/{id}",
    response_model=results.SourceDetail,
    summary="A source and every claim it supports",
    responses=_responses(404),
)
def get_source(
    index: FreshIndex,
    id: Annotated[str, Path(description="A source id.", examples=["al-jazeera-explainer"])],
) -> Any:
    """One source with every claim and statement derived from it."""
    return lookups.source(index, id)


@router.get(
    "/stats",
    response_model=results.Stats,
    summary="Counts and centrality rankings",
    responses=_responses(422),
)
def get_stats(
    index: FreshIndex,
    top: Annotated[int, Query(ge=1, le=lookups.MAX_TOP, description="Ranking length.")] = 10,
) -> Any:
    """Counts by type, modality, standing and source; the top actors by degree,
    betweenness and PageRank on the claim network (computed once per load).
    The same function answers ``honduras-kg stats``."""
    return lookups.stats(index, top=top)


@router.get(
    "/export",
    summary="The graph, or a neighbourhood, as RDF, GraphML, GEXF or CSV",
    response_class=Response,
    responses={
        200: {
            "description": "The export, in the format asked for.",
            "content": {info.media_type: {} for info in FORMATS.values()},
        },
        **_responses(404, 406, 422),
    },
)
def export_graph(
    request: Request,
    services: ServicesDep,
    format: Annotated[
        ExportName | None, Query(description="Wins over Accept; default Turtle.")
    ] = None,
    entity: Annotated[str | None, Query(description="Export this entity's neighbourhood.")] = None,
    depth: Annotated[int, Query(ge=1, le=lookups.MAX_DEPTH)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=lookups.MAX_NODES)] = 50,
) -> Response:
    """Turtle, TriG, N-Triples, JSON-LD (every triple) or GraphML, GEXF, CSV (the
    claim network), chosen by `format` or `Accept`. With `entity`, only its
    neighbourhood: its entities, the claims among them and what they cite."""
    index = services.index
    fmt = choose_format(accept=request.headers.get("accept"), format=format)
    name = index.require_entity(entity, parameter="entity").ref.id if entity else "honduras-kg"
    headers = validators(index, fmt.value) | {
        "Vary": "Accept",
        "Content-Disposition": f'attachment; filename="{name}.{FORMATS[fmt].extension}"',
    }
    check_fresh(request, headers)
    body = lookups.export(index, fmt, entity=entity, depth=depth, max_nodes=max_nodes)
    return Response(body, media_type=FORMATS[fmt].media_type, headers=headers)
