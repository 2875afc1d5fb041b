"""Fixtures for the store suite: one session store per backend, and a real Virtuoso.

``store`` is parametrised over every backend, so each test in the suite runs
against each of them. ``virtuoso`` starts one Virtuoso per session (see
``virtuoso.py`` beside this file) and stops it at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR
from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.store import (
    OxigraphStore,
    RdflibStore,
    RemoteStore,
    Store,
    load_into_directory,
    push_graph_dir,
    service_iri,
)

from .virtuoso import Virtuoso, running_virtuoso
from .virtuoso import remote_store as remote_store_of


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[Virtuoso]:
    """A Virtuoso of this session, empty at the start; stopped and deleted at the end."""
    with running_virtuoso() as server:
        yield server


# --- one session store per backend -------------------------------------------------

#: The backends the suite runs over; ``oxigraph-disk`` is Oxigraph opened read-only.
BACKENDS = ("oxigraph", "oxigraph-disk", "rdflib", "remote")


@pytest.fixture(scope="session")
def rdflib_store() -> Iterator[RdflibStore]:
    """The reference backend over the curated graph."""
    store = RdflibStore.from_graph_dir(DEFAULT_GRAPH_DIR)
    yield store
    store.close()


@pytest.fixture(scope="session")
def oxigraph_store() -> Iterator[OxigraphStore]:
    """Oxigraph in memory over the curated graph."""
    store = OxigraphStore.from_graph_dir(DEFAULT_GRAPH_DIR)
    yield store
    store.close()


@pytest.fixture(scope="session")
def oxigraph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk Oxigraph store filled with the curated graph."""
    path = tmp_path_factory.mktemp("oxigraph") / "store"
    load_into_directory(path, DEFAULT_GRAPH_DIR)
    return path


@pytest.fixture(scope="session")
def oxigraph_disk_store(oxigraph_dir: Path) -> Iterator[OxigraphStore]:
    """The on-disk Oxigraph store, opened read-only."""
    store = OxigraphStore.open_read_only(oxigraph_dir, base_iri=service_iri(DEFAULT_BASE))
    yield store
    store.close()


@pytest.fixture(scope="session")
def pushed(virtuoso: Virtuoso) -> dict[str, int]:
    """The curated graph pushed into the session's Virtuoso (triples per graph)."""
    return push_graph_dir(
        virtuoso.update_url,
        DEFAULT_GRAPH_DIR,
        user=virtuoso.user,
        password=virtuoso.password,
        batch_size=400,
    )


@pytest.fixture(scope="session")
def remote_store(virtuoso: Virtuoso, pushed: dict[str, int]) -> Iterator[RemoteStore]:
    """The session's Virtuoso, holding the curated graph, through the SPARQL protocol."""
    store = remote_store_of(virtuoso)
    yield store
    store.close()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest) -> Store:
    """Each backend in turn, holding the curated graph."""
    return request.getfixturevalue(request.param.replace("-", "_") + "_store")
