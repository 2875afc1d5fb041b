"""Assertions of the sources the review found missing, or only inside labels and quotes
(issue 11, section 4): each is now a claim of its own, with its quote and modality."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from honduras_kg.namespaces import HK, HKO, PREFIXES, PROV, SRC

PREFIX = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
AJ, COMMENTARY = SRC["al-jazeera-explainer"], SRC["unsigned-commentary"]

# What the source says: (subject, relation, object), modality, who stands behind it
# (None: no one named), the source, and the words of the sentence that say it.
ASSERTIONS = {
    "the incoming administration is 'Republican-led'": (
        (HK["republicans"], HKO.leads, HK["incoming-us-administration"]),
        HKO.Stated,
        HK["eric-olson"],
        AJ,
        "particularly under a Republican-led administration",
    ),
    "Frank calls Venezuela's government 'anti-US'": (
        (HK["venezuela"], HKO.opposes, HK["united-states"]),
        HKO.Stated,
        HK["dana-frank"],
        AJ,
        "anti-US governments such as those of Venezuela and Nicaragua",
    ),
    "Frank calls Nicaragua's government 'anti-US'": (
        (HK["nicaragua"], HKO.opposes, HK["united-states"]),
        HKO.Stated,
        HK["dana-frank"],
        AJ,
        "anti-US governments such as those of Venezuela and Nicaragua",
    ),
    "the situation remains fluid": (
        (HK["us-honduras-dispute"], HKO.describedAs, Literal("remains fluid")),
        HKO.Stated,
        None,
        COMMENTARY,
        "The situation remains fluid",
    ),
    "multiple stakeholders monitoring developments closely": (
        (HK["multiple-stakeholders"], HKO.monitors, HK["us-honduras-dispute"]),
        HKO.Happened,
        None,
        COMMENTARY,
        "with multiple stakeholders monitoring developments closely",
    ),
    "Honduras's economic stability is 'already fragile'": (
        (HK["honduran-economy"], HKO.describedAs, Literal("economic stability already fragile")),
        HKO.Stated,
        None,
        COMMENTARY,
        "economic stability and social infrastructure are already fragile",
    ),
    "Honduras's social infrastructure is 'already fragile'": (
        (HK["honduran-social-infrastructure"], HKO.describedAs, Literal("already fragile")),
        HKO.Stated,
        None,
        COMMENTARY,
        "economic stability and social infrastructure are already fragile",
    ),
    "willingness to leverage diplomatic resources as a form of resistance": (
        (HK["honduras"], HKO.willingTo, HK["diplomatic-resistance"]),
        HKO.Stated,
        None,
        COMMENTARY,
        "its willingness to leverage diplomatic resources as a form of resistance",
    ),
    "Frank's 'corrupt' police": (
        (HK["honduran-police"], HKO.describedAs, Literal("corrupt")),
        HKO.Stated,
        HK["dana-frank"],
        AJ,
        "his corrupt police and military",
    ),
    "Frank's 'corrupt' military": (
        (HK["honduran-military"], HKO.describedAs, Literal("corrupt")),
        HKO.Stated,
        HK["dana-frank"],
        AJ,
        "his corrupt police and military",
    ),
}


@pytest.mark.parametrize("assertion", ASSERTIONS)
def test_missing_assertion_is_a_claim_with_its_quote_and_modality(
    real_graph: Graph, assertion: str
) -> None:
    (subject, predicate, obj), modality, who, source, words = ASSERTIONS[assertion]
    rows = [
        row.asdict()
        for row in real_graph.query(  # type: ignore[union-attr]
            PREFIX
            + """SELECT ?claim ?modality ?source ?quote ?who WHERE {
                   ?claim rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                          hko:modality ?modality ; prov:wasDerivedFrom ?source ; hko:quote ?quote .
                   OPTIONAL { ?claim hko:attributedTo ?who } }""",
            initBindings={"s": subject, "p": predicate, "o": obj},
        )
    ]
    assert rows, assertion
    assert {(r["modality"], r["source"], r.get("who")) for r in rows} == {(modality, source, who)}
    assert any(words in str(r["quote"]) for r in rows), assertion
    for claim in {r["claim"] for r in rows}:
        assert isinstance(claim, URIRef)
        standing = HKO.Attributed if who else HKO.Unattributed
        assert (claim, HKO.standing, standing) in real_graph
        assert (claim, PROV.wasDerivedFrom, source) in real_graph
