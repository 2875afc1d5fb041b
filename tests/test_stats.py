from __future__ import annotations

import json

from rdflib import Graph

from honduras_kg.namespaces import CLAIM, HK, HKO, RDF, SRC
from honduras_kg.stats import format_stats, graph_stats


def test_counts_of_the_mini_graph(mini_graph):
    stats = graph_stats(mini_graph)
    assert stats.triples == len(mini_graph)
    assert stats.entities == 11
    assert stats.entities_by_type["person"] == 3
    assert sum(stats.entities_by_type.values()) == stats.entities
    assert (stats.claims, stats.statements, stats.sources) == (7, 1, 2)


def test_claims_by_modality_standing_and_source(mini_graph):
    stats = graph_stats(mini_graph)
    assert stats.claims_by_modality == {
        "happened": 3,
        "pledged": 1,
        "reported": 1,
        "stated": 1,
        "threatened": 1,
    }
    assert stats.claims_by_standing == {"attributed": 6, "unattributed": 1}
    assert stats.claims_by_source == {"explainer": 6, "commentary": 1}


def test_top_actors_leave_out_zero_scores(mini_graph):
    stats = graph_stats(mini_graph, top=3)
    assert [a.label for a in stats.top_by_degree][:1] == ["Honduras"]
    assert len(stats.top_by_degree) == 3
    assert all(a.value > 0 for a in stats.top_by_betweenness)


def test_a_claim_without_modality_counts_under_none():
    g = Graph()
    g.add((CLAIM.c, RDF.type, HKO.Claim))
    g.add((HK.a, HKO.mentionedIn, SRC.s))
    stats = graph_stats(g)
    assert stats.claims_by_modality == {"(none)": 1}
    assert stats.top_by_degree == []


def test_as_dict_is_plain_json(mini_graph):
    data = json.loads(json.dumps(graph_stats(mini_graph).as_dict()))
    assert data["claims"] == 7
    assert data["top_by_degree"][0]["label"] == "Honduras"


def test_format_stats_lists_every_section(mini_graph):
    text = format_stats(graph_stats(mini_graph))
    for heading in ("triples", "entities", "by modality", "by source", "top actors by degree"):
        assert heading in text
    assert "Honduras" in text


def test_the_real_graph_has_a_summary(real_graph):
    stats = graph_stats(real_graph)
    assert stats.triples == len(real_graph) and stats.entities > 0
    assert sum(stats.entities_by_type.values()) == stats.entities
    assert format_stats(stats).startswith("triples")
