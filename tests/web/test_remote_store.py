"""The whole web layer on a remote store: a real Virtuoso, loaded with `honduras-kg load --into`."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from honduras_kg.cli import main
from honduras_kg.config import Settings
from honduras_kg.errors import StoreError

from ..store.virtuoso import Virtuoso, running_virtuoso
from .conftest import client_for


@pytest.fixture(scope="module")
def virtuoso_client() -> Iterator[tuple[Virtuoso, TestClient]]:
    with running_virtuoso() as server:
        loaded = CliRunner().invoke(
            main,
            [
                "load",
                "--into",
                server.update_url,
                "--user",
                server.user,
                "--password",
                server.password,
            ],
        )
        assert loaded.exit_code == 0, loaded.output
        settings = Settings(store="remote", sparql_endpoint=server.sparql_url)
        with client_for(settings) as client:
            yield server, client


def test_load_into_reports_every_graph(virtuoso_client):
    server, _ = virtuoso_client
    again = CliRunner().invoke(
        main, ["load", "--into", server.update_url, "--user", "dba", "--password", "dba"]
    )
    assert again.exit_code == 0 and "claims-al-jazeera" in again.stdout


def test_sparql_on_virtuoso(virtuoso_client):
    _, client = virtuoso_client
    response = client.get(
        "/sparql", params={"query": "SELECT ?l WHERE { hk:soto-cano rdfs:label ?l }"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["l"]["value"] == ("Soto Cano Air Base")


def test_named_query_on_virtuoso(virtuoso_client):
    _, client = virtuoso_client
    response = client.get("/api/queries/quantities", params={"format": "csv"})
    assert response.status_code == 200, response.text
    assert "250000" in response.text and "Pew Research Center" in response.text


def test_guard_and_errors_on_virtuoso(virtuoso_client):
    _, client = virtuoso_client
    assert client.post("/sparql", data={"update": "DROP ALL"}).status_code == 403
    bad = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert bad.status_code == 400
    service = client.get(
        "/sparql", params={"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}
    )
    assert service.status_code == 400
    # nothing was lost
    count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?c a hko:Claim }"})
    assert int(count.json()["results"]["bindings"][0]["n"]["value"]) > 100


def test_an_unreachable_server_stops_the_start_with_a_clear_error():
    settings = Settings(store="remote", sparql_endpoint="http://127.0.0.1:9/sparql")
    expected = re.escape("cannot reach http://127.0.0.1:9/sparql")
    with pytest.raises(StoreError, match=expected), client_for(settings):
        pass
