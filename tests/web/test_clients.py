"""Real SPARQL clients against a live server on an ephemeral loopback port."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

LABELS = """
PREFIX hk: <https://w3id.org/honduras-kg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { hk:soto-cano rdfs:label ?label }
"""
MODALITIES = """
PREFIX hko: <https://w3id.org/honduras-kg/ontology#>
SELECT ?m (COUNT(?c) AS ?n) WHERE { ?c a hko:Claim ; hko:modality ?m } GROUP BY ?m ORDER BY ?m
"""


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_json(live_url):
    result = wrapper(live_url, LABELS, JSON).queryAndConvert()
    assert result["results"]["bindings"][0]["label"]["value"] == "Soto Cano Air Base"


def test_sparqlwrapper_xml(live_url):
    document = wrapper(live_url, LABELS, XML).queryAndConvert()
    literals = document.getElementsByTagName("literal")
    assert literals[0].firstChild.data == "Soto Cano Air Base"


def test_sparqlwrapper_csv(live_url):
    data = wrapper(live_url, MODALITIES, CSV).queryAndConvert()
    lines = data.decode().splitlines()
    assert lines[0] == "m,n"
    assert any(line.endswith("#Threatened,5") or "#Threatened," in line for line in lines)


def test_sparqlwrapper_construct_to_turtle(live_url):
    query = """
    PREFIX hk: <https://w3id.org/honduras-kg/id/>
    CONSTRUCT { hk:soto-cano ?p ?o } WHERE { hk:soto-cano ?p ?o }
    """
    data = wrapper(live_url, query, TURTLE).queryAndConvert()
    triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    assert len(triples) >= 5


def test_sparqlwrapper_post(live_url):
    client = wrapper(live_url, LABELS, JSON)
    client.setMethod("POST")
    assert client.queryAndConvert()["results"]["bindings"]


def test_rdflib_sparqlstore(live_url):
    store = SPARQLStore(live_url + "/sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(MODALITIES))
    modalities = {str(m).rsplit("#", 1)[1]: int(n) for m, n in rows}
    assert {"Happened", "Stated", "Threatened", "Pledged", "Predicted", "Reported"} <= set(
        modalities
    )
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    store.close()
