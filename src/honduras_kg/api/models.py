"""Response models of the REST lookups: the JSON contract, documented in the OpenAPI schema.

They mirror the dataclasses of :mod:`honduras_kg.lookups.results` field for
field (``from_attributes``), so a handler returns what the lookup gives and
FastAPI checks it against the model on the way out. The examples
(:mod:`honduras_kg.api.examples`) are real answers from the curated graph, abridged.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from honduras_kg.api import examples as ex

__all__ = [
    "Claim",
    "ClaimConflict",
    "Edge",
    "Entity",
    "EntityRef",
    "GraphEdge",
    "GraphNode",
    "GraphPath",
    "GraphView",
    "Hop",
    "LegendItem",
    "Neighbour",
    "Neighbourhood",
    "Path",
    "Paths",
    "Problem",
    "Property",
    "Quantity",
    "RankedEntity",
    "Relation",
    "RelationGroup",
    "Relations",
    "SearchHit",
    "SearchPage",
    "SourceDetail",
    "SourceInfo",
    "SourceRef",
    "Statement",
    "Statements",
    "Stats",
    "Timeline",
    "TimelineEntry",
    "When",
]


class _Model(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def _examples(*examples: dict) -> ConfigDict:
    return ConfigDict(from_attributes=True, json_schema_extra={"examples": list(examples)})


class Problem(BaseModel):
    """An error, as ``application/problem+json`` (RFC 9457)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Not found",
                    "status": 404,
                    "detail": "id: no entity 'soto-canoe'; did you mean soto-cano?",
                }
            ]
        }
    )

    type: str = Field(description="Always `about:blank`: the title says what went wrong.")
    title: str
    status: int
    detail: str = Field(description="What went wrong, naming the parameter at fault.")


class EntityRef(_Model):
    """An entity, briefly: enough to name it and link to it."""

    model_config = _examples(ex.SOTO)

    id: str = Field(description="The IRI's last segment, as used in the URLs of this API.")
    iri: str
    label: str
    type: str = Field(description="Short type: person, state, organisation, group, base, ...")


class SourceRef(_Model):
    """A source text, briefly."""

    id: str
    iri: str
    label: str


class When(_Model):
    """A date as precise as the source allows."""

    model_config = _examples(ex.DAY)

    value: str | None = Field(
        description="ISO text as in the graph (`2025-01-01`, `2025-01`, `2022`) or a period "
        "`1980/1989`; null when the source gives only words."
    )
    precision: Literal["day", "month", "year", "period", "unknown"]
    kind: str = Field(description="`date`, `since` (open-ended), `as of`, `period` or `text`.")
    start: str | None = Field(description="First day covered (YYYY-MM-DD).")
    end: str | None = Field(description="Last day covered; null for an open 'since'.")
    text: str | None = Field(None, description="The date as the source words it.")


class Quantity(_Model):
    """A figure a claim states."""

    value: str
    unit: str | None
    measures: str | None
    comparator: str | None
    reference_year: str | None
    label: str | None


class ClaimConflict(_Model):
    """A recorded disagreement between this claim and others (from other sources)."""

    id: str
    comment: str | None
    claims: list[str]


class Claim(_Model):
    """One fact as one source puts it, with its evidence (sources and verbatim quotes)."""

    model_config = _examples(ex.CLAIM)

    id: str
    iri: str
    label: str = Field(description="A one-line summary of the claim.")
    subject: EntityRef
    predicate: str
    predicate_label: str = Field(description="How the predicate reads from subject to object.")
    object: EntityRef | None = Field(description="The entity related to, if the object is one.")
    value: str | None = Field(description="The literal object, if the object is not an entity.")
    modality: str | None = Field(
        description="happened, stated, threatened, pledged, predicted, reported or denied."
    )
    standing: str | None = Field(description="attributed or unattributed.")
    attributed_to: EntityRef | None = Field(description="Who the source says stands behind it.")
    attribution_note: str | None
    negated: bool = Field(description="True when the claim says the relation does NOT hold.")
    date: When | None
    sources: list[SourceRef]
    quotes: list[str] = Field(description="Verbatim passages of the source that support it.")
    about: list[EntityRef] = []
    condition: EntityRef | None = None
    condition_text: str | None = None
    stated_in: str | None = Field(None, description="Id of the statement it comes from.")
    quantity: Quantity | None = None
    conflicts: list[ClaimConflict] = []
    qualifiers: dict[str, str] = Field({}, description="Other details, by their label.")


