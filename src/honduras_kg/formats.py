"""Content negotiation in one table: media types, ``format=`` names and serialisers.

Query results travel between the stores and the web layer in one neutral
shape, the term dictionaries of the SPARQL 1.1 JSON results format
(``{"type": "uri", "value": "..."}``), so that every backend and every output
format meet in exactly one place. Graph results travel as N-Triples text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal as TypingLiteral
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from honduras_kg.errors import HondurasKGError
from honduras_kg.namespaces import PREFIXES

__all__ = [
    "FORMATS",
    "Format",
    "NotAcceptable",
    "Term",
    "negotiate",
    "parse_accept",
    "serialize_ask",
    "serialize_graph",
    "serialize_select",
]

Term = Mapping[str, str]
Kind = TypingLiteral["results", "graph", "page"]


class NotAcceptable(HondurasKGError):
    """No format the client accepts can carry this kind of answer (HTTP 406)."""


@dataclass(frozen=True)
class Format:
    """One way of writing an answer."""

    name: str
    media_type: str
    kind: Kind
    extension: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (with charset for text formats)."""
        return f"{self.media_type}; charset=utf-8"


#: Every format we speak; the first of each kind is its default.
FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "results", "srj", ("srj",)),
    Format("xml", "application/sparql-results+xml", "results", "srx", ("srx",)),
    Format("csv", "text/csv", "results", "csv"),
    Format("tsv", "text/tab-separated-values", "results", "tsv"),
    Format("turtle", "text/turtle", "graph", "ttl", ("ttl",)),
    Format("ntriples", "application/n-triples", "graph", "nt", ("nt", "n-triples")),
    Format("jsonld", "application/ld+json", "graph", "jsonld", ("json-ld",)),
    Format("rdfxml", "application/rdf+xml", "graph", "rdf", ("rdf", "rdf/xml")),
    Format("trig", "application/trig", "graph", "trig"),
    Format("nquads", "application/n-quads", "graph", "nq", ("nq", "n-quads")),
    Format("html", "text/html", "page", "html"),
)

# Media types clients send for the same thing.
_MEDIA_ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "ntriples",
    "application/x-turtle": "turtle",
    "application/json+ld": "jsonld",
    "application/xhtml+xml": "html",
}


def _by_name(name: str) -> Format | None:
    name = name.strip().lower()
    for fmt in FORMATS:
        if name in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    alias = _MEDIA_ALIASES.get(name)
    return _by_name(alias) if alias else None


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
    return _by_name(media_range) is fmt


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
    candidates = [fmt for kind in kinds for fmt in FORMATS if fmt.kind == kind]
    if format:
        chosen = _by_name(format)
        if chosen is None or chosen not in candidates:
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
) -> str:
    """Write SELECT results (rows of SPARQL-JSON term dicts) in ``fmt``."""
    writers = {"json": _select_json, "xml": _select_xml, "csv": _select_csv, "tsv": _select_tsv}
    return writers[fmt.name](list(variables), rows)


def serialize_ask(answer: bool, fmt: Format) -> str:
    """Write an ASK answer in ``fmt`` (CSV and TSV as a one-cell table)."""
    if fmt.name == "json":
        return json.dumps({"head": {}, "boolean": answer})
    if fmt.name == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{str(answer).lower()}</boolean></sparql>\n"
        )
    return f"_askResult\n{str(answer).lower()}\n"


def _select_json(variables: list[str], rows: Iterable[Mapping[str, Term]]) -> str:
    bindings = [dict(row) for row in rows]
    return json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
    )


def _xml_term(term: Term) -> str:
    value = escape(term["value"])
    if term["type"] == "uri":
        return f"<uri>{value}</uri>"
    if term["type"] == "bnode":
        return f"<bnode>{value}</bnode>"
    attributes = ""
    if "xml:lang" in term:
        attributes = f" xml:lang={quoteattr(term['xml:lang'])}"
    elif "datatype" in term:
        attributes = f" datatype={quoteattr(term['datatype'])}"
    return f"<literal{attributes}>{value}</literal>"


def _select_xml(variables: list[str], rows: Iterable[Mapping[str, Term]]) -> str:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    out.append(
        "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>"
    )
    out.append("<results>")
    for row in rows:
        cells = "".join(
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in row.items()
        )
        out.append(f"<result>{cells}</result>")
    out.append("</results></sparql>\n")
    return "\n".join(out)


def _select_csv(variables: list[str], rows: Iterable[Mapping[str, Term]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(row.get(v)) for v in variables])
    return buffer.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term['value']}" if term["type"] == "bnode" else term["value"]


def _tsv_term(term: Term | None) -> str:
    """A term in Turtle-like syntax, as SPARQL 1.1 TSV requires."""
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    text = (
        term["value"]
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if "xml:lang" in term:
        return f'"{text}"@{term["xml:lang"]}'
    if "datatype" in term:
        return f'"{text}"^^<{term["datatype"]}>'
    return f'"{text}"'


def _select_tsv(variables: list[str], rows: Iterable[Mapping[str, Term]]) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join(_tsv_term(row.get(v)) for v in variables) for row in rows)
    return "\n".join(lines) + "\n"


# --- CONSTRUCT, DESCRIBE and dumps ---------------------------------------------


def serialize_graph(ntriples: str, fmt: Format) -> str:
    """Write a graph given as N-Triples text in ``fmt`` (N-Triples passes through)."""
    if fmt.name == "ntriples":
        return ntriples
    # Oxigraph's writers: fast, and free of rdflib's deprecated dataset paths.
    triples = ox.parse(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)
    prefixes = PREFIXES if fmt.name in ("turtle", "trig") else None
    data = ox.serialize(triples, format=_OX_FORMATS[fmt.name], prefixes=prefixes)
    return data.decode()


_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
