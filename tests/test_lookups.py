"""The lookups against the curated graph: concrete answers the sources give."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator

import pytest
from rdflib import RDF, BNode, Graph, URIRef

from honduras_kg import lookups
from honduras_kg.config import Settings
from honduras_kg.curation.load import load_graph
from honduras_kg.errors import InvalidParameter, NotFound
from honduras_kg.lookups import ReadModel
from honduras_kg.lookups.dates import overlaps, window
from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.network.view import ViewFilter
from honduras_kg.store import OxigraphStore, open_store

JOH = "juan-orlando-hernandez"


def every_claim(index: ReadModel) -> list:
    return index.claims(index.select_iris("SELECT ?n WHERE { ?n a hko:Claim }"))


def a_claim(index: ReadModel, id: str):
    (found,) = index.claims([f"{index.base}claim/{id}"])
    return found


@pytest.fixture(scope="module")
def index() -> Iterator[ReadModel]:
    store = open_store(Settings())
    yield ReadModel.from_store(store, base=Settings().base)
    store.close()


# --- search ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "first", "match"),
    [
        ("hernandez", JOH, "exact alias"),
        ("Hernández", JOH, "exact alias"),
        ("HERNANDEZ", JOH, "exact alias"),
        ("JOH", JOH, "exact alias"),
        ("joh", JOH, "exact alias"),
        ("juan hernandez", JOH, "word prefix"),
        ("Juan Orlando Hernández", JOH, "exact label"),
        ("soto", "soto-cano", "prefix"),
        ("Soto Cano Air Base", "soto-cano", "exact label"),
        ("castro", "xiomara-castro", "exact alias"),
        ("trump", "donald-trump", "exact alias"),
    ],
)
def test_search_finds_the_right_entity_first(index, q, first, match):
    page = lookups.search(index, q)
    assert page.results[0].id == first
    assert page.results[0].match == match
    assert page.total == len(page.results)


def test_search_ranks_exact_names_before_partial_ones(index):
    ranks = [lookups.MATCHES.index(hit.match) for hit in lookups.search(index, "hernandez").results]
    assert ranks == sorted(ranks)
    assert {hit.id for hit in lookups.search(index, "hernandez").results} >= {
        "hernandez-extradition",
        "hernandez-sentence",
    }


def test_search_is_tolerant_of_partial_words(index):
    assert "honduras" in [hit.id for hit in lookups.search(index, "ondura").results]
    assert lookups.search(index, "cano").results[0].id == "soto-cano"


def test_search_filters_by_type_and_pages(index):
    events = lookups.search(index, "hernandez", type="event")
    assert events.results and all(hit.type == "event" for hit in events.results)
    assert JOH not in [hit.id for hit in events.results]
    everything = lookups.search(index, "a", limit=100)
    page = lookups.search(index, "a", limit=5, offset=5)
    assert page.total == everything.total > 10
    assert [h.id for h in page.results] == [h.id for h in everything.results[5:10]]
    assert lookups.search(index, "a", offset=10_000).results == ()


def test_search_refuses_what_it_cannot_use(index):
    with pytest.raises(InvalidParameter, match=r"^q:"):
        lookups.search(index, " ,; ")
    with pytest.raises(InvalidParameter, match=r"^type: .*person"):
        lookups.search(index, "castro", type="wizard")
    assert lookups.search(index, "no such name at all").total == 0


# --- entity ------------------------------------------------------------------------


def test_entity_describes_joh(index):
    joh = lookups.entity(index, JOH)
    assert joh.label == "Juan Orlando Hernández"
    assert joh.type == "person"
    assert "JOH" in joh.aliases
    assert joh.wikidata == "http://www.wikidata.org/entity/Q5951723"
    assert "extradited" in (joh.description or "")
    assert [s.id for s in joh.mentioned_in] == ["al-jazeera-explainer"]
    groups = {(g.direction, g.label) for g in joh.relations}
    assert ("out", "extradited to") in groups
    assert ("in", "supported by") in groups
    assert joh.centrality["degree"] > 0


def test_entity_relations_read_from_the_entity(index):
    soto = lookups.entity(index, "soto-cano")
    hosted = next(g for g in soto.relations if g.label == "hosted by")
    assert hosted.direction == "in"
    assert [r.other.id for r in hosted.relations if r.other] == ["honduras"]
    assert hosted.count == len(hosted.relations)
    assert soto.wikidata is None  # no verified Wikidata link in the graph
    assert soto.statements_about >= 1


def test_relations_are_claims_only_whatever_else_is_reified():
    # claims_of asks for anything with rdf:subject or rdf:object; records keep claims.
    graph = load_graph()
    plain = ReadModel.from_graph(graph, base=DEFAULT_BASE)
    soto = URIRef(plain.entity_iri("soto-cano"))
    other = URIRef("urn:example:not-a-claim")
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, soto), (RDF.object, soto)):
        graph.add((other, p, o))
    graph.add((BNode(), RDF.object, soto))
    reified = ReadModel.from_graph(graph, base=DEFAULT_BASE)
    assert [c.iri for c in reified.claims_of(str(soto))] == [
        c.iri for c in plain.claims_of(str(soto))
    ]
    assert lookups.relations(reified, "soto-cano") == lookups.relations(plain, "soto-cano")


def test_entity_literal_claims_keep_their_value(index):
    soto = lookups.entity(index, "soto-cano")
    capability = next(g for g in soto.relations if g.label == "has capability")
    assert capability.relations[0].other is None
    assert capability.relations[0].value


def test_entity_takes_an_id_a_prefixed_name_or_an_iri(index):
    iri = index.entity_iri("soto-cano")
    assert lookups.entity(index, "hk:soto-cano").iri == iri
    assert lookups.entity(index, iri).id == "soto-cano"


def test_unknown_entity_suggests_close_ids(index):
    with pytest.raises(NotFound, match="soto-cano"):
        lookups.entity(index, "soto-canoe")
    with pytest.raises(NotFound, match=r"^id: no entity 'nobody'"):
        lookups.entity(index, "nobody")


def test_entity_properties(index):
    president = lookups.entity(index, "president-of-honduras")
    jurisdiction = next(p for p in president.properties if p.label == "jurisdiction")
    assert [e.id for e in jurisdiction.entities] == ["honduras"]


# --- relations ---------------------------------------------------------------------


def test_every_relation_carries_its_evidence(index):
    found = lookups.relations(index, "soto-cano")
    assert found.total == len(found.relations) > 10
    for rel in found.relations:
        assert rel.claim.quotes and rel.claim.sources
        assert rel.claim.modality in lookups.MODALITIES
        assert rel.claim.standing in ("attributed", "unattributed")


def test_relations_filters(index):
    hosts = lookups.relations(index, "soto-cano", predicate="hosts")
    assert hosts.relations and all(r.predicate.endswith("#hosts") for r in hosts.relations)
    assert lookups.relations(index, "soto-cano", predicate="hko:hosts") == hosts
    incoming = lookups.relations(index, "soto-cano", direction="in")
    assert incoming.relations and all(r.direction == "in" for r in incoming.relations)
    assert all(r.claim.object and r.claim.object.id == "soto-cano" for r in incoming.relations)
    threats = lookups.relations(index, "xiomara-castro", modality="threatened")
    assert {r.claim.id for r in threats.relations} == {"castro-threatened-military-cooperation"}
    unsigned = lookups.relations(index, "honduras", source="unsigned-commentary")
    assert unsigned.relations
    assert all(r.claim.sources[0].id == "unsigned-commentary" for r in unsigned.relations)
    everything = lookups.relations(index, "honduras")
    assert 0 < unsigned.total < everything.total


def test_relations_date_window(index):
    dated = lookups.relations(index, JOH, date_from="2022", date_to="2022-12")
    assert {r.claim.id for r in dated.relations} == {
        "hernandez-extradited-to-us",
        "extradition-of-hernandez",
    }
    assert dated.relations[0].claim.date.precision == "year"
    since = lookups.relations(index, JOH, date_from="2030")
    assert {r.claim.id for r in since.relations} >= {"hernandez-serving-sentence"}


def test_relations_refuse_bad_filters(index):
    with pytest.raises(InvalidParameter, match=r"^direction:"):
        lookups.relations(index, "soto-cano", direction="sideways")
    with pytest.raises(InvalidParameter, match=r"^modality:"):
        lookups.relations(index, "soto-cano", modality="rumoured")
    with pytest.raises(NotFound, match=r"^source: .*al-jazeera-explainer"):
        lookups.relations(index, "soto-cano", source="the-times")
    with pytest.raises(NotFound, match=r"^predicate: .*hosts"):
        lookups.relations(index, "soto-cano", predicate="likes")
    with pytest.raises(InvalidParameter, match=r"^date_from: .*after"):
        lookups.relations(index, "soto-cano", date_from="2025", date_to="2024")
    with pytest.raises(InvalidParameter, match=r"^date_to:"):
        lookups.relations(index, "soto-cano", date_to="2025-02-30")


def test_negated_claims_say_so(index):
    pays = lookups.relations(index, "united-states", predicate="paysFor")
    assert any(r.claim.negated for r in pays.relations)


# --- statements --------------------------------------------------------------------


def test_statements_filters(index):
    frank = lookups.statements(index, speaker="dana-frank")
    assert frank.total == len(frank.statements) >= 3
    assert all(s.speaker and s.speaker.id == "dana-frank" for s in frank.statements)
    about = lookups.statements(index, about="soto-cano")
    assert "frank-hypocrisy" in [s.id for s in about.statements]
    castro = lookups.statements(index, speaker="xiomara-castro").statements[0]
    assert castro.date and castro.date.value == "2025-01-01" and castro.date.precision == "day"
    assert castro.venue and castro.words and castro.claims
    assert lookups.statements(index, source="unsigned-commentary").total == 0
    with pytest.raises(NotFound, match=r"^speaker:"):
        lookups.statements(index, speaker="nobody")


# --- neighbourhood -----------------------------------------------------------------


def test_neighbourhood_grows_with_depth(index):
    one = lookups.neighbourhood(index, "soto-cano", depth=1, max_nodes=500)
    two = lookups.neighbourhood(index, "soto-cano", depth=2, max_nodes=500)
    assert one.nodes[0].id == "soto-cano" and one.nodes[0].distance == 0
    assert {n.distance for n in one.nodes} == {0, 1}
    assert "honduras" in {n.id for n in one.nodes}
    assert len(two.nodes) > len(one.nodes) and not two.truncated
    ids = {n.id for n in two.nodes}
    assert all(e.subject in ids and e.object in ids for e in two.edges)


def test_neighbourhood_caps_and_says_so(index):
    capped = lookups.neighbourhood(index, "soto-cano", depth=2, max_nodes=5)
    assert len(capped.nodes) == 5 and capped.truncated and capped.reachable > 5
    distances = [n.distance for n in capped.nodes]
    assert distances == sorted(distances)
    ids = {n.id for n in capped.nodes}
    assert all(e.subject in ids and e.object in ids for e in capped.edges)
    with pytest.raises(InvalidParameter, match=r"^depth:"):
        lookups.neighbourhood(index, "soto-cano", depth=4)
    with pytest.raises(InvalidParameter, match=r"^max_nodes:"):
        lookups.neighbourhood(index, "soto-cano", max_nodes=0)


def test_an_isolated_entity_is_its_own_neighbourhood(index):
    alone = lookups.neighbourhood(index, "colombia", depth=3)
    assert [n.id for n in alone.nodes] == ["colombia"] and alone.edges == ()


# --- paths -------------------------------------------------------------------------


def test_paths_from_joh_to_soto_cano_with_evidence_on_every_hop(index):
    found = lookups.paths(index, JOH, "soto-cano", k=5)
    assert found.reason is None
    assert len(found.paths) == 5
    costs = [p.cost for p in found.paths]
    assert costs == sorted(costs)
    for path in found.paths:
        assert path.nodes[0].id == JOH and path.nodes[-1].id == "soto-cano"
        assert len(path.hops) == path.length == len(path.nodes) - 1
        assert path.why
        for hop, here, there in zip(path.hops, path.nodes, path.nodes[1:], strict=False):
            assert (hop.start, hop.end) == (here, there)
            assert hop.relations
            for rel in hop.relations:
                claim = rel.claim
                assert claim.quotes and claim.sources
                assert rel.predicate and rel.label and claim.modality
                forward = (claim.subject, claim.object)
                named = {*forward, *claim.about}
                if {here, there} == set(forward):
                    assert forward == ((here, there) if rel.direction == "out" else (there, here))
                elif path.kind == "chain":  # the claim names one end as what it is about
                    assert {here, there} <= named
                else:  # an argument's further claims name one end at least
                    assert {here, there} & named


def test_franks_argument_is_the_first_answer_for_hernandez_to_soto_cano(index):
    found = lookups.paths(index, JOH, "soto-cano", k=5)
    first = found.paths[0]
    assert first.kind == "argument" and first.argument is not None
    assert first.argument.id == "frank-hypocrisy" and first.argument.speaker.id == "dana-frank"
    assert first.why[0] == "direct argument by Dana Frank"
    assert any("The hypocrisy to say" in quote for quote in first.argument.quotes)
    (step,) = first.hops
    assert step.relations[0].claim.id == "frank-hypocrisy-of-soto-cano-justification"
    assert step.relations[0].claim.modality == "stated"  # kept visible: said, not happened
    # The walk through the hub still comes, later, and says it is one.
    (hub,) = [p for p in found.paths if "via hub United States" in " ".join(p.why)]
    assert hub.kind == "chain" and hub is not found.paths[1] and first.cost < hub.cost
    # Second: the claims that name both (Frank's, and the unnamed experts' to the same effect).
    assert found.paths[1].length == 1 and len(found.paths[1].hops[0].relations) == 2


def test_zelaya_to_soto_cano_is_franks_nasty_history(index):
    found = lookups.paths(index, "manuel-zelaya", "soto-cano")
    first = found.paths[0]
    assert first.argument.id == "frank-nasty-history"
    claims = [rel.claim for rel in first.hops[0].relations]
    assert claims[0].predicate_label == "refuelled at"  # the claim naming both comes first
    assert "coup-2009" in {c.object.id for c in claims if c.object}  # then the rest of it
    # The chain through the coup is made of the same claims: it is not repeated.
    assert all([n.id for n in p.nodes][1] != "coup-2009" or p.length > 2 for p in found.paths)


def test_hernandez_to_the_united_states_is_the_direct_link_first(index):
    found = lookups.paths(index, JOH, "united-states")
    direct, argument = found.paths[:2]
    assert direct.kind == "chain" and direct.length == 1
    best = direct.hops[0].relations[0].claim
    assert best.modality == "happened" and best.standing == "attributed"
    assert argument.kind == "argument" and argument.argument.speaker.id == "dana-frank"


def test_castro_to_trump_avoids_the_hubs(index):
    found = lookups.paths(index, "xiomara-castro", "donald-trump")
    first = found.paths[0]
    assert first.length == 2 and not any("via hub" in why for why in first.why)
    assert first.nodes[1].id == "castro-new-years-message"


def test_an_argument_keeps_to_its_window_and_speaker(index):
    # Frank's statement carries no date: inside a window it does not count.
    dated = lookups.paths(index, JOH, "soto-cano", date_from="2020")
    assert all(p.kind == "chain" for p in dated.paths)


def test_paths_say_who_says_so(index):
    found = lookups.paths(index, JOH, "soto-cano", k=5)
    speakers = {
        rel.claim.attributed_to.id
        for path in found.paths
        for hop in path.hops
        for rel in hop.relations
        if rel.claim.attributed_to
    }
    assert {"al-jazeera", "dana-frank"} <= speakers


def test_paths_can_leave_out_unattributed_claims(index):
    found = lookups.paths(index, JOH, "soto-cano", k=5, exclude_unattributed=True)
    assert found.paths
    claims = [rel.claim for p in found.paths for hop in p.hops for rel in hop.relations]
    assert all(claim.standing == "attributed" for claim in claims)


def test_paths_in_a_date_window_use_dated_claims_only(index):
    # Soto Cano (Castro's words, 1 January 2025), Honduras, remittances (2022).
    found = lookups.paths(index, "soto-cano", "remittances", date_from="2020")
    span = window("2020", None)
    claims = [rel.claim for p in found.paths for hop in p.hops for rel in hop.relations]
    assert claims and all(overlaps(claim.date, span) for claim in claims)
    none = lookups.paths(index, JOH, "soto-cano", date_to="1900")
    assert none.paths == () and "1900-12-31" in (none.reason or "")


def test_unconnected_entities_get_no_path_and_a_reason(index):
    apart = lookups.paths(index, JOH, "tony-garcia")
    assert apart.paths == () and "separate parts" in (apart.reason or "")
    isolated = lookups.paths(index, JOH, "colombia")
    assert isolated.paths == () and "Colombia" in (isolated.reason or "")


def test_paths_refuse_bad_input(index):
    with pytest.raises(NotFound, match=r"^from:"):
        lookups.paths(index, "nobody", "soto-cano")
    with pytest.raises(NotFound, match=r"^to:"):
        lookups.paths(index, JOH, "nowhere")
    with pytest.raises(InvalidParameter, match=r"^k:"):
        lookups.paths(index, JOH, "soto-cano", k=6)
    with pytest.raises(InvalidParameter, match=r"^to: .*same"):
        lookups.paths(index, JOH, JOH)


# --- timeline ----------------------------------------------------------------------


def test_timeline_is_in_order_and_keeps_precision(index):
    line = lookups.timeline(index)
    starts = [e.date.start for e in line.entries]
    assert starts == sorted(starts) and line.total == len(line.entries)
    by_id = {e.id: e for e in line.entries}
    assert by_id["castro-new-years-message"].kind == "statement"
    assert by_id["castro-new-years-message"].date.precision == "day"
    assert by_id["hernandez-extradited-to-us"].date.precision == "year"
    assert by_id["key-bridge-collapse-in-baltimore"].date.precision == "month"
    assert by_id["contra-war-us-backed"].date.value == "1980/1989"
    assert by_id["contra-war-us-backed"].date.precision == "period"
    assert by_id["hernandez-serving-sentence"].date.kind == "since"
    assert "castro-president-of-honduras" not in by_id  # dated "as of" only: not an event


def test_timeline_filters(index):
    castro = lookups.timeline(index, entity="xiomara-castro")
    assert castro.entries and castro.entity and castro.entity.id == "xiomara-castro"
    assert all(e.date.start == "2025-01-01" for e in castro.entries)
    eighties = lookups.timeline(index, date_from="1985", date_to="1986")
    assert eighties.entries and all(e.date.kind == "period" for e in eighties.entries)
    # After January 2025: what is still going on.
    later = lookups.timeline(index, date_from="2025-02")
    assert {e.id for e in later.entries} == {
        "hernandez-imprisoned-in-new-york",
        "hernandez-serving-sentence",
    }
    with pytest.raises(NotFound, match=r"^entity:"):
        lookups.timeline(index, entity="nobody")


# --- sources and stats ------------------------------------------------------------


def test_sources(index):
    found = {s.id: s for s in lookups.sources(index)}
    assert set(found) == {"al-jazeera-explainer", "unsigned-commentary"}
    explainer = found["al-jazeera-explainer"]
    assert explainer.publisher and explainer.publisher.id == "al-jazeera"
    assert explainer.date and explainer.date.precision == "month"
    assert found["unsigned-commentary"].publisher is None
    assert found["unsigned-commentary"].date is None
    assert sum(s.claims for s in found.values()) == len(every_claim(index))


def test_a_source_and_what_it_supports(index):
    detail = lookups.source(index, "unsigned-commentary")
    assert len(detail.claims) == detail.source.claims > 0
    assert all(c.sources[0].id == "unsigned-commentary" for c in detail.claims)
    with pytest.raises(NotFound, match="unsigned-commentary"):
        lookups.source(index, "the-times")


def test_stats(index):
    stats = lookups.stats(index, top=5)
    assert stats.claims == sum(stats.claims_by_modality.values()) == len(every_claim(index))
    assert stats.entities == sum(stats.entities_by_type.values())
    assert set(stats.centrality) == {"degree", "betweenness", "pagerank"}
    for ranking in stats.centrality.values():
        values = [r.value for r in ranking]
        assert 0 < len(ranking) <= 5 and values == sorted(values, reverse=True)
    assert stats.centrality["degree"][0].id in ("honduras", "soto-cano")
    with pytest.raises(InvalidParameter, match=r"^top:"):
        lookups.stats(index, top=0)


# --- exports and the index itself -------------------------------------------------


def test_export_of_a_neighbourhood(index):
    data = lookups.export(index, "nt", entity="soto-cano")
    graph = Graph().parse(data=data.decode(), format="nt")
    subjects = {str(s) for s in graph.subjects()}
    assert index.entity_iri("soto-cano") in subjects
    assert a_claim(index, "honduras-hosts-us-base").iri in subjects
    assert len(graph) < len(index.graph())
    assert lookups.export(index, "turtle") is lookups.export(index, "turtle")  # written once


def test_the_content_hash_is_stable_and_follows_the_data(index):
    store = open_store(Settings())
    try:
        again = ReadModel.from_store(store, base=Settings().base)
        assert again.etag == index.etag
    finally:
        store.close()
    assert ReadModel.from_graph(Graph(), base=Settings().base).etag != index.etag


def test_the_index_follows_a_configured_base():
    base = "http://127.0.0.1:8000/"
    store = OxigraphStore.from_graph_dir(base=base)
    try:
        index = ReadModel.from_store(store, base=base)
        assert lookups.entity(index, "soto-cano").iri == base + "id/soto-cano"
        assert lookups.entity(index, base + "id/soto-cano").id == "soto-cano"
        assert lookups.paths(index, JOH, "soto-cano").paths
        source = lookups.source(index, "al-jazeera-explainer").source
        assert source.iri.startswith(base + "source/")
    finally:
        store.close()


# --- graph view ----------------------------------------------------------------------


def test_graph_view_draws_entities_and_claims(index):
    data = lookups.graph_view(index)
    assert {"nodes", "edges", "options", "legend", "path"} <= data.keys()
    assert not {n["type"] for n in data["nodes"]} & {"statement", "source"}
    linking = {c.iri for c in every_claim(index) if c.object is not None}
    assert {e["claim"] for e in data["edges"]} == linking
    soto = next(n for n in data["nodes"] if n["entity"] == "soto-cano")
    assert "soto-cano-large-planes" in {fact["id"] for fact in soto["facts"]}
    assert all(fact["quotes"] and fact["value"] for fact in soto["facts"])
    threat = next(
        e for e in data["edges"] if e["claim"].endswith("/soto-cano-would-lose-reason-to-exist")
    )
    assert threat["attributed_to_label"] == "Xiomara Castro" and threat["modality"] == "threatened"
    assert data["path"] is None and not any(n["highlighted"] for n in data["nodes"])


def test_graph_view_adds_statements_and_sources_from_a_cached_projection(index):
    view = ViewFilter(show_statements=True, show_sources=True)
    types = {n["type"] for n in lookups.graph_view(index, view)["nodes"]}
    assert {"statement", "source", "person"} <= types
    projection = index.projection(statements=True, sources=True)
    assert index.projection(statements=True, sources=True) is projection
    assert index.projection() is index.projection() and index.network is index.network


def test_graph_view_focus_and_path_highlight(index):
    focused = lookups.graph_view(index, focus="soto-cano", depth=1)
    assert [n["entity"] for n in focused["nodes"] if n["highlighted"]] == ["soto-cano"]
    assert len(focused["nodes"]) < len(lookups.graph_view(index)["nodes"])
    data = lookups.graph_view(index, start=JOH, end="soto-cano")
    path = data["path"]
    assert path["nodes"][0] == index.entity_iri(JOH) and path["hops"]
    assert all(hop["relations"][0]["claim"]["quotes"] for hop in path["hops"])
    # The answer's ends, and the ends of the claims it rests on (Frank's argument: Frank, the US).
    highlighted = {n["id"] for n in data["nodes"] if n["highlighted"]}
    assert highlighted == set(path["nodes"]) | set(path["entities"])
    assert index.entity_iri("dana-frank") in highlighted


def test_graph_view_filters_modality(index):
    threats = lookups.graph_view(index, ViewFilter(modalities=["threatened"]))["edges"]
    assert threats and {e["modality"] for e in threats} == {"threatened"}


#: Windows that cut the curated graph in different places: open starts and ends,
#: one inside the 1980s periods, one inside a single month, one before everything.
WINDOWS = [
    ("2025", None),
    ("2030", None),
    ("1985", "1986"),
    (None, "1985"),
    ("2022", "2022-12"),
    ("2024-03", "2024-03"),
    (None, "1900"),
    (None, None),
]


def graph_claims(index, date_from=None, date_to=None) -> set[str]:
    edges = lookups.graph_view(index, ViewFilter(date_from=date_from, date_to=date_to))["edges"]
    return {e["claim"] for e in edges if e["kind"] == "claim"}


def relation_claims(index, date_from=None, date_to=None) -> set[str]:
    return {
        r.claim.iri
        for id in index.refs
        for r in lookups.relations(index, id, date_from=date_from, date_to=date_to).relations
    }


@pytest.mark.parametrize(("date_from", "date_to"), WINDOWS)
def test_graph_view_keeps_the_claims_the_lookups_keep(index, date_from, date_to):
    drawn = graph_claims(index)  # claims between two entities: the ones an edge can draw
    shown = graph_claims(index, date_from, date_to)
    assert shown == relation_claims(index, date_from, date_to) & drawn
    if date_from or date_to:  # a timeline holds only what is dated, and no "as of"
        as_of = {c.iri for c in every_claim(index) if c.date and c.date.kind == "as of"}
        timeline = lookups.timeline(index, date_from=date_from, date_to=date_to)
        on_timeline = {e.iri for e in timeline.entries if e.kind == "claim"}
        assert shown - as_of == on_timeline & drawn


def claims_dated(index, kind: str) -> set[str]:
    """The claims of one kind of date that the graph view can draw."""
    dated = {c.iri for c in every_claim(index) if c.date and c.date.kind == kind}
    return dated & graph_claims(index)


def test_a_window_keeps_since_periods_and_as_of_claims_in_the_graph_view(index):
    imprisoned = a_claim(index, "hernandez-imprisoned-in-new-york")
    assert imprisoned.date.kind == "since"
    after = lookups.timeline(index, date_from="2025").entries
    assert imprisoned.iri in {e.iri for e in after}
    assert imprisoned.iri in graph_claims(index, "2025") & relation_claims(index, "2025")
    periods, as_of = claims_dated(index, "period"), claims_dated(index, "as of")
    assert periods and as_of
    assert periods <= graph_claims(index, "1985", "1986")
    assert not periods & graph_claims(index, "1990")
    assert as_of <= graph_claims(index, "2025-01", "2025-01")
    assert not as_of & graph_claims(index, "2025-02")


def test_graph_view_rejects_unknowns(index):
    with pytest.raises(InvalidParameter, match="size_by"):
        lookups.graph_view(index, size_by="fame")
    with pytest.raises(NotFound, match="focus"):
        lookups.graph_view(index, focus="nobody")


class CappedStore:
    """A store that, like Virtuoso, cuts every answer at ``cap`` rows or triples and says so."""

    def __init__(self, inner, cap: int) -> None:
        self.inner, self.cap, self.queries = inner, cap, 0

    def query(self, sparql: str, **options):
        self.queries += 1
        result = self.inner.query(sparql, **options)
        if result.kind == "select" and len(result.rows) > self.cap:
            return dataclasses.replace(result, rows=result.rows[: self.cap], truncated=True)
        lines = [line for line in result.ntriples.splitlines() if line.strip()]
        if len(lines) <= self.cap:
            return result
        kept = "".join(line + "\n" for line in lines[: self.cap])
        return dataclasses.replace(result, ntriples=kept, truncated=True)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_store_that_caps_its_answers_is_read_in_pages(index):
    store = open_store(Settings())
    try:
        capped = CappedStore(store, cap=50)
        paged = ReadModel.from_store(capped, base=Settings().base)
        assert len(paged.graph()) == len(index.graph())
        assert lookups.stats(paged) == lookups.stats(index)
        assert lookups.entity(paged, "soto-cano") == lookups.entity(index, "soto-cano")
        assert lookups.timeline(paged) == lookups.timeline(index)
        assert paged.names == index.names
    finally:
        store.close()
    assert capped.queries > 20  # the large answers came in pages


@pytest.mark.parametrize(
    "q", ["hern", "ernánd", "soto cano", "sotocano", "cano soto", "us", "a", "xiomara c", "e s"]
)
def test_search_finds_what_ranking_every_name_finds(index, q, monkeypatch):
    quick = lookups.search(index, q, limit=100)
    searching = importlib.import_module("honduras_kg.lookups.search")
    monkeypatch.setattr(searching, "_candidates", lambda index, query: list(index.names))
    assert quick == lookups.search(index, q, limit=100)


def test_a_memo_asked_while_it_is_computed_is_computed_once(index):
    import threading
    import time

    calls = []

    def compute() -> str:
        calls.append(threading.current_thread().name)
        time.sleep(0.2)  # long enough for the second thread to ask meanwhile
        return "built"

    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(index.memo(("slow once",), compute)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["built"] * 3
    assert len(calls) == 1


def test_a_memo_that_fails_is_computed_again_next_time(index):
    def fail() -> str:
        raise RuntimeError("store gone")

    with pytest.raises(RuntimeError):
        index.memo(("fails once",), fail)
    assert index.memo(("fails once",), lambda: "now") == "now"
