"""One entity and what surrounds it: its description, relations with their
evidence, what people said, and its neighbourhood in the claim network."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef

from honduras_kg.errors import InvalidParameter, NotFound
from honduras_kg.lazy import networkx as nx
from honduras_kg.lookups.dates import overlaps, window
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.results import (
    Claim,
    Edge,
    Entity,
    Neighbour,
    Neighbourhood,
    Relation,
    RelationGroup,
    Relations,
    Statement,
    Statements,
)
from honduras_kg.lookups.subgraph import BATCH, iri_ref, values
from honduras_kg.namespaces import HKO, OA, PREFIXES, PROV, RDF, WD
from honduras_kg.network import local_name, simple_graph
from honduras_kg.store.loading import derived_prefix
from honduras_kg.store.rows import from_term, select_all

__all__ = [
    "DIRECTIONS",
    "MAX_DEPTH",
    "MAX_NODES",
    "MODALITIES",
    "entity",
    "neighbourhood",
    "neighbourhood_graph",
    "relation",
    "relations",
    "statements",
]

#: The modalities a claim can have (``hko:modalities``), as the lookups name them.
MODALITIES: tuple[str, ...] = (
    "happened",
    "stated",
    "threatened",
    "pledged",
    "predicted",
    "reported",
    "denied",
)
#: Which relations of an entity: from it (``out``), to it (``in``), or ``both``.
DIRECTIONS: tuple[str, ...] = ("both", "out", "in")
#: The deepest neighbourhood, in hops, and the most nodes one may hold.
MAX_DEPTH = 3
MAX_NODES = 500


def entity(index: ReadModel, id: str) -> Entity:
    """The entity ``id`` (an id such as ``soto-cano``, ``hk:soto-cano`` or its IRI).

    Its relations come grouped by predicate and direction, each group read
    from the entity ("hosts" out, "hosted by" in). Raises
    :class:`~honduras_kg.errors.NotFound` for an unknown id.
    """
    record = index.require_entity(id)
    ref = record.ref
    found = relations(index, ref.id).relations
    wikidata = [iri for iri in record.same_as if iri.startswith(str(WD))]
    return Entity(
        id=ref.id,
        iri=ref.iri,
        type=ref.type,
        types=record.types,
        label=ref.label,
        aliases=record.aliases,
        description=record.description,
        wikidata=wikidata[0] if wikidata else None,
        same_as=record.same_as,
        mentioned_in=record.mentioned_in,
        properties=record.properties,
        centrality=index.centrality_of(ref.iri),
        relations=_grouped(found),
        statements_by=len(_said(index, speaker=ref.iri)),
        statements_about=len(_said(index, about=ref.iri)),
    )


def relations(
    index: ReadModel,
    id: str,
    *,
    predicate: str | None = None,
    direction: str = "both",
    modality: str | None = None,
    source: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Relations:
    """The claims that link entity ``id`` to another (or to a value), read from it.

    Filters: ``predicate`` (``hosts``, ``hko:hosts`` or the IRI), ``direction``
    (one of :data:`DIRECTIONS`), ``modality`` (one of :data:`MODALITIES`),
    ``source`` (a source id) and a date window (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``; a claim passes when its date overlaps the window, and an
    undated claim does not pass a window). Raises
    :class:`~honduras_kg.errors.NotFound` for an unknown entity, source or predicate and
    :class:`~honduras_kg.errors.InvalidParameter` for a bad filter.
    """
    ref = index.require_entity(id).ref
    wanted = _predicate_iri(index, predicate) if predicate else None
    _check_choice("direction", direction, DIRECTIONS)
    if modality is not None:
        _check_choice("modality", modality, MODALITIES)
    source_iri = index.require_source(source, parameter="source").iri if source else None
    span = window(date_from, date_to)
    found = []
    for claim in index.claims_of(ref.iri):
        seen = relation(index, claim, ref.id)
        if (
            (wanted is None or claim.predicate == wanted)
            and direction in ("both", seen.direction)
            and (modality is None or claim.modality == modality)
            and (source_iri is None or any(s.iri == source_iri for s in claim.sources))
            and overlaps(claim.date, span)
        ):
            found.append(seen)
    found.sort(key=_relation_order)
    return Relations(ref, len(found), tuple(found))


def relation(index: ReadModel, claim: Claim, start: str) -> Relation:
    """``claim`` read from the entity ``start`` (its subject, else its object)."""
    predicate = index.predicate(claim.predicate)
    if claim.subject.id == start:
        label = claim.predicate_label
        return Relation("out", claim.predicate, label, claim.object, claim.value, claim)
    label = predicate.inverse_label if predicate else f"{claim.predicate_label} (inverse)"
    return Relation("in", claim.predicate, label, claim.subject, None, claim)


def statements(
    index: ReadModel,
    *,
    speaker: str | None = None,
    about: str | None = None,
    source: str | None = None,
) -> Statements:
    """What people said, in date order (undated last): by ``speaker``, ``about`` an
    entity, from ``source``. Unknown ids raise :class:`~honduras_kg.errors.NotFound`."""
    found = index.statements(
        _said(
            index,
            speaker=index.require_entity(speaker, parameter="speaker").ref.iri if speaker else None,
            about=index.require_entity(about, parameter="about").ref.iri if about else None,
            source=index.require_source(source, parameter="source").iri if source else None,
        )
    )
    found.sort(key=_statement_order)
    return Statements(len(found), tuple(found))


def neighbourhood(
    index: ReadModel, id: str, *, depth: int = 1, max_nodes: int = 50
) -> Neighbourhood:
    """The entities within ``depth`` hops of ``id`` (either direction) and the claims among them.

    At most ``max_nodes`` nodes are kept, nearest first, then the best
    connected; ``truncated`` says whether the cap cut any. ``depth`` is 1 to
    :data:`MAX_DEPTH`, ``max_nodes`` 1 to :data:`MAX_NODES`.
    """
    ref = index.require_entity(id).ref
    if not 1 <= depth <= MAX_DEPTH:
        raise InvalidParameter("depth", f"must be between 1 and {MAX_DEPTH}, got {depth}")
    if not 1 <= max_nodes <= MAX_NODES:
        raise InvalidParameter("max_nodes", f"must be between 1 and {MAX_NODES}, got {max_nodes}")
    net = index.network
    distances = _distances(index, ref.iri, depth)
    degree = index.scores["degree"]
    ordered = sorted(distances, key=lambda n: (distances[n], -degree.get(n, 0), n))
    kept = ordered[:max_nodes]
    nodes = tuple(
        Neighbour(net.nodes[n]["id"], n, net.nodes[n]["label"], net.nodes[n]["type"], distances[n])
        for n in kept
    )
    return Neighbourhood(
        center=ref,
        depth=depth,
        max_nodes=max_nodes,
        reachable=len(ordered),
        truncated=len(ordered) > len(kept),
        nodes=nodes,
        edges=tuple(_edges(index, set(kept))),
    )


def _distances(index: ReadModel, iri: str, depth: int) -> dict[str, int]:
    if iri not in index.network:
        return {iri: 0}
    simple = index.memo(("simple network",), lambda: simple_graph(index.network))
    return dict(nx.single_source_shortest_path_length(simple, iri, depth))


def _edges(index: ReadModel, kept: set[str]) -> Iterable[Edge]:
    net = index.network
    found = [
        Edge(
            claim=local_name(key),
            subject=net.nodes[u]["id"],
            object=net.nodes[v]["id"],
            predicate=attrs["predicate"],
            label=attrs["relation"],
            modality=attrs["modality"],
            standing=attrs["standing"],
            negated=attrs["negated"],
        )
        for u in kept
        if u in net
        for _, v, key, attrs in net.out_edges(u, keys=True, data=True)
        if v in kept
    ]
    return sorted(found, key=lambda e: e.claim)


def neighbourhood_graph(index: ReadModel, id: str, *, depth: int = 1, max_nodes: int = 50) -> Graph:
    """The RDF of a neighbourhood: its entities, the claims among them (with their
    quantities), the statements of its people, the sources they cite, the
    predicates they use and the annotations that anchor their quotes, for export
    in any format."""
    hood = neighbourhood(index, id, depth=depth, max_nodes=max_nodes)
    entities = {n.iri for n in hood.nodes}
    around = index.claims(index.select_iris(_CLAIMS_FROM.format(nodes=values(entities))))
    claims = {c.iri for c in around if _within(c, entities)}
    said = set(index.select_iris(_SAID_BY.format(nodes=values(entities))))
    graph = Graph()
    graph += _triples_of(index, entities | claims | said)
    linked = {
        o
        for c in claims
        for o in (*graph.objects(URIRef(c), HKO.quantity), *graph.objects(URIRef(c), RDF.predicate))
    }
    graph += _triples_of(index, {str(node) for node in linked})
    cited = {*graph.objects(None, PROV.wasDerivedFrom), *graph.objects(None, HKO.mentionedIn)}
    graph += _triples_of(index, {str(node) for node in cited})
    graph += _evidence_of(index, claims | said)
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


_CLAIMS_FROM = "SELECT ?n WHERE {{ VALUES ?e {{ {nodes} }} ?n rdf:subject ?e ; a hko:Claim }}"
_SAID_BY = "SELECT ?n WHERE {{ VALUES ?e {{ {nodes} }} ?n hko:speaker ?e ; a hko:Statement }}"
_TRIPLES = """
SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?s {{ {nodes} }} GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{derived}"))
}}"""
_SAID = "SELECT DISTINCT ?n WHERE {{ {patterns} ?n a hko:Statement }}"
_ANCHORED = "SELECT ?n WHERE {{ VALUES ?b {{ {nodes} }} ?n oa:hasBody ?b ; a oa:Annotation }}"


def _evidence_of(index: ReadModel, nodes: set[str]) -> Graph:
    """The annotations whose body is one of ``nodes``, with their targets and selectors."""
    annotations = index.select_iris(_ANCHORED.format(nodes=values(nodes)))
    graph = _triples_of(index, set(annotations))
    targets = {str(o) for o in graph.objects(None, OA.hasTarget)}
    graph += _triples_of(index, targets)
    graph += _triples_of(index, {str(o) for o in graph.objects(None, OA.hasSelector)})
    return graph


def _triples_of(index: ReadModel, nodes: set[str]) -> Graph:
    """Every triple whose subject is one of ``nodes``."""
    graph = Graph()
    ordered = sorted(nodes)
    for start in range(0, len(ordered), BATCH):
        batch = values(ordered[start : start + BATCH])
        query = _TRIPLES.format(nodes=batch, derived=derived_prefix(index.base))
        for row in select_all(index.store, query):
            graph.add((from_term(row["s"]), from_term(row["p"]), from_term(row["o"])))
    return graph


def _said(
    index: ReadModel,
    *,
    speaker: str | None = None,
    about: str | None = None,
    source: str | None = None,
) -> list[str]:
    """The IRIs of the statements by ``speaker``, ``about`` an entity, from ``source``."""
    patterns = [
        f"?n {predicate} {iri_ref(iri) or '<urn:honduras-kg:none>'} ."
        for predicate, iri in (
            ("hko:speaker", speaker),
            ("hko:about", about),
            ("prov:wasDerivedFrom", source),
        )
        if iri
    ]
    return index.select_iris(_SAID.format(patterns=" ".join(patterns)))


def _within(claim: Claim, entities: set[str]) -> bool:
    inside = claim.subject.iri in entities
    return inside and (claim.object is None or claim.object.iri in entities)


def _predicate_iri(index: ReadModel, predicate: str) -> str:
    wanted = predicate.strip()
    for iri in index.predicates:
        name = local_name(iri)
        if wanted in (iri, name, f"hko:{name}"):
            return iri
    known = ", ".join(sorted(local_name(iri) for iri in index.predicates))
    # Like an unknown source: a well-formed name of nothing in the graph (404, not 422).
    raise NotFound(f"predicate: no relation {predicate!r} in the graph; known: {known}")


def _check_choice(parameter: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InvalidParameter(parameter, f"{value!r} is not one of {', '.join(choices)}")


def _grouped(found: Iterable[Relation]) -> tuple[RelationGroup, ...]:
    groups: dict[tuple[str, str], list[Relation]] = {}
    for rel in found:
        groups.setdefault((rel.direction, rel.predicate), []).append(rel)
    return tuple(
        RelationGroup(predicate, rels[0].label, direction, len(rels), tuple(rels))  # type: ignore[arg-type]
        for (direction, predicate), rels in groups.items()
    )


def _relation_order(rel: Relation) -> tuple:
    other = rel.other.label.lower() if rel.other else (rel.value or "")
    return (rel.direction != "out", rel.label.lower(), other, rel.claim.id)


def _statement_order(statement: Statement) -> tuple:
    start = statement.date.start if statement.date and statement.date.start else None
    return (start is None, start or "", statement.id)
