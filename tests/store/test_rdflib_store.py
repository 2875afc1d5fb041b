"""The rdflib store's own checks: what rdflib would fetch is refused or emptied before it runs."""

from __future__ import annotations

import pytest

from honduras_kg.errors import BadRequest, UnsafeQuery
from honduras_kg.store.rdflib_store import RdflibStore


@pytest.fixture(scope="module")
def store(mini_dir):
    return RdflibStore.from_graph_dir(mini_dir)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        # rdflib reads a keyword glued to a prefixed name as the keyword.
        "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
        # ... and parses by context: here '<' is less-than and '#...' a comment.
        'SELECT * WHERE { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)#>1 BIND("""\n'
        'SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } #""" AS ?x) }',
    ],
)
def test_what_rdflib_would_fetch_is_refused(store, query):
    with pytest.raises(UnsafeQuery):
        store.query(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_graphs_it_does_not_hold_are_empty(store, query):
    assert store.query(query).rows == ()


def test_graphs_it_holds_may_be_named(store):
    graph = sorted(store.graph_names())[0]
    result = store.query(f"SELECT * FROM <{graph}> WHERE {{ ?s ?p ?o }} LIMIT 1")
    assert len(result.rows) == 1


def test_too_deep_for_rdflib_is_a_bad_request(store):
    deep = "SELECT * WHERE { BIND(" + "-COALESCE(" * 40 + "1" + ")" * 40 + " AS ?x) }"
    with pytest.raises(BadRequest, match="max_query_depth"):
        store.query(deep)
