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

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from honduras_kg.lazy import networkx as nx
from honduras_kg.model.time import When, when
from honduras_kg.namespaces import HKO, SCHEMA
from honduras_kg.store.base import Store, Term
from honduras_kg.store.rows import select_all

__all__ = [
    "NODE_TYPES",
    "edge_when",
    "local_name",
    "node_type",
    "preference",
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
    "population": (HKO.Population,),
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

# The projection is read in columns: one query for what each node or link is,
# then one per field, each a plain index scan joined here. (Oxigraph evaluates one
# query with a dozen OPTIONALs a hundred times slower than the dozen queries.)
#
# What makes a node: entities (mentioned in a source), statements and sources.
_NODE_CORE = """{ ?node hko:mentionedIn ?mentionedIn }
  UNION { ?node a hko:Statement } UNION { ?node a hko:Source }"""
_NODE_FIELDS = {
    "type": "?node a ?type",
    "label": "?node rdfs:label ?label",
    "description": "?node schema:description|hko:words|hko:paraphrase ?description",
}
# What makes a link: a claim with an IRI object, or a statement with a speaker.
_CLAIM_CORE = """?link rdf:subject ?subject ; a hko:Claim ; rdf:predicate ?predicate ;
    rdf:object ?object . FILTER isIRI(?object) BIND ("claim" AS ?kind)"""
_SAID_CORE = """?link hko:speaker ?subject ; a hko:Statement . BIND ("statement" AS ?kind)"""
# The fields of a claim that the network walks (the predicate's label comes from
# one query of the predicates), then those of what is drawn, claims and statements.
_CLAIM_FIELDS = {
    "modality": "?link hko:modality ?modality",
    "standing": "?link hko:standing ?standing",
    "negated": "?link hko:negated ?negated",
    "date": "?link hko:date ?date",
    "since": "?link hko:since ?since",
    "earliest": "?link hko:earliest ?earliest",
    "latest": "?link hko:latest ?latest",
    "asOf": "?link hko:asOf ?asOf",
    "dateText": "?link hko:dateText ?dateText",
}
_DRAWN_FIELDS = {
    "attributedTo": "?link hko:attributedTo ?attributedTo",
    "label": "?link rdfs:label ?label",
    "source": "?link prov:wasDerivedFrom ?source",
    "quote": "?link hko:quote ?quote",
    "about": "?link hko:about ?about",
    "words": "?link hko:words|hko:paraphrase ?words",
}
# Labels of predicates and sources, read once, for every link that names them.
_LABELS = """
SELECT DISTINCT ?iri ?label WHERE {{
  {{ SELECT DISTINCT ?iri WHERE {{ ?link {via} ?iri }} }} ?iri rdfs:label ?label
}}"""

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
    near = sorted(around) if around is not None else None
    nodes = _columns(store, "node", [_NODE_CORE], _NODE_FIELDS, near=near)
    said = [_SAID_CORE] if include_statements and not light else []
    fields = _CLAIM_FIELDS | ({} if light else _DRAWN_FIELDS)
    links = _columns(store, "link", [_CLAIM_CORE, *said], fields, near=near)
    _label(store, links, "predicate", "relation", via="rdf:predicate")
    if not light:
        _label(store, links, "source", "sourceLabel", via="prov:wasDerivedFrom")
    net = _network(nodes, links, include_statements and not light, include_sources and not light)
    if around is not None:  # statements and sources that touch none of the entities
        net.remove_nodes_from([n for n in list(net) if n not in around and not net.degree(n)])
    return net


def _columns(
    store: Store, key: str, cores: list[str], fields: dict[str, str], *, near: list[str] | None
) -> dict[str, Record]:
    """The records of what ``cores`` find (one query each), then their ``fields`` (one each).

    With ``near``, only links whose subject or speaker, or nodes that are
    entities, are among those IRIs (statements and sources stay, to be pruned).
    """
    records: dict[str, Record] = {}
    for core in cores:
        query = f"SELECT * WHERE {{ {_near(core, key, near)} }}"
        records.update(_records(_light_rows(store, query), key))
    found = sorted(records)
    if near is not None:
        scopes = _scopes(found, key)
    elif key == "link":
        # Every link's fields: a plain scan of the property, the rows of other things
        # dropped below. (Joined with the links' type, each query took about a second at
        # a million triples, even one that finds nothing.)
        scopes = [""]
    else:  # a node's type and label are also a claim's: the join keeps out 80% of the rows
        scopes = [_any_of(cores, key)]
    for var, pattern in fields.items():
        for scope in scopes:
            # Oxigraph joins in the order written: the narrower pattern first.
            where = f"{scope} {pattern}" if near is not None else f"{pattern} . {scope}"
            query = f"SELECT ?{key} ?{var} WHERE {{ {where} }}"
            for row in _light_rows(store, query):
                record = records.get(row[key])
                if record is not None and var in row:
                    record[var].add(row[var])
    return records


def _label(store: Store, records: dict[str, Record], field: str, into: str, *, via: str) -> None:
    """Give each record the labels of the IRIs in its ``field``, as ``into``."""
    labels: dict[str, set] = defaultdict(set)
    for row in _light_rows(store, _LABELS.format(via=via)):
        labels[row["iri"]].add(row["label"])
    for record in records.values():
        for iri in record.get(field, ()):
            record[into] |= labels.get(str(iri), set())


def _near(core: str, key: str, near: list[str] | None) -> str:
    """``core`` narrowed to entities among ``near``: the entities themselves, claims between
    two of them, statements by or about one (statement and source nodes stay whole)."""
    if near is None:
        return core
    terms = " ".join(f"<{iri}>" for iri in near)
    if key == "node":
        entities = "{ ?node hko:mentionedIn"
        return core.replace(entities, f"{{ VALUES ?node {{ {terms} }} ?node hko:mentionedIn", 1)
    if "hko:speaker" in core:
        said = "{ ?link hko:speaker ?near } UNION { ?link hko:about ?near }"
        return f"VALUES ?near {{ {terms} }} {said} {core}"
    # Both ends among them: a claim to an entity outside would be dropped with it, and a
    # hub has thousands of those.
    listed = ", ".join(f"<{iri}>" for iri in near)
    return f"VALUES ?subject {{ {terms} }} {core} FILTER(?object IN ({listed}))"


def _any_of(cores: list[str], key: str) -> str:
    """What a field query joins on: the kind of thing the cores find."""
    if key == "node":
        return f"{{ SELECT DISTINCT ?node WHERE {{ {_NODE_CORE} }} }}"
    kinds = " ".join("hko:Claim" if "hko:Claim" in core else "hko:Statement" for core in cores)
    return f"VALUES ?kind_of {{ {kinds} }} ?link a ?kind_of"


def _scopes(found: list[str], key: str) -> list[str]:
    """VALUES blocks naming what was found, a few hundred at a time."""
    return [
        f"VALUES ?{key} {{ {' '.join(f'<{iri}>' for iri in found[i : i + 400])} }}"
        for i in range(0, len(found), 400)
    ]


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


def _light_rows(store: Store, query: str) -> Iterator[dict[str, Any]]:
    """Rows as text, save language-tagged literals (the projection reads nothing else)."""
    for row in select_all(store, query):
        yield {name: _light(term) for name, term in row.items()}


def _light(term: Term) -> Any:
    if term["type"] == "bnode":
        return BNode(term["value"])
    if "xml:lang" in term:
        return Literal(term["value"], lang=term["xml:lang"])
    return term["value"]


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


def preference(value: Node) -> tuple[int, str]:
    """English first, then untagged, then other languages; then alphabetically."""
    language = value.language if isinstance(value, Literal) else None
    rank = {"en": 0, None: 1}.get(language, 2)
    return rank, str(value)


def _text(values: set[Node] | None) -> str | None:
    if not values:
        return None
    if len(values) == 1:  # nearly always: no choice to make (a million calls at 1M triples)
        return str(next(iter(values)))
    return str(min(values, key=preference))


def _texts(values: set[Node] | None) -> list[str]:
    return sorted({str(v) for v in values}) if values else []


def _short(values: set[Node] | None) -> str | None:
    text = _text(values)
    return local_name(text).lower() if text else None


def _truncate(text: str | None, width: int = 60) -> str | None:
    if text is None or len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"
