"""The W3C SPARQL 1.1 Protocol tests, against a live server on each backend.

The tests of the W3C manifest (``sparql/sparql11/protocol/manifest.ttl`` in
the W3C ``rdf-tests`` repository) are transcribed below under their manifest
names: each request is sent as the manifest writes it (method, path, the one
header it names, body and its encoding) to the app under uvicorn on loopback,
serving ``tests/data/w3c-protocol`` (see its README), and the answer is checked
as the manifest says: status class, media type, result.

Two adaptations, both of names only:

* the manifest's path ``/sparql/`` is our ``/sparql`` (the manifest asks for this);
* its graphs ``http://kasei.us/2009/09/sparql/data/dataN.rdf`` are served from
  the data files ``dataN.ttl``, so their names become ours (``{base}graph/dataN``)
  in ``default-graph-uri``, ``named-graph-uri`` and FROM; ``data0.rdf``, which no
  file holds, keeps its name: a graph the store does not hold, thus empty.

All 27 read-only tests apply. The seven update tests do not: the endpoint is
read-only by design, and refuses them with 403 (checked at the end).
"""

from __future__ import annotations

import http.client
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pyoxigraph as ox
import pytest
from rdflib.query import Result
from SPARQLWrapper import JSON, SPARQLWrapper

from honduras_kg.config import Settings
from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.store import graph_iri, push_graph_dir

from ..store.virtuoso import running_virtuoso
from .conftest import live_server

W3C_DIR = Path(__file__).parents[1] / "data" / "w3c-protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


def g(n: int) -> str:
    """The manifest's graph ``dataN.rdf``, URL-encoded as in its paths."""
    return quote(f"{KASEI}data{n}.rdf", safe="")


@dataclass(frozen=True)
class Request:
    """One request of the manifest, and what its answer must be."""

    method: str
    path: str
    body: str | None = None
    content_type: str | None = None
    encoding: str = "utf-8"
    status: str = "2xx"  # "2xx" stands for the manifest's "2xx or 3xx"
    boolean: bool | None = None
    format: str | None = None  # "boolean", "tabular" or "RDF"


ASK_DATA12 = f"ASK {{ <{KASEI}data1.rdf> a ?type . <{KASEI}data2.rdf> a ?type . }}"
ASK_NAMED12 = (
    f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
    f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}"
)
ASK_FULL = f"""ASK {{
  <{KASEI}data3.rdf> a ?type
  GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }}
  GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }}
}}"""
ASK_MULTIPLE = (
    f"ASK FROM <{KASEI}data3.rdf> {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
    f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}"
)
TRUE = {"boolean": True, "format": "boolean"}

