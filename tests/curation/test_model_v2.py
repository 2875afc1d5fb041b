"""Meaning in the data, not in labels (issue 11, section 3), asked of the curated graph.

Each former claim of a relation that carried no content is checked against the
words of its source: what the claim now says in triples, its negation and hedge.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from honduras_kg.namespaces import CLAIM, HK, HKO, OWL, PROV, RDF, RDFS, SCHEMA

DEPRECATED = ("characterised", "couldAffect", "strains", "relationsWith", "expressed", "predicted")

# claim: (subject, relation, object), negated, hedge, words of the source sentence
SAID = {
    "olson-very-weak-hand": (
        (HK.honduras, HKO.describedAs, Literal("making threats with a very weak hand")),
        False,
        HKO.Impression,
        "I sense that Honduras is making threats with a very weak hand",
    ),
    "frank-long-nasty-history": (
        (HK["soto-cano"], HKO.describedAs, Literal("has a long and nasty history")),
        False,
        None,
        "It has a long and nasty history",
    ),
    "analysts-honduras-lacks-leverage": (
        (HK.honduras, HKO.hasLeverageOver, HK["united-states"]),
        True,
        None,
        "Honduras lacks leverage to influence US policies meaningfully",
    ),
    "economy-could-take-major-hit": (
        (HK["loss-of-remittances"], HKO.harms, HK["honduran-economy"]),
        False,
        HKO.Possibly,
        "the economy of Honduras could also take a major hit",
    ),
    "commentary-ripple-effects": (
        (HK["military-cooperation-rupture"], HKO.disrupts, HK["central-america"]),
        False,
        HKO.Possibly,
        "could create ripple effects across regional security architectures",
    ),
    "honduras-not-equipped-to-host": (
        (HK.honduras, HKO.equippedToReceive, HK["hondurans-in-the-us"]),
        True,
        None,
        "a number the Central American nation is not equipped to suddenly host",
    ),
    "latin-american-governments-uncertain": (
        (HK["latin-american-governments"], HKO.uncertainAbout, HK["mass-deportation-plan"]),
        False,
        None,
        "leaving Latin American governments uncertain as they try to prepare",
    ),
    "olson-relations-turn-for-worse": (
        (
            HK["us-honduras-relations"],
            HKO.describedAs,
            Literal("about to take a turn for the worse"),
        ),
        False,
        HKO.Possibly,
        "bilateral relations may be “about to take a turn for the worse”",
    ),
    "commentary-officials-frustrated": (
        (HK["honduran-government-officials"], HKO.frustratedWith, HK["us-immigration-policy"]),
        False,
        None,
        "privately expressed deep frustration",
    ),
    "frank-cold-war-framework": (
        (HK["us-honduras-dispute"], HKO.framedWithin, HK["cold-war-framework"]),
        False,
        HKO.Likely,
        "This will likely be spun into a broader anti-communist Cold War framework",
    ),
}


@pytest.mark.parametrize("claim", SAID)
def test_what_the_claim_says_is_in_its_triples(real_graph: Graph, claim: str) -> None:
    (subject, relation, obj), negated, hedge, words = SAID[claim]
    node = CLAIM[claim]
    assert (real_graph.value(node, RDF.subject), real_graph.value(node, RDF.predicate)) == (
        subject,
        relation,
    )
    assert real_graph.value(node, RDF.object) == obj
    assert (real_graph.value(node, HKO.negated) == Literal(True)) is negated
    assert real_graph.value(node, HKO.hedge) == hedge
    assert any(words in str(q) for q in real_graph.objects(node, HKO.quote)), words


def test_no_claim_uses_a_relation_without_content(real_graph: Graph) -> None:
    for name in DEPRECATED:
        assert (HKO[name], OWL.deprecated, Literal(True)) in real_graph, name
        assert not set(real_graph.subjects(RDF.predicate, HKO[name])), name


def test_the_speaker_is_attributed_not_the_subject_of_a_description(real_graph: Graph) -> None:
    described = set(real_graph.subjects(RDF.predicate, HKO.describedAs))
    assert len(described) >= 16
    for claim in described:
        assert real_graph.value(claim, RDF.subject) != real_graph.value(claim, HKO.attributedTo)
        assert isinstance(real_graph.value(claim, RDF.object), Literal)


def test_military_presence_has_one_kind_of_subject_the_state(real_graph: Graph) -> None:
    subjects = {
        real_graph.value(claim, RDF.subject)
        for claim in real_graph.subjects(RDF.predicate, HKO.hasMilitaryPresenceIn)
    }
    assert subjects == {HK["united-states"], HK.china}
    assert all((s, RDF.type, SCHEMA.Country) in real_graph for s in subjects)
    # The forces are still found: in hko:about of the claims about the US presence.
    assert (CLAIM["us-presence-focused-on-soto-cano"], HKO.about, HK["us-military"]) in real_graph


def test_a_plan_is_not_an_event_and_a_population_not_an_organisation(real_graph: Graph) -> None:
    assert (HKO.Plan, RDFS.subClassOf, PROV.Plan) in real_graph
    assert (HKO.Plan, RDFS.subClassOf, SCHEMA.Event) not in real_graph
    assert (HKO.Population, RDFS.subClassOf, None) not in real_graph
    for people in ("hondurans-in-the-us", "undocumented-immigrants", "key-bridge-workers"):
        assert set(real_graph.objects(HK[people], RDF.type)) == {HKO.Population}, people


def test_threats_pledges_and_considerations_point_at_plans(real_graph: Graph) -> None:
    acts = [
        claim
        for relation in (HKO.threatened, HKO.pledged, HKO.considered)
        for claim in real_graph.subjects(RDF.predicate, relation)
    ]
    assert len(acts) >= 6
    for claim in acts:
        target = real_graph.value(claim, RDF.object)
        assert isinstance(target, URIRef) and (target, RDF.type, HKO.Plan) in real_graph, claim
    castro = CLAIM["castro-threatened-military-cooperation"]
    assert real_graph.value(castro, RDF.object) == HK["military-cooperation-change"]
    assert (castro, HKO.about, HK["us-honduras-military-cooperation"]) in real_graph
