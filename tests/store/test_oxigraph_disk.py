"""The on-disk Oxigraph store: filled once, opened read-only (its answers are in test_backends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR
from honduras_kg.errors import StoreError
from honduras_kg.store import OxigraphStore, load_into_directory

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(store: OxigraphStore) -> int:
    return int(store.query(COUNT).rows[0]["n"]["value"])


def test_filling_twice_leaves_the_same_data(tmp_path: Path, real_graph):
    path = tmp_path / "store"
    first = load_into_directory(path, DEFAULT_GRAPH_DIR)
    assert load_into_directory(path, DEFAULT_GRAPH_DIR) == first
    curated = {graph: n for graph, n in first.items() if "/derived/" not in graph}
    assert sum(curated.values()) == len(real_graph)
    store = OxigraphStore.open_read_only(path)
    try:
        assert count(store) == sum(first.values())
        assert store.graph_names() == set(first)
    finally:
        store.close()


def test_read_only_store_refuses_writes(oxigraph_disk_store: OxigraphStore):
    # The protocol has no write verb, so reach for the pyoxigraph store underneath.
    with pytest.raises(RuntimeError, match="read-write"):
        oxigraph_disk_store._store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert not oxigraph_disk_store.query("ASK { <urn:a> ?p ?o }").boolean


def test_a_missing_directory_is_a_store_error(tmp_path: Path):
    with pytest.raises(StoreError, match="load_into_directory"):
        OxigraphStore.open_read_only(tmp_path / "nothing")


def test_a_closed_store_says_so(oxigraph_dir: Path):
    store = OxigraphStore.open_read_only(oxigraph_dir)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.query(COUNT)
