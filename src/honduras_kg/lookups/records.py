"""The graph read into plain records: entities, claims, statements, sources, names.

:func:`read_graph` does the reading for :class:`~honduras_kg.lookups.GraphIndex`,
once per load: every claim and statement becomes a frozen record of
:mod:`honduras_kg.lookups.results`, every entity an :class:`EntityRecord`,
every label and alias a folded :class:`Name` to search; the claim projection,
its centrality and the content hash come along.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from honduras_kg.lookups.dates import dated, when_of
from honduras_kg.lookups.results import (
    Claim,
    ClaimConflict,
    EntityRef,
    Property,
    Quantity,
    SourceInfo,
    SourceRef,
    Statement,
    When,
)
from honduras_kg.namespaces import DCTERMS, HKO, OWL, PROV, RDF, RDFS, SCHEMA, SKOS
from honduras_kg.network import centrality, local_name, node_type, to_networkx

__all__ = ["EntityRecord", "Name", "Predicate", "normalise", "read_graph"]

# Claim properties that have a field of their own; the rest become qualifiers.
_CLAIM_FIELDS = frozenset(
    {RDF.type, RDFS.label, RDF.subject, RDF.predicate, RDF.object, HKO.modality, HKO.standing,
     HKO.attributedTo, HKO.attributionNote, HKO.negated, HKO.date, HKO.since, HKO.earliest,
     HKO.latest, HKO.asOf, HKO.dateText, PROV.wasDerivedFrom, HKO.quote, HKO.about,
     HKO.condition, HKO.conditionText, HKO.statedIn, HKO.quantity}
)  # fmt: skip
# Entity properties shown as names and links rather than as properties.
_ENTITY_FIELDS = frozenset(
    {RDF.type, RDFS.label, SKOS.altLabel, SCHEMA.description, OWL.sameAs, HKO.mentionedIn}
)


def normalise(text: str) -> str:
    """Text folded for matching: accents and case gone, punctuation to single spaces.

    >>> normalise("  Juan Orlando HERNÁNDEZ's ")
    'juan orlando hernandez s'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


@dataclass(frozen=True)
class Predicate:
    """A relation predicate, as it reads forwards (``label``) and backwards."""

    iri: str
    label: str
    inverse_label: str


@dataclass(frozen=True)
class Name:
    """One name of an entity, folded for search (``kind`` is ``label`` or ``alias``)."""

    entity: str
    kind: str
    text: str
    folded: str


@dataclass(frozen=True)
class EntityRecord:
    """An entity as the graph describes it (its relations live on the claims)."""

    ref: EntityRef
    types: tuple[str, ...]
    aliases: tuple[str, ...]
    description: str | None
    same_as: tuple[str, ...]
    mentioned_in: tuple[SourceRef, ...]
    properties: tuple[Property, ...]


def read_graph(graph: Graph, *, base: str, ntriples: str | None = None) -> dict[str, Any]:
    """The fields of a :class:`~honduras_kg.lookups.GraphIndex` (all but ``base`` and
    ``graph``) read from ``graph``; ``ntriples``, if given, is its text (for the hash)."""
    return _Builder(graph, base).build(ntriples)


