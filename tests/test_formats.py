"""Content negotiation and the result serialisers."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from honduras_kg.formats import (
    FORMATS,
    NotAcceptable,
    negotiate,
    serialize_ask,
    serialize_graph,
    serialize_select,
)

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
    rows = list(csv.reader(io.StringIO(serialize_select(["s", "label", "n"], ROWS, fmt("csv")))))
    assert rows[0] == ["s", "label", "n"]
    assert rows[1][1] == 'Soto "Cano"\tAir, Base'
    assert rows[2] == ["_:b0", "", ""]


def test_select_tsv_uses_turtle_terms():
    lines = serialize_select(["s", "label", "n"], ROWS, fmt("tsv")).splitlines()
    assert lines[0] == "?s\t?label\t?n"
    cells = lines[1].split("\t")
    assert cells[0] == "<https://w3id.org/honduras-kg/id/soto-cano>"
    assert cells[1] == '"Soto \\"Cano\\"\\tAir, Base"@en'
    assert cells[2] == '"1000"^^<http://www.w3.org/2001/XMLSchema#integer>'


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_ask(name):
    text = serialize_ask(True, fmt(name))
    assert "true" in text


@pytest.mark.parametrize("name", ["turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"])
def test_graph_formats_roundtrip(name):
    nt = '<http://a> <http://b> "c"@en .\n'
    out = serialize_graph(nt, fmt(name))
    parsed = list(ox.parse(out.encode(), format=ox.RdfFormat.from_media_type(fmt(name).media_type)))
    assert len(parsed) == 1
