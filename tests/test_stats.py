"""``honduras_kg.stats``: the one stats (:func:`honduras_kg.lookups.stats`) over an rdflib graph."""

from __future__ import annotations

import json
from dataclasses import asdict

from rdflib import Graph

from honduras_kg.lookups import ReadModel
from honduras_kg.namespaces import CLAIM, DEFAULT_BASE, HK, HKO, RDF, SRC
from honduras_kg.network import ACTOR_TYPES, METRICS, top_actors
from honduras_kg.stats import format_stats, graph_stats


def test_counts_of_the_mini_graph(mini_graph):
    stats = graph_stats(mini_graph)
    assert stats.triples == len(mini_graph)
    assert stats.entities == 12
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
    assert set(stats.centrality) == set(METRICS)
    assert [a.label for a in stats.centrality["degree"]][:1] == ["Honduras"]
    assert len(stats.centrality["degree"]) == 3
    assert all(a.value > 0 for ranking in stats.centrality.values() for a in ranking)


def test_only_actors_are_ranked_though_every_entity_counts(real_graph):
    """Centrality runs over every entity; the rankings keep the actors, in the same order."""
    index = ReadModel.from_graph(real_graph, base=DEFAULT_BASE)
    stats = graph_stats(real_graph, top=5)
    for metric in METRICS:
        every = top_actors(index.network, by=metric, n=100, types=None, scores=index.scores)
        assert {a.type for a in every[:5]} - ACTOR_TYPES, "no non-actor near the top to leave out"
        actors = [a.id for a in every if a.type in ACTOR_TYPES and a.value > 0][:5]
        assert [a.id for a in stats.centrality[metric]] == actors


def test_a_claim_without_modality_counts_under_none():
    g = Graph()
    g.add((CLAIM.c, RDF.type, HKO.Claim))
    g.add((HK.a, HKO.mentionedIn, SRC.s))
    stats = graph_stats(g)
    assert stats.claims_by_modality == {"(none)": 1}
    assert stats.centrality["degree"] == ()


def test_the_summary_is_plain_json(mini_graph):
    data = json.loads(json.dumps(asdict(graph_stats(mini_graph))))
    assert data["claims"] == 7
    assert data["centrality"]["degree"][0]["label"] == "Honduras"


def test_format_stats_lists_every_section(mini_graph):
    text = format_stats(graph_stats(mini_graph))
    for heading in ("triples", "entities", "by modality", "by source", "top actors by degree"):
        assert heading in text
    assert all(f"top actors by {metric}" in text for metric in METRICS)
    assert "Honduras" in text


def test_the_real_graph_has_a_summary(real_graph):
    stats = graph_stats(real_graph)
    assert stats.triples == len(real_graph) and stats.entities > 0
    assert sum(stats.entities_by_type.values()) == stats.entities
    assert format_stats(stats).startswith("triples")
