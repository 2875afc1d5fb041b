"""The on-disk store: filled beside the old one, swapped in whole, refused unless it matches.

The kill tests run ``load`` in a child process paused at a chosen point
(``tests/hooks/paused_load.py``), kill it there with SIGKILL, and check what
is left.
"""

from __future__ import annotations

import fcntl
import json
import shutil
from pathlib import Path

import pytest

from honduras_kg.errors import GraphFileError, StoreError
from honduras_kg.store import OxigraphStore, open_checked
from honduras_kg.store.manifest import MANIFEST_NAME, read_manifest, source_files
from honduras_kg.store.ondisk import load_into_directory, stale_sources

from ..processes import kill_load_at

BROKEN = Path(__file__).parents[1] / "data" / "broken" / "parse" / "bad-syntax.ttl"


def held(path: Path) -> dict[str, int]:
    store = open_checked(path)
    try:
        return store.triple_counts()
    finally:
        store.close()


def siblings(path: Path) -> list[str]:
    """What lies beside the store, but for the store itself."""
    return sorted(p.name for p in path.parent.iterdir() if p != path)


@pytest.fixture
def graph_dir(mini_dir: Path, tmp_path: Path) -> Path:
    """A copy of the mini graph that a test may change."""
    return shutil.copytree(mini_dir, tmp_path / "graph")


@pytest.fixture
def store_dir(graph_dir: Path, tmp_path: Path) -> Path:
    """A good store of the mini graph, in a directory of its own."""
    path = tmp_path / "stores" / "kg"
    load_into_directory(path, graph_dir)
    return path


def test_a_load_writes_a_manifest_of_what_the_store_holds(store_dir: Path, graph_dir: Path):
    manifest = read_manifest(store_dir)
    assert manifest.graphs == held(store_dir) and manifest.triples > 0
    assert manifest.files == source_files(graph_dir)
    assert siblings(store_dir) == [".kg.lock"]


def test_loading_again_replaces_the_store_whole(store_dir: Path, graph_dir: Path):
    before = held(store_dir)
    (graph_dir / "extra.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    after = load_into_directory(store_dir, graph_dir)
    assert held(store_dir) == after
    assert set(after) - set(before) == {"https://w3id.org/honduras-kg/graph/extra"}
    assert siblings(store_dir) == [".kg.lock"]


def test_a_broken_file_leaves_the_store_as_it_was(store_dir: Path, graph_dir: Path):
    before = held(store_dir)
    shutil.copy(BROKEN, graph_dir)
    with pytest.raises(GraphFileError, match=r"bad-syntax\.ttl:7: "):
        load_into_directory(store_dir, graph_dir)
    assert held(store_dir) == before


def test_a_directory_of_other_files_is_not_replaced(tmp_path: Path, graph_dir: Path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("keep me")
    with pytest.raises(StoreError, match="no Oxigraph store"):
        load_into_directory(tmp_path / "notes", graph_dir)
    assert (tmp_path / "notes" / "todo.txt").read_text() == "keep me"


def test_an_empty_directory_is_filled(tmp_path: Path, graph_dir: Path):
    (tmp_path / "empty").mkdir()
    counts = load_into_directory(tmp_path / "empty", graph_dir)
    assert held(tmp_path / "empty") == counts


def test_one_load_at_a_time(store_dir: Path, graph_dir: Path):
    with open(store_dir.with_name(".kg.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(StoreError, match="another load"):
            load_into_directory(store_dir, graph_dir)


def test_leftovers_of_an_interrupted_load_are_tidied(store_dir: Path, graph_dir: Path):
    (store_dir.with_name(".kg.loading")).mkdir()
    (store_dir.with_name(".kg.loading") / "000001.sst").write_text("half a store")
    shutil.copytree(store_dir, store_dir.with_name(".kg.previous"))
    load_into_directory(store_dir, graph_dir)
    assert siblings(store_dir) == [".kg.lock"]


# --- serve's check: open_checked refuses what does not match ----------------------


def test_a_good_store_opens(store_dir: Path):
    store = open_checked(store_dir)
    assert isinstance(store, OxigraphStore)
    assert store.query("ASK { ?s ?p ?o }").boolean
    store.close()


def test_a_store_without_a_manifest_is_refused(store_dir: Path):
    (store_dir / MANIFEST_NAME).unlink()
    with pytest.raises(StoreError, match=f"has no {MANIFEST_NAME}"):
        open_checked(store_dir)


def test_a_store_whose_counts_differ_is_refused(store_dir: Path):
    path = store_dir / MANIFEST_NAME
    data = json.loads(path.read_text())
    graph = sorted(data["graphs"])[0]
    data["graphs"][graph] += 1
    path.write_text(json.dumps(data))
    with pytest.raises(StoreError, match=f"<{graph}>: .* the manifest says"):
        open_checked(store_dir)


def test_a_store_with_another_base_is_refused(store_dir: Path):
    with pytest.raises(StoreError, match="base IRI"):
        open_checked(store_dir, base="http://127.0.0.1:8000/")


def test_a_missing_store_says_how_to_fill_it(tmp_path: Path):
    with pytest.raises(StoreError, match="honduras-kg load --store-path"):
        open_checked(tmp_path / "nothing")


def test_stale_sources(store_dir: Path, graph_dir: Path, tmp_path: Path):
    assert stale_sources(store_dir, graph_dir) == []
    (graph_dir / "claims.ttl").write_text((graph_dir / "claims.ttl").read_text() + "\n")
    assert stale_sources(store_dir, graph_dir) == ["claims.ttl (changed)"]
    assert stale_sources(tmp_path / "nothing", graph_dir) == []


# --- a load killed part way ----------------------------------------------------------


@pytest.fixture
def changed_graph(graph_dir: Path) -> Path:
    """The mini graph with one more file, so that a completed load would show."""
    (graph_dir / "extra.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    return graph_dir


@pytest.mark.parametrize("point", ["while-writing", "before-swap"])
def test_a_killed_load_leaves_the_old_store_whole(store_dir, changed_graph, point):
    before = held(store_dir)
    kill_load_at(point, store_dir, changed_graph)
    assert held(store_dir) == before  # open_checked: manifest and store agree
    assert ".kg.loading" in siblings(store_dir)
    after = load_into_directory(store_dir, changed_graph)
    assert held(store_dir) == after != before
    assert siblings(store_dir) == [".kg.lock"]


def test_a_load_killed_while_swapping_is_put_right_by_the_next(store_dir, changed_graph):
    before = held(store_dir)
    kill_load_at("between-renames", store_dir, changed_graph)
    with pytest.raises(StoreError, match="interrupted while swapping"):
        open_checked(store_dir)
    shutil.copy(BROKEN, changed_graph)  # the next load fails, but puts the old store back
    with pytest.raises(GraphFileError):
        load_into_directory(store_dir, changed_graph)
    (changed_graph / BROKEN.name).unlink()
    after = load_into_directory(store_dir, changed_graph)
    assert held(store_dir) == after != before
    assert siblings(store_dir) == [".kg.lock"]
