"""HEAD answers as GET would, without the body."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    "url",
    [
        "/api/entities/soto-cano",
        "/api/graph?focus=soto-cano",
        "/graph",
        "/id/soto-cano",
        "/static/style.css",
        "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D",
    ],
)
def test_head_gets_the_headers_of_get(client: TestClient, url: str) -> None:
    got = client.get(url, headers={"Accept": "application/json, text/html;q=0.9"})
    head = client.head(url, headers={"Accept": "application/json, text/html;q=0.9"})
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag"):
        assert head.headers.get(name) == got.headers.get(name), name


def test_head_of_an_unknown_id_is_404_without_a_body(client: TestClient) -> None:
    head = client.head("/api/entities/no-such-entity")
    assert head.status_code == 404 and head.content == b""
    assert head.headers["content-type"].startswith("application/problem+json")


def test_other_methods_still_405(client: TestClient) -> None:
    assert client.delete("/api/entities/soto-cano").status_code == 405