class _Builder:
    """Reads one graph into the records of a :class:`GraphIndex`."""

    def __init__(self, graph: Graph, base: str) -> None:
        self.graph = graph
        self.base = base
        self.refs: dict[str, EntityRef] = {}
        self.source_refs: dict[str, SourceRef] = {}

    def build(self, ntriples: str | None) -> dict[str, Any]:
        graph = self.graph
        entity_iris = sorted(
            {s for s in graph.subjects(HKO.mentionedIn) if isinstance(s, URIRef)}, key=str
        )
        self.refs = {str(iri): self._ref(iri) for iri in entity_iris}
        sources = {self._id(iri): iri for iri in self._typed(HKO.Source)}
        self.source_refs = {
            str(iri): SourceRef(id, str(iri), self._label(iri)) for id, iri in sources.items()
        }
        entities = {self.refs[str(iri)].id: self._entity(iri) for iri in entity_iris}
        claims = {c.id: c for c in map(self._claim, self._typed(HKO.Claim))}
        statements = {s.id: s for s in map(self._statement, self._typed(HKO.Statement))}
        predicates = {str(p): self._predicate(p) for p in set(graph.objects(None, RDF.predicate))}
        network = to_networkx(graph)
        return dict(
            content_hash=_content_hash(ntriples or graph.serialize(format="nt")),
            entities=entities,
            claims=claims,
            statements=statements,
            sources={id: self._source(iri, claims, statements) for id, iri in sources.items()},
            predicates=predicates,
            claims_of=_claims_of(claims.values()),
            names=tuple(_names(entities.values())),
            network=network,
            scores=centrality(network),
        )

    # --- small readers ---------------------------------------------------------

    def _typed(self, cls: URIRef) -> list[URIRef]:
        found = {s for s in self.graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
        return sorted(found, key=str)

    def _id(self, iri: Node) -> str:
        return local_name(str(iri))

    def _text(self, node: Node, prop: URIRef) -> str | None:
        values = list(self.graph.objects(node, prop))
        return str(min(values, key=_preference)) if values else None

    def _texts(self, node: Node, prop: URIRef) -> tuple[str, ...]:
        return tuple(sorted({str(v) for v in self.graph.objects(node, prop)}))

    def _label(self, node: Node) -> str:
        return self._text(node, RDFS.label) or local_name(str(node))

    def _ref(self, node: Node) -> EntityRef:
        known = self.refs.get(str(node))
        if known is not None:
            return known
        types = self.graph.objects(node, RDF.type)
        return EntityRef(self._id(node), str(node), self._label(node), node_type(types))

    def _refs(self, node: Node, prop: URIRef) -> tuple[EntityRef, ...]:
        return tuple(sorted((self._ref(o) for o in self.graph.objects(node, prop)), key=_by_id))

    def _optional_ref(self, node: Node, prop: URIRef) -> EntityRef | None:
        value = self.graph.value(node, prop)
        return self._ref(value) if value is not None else None

    def _sources_of(self, node: Node, prop: URIRef = PROV.wasDerivedFrom) -> tuple[SourceRef, ...]:
        refs = (
            self.source_refs.get(str(s)) or SourceRef(self._id(s), str(s), self._label(s))
            for s in self.graph.objects(node, prop)
        )
        return tuple(sorted(refs, key=lambda r: r.id))

    def _value_text(self, value: Node) -> str:
        return str(value) if isinstance(value, Literal) else self._label(value)

    # --- records -----------------------------------------------------------------

    def _entity(self, iri: URIRef) -> EntityRecord:
        graph = self.graph
        properties: dict[URIRef, list[Node]] = defaultdict(list)
        for prop, value in sorted(graph.predicate_objects(iri)):
            if prop not in _ENTITY_FIELDS and isinstance(prop, URIRef):
                properties[prop].append(value)
        return EntityRecord(
            ref=self.refs[str(iri)],
            types=tuple(sorted(str(t) for t in graph.objects(iri, RDF.type))),
            aliases=tuple(sorted(set(self._texts(iri, SKOS.altLabel)), key=str.lower)),
            description=self._text(iri, SCHEMA.description),
            same_as=self._texts(iri, OWL.sameAs),
            mentioned_in=self._sources_of(iri, HKO.mentionedIn),
            properties=tuple(self._property(p, v) for p, v in properties.items()),
        )

    def _property(self, prop: URIRef, values: list[Node]) -> Property:
        entities = tuple(self._ref(v) for v in values if isinstance(v, URIRef))
        texts = tuple(self._value_text(v) for v in values)
        return Property(str(prop), self._label(prop), texts, entities)

    def _predicate(self, iri: Node) -> Predicate:
        label = self._text(iri, RDFS.label) or local_name(str(iri))
        return Predicate(str(iri), label, self._text(iri, HKO.inverseLabel) or f"{label} (inverse)")

    def _claim(self, iri: URIRef) -> Claim:
        graph = self.graph
        obj = graph.value(iri, RDF.object)
        predicate = graph.value(iri, RDF.predicate)
        return Claim(
            id=self._id(iri),
            iri=str(iri),
            label=self._label(iri),
            subject=self._ref(graph.value(iri, RDF.subject)),
            predicate=str(predicate),
            predicate_label=self._predicate(predicate).label,
            object=self._ref(obj) if isinstance(obj, URIRef) else None,
            value=str(obj) if isinstance(obj, Literal) else None,
            modality=_short(graph.value(iri, HKO.modality)),
            standing=_short(graph.value(iri, HKO.standing)),
            attributed_to=self._optional_ref(iri, HKO.attributedTo),
            attribution_note=self._text(iri, HKO.attributionNote),
            negated=str(graph.value(iri, HKO.negated)).lower() in ("true", "1"),
            date=when_of(graph, iri),
            sources=self._sources_of(iri),
            quotes=self._texts(iri, HKO.quote),
            about=self._refs(iri, HKO.about),
            condition=self._optional_ref(iri, HKO.condition),
            condition_text=self._text(iri, HKO.conditionText),
            stated_in=_maybe(self._id, graph.value(iri, HKO.statedIn)),
            quantity=_maybe(self._quantity, graph.value(iri, HKO.quantity)),
            conflicts=self._conflicts(iri),
            qualifiers=self._qualifiers(iri),
        )

    def _quantity(self, node: Node) -> Quantity:
        return Quantity(
            value=self._text(node, SCHEMA.value) or "",
            unit=self._text(node, SCHEMA.unitText),
            measures=self._text(node, HKO.measures),
            comparator=self._text(node, HKO.comparator),
            reference_year=self._text(node, HKO.referenceYear),
            label=self._text(node, RDFS.label),
        )

    def _conflicts(self, claim: URIRef) -> tuple[ClaimConflict, ...]:
        conflicts = sorted(self.graph.subjects(HKO.conflictingClaim, claim), key=str)
        return tuple(
            ClaimConflict(
                id=self._id(conflict),
                comment=self._text(conflict, RDFS.comment),
                claims=tuple(
                    sorted(
                        self._id(other)
                        for other in self.graph.objects(conflict, HKO.conflictingClaim)
                        if other != claim
                    )
                ),
            )
            for conflict in conflicts
        )

    def _qualifiers(self, claim: URIRef) -> dict[str, str]:
        found: dict[str, list[str]] = defaultdict(list)
        for prop, value in sorted(self.graph.predicate_objects(claim)):
            if prop not in _CLAIM_FIELDS:
                found[self._label(prop)].append(self._value_text(value))
        return {name: "; ".join(values) for name, values in found.items()}

    def _statement(self, iri: URIRef) -> Statement:
        graph = self.graph
        return Statement(
            id=self._id(iri),
            iri=str(iri),
            label=self._label(iri),
            speaker=self._optional_ref(iri, HKO.speaker),
            date=when_of(graph, iri),
            venue=self._text(iri, HKO.venue),
            words=self._text(iri, HKO.words),
            paraphrase=self._text(iri, HKO.paraphrase),
            about=self._refs(iri, HKO.about),
            addressed_to=self._refs(iri, HKO.addressedTo),
            occasion=self._optional_ref(iri, HKO.occasion),
            sources=self._sources_of(iri),
            quotes=self._texts(iri, HKO.quote),
            claims=tuple(sorted(self._id(c) for c in graph.subjects(HKO.statedIn, iri))),
        )

    def _source(
        self, iri: URIRef, claims: dict[str, Claim], statements: dict[str, Statement]
    ) -> SourceInfo:
        def cites(item: Claim | Statement) -> bool:
            return any(s.iri == str(iri) for s in item.sources)

        published = self.graph.value(iri, DCTERMS.date)
        return SourceInfo(
            id=self._id(iri),
            iri=str(iri),
            label=self._label(iri),
            description=self._text(iri, SCHEMA.description),
            publisher=self._optional_ref(iri, SCHEMA.publisher),
            date=_source_date(published),
            date_description=self._text(iri, HKO.dateDescription),
            standing=self._text(iri, HKO.sourceStanding),
            file=self._text(iri, HKO.file),
            claims=sum(1 for c in claims.values() if cites(c)),
            statements=sum(1 for s in statements.values() if cites(s)),
        )


def _source_date(published: Node | None) -> When | None:
    return dated(published) if isinstance(published, Literal) else None


def _claims_of(claims: Iterable[Claim]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        found[claim.subject.id].append(claim.id)
        if claim.object is not None and claim.object.id != claim.subject.id:
            found[claim.object.id].append(claim.id)
    return {entity: tuple(ids) for entity, ids in found.items()}


def _names(entities: Iterable[EntityRecord]) -> Iterable[Name]:
    for record in entities:
        yield Name(record.ref.id, "label", record.ref.label, normalise(record.ref.label))
        for alias in record.aliases:
            yield Name(record.ref.id, "alias", alias, normalise(alias))


def _content_hash(ntriples: str) -> str:
    lines = sorted(line for line in ntriples.splitlines() if line.strip())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _preference(value: Node) -> tuple[int, str]:
    """English first, then untagged, then other languages; then alphabetically."""
    language = value.language if isinstance(value, Literal) else None
    return {"en": 0, None: 1}.get(language, 2), str(value)


def _short(value: Node | None) -> str | None:
    return local_name(str(value)).lower() if value is not None else None


def _maybe(read, value: Node | None):
    return read(value) if value is not None else None


def _by_id(ref: EntityRef) -> str:
    return ref.id
