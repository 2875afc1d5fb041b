"""Shared fixtures: the mini graph of ``tests/data/mini`` (with the real ontology)
and the real curated graph of ``graph/``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from honduras_kg.config import Settings
from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, load_graph
from honduras_kg.network import to_networkx

from .listener import Listener, listening

MINI_DIR = Path(__file__).parent / "data" / "mini"
HOSTILE_DIR = Path(__file__).parent / "data" / "hostile"

#: Files of graph/ that the mini graph borrows rather than copies.
BORROWED = ("ontology.ttl", "shapes.ttl")


@pytest.fixture(scope="session")
def mini_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph directory: the mini fixture files plus the real ontology and shapes."""
    target = tmp_path_factory.mktemp("mini")
    for path in MINI_DIR.glob("*.ttl"):
        shutil.copy(path, target)
    for name in BORROWED:
        if (DEFAULT_GRAPH_DIR / name).exists():
            shutil.copy(DEFAULT_GRAPH_DIR / name, target)
    return target


@pytest.fixture(scope="session")
def hostile_dir(mini_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini graph plus labels, quotes and descriptions that hold HTML (tests/data/hostile)."""
    target = tmp_path_factory.mktemp("hostile")
    for path in [*mini_dir.glob("*.ttl"), *HOSTILE_DIR.glob("*.ttl")]:
        shutil.copy(path, target)
    return target


@pytest.fixture(scope="session")
def mini_graph(mini_dir: Path) -> Graph:
    """The mini graph, loaded once: do not modify it in a test."""
    return load_graph(mini_dir)


@pytest.fixture(scope="session")
def mini_net(mini_graph: Graph) -> nx.MultiDiGraph:
    """The claim projection of the mini graph: do not modify it in a test."""
    return to_networkx(mini_graph)


@pytest.fixture(scope="session")
def real_graph() -> Graph:
    """The curated graph of graph/, as it stands."""
    return load_graph(DEFAULT_GRAPH_DIR)


@pytest.fixture
def mini_settings(mini_dir: Path) -> Settings:
    """Settings that point the CLI at the mini graph."""
    return Settings(graph_dir=mini_dir)


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A loopback listener that counts connections (tests/listener.py)."""
    with listening() as server:
        yield server
