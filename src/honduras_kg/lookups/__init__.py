"""Plain lookups over the graph, for programs and pages that do not speak SPARQL.

Make one :class:`ReadModel` per store (the web app does so at start-up; it
holds no copy of the graph, and asks the store as each lookup needs), then
ask it::

    index = ReadModel.from_store(store, base=settings.base)
    search(index, "hernandez").results[0].id        # 'juan-orlando-hernandez'
    entity(index, "soto-cano").relations            # grouped by predicate and direction
    relations(index, "soto-cano", direction="in", modality="happened")
    paths(index, "juan-orlando-hernandez", "soto-cano", k=3)
    timeline(index, entity="xiomara-castro", date_from="2025")

Every answer is a frozen dataclass of :mod:`honduras_kg.lookups.results`.
Unknown ids raise :class:`~honduras_kg.errors.NotFound`; bad parameters
raise :class:`~honduras_kg.errors.InvalidParameter`, naming the parameter.

>>> from rdflib import Graph
>>> from honduras_kg.namespaces import HK, HKO, SRC
>>> g = Graph()
>>> _ = g.add((HK["soto-cano"], HKO.mentionedIn, SRC.s))
>>> index = ReadModel.from_graph(g, base="https://w3id.org/honduras-kg/")
>>> entity(index, "soto-cano").iri
'https://w3id.org/honduras-kg/id/soto-cano'
"""

from honduras_kg.lookups.dates import first_day, last_day, parse_bound
from honduras_kg.lookups.entities import (
    DIRECTIONS,
    MAX_DEPTH,
    MAX_NODES,
    MODALITIES,
    entity,
    neighbourhood,
    neighbourhood_graph,
    relation,
    relations,
    statements,
)
from honduras_kg.lookups.exports import export
from honduras_kg.lookups.graph_view import graph_view
from honduras_kg.lookups.paths import MAX_K, paths
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.records import normalise
from honduras_kg.lookups.results import (
    Claim,
    Entity,
    EntityRef,
    Neighbourhood,
    Paths,
    Relation,
    Relations,
    SearchPage,
    SourceDetail,
    SourceInfo,
    Statement,
    Statements,
    Stats,
    Timeline,
    When,
)
from honduras_kg.lookups.search import ENTITY_TYPES, MATCHES, search, suggest
from honduras_kg.lookups.summary import MAX_TOP, format_stats, stats
from honduras_kg.lookups.timeline import source, sources, timeline

__all__ = [
    "DIRECTIONS",
    "ENTITY_TYPES",
    "MATCHES",
    "MAX_DEPTH",
    "MAX_K",
    "MAX_NODES",
    "MAX_TOP",
    "MODALITIES",
    "Claim",
    "Entity",
    "EntityRef",
    "Neighbourhood",
    "Paths",
    "ReadModel",
    "Relation",
    "Relations",
    "SearchPage",
    "SourceDetail",
    "SourceInfo",
    "Statement",
    "Statements",
    "Stats",
    "Timeline",
    "When",
    "entity",
    "export",
    "first_day",
    "format_stats",
    "graph_view",
    "last_day",
    "neighbourhood",
    "neighbourhood_graph",
    "normalise",
    "parse_bound",
    "paths",
    "relation",
    "relations",
    "search",
    "source",
    "sources",
    "statements",
    "stats",
    "suggest",
    "timeline",
]
