"""The one format registry, :data:`FORMATS`, and content negotiation over it.

Each format is one :class:`Format` row: name, label, media types, aliases,
file extension, kind, W3C format IRI and writer. The SPARQL endpoint, the
linked-data pages, the exports, the service description, the CLI's choices
and the query page's menus (``/sparql/formats``) all read this table.

Query results travel between the stores and the web layer in one neutral
shape, the term dictionaries of the SPARQL 1.1 JSON results format
(``{"type": "uri", "value": "..."}``), so that every backend and every output
format meet in exactly one place. Graph results travel as N-Triples text.
That shape is the SPARQL JSON answer as it stands; Oxigraph's own writers
write the rest, whichever backend answered: the other results formats from it
(:func:`serialize_select`, :func:`serialize_ask`), graphs from N-Triples
(:func:`serialize_graph`), except JSON-LD (rdflib compacts it).
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from typing import Literal as TypingLiteral

import pyoxigraph as ox
import rdflib

from honduras_kg.errors import HondurasKGError, StoreError
from honduras_kg.namespaces import PREFIXES

__all__ = [
    "FORMATS",
    "W3C",
    "Format",
    "Kind",
    "NotAcceptable",
    "Term",
    "by_name",
    "negotiate",
    "of_kind",
    "parse_accept",
    "serialize_ask",
    "serialize_graph",
    "serialize_select",
    "write_quads",
]

Term = Mapping[str, str]
#: What a format carries: SPARQL results (SELECT, ASK), an RDF graph, the claim
#: network, the claims with their evidence or the evidence as W3C Web Annotations
#: (exports only), or an HTML page.
Kind = TypingLiteral["results", "graph", "network", "claims", "annotations", "page"]
#: The kinds of format an export comes in.
EXPORT_KINDS: tuple[Kind, ...] = ("graph", "network", "claims", "annotations")
W3C = "http://www.w3.org/ns/formats/"


class NotAcceptable(HondurasKGError):
    """No format the client accepts can carry this kind of answer (HTTP 406)."""


@dataclass(frozen=True)
class Format:
    """One way of writing an answer: a row of :data:`FORMATS`.

    ``media_aliases`` are other media types clients send for it; they are
    looked up only among the kinds an answer can take, so ``application/json``
    is SPARQL JSON for query results and JSON-LD for a graph. ``writer`` names
    the function that writes it (``module:function``, imported when first
    used, so that this module needs nothing above it): it takes the format,
    then for ``results`` a SPARQL JSON results document, for ``graph`` quads, for
    ``network``, ``claims`` and ``annotations`` an rdflib graph; pages are written by the
    templates.
    """

    name: str
    label: str
    media_type: str
    kind: Kind
    extension: str
    iri: str | None = None
    writer: str | None = None
    aliases: tuple[str, ...] = ()
    media_aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (with charset for text formats)."""
        return f"{self.media_type}; charset=utf-8"

    def names(self) -> tuple[str, ...]:
        """Every name and media type this format answers to, lower case.

        >>> by_name("ttl").names()
        ('turtle', 'text/turtle', 'ttl', 'application/x-turtle')
        """
        return (self.name, self.media_type, *self.aliases, *self.media_aliases)

    def write(self, *args: Any) -> Any:
        """Call this format's writer (see the class docstring for its arguments)."""
        if self.writer is None:
            raise TypeError(f"{self.name} is written by a template, not a writer")
        return _function(self.writer)(self, *args)


@functools.cache
def _function(reference: str) -> Any:
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


_FMT = "honduras_kg.formats:"
_EXPORT = "honduras_kg.export:"

