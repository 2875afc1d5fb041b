"""One suite for every backend (the ``store`` fixture): same data, same answers.

The rdflib backend is the reference the others are compared with; the
expected numbers come from parsing the curated files directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, data_files
from honduras_kg.errors import QuerySyntaxError, TooLarge
from honduras_kg.model.facts import NEGATED, facts_iri, modality_graph, provenance_iri
from honduras_kg.namespaces import DEFAULT_BASE, HK, HKO
from honduras_kg.network.derived import metrics_iri, read_metrics
from honduras_kg.sparql.named import NamedQuery, load_queries
from honduras_kg.store import QueryResult, RdflibStore, Store, graph_iri, service_iri
from honduras_kg.store.terms import row_bytes

from ..listener import listening

COMMENTARY = graph_iri(DEFAULT_BASE, "claims-commentary")
AL_JAZEERA = graph_iri(DEFAULT_BASE, "claims-al-jazeera")

#: Every claim with its typed and language-tagged values; unbound ones stay out.
CLAIMS = """
SELECT ?claim ?label ?modality ?standing ?source ?date ?asOf ?negated WHERE {
  ?claim a hko:Claim ; rdfs:label ?label ; hko:modality ?modality ;
         hko:standing ?standing ; prov:wasDerivedFrom ?source .
  OPTIONAL { ?claim hko:date ?date }
  OPTIONAL { ?claim hko:asOf ?asOf }
  OPTIONAL { ?claim hko:negated ?negated }
}
ORDER BY ?claim ?source
"""

COUNT_CLAIMS = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a hko:Claim }"


def claims_in(stem: str) -> int:
    graph = Graph().parse(DEFAULT_GRAPH_DIR / f"{stem}.ttl", format="turtle")
    return len(set(graph.subjects(RDF.type, HKO.Claim)))


def number(result: QueryResult) -> int:
    (row,) = result.rows
    (term,) = row.values()
    return int(term["value"])


def triples(result: QueryResult) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(result.ntriples, format=ox.RdfFormat.N_TRIPLES)}


def canonical(rows: Iterable[Mapping[str, Mapping[str, str]]]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


# --- the data -----------------------------------------------------------------------


def test_graph_names_are_one_per_data_file_and_the_derived_ones(store: Store):
    expected = {graph_iri(DEFAULT_BASE, path.stem) for path in data_files(DEFAULT_GRAPH_DIR)}
    modalities = store.query("SELECT DISTINCT ?m WHERE { ?c a hko:Claim ; hko:modality ?m }").rows
    facts = {facts_iri(DEFAULT_BASE, modality_graph(row["m"]["value"])) for row in modalities}
    derived = {metrics_iri(DEFAULT_BASE), provenance_iri(DEFAULT_BASE)}
    derived |= facts | {facts_iri(DEFAULT_BASE, NEGATED)}
    assert store.graph_names() == expected | derived


def test_claims_with_typed_and_tagged_literals_match_the_reference(
    store: Store, rdflib_store: RdflibStore
):
    expected = rdflib_store.query(CLAIMS)
    result = store.query(CLAIMS)
    assert result.variables == expected.variables
    assert result.rows == expected.rows
    assert len(result) == len(expected) > 100
    datatypes = {
        row[var].get("datatype") for row in result.rows for var in ("date", "negated") if var in row
    }
    assert {
        "http://www.w3.org/2001/XMLSchema#gYear",
        "http://www.w3.org/2001/XMLSchema#boolean",
        "http://www.w3.org/2001/XMLSchema#date",
    } <= datatypes
    assert {row["label"].get("xml:lang") for row in result.rows} == {"en"}


def test_every_literal_matches_the_reference(store: Store, rdflib_store: RdflibStore):
    query = f"""SELECT ?s ?p ?o WHERE {{
      GRAPH ?g {{ ?s ?p ?o }} FILTER (isLiteral(?o) && ?g != <{metrics_iri(DEFAULT_BASE)}>)
    }}"""
    expected = rdflib_store.query(query).rows
    assert canonical(store.query(query).rows) == canonical(expected)
    languages = {row["o"].get("xml:lang") for row in expected}
    assert {"en", "es"} <= languages


def test_the_derived_metrics_agree_in_value(store: Store, rdflib_store: RdflibStore):
    # By value: Virtuoso stores a whole xsd:decimal ("0") as an xsd:integer.
    expected = read_metrics(rdflib_store, base=DEFAULT_BASE)
    assert expected and read_metrics(store, base=DEFAULT_BASE) == expected
    assert expected["degree"][DEFAULT_BASE + "id/soto-cano"] > 10


def test_counts_are_typed_integers(store: Store):
    (row,) = store.query(COUNT_CLAIMS).rows
    assert row["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert int(row["n"]["value"]) == claims_in("claims-al-jazeera") + claims_in("claims-commentary")


def test_ask(store: Store):
    assert store.query("ASK { hk:honduras a schema:Country }").boolean is True
    assert store.query("ASK { hk:honduras a hko:Claim }") == QueryResult(kind="ask", boolean=False)


def test_declared_prefixes_win(store: Store):
    query = "PREFIX hk: <urn:not-ours:> ASK { hk:honduras ?p ?o }"
    assert store.query(query).boolean is False


# --- graphs -------------------------------------------------------------------------


def test_construct_gives_parseable_ntriples(store: Store, rdflib_store: RdflibStore):
    query = "CONSTRUCT { ?c a hko:Claim ; rdfs:label ?l } WHERE { ?c a hko:Claim ; rdfs:label ?l }"
    result = store.query(query)
    assert result.kind == "graph" and not result.truncated
    claims = claims_in("claims-al-jazeera") + claims_in("claims-commentary")
    assert len(result) == len(triples(result)) == 2 * claims
    assert triples(result) == triples(rdflib_store.query(query))


def test_describe_an_entity(store: Store):
    result = store.query("DESCRIBE hk:honduras")
    assert result.kind == "graph"
    subjects = {triple.subject for triple in triples(result)}
    assert ox.NamedNode(str(HK.honduras)) in subjects


# --- limits -------------------------------------------------------------------------


def test_row_limit_truncates_and_says_so(store: Store):
    result = store.query("SELECT ?c WHERE { ?c a hko:Claim }", row_limit=5)
    assert (len(result.rows), result.truncated) == (5, True)
    everything = store.query("SELECT ?c WHERE { ?c a hko:Claim }", row_limit=10_000)
    assert not everything.truncated
    exact = store.query("SELECT ?c WHERE { ?c a hko:Claim }", row_limit=len(everything.rows))
    assert not exact.truncated


def test_row_limit_counts_triples_of_a_graph(store: Store):
    result = store.query("CONSTRUCT WHERE { ?c a hko:Claim }", row_limit=3)
    assert (len(result), len(triples(result)), result.truncated) == (3, 3, True)


def test_max_bytes_measures_the_rows_and_refuses_past_it(store: Store):
    query = "SELECT ?c ?label WHERE { ?c a hko:Claim ; rdfs:label ?label } ORDER BY ?c"
    whole = store.query(query, row_limit=10_000)
    size = sum(row_bytes(row) for row in whole.rows)
    assert store.query(query, row_limit=10_000, max_bytes=size).rows == whole.rows
    with pytest.raises(TooLarge, match="max_answer_bytes"):
        store.query(query, row_limit=10_000, max_bytes=size - 1)


def test_max_bytes_measures_the_ntriples_of_a_graph(store: Store):
    query = "CONSTRUCT WHERE { ?c a hko:Claim ; rdfs:label ?label }"
    whole = store.query(query, row_limit=10_000)
    size = len(whole.ntriples.encode())
    assert store.query(query, row_limit=10_000, max_bytes=size).ntriples == whole.ntriples
    with pytest.raises(TooLarge, match="larger than"):
        store.query(query, row_limit=10_000, max_bytes=size - 1)


def test_the_row_cap_applies_before_the_byte_cap(store: Store):
    query = "SELECT ?c WHERE { ?c a hko:Claim } ORDER BY ?c"
    first = store.query(query, row_limit=2)
    result = store.query(query, row_limit=2, max_bytes=sum(map(row_bytes, first.rows)))
    assert (len(result.rows), result.truncated) == (2, True)


# --- the dataset --------------------------------------------------------------------


def test_default_graphs_restrict_the_default_graph(store: Store):
    only_commentary = store.query(COUNT_CLAIMS, default_graphs=[COMMENTARY])
    assert number(only_commentary) == claims_in("claims-commentary")
    assert number(store.query(COUNT_CLAIMS)) > number(only_commentary)


def test_from_clause_restricts_the_default_graph(store: Store):
    query = f"SELECT (COUNT(DISTINCT ?c) AS ?n) FROM <{COMMENTARY}> WHERE {{ ?c a hko:Claim }}"
    assert number(store.query(query)) == claims_in("claims-commentary")


def test_named_graphs_restrict_graph_patterns(store: Store):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?c a hko:Claim } } ORDER BY ?g"
    every = [row["g"]["value"] for row in store.query(query).rows]
    assert every == [AL_JAZEERA, COMMENTARY]
    only = store.query(query, named_graphs=[COMMENTARY])
    assert [row["g"]["value"] for row in only.rows] == [COMMENTARY]


def test_named_graphs_leave_the_default_graph_whole(store: Store):
    result = store.query(COUNT_CLAIMS, named_graphs=[COMMENTARY])
    assert number(result) == claims_in("claims-al-jazeera") + claims_in("claims-commentary")


COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_a_graph_the_store_does_not_hold_is_empty_and_never_fetched(store: Store, tmp_path):
    """Over HTTP (a listener that counts connections) or from a file, in any position."""
    leak = tmp_path / "leak.ttl"
    leak.write_text("<urn:leak> <urn:leak> <urn:leak> .\n")
    with listening() as listener:
        for outside in (listener.url + "graph.ttl", leak.as_uri()):
            asked = {
                "default graphs": store.query(COUNT_ALL, default_graphs=[outside]),
                "named graphs": store.query(COUNT_NAMED, named_graphs=[outside]),
                "both": store.query(COUNT_ALL, default_graphs=[outside], named_graphs=[outside]),
                "FROM": store.query(f"SELECT (COUNT(*) AS ?n) FROM <{outside}> {{ ?s ?p ?o }}"),
                "FROM NAMED": store.query(
                    f"SELECT (COUNT(*) AS ?n) FROM NAMED <{outside}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
                ),
            }
            assert {how: number(result) for how, result in asked.items()} == dict.fromkeys(asked, 0)
            with_ours = store.query(COUNT_CLAIMS, default_graphs=[outside, COMMENTARY])
            assert number(with_ours) == claims_in("claims-commentary")
            assert not store.query("ASK { <urn:leak> ?p ?o }", default_graphs=[outside]).boolean
        assert listener.connections == 0


def test_relative_iris_resolve_against_the_endpoint(store: Store):
    result = store.query("SELECT ?x WHERE { BIND(<s> AS ?x) }")
    assert result.rows[0]["x"]["value"] == service_iri(DEFAULT_BASE).rsplit("/", 1)[0] + "/s"


# --- errors -------------------------------------------------------------------------


def test_syntax_error_says_where(store: Store):
    with pytest.raises(QuerySyntaxError) as caught:
        store.query("SELECT *\nWHERE { ?s ?p }")
    assert "2" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL", "not sparql at all"],
)
def test_what_is_not_a_query_is_refused(store: Store, text: str):
    with pytest.raises(QuerySyntaxError):
        store.query(text)
    assert store.query("ASK { hk:honduras ?p ?o }").boolean


# --- the named queries ----------------------------------------------------------------


def _unordered_concat(rows: Iterable[Mapping[str, Mapping[str, str]]]) -> list[str]:
    """``canonical``, with GROUP_CONCAT's parts sorted: SPARQL leaves their order open."""
    return canonical(
        {
            name: {**term, "value": " | ".join(sorted(term["value"].split(" | ")))}
            for name, term in row.items()
        }
        for row in rows
    )


@pytest.mark.parametrize("query", load_queries().values(), ids=lambda query: query.name)
def test_every_named_query_answers_as_the_reference_does(
    store: Store, rdflib_store: RdflibStore, query: NamedQuery
):
    text = query.bind()
    assert _unordered_concat(store.query(text).rows) == _unordered_concat(
        rdflib_store.query(text).rows
    )
