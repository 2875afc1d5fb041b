"""What the lookups answer: frozen dataclasses, plain data ready for JSON.

A *claim* is the unit of evidence: one relation as one source puts it, with
its modality, standing, date, sources and verbatim quotes. A *relation* is a
claim seen from one of its two ends (``direction`` ``out`` from the subject,
``in`` from the object), so that it reads from there: "hosts" one way,
"hosted by" the other. Ids are the last segment of the IRI (``soto-cano``
for ``{base}id/soto-cano``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from honduras_kg.model.time import When

__all__ = [
    "Claim",
    "ClaimConflict",
    "Edge",
    "Entity",
    "EntityRef",
    "Hop",
    "Neighbour",
    "Neighbourhood",
    "Path",
    "Paths",
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

Direction = Literal["out", "in"]


@dataclass(frozen=True)
class EntityRef:
    """An entity, briefly: enough to name it and link to it."""

    id: str
    iri: str
    label: str
    type: str


@dataclass(frozen=True)
class SourceRef:
    """A source text, briefly."""

    id: str
    iri: str
    label: str


@dataclass(frozen=True)
class Quantity:
    """A figure a claim states."""

    value: str
    unit: str | None
    measures: str | None
    comparator: str | None
    reference_year: str | None
    label: str | None


@dataclass(frozen=True)
class ClaimConflict:
    """A recorded disagreement between this claim and others."""

    id: str
    comment: str | None
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Claim:
    """One fact as one source puts it, with its evidence.

    ``object`` is the entity the relation points to, or ``None`` when the
    claim's object is a literal, given in ``value``. ``qualifiers`` holds the
    claim's remaining details by their label (role status, reason, ...).
    """

    id: str
    iri: str
    label: str
    subject: EntityRef
    predicate: str
    predicate_label: str
    object: EntityRef | None
    value: str | None
    modality: str | None
    standing: str | None
    attributed_to: EntityRef | None
    attribution_note: str | None
    negated: bool
    date: When | None
    sources: tuple[SourceRef, ...]
    quotes: tuple[str, ...]
    about: tuple[EntityRef, ...] = ()
    condition: EntityRef | None = None
    condition_text: str | None = None
    stated_in: str | None = None
    quantity: Quantity | None = None
    conflicts: tuple[ClaimConflict, ...] = ()
    qualifiers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Relation:
    """A claim read from one of its ends: ``label`` as it reads from there, ``other`` end."""

    direction: Direction
    predicate: str
    label: str
    other: EntityRef | None
    value: str | None
    claim: Claim


@dataclass(frozen=True)
class RelationGroup:
    """The relations of an entity with one predicate in one direction."""

    predicate: str
    label: str
    direction: Direction
    count: int
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class Property:
    """A property of an entity beyond its names (for a position: its jurisdiction).

    ``values`` as text (an entity by its label); ``entities`` the values that are entities.
    """

    predicate: str
    label: str
    values: tuple[str, ...]
    entities: tuple[EntityRef, ...] = ()


@dataclass(frozen=True)
class Entity:
    """Everything known of one entity, its relations grouped by predicate and direction."""

    id: str
    iri: str
    type: str
    types: tuple[str, ...]
    label: str
    aliases: tuple[str, ...]
    description: str | None
    wikidata: str | None
    same_as: tuple[str, ...]
    mentioned_in: tuple[SourceRef, ...]
    properties: tuple[Property, ...]
    centrality: dict[str, float]
    relations: tuple[RelationGroup, ...]
    statements_by: int
    statements_about: int


@dataclass(frozen=True)
class Relations:
    """The relations of one entity that pass the filters."""

    entity: EntityRef
    total: int
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class SearchHit:
    """One entity a search found, with how its name matched."""

    id: str
    iri: str
    label: str
    type: str
    description: str | None
    match: str
    matched: str


@dataclass(frozen=True)
class SearchPage:
    """One page of a search: ``total`` hits in all, ``results`` from ``offset``."""

    query: str
    type: str | None
    total: int
    limit: int
    offset: int
    results: tuple[SearchHit, ...]


@dataclass(frozen=True)
class Statement:
    """Something a person said, as a source reports it."""

    id: str
    iri: str
    label: str
    speaker: EntityRef | None
    date: When | None
    venue: str | None
    words: str | None
    paraphrase: str | None
    about: tuple[EntityRef, ...]
    addressed_to: tuple[EntityRef, ...]
    occasion: EntityRef | None
    sources: tuple[SourceRef, ...]
    quotes: tuple[str, ...]
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Statements:
    """The statements that pass the filters, in date order (undated last)."""

    total: int
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Neighbour:
    """A node of a neighbourhood and its distance (in hops) from the centre."""

    id: str
    iri: str
    label: str
    type: str
    distance: int


@dataclass(frozen=True)
class Edge:
    """A claim linking two nodes of a neighbourhood (``subject`` and ``object`` are ids)."""

    claim: str
    subject: str
    object: str
    predicate: str
    label: str
    modality: str | None
    standing: str | None
    negated: bool


@dataclass(frozen=True)
class Neighbourhood:
    """The entities within ``depth`` hops of ``center`` and the claims among them.

    At most ``max_nodes`` nodes, nearest first; ``truncated`` says whether the
    cap cut any of the ``reachable`` ones.
    """

    center: EntityRef
    depth: int
    max_nodes: int
    reachable: int
    truncated: bool
    nodes: tuple[Neighbour, ...]
    edges: tuple[Edge, ...]


@dataclass(frozen=True)
class Hop:
    """One step of a path: every claim that links ``start`` and ``end``, best evidence first.

    Each relation reads from ``start``: ``direction`` ``out`` when ``start``
    is the claim's subject.
    """

    start: EntityRef
    end: EntityRef
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class Path:
    """A chain of claims from one entity to another."""

    length: int
    nodes: tuple[EntityRef, ...]
    hops: tuple[Hop, ...]


@dataclass(frozen=True)
class Paths:
    """How two entities are connected; ``reason`` says why ``paths`` is empty."""

    start: EntityRef
    end: EntityRef
    k: int
    date_from: str | None
    date_to: str | None
    exclude_unattributed: bool
    paths: tuple[Path, ...]
    reason: str | None


@dataclass(frozen=True)
class TimelineEntry:
    """A dated claim or statement."""

    kind: Literal["claim", "statement"]
    id: str
    iri: str
    label: str
    date: When
    modality: str | None
    entities: tuple[EntityRef, ...]
    sources: tuple[SourceRef, ...]
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    """Dated claims and statements in date order."""

    entity: EntityRef | None
    date_from: str | None
    date_to: str | None
    total: int
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class SourceInfo:
    """A source text: what is known of it, and how much of the graph rests on it."""

    id: str
    iri: str
    label: str
    description: str | None
    publisher: EntityRef | None
    date: When | None
    date_description: str | None
    standing: str | None
    file: str | None
    claims: int
    statements: int


@dataclass(frozen=True)
class SourceDetail:
    """A source and every claim and statement derived from it."""

    source: SourceInfo
    claims: tuple[Claim, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class RankedEntity:
    """An entity and its value for one centrality metric."""

    id: str
    iri: str
    label: str
    type: str
    value: float


@dataclass(frozen=True)
class Stats:
    """Counts by type, modality, standing and source, and centrality rankings."""

    triples: int
    entities: int
    entities_by_type: dict[str, int]
    claims: int
    claims_by_modality: dict[str, int]
    claims_by_standing: dict[str, int]
    claims_by_source: dict[str, int]
    statements: int
    sources: int
    centrality: dict[str, tuple[RankedEntity, ...]]
