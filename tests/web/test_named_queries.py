"""Named queries over HTTP: /api/queries and /api/queries/{name}."""

from __future__ import annotations

import csv
import io

from honduras_kg.config import Settings
from honduras_kg.sparql.named import load_queries

from .conftest import client_for

SOTO_CANO = "https://w3id.org/honduras-kg/id/soto-cano"


def test_list_every_query_with_its_header(client):
    listing = client.get("/api/queries").json()
    assert [q["name"] for q in listing] == list(load_queries())
    relations = next(q for q in listing if q["name"] == "entity-relations")
    assert relations["title"] and relations["description"]
    assert relations["parameters"][0]["type"] == "iri"
    assert relations["url"].endswith("/api/queries/entity-relations")


def test_every_example_runs_at_the_endpoint(client):
    for info in client.get("/api/queries").json():
        if info["example"] is None:
            continue
        response = client.post(
            "/sparql", content=info["example"], headers={"Content-Type": "application/sparql-query"}
        )
        assert response.status_code == 200, (info["name"], response.text)


def test_run_with_a_parameter(client):
    response = client.get("/api/queries/entity-relations", params={"entity": SOTO_CANO})
    assert response.status_code == 200
    rows = response.json()["results"]["bindings"]
    assert rows and all("quote" in row or "source" in row for row in rows)


def test_formats(client):
    response = client.get("/api/queries/quantities", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"250000", "1000", "27", "45", "25"} <= {row["value"] for row in rows}
    xml = client.get(
        "/api/queries/quantities", headers={"Accept": "application/sparql-results+xml"}
    )
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")


def test_unknown_query_is_404_with_the_known_ones(client):
    response = client.get("/api/queries/no-such-query")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "entity-relations" in response.json()["detail"]


def test_bad_parameters_are_422_and_name_the_parameter(client):
    injection = client.get(
        "/api/queries/entity-relations", params={"entity": "urn:x:a> } ; DROP ALL ; {"}
    )
    assert injection.status_code == 422
    assert "entity" in injection.json()["detail"]
    unknown = client.get("/api/queries/entity-relations", params={"colour": "red"})
    assert unknown.status_code == 422 and "colour" in unknown.json()["detail"]
    bad_date = client.get("/api/queries/timeline", params={"from_date": "last tuesday"})
    assert bad_date.status_code == 422 and "from_date" in bad_date.json()["detail"]


def test_parameters_follow_a_configured_base():
    base = "http://127.0.0.1:8000/"
    with client_for(Settings(base=base)) as client:
        response = client.get("/api/queries/entity-relations")
        rows = response.json()["results"]["bindings"]
        assert rows, "the default entity was moved to the configured base"
        assert all(
            term["value"].startswith(base)
            or not term["value"].startswith("https://w3id.org/honduras-kg/id/")
            for row in rows
            for term in row.values()
        )
