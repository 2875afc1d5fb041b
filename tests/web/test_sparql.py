"""The SPARQL 1.1 Protocol at /sparql, through the test client: every rule and error."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from honduras_kg.formats import of_kind

COUNT_CLAIMS = "SELECT (COUNT(*) AS ?n) WHERE { ?c a hko:Claim }"
SOTO_LABEL = "SELECT ?label WHERE { hk:soto-cano rdfs:label ?label }"
GRAPH_PREFIX = "https://w3id.org/honduras-kg/graph/"
JSON = "application/sparql-results+json"


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert "Traceback" not in body["detail"]
    return body


# --- the three ways of sending a query ------------------------------------------------


def test_get(client):
    rows = bindings(client.get("/sparql", params={"query": SOTO_LABEL}))
    assert rows == [{"label": {"type": "literal", "value": "Soto Cano Air Base", "xml:lang": "en"}}]


def test_post_form(client):
    rows = bindings(client.post("/sparql", data={"query": SOTO_LABEL}))
    assert rows[0]["label"]["value"] == "Soto Cano Air Base"


def test_post_direct(client):
    response = client.post(
        "/sparql", content=SOTO_LABEL, headers={"Content-Type": "application/sparql-query"}
    )
    assert bindings(response)[0]["label"]["value"] == "Soto Cano Air Base"


def test_ask_construct_describe(client):
    assert client.get(
        "/sparql", params={"query": "ASK { hk:soto-cano a hko:MilitaryBase }"}
    ).json()["boolean"]
    construct = client.get(
        "/sparql",
        params={
            "query": "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a schema:Person ; rdfs:label ?l }"
        },
    )
    assert construct.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(construct.content, format=ox.RdfFormat.TURTLE))
    assert len(triples) == 9  # the people, named or not
    describe = client.get(
        "/sparql",
        params={"query": "DESCRIBE hk:soto-cano"},
        headers={"Accept": "application/n-triples"},
    )
    assert "Soto Cano Air Base" in describe.text


# --- dataset: default-graph-uri, named-graph-uri, FROM ---------------------------------


def test_default_graph_uri_restricts_the_dataset(client):
    everything = int(
        bindings(client.get("/sparql", params={"query": COUNT_CLAIMS}))[0]["n"]["value"]
    )
    commentary = client.get(
        "/sparql",
        params={"query": COUNT_CLAIMS, "default-graph-uri": GRAPH_PREFIX + "claims-commentary"},
    )
    only = int(bindings(commentary)[0]["n"]["value"])
    assert 0 < only < everything


def test_named_graph_uri_and_graph_keyword(client):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get(
        "/sparql", params={"query": query, "named-graph-uri": GRAPH_PREFIX + "people"}
    )
    assert [row["g"]["value"] for row in bindings(response)] == [GRAPH_PREFIX + "people"]


def test_from_a_local_graph_is_allowed(client):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_PREFIX}people> WHERE {{ ?s a schema:Person }}"
    assert bindings(client.get("/sparql", params={"query": query}))[0]["n"]["value"] == "8"


# --- content negotiation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", JSON),
    ],
)
def test_select_formats_by_accept(client, accept, media):
    response = client.get("/sparql", params={"query": SOTO_LABEL}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Soto Cano Air Base" in response.text


def test_select_formats_parse(client):
    xml = client.get("/sparql", params={"query": SOTO_LABEL, "format": "xml"})
    ET.fromstring(xml.text)
    rows = list(
        csv.reader(
            io.StringIO(client.get("/sparql", params={"query": SOTO_LABEL, "format": "csv"}).text)
        )
    )
    assert rows == [["label"], ["Soto Cano Air Base"]]
    tsv = client.get("/sparql", params={"query": SOTO_LABEL, "format": "tsv"}).text
    assert tsv.splitlines() == ["?label", '"Soto Cano Air Base"@en']


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/trig", ox.RdfFormat.TRIG),
        ("application/n-quads", ox.RdfFormat.N_QUADS),
    ],
)
def test_graph_formats(client, accept, fmt):
    response = client.get(
        "/sparql", params={"query": "DESCRIBE hk:soto-cano"}, headers={"Accept": accept}
    )
    assert response.status_code == 200
    assert len(list(ox.parse(response.content, format=fmt))) > 3


def test_not_acceptable(client):
    problem(
        client.get("/sparql", params={"query": SOTO_LABEL}, headers={"Accept": "image/png"}), 406
    )
    problem(client.get("/sparql", params={"query": SOTO_LABEL, "format": "turtle"}), 406)
    problem(client.get("/sparql", params={"query": "DESCRIBE hk:x", "format": "csv"}), 406)


# --- errors -------------------------------------------------------------------------------


def test_syntax_error_names_line_and_column(client):
    body = problem(client.get("/sparql", params={"query": "SELECT * WHERE {\n ?s ?p \n}"}), 400)
    assert "line 2" in body["detail"] and "column" in body["detail"]


def test_an_unknown_prefix_is_named_not_listed_as_characters(client):
    query = "SELECT * WHERE {\n  ?s nope:thing ?o\n}"
    body = problem(client.get("/sparql", params={"query": query}), 400)
    first = body["detail"].splitlines()[0]
    assert first.startswith("SPARQL syntax error at line 2, column 6: unknown prefix \"nope:\"")
    assert "\\u{" not in body["detail"] and "['" not in body["detail"]


def test_two_query_parameters(client):
    problem(client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400)
    problem(client.post("/sparql", data={"query": ["ASK {}", "ASK {}"]}), 400)


def test_missing_query_in_a_post(client):
    problem(client.post("/sparql", data={"nothing": "here"}), 400)


def test_body_that_is_not_utf8(client):
    body = problem(
        client.post(
            "/sparql", content=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}
        ),
        400,
    )
    assert "UTF-8" in body["detail"]


def test_wrong_content_type(client):
    problem(client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}), 415)
    problem(client.post("/sparql", content="ASK {}"), 415)


def test_update_by_get_is_refused(client):
    problem(client.get("/sparql", params={"update": "DROP ALL"}), 405)


@pytest.mark.parametrize(
    "send",
    [
        lambda c: c.post("/sparql", data={"update": "DROP ALL"}),
        lambda c: c.post(
            "/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}
        ),
        lambda c: c.post("/sparql", data={"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}),
        lambda c: c.get("/sparql", params={"query": "CLEAR DEFAULT"}),
    ],
)
def test_updates_are_refused_as_read_only(client, send):
    body = problem(send(client), 403)
    assert "read-only" in body["detail"] and "graph/" in body["detail"]
    # ...and nothing was lost.
    assert (
        int(bindings(client.get("/sparql", params={"query": COUNT_CLAIMS}))[0]["n"]["value"]) > 100
    )


def test_query_too_long(client):
    body = problem(client.post("/sparql", data={"query": "ASK {} #" + "x" * 25_000}), 400)
    assert "at most" in body["detail"]


def test_hostile_text_comes_back_as_data(client):
    query = 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'
    rows = bindings(client.get("/sparql", params={"query": query}))
    assert rows[0]["x"]["value"] == "<script>alert(1)</script>"


# --- service description, query page, CORS, logging ------------------------------------------


def test_service_description(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    predicates = {t.predicate.value for t in graph}
    assert sd + "endpoint" in predicates and sd + "resultFormat" in predicates
    names = {t.object.value for t in graph if t.predicate.value == sd + "name"}
    assert GRAPH_PREFIX + "claims-al-jazeera" in names


def test_query_page_for_browsers(client):
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    for asset in ("/static/sparql.js", "/static/style.css"):
        assert asset in response.text
        assert client.get(asset).status_code == 200


def test_page_and_assets_load_nothing_remote(client):
    page = client.get("/sparql", headers={"Accept": "text/html"}).text
    for attribute in re.findall(r'(?:src|href)="([^"]*)"', page):
        # Site paths, or a place on the page itself (the menu's "skip to the content").
        assert attribute.startswith(("/", "#")) and not attribute.startswith("//"), attribute
    for name in ("sparql.js", "sparql-editor.js", "sparql-results.js"):
        script = client.get(f"/static/{name}").text
        assert not re.search(r"""(fetch|import|from|src:?)\s*\(?\s*["'`]https?:""", script), name
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", client.get("/static/sparql.css").text)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", client.get("/static/style.css").text)