class Relation(_Model):
    """A claim read from one of its ends."""

    model_config = _examples(ex.RELATION)

    direction: Literal["out", "in"] = Field(
        description="`out` when the entity is the claim's subject, `in` when it is the object."
    )
    predicate: str
    label: str = Field(description="The predicate as it reads from the entity ('hosted by').")
    other: EntityRef | None = Field(description="The other end (null for a literal value).")
    value: str | None
    claim: Claim


class RelationGroup(_Model):
    """The relations of an entity with one predicate in one direction."""

    predicate: str
    label: str
    direction: Literal["out", "in"]
    count: int
    relations: list[Relation]


class Property(_Model):
    """A property of an entity beyond its names."""

    predicate: str
    label: str
    values: list[str]
    entities: list[EntityRef] = []


class Entity(_Model):
    """Everything known of one entity."""

    model_config = _examples(ex.ENTITY)

    id: str
    iri: str
    type: str
    types: list[str] = Field(description="Every rdf:type, as IRIs.")
    label: str
    aliases: list[str]
    description: str | None
    wikidata: str | None = Field(description="The Wikidata entity (owl:sameAs), where verified.")
    same_as: list[str]
    mentioned_in: list[SourceRef]
    properties: list[Property]
    centrality: dict[str, float] = Field(description="degree, betweenness and pagerank.")
    relations: list[RelationGroup] = Field(
        description="Grouped by direction and predicate; each group reads from this entity."
    )
    statements_by: int = Field(description="How many statements this entity made.")
    statements_about: int = Field(description="How many statements are about this entity.")


class Relations(_Model):
    """The relations of one entity that pass the filters."""

    model_config = _examples(ex.RELATIONS)

    entity: EntityRef
    total: int
    relations: list[Relation]


class SearchHit(_Model):
    """One entity a search found."""

    id: str
    iri: str
    label: str
    type: str
    description: str | None
    match: str = Field(
        description="How a name matched: exact label, exact alias, prefix, word prefix, partial."
    )
    matched: str = Field(description="The label or alias that matched.")


class SearchPage(_Model):
    """One page of search hits, best first."""

    model_config = _examples(ex.SEARCH_PAGE)

    query: str
    type: str | None
    total: int = Field(description="Hits in all, over every page.")
    limit: int
    offset: int
    results: list[SearchHit]


class Statement(_Model):
    """Something a person said, as a source reports it."""

    id: str
    iri: str
    label: str
    speaker: EntityRef | None
    date: When | None
    venue: str | None
    words: str | None = Field(description="The speaker's words, as the source quotes them.")
    paraphrase: str | None = Field(description="The source's paraphrase, where it quotes none.")
    about: list[EntityRef]
    addressed_to: list[EntityRef]
    occasion: EntityRef | None
    sources: list[SourceRef]
    quotes: list[str]
    claims: list[str] = Field(description="Ids of the claims drawn from this statement.")


class Statements(_Model):
    """Statements in date order (undated last)."""

    model_config = _examples(ex.STATEMENTS)

    total: int
    statements: list[Statement]


class Neighbour(_Model):
    """A node of a neighbourhood."""

    id: str
    iri: str
    label: str
    type: str
    distance: int = Field(description="Hops from the centre.")


class Edge(_Model):
    """A claim between two nodes of a neighbourhood (ends by id)."""

    claim: str
    subject: str
    object: str
    predicate: str
    label: str
    modality: str | None
    standing: str | None
    negated: bool


class Neighbourhood(_Model):
    """The entities within `depth` hops, and the claims among them."""

    model_config = _examples(ex.NEIGHBOURHOOD)

    center: EntityRef
    depth: int
    max_nodes: int = Field(description="The node cap that applied.")
    reachable: int = Field(description="Entities within `depth` hops, before the cap.")
    truncated: bool = Field(description="Whether the cap left some out.")
    nodes: list[Neighbour]
    edges: list[Edge]


class Hop(_Model):
    """One step of a path: every claim linking its two ends, best evidence first."""

    start: EntityRef
    end: EntityRef
    relations: list[Relation] = Field(description="Each reads from `start`.")


class Path(_Model):
    """A chain of claims."""

    length: int
    nodes: list[EntityRef]
    hops: list[Hop]


class Paths(_Model):
    """How two entities are connected; `reason` says why when they are not."""

    model_config = _examples(ex.PATHS)

    start: EntityRef
    end: EntityRef
    k: int
    date_from: str | None
    date_to: str | None
    exclude_unattributed: bool
    paths: list[Path]
    reason: str | None = Field(description="Why `paths` is empty (null when it is not).")


