"""Write the graph out: RDF serialisations, or its network projection.

One table, :data:`FORMATS`, maps each :class:`ExportFormat` to its media type,
file extension and writer. RDF formats (Turtle, TriG, N-Triples, JSON-LD)
hold every triple. Network formats (GraphML, GEXF, CSV) hold the claim
projection of :func:`honduras_kg.network.to_networkx`: entities as nodes, one
edge per claim between two entities.

>>> from honduras_kg.namespaces import HK, HKO, SRC
>>> g = Graph()
>>> _ = g.add((HK.honduras, HKO.mentionedIn, SRC.s))
>>> serialize(g, "nt").decode().split()[0]
'<https://w3id.org/honduras-kg/id/honduras>'
>>> FORMATS[ExportFormat.GEXF].extension
'.gexf'
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef

from honduras_kg.formats import NotAcceptable, parse_accept
from honduras_kg.namespaces import PREFIXES, PROV, RDF
from honduras_kg.network import local_name, to_networkx

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "FORMAT_ALIASES",
    "LIST_SEPARATOR",
    "ExportFormat",
    "FormatInfo",
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


class ExportFormat(StrEnum):
    """The formats :func:`export` writes; the value is the name the CLI takes."""

    TURTLE = "turtle"
    TRIG = "trig"
    NT = "nt"
    JSONLD = "jsonld"
    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"


@dataclass(frozen=True)
class FormatInfo:
    """How one format is served and written."""

    media_type: str
    extension: str
    writer: Callable[[Graph], bytes]


def serialize(graph: Graph, format: ExportFormat | str) -> bytes:
    """``graph`` in ``format``, as bytes (UTF-8 for the text formats).

    Raises ``ValueError`` for a format name that is not an :class:`ExportFormat`.
    """
    return FORMATS[ExportFormat(format)].writer(graph)


#: Other names for the formats, as ``format=`` values or media types.
FORMAT_ALIASES: dict[str, ExportFormat] = {
    "ttl": ExportFormat.TURTLE,
    "ntriples": ExportFormat.NT,
    "n-triples": ExportFormat.NT,
    "text/plain": ExportFormat.NT,
    "json-ld": ExportFormat.JSONLD,
    "application/json": ExportFormat.JSONLD,
    "application/x-turtle": ExportFormat.TURTLE,
}


def choose_format(*, accept: str | None = None, format: str | None = None) -> ExportFormat:
    """The export format a request asks for: ``format`` (a name or media type) wins
    over ``Accept`` (q-values honoured); neither, or ``*/*``, gives Turtle.

    >>> choose_format(format="gexf"), choose_format(accept="text/csv, text/turtle;q=0.5")
    (<ExportFormat.GEXF: 'gexf'>, <ExportFormat.CSV: 'csv'>)

    Raises :class:`~honduras_kg.formats.NotAcceptable` when nothing fits.
    """
    offered = ", ".join(f"{fmt.value} ({info.media_type})" for fmt, info in FORMATS.items())
    if format:
        chosen = _export_format(format)
        if chosen is None:
            raise NotAcceptable(f"format {format!r} is not an export format; use one of: {offered}")
        return chosen
    if not accept or not accept.strip():
        return ExportFormat.TURTLE
    for media_range, _ in parse_accept(accept):
        if media_range in ("*/*", "*", "text/*"):
            return ExportFormat.TURTLE
        chosen = _export_format(media_range)
        if chosen is not None:
            return chosen
    raise NotAcceptable(f"none of the accepted types ({accept}) is an export format: {offered}")


def _export_format(name: str) -> ExportFormat | None:
    name = name.strip().lower()
    for fmt, info in FORMATS.items():
        if name in (fmt.value, info.media_type):
            return fmt
    return FORMAT_ALIASES.get(name)


def export(graph: Graph, format: ExportFormat | str, out: Path | str | BinaryIO) -> None:
    """Write ``graph`` in ``format`` to ``out``, a file path or a binary stream."""
    data = serialize(graph, format)
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    else:
        out.write(data)


def guess_format(path: Path | str) -> ExportFormat:
    """The format whose extension ``path`` has.

    >>> guess_format("out/graph.jsonld")
    <ExportFormat.JSONLD: 'jsonld'>

    Raises ``ValueError`` for an extension no format has.
    """
    suffix = Path(path).suffix.lower()
    for fmt, info in FORMATS.items():
        if info.extension == suffix:
            return fmt
    raise ValueError(f"no export format has the extension {suffix!r}")


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


def _turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def _jsonld(graph: Graph) -> bytes:
    return graph.serialize(
        format="json-ld", context=_prefixes(graph), auto_compact=True, encoding="utf-8"
    )


def _trig(graph: Graph) -> bytes:
    """One named graph per source, holding what was derived from it alone.

    Every triple whose subject has exactly one ``prov:wasDerivedFrom`` (the
    claims and statements) goes into the graph named by that source's IRI;
    everything else (entities, sources, the ontology) stays in the default
    graph. So a TriG-aware store can scope a query to one source, while the
    union of the graphs is exactly the input, ``prov:wasDerivedFrom``
    included. (rdflib's own TriG writer warns on its own deprecated API, so
    pyoxigraph writes it.)
    """
    sources: dict[str, set[str]] = defaultdict(set)
    for subject, source in graph.subject_objects(PROV.wasDerivedFrom):
        if isinstance(subject, URIRef):
            sources[str(subject)].add(str(source))
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, _graph_name(t.subject, sources))
        for t in ox.parse(_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    ]
    buffer = io.BytesIO()
    ox.serialize(quads, buffer, format=ox.RdfFormat.TRIG, prefixes=_prefixes(graph))
    return buffer.getvalue()


def _graph_name(
    subject: ox.NamedNode | ox.BlankNode | ox.Triple, sources: Mapping[str, set[str]]
) -> ox.NamedNode | ox.DefaultGraph:
    if isinstance(subject, ox.NamedNode) and len(sources.get(subject.value, ())) == 1:
        (source,) = sources[subject.value]
        return ox.NamedNode(source)
    return ox.DefaultGraph()


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


def _graphml(graph: Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(flat_network(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def _gexf(graph: Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(flat_network(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def _csv(graph: Graph) -> bytes:
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


#: Each format's media type, file extension and writer: the one table of formats.
FORMATS: dict[ExportFormat, FormatInfo] = {
    ExportFormat.TURTLE: FormatInfo("text/turtle", ".ttl", _turtle),
    ExportFormat.TRIG: FormatInfo("application/trig", ".trig", _trig),
    ExportFormat.NT: FormatInfo("application/n-triples", ".nt", _ntriples),
    ExportFormat.JSONLD: FormatInfo("application/ld+json", ".jsonld", _jsonld),
    ExportFormat.GRAPHML: FormatInfo("application/graphml+xml", ".graphml", _graphml),
    ExportFormat.GEXF: FormatInfo("application/gexf+xml", ".gexf", _gexf),
    ExportFormat.CSV: FormatInfo("text/csv", ".csv", _csv),
}
