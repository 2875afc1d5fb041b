"""What every backend loads: one named graph per data file, rebased, without blank nodes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, data_files
from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.store.loading import curated_graphs, graph_iri, skolemise

LOCAL = "http://127.0.0.1:8000/"


def parse(ntriples: str) -> list[ox.Triple]:
    return [quad.triple for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]


def test_one_graph_per_data_file_in_file_order():
    graphs = curated_graphs(DEFAULT_GRAPH_DIR)
    stems = [path.stem for path in data_files(DEFAULT_GRAPH_DIR)]
    assert [iri for iri, _ in graphs] == [graph_iri(DEFAULT_BASE, stem) for stem in stems]
    assert "shapes" not in stems


def test_the_graphs_hold_exactly_the_curated_data(real_graph: Graph):
    total = sum(len(parse(ntriples)) for _, ntriples in curated_graphs(DEFAULT_GRAPH_DIR))
    assert total == len(real_graph)


def test_the_curated_data_has_no_blank_nodes():
    for iri, ntriples in curated_graphs(DEFAULT_GRAPH_DIR):
        assert "_:" not in ntriples, iri


def test_graphs_and_data_move_with_the_base():
    (iri, ntriples), *_ = curated_graphs(DEFAULT_GRAPH_DIR, base=LOCAL)
    assert iri.startswith(LOCAL + "graph/")
    subjects = {triple.subject.value for triple in parse(ntriples)}
    assert all(s.startswith(LOCAL) for s in subjects if "/honduras-kg/ontology" not in s)
    first_file = Graph().parse(data_files(DEFAULT_GRAPH_DIR)[0], format="turtle")
    assert len(parse(ntriples)) == len(first_file)


def test_the_text_is_the_same_every_time():
    assert curated_graphs(DEFAULT_GRAPH_DIR) == curated_graphs(DEFAULT_GRAPH_DIR)


def test_no_data_files_is_an_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        curated_graphs(tmp_path)


def test_blank_nodes_become_stable_iris(tmp_path: Path):
    (tmp_path / "nested.ttl").write_text(
        "@prefix hk: <https://w3id.org/honduras-kg/id/> .\n"
        "hk:a hk:p [ hk:q 1 ; hk:r [ hk:s 2 ] ] .\n"
    )
    ((_, first),) = curated_graphs(tmp_path, base=LOCAL)
    ((_, second),) = curated_graphs(tmp_path, base=LOCAL)
    assert first == second
    assert "_:" not in first
    genids = {t.object.value for t in parse(first) if t.object.value.startswith(LOCAL + ".well")}
    assert len(genids) == 2
    assert all(g.startswith(LOCAL + ".well-known/genid/nested-") for g in genids)


def test_skolemise_leaves_graphs_without_blank_nodes_alone():
    graph = Graph().parse(data="<urn:a> <urn:p> <urn:b> .", format="turtle")
    assert skolemise(graph, "urn:genid:") is graph