class GraphNode(BaseModel):
    """A node as vis-network draws it (pyvis builds it); more vis-network keys may come."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(description="The node's IRI.")
    label: str
    type: str = Field(description="person, state, organisation, place, base, event, ...")
    entity: str = Field(description="The entity id (the IRI's last segment).")
    description: str | None
    sources: list[str] = Field(description="IRIs of the sources that mention it.")
    shape: str
    color: str
    size: float = Field(description="Scaled from the centrality named by `size_by`.")
    highlighted: bool = Field(description="The focus, or a node on the path.")
    facts: list[Claim] = Field(description="Claims about it whose object is a value, not a node.")
    x: float | None = Field(None, description="Precomputed position (large graphs only).")
    y: float | None = None


class GraphEdge(BaseModel):
    """An edge: one claim (or a statement's or source's link), with its evidence."""

    model_config = ConfigDict(extra="allow")

    id: str
    from_: str = Field(alias="from", description="The subject's IRI.")
    to: str = Field(description="The object's IRI.")
    label: str = Field(description="The relation's label.")
    kind: str = Field(description="`claim`, or the kind of a statement's or source's link.")
    modality: str | None = Field(description="happened, threatened, stated, denied, ...")
    unattributed: bool
    attributed_to: str | None = Field(description="IRI of whoever makes the claim.")
    attributed_to_label: str | None = Field(None, description="Their name.")
    negated: bool
    claim: str | None = Field(description="The claim's (or statement's) IRI.")
    source_iri: str | None
    source_label: str | None
    quotes: list[str] = Field(description="Verbatim from the source.")
    date: str | None
    color: str
    dashes: bool | list[int] = Field(description="vis-network's dash pattern for the modality.")


class LegendItem(BaseModel):
    """What one colour, shape or line style means."""

    kind: Literal["node", "edge"]
    label: str
    color: str
    shape: str | None = None
    dashes: bool | list[int] | None = None


class GraphPath(BaseModel):
    """The highlighted path, hop by hop with the evidence; `reason` when there is none."""

    nodes: list[str] = Field(description="IRIs along the path.")
    hops: list[Hop]
    reason: str | None


class GraphView(BaseModel):
    """One view of the network, ready for vis-network."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.GRAPH_VIEW]})

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    options: dict = Field(description="vis-network options (physics, layout, interaction).")
    legend: list[LegendItem]
    path: GraphPath | None = Field(description="Present when `from` and `to` are given.")


class TimelineEntry(_Model):
    """A dated claim or statement."""

    kind: Literal["claim", "statement"]
    id: str
    iri: str
    label: str
    date: When
    modality: str | None
    entities: list[EntityRef] = Field(description="Subject and object, or speaker and topics.")
    sources: list[SourceRef]
    quotes: list[str]


class Timeline(_Model):
    """Dated claims and statements in date order."""

    model_config = _examples(ex.TIMELINE)

    entity: EntityRef | None
    date_from: str | None
    date_to: str | None
    total: int
    entries: list[TimelineEntry]


class SourceInfo(_Model):
    """A source text and how much of the graph rests on it."""

    model_config = _examples(ex.SOURCE_INFO)

    id: str
    iri: str
    label: str
    description: str | None
    publisher: EntityRef | None
    date: When | None
    date_description: str | None
    standing: str | None = Field(description="What is known of who stands behind the source.")
    file: str | None = Field(description="The file of the text that quotes are checked against.")
    claims: int
    statements: int


class SourceDetail(_Model):
    """A source and every claim and statement derived from it."""

    model_config = _examples(ex.SOURCE_DETAIL)

    source: SourceInfo
    claims: list[Claim]
    statements: list[Statement]


class RankedEntity(_Model):
    """An entity and its value for one metric."""

    id: str
    iri: str
    label: str
    type: str
    value: float


class Stats(_Model):
    """Counts, and centrality rankings computed once per graph load."""

    model_config = _examples(ex.STATS)

    triples: int
    entities: int
    entities_by_type: dict[str, int]
    claims: int
    claims_by_modality: dict[str, int]
    claims_by_standing: dict[str, int]
    claims_by_source: dict[str, int]
    statements: int
    sources: int
    centrality: dict[str, list[RankedEntity]] = Field(
        description=(
            "The top actors (people, states, organisations, groups) by degree, betweenness"
            " and pagerank (zero scores left out)."
        )
    )
