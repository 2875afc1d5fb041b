"""Records read out of a few triples: entities, claims, statements, sources.

The read model (:class:`~honduras_kg.lookups.readmodel.ReadModel`) fetches
the triples around the nodes a lookup needs into a small
:class:`~honduras_kg.lookups.subgraph.Subgraph`, and a :class:`Reader` turns
each claim and statement into a frozen record of
:mod:`honduras_kg.lookups.results`, each entity into an :class:`EntityRecord`.
Every label and alias of an entity is a folded :class:`Name` to search.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Literal, URIRef
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
from honduras_kg.lookups.subgraph import Subgraph
from honduras_kg.namespaces import DCTERMS, HKO, OWL, PROV, RDF, RDFS, SCHEMA, SKOS
from honduras_kg.network.projection import local_name, node_type, preference

__all__ = ["EntityRecord", "Name", "Predicate", "Reader", "normalise"]

# Claim properties that have a field of their own; the rest become qualifiers.
_CLAIM_FIELDS = frozenset(
    {RDF.type, RDFS.label, RDF.subject, RDF.predicate, RDF.object, HKO.modality, HKO.standing,
     HKO.attributedTo, HKO.attributionNote, HKO.negated, HKO.date, HKO.since, HKO.earliest,
     HKO.latest, HKO.asOf, HKO.dateText, PROV.wasDerivedFrom, HKO.quote, HKO.about,
     HKO.condition, HKO.conditionText, HKO.statedIn, HKO.quantity}
)  # fmt: skip
# Entity properties shown as names and links rather than as properties.
# (The network metrics are derived, not said: they have a field of their own.)
_ENTITY_FIELDS = frozenset(
    {RDF.type, RDFS.label, SKOS.altLabel, SCHEMA.description, OWL.sameAs, HKO.mentionedIn,
     HKO.degree, HKO.betweenness, HKO.pagerank}
)  # fmt: skip


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


class Reader:
    """Reads records out of a :class:`~honduras_kg.lookups.subgraph.Subgraph` that holds
    the nodes asked for and the labels and types of what they point to."""

    def __init__(self, graph: Subgraph) -> None:
        self.graph = graph
        self.refs: dict[str, EntityRef] = {}

    # --- small readers ---------------------------------------------------------

    def _typed(self, cls: URIRef) -> list[URIRef]:
        found = {s for s in self.graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
        return sorted(found, key=str)

    def _id(self, iri: Node) -> str:
        return local_name(str(iri))

    def _text(self, node: Node, prop: URIRef) -> str | None:
        values = list(self.graph.objects(node, prop))
        return str(min(values, key=preference)) if values else None

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
            SourceRef(self._id(s), str(s), self._label(s)) for s in self.graph.objects(node, prop)
        )
        return tuple(sorted(refs, key=lambda r: r.id))

    def _value_text(self, value: Node) -> str:
        return str(value) if isinstance(value, Literal) else self._label(value)

    # --- records -----------------------------------------------------------------

    def entity(self, iri: URIRef) -> EntityRecord:
        """The entity ``iri`` (its relations live on the claims)."""
        graph = self.graph
        properties: dict[URIRef, list[Node]] = defaultdict(list)
        for prop, value in sorted(graph.predicate_objects(iri)):
            if prop not in _ENTITY_FIELDS and isinstance(prop, URIRef):
                properties[prop].append(value)
        return EntityRecord(
            ref=self._ref(iri),
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

    def predicate(self, iri: Node) -> Predicate:
        """A relation predicate, with how it reads forwards and backwards."""
        label = self._text(iri, RDFS.label) or local_name(str(iri))
        return Predicate(str(iri), label, self._text(iri, HKO.inverseLabel) or f"{label} (inverse)")

    def claim(self, iri: URIRef) -> Claim:
        """The claim ``iri``, with its evidence, time, conflicts and qualifiers."""
        graph = self.graph
        obj = graph.value(iri, RDF.object)
        predicate = graph.value(iri, RDF.predicate)
        return Claim(
            id=self._id(iri),
            iri=str(iri),
            label=self._label(iri),
            subject=self._ref(graph.value(iri, RDF.subject)),
            predicate=str(predicate),
            predicate_label=self.predicate(predicate).label,
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

    def statement(self, iri: URIRef) -> Statement:
        """The statement ``iri``: who said what, when, where, and the claims it bears."""
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

    def source(self, iri: URIRef, *, claims: int, statements: int) -> SourceInfo:
        """The source ``iri``, with how many claims and statements rest on it."""
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
            claims=claims,
            statements=statements,
            url=_web_address(self.graph.value(iri, SCHEMA.url)),
        )


def _web_address(value: Node | None) -> str | None:
    """The article's own web address, where the graph records one (http or https only)."""
    text = str(value) if value is not None else ""
    return text if text.startswith(("https://", "http://")) else None


def _source_date(published: Node | None) -> When | None:
    return dated(published) if isinstance(published, Literal) else None


def _short(value: Node | None) -> str | None:
    return local_name(str(value)).lower() if value is not None else None


def _maybe(read, value: Node | None):
    return read(value) if value is not None else None


def _by_id(ref: EntityRef) -> str:
    return ref.id