def test_a_shared_query_link_opens_the_page_in_a_browser(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get("/sparql", params={"query": SOTO_LABEL}, headers={"Accept": browser})
    assert page.headers["content-type"].startswith("text/html")
    for accept in ("*/*", "application/sparql-results+json", "application/xml"):
        answer = client.get("/sparql", params={"query": SOTO_LABEL}, headers={"Accept": accept})
        assert not answer.headers["content-type"].startswith("text/html"), accept
    explicit = client.get(
        "/sparql", params={"query": SOTO_LABEL, "format": "csv"}, headers={"Accept": browser}
    )
    assert explicit.headers["content-type"].startswith("text/csv")


def test_cors(client):
    response = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200


def test_one_log_line_per_query(client, caplog):
    caplog.set_level("INFO", logger="honduras_kg.query")
    query = 'ASK { ?s ?p "a query no other test sends" }'
    client.get("/sparql", params={"query": query})
    client.get("/sparql", params={"query": query})
    client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "honduras_kg.query"]
    assert [line["outcome"] for line in lines] == ["ok", "cached", "UnsafeQuery"]
    assert all({"query", "ms", "rows", "outcome"} <= line.keys() for line in lines)


def test_the_formats_endpoint_serves_the_registry(client):
    response = client.get("/sparql/formats")
    assert response.status_code == 200
    served = [(f["name"], f["kind"], f["media_type"], f["iri"]) for f in response.json()]
    assert served == [
        (row.name, row.kind, row.media_type, row.iri) for row in of_kind("results", "graph")
    ]
    for info in response.json():  # each link the page builds works
        assert info["extension"] and info["label"]
        params = {"query": _QUERIES[info["kind"]], "format": info["name"]}
        answer = client.get("/sparql", params=params)
        assert answer.headers["content-type"].startswith(info["media_type"]), info["name"]


_QUERIES = {"results": "ASK {}", "graph": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"}
