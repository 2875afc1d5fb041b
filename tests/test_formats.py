"""The format registry, content negotiation, the writers, and every consumer of the registry."""

import csv
import importlib
import io
import json
import re
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph

from honduras_kg.cli import main
from honduras_kg.errors import StoreError
from honduras_kg.export import EXPORT_KINDS, ExportFormat, choose_format
from honduras_kg.export import FORMATS as EXPORT_FORMATS
from honduras_kg.formats import (
    FORMATS,
    W3C,
    NotAcceptable,
    by_name,
    negotiate,
    of_kind,
    serialize_ask,
    serialize_graph,
    serialize_select,
)
from honduras_kg.web.routes.pages import DATA_FORMATS
from honduras_kg.web.services import SD, STATIC_DIR, _service_description

ROWS = [
    {
        "s": {"type": "uri", "value": "https://w3id.org/honduras-kg/id/soto-cano"},
        "label": {"type": "literal", "value": 'Soto "Cano"\tAir, Base', "xml:lang": "en"},
        "n": {
            "type": "literal",
            "value": "1000",
            "datatype": "http://www.w3.org/2001/XMLSchema#integer",
        },
    },
    {"s": {"type": "bnode", "value": "b0"}},
]
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def fmt(name):
    return next(f for f in FORMATS if f.name == name)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+json", "json"),
        ("application/json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        ("text/csv;q=0.2, text/tab-separated-values;q=0.8", "tsv"),
        ("*/*", "json"),
        ("text/*", "csv"),
        ("text/html;q=0.9, application/sparql-results+xml", "xml"),
    ],
)
def test_negotiate_results(accept, expected):
    assert negotiate(["results"], accept=accept).name == expected


def test_format_parameter_beats_accept():
    assert negotiate(["results"], accept="text/csv", format="tsv").name == "tsv"
    assert negotiate(["graph"], format="application/ld+json").name == "jsonld"


def test_not_acceptable():
    with pytest.raises(NotAcceptable, match="fits"):
        negotiate(["results"], accept="image/png")
    with pytest.raises(NotAcceptable, match="cannot carry"):
        negotiate(["results"], format="turtle")
    with pytest.raises(NotAcceptable):
        negotiate(["graph"], accept="text/csv;q=0")


def test_select_json_roundtrip():
    data = json.loads(serialize_select(["s", "label", "n"], ROWS, fmt("json")))
    assert data["head"]["vars"] == ["s", "label", "n"]
    assert data["results"]["bindings"] == ROWS


def test_select_xml_is_valid_and_typed():
    root = ET.fromstring(serialize_select(["s", "label", "n"], ROWS, fmt("xml")))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    results = root.findall("r:results/r:result", ns)
    assert len(results) == 2
    literal = results[0].find("r:binding[@name='n']/r:literal", ns)
    assert literal.text == "1000"
    assert literal.get("datatype").endswith("#integer")


def test_select_csv_quotes_and_blank_cells():
    text = serialize_select(["s", "label", "n"], ROWS, fmt("csv")).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["s", "label", "n"]
    assert rows[1][1] == 'Soto "Cano"\tAir, Base'
    assert rows[2] == ["_:b0", "", ""]


def test_select_tsv_uses_turtle_terms():
    lines = serialize_select(["s", "label", "n"], ROWS, fmt("tsv")).decode().splitlines()
    assert lines[0] == "?s\t?label\t?n"
    cells = lines[1].split("\t")
    assert cells[0] == "<https://w3id.org/honduras-kg/id/soto-cano>"
    assert cells[1] == '"Soto \\"Cano\\"\\tAir, Base"@en'
    assert cells[2] in ("1000", '"1000"^^<http://www.w3.org/2001/XMLSchema#integer>')


@pytest.mark.parametrize("name", ["json", "xml", "tsv"])
def test_select_reads_back_as_the_same_terms(name):
    written = serialize_select(["s", "label", "n"], ROWS, fmt(name))
    results_format = ox.QueryResultsFormat.from_media_type(fmt(name).media_type)
    solutions = list(ox.parse_query_results(written, format=results_format))
    assert solutions[0]["label"] == ox.Literal('Soto "Cano"\tAir, Base', language="en")
    assert solutions[0]["n"] == ox.Literal("1000", datatype=ox.NamedNode(XSD_INTEGER))
    assert solutions[1]["s"] == ox.BlankNode("b0")
    assert solutions[1]["label"] is None


def test_a_term_no_syntax_can_write_is_a_store_error_not_a_crash():
    rows = [{"s": {"type": "uri", "value": "not an IRI"}}]
    with pytest.raises(StoreError, match="not valid RDF"):
        serialize_select(["s"], rows, fmt("xml"))


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_ask(name):
    text = serialize_ask(True, fmt(name)).decode()
    assert "true" in text
    results_format = ox.QueryResultsFormat.from_media_type(fmt(name).media_type)
    if name != "csv":  # Oxigraph reads back JSON, XML and TSV
        assert bool(ox.parse_query_results(text, format=results_format)) is True


@pytest.mark.parametrize("name", ["turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"])
def test_graph_formats_roundtrip(name):
    nt = '<http://a> <http://b> "c"@en .\n'
    out = serialize_graph(nt, fmt(name))
    parsed = list(ox.parse(out.encode(), format=ox.RdfFormat.from_media_type(fmt(name).media_type)))
    assert len(parsed) == 1


