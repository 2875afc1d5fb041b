"""Reading a query's form and dataset from its text, as the remote store must."""

from __future__ import annotations

import pytest

from honduras_kg.store.sparql_text import (
    declared_prefixes,
    has_dataset_clause,
    query_form,
    with_prefixes,
)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * { ?s ?p ?o }", "select"),
        ("  select distinct ?s { ?s ?p ?o }", "select"),
        ("ASK{}", "ask"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("DESCRIBE<urn:x>", "describe"),
        ("BASE <http://x/>\nPREFIX a: <urn:a#>\nPREFIX : <urn:b>\nASK {}", "ask"),
        ("# SELECT in a comment\nPREFIX select: <urn:s> CONSTRUCT { ?s ?p ?o } {}", "construct"),
        ("prefix hk:<urn:h> describe hk:x", "describe"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", None),
        ("INSERT { ?s a <urn:C> } WHERE { { SELECT ?s { ?s ?p ?o } } }", None),
        ("DELETE WHERE { ?s ?p ?o }", None),
        ("DROP ALL", None),
        ("", None),
        ("select:x", None),
    ],
)
def test_query_form(text, form):
    assert query_form(text) == form


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("SELECT * FROM <urn:g> { ?s ?p ?o }", True),
        ("SELECT * FROM NAMED <urn:g> { GRAPH ?g { ?s ?p ?o } }", True),
        ("select * from<urn:g> {}", True),
        ('SELECT * { ?s ?p "from" }', False),
        ("SELECT * { ?s ?p '''a\nFROM <urn:g>\n''' }", False),
        ("SELECT ?from { ?from ?p ?o }", False),
        ("SELECT * { ?s from:p ?o }", False),
        ("SELECT * { ?s <urn:from> ?o } # FROM <urn:g>", False),
    ],
)
def test_has_dataset_clause(text, named):
    assert has_dataset_clause(text) is named


def test_with_prefixes_keeps_the_query_first_line_and_its_own_prefixes():
    query = "PREFIX hk: <urn:mine:>\nSELECT * { ?s a hko:Claim ; hk:x ?o }"
    text = with_prefixes(query, {"hk": "urn:hk:", "hko": "urn:hko#"})
    assert declared_prefixes(text) == {"hk", "hko"}
    assert "urn:hk:" not in text
    assert text.splitlines()[1:] == query.splitlines()[1:]
    assert len(text.splitlines()) == len(query.splitlines())
