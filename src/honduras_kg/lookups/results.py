"""What the lookups answer: frozen dataclasses, plain data ready for JSON.

A *claim* is the unit of evidence: one relation as one source puts it, with
its modality, standing, date, sources and verbatim quotes. A *relation* is a
claim seen from one of its two ends (``direction`` ``out`` from the subject,
``in`` from the object), so that it reads from there: "hosts" one way,
"hosted by" the other. Ids are the last segment of the IRI (``soto-cano``
for ``{base}id/soto-cano``).

They are also the JSON contract of the REST API: FastAPI builds the OpenAPI
schema from them, each class's docstring describing it and the docstring
under a field describing that field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from honduras_kg.model.schemas import response_types
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
    "QuoteHit",
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
    """The IRI's last segment, as used in the URLs of this API."""
    iri: str
    label: str
    type: str
    """Short type: person, state, organisation, group, base, ..."""


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
    """A recorded disagreement between this claim and others (from other sources)."""

    id: str
    comment: str | None
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Claim:
    """One fact as one source puts it, with its evidence (sources and verbatim quotes).

    ``object`` is the entity the relation points to, or ``None`` when the
    claim's object is a literal, given in ``value``. ``qualifiers`` holds the
    claim's remaining details by their label (role status, reason, ...).
    """

    id: str
    iri: str
    label: str
    """A one-line summary of the claim."""
    subject: EntityRef
    predicate: str
    predicate_label: str
    """How the predicate reads from subject to object."""
    object: EntityRef | None
    """The entity related to, if the object is one."""
    value: str | None
    """The literal object, if the object is not an entity."""
    modality: str | None
    """happened, stated, threatened, pledged, predicted, reported or denied."""
    standing: str | None
    """attributed or unattributed."""
    attributed_to: EntityRef | None
    """Who the source says stands behind it."""
    attribution_note: str | None
    negated: bool
    """True when the claim says the relation does NOT hold."""
    date: When | None
    sources: tuple[SourceRef, ...]
    quotes: tuple[str, ...]
    """Verbatim passages of the source that support it."""
    about: tuple[EntityRef, ...] = ()
    condition: EntityRef | None = None
    condition_text: str | None = None
    stated_in: str | None = None
    """Id of the statement it comes from."""
    quantity: Quantity | None = None
    conflicts: tuple[ClaimConflict, ...] = ()
    qualifiers: dict[str, str] = field(default_factory=dict)
    """Other details, by their label."""


@dataclass(frozen=True)
class Relation:
    """A claim read from one of its ends: ``label`` as it reads from there, ``other`` end."""

    direction: Direction
    """`out` when the entity is the claim's subject, `in` when it is the object."""
    predicate: str
    label: str
    """The predicate as it reads from the entity ('hosted by')."""
    other: EntityRef | None
    """The other end (null for a literal value)."""
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
    """Every rdf:type, as IRIs."""
    label: str
    aliases: tuple[str, ...]
    description: str | None
    wikidata: str | None
    """The Wikidata entity (owl:sameAs), where verified."""
    same_as: tuple[str, ...]
    mentioned_in: tuple[SourceRef, ...]
    properties: tuple[Property, ...]
    centrality: dict[str, float]
    """degree, betweenness and pagerank."""
    relations: tuple[RelationGroup, ...]
    """Grouped by direction and predicate; each group reads from this entity."""
    statements_by: int
    """How many statements this entity made."""
    statements_about: int
    """How many statements are about this entity."""


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
    """How a name matched: exact label, exact alias, prefix, word prefix, partial;
    ``similar`` for a suggestion (a near miss)."""
    matched: str
    """The label or alias that matched."""


@dataclass(frozen=True)
class QuoteHit:
    """A claim whose verbatim quote holds the words searched for."""

    claim: Claim
    quote: str
    """The quote that matched, as the source words it."""
    start: int
    """Where the match begins in ``quote`` (a character offset)."""
    end: int
    """Where it ends (exclusive): ``quote[start:end]`` is what matched."""


@dataclass(frozen=True)
class SearchPage:
    """One page of a search, best first: ``total`` hits in all, ``results`` from ``offset``."""

    query: str
    type: str | None
    total: int
    """Entity hits in all, over every page."""
    limit: int
    offset: int
    results: tuple[SearchHit, ...]
    """Entities whose label or alias matches."""
    quote_total: int = 0
    """Claims whose quotes match, over every page (none when ``type`` is given)."""
    quotes: tuple[QuoteHit, ...] = ()
    """This page of those claims (the same ``limit`` and ``offset``), by claim IRI."""
    suggestions: tuple[SearchHit, ...] = ()
    """Near misses, when no name matches: entities whose name is a few letters away
    (``match`` is ``similar``), closest first."""


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
    """The speaker's words, as the source quotes them."""
    paraphrase: str | None
    """The source's paraphrase, where it quotes none."""
    about: tuple[EntityRef, ...]
    addressed_to: tuple[EntityRef, ...]
    occasion: EntityRef | None
    sources: tuple[SourceRef, ...]
    quotes: tuple[str, ...]
    claims: tuple[str, ...]
    """Ids of the claims drawn from this statement."""


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
    """Hops from the centre."""


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
    """The node cap that applied."""
    reachable: int
    """Entities within `depth` hops, before the cap."""
    truncated: bool
    """Whether the cap left some out."""
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
    """Each reads from `start` (from the claim's subject in an `about` hop)."""
    link: Literal["claim", "about", "statement"] = "claim"
    """How the claims tie the two: as subject and object (`claim`), by naming
    one as what they are about (`about`), or only the argument's statement
    names both (`statement`)."""


@dataclass(frozen=True)
class Path:
    """A chain of claims from one entity to another, or one speaker's argument tying them."""

    length: int
    nodes: tuple[EntityRef, ...]
    hops: tuple[Hop, ...]
    kind: Literal["chain", "argument"] = "chain"
    """`argument`: one statement, whose speaker ties the two (its claims are the hops)."""
    cost: float = 0.0
    """What the ranking charges (lower ranks first); `why` says what it weighed."""
    why: tuple[str, ...] = ()
    """Why the path ranks where it does, in words."""
    argument: Statement | None = None
    """The statement of an `argument`: speaker, words, sources and quotes."""


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
    """Why `paths` is empty (null when it is not)."""


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
    """Subject and object, or speaker and topics."""
    sources: tuple[SourceRef, ...]
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    """Dated claims and statements in date order."""

    entity: EntityRef | None
    date_from: str | None
    date_to: str | None
    total: int
    """Entries in all, over every page."""
    entries: tuple[TimelineEntry, ...]
    limit: int | None = None
    """Entries per page (``None``: every entry)."""
    offset: int = 0
    """Entries skipped before this page."""


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
    """What is known of who stands behind the source."""
    file: str | None
    """The file of the text that quotes are checked against."""
    claims: int
    statements: int
    url: str | None = None
    """The article's own web address (schema:url), where the graph records one."""


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
    """The top actors (people, states, organisations, groups) by degree, betweenness
    and pagerank (zero scores left out)."""


response_types(__name__)