#: Every format we speak, each once; the first of each kind is its default. Columns:
#: name, label, media type, kind, extension, W3C IRI, writer, aliases, media aliases.
# fmt: off
FORMATS: tuple[Format, ...] = (
    Format("json", "SPARQL JSON", "application/sparql-results+json", "results", "srj",
           W3C + "SPARQL_Results_JSON", _FMT + "_write_results", ("srj",), ("application/json",)),
    Format("xml", "SPARQL XML", "application/sparql-results+xml", "results", "srx",
           W3C + "SPARQL_Results_XML", _FMT + "_write_results", ("srx",),
           ("application/xml", "text/xml")),
    Format("csv", "CSV", "text/csv", "results", "csv",
           W3C + "SPARQL_Results_CSV", _FMT + "_write_results"),
    Format("tsv", "TSV", "text/tab-separated-values", "results", "tsv",
           W3C + "SPARQL_Results_TSV", _FMT + "_write_results"),
    Format("turtle", "Turtle", "text/turtle", "graph", "ttl",
           W3C + "Turtle", _FMT + "_write_rdf", ("ttl",), ("application/x-turtle",)),
    Format("ntriples", "N-Triples", "application/n-triples", "graph", "nt",
           W3C + "N-Triples", _FMT + "_write_rdf", ("nt", "n-triples"), ("text/plain",)),
    Format("jsonld", "JSON-LD", "application/ld+json", "graph", "jsonld",
           W3C + "JSON-LD", _FMT + "_write_jsonld", ("json-ld",),
           ("application/json", "application/json+ld")),
    Format("rdfxml", "RDF/XML", "application/rdf+xml", "graph", "rdf",
           W3C + "RDF_XML", _FMT + "_write_rdf", ("rdf", "rdf/xml")),
    Format("trig", "TriG", "application/trig", "graph", "trig",
           W3C + "TriG", _FMT + "_write_rdf"),
    Format("nquads", "N-Quads", "application/n-quads", "graph", "nq",
           W3C + "N-Quads", _FMT + "_write_rdf", ("nq", "n-quads")),
    Format("graphml", "GraphML", "application/graphml+xml", "network", "graphml",
           writer=_EXPORT + "_graphml"),
    Format("gexf", "GEXF", "application/gexf+xml", "network", "gexf",
           writer=_EXPORT + "_gexf"),
    Format("csv", "CSV", "text/csv", "network", "csv", writer=_EXPORT + "_csv"),
    Format("rdfstar", "RDF 1.2 Turtle, each claim reifying its triple", "text/turtle",
           "claims", "ttl", writer=_EXPORT + "_rdf_star", aliases=("rdf-star", "turtle-star")),
    Format("annotations", "Web Annotation JSON-LD",
           'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', "annotations",
           "anno.jsonld", writer=_EXPORT + "_annotations", aliases=("anno",)),
    Format("html", "HTML", "text/html", "page", "html", media_aliases=("application/xhtml+xml",)),
)
# fmt: on


def of_kind(*kinds: Kind) -> tuple[Format, ...]:
    """The formats of ``kinds``, kind by kind, each kind's default first.

    >>> [fmt.name for fmt in of_kind("network")]
    ['graphml', 'gexf', 'csv']
    """
    return tuple(fmt for kind in kinds for fmt in FORMATS if fmt.kind == kind)


def by_name(name: str, kinds: Sequence[Kind] | None = None) -> Format | None:
    """The format of ``kinds`` (default: all, in table order) that ``name`` names.

    ``name`` is a name, an alias or a media type, in any case.

    >>> by_name("application/json").name, by_name("application/json", ["graph"]).name
    ('json', 'jsonld')
    >>> by_name("csv", ["network"]).kind
    'network'
    """
    name = name.strip().lower()
    candidates = of_kind(*kinds) if kinds else FORMATS
    return next((fmt for fmt in candidates if name in fmt.names()), None)


def parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges of an ``Accept`` header with their q-values, best first.

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json")
    [('application/sparql-results+json', 1.0), ('text/csv', 0.5)]
    """
    ranges = []
    for position, part in enumerate(header.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q, position))
    ranges.sort(key=lambda item: (-item[1], item[2]))
    return [(media, q) for media, q, _ in ranges if q > 0]


def _matches(media_range: str, fmt: Format) -> bool:
    if media_range in ("*/*", "*"):
        return True
    if media_range.endswith("/*"):
        return fmt.media_type.startswith(media_range[:-1])
    return media_range in fmt.names()


def negotiate(
    kinds: Sequence[Kind], *, accept: str | None = None, format: str | None = None
) -> Format:
    """Choose the format for an answer of one of ``kinds``.

    An explicit ``format`` (a name such as ``csv`` or a media type) wins over
    ``Accept``; a missing or ``*/*`` Accept gives the first kind's default.
    Raises :class:`NotAcceptable` when nothing acceptable fits.

    >>> negotiate(["results"], accept="text/csv;q=0.9, application/sparql-results+xml").name
    'xml'
    >>> negotiate(["graph"], format="ttl").media_type
    'text/turtle'
    >>> negotiate(["results"]).name
    'json'
    """
    candidates = of_kind(*kinds)
    if format:
        chosen = by_name(format, kinds)
        if chosen is None:
            offered = ", ".join(fmt.name for fmt in candidates)
            raise NotAcceptable(
                f"format {format!r} cannot carry this answer; use one of: {offered}"
            )
        return chosen
    if not accept or not accept.strip():
        return candidates[0]
    for media_range, _ in parse_accept(accept):
        for fmt in candidates:
            if _matches(media_range, fmt):
                return fmt
    offered = ", ".join(fmt.media_type for fmt in candidates)
    raise NotAcceptable(
        f"none of the accepted types ({accept}) fits; this answer comes as: {offered}"
    )


# --- SELECT and ASK ----------------------------------------------------------


def serialize_select(
    variables: Sequence[str], rows: Iterable[Mapping[str, Term]], fmt: Format
) -> bytes:
    """Write SELECT results (rows of SPARQL-JSON term dicts) in ``fmt``.

    >>> rows = [{"n": {"type": "literal", "value": "5",
    ...                "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    >>> serialize_select(["n"], rows, by_name("tsv"))
    b'?n\\n5\\n'
    """
    document = {"head": {"vars": list(variables)}, "results": {"bindings": list(rows)}}
    return fmt.write(document)


def serialize_ask(answer: bool, fmt: Format) -> bytes:
    """Write an ASK answer in ``fmt`` (CSV and TSV as the bare word, as Oxigraph writes it).

    >>> serialize_ask(True, by_name("xml"))[-45:]
    b'<head></head><boolean>true</boolean></sparql>'
    """
    return fmt.write({"head": {}, "boolean": answer})


def _write_results(fmt: Format, document: Mapping[str, Any]) -> bytes:
    # The rows are SPARQL JSON already: that is the JSON answer as it stands (reading it
    # back to write it again would double the cost of the default format), and Oxigraph
    # reads it to write the others.
    results_format = ox.QueryResultsFormat.from_media_type(fmt.media_type)
    if results_format is None:
        raise TypeError(f"{fmt.name} is not a SPARQL results format")
    text = json.dumps(document, ensure_ascii=False)
    if results_format == ox.QueryResultsFormat.JSON:
        return text.encode()
    try:  # the terms are read as they are written
        results = ox.parse_query_results(text, format=ox.QueryResultsFormat.JSON)
        return results.serialize(format=results_format)
    except SyntaxError as err:  # a term no RDF syntax can write (rdflib lets some through)
        raise StoreError(f"the store returned a term that is not valid RDF: {err}") from None


# --- CONSTRUCT, DESCRIBE and dumps ---------------------------------------------


def serialize_graph(ntriples: str, fmt: Format) -> str:
    """Write a graph given as N-Triples text in ``fmt`` (N-Triples passes through)."""
    if fmt.name == "ntriples":
        return ntriples
    quads = ox.parse(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)
    return write_quads(quads, fmt).decode()


def write_quads(
    quads: Iterable[ox.Quad], fmt: Format, prefixes: Mapping[str, str] = PREFIXES
) -> bytes:
    """Write ``quads`` in the graph format ``fmt``; the formats with prefixes get ``prefixes``.

    >>> triple = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))
    >>> write_quads([triple], by_name("nt"))
    b'<urn:a> <urn:b> "c" .\\n'
    """
    return fmt.write(quads, prefixes)


def _write_rdf(fmt: Format, quads: Iterable[ox.Quad], prefixes: Mapping[str, str]) -> bytes:
    # Oxigraph's writers: fast, and free of rdflib's deprecated dataset paths.
    rdf_format = ox.RdfFormat.from_media_type(fmt.media_type)
    if rdf_format is None:
        raise TypeError(f"{fmt.name} is not an RDF format")
    # In order, so that Turtle and TriG group each subject's triples under it.
    ordered = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate)))
    out: list[ox.Quad] | list[ox.Triple] = ordered
    if not rdf_format.supports_datasets:
        out = [quad.triple for quad in ordered]
    return ox.serialize(out, format=rdf_format, prefixes=dict(prefixes))


def _write_jsonld(fmt: Format, quads: Iterable[ox.Quad], prefixes: Mapping[str, str]) -> bytes:
    # rdflib's writer, for what Oxigraph's lacks: one object per subject, compacted
    # with the prefixes as the context. (Named graphs are merged: JSON-LD here is a graph.)
    triples = ox.serialize((quad.triple for quad in quads), format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph().parse(data=triples.decode(), format="nt")
    return graph.serialize(
        format="json-ld", context=dict(prefixes), auto_compact=True, encoding="utf-8"
    )