#: The manifest's 27 read-only tests, in its order.
READ_ONLY: dict[str, Request] = {
    "query_post_form": Request(
        "POST", f"/sparql/?default-graph-uri={g(0)}", "query=ASK%20%7B%7D", FORM, **TRUE
    ),
    "query_dataset_default_graphs_get": Request(
        "GET",
        f"/sparql/?query={quote(ASK_DATA12, safe='')}"
        f"&default-graph-uri={g(1)}&default-graph-uri={g(2)}",
        **TRUE,
    ),
    "query_dataset_default_graphs_post": Request(
        "POST",
        f"/sparql/?default-graph-uri={g(1)}&default-graph-uri={g(2)}",
        ASK_DATA12,
        DIRECT,
        **TRUE,
    ),
    "query_dataset_named_graphs_post": Request(
        "POST",
        f"/sparql/?named-graph-uri={g(1)}&named-graph-uri={g(2)}",
        ASK_NAMED12,
        DIRECT,
        **TRUE,
    ),
    "query_dataset_named_graphs_get": Request(
        "GET",
        f"/sparql/?query={quote(ASK_NAMED12, safe='')}"
        f"&named-graph-uri={g(1)}&named-graph-uri={g(2)}",
        **TRUE,
    ),
    "query_dataset_full": Request(
        "POST",
        f"/sparql/?default-graph-uri={g(3)}&named-graph-uri={g(1)}&named-graph-uri={g(2)}",
        ASK_FULL,
        DIRECT,
        **TRUE,
    ),
    "query_multiple_dataset": Request(
        "POST",
        f"/sparql/?named-graph-uri={g(1)}&named-graph-uri={g(2)}",
        ASK_MULTIPLE,
        DIRECT,
        **TRUE,
    ),
    "query_get": Request("GET", f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={g(0)}", **TRUE),
    "query_content_type_select": Request(
        "POST",
        f"/sparql/?default-graph-uri={g(0)}",
        "SELECT (1 AS ?value) {}",
        DIRECT,
        format="tabular",
    ),
    "query_content_type_ask": Request(
        "POST", f"/sparql/?default-graph-uri={g(0)}", "ASK {}", DIRECT, format="boolean"
    ),
    "query_content_type_describe": Request(
        "POST",
        f"/sparql/?default-graph-uri={g(0)}",
        "DESCRIBE <http://example.org/>",
        DIRECT,
        format="RDF",
    ),
    "query_content_type_construct": Request(
        "POST",
        f"/sparql/?default-graph-uri={g(0)}",
        "CONSTRUCT { <s> <p> 1 } WHERE {}",
        DIRECT,
        format="RDF",
    ),
    "query_post_direct": Request("POST", "/sparql/", "ASK {}", DIRECT, **TRUE),
    "bad_query_method": Request(
        "PUT",
        f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={g(0)}",
        content_type=FORM,
        status="4xx",
    ),
    "bad_multiple_queries": Request(
        "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status="4xx"
    ),
    "bad_query_wrong_media_type": Request("POST", "/sparql/", "ASK {}", "text/plain", status="4xx"),
    "bad_query_missing_form_type": Request("POST", "/sparql/", "query=ASK%20%7B%7D", status="4xx"),
    "bad_query_missing_direct_type": Request("POST", "/sparql/", "ASK {}", status="4xx"),
    "bad_query_non_utf8": Request(
        "POST", "/sparql/", "ASK {}", f"{DIRECT}; charset=UTF-16", "utf-16", status="4xx"
    ),
    "bad_query_syntax": Request("GET", "/sparql/?query=ASK%20%7B", status="4xx"),
    "bad_update_get": Request("GET", "/sparql/?update=CLEAR%20ALL", status="4xx"),
    "bad_multiple_updates": Request(
        "POST", "/sparql/", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, status="4xx"
    ),
    "bad_update_wrong_media_type": Request(
        "POST", "/sparql/", "CLEAR NAMED", "text/plain", status="4xx"
    ),
    "bad_update_missing_form_type": Request(
        "POST", "/sparql/", "update=CLEAR%20NAMED", status="4xx"
    ),
    "bad_update_non_utf8": Request(
        "POST", "/sparql/", "CLEAR NAMED", f"{UPDATE}; charset=UTF-16", "utf-16", status="4xx"
    ),
    "bad_update_syntax": Request("POST", "/sparql/", "update=CLEAR%20XYZ", FORM, status="4xx"),
    "bad_update_dataset_conflict": Request(
        "POST",
        "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
        "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\n"
        "WITH <http://example/addresses>\n"
        "DELETE { ?person foaf:givenName 'Bill' }\n"
        "INSERT { ?person foaf:givenName 'William' }\n"
        "WHERE {\n    ?person foaf:givenName 'Bill'\n}",
        UPDATE,
        status="4xx",
    ),
}

_INSERT = f"INSERT DATA {{ GRAPH <{KASEI}data1.rdf> {{ <{KASEI}data1.rdf> a <urn:x> }} }}"

#: The manifest's seven update tests (their first request, shortened): refused here.
UPDATES: dict[str, Request] = {
    "update_dataset_default_graph": Request(
        "POST", f"/sparql/?using-graph-uri={g(1)}", f"CLEAR ALL ; {_INSERT}", UPDATE
    ),
    "update_dataset_default_graphs": Request(
        "POST",
        f"/sparql/?using-graph-uri={g(1)}&using-graph-uri={g(2)}",
        f"DROP ALL ; {_INSERT}",
        UPDATE,
    ),
    "update_dataset_named_graphs": Request(
        "POST",
        f"/sparql/?using-named-graph-uri={g(1)}&using-named-graph-uri={g(2)}",
        f"DROP ALL ; {_INSERT}",
        UPDATE,
    ),
    "update_dataset_full": Request(
        "POST",
        f"/sparql/?using-graph-uri={g(1)}&using-named-graph-uri={g(2)}",
        f"DROP ALL ; {_INSERT}",
        UPDATE,
    ),
    "update_post_form": Request("POST", "/sparql/", "update=CLEAR+ALL", FORM),
    "update_post_direct": Request("POST", "/sparql/", "CLEAR ALL", UPDATE),
    "update_base_uri": Request(
        "POST",
        "/sparql/",
        "CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\n"
        "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
        "{ <http://example.org/s> <http://example.org/p> <test> } }",
        UPDATE,
    ),
}


def test_every_test_of_the_manifest_is_here():
    assert len(READ_ONLY) == 27 and len(UPDATES) == 7
    assert not READ_ONLY.keys() & UPDATES.keys()


# --- the server ---------------------------------------------------------------------------

BACKENDS = ("oxigraph", "rdflib", "remote")


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    """The app over the manifest's three graphs, on each backend (remote: a real Virtuoso)."""
    settings = Settings(graph_dir=W3C_DIR, store=request.param, query_workers=1)
    if request.param != "remote":
        with live_server(settings) as url:
            yield url
        return
    with running_virtuoso() as virtuoso:
        push_graph_dir(virtuoso.update_url, W3C_DIR, user=virtuoso.user, password=virtuoso.password)
        remote = Settings(
            graph_dir=W3C_DIR,
            store="remote",
            sparql_endpoint=virtuoso.sparql_url,
            query_workers=1,
        )
        with live_server(remote) as url:
            yield url


def ours(iri: str) -> str:
    """The manifest's graph IRI as this server names it (see the module's docstring)."""
    match = re.fullmatch(re.escape(KASEI) + r"(data\d)\.rdf", iri)
    if match and (W3C_DIR / f"{match.group(1)}.ttl").exists():
        return graph_iri(DEFAULT_BASE, match.group(1))
    return iri


_GRAPH_PARAMETER = re.compile(r"(?<=[?&])((?:using-)?(?:default|named)-graph-uri=)([^&]*)")
_FROM = re.compile(r"(FROM\s+(?:NAMED\s+)?<)([^>]*)(>)", re.IGNORECASE)


def adapted(request: Request) -> tuple[str, bytes | None]:
    """The request's path and body, with our endpoint path and graph names."""
    path = "/sparql" + request.path.removeprefix("/sparql/")
    path = _GRAPH_PARAMETER.sub(lambda m: m[1] + quote(ours(unquote(m[2])), safe=""), path)
    if request.body is None:
        return path, None
    body = _FROM.sub(lambda m: m[1] + ours(m[2]) + m[3], request.body)
    return path, body.encode(request.encoding)


def send(url: str, request: Request) -> tuple[int, str, bytes]:
    """Send ``request`` as written: status, media type and body of the answer."""
    path, body = adapted(request)
    headers = {"Content-Type": request.content_type} if request.content_type else {}
    connection = http.client.HTTPConnection(urlsplit(url).netloc, timeout=60)
    try:
        connection.request(request.method, path, body=body, headers=headers)
        answer = connection.getresponse()
        media = (answer.getheader("Content-Type") or "").split(";")[0].strip()
        return answer.status, media, answer.read()
    finally:
        connection.close()


# --- the checks ---------------------------------------------------------------------------

#: The media types the manifest accepts for each ``expectedFormat``, and their parsers' names.
RESULTS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml"}
TABLES = {**RESULTS, "text/csv": "csv", "text/tab-separated-values": "tsv"}
RDF = ("application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml")


def check_result(request: Request, media: str, body: bytes) -> None:
    if request.format == "boolean":
        assert media in RESULTS, media
        answer = Result.parse(io.BytesIO(body), format=RESULTS[media]).askAnswer
        assert isinstance(answer, bool)
        if request.boolean is not None:
            assert answer is request.boolean
    elif request.format == "tabular":
        assert media in TABLES, media
        table = Result.parse(io.BytesIO(body), format=TABLES[media])
        assert [str(v) for v in table.vars or ()] == ["value"]
        assert [str(row[0]) for row in table] == ["1"]  # type: ignore[index]
    elif request.format == "RDF":
        assert media in RDF, media
        rdf_format = ox.RdfFormat.from_media_type(media)
        assert rdf_format is not None
        list(ox.parse(body, format=rdf_format))  # it parses


@pytest.mark.parametrize("name", READ_ONLY)
def test_w3c_protocol(server: str, name: str):
    request = READ_ONLY[name]
    status, media, body = send(server, request)
    expected = ("2", "3") if request.status == "2xx" else ("4",)
    assert str(status).startswith(expected), (status, body[:500])
    check_result(request, media, body)


@pytest.mark.parametrize("name", UPDATES)
def test_w3c_update_tests_are_refused(server: str, name: str):
    status, _, body = send(server, UPDATES[name])
    assert status == 403, body[:500]
    assert b"read-only" in body
    still = send(server, READ_ONLY["query_dataset_default_graphs_get"])
    assert Result.parse(io.BytesIO(still[2]), format="json").askAnswer is True


# --- the same queries through a real client ------------------------------------------------


def sparql_and_dataset(request: Request) -> tuple[str, list[str], list[str]]:
    """The query text and the protocol dataset of a manifest request, with our graph names."""
    path, body = adapted(request)
    params = parse_qsl(urlsplit(path).query)
    if body is not None and request.content_type == FORM:
        params += parse_qsl(body.decode())
    query = body.decode() if request.content_type == DIRECT and body else ""
    query = query or next(value for key, value in params if key == "query")
    default = [value for key, value in params if key == "default-graph-uri"]
    named = [value for key, value in params if key == "named-graph-uri"]
    return query, default, named


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("name", [n for n, r in READ_ONLY.items() if r.boolean is not None])
def test_w3c_protocol_through_sparqlwrapper(server: str, name: str, method: str):
    query, default, named = sparql_and_dataset(READ_ONLY[name])
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(query)
    for iri in default:
        client.addDefaultGraph(iri)
    for iri in named:
        client.addNamedGraph(iri)
    client.setMethod(method)
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is READ_ONLY[name].boolean
