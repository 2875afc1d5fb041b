"""``fill_store``: Oxigraph parses the files, and the store holds what the rdflib path gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR
from honduras_kg.errors import GraphFileError
from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.store import (
    OxigraphStore,
    build,
    curated_graphs,
    fill_store,
    load_into_directory,
    store_graphs,
)
from honduras_kg.store.build import build_dump

from ..benchmarks.synthetic import write_graph

DATA = Path(__file__).parents[1] / "data"
BLANK_NODES = DATA / "blank-nodes"
BAD_SYNTAX = DATA / "broken" / "parse" / "bad-syntax.ttl"
LOCAL = "http://127.0.0.1:8000/"


def quads(store: ox.Store) -> list[str]:
    return sorted(store.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())


def rdflib_path(graph_dir: Path, base: str) -> ox.Store:
    """The store as the rdflib path fills it: its N-Triples, one named graph each, and
    the derived graphs."""
    store = ox.Store()
    for iri, ntriples in store_graphs(graph_dir, base=base):
        store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    return store


@pytest.mark.parametrize("base", [DEFAULT_BASE, LOCAL])
@pytest.mark.parametrize("graph_dir", [DEFAULT_GRAPH_DIR, BLANK_NODES], ids=["graph", "blank"])
def test_the_store_holds_what_the_rdflib_path_gives(graph_dir: Path, base: str):
    store = ox.Store()
    counts = fill_store(store, graph_dir, base=base)
    assert quads(store) == quads(rdflib_path(graph_dir, base))
    derived = {iri for iri, ntriples in store_graphs(graph_dir, base=base) if ntriples}
    assert set(counts) == derived | {iri for iri, _ in curated_graphs(graph_dir, base=base)}


def test_blank_nodes_keep_their_stable_names():
    store = ox.Store()
    fill_store(store, BLANK_NODES, base=LOCAL)
    genids = {
        term.value
        for quad in store
        for term in (quad.subject, quad.object)
        if term.value.startswith(LOCAL + ".well-known/genid/quantities-")
    }
    assert len(genids) == 7  # four anonymous, one labelled, two list cells
    assert not any(isinstance(quad.subject, ox.BlankNode) for quad in store)


def test_a_non_default_base_moves_only_our_data_iris():
    store = ox.Store()
    fill_store(store, BLANK_NODES, base=LOCAL)
    iris = {quad.object.value for quad in store if isinstance(quad.object, ox.NamedNode)}
    assert LOCAL + "source/harbour-report" in iris
    assert DEFAULT_BASE + "ontology#Person" in iris  # the ontology keeps its IRIs
    assert DEFAULT_BASE + "other/x" in iris  # and so does what we do not mint
    literals = {quad.object.value for quad in store if isinstance(quad.object, ox.Literal)}
    assert f"<{DEFAULT_BASE}id/castro>" in literals


def test_files_without_blank_nodes_never_reach_rdflib(tmp_path: Path, monkeypatch):
    write_graph(tmp_path, nodes=60, seed=3)

    def refuse(*args, **kwargs):
        raise AssertionError("the rdflib path was taken")

    monkeypatch.setattr(build, "file_ntriples", refuse)
    for graph_dir in (DEFAULT_GRAPH_DIR, tmp_path):
        counts = fill_store(ox.Store(), graph_dir)
        assert sum(counts.values()) > 0


def test_a_broken_file_is_named_with_its_line_and_column(tmp_path: Path):
    shutil.copy(BAD_SYNTAX, tmp_path)
    with pytest.raises(GraphFileError, match="not valid Turtle") as raised:
        fill_store(ox.Store(), tmp_path)
    assert (raised.value.file, raised.value.line) == (tmp_path / "bad-syntax.ttl", 7)
    assert "(column 16)" in str(raised.value) and "Correct the syntax" in str(raised.value)


def test_a_file_that_is_not_utf8_is_named_with_its_byte(tmp_path: Path):
    (tmp_path / "latin1.ttl").write_bytes(
        b'<urn:a> <urn:b> "fine" .\n<urn:c> <urn:d> "caf\xe9" .\n'
    )
    with pytest.raises(GraphFileError, match=r"latin1\.ttl:2: The file is not UTF-8: byte 0xe9"):
        fill_store(ox.Store(), tmp_path)


def test_no_data_files_is_an_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        fill_store(ox.Store(), tmp_path)


def test_the_dump_holds_the_store_the_workers_load():
    store = OxigraphStore.from_dump(build_dump(BLANK_NODES, base=LOCAL))
    assert store.triple_counts() == fill_store(ox.Store(), BLANK_NODES, base=LOCAL)


def test_an_on_disk_store_holds_the_same(tmp_path: Path):
    load_into_directory(tmp_path / "store", BLANK_NODES, base=LOCAL)
    on_disk = ox.Store.read_only(str(tmp_path / "store"))
    assert quads(on_disk) == quads(rdflib_path(BLANK_NODES, LOCAL))
