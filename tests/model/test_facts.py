"""Plain facts beside the claims: the direct triples the load step derives, checked
against what the source sentences say and against the claims they come from."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest

from honduras_kg.config import Settings
from honduras_kg.model.facts import NEGATED, check_facts, facts_iri, provenance_iri
from honduras_kg.namespaces import DEFAULT_BASE, HK, HKO
from honduras_kg.store import OxigraphStore, open_store

HAPPENED = facts_iri(DEFAULT_BASE, "happened")
THREATENED = facts_iri(DEFAULT_BASE, "threatened")
NEGATIVE = facts_iri(DEFAULT_BASE, NEGATED)


@pytest.fixture(scope="module")
def store() -> Iterator[OxigraphStore]:
    store = open_store(Settings())
    assert isinstance(store, OxigraphStore)
    yield store
    store.close()


def values(store: OxigraphStore, query: str, name: str = "x") -> list[str]:
    return sorted(row[name]["value"] for row in store.query(query).rows)


def test_a_plain_query_finds_what_a_claim_says(store: OxigraphStore) -> None:
    # "US military facilities in Honduras, particularly Soto Cano Airbase"
    found = values(store, "SELECT ?x WHERE { ?x hko:locatedIn hk:honduras }")
    assert found == [str(HK["soto-cano"])]


def test_what_happened_is_one_graph_of_its_own(store: OxigraphStore) -> None:
    query = f"SELECT ?x FROM <{HAPPENED}> WHERE {{ ?x hko:locatedIn hk:honduras }}"
    assert values(store, query) == [str(HK["soto-cano"])]
    # Every fact there comes from a claim of modality happened.
    unsupported = f"""
    SELECT ?x WHERE {{ GRAPH <{HAPPENED}> {{ ?x ?p ?o }}
      FILTER NOT EXISTS {{ ?c rdf:subject ?x ; rdf:predicate ?p ; rdf:object ?o ;
                           hko:modality hko:Happened }} }}"""
    assert values(store, unsupported) == []


def test_a_threat_is_not_an_outcome(store: OxigraphStore) -> None:
    # "Castro threatened to reconsider the country's military cooperation with the US if ..."
    cooperation = HK["military-cooperation-change"]  # the threatened act, a plan
    who = f"SELECT ?x FROM <{{graph}}> WHERE {{{{ ?x hko:threatened <{cooperation}> }}}}"
    assert values(store, who.format(graph=THREATENED)) == [str(HK["xiomara-castro"])]
    assert values(store, who.format(graph=HAPPENED)) == []


def test_a_negated_claim_never_becomes_its_plain_triple(store: OxigraphStore) -> None:
    # The source: the US does not pay Honduras for the base. No graph may say it does.
    assert values(store, "SELECT ?x WHERE { ?x hko:paysFor ?y }") == []
    denied = f"""
    SELECT ?x WHERE {{ GRAPH <{NEGATIVE}> {{
      ?x a owl:NegativePropertyAssertion ; owl:assertionProperty hko:paysFor ;
         owl:sourceIndividual hk:united-states }} }}"""
    # Two claims say so: the Al Jazeera explainer's and Castro's "pays nothing".
    assert values(store, denied) == [
        "https://w3id.org/honduras-kg/claim/castro-us-pays-nothing",
        "https://w3id.org/honduras-kg/claim/us-does-not-pay-for-base",
    ]


def test_attribution_is_stated_in_prov_terms(store: OxigraphStore) -> None:
    count = "SELECT (COUNT(*) AS ?x) WHERE {{ {pattern} }}"
    attributed = values(store, count.format(pattern="?c hko:attributedTo ?a"))
    materialised = f"GRAPH <{provenance_iri(DEFAULT_BASE)}> {{ ?c prov:wasAttributedTo ?a }}"
    both = "?c hko:attributedTo ?a . " + materialised
    assert int(attributed[0]) > 100
    assert values(store, count.format(pattern=materialised)) == attributed
    assert values(store, count.format(pattern=both)) == attributed


def test_the_stored_facts_follow_from_the_claims(store: OxigraphStore) -> None:
    assert check_facts(store, base=DEFAULT_BASE) == []


def test_a_fact_no_claim_gives_or_a_lost_one_is_reported(store: OxigraphStore) -> None:
    copy = ox.Store()
    copy.extend(store._open())  # a scratch copy to tamper with
    tampered = OxigraphStore(copy)
    graph = ox.NamedNode(HAPPENED)
    soto_cano = ox.Quad(
        ox.NamedNode(str(HK["soto-cano"])), ox.NamedNode(str(HKO.locatedIn)),
        ox.NamedNode(str(HK.honduras)), graph,
    )  # fmt: skip
    invented = ox.Quad(soto_cano.subject, soto_cano.predicate, ox.NamedNode(str(HK.cuba)), graph)
    copy.remove(soto_cano)
    copy.add(invented)
    problems = check_facts(tampered, base=DEFAULT_BASE)
    assert len(problems) == 2
    assert "holds 1 triples that the claims do not give" in problems[0]
    assert "/id/cuba>" in problems[0]
    assert "lacks 1 triples that the claims do give" in problems[1]
    assert "/id/honduras>" in problems[1]


DATA_MODEL = Path(__file__).parents[2] / "docs" / "data-model.md"
_EXAMPLE = re.compile(r"```sparql\n(.*?)```\s*\n((?:\|[^\n]*\n)+)", re.S)
_SHORT = {"https://w3id.org/honduras-kg/id/": "hk:", str(HKO): "hko:"}


def worked_examples() -> list[tuple[str, list[list[str]]]]:
    """Each worked query of the "Plain facts" section, with the answer the docs show."""
    section = DATA_MODEL.read_text().split("## Plain facts beside the claims", 1)[1]
    found = []
    for query, table in _EXAMPLE.findall(section):
        rows = [
            [cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()
        ]
        found.append((query, rows[2:]))
    return found


def shown(term: Mapping[str, str]) -> str:
    for long, short in _SHORT.items():
        if term["type"] == "uri" and term["value"].startswith(long):
            return f"`{short}{term['value'].removeprefix(long)}`"
    return term["value"]


def test_the_worked_queries_answer_as_the_docs_show(store: OxigraphStore) -> None:
    examples = worked_examples()
    assert len(examples) == 3
    for query, expected in examples:
        result = store.query(query)
        assert [[shown(row[v]) for v in result.variables] for row in result.rows] == expected
