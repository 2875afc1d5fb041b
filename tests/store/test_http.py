"""The remote store's HTTP side against a scripted server: basic auth, formats, failures.

(Digest authentication and the real formats are tested against Virtuoso.)
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from honduras_kg.errors import QuerySyntaxError, QueryTimeout, StoreError
from honduras_kg.store import RemoteStore
from honduras_kg.store.remote import EMPTY_GRAPH

USER, PASSWORD = "reader", "s3cret"
SELECT = {
    "head": {"vars": ["s"]},
    "results": {"bindings": [{"s": {"type": "uri", "value": f"urn:s{n}"}} for n in range(5)]},
}

#: What /graphs answers to every query: the server's graphs, when the store lists them.
GRAPHS = {
    "head": {"vars": ["g"]},
    "results": {"bindings": [{"g": {"type": "uri", "value": g}} for g in ("urn:g1", "urn:n")]},
}

#: path -> (status, content type, body, extra headers)
ANSWERS: dict[str, tuple[int, str, bytes, dict[str, str]]] = {
    "/select": (200, "application/sparql-results+json", json.dumps(SELECT).encode(), {}),
    "/graphs": (200, "application/sparql-results+json", json.dumps(GRAPHS).encode(), {}),
    "/capped": (
        200,
        "application/sparql-results+json",
        json.dumps(SELECT).encode(),
        {"X-SPARQL-MaxRows": "5"},
    ),
    "/turtle": (200, "text/turtle; charset=utf-8", b"<urn:s> <urn:p> 'o'@EN, 1 .", {}),
    "/html": (200, "text/html", b"<html>hello</html>", {}),
    "/garbage": (200, "application/sparql-results+json", b"{not json", {}),
    "/bad": (400, "text/plain", b"Parse error at line 3\n\nSPARQL query:\nSELEC", {}),
    "/boom": (500, "text/plain", b"Internal error", {}),
}


class Scripted(BaseHTTPRequestHandler):
    """Answers POSTs by path, after HTTP basic authentication."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        fields = parse_qs(self.rfile.read(length).decode())
        self.server.seen.append((self.path, fields, self.headers.get("Accept")))  # type: ignore[attr-defined]
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            self._send(401, "text/plain", b"who are you?", {"WWW-Authenticate": 'Basic realm="kg"'})
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(*ANSWERS["/select"])
        else:
            self._send(*ANSWERS[self.path])

    def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            for name, value in {"Content-Type": content_type, **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def remote(server: ThreadingHTTPServer, path: str, **options) -> RemoteStore:
    host, port = server.server_address[:2]
    options = {"user": USER, "password": PASSWORD, **options}
    return RemoteStore(f"http://{host}:{port}{path}", **options)


def test_basic_auth_and_a_client_side_row_limit(server):
    result = remote(server, "/select").query("SELECT ?s { ?s ?p ?o }", row_limit=3)
    assert [row["s"]["value"] for row in result.rows] == ["urn:s0", "urn:s1", "urn:s2"]
    assert result.truncated


def test_the_request_follows_the_protocol(server):
    store = remote(server, "/graphs", base_iri="http://kg.example/sparql")
    store.query("SELECT * { ?s a hko:Claim }", default_graphs=["urn:g1"], named_graphs=["urn:n"])
    _, fields, accept = server.seen[-1]
    assert accept == "application/sparql-results+json"
    assert fields["default-graph-uri"] == ["urn:g1"]
    assert fields["named-graph-uri"] == ["urn:n"]
    assert fields["query"][0].startswith("BASE <http://kg.example/sparql> PREFIX ")
    assert "PREFIX hko: <https://w3id.org/honduras-kg/ontology#>" in fields["query"][0]


def test_graphs_the_server_does_not_hold_are_never_sent(server):
    outside = ["http://127.0.0.1:1/g.ttl", "file:///etc/passwd", "urn:g2"]
    store = remote(server, "/graphs")
    store.query("ASK { ?s ?p ?o }", default_graphs=["urn:g1", *outside], named_graphs=outside)
    _, fields, _ = server.seen[-1]
    assert fields["default-graph-uri"] == ["urn:g1"]
    assert fields["named-graph-uri"] == [EMPTY_GRAPH]  # an empty set of named graphs
    store.query("ASK { ?s ?p ?o }", default_graphs=outside)
    _, fields, _ = server.seen[-1]
    assert fields["default-graph-uri"] == [EMPTY_GRAPH]
    assert fields["named-graph-uri"] == ["urn:g1", "urn:n"]  # the store's default: every graph


def test_a_server_cap_is_reported_as_truncation(server):
    assert remote(server, "/capped").query("SELECT ?s { ?s ?p ?o }").truncated


def test_graphs_in_turtle_become_ntriples(server):
    result = remote(server, "/turtle").query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert sorted(result.ntriples.splitlines()) == [
        '<urn:s> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        '<urn:s> <urn:p> "o"@en .',
    ]
    assert server.seen[-1][2].startswith("application/n-triples")


@pytest.mark.parametrize(
    ("path", "query", "error", "message"),
    [
        ("/bad", "SELECT * {}", QuerySyntaxError, "^Parse error at line 3$"),
        ("/boom", "SELECT * {}", StoreError, "500"),
        ("/html", "DESCRIBE <urn:x>", StoreError, "text/html"),
        ("/garbage", "ASK {}", StoreError, "malformed"),
        ("/slow", "ASK {}", QueryTimeout, "0.2 s"),
    ],
)
def test_failures_become_the_project_errors(server, path, query, error, message):
    with pytest.raises(error, match=message):
        remote(server, path, timeout=0.2).query(query)


def test_no_credentials_is_a_store_error(server):
    with pytest.raises(StoreError, match="401"):
        remote(server, "/select", user=None).query("SELECT * {}")
