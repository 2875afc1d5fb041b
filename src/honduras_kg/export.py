"""Write the graph out: RDF serialisations, its network projection, or its evidence.

The formats are the ``graph``, ``network`` and ``annotations`` rows of the one
registry, :data:`honduras_kg.formats.FORMATS`; :class:`ExportFormat` and
:data:`FORMATS` here are views of it. RDF formats (Turtle, TriG, N-Triples,
JSON-LD, RDF/XML, N-Quads) hold every triple. Network formats (GraphML, GEXF,
CSV) hold the claim projection of :func:`honduras_kg.network.to_networkx`:
entities as nodes, one edge per claim between two entities. The annotations
format holds the evidence anchors (``anchors.ttl``) as a W3C Web Annotation
collection in JSON-LD (:func:`annotation_collection`).

>>> from honduras_kg.namespaces import HK, HKO, SRC
>>> g = Graph()
>>> _ = g.add((HK.honduras, HKO.mentionedIn, SRC.s))
>>> serialize(g, "nt").decode().split()[0]
'<https://w3id.org/honduras-kg/id/honduras>'
>>> FORMATS[ExportFormat.GEXF].extension
'gexf'
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Graph, URIRef

from honduras_kg.curation.anchors import Anchor, read_anchors
from honduras_kg.formats import EXPORT_KINDS, Format, by_name, negotiate, of_kind, write_quads
from honduras_kg.lazy import networkx as nx
from honduras_kg.namespaces import ANNO, HKO, PREFIXES, PROV, RDF
from honduras_kg.network import local_name, to_networkx

__all__ = [
    "ANNO_CONTEXT",
    "CSV_COLUMNS",
    "EXPORT_KINDS",
    "FORMATS",
    "LIST_SEPARATOR",
    "ExportFormat",
    "annotation_collection",
    "choose_format",
    "export",
    "flat_network",
    "guess_format",
    "serialize",
]

#: Joins list values (a claim's quotes) where a format takes one string.
LIST_SEPARATOR = " | "

#: The columns of the CSV export, one row per claim edge.
CSV_COLUMNS: tuple[str, ...] = (
    "subject_id",
    "subject_label",
    "relation",
    "object_id",
    "object_label",
    "modality",
    "standing",
    "negated",
    "source",
    "date",
    "quote",
    "claim",
)


class _Named(StrEnum):
    @classmethod
    def _missing_(cls, value: object) -> _Named | None:
        # Aliases and media types ("nt", "text/turtle") name the same member.
        fmt = by_name(str(value), EXPORT_KINDS)
        return cls(fmt.name) if fmt and fmt.name != value else None


#: The formats :func:`export` writes; the value is the name the CLI takes.
ExportFormat = _Named(  # type: ignore[misc]
    "ExportFormat", {fmt.name.upper(): fmt.name for fmt in of_kind(*EXPORT_KINDS)}
)

#: Each export format's row of the registry: media type, extension, writer.
FORMATS: dict[ExportFormat, Format] = {
    ExportFormat(fmt.name): fmt for fmt in of_kind(*EXPORT_KINDS)
}


def serialize(graph: Graph, format: ExportFormat | str) -> bytes:
    """``graph`` in ``format``, as bytes (UTF-8 for the text formats).

    Raises ``ValueError`` for a format name that is not an :class:`ExportFormat`.
    """
    fmt = FORMATS[ExportFormat(format)]
    if fmt.kind != "graph":
        return fmt.write(graph)
    return write_quads(_quads(graph, by_source=fmt.name in _BY_SOURCE), fmt, _prefixes(graph))


def choose_format(*, accept: str | None = None, format: str | None = None) -> ExportFormat:
    """The export format a request asks for: ``format`` (a name or media type) wins
    over ``Accept`` (q-values honoured); neither, or ``*/*``, gives Turtle.

    >>> choose_format(format="gexf"), choose_format(accept="text/csv, text/turtle;q=0.5")
    (<ExportFormat.GEXF: 'gexf'>, <ExportFormat.CSV: 'csv'>)

    Raises :class:`~honduras_kg.formats.NotAcceptable` when nothing fits.
    """
    return ExportFormat(negotiate(EXPORT_KINDS, accept=accept, format=format).name)


def export(graph: Graph, format: ExportFormat | str, out: Path | str | BinaryIO) -> None:
    """Write ``graph`` in ``format`` to ``out``, a file path or a binary stream."""
    data = serialize(graph, format)
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    else:
        out.write(data)


def guess_format(path: Path | str) -> ExportFormat:
    """The format whose extension ``path`` has (the longest that fits).

    >>> guess_format("out/graph.jsonld"), guess_format("out/evidence.anno.jsonld")
    (<ExportFormat.JSONLD: 'jsonld'>, <ExportFormat.ANNOTATIONS: 'annotations'>)

    Raises ``ValueError`` for an extension no format has.
    """
    name = Path(path).name.lower()
    fitting = [fmt for fmt, info in FORMATS.items() if name.endswith("." + info.extension)]
    if not fitting:
        raise ValueError(f"no export format has the extension {Path(path).suffix.lower()!r}")
    return max(fitting, key=lambda fmt: len(FORMATS[fmt].extension))


# --- RDF ---------------------------------------------------------------------


def _prefixes(graph: Graph) -> dict[str, str]:
    """The project's prefixes, and any other bound prefix a predicate or class uses.

    (rdflib binds dozens of vocabularies by default; listing them all in a
    JSON-LD context or a TriG header would only be noise.)
    """
    used = {str(term) for term in (*graph.predicates(), *graph.objects(None, RDF.type))}
    return {
        prefix: str(ns)
        for prefix, ns in graph.namespaces()
        if prefix in PREFIXES or (prefix and any(u.startswith(str(ns)) for u in used))
    }


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


#: The dataset formats an export splits by source (see :func:`_quads`).
_BY_SOURCE = ("trig", "nquads")


def _quads(graph: Graph, *, by_source: bool) -> list[ox.Quad]:
    """The triples, in the default graph or, ``by_source``, one named graph per source.

    With ``by_source``, every triple whose subject has exactly one
    ``prov:wasDerivedFrom`` (the claims and statements) goes into the graph
    named by that source's IRI; everything else (entities, sources, the
    ontology) stays in the default graph. So a TriG-aware store can scope a
    query to one source, while the union of the graphs is exactly the input,
    ``prov:wasDerivedFrom`` included.
    """
    quads = ox.parse(_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    if not by_source:
        return list(quads)
    sources: dict[str, set[str]] = defaultdict(set)
    for subject, source in graph.subject_objects(PROV.wasDerivedFrom):
        if isinstance(subject, URIRef):
            sources[str(subject)].add(str(source))
    return [
        ox.Quad(q.subject, q.predicate, q.object, _graph_name(q.subject, sources)) for q in quads
    ]


def _graph_name(
    subject: ox.NamedNode | ox.BlankNode | ox.Triple, sources: Mapping[str, set[str]]
) -> ox.NamedNode | ox.DefaultGraph:
    if isinstance(subject, ox.NamedNode) and len(sources.get(subject.value, ())) == 1:
        (source,) = sources[subject.value]
        return ox.NamedNode(source)
    return ox.DefaultGraph()


# --- Claims, with their evidence ----------------------------------------------

_PARTS = (str(RDF.subject), str(RDF.predicate), str(RDF.object))
_REIFIES = ox.NamedNode(str(RDF) + "reifies")


def _rdf_star(_: Format, graph: Graph) -> bytes:
    """Every claim as an RDF 1.2 reifier of its triple, with what the claim says
    about it (modality, source, quotes, attribution, dates) and without the
    ``rdf:subject``, ``rdf:predicate`` and ``rdf:object`` that the triple term replaces.

    A reifier does not assert its triple: a threatened or negated claim stays one.
    """
    by_subject: dict[ox.NamedNode | ox.BlankNode | ox.Triple, list[ox.Quad]] = defaultdict(list)
    for quad in ox.parse(_ntriples(graph), format=ox.RdfFormat.N_TRIPLES):
        by_subject[quad.subject].append(quad)
    quads: list[ox.Quad] = []
    for claim in sorted(set(graph.subjects(RDF.type, HKO.Claim)), key=str):
        own = by_subject[ox.NamedNode(str(claim))] if isinstance(claim, URIRef) else []
        parts = {q.predicate.value: q.object for q in own if q.predicate.value in _PARTS}
        s, p, o = (parts.get(part) for part in _PARTS)
        if not isinstance(s, ox.NamedNode | ox.BlankNode) or not isinstance(p, ox.NamedNode):
            continue  # no triple to reify (the gate refuses such a claim)
        quads.append(ox.Quad(own[0].subject, _REIFIES, ox.Triple(s, p, o)))
        quads += [q for q in own if q.predicate.value not in _PARTS]
    return write_quads(quads, FORMATS[ExportFormat.TURTLE], _prefixes(graph))


# --- Network -----------------------------------------------------------------


def _flat_value(value: Any) -> str | int | float | bool | None:
    """A value GraphML and GEXF can hold: lists joined, ``None`` dropped by the caller."""
    if isinstance(value, list | tuple | set):
        return LIST_SEPARATOR.join(str(v) for v in value) if value else None
    return value


def _flat(attrs: Mapping[str, Any]) -> dict[str, Any]:
    flat = {k: _flat_value(v) for k, v in attrs.items()}
    return {k: v for k, v in flat.items() if v is not None}


def flat_network(graph: Graph) -> nx.MultiDiGraph:
    """The claim projection with only str/int/float/bool attribute values."""
    net = to_networkx(graph)
    flat = nx.MultiDiGraph()
    flat.add_nodes_from((node, _flat(attrs)) for node, attrs in net.nodes(data=True))
    flat.add_edges_from(
        (u, v, key, _flat(attrs)) for u, v, key, attrs in net.edges(keys=True, data=True)
    )
    return flat


def _graphml(_: Format, graph: Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(flat_network(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def _gexf(_: Format, graph: Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(flat_network(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def _csv(_: Format, graph: Graph) -> bytes:
    net = to_networkx(graph)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for u, v, attrs in net.edges(data=True):
        writer.writerow(_csv_row(net.nodes[u], net.nodes[v], attrs))
    return text.getvalue().encode("utf-8")


def _csv_row(
    subject: Mapping[str, Any], target: Mapping[str, Any], edge: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "subject_id": subject["id"],
        "subject_label": subject["label"],
        "relation": edge["relation"],
        "object_id": target["id"],
        "object_label": target["label"],
        "modality": edge.get("modality"),
        "standing": edge.get("standing"),
        "negated": str(edge.get("negated", False)).lower(),
        "source": local_name(edge["source"]) if edge.get("source") else None,
        "date": edge.get("date"),
        "quote": LIST_SEPARATOR.join(edge.get("quotes", ())),
        "claim": edge.get("claim"),
    }


# --- Evidence ----------------------------------------------------------------

#: The W3C Web Annotation JSON-LD context, named and never fetched.
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotation_collection(graph: Graph) -> dict[str, Any]:
    """The annotations of ``graph`` as one W3C ``AnnotationCollection`` with one page.

    Any Web Annotation client can read it; its items are the annotations of
    ``anchors.ttl``, each with the claim or statement as its body and the
    source, with a quote and a position selector, as its target.

    >>> annotation_collection(Graph())["first"]["items"]
    []
    """
    anchors = sorted((a for a in read_anchors(graph).values() if a is not None), key=_reading)
    container = str(anchors[0].iri).rsplit("/", 1)[0] + "/" if anchors else str(ANNO)
    return {
        "@context": ANNO_CONTEXT,
        "id": container,
        "type": "AnnotationCollection",
        "label": "The evidence of the honduras-kg claims and statements, in their source texts",
        "total": len(anchors),
        "first": {
            "id": container + "#page-1",
            "type": "AnnotationPage",
            "partOf": container,
            "startIndex": 0,
            "items": [_annotation(anchor) for anchor in anchors],
        },
        "last": container + "#page-1",
    }


def _reading(anchor: Anchor) -> tuple[str, int, str]:
    """Source by source, in the order of the text."""
    return str(anchor.source), anchor.start, str(anchor.iri)


def _annotation(anchor: Anchor) -> dict[str, Any]:
    iri = str(anchor.iri)
    quote = {"exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix}
    return {
        "id": iri,
        "type": "Annotation",
        "motivation": "describing",
        "body": str(anchor.node),
        "target": {
            "id": iri + "#target",
            "type": "SpecificResource",
            "source": str(anchor.source),
            "selector": [
                {"id": iri + "#quote", "type": "TextQuoteSelector", **quote},
                {"id": iri + "#position", "type": "TextPositionSelector",
                 "start": anchor.start, "end": anchor.end},
            ],
        },
    }  # fmt: skip


def _annotations(_: Format, graph: Graph) -> bytes:
    document = annotation_collection(graph)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
