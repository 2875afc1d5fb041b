"""Project the claim graph onto a networkx graph: two SPARQL queries, rows, a graph.

:func:`project` asks a store (any backend) the two queries, where the data
is; :func:`to_networkx` does the same for an rdflib graph, through an
in-memory Oxigraph copy (rdflib's own SPARQL engine takes minutes where this
takes a second, on a graph of 5,000 entities).

Nodes are the entities (everything a source mentions, ``hko:mentionedIn``);
node keys are IRIs (as ``str``). Each ``hko:Claim`` whose subject and object
are both entities becomes one directed edge, keyed by the claim's IRI and
carrying its modality, standing, source, quotes and date. Claims whose object
is a literal (a capability, a figure) are facts about one entity, not links,
and are left out.

On request, statements (``hko:Statement``) join as nodes with ``said`` edges
from their speaker and ``about`` edges to what they are about, and sources
(``hko:Source``) join as nodes with ``mentioned in`` edges from each entity.

Node attributes: ``id`` (the IRI's last segment), ``iri``, ``label``, ``type``
(one of :data:`NODE_TYPES`), ``description`` (or ``None``) and, for entities,
``sources`` (IRIs of the sources that mention it).

Edge attributes, for every edge: ``kind`` (``claim``, ``said``, ``about`` or
``mentioned in``), ``relation`` (a readable label), ``source`` and
``source_label`` (or ``None`` for a mention edge, whose target is the source),
``quotes`` (a list) and the claim's or statement's time, each field of its
:class:`~honduras_kg.model.time.When` flat: ``date`` (its ISO text,
``1980/1989`` for a period, or ``None``), ``date_precision``, ``date_kind``
(``date``, ``since``, ``period``, ``as of`` or ``text``), ``date_start`` and
``date_end`` (the first and last day it covers; no end for an open "since")
and ``date_text``; :func:`edge_when` reads them back. Claim edges add
``predicate``, ``claim``, ``claim_label``, ``modality``, ``standing``,
``attributed_to``, ``negated`` and ``about`` (IRIs of further entities the
claim concerns); statement edges add ``statement`` and ``words``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from honduras_kg.model.time import When, when
from honduras_kg.namespaces import HKO, SCHEMA
from honduras_kg.store.base import Store
from honduras_kg.store.rows import from_term, select_all

__all__ = [
    "NODE_TYPES",
    "edge_when",
    "local_name",
    "node_type",
    "project",
    "to_networkx",
]

# The ``kind`` of a claim edge, and the node types that join only on request.
_CLAIM = "claim"
_STATEMENT = "statement"
_SOURCE = "source"

#: Short type names, most specific first: a node typed both ``hko:Plan`` and
#: ``schema:Event`` is a ``plan``.
_TYPE_CLASSES: dict[str, tuple[URIRef, ...]] = {
    _STATEMENT: (HKO.Statement,),
    _SOURCE: (HKO.Source,),
    "base": (HKO.MilitaryBase,),
    "region": (HKO.Region,),
    "group": (HKO.Group,),
    "plan": (HKO.Plan,),
    "state": (SCHEMA.Country,),
    "person": (SCHEMA.Person,),
    "position": (HKO.Position,),
    "topic": (HKO.Topic,),
    "event": (SCHEMA.Event,),
    # schema.org subclasses that curators use; schema.org itself is not loaded.
    "organisation": (
        SCHEMA.Organization,
        SCHEMA.GovernmentOrganization,
        SCHEMA.NewsMediaOrganization,
        SCHEMA.CollegeOrUniversity,
        SCHEMA.EducationalOrganization,
        SCHEMA.ResearchOrganization,
        SCHEMA.NGO,
        SCHEMA.Corporation,
    ),
    "place": (SCHEMA.Place, SCHEMA.City, SCHEMA.AdministrativeArea, SCHEMA.State),
}

#: Every short type name a node can have (``other`` when no class is known).
NODE_TYPES: tuple[str, ...] = (*_TYPE_CLASSES, "other")

_TYPE_RANK = {str(c): rank for rank, classes in enumerate(_TYPE_CLASSES.values()) for c in classes}
_TYPE_NAME = {str(c): name for name, classes in _TYPE_CLASSES.items() for c in classes}

NODES_QUERY = """
SELECT DISTINCT ?node ?type ?label ?description ?mentionedIn WHERE {
  { ?node hko:mentionedIn ?mentionedIn }
  UNION { ?node a hko:Statement }
  UNION { ?node a hko:Source }
  OPTIONAL { ?node a ?type }
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node schema:description|hko:words|hko:paraphrase ?description }
}
"""

# A claim with an IRI object, and its own fields.
_CLAIM_PATTERN = """
    ?link a hko:Claim ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object .
    FILTER isIRI(?object)
    BIND ("claim" AS ?kind)
    OPTIONAL { ?predicate rdfs:label ?relation }
    OPTIONAL { ?link hko:modality ?modality }
    OPTIONAL { ?link hko:standing ?standing }
    OPTIONAL { ?link hko:attributedTo ?attributedTo }
    OPTIONAL { ?link hko:negated ?negated }"""

# A claim's or statement's label and time.
_LABEL_AND_TIME = """
  OPTIONAL { ?link rdfs:label ?label }
  OPTIONAL { ?link hko:date ?date }
  OPTIONAL { ?link hko:since ?since }
  OPTIONAL { ?link hko:earliest ?earliest }
  OPTIONAL { ?link hko:latest ?latest }
  OPTIONAL { ?link hko:asOf ?asOf }
  OPTIONAL { ?link hko:dateText ?dateText }"""

# Claims with an IRI object, and statements with a speaker: one row per
# combination of multi-valued fields, grouped per ?link afterwards.
LINKS_QUERY = f"""
SELECT ?link ?kind ?subject ?object ?predicate ?relation ?label ?modality ?standing
       ?attributedTo ?negated ?source ?sourceLabel ?quote ?about ?words
       ?date ?since ?earliest ?latest ?asOf ?dateText
