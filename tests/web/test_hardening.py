"""Hostile input over HTTP: bodies too large, forms too big to parse on the loop,
bytes that are not UTF-8, numbers past Python's limits, parameters given twice;
``nosniff`` on every kind of answer; the error answers in the OpenAPI schema.

Every refusal is a 4xx ``application/problem+json`` whose detail names what
was wrong; none is a 5xx.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient

from honduras_kg.config import DEFAULT_MAX_BODY_BYTES, Settings
from honduras_kg.web import create_app, limits

from .conftest import live_server

MiB = 1024**2
BIG = "9" * 4301  # one digit past what Python converts to an int
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def roomy_url() -> Iterator[str]:
    """A live server that takes bodies up to 16 MiB (so a 10 MB form gets parsed)."""
    with live_server(Settings(max_body_bytes=16 * MiB)) as url:
        yield url


def problem(response, status: int) -> str:
    """The detail of a problem+json answer, after checking its status and headers."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["x-content-type-options"] == "nosniff"
    return response.json()["detail"]


# --- the request body limit ------------------------------------------------------


def _exchange(url: str, head: bytes, body_parts: tuple[bytes, ...] = ()) -> bytes:
    """Send ``head`` then ``body_parts`` on a fresh connection; the answer, read to its end."""
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(head)
        for part in body_parts:
            sock.sendall(part)
        answer = b""
        while chunk := sock.recv(65536):  # the server closes: it will not read the rest
            answer += chunk
    return answer


def test_huge_content_length_is_refused_before_the_body_is_read(roomy_url: str) -> None:
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 209715200\r\n\r\n"
    )
    # Not one byte of the 200 MB is sent: an answer proves the server did not wait for it.
    answer = _exchange(roomy_url, head)
    status, _, rest = answer.partition(b"\r\n")
    assert status.startswith(b"HTTP/1.1 413 ")
    assert b"content-type: application/problem+json" in rest.lower()
    assert b"x-content-type-options: nosniff" in rest.lower()
    assert b"209715200 bytes; this server accepts at most 16777216" in rest


def test_chunked_body_is_refused_as_soon_as_it_passes_the_limit(roomy_url: str) -> None:
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    mebibyte = b"100000\r\n" + b"#" * MiB + b"\r\n"
    # 16 MiB (the limit), one byte more, and never the last chunk ("0\r\n\r\n").
    parts = (mebibyte,) * 16 + (b"1\r\n#\r\n",)
    answer = _exchange(roomy_url, head, parts)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"over the 16777216 bytes this server accepts" in answer


def test_default_limit_refuses_a_body_of_two_mebibytes(client: TestClient) -> None:
    assert MiB == DEFAULT_MAX_BODY_BYTES
    body = "query=" + quote("ASK {} #" + "x" * 2 * MiB)
    response = client.post("/sparql", content=body, headers={"content-type": FORM})
    assert "this server accepts at most 1048576" in problem(response, 413)


def test_streamed_body_under_the_limit_is_read_whole(client: TestClient) -> None:
    parts = (piece.encode() for piece in ("ASK ", "{ ?s ?p ?o }"))
    response = client.post(
        "/sparql", content=parts, headers={"content-type": "application/sparql-query"}
    )
    assert response.status_code == 200 and response.json()["boolean"] is True


# --- forms parsed off the event loop ------------------------------------------------


