"""Term conversion: every backend's terms become the same SPARQL-JSON dicts."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from honduras_kg.errors import StoreError
from honduras_kg.store.oxigraph import ox_term
from honduras_kg.store.rdflib_store import rdflib_term
from honduras_kg.store.remote import json_term
from honduras_kg.store.terms import (
    RDF_LANG_STRING,
    XSD_STRING,
    bnode,
    literal,
    take,
    to_ntriples,
    to_oxigraph,
    uri,
)

XSD = "http://www.w3.org/2001/XMLSchema#"
HONDURAS = "https://w3id.org/honduras-kg/id/honduras"

#: (expected dict, pyoxigraph term, rdflib term, Virtuoso's JSON term)
CASES = [
    (
        {"type": "uri", "value": HONDURAS},
        ox.NamedNode(HONDURAS),
        URIRef(HONDURAS),
        {"type": "uri", "value": HONDURAS},
    ),
    (
        {"type": "bnode", "value": "b0"},
        ox.BlankNode("b0"),
        BNode("b0"),
        {"type": "bnode", "value": "b0"},
    ),
    (
        {"type": "literal", "value": "Soto Cano"},
        ox.Literal("Soto Cano"),
        Literal("Soto Cano"),
        {"type": "literal", "value": "Soto Cano"},
    ),
    (
        {"type": "literal", "value": "x"},
        ox.Literal("x", datatype=ox.NamedNode(XSD_STRING)),
        Literal("x", datatype=XSD_STRING),
        {"type": "typed-literal", "value": "x", "datatype": XSD_STRING},
    ),
    (
        {"type": "literal", "value": "Tegucigalpa", "xml:lang": "es"},
        ox.Literal("Tegucigalpa", language="es"),
        Literal("Tegucigalpa", lang="es"),
        {"type": "literal", "value": "Tegucigalpa", "xml:lang": "es"},
    ),
    (
        {"type": "literal", "value": "colour", "xml:lang": "en-gb"},
        ox.Literal("colour", language="en-GB"),
        Literal("colour", lang="en-GB"),
        {"type": "literal", "value": "colour", "xml:lang": "en-gb"},
    ),
    (
        {"type": "literal", "value": "2025", "datatype": XSD + "gYear"},
        ox.Literal("2025", datatype=ox.NamedNode(XSD + "gYear")),
        Literal("2025", datatype=XSD + "gYear"),
        {"type": "typed-literal", "value": "2025", "datatype": XSD + "gYear"},
    ),
    (
        {"type": "literal", "value": "250000", "datatype": XSD + "integer"},
        ox.Literal(250000),
        Literal(250000),
        {"type": "typed-literal", "value": "250000", "datatype": XSD + "integer"},
    ),
    (
        {"type": "literal", "value": "true", "datatype": XSD + "boolean"},
        ox.Literal(True),
        Literal(True),
        {"type": "typed-literal", "value": "1", "datatype": XSD + "boolean"},
    ),
    (
        {"type": "literal", "value": "Dunkin\u2019 \u201cquoted\u201d\n", "datatype": "urn:dt"},
        ox.Literal("Dunkin\u2019 \u201cquoted\u201d\n", datatype=ox.NamedNode("urn:dt")),
        Literal("Dunkin\u2019 \u201cquoted\u201d\n", datatype="urn:dt"),
        {"type": "literal", "value": "Dunkin\u2019 \u201cquoted\u201d\n", "datatype": "urn:dt"},
    ),
]


@pytest.mark.parametrize(("expected", "oxigraph", "rdflib", "virtuoso"), CASES)
def test_every_backend_gives_the_same_dict(expected, oxigraph, rdflib, virtuoso):
    assert ox_term(oxigraph) == expected
    assert rdflib_term(rdflib) == expected
    assert json_term(virtuoso) == expected


@pytest.mark.parametrize(("expected", "oxigraph"), [case[:2] for case in CASES])
def test_dicts_go_back_to_the_same_pyoxigraph_term(expected, oxigraph):
    assert ox_term(to_oxigraph(expected)) == expected


def test_literal_drops_the_implicit_datatypes():
    assert literal("x", datatype=XSD_STRING) == {"type": "literal", "value": "x"}
    assert literal("x", datatype=RDF_LANG_STRING, language="EN") == {
        "type": "literal",
        "value": "x",
        "xml:lang": "en",
    }


def test_virtuoso_json_numbers_and_false():
    assert json_term({"type": "literal", "value": 5, "datatype": XSD + "integer"})["value"] == "5"
    false = {"type": "typed-literal", "value": "0", "datatype": XSD + "boolean"}
    assert json_term(false)["value"] == "false"


@pytest.mark.parametrize(
    "convert, term",
    [
        (ox_term, ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"))),
        (rdflib_term, object()),
        (json_term, {"type": "triple", "value": "x"}),
        (to_oxigraph, {"type": "uri", "value": "not an iri"}),
    ],
)
def test_unsupported_terms_are_store_errors(convert, term):
    with pytest.raises(StoreError):
        convert(term)


def test_to_ntriples_writes_one_line_per_triple():
    text = to_ntriples(
        [
            (uri("urn:s"), uri("urn:p"), literal("line\nbreak")),
            (bnode("b1"), uri("urn:p"), literal("1", datatype=XSD + "integer")),
        ]
    )
    assert text.splitlines() == [
        '<urn:s> <urn:p> "line\\nbreak" .',
        f'_:b1 <urn:p> "1"^^<{XSD}integer> .',
    ]
    assert to_ntriples([]) == ""


def test_take_consumes_at_most_one_past_the_limit():
    consumed = []

    def items():
        for n in range(100):
            consumed.append(n)
            yield n

    assert take(items(), 3) == ([0, 1, 2], True)
    assert consumed == [0, 1, 2, 3]
    assert take([], 0) == ([], False)
    assert take([1], 0) == ([], True)
    with pytest.raises(ValueError):
        take([1], -1)