WHERE {{
  {{{_CLAIM_PATTERN}
  }} UNION {{
    ?link a hko:Statement ; hko:speaker ?subject .
    BIND ("statement" AS ?kind)
    OPTIONAL {{ ?link hko:words|hko:paraphrase ?words }}
  }}{_LABEL_AND_TIME}
  OPTIONAL {{ ?link prov:wasDerivedFrom ?source OPTIONAL {{ ?source rdfs:label ?sourceLabel }} }}
  OPTIONAL {{ ?link hko:quote ?quote }}
  OPTIONAL {{ ?link hko:about ?about }}
}}
"""

# The links of a light projection: claims only, without what only a drawing shows.
LIGHT_LINKS_QUERY = f"""
SELECT ?link ?kind ?subject ?object ?predicate ?relation ?label ?modality ?standing
       ?attributedTo ?negated ?date ?since ?earliest ?latest ?asOf ?dateText
WHERE {{{_CLAIM_PATTERN}{_LABEL_AND_TIME}
}}
"""

# The patterns that ``around`` narrows to a set of entities (``#`` stands for them).
_ENTITY_NODES = "{ ?node hko:mentionedIn ?mentionedIn }"
_ENTITY_NODES_NEAR = "{ VALUES ?node { # } ?node hko:mentionedIn ?mentionedIn }"
_CLAIM_LINK = "?link a hko:Claim ; rdf:subject ?subject ;"
_CLAIM_LINK_NEAR = "VALUES ?subject { # } ?link rdf:subject ?subject ; a hko:Claim ;"
_SAID_LINK = "?link a hko:Statement ; hko:speaker ?subject ."
_SAID_LINK_NEAR = (
    "VALUES ?near { # } { ?link hko:speaker ?near } UNION { ?link hko:about ?near } " + _SAID_LINK
)

#: The edge attribute that holds each field of a :class:`When`.
_TIME_ATTRS = {
    "value": "date",
    "precision": "date_precision",
    "kind": "date_kind",
    "start": "date_start",
    "end": "date_end",
    "text": "date_text",
}

#: Every value a query bound for one resource, by variable name.
Record = dict[str, set[Node]]


def to_networkx(
    graph: Graph, *, include_statements: bool = False, include_sources: bool = False
) -> nx.MultiDiGraph:
    """Project ``graph`` onto a directed multigraph of entities linked by claims.

    >>> from honduras_kg.namespaces import CLAIM, HK, HKO, RDF, SRC
    >>> g = Graph()
    >>> for a in ("honduras", "soto-cano"):
    ...     _ = g.add((HK[a], HKO.mentionedIn, SRC.s))
    >>> c = CLAIM["honduras-hosts-soto-cano"]
    >>> for p, o in ((RDF.type, HKO.Claim), (RDF.subject, HK.honduras),
    ...              (RDF.predicate, HKO.hosts), (RDF.object, HK["soto-cano"]),
    ...              (HKO.modality, HKO.Happened), (HKO.quote, Literal("hosts a base"))):
    ...     _ = g.add((c, p, o))
    >>> net = to_networkx(g)
    >>> [(net.nodes[u]["id"], d["relation"], net.nodes[v]["id"], d["modality"])
    ...  for u, v, d in net.edges(data=True)]
    [('honduras', 'hosts', 'soto-cano', 'happened')]
    """
    from honduras_kg.store.oxigraph import OxigraphStore  # the store reads this package

    store = OxigraphStore.from_graphs([("urn:honduras-kg:graph", graph.serialize(format="nt"))])
    try:
        return project(
            store, include_statements=include_statements, include_sources=include_sources
        )
    finally:
        store.close()


def project(
    store: Store,
    *,
    include_statements: bool = False,
    include_sources: bool = False,
    around: Collection[str] | None = None,
    light: bool = False,
) -> nx.MultiDiGraph:
    """The same projection as :func:`to_networkx`, asked of a store (any backend).

    The two queries run where the data is, so a large graph is never copied
    into this process; only their answers are. ``around`` keeps only those
    entities (IRIs), the claims among them, and the statements and sources
    next to them. A ``light`` projection leaves out what only a drawing
    shows (quotes, sources, what a claim is about, statements): the network
    that paths and neighbourhoods walk.
    """
    nodes_query, links_query = NODES_QUERY, LIGHT_LINKS_QUERY if light else LINKS_QUERY
    if around is not None:
        near = " ".join(f"<{iri}>" for iri in sorted(around))
        nodes_query = nodes_query.replace(_ENTITY_NODES, _ENTITY_NODES_NEAR.replace("#", near))
        links_query = links_query.replace(_CLAIM_LINK, _CLAIM_LINK_NEAR.replace("#", near))
        links_query = links_query.replace(_SAID_LINK, _SAID_LINK_NEAR.replace("#", near))
    nodes = _records(_store_rows(store, nodes_query), "node")
    links = _records(_store_rows(store, links_query), "link")
    net = _network(nodes, links, include_statements and not light, include_sources and not light)
    if around is not None:  # statements and sources that touch none of the entities
        net.remove_nodes_from([n for n in list(net) if n not in around and not net.degree(n)])
    return net


def _network(
    nodes: dict[Node, Record],
    links: dict[Node, Record],
    include_statements: bool,
    include_sources: bool,
) -> nx.MultiDiGraph:
    net = nx.MultiDiGraph()
    skipped = {_STATEMENT} if not include_statements else set()
    skipped |= {_SOURCE} if not include_sources else set()
    for iri, record in sorted(nodes.items()):
        attrs = _node_attrs(iri, record)
        if attrs["type"] not in skipped:
            net.add_node(str(iri), **attrs)
    for iri, record in sorted(links.items()):
        if _text(record.get("kind")) == _CLAIM:
            _add_claim(net, iri, record)
        elif include_statements:
            _add_statement(net, iri, record)
    if include_sources:
        _add_mentions(net, nodes)
    return net


def node_type(types: Iterable[Node]) -> str:
    """The short type name for a set of ``rdf:type`` values (most specific wins).

    >>> node_type([SCHEMA.Event, HKO.Plan])
    'plan'
    >>> node_type([SCHEMA.NewsMediaOrganization])
    'organisation'
    >>> node_type([])
    'other'
    """
    known = [str(t) for t in types if str(t) in _TYPE_RANK]
    if not known:
        return "other"
    return _TYPE_NAME[min(known, key=_TYPE_RANK.__getitem__)]


def local_name(iri: str) -> str:
    """The last segment of an IRI: the short id of an entity.

    >>> local_name("https://w3id.org/honduras-kg/id/xiomara-castro")
    'xiomara-castro'
    >>> local_name("https://w3id.org/honduras-kg/ontology#Happened")
    'Happened'
    """
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _store_rows(store: Store, query: str) -> Iterator[dict[str, Node]]:
    for row in select_all(store, query):
        yield {name: from_term(term) for name, term in row.items()}


def _records(rows: Iterable[dict[str, Node]], key: str) -> dict[Node, Record]:
    records: dict[Node, Record] = defaultdict(lambda: defaultdict(set))
    for values in rows:
        for name, value in values.items():
            records[values[key]][name].add(value)
    return records


def _node_attrs(iri: Node, record: Record) -> dict[str, Any]:
    description = _text(record.get("description"))
    short = local_name(str(iri))
    return {
        "id": short,
        "iri": str(iri),
        "label": _text(record.get("label")) or _truncate(description) or short,
        "type": node_type(record.get("type", ())),
        "description": description,
        "sources": _texts(record.get("mentionedIn")),
    }


def _add_claim(net: nx.MultiDiGraph, iri: Node, record: Record) -> None:
    predicate = _text(record.get("predicate")) or ""
    _add_edge(
        net,
        _text(record.get("subject")),
        _text(record.get("object")),
        str(iri),
        _common_attrs(record),
        kind=_CLAIM,
        relation=_text(record.get("relation")) or local_name(predicate),
        predicate=predicate,
        claim=str(iri),
        claim_label=_text(record.get("label")),
        modality=_short(record.get("modality")),
        standing=_short(record.get("standing")),
        attributed_to=_text(record.get("attributedTo")),
        negated=_text(record.get("negated")) in ("true", "1"),
        about=_texts(record.get("about")),
    )


def _add_statement(net: nx.MultiDiGraph, iri: Node, record: Record) -> None:
    common = _common_attrs(record) | {"statement": str(iri), "words": _text(record.get("words"))}
    _add_edge(net, _text(record.get("subject")), str(iri), str(iri), common, kind="said")
    for about in _texts(record.get("about")):
        _add_edge(net, str(iri), about, str(iri), common, kind="about")


def _add_mentions(net: nx.MultiDiGraph, nodes: dict[Node, Record]) -> None:
    for iri, record in sorted(nodes.items()):
        for source in _texts(record.get("mentionedIn")):
            attrs: dict[str, Any] = {
                "source": source,
                "source_label": None,
                "quotes": [],
                **_time_attrs(None),
            }
            _add_edge(net, str(iri), source, source, attrs, kind="mentioned in")


def _common_attrs(record: Record) -> dict[str, Any]:
    return {
        "source": _text(record.get("source")),
        "source_label": _text(record.get("sourceLabel")),
        "quotes": _texts(record.get("quote")),
        **_time_attrs(_when(record)),
    }


def _when(record: Record) -> When | None:
    """The claim's or statement's time, read as the lookups read it (one model of it)."""
    return when(
        date=_text(record.get("date")),
        since=_text(record.get("since")),
        earliest=_text(record.get("earliest")),
        latest=_text(record.get("latest")),
        as_of=_text(record.get("asOf")),
        text=_text(record.get("dateText")),
    )


def _time_attrs(time: When | None) -> dict[str, str | None]:
    """The When, whole, as flat attributes (GraphML and GEXF exports hold only flat values)."""
    if time is None:
        return dict.fromkeys(_TIME_ATTRS.values())
    return {attr: getattr(time, field) for field, attr in _TIME_ATTRS.items()}


def edge_when(attrs: dict[str, Any]) -> When | None:
    """The :class:`~honduras_kg.model.time.When` an edge was projected with.

    >>> edge = _time_attrs(when(since="2024-06"))
    >>> edge["date"], edge["date_start"], edge["date_end"]
    ('2024-06', '2024-06-01', None)
    >>> edge_when(edge) == when(since="2024-06"), edge_when({"date": None})
    (True, None)
    """
    if attrs.get("date_kind") is None:
        return None
    return When(**{field: attrs.get(attr) for field, attr in _TIME_ATTRS.items()})


def _add_edge(
    net: nx.MultiDiGraph,
    subject: str | None,
    target: str | None,
    key: str,
    common: dict[str, Any],
    **attrs: Any,
) -> None:
    """Add one edge, only between nodes of the projection."""
    if subject in net and target in net:
        attrs.setdefault("relation", attrs["kind"])
        net.add_edge(subject, target, key=key, **common, **attrs)


def _preference(value: Node) -> tuple[int, str]:
    """English first, then untagged, then other languages; then alphabetically."""
    language = value.language if isinstance(value, Literal) else None
    rank = {"en": 0, None: 1}.get(language, 2)
    return rank, str(value)


def _text(values: set[Node] | None) -> str | None:
    return str(min(values, key=_preference)) if values else None


def _texts(values: set[Node] | None) -> list[str]:
    return sorted({str(v) for v in values}) if values else []


def _short(values: set[Node] | None) -> str | None:
    text = _text(values)
    return local_name(text).lower() if text else None


def _truncate(text: str | None, width: int = 60) -> str | None:
    if text is None or len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"
