"""The guard decides, before anything runs, what an ad-hoc query may do."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import prepareQuery

from honduras_kg import config
from honduras_kg.config import Settings
from honduras_kg.errors import BadRequest, QuerySyntaxError, UnsafeQuery, UpdateRefused
from honduras_kg.namespaces import PREFIXES
from honduras_kg.sparql.guard import (
    DEFAULT_MAX_QUERY_DEPTH,
    QueryPlan,
    _decided,
    check_dataset,
    check_depth,
    explain_syntax_error,
    inspect_query,
    quick_plan,
)
from honduras_kg.sparql.named import load_queries

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


# The adversarial corpus, the named queries, the depth limit.

CORPUS = json.loads((Path(__file__).parents[1] / "data" / "guard" / "corpus.json").read_text())
LISTENER = "http://127.0.0.1:9/"


@pytest.mark.parametrize("entry", CORPUS["reaching_out"], ids=lambda e: e["why"])
def test_the_guard_refuses_every_text_that_reaches_out(entry):
    query = entry["query"].replace("{listener}", LISTENER)
    with pytest.raises((BadRequest, UnsafeQuery, UpdateRefused)):
        check_dataset(inspect_query(query), KNOWN)


@pytest.mark.parametrize("entry", CORPUS["foreign_graphs"], ids=lambda e: e["why"])
def test_the_guard_passes_foreign_graphs_on_as_names_of_empty_graphs(entry):
    """Each is refused outright (a reading that some parser may take another way) or passed on."""
    query = entry["query"].replace("{listener}", LISTENER)
    try:
        default, named = check_dataset(inspect_query(query), KNOWN)
    except (BadRequest, UnsafeQuery):
        return
    assert default or named
    for iri in (*default, *named):
        assert iri not in KNOWN and re.match(r"(http://127\.0\.0\.1:9/|file:///etc/)", iri), iri


@pytest.mark.parametrize("entry", CORPUS["harmless"], ids=lambda e: e["why"])
def test_the_guard_passes_look_alikes(entry):
    query = entry["query"].replace("{listener}", LISTENER)
    assert check_dataset(inspect_query(query), KNOWN) == ((), ())


def _rdflib_plan(text: str) -> QueryPlan:
    """The plan as rdflib reads it: its form and dataset, prefixes and BASE resolved."""
    algebra = prepareQuery(text, initNs=PREFIXES).algebra
    forms = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct"}
    dataset = algebra.get("datasetClause") or []
    return QueryPlan(
        forms.get(algebra.name, "describe"),
        tuple(str(c["default"]) for c in dataset if "default" in c),
        tuple(str(c["named"]) for c in dataset if "named" in c),
    )


@pytest.mark.parametrize("query", load_queries().values(), ids=lambda q: q.name)
def test_every_named_query_passes_with_the_plan_rdflib_gives(query):
    text = query.bind()
    assert inspect_query(text) == _rdflib_plan(text) == QueryPlan("select")


DOCS = Path(__file__).parents[2] / "docs"


def test_the_docs_examples_pass():
    docs = (DOCS / "provenance.md").read_text() + (DOCS / "data-model.md").read_text()
    blocks = re.findall(r"```sparql\n(.*?)```", docs, re.S)
    curl = re.findall(r"--data-urlencode 'query=([^']+)'", (DOCS / "sparql.md").read_text())
    assert blocks and curl
    for text in blocks + curl:
        assert inspect_query(text).form == "select"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <urn:g1> FROM NAMED <urn:g2> WHERE { ?s ?p ?o }",
        "PREFIX g: <urn:x:> SELECT * FROM g:a FROM NAMED g:b%41 WHERE { ?s ?p ?o }",
        "BASE <http://h/kg/> SELECT * FROM <graph/people> FROM NAMED <../g> WHERE { ?s ?p ?o }",
        "BASE <http://h/kg/> PREFIX g: <graph/> ASK FROM g:people { ?s ?p ?o }",
        "PREFIX hk: <urn:mine:> CONSTRUCT { ?s ?p ?o } FROM hk:g WHERE { ?s ?p ?o }",
        "DESCRIBE ?s FROM <https://w3id.org/honduras-kg/graph/people> WHERE { ?s ?p ?o }",
        "select * from named <urn:g> where { graph ?g { ?s ?p ?o } }",
        "SELECT * FROM <http://h/caf\\u00e9> WHERE { ?s ?p ?o }",
    ],
)
def test_dataset_clauses_resolve_as_rdflib_resolves_them(text):
    assert inspect_query(text) == _rdflib_plan(text)


def test_local_name_escapes_resolve_as_the_grammar_and_oxigraph_say():
    # rdflib keeps the backslash; the stores run on the guard's list of graphs.
    plan = inspect_query("PREFIX g: <urn:x:> SELECT * FROM g:b\\.c WHERE { ?s ?p ?o }")
    assert plan.from_graphs == ("urn:x:b.c",)


def test_the_project_prefixes_resolve_when_undeclared():
    plan = inspect_query("SELECT * FROM hk:x WHERE { ?s ?p ?o }")
    assert plan.from_graphs == ("https://w3id.org/honduras-kg/id/x",)
    with pytest.raises(QuerySyntaxError, match="unknown prefix nope:"):
        inspect_query("SELECT * FROM nope:x WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,
        "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 35 + "}" * 36,
        "SELECT * WHERE { FILTER" + "(" * 30 + "?o" + ")" * 30 + " }",
        "ASK { ?s ?p " + "[ ?p " * 20 + "1" + " ]" * 20 + " }",
    ],
)
def test_too_deep_is_refused_naming_the_setting(text):
    with pytest.raises(BadRequest, match=r"at most 12 \(the max_query_depth setting\)"):
        inspect_query(text)
    with pytest.raises(BadRequest, match="max_query_depth"):
        quick_plan(text[:1900]) if len(text) <= 1900 else inspect_query(text)


def test_the_depth_limit_follows_its_argument_and_the_cache_keeps_no_verdict():
    text = "SELECT * WHERE " + "{" * 5 + "?s ?p ?o" + "}" * 5
    assert inspect_query(text, max_depth=5).form == "select"
    with pytest.raises(BadRequest, match="nests 5 levels deep"):
        inspect_query(text, max_depth=4)
    assert quick_plan(text, max_depth=5) is not None


def test_the_default_depth_is_the_settings_default():
    assert DEFAULT_MAX_QUERY_DEPTH == config.DEFAULT_MAX_QUERY_DEPTH == Settings().max_query_depth


#: The constructs that cost rdflib's parser the most stack per level (measured; docs/sparql.md).
_CALLS = DEFAULT_MAX_QUERY_DEPTH - 2  # inside { BIND( ... ) }
COSTLIEST = {
    "COALESCE": "SELECT * WHERE {{ BIND({} AS ?x) }}".format(
        "-COALESCE(" * _CALLS + "1" + ")" * _CALLS
    ),
    "IF": "SELECT * WHERE {{ BIND({} AS ?x) }}".format(
        "IF(true, " * _CALLS + "1" + ", 0)" * _CALLS
    ),
    "groups": "SELECT * WHERE " + "{" * DEFAULT_MAX_QUERY_DEPTH + "}" * DEFAULT_MAX_QUERY_DEPTH,
}


@pytest.mark.parametrize("text", COSTLIEST.values(), ids=COSTLIEST.keys())
def test_rdflib_parses_the_deepest_allowed_text_with_stack_to_spare(text):
    """At the default depth, in a fresh thread with 200 frames already used, rdflib still parses."""
    assert check_depth(text) == DEFAULT_MAX_QUERY_DEPTH
    outcome: list[object] = []

    def parse(frames: int) -> None:
        if frames:
            parse(frames - 1)
        else:
            outcome.append(parseQuery(text))

    worker = threading.Thread(target=lambda: _capture(outcome, parse, 200))
    worker.start()
    worker.join()
    assert outcome and not isinstance(outcome[0], BaseException), outcome


def _capture(outcome: list[object], function, *args) -> None:
    try:
        function(*args)
    except RecursionError as err:
        outcome.append(err)


def test_explaining_a_syntax_error_never_raises():
    assert explain_syntax_error("SELECT * WHERE " + "{" * 3000) is None
    assert explain_syntax_error("ASK { " + "-COALESCE(" * 40 + " }") is None
    assert explain_syntax_error("ASK { \\U00110000 }") is None
    assert explain_syntax_error("ASK { ?s ?p }").startswith("SPARQL syntax error at line 1")


def test_the_plan_cache_is_bounded():
    for n in range(_decided.size + 10):
        quick_plan(f"ASK {{ ?s ?p {n} }}")
    assert len(_decided.cache) == _decided.size


def test_long_texts_are_left_to_a_thread():
    text = "ASK { ?s ?p ?o }" + " " * 3000
    assert quick_plan(text) is None
    assert inspect_query(text).form == "ask"
    assert quick_plan(text) is not None  # decided once, cached


def test_texts_that_differ_only_in_whitespace_and_comments_share_a_key():
    plain = inspect_query("SELECT ?s WHERE { ?s ?p ?o }")
    commented = inspect_query("# asked again\nSELECT  ?s\nWHERE {\n  ?s ?p ?o # all\n}")
    assert plain.key == commented.key == "SELECT ?s WHERE { ?s ?p ?o }"
    assert inspect_query("SELECT ?p WHERE { ?s ?p ?o }").key != plain.key
    assert inspect_query('ASK { FILTER ("#x" = "# x") }').key == 'ASK { FILTER ( "#x" = "# x" ) }'