def test_a_large_form_does_not_stall_a_cheap_request(
    roomy_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a 10 MB form is being parsed, a cheap query is answered.

    The parse of the big form is held until the cheap answer is in: were it
    on the event loop, holding it would hold every request, and the cheap one
    would time out. Ordering, not timing.
    """
    parsing, release = threading.Event(), threading.Event()
    parse = limits._parse_pairs

    def held_parse(text: bytes | str, what: str) -> list[tuple[str, str]]:
        if len(text) > limits.INLINE_PARSE_BYTES:
            parsing.set()
            release.wait(timeout=60)
        return parse(text, what)

    monkeypatch.setattr(limits, "_parse_pairs", held_parse)
    body = ("query=" + quote("ASK { ?s ?p ?o }") + "&a=b" * 2_500_000).encode()
    assert len(body) > 10_000_000
    address = urlsplit(roomy_url)
    outcome: dict[str, object] = {}

    def post_big_form() -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
        connection.request("POST", "/sparql", body, {"Content-Type": FORM})
        response = connection.getresponse()
        outcome["big"] = (response.status, response.read(), release.is_set())
        connection.close()

    poster = threading.Thread(target=post_big_form)
    poster.start()
    try:
        assert parsing.wait(timeout=60), "the big form never reached the parser"
        cheap = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        cheap.request("GET", "/sparql?query=" + quote("ASK {}"), headers={"Accept": "*/*"})
        answer = cheap.getresponse()
        assert answer.status == 200 and b"true" in answer.read()
        cheap.close()
    finally:
        release.set()
        poster.join(timeout=120)
    status, text, released_first = outcome["big"]  # type: ignore[misc]
    assert status == 200 and b"true" in text  # type: ignore[operator]
    assert released_first  # the big one finished only after the cheap one


def test_form_parsing_gives_the_same_pairs_inline_and_in_a_thread(client: TestClient) -> None:
    padding = "&pad=" + "x" * limits.INLINE_PARSE_BYTES
    for extra in ("", padding):  # under and over the inline size
        body = "query=" + quote("SELECT (1 AS ?one) {}") + "&format=csv" + extra
        response = client.post("/sparql", content=body, headers={"content-type": FORM})
        assert response.status_code == 200
        assert response.text.split() == ["one", "1"]


def test_form_with_escapes_that_are_not_utf8_names_the_parameter(client: TestClient) -> None:
    for extra in ("", "&pad=" + "x" * limits.INLINE_PARSE_BYTES):
        body = "query=ASK%7B%7D&default-graph-uri=%FF" + extra
        response = client.post("/sparql", content=body, headers={"content-type": FORM})
        assert problem(response, 400).startswith("default-graph-uri: ")


# --- nosniff everywhere -------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "headers", "status"),
    [
        ("GET", "/api/stats", {}, 200),  # JSON
        ("GET", "/api/entities/nobody", {}, 404),  # problem+json
        ("GET", "/", {}, 200),  # a page
        ("GET", "/static/style.css", {}, 200),  # a static file
        ("GET", "/sparql?query=ASK%7B%7D", {"accept": "text/csv"}, 200),  # results
        ("GET", "/id/soto-cano", {"accept": "text/turtle"}, 200),  # RDF
        ("HEAD", "/api/stats", {}, 200),
        ("DELETE", "/api/stats", {}, 405),
        ("GET", "/api/search?q=%FF", {}, 400),  # refused by RequestLimits, before the app
    ],
)
def test_every_answer_says_nosniff(client, method, url, headers, status) -> None:
    response = client.request(method, url, headers=headers)
    assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"


def test_not_modified_answers_say_nosniff(client: TestClient) -> None:
    for url in ("/api/stats", "/static/style.css"):
        etag = client.get(url).headers["etag"]
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304
        assert again.headers["x-content-type-options"] == "nosniff"


def test_an_unexpected_error_is_a_500_that_says_nosniff() -> None:
    app = create_app(Settings())

    async def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as unstarted:
        response = unstarted.get("/boom")
    assert "logged" in problem(response, 500)
    assert "a bug" not in response.text


def test_method_not_allowed_lists_every_method_of_the_path(client: TestClient) -> None:
    response = client.request("OPTIONS", "/sparql")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert client.delete("/api/stats").headers["allow"] == "GET, HEAD"


# --- parameters: each refusal a 4xx naming the parameter ------------------------------

HOSTILE = [
    # Python's int digit limit, NaN, infinity
    (f"/api/queries/quantities?minimum={BIG}", 422, "minimum"),
    (f"/api/queries/quantities?minimum={2**63}", 422, "minimum"),
    ("/api/queries/quantities?minimum=nan", 422, "minimum"),
    (f"/api/search?q=x&limit={BIG}", 422, "limit"),
    (f"/api/search?q=x&offset={BIG}", 422, "offset"),
    ("/api/search?q=x&offset=nan", 422, "offset"),
    ("/api/stats?top=inf", 422, "top"),
    (f"/api/entities/soto-cano/neighbourhood?depth={BIG}", 422, "depth"),
    (f"/api/paths?from=a&to=b&k={BIG}", 422, "k"),
    (f"/api/graph?depth={BIG}", 422, "depth"),
    (f"/api/export?max_nodes={BIG}", 422, "max_nodes"),
    (f"/search?q=castro&offset={BIG}", 422, "offset"),
    # huge strings
    ("/api/queries/search-statements?name=" + "a" * 30_000, 422, "name"),
    ("/api/search?q=" + "a" * 10_000, 422, "q"),
    ("/api/entities/" + "a" * 10_000, 404, "id"),
    ("/claim/" + "a" * 10_000, 404, "aaaa"),
    # control characters
    ("/api/queries/search-statements?name=a%00b", 422, "name"),
    ("/api/queries/search-statements?name=%1b%5b31m", 422, "name"),
    ("/api/entities/soto-cano/relations?predicate=%00", 404, "predicate"),
    ("/api/graph?types=person%00", 422, "types"),
    ("/api/statements?speaker=%07", 404, "speaker"),
    ("/id/%00", 404, "\\x00"),
    # bytes that are not UTF-8, in the query string and in the path
    ("/api/queries/search-statements?name=%FF", 400, "name"),
    ("/api/search?q=caf%C3", 400, "q"),
    ("/api/graph?focus=%ED%A0%80", 400, "focus"),  # an encoded surrogate
    ("/sparql?query=ASK%7B%7D&default-graph-uri=%FF", 400, "default-graph-uri"),
    ("/api/entities/%FF", 400, "path"),
    ("/id/soto-cano%C0%AF", 400, "path"),
    # the same parameter twice
    ("/api/search?q=a&q=b", 422, "q"),
    ("/api/queries/quantities?minimum=1&minimum=2", 422, "minimum"),
    ("/api/graph?focus=soto-cano&focus=honduras", 422, "focus"),
    ("/id/soto-cano?format=turtle&format=jsonld", 422, "format"),
    ("/search?q=a&q=b", 422, "q"),
    ("/sparql?query=ASK%7B%7D&query=ASK%7B%7D", 400, "one 'query'"),
    # dates that are no day
    ("/api/timeline?date_from=2025-02-30", 422, "date_from"),
    ("/api/graph?date_to=2025-13", 422, "date_to"),
    ("/api/queries/timeline?from_date=2025-02-30", 422, "from_date"),
]


@pytest.mark.parametrize(("url", "status", "named"), HOSTILE)
def test_hostile_parameter_is_refused_naming_it(client, url, status, named) -> None:
    response = client.get(url, headers={"accept": "application/json"})
    assert named in problem(response, status)


def test_a_64_bit_integer_is_taken(client: TestClient) -> None:
    response = client.get(f"/api/queries/quantities?minimum={2**63 - 1}")
    assert response.status_code == 200 and response.json()["results"]["bindings"] == []


# --- the schema documents the errors -------------------------------------------------


def test_every_operation_documents_its_errors_as_problem_json(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "Problem" in schema["components"]["schemas"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "413"} <= set(responses), (method, path)
            for status, response in responses.items():
                if int(status) >= 400:
                    content = response["content"]["application/problem+json"]
                    assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
    sparql = schema["paths"]["/sparql"]
    assert {"406", "415", "503"} <= set(sparql["post"]["responses"])
    assert {"application/x-www-form-urlencoded", "application/sparql-query"} == set(
        sparql["post"]["requestBody"]["content"]
    )
    assert "404" in schema["paths"]["/api/entities/{id}"]["get"]["responses"]
    assert "404" in schema["paths"]["/id/{id}"]["get"]["responses"]
