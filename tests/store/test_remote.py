"""The remote store against the session's real Virtuoso: loading it, and its quirks."""

from __future__ import annotations

from pathlib import Path

import pytest

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR
from honduras_kg.errors import StoreError
from honduras_kg.store import OxigraphStore, RemoteStore, graph_iri, push_graph_dir
from honduras_kg.store.rows import select_all

from . import virtuoso as virtuoso_module
from .virtuoso import Virtuoso, free_ports

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CLASH_BASE = "http://example.org/clash/"

#: Literals that are equal as values but not as RDF terms: Virtuoso merges
#: them when they travel in one INSERT DATA. (It also rewrites the lexical
#: form of doubles, "1"^^xsd:double coming back as "1.0": not tested, as the
#: curated data has none.)
CLASHING = """\
@prefix hk:  <https://w3id.org/honduras-kg/id/> .
@prefix hko: <https://w3id.org/honduras-kg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
hk:a hko:date "2025"^^xsd:gYear .
hk:b hko:date "2025-01"^^xsd:gYearMonth .
hk:c hko:date "2025-01-01"^^xsd:date .
hk:c hko:alsoDate "2025"^^xsd:gYear .
hk:d hko:n 1 .
hk:e hko:n true .
hk:f hko:n 1.0 .
"""


def count(store: RemoteStore, **dataset: list[str]) -> int:
    return int(store.query(COUNT, **dataset).rows[0]["n"]["value"])


def test_push_sends_every_triple(pushed: dict[str, int], remote_store: RemoteStore, real_graph):
    curated = {graph: n for graph, n in pushed.items() if "/derived/" not in graph}
    assert sum(curated.values()) == len(real_graph)
    assert count(remote_store) == sum(pushed.values())


def test_pushing_again_leaves_the_same_data(
    virtuoso: Virtuoso, pushed: dict[str, int], remote_store: RemoteStore
):
    again = push_graph_dir(
        virtuoso.update_url,
        DEFAULT_GRAPH_DIR,
        user=virtuoso.user,
        password=virtuoso.password,
        batch_size=1000,
    )
    assert again == pushed
    assert count(remote_store) == sum(pushed.values())


def test_literals_equal_as_values_stay_apart(virtuoso: Virtuoso, tmp_path: Path):
    (tmp_path / "clash.ttl").write_text(CLASHING)
    push_graph_dir(
        virtuoso.update_url,
        tmp_path,
        base=CLASH_BASE,
        user=virtuoso.user,
        password=virtuoso.password,
    )
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p"
    graph = graph_iri(CLASH_BASE, "clash")
    remote = RemoteStore(virtuoso.sparql_url).query(query, default_graphs=[graph])
    expected = OxigraphStore.from_graph_dir(tmp_path, base=CLASH_BASE).query(query)
    assert remote.rows == expected.rows
    assert len(remote.rows) == 7


def test_without_a_graph_prefix_the_server_decides(
    virtuoso: Virtuoso, remote_store: RemoteStore, real_graph
):
    everything = RemoteStore(virtuoso.sparql_url)
    assert everything.graph_names() > remote_store.graph_names()  # Virtuoso's own graphs too
    assert count(everything) > len(real_graph)


def test_a_wrong_password_is_a_store_error(virtuoso: Virtuoso, tmp_path: Path):
    (tmp_path / "one.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(StoreError, match="401"):
        push_graph_dir(virtuoso.update_url, tmp_path, base=CLASH_BASE, user="dba", password="wrong")


def test_an_unreachable_server_is_a_store_error():
    (port,) = free_ports(1)
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore(f"http://127.0.0.1:{port}/sparql").query("ASK {}")


def test_without_virtuoso_the_tests_skip_naming_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(virtuoso_module, "VIRTUOSO", tmp_path / "virtuoso-t")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install .*virtuoso-opensource"):
        virtuoso_module.start_virtuoso(tmp_path)


def test_without_virtuoso_under_ci_the_tests_fail(monkeypatch, tmp_path):
    monkeypatch.setattr(virtuoso_module, "VIRTUOSO", tmp_path / "virtuoso-t")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"virtuoso-opensource.*CI=true"):
        virtuoso_module.start_virtuoso(tmp_path)


def test_an_answer_past_the_row_cap_is_read_whole_in_pages(remote_store: RemoteStore):
    """Virtuoso cuts answers at 10,000 rows and refuses to sort past that many for a
    page: select_all still reads all of a 3-page answer, each row once."""
    query = (
        "SELECT ?g ?s ?p ?o ?n WHERE { GRAPH ?g { ?s ?p ?o } VALUES ?n { 1 2 3 4 5 6 7 8 9 10 } }"
    )
    assert remote_store.query(query).truncated
    counted = remote_store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {query} }} }}")
    rows = [tuple(sorted((name, term["value"]) for name, term in row.items()))
            for row in select_all(remote_store, query)]  # fmt: skip
    assert len(rows) == len(set(rows)) == int(counted.rows[0]["n"]["value"]) > 20_000
