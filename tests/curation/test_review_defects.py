"""The defects a sentence-by-sentence review found (issue 11, section 4), one test each.

Each test names the defect, quotes the source sentence it is checked against,
and asks the curated graph (``graph/``) what that sentence says. The quote gate
(``honduras-kg validate``) checks that each quote occurs in its source text.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from honduras_kg.namespaces import CLAIM, HK, HKO, PREFIXES, RDF, RDFS, SKOS

RSQ = "\N{RIGHT SINGLE QUOTATION MARK}"  # the sources' apostrophe
PREFIX = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def ask(graph: Graph, query: str) -> list[dict[str, object]]:
    """The rows of a SPARQL SELECT over ``graph``, each a dict of variable to term."""
    return [row.asdict() for row in graph.query(PREFIX + query)]  # type: ignore[union-attr]


def quotes(graph: Graph, claim: URIRef) -> set[str]:
    return {str(q) for q in graph.objects(claim, HKO.quote)}


def test_olson_rupture_not_critical_is_about_the_rupture_and_keeps_disappointing(
    real_graph: Graph,
) -> None:
    sentence = (
        "Olson said that for the US, a potential rupture in military relations with Honduras"
        " would likely be seen as disappointing but not critical to its military operations."
    )
    rows = ask(
        real_graph,
        """SELECT ?claim ?p ?o ?negated ?hedge ?words WHERE {
             ?claim rdf:subject hk:military-cooperation-rupture ; rdf:predicate ?p ;
                    rdf:object ?o ; hko:attributedTo hk:eric-olson ;
                    hko:hedge ?hedge ; hko:hedgeText ?words .
             OPTIONAL { ?claim hko:negated ?negated } }""",
    )
    said = {(row["p"], row["o"], row.get("negated")) for row in rows}
    assert said == {
        (HKO.criticalTo, HK["us-military"], Literal(True)),  # not critical
        (HKO.disappoints, HK["united-states"], None),  # but disappointing
    }
    assert {(row["hedge"], str(row["words"])) for row in rows} == {(HKO.Likely, "would likely")}
    assert sentence in quotes(real_graph, CLAIM["olson-rupture-not-critical"])
    assert (HK["military-cooperation-rupture"], RDF.type, HKO.Plan) in real_graph
    # The cooperation itself is not what "would not be critical".
    assert not ask(
        real_graph,
        """SELECT ?c WHERE { ?c rdf:subject hk:us-honduras-military-cooperation ;
                                hko:attributedTo hk:eric-olson }""",
    )


def test_olson_republicans_seem_eager_to_categorise_is_a_hedged_disposition(
    real_graph: Graph,
) -> None:
    sentence = "a government that Republicans already seem eager to categorise with " + (
        "Nicaragua and Venezuela"
    )
    for other in ("nicaragua", "venezuela"):
        claim = CLAIM[f"olson-republicans-categorise-with-{other}"]
        assert real_graph.value(claim, RDF.subject) == HK["republicans"]
        assert real_graph.value(claim, RDF.predicate) == HKO.eagerToCategorise
        assert real_graph.value(claim, RDF.object) == HK["government-of-honduras"]
        assert real_graph.value(claim, HKO.alongside) == HK[other]
        assert real_graph.value(claim, HKO.hedge) == HKO.Seemingly
        assert str(real_graph.value(claim, HKO.hedgeText)) == "seem eager"
        assert sentence in quotes(real_graph, claim)
    # Olson is no second witness: the categorisation itself is only Frank's prediction.
    rows = ask(
        real_graph,
        """SELECT ?who ?modality ?hedge WHERE {
             ?c rdf:predicate hko:categorisedWith ; hko:attributedTo ?who ; hko:modality ?modality .
             OPTIONAL { ?c hko:hedge ?hedge } }""",
    )
    assert {(r["who"], r["modality"], r.get("hedge")) for r in rows} == {
        (HK["dana-frank"], HKO.Predicted, HKO.Likely)
    }


def test_honduras_threatened_to_expel_us_troops_names_the_act_and_its_motive(
    real_graph: Graph,
) -> None:
    sentence = (
        "Honduras has threatened to expel United States troops, retaliating against incoming"
        f" President Donald Trump{RSQ}s plans to carry out mass deportations of refugees and"
        " asylum seekers entering the US from Central America."
    )
    claim = CLAIM["honduras-threatened-to-expel-us-troops"]
    act = real_graph.value(claim, RDF.object)
    assert act == HK["expulsion-of-us-troops"]
    assert (act, RDF.type, HKO.Plan) in real_graph
    assert real_graph.value(claim, HKO.modality) == HKO.Threatened
    # "retaliating against" is a motive, not a condition.
    assert real_graph.value(claim, HKO.inResponseTo) == HK["mass-deportation-plan"]
    assert real_graph.value(claim, HKO.condition) is None
    assert sentence in quotes(real_graph, claim)
    # Who would be expelled: the threatened act targets the US troops.
    (row,) = ask(
        real_graph,
        """SELECT ?modality WHERE { ?c rdf:subject hk:expulsion-of-us-troops ;
             rdf:predicate hko:targets ; rdf:object hk:us-military ; hko:modality ?modality }""",
    )
    assert row["modality"] == HKO.Threatened


def test_analysts_honduras_wants_no_rupture_is_negated_in_data(real_graph: Graph) -> None:
    sentence = f"Honduras, too, wouldn{RSQ}t want a rupture in ties with the US, say analysts."
    claim = CLAIM["analysts-honduras-wants-no-rupture"]
    assert real_graph.value(claim, RDF.subject) == HK["honduras"]
    assert real_graph.value(claim, RDF.predicate) == HKO.wants
    assert real_graph.value(claim, RDF.object) == HK["rupture-in-us-honduras-ties"]
    assert real_graph.value(claim, HKO.negated) == Literal(True)
    assert real_graph.value(claim, HKO.attributionNote) == Literal("say analysts")
    assert sentence in quotes(real_graph, claim)


def test_conflict_pledge_or_threat_is_gone_because_al_jazeera_also_speaks_of_threats(
    real_graph: Graph,
) -> None:
    sentence = (
        "That very same dynamic, however, makes it hard for Honduras to stay silent in the face"
        " of threats of mass deportations."
    )
    assert (URIRef(PREFIXES["conflict"] + "pledge-or-threat"), None, None) not in real_graph
    assert not ask(
        real_graph,
        """SELECT ?conflict WHERE {
             ?conflict hko:conflictingClaim claim:trump-pledged-mass-deportations ,
                                            claim:commentary-trump-threatened-deportations }""",
    )
    # Al Jazeera's own words call them threats too.
    assert sentence in quotes(real_graph, CLAIM["honduras-cannot-stay-silent"])


# entity, alias the texts do not support
FALSE_ALIASES = [
    ("republicans", "Republican Party"),
    ("republicans", "Republican-led administration"),
    ("undocumented-immigrants", "refugees and asylum seekers"),
    ("undocumented-immigrants", "migrants"),
    ("honduran-sovereignty", "Central American sovereignty"),
    ("honduran-sovereignty", "national dignity"),
    ("hondurans-in-the-us", "Hondurans abroad"),
    ("honduras", "Hondurans"),
    ("disaster-relief", "humanitarian aid"),
]


def test_aliases_that_equate_different_things_are_gone_and_each_alias_says_its_origin(
    real_graph: Graph,
) -> None:
    for entity, alias in FALSE_ALIASES:
        aliases = {str(a) for a in real_graph.objects(HK[entity], SKOS.altLabel)}
        assert alias not in aliases, (entity, alias)
        note = str(real_graph.value(HK[entity], SKOS.editorialNote))
        assert all(f"'{a}'" in note for a in aliases), (entity, note)
    # What the aliases wrongly merged is now its own node, with its own claim.
    assert (HK["refugees-and-asylum-seekers"], RDF.type, None) in real_graph
    assert ask(
        real_graph,
        """SELECT ?c WHERE { ?c rdf:subject hk:mass-deportation-plan ; rdf:predicate hko:targets ;
                                rdf:object hk:refugees-and-asylum-seekers }""",
    )
    assert ask(
        real_graph,
        """SELECT ?c WHERE { ?c rdf:predicate hko:asserted ;
                                rdf:object hk:central-american-sovereignty }""",
    )


def test_dates_from_the_seeds_notes_are_all_marked_and_explained_one_way(
    real_graph: Graph,
) -> None:
    # The texts never give 1 January 2025 nor "January 2025": the project's notes do.
    rows = ask(
        real_graph,
        """SELECT ?node ?basis ?note WHERE {
             { ?node hko:date "2025-01-01"^^xsd:date }
             UNION { ?node hko:asOf "2025-01"^^xsd:gYearMonth }
             OPTIONAL { ?node hko:dateBasis ?basis }
             OPTIONAL { ?node hko:dateNote ?note } }""",
    )
    assert len(rows) >= 10
    assert {r.get("basis") for r in rows} == {HKO.DateFromSourceNotes}
    # Each says where the date comes from, in words a reader knows (no file of ours).
    assert all("the project's notes on the sources" in str(r.get("note")) for r in rows)
    assert not any(".md" in str(r.get("note")) for r in rows)
    day = {str(r["note"]) for r in rows if (r["node"], HKO.date, None) in real_graph}
    month = {str(r["note"]) for r in rows if (r["node"], HKO.asOf, None) in real_graph}
    assert len(day) == 1 and len(month) == 1, "one wording for each kind of date"
    assert (HKO.DateFromSourceNotes, RDF.type, HKO.DateBasis) in real_graph
    assert real_graph.value(HKO.DateFromSourceNotes, RDFS.label) is not None


def test_hedges_are_the_sources_words(real_graph: Graph) -> None:
    # "may", "likely", "would likely", "seem eager", "I sense": each hedge is said in a quote.
    hedged = list(real_graph.subject_objects(HKO.hedgeText))
    assert {"may", "likely", "would likely", "seem eager", "I sense"} <= {str(w) for _, w in hedged}
    for claim, words in hedged:
        said = " ".join(quotes(real_graph, claim)).lower()
        assert str(words).lower() in said, claim
        assert (real_graph.value(claim, HKO.hedge), SKOS.inScheme, HKO.hedges) in real_graph


def test_every_alias_says_where_it_comes_from(real_graph: Graph) -> None:
    # "Keep an alias only where it names the same thing, and say where each one comes from."
    entities = set(real_graph.subjects(HKO.mentionedIn, None))
    for entity in entities & set(real_graph.subjects(SKOS.altLabel, None)):
        note = str(real_graph.value(entity, SKOS.editorialNote))
        for alias in real_graph.objects(entity, SKOS.altLabel):
            assert f"'{alias}'" in note, (entity, alias)