# --- the one registry, and everything that derives from it ----------------------


def test_each_format_is_named_once_per_kind():
    for kind in ("results", "graph", "network", "claims", "annotations", "page"):
        rows = of_kind(kind)
        assert rows, kind
        for field in ("name", "media_type", "extension"):
            values = [getattr(row, field) for row in rows]
            assert len(values) == len(set(values)), (kind, field)
        spellings = [spelling for row in rows for spelling in row.names()]
        assert len(spellings) == len(set(spellings)), kind


@pytest.mark.parametrize("row", [row for row in FORMATS if row.kind != "page"], ids=str)
def test_every_format_has_a_writer_and_the_protocol_ones_a_w3c_iri(row):
    module, _, function = row.writer.partition(":")
    assert callable(getattr(importlib.import_module(module), function))
    if row.kind in ("results", "graph"):
        assert row.iri and row.iri.startswith(W3C)


def test_application_json_is_sparql_json_for_results_and_json_ld_for_graphs():
    assert negotiate(["results"], accept="application/json").name == "json"
    assert negotiate(["graph"], accept="application/json").name == "jsonld"
    assert negotiate(["graph", "page"], accept="application/json").name == "jsonld"
    assert negotiate(["graph"], format="application/json").name == "jsonld"


#: Every ``format=`` value and media type the SPARQL endpoint and the linked-data
#: pages took before the registry, with the format it named.
PROTOCOL_ALIASES = {
    "results": {
        "srj": "json", "srx": "xml", "application/json": "json", "application/xml": "xml",
        "text/xml": "xml",
    },
    "graph": {
        "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld",
        "rdf": "rdfxml", "rdf/xml": "rdfxml", "nq": "nquads", "n-quads": "nquads",
        "text/plain": "ntriples", "application/x-turtle": "turtle",
        "application/json+ld": "jsonld",
    },
    "page": {"application/xhtml+xml": "html"},
}  # fmt: skip
#: Every ``format=`` value and media type ``/api/export`` and the CLI's export took.
EXPORT_ALIASES = {
    "turtle": "turtle", "trig": "trig", "nt": "ntriples", "jsonld": "jsonld",
    "graphml": "graphml", "gexf": "gexf", "csv": "csv", "ttl": "turtle",
    "ntriples": "ntriples", "n-triples": "ntriples", "text/plain": "ntriples",
    "json-ld": "jsonld", "application/json": "jsonld", "application/x-turtle": "turtle",
}  # fmt: skip


@pytest.mark.parametrize("kind", list(PROTOCOL_ALIASES))
def test_every_protocol_alias_still_works(kind):
    for alias, name in PROTOCOL_ALIASES[kind].items():
        assert negotiate([kind], format=alias).name == name, alias
        if "/" in alias:
            assert negotiate([kind], accept=alias).name == name, alias


def test_every_export_alias_still_works():
    for alias, name in EXPORT_ALIASES.items():
        assert ExportFormat(alias) == name, alias
        assert choose_format(format=alias) == name, alias
        assert by_name(alias, EXPORT_KINDS).name == name, alias


def test_the_export_formats_are_the_registrys_export_rows():
    assert list(EXPORT_FORMATS.values()) == list(
        of_kind("graph", "network", "claims", "annotations")
    )
    assert [str(fmt) for fmt in ExportFormat] == [row.name for row in of_kind(*EXPORT_KINDS)]


def test_the_service_description_lists_exactly_the_registrys_formats():
    nt = _service_description("http://example.org/sparql", frozenset(), "test")
    graph = Graph().parse(data=nt, format="nt")
    listed = {str(iri) for iri in graph.objects(None, SD.resultFormat)}
    assert listed == {row.iri for row in of_kind("results", "graph")}


def test_the_pages_offer_every_graph_format():
    assert [name for name, _ in DATA_FORMATS] == [row.name for row in of_kind("graph")]


def _choices(command: str) -> list[str]:
    (option,) = [p for p in main.commands[command].params if p.name == "fmt"]
    return list(option.type.choices)


def test_the_cli_choices_are_the_registrys_names():
    assert _choices("query") == ["table", *(row.name for row in of_kind("results"))]
    assert _choices("export") == [row.name for row in of_kind(*EXPORT_KINDS)]


@pytest.mark.parametrize(("command", "kinds"), [("query", ("results",)), ("export", EXPORT_KINDS)])
def test_the_cli_takes_every_alias_and_gives_its_name(command, kinds):
    (option,) = [p for p in main.commands[command].params if p.name == "fmt"]
    for row in of_kind(*kinds):
        for alias in row.aliases:
            assert option.type.convert(alias, option, None) == row.name


def test_the_query_page_gets_its_menus_from_the_server():
    script = (STATIC_DIR / "sparql.js").read_text(encoding="utf-8")
    assert '"/sparql/formats"' in script
    names = {f'"{row.name}"' for row in of_kind("results", "graph")}
    for listed in re.findall(r"\[([^\[\]]*)\]", script):  # no hand-copied list of names
        assert len({name for name in names if name in listed}) < 2, listed
