"""The guard decides, before anything runs, what an ad-hoc query may do."""

from __future__ import annotations

import pytest

from honduras_kg.errors import BadRequest, QuerySyntaxError, UnsafeQuery, UpdateRefused
from honduras_kg.guard import QueryPlan, check_dataset, explain_syntax_error, inspect_query

KNOWN = frozenset({"https://w3id.org/honduras-kg/graph/people"})


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select"),
        ("prefix hk: <urn:x/> ask { hk:a ?p ?o }", "ask"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("# a comment\nDESCRIBE <urn:x>", "describe"),
        ('SELECT ?x { BIND("a service from afar" AS ?x) }', "select"),  # words in a string
        ("SELECT * { ?s <http://www.w3.org/ns/sparql-service-description#name> ?o }", "select"),
    ],
)
def test_queries_pass_with_their_form(query, form):
    assert inspect_query(query).form == form


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
        "select * { service silent <http://x/> { ?s ?p ?o } }",
        "SELECT * { OPTIONAL { { SERVICE <http://x/> { ?s ?p ?o } } } }",
        "SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "PREFIX x: <http://x/> SELECT * { SERVICE x:y { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_however_written(query):
    with pytest.raises(UnsafeQuery, match="SERVICE"):
        inspect_query(query)


@pytest.mark.parametrize(
    "update",
    ["DROP ALL", "LOAD <http://x/>", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR DEFAULT"],
)
def test_updates_are_refused(update):
    with pytest.raises(UpdateRefused, match="read-only"):
        inspect_query(update)


def test_dataset_clauses_are_read():
    plan = inspect_query(
        "SELECT * FROM <urn:g1> FROM NAMED <urn:g2> FROM NAMED <urn:g3> WHERE { ?s ?p ?o }"
    )
    assert plan == QueryPlan("select", ("urn:g1",), ("urn:g2", "urn:g3"))


def test_unknown_graphs_pass_as_named_for_the_store_to_answer_as_empty():
    # They were refused until the W3C protocol tests asked for empty graphs (issue 9):
    # every backend answers them as empty without fetching (tests/store/test_backends.py).
    people = next(iter(KNOWN))
    assert check_dataset(QueryPlan("select", (people,)), KNOWN) == ((people,), ())
    remote = "http://127.0.0.1:1/x"
    assert check_dataset(QueryPlan("select", (remote,)), KNOWN) == ((remote,), ())
    assert check_dataset(QueryPlan("select"), KNOWN, named_graph_uris=("file:///etc/passwd",)) == (
        (),
        ("file:///etc/passwd",),
    )


@pytest.mark.parametrize("name", ["", "no scheme", "relative/path", "http://x/a b", "<urn:x>"])
def test_graph_parameters_that_are_not_iris_are_bad_requests(name):
    with pytest.raises(BadRequest, match="Not a graph IRI"):
        check_dataset(QueryPlan("select"), KNOWN, default_graph_uris=(name,))
    with pytest.raises(BadRequest, match="Not a graph IRI"):
        check_dataset(QueryPlan("select"), KNOWN, named_graph_uris=(name,))


def test_from_that_is_not_a_full_iri_is_a_bad_request():
    with pytest.raises(BadRequest, match="full IRIs"):
        check_dataset(QueryPlan("select", ("people",)), KNOWN)


def test_protocol_graphs_override_from():
    plan = QueryPlan("select", ("urn:not-here",))
    people = next(iter(KNOWN))
    assert check_dataset(plan, KNOWN, default_graph_uris=(people,)) == ((people,), ())


def test_too_long():
    with pytest.raises(BadRequest, match="at most 10"):
        inspect_query("ASK {} # padding", max_length=10)


def test_syntax_errors_name_line_and_column():
    with pytest.raises(QuerySyntaxError, match="line 1, column"):
        inspect_query("SELECT * FROM WHERE { ?s ?p ?o }")
    message = explain_syntax_error("SELECT * WHERE {\n  ?s ?p\n}")
    assert message is not None and "line 2" in message
    assert explain_syntax_error("ASK {}") is None
