"""open_store: the settings choose the backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from honduras_kg.config import Settings
from honduras_kg.errors import StoreError
from honduras_kg.store import OxigraphStore, RdflibStore, RemoteStore, Store, open_store

from .virtuoso import Virtuoso

ASK = "ASK { hk:honduras a schema:Country }"


def check(store: Store, kind: type) -> None:
    try:
        assert isinstance(store, kind) and isinstance(store, Store)
        assert store.query(ASK).boolean
    finally:
        store.close()


def test_oxigraph_in_memory_is_the_default():
    assert Settings().store == "oxigraph"
    check(open_store(Settings()), OxigraphStore)


def test_oxigraph_on_disk(oxigraph_dir: Path):
    check(open_store(Settings(store_path=oxigraph_dir)), OxigraphStore)


def test_oxigraph_on_disk_that_was_never_filled(tmp_path: Path):
    with pytest.raises(StoreError):
        open_store(Settings(store_path=tmp_path / "empty"))


def test_rdflib():
    check(open_store(Settings(store="rdflib")), RdflibStore)


def test_remote(virtuoso: Virtuoso, pushed: dict[str, int]):
    settings = Settings(store="remote", sparql_endpoint=virtuoso.sparql_url)
    store = open_store(settings)
    assert store.graph_names() == set(pushed)
    check(store, RemoteStore)


def test_remote_needs_an_endpoint():
    with pytest.raises(ValueError, match="endpoint"):
        open_store(Settings(store="remote"))


def test_store_settings_come_from_the_environment():
    env = {
        "HONDURAS_KG_STORE": "remote",
        "HONDURAS_KG_STORE_PATH": "/data/oxigraph",
        "HONDURAS_KG_SPARQL_ENDPOINT": "http://127.0.0.1:8890/sparql",
        "HONDURAS_KG_SPARQL_UPDATE_ENDPOINT": "http://127.0.0.1:8890/sparql-auth",
        "HONDURAS_KG_SPARQL_USER": "dba",
        "HONDURAS_KG_SPARQL_PASSWORD": "secret",
    }
    settings = Settings.from_env(env)
    assert settings.store == "remote"
    assert settings.store_path == Path("/data/oxigraph")
    assert settings.sparql_update_endpoint == "http://127.0.0.1:8890/sparql-auth"
    assert (settings.sparql_user, settings.sparql_password) == ("dba", "secret")
    assert "secret" not in repr(settings)


def test_an_unknown_store_is_refused():
    with pytest.raises(ValueError, match="oxigraph, rdflib, remote"):
        Settings.from_env({"HONDURAS_KG_STORE": "sqlite"})
    with pytest.raises(ValueError):
        Settings(store="sqlite")
