from __future__ import annotations

import csv
import io

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from honduras_kg.export import (
    CSV_COLUMNS,
    FORMATS,
    LIST_SEPARATOR,
    ExportFormat,
    choose_format,
    export,
    guess_format,
    serialize,
)
from honduras_kg.namespaces import CLAIM, HKO, PROV, RDF, SRC

RDF_REIFIES = str(RDF) + "reifies"
STATEMENT_PARTS = (RDF.subject, RDF.predicate, RDF.object)

#: How to read each RDF format back: pyoxigraph for JSON-LD, since rdflib's
#: JSON-LD parser warns on its own deprecated API.
READERS = {
    ExportFormat.TURTLE: "turtle",
    ExportFormat.NTRIPLES: "nt",
    ExportFormat.JSONLD: ox.RdfFormat.JSON_LD,
}


def test_the_table_covers_every_format_once():
    assert set(FORMATS) == set(ExportFormat)
    # RDF 1.2 Turtle is Turtle: the same media type and extension, so those name
    # plain Turtle, the first listed, and the claims' view is asked for by name.
    shared = {(info.media_type, info.extension) for info in FORMATS.values()}
    assert len(shared) == len(FORMATS) - 1
    assert choose_format(accept="text/turtle") is guess_format("g.ttl") is ExportFormat.TURTLE
    assert choose_format(format="rdf-star") is ExportFormat.RDFSTAR


def test_rdf_star_has_each_claim_reify_its_triple(real_graph):
    quads = list(ox.parse(serialize(real_graph, "rdfstar"), format=ox.RdfFormat.TURTLE))
    reified = {q.subject.value: q.object for q in quads if q.predicate.value == RDF_REIFIES}
    claims = set(real_graph.subjects(RDF.type, HKO.Claim))
    assert set(reified) == {str(c) for c in claims}
    for claim in claims:
        triple = reified[str(claim)]
        parts = (triple.subject.value, triple.predicate.value, triple.object.value)
        assert parts == tuple(str(real_graph.value(claim, part)) for part in STATEMENT_PARTS)
    said = {(q.subject.value, q.predicate.value) for q in quads}
    negated = str(CLAIM["us-does-not-pay-for-base"])
    # What the claim says about its triple stays; the statement parts are gone.
    for prop in (HKO.modality, HKO.quote, PROV.wasDerivedFrom, HKO.negated):
        assert (negated, str(prop)) in said
    assert not any(p in {str(RDF.subject), str(RDF.object)} for _, p in said)
    # A reifier asserts nothing: the denied payment is not a triple.
    assert not any(q.predicate.value == str(HKO.paysFor) for q in quads)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_format_writes_something(mini_graph, fmt):
    assert serialize(mini_graph, fmt)


@pytest.mark.parametrize("fmt", list(READERS))
def test_rdf_formats_round_trip(mini_graph, fmt):
    data, reader = serialize(mini_graph, fmt), READERS[fmt]
    if isinstance(reader, ox.RdfFormat):
        data = ox.serialize(ox.parse(data, format=reader), format=ox.RdfFormat.N_TRIPLES)
        reader = "nt"
    assert isomorphic(Graph().parse(data=data, format=reader), mini_graph)


def test_trig_puts_claims_in_their_sources_graph(mini_graph):
    quads = list(ox.parse(serialize(mini_graph, "trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == len(mini_graph)
    graphs = {
        q.graph_name for q in quads if q.subject == ox.NamedNode(str(CLAIM["olson-weak-hand"]))
    }
    assert graphs == {ox.NamedNode(str(SRC.explainer))}
    names = {q.graph_name for q in quads}
    assert names == {
        ox.DefaultGraph(),
        ox.NamedNode(str(SRC.explainer)),
        ox.NamedNode(str(SRC.commentary)),
    }


def test_graphml_holds_only_plain_values(mini_graph, mini_net):
    back = nx.read_graphml(io.BytesIO(serialize(mini_graph, "graphml")), force_multigraph=True)
    assert back.number_of_nodes() == mini_net.number_of_nodes()
    assert back.number_of_edges() == mini_net.number_of_edges()
    threat = back.edges[
        _iri(mini_net, "xiomara-castro"),
        _iri(mini_net, "military-cooperation-change"),
        str(CLAIM["castro-threatens-military-cooperation"]),
    ]
    assert LIST_SEPARATOR in threat["quotes"]
    assert (
        "attributed_to"
        not in back.edges[
            _iri(mini_net, "honduran-officials"),
            _iri(mini_net, "mass-deportation-plan"),
            str(CLAIM["officials-frustrated"]),
        ]
    )


def test_gexf_reads_back(mini_graph, mini_net):
    back = nx.read_gexf(io.BytesIO(serialize(mini_graph, "gexf")))
    assert back.number_of_nodes() == mini_net.number_of_nodes()
    assert back.number_of_edges() == mini_net.number_of_edges()


def test_csv_has_one_row_per_claim_edge(mini_graph, mini_net):
    rows = list(csv.DictReader(io.StringIO(serialize(mini_graph, "csv").decode())))
    assert len(rows) == mini_net.number_of_edges()
    assert tuple(rows[0]) == CSV_COLUMNS
    (no_pay,) = [r for r in rows if r["claim"].endswith("us-does-not-pay-honduras")]
    assert (no_pay["subject_label"], no_pay["relation"], no_pay["object_id"]) == (
        "United States",
        "pays",
        "honduras",
    )
    assert (no_pay["negated"], no_pay["source"], no_pay["date"]) == ("true", "explainer", "")


def test_export_writes_to_a_path_or_a_stream(mini_graph, tmp_path):
    export(mini_graph, ExportFormat.NTRIPLES, tmp_path / "g.nt")
    stream = io.BytesIO()
    export(mini_graph, "nt", stream)
    assert (tmp_path / "g.nt").read_bytes() == stream.getvalue()


def test_guess_format_and_unknown_formats():
    assert guess_format("x/graph.TTL") is ExportFormat.TURTLE
    with pytest.raises(ValueError):
        guess_format("graph.xlsx")
    with pytest.raises(ValueError):
        serialize(Graph(), "xlsx")


def _iri(net: nx.MultiDiGraph, short: str) -> str:
    (node,) = [n for n, i in net.nodes(data="id") if i == short]
    return node


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_the_real_graph_exports_in_every_format(real_graph, fmt):
    assert serialize(real_graph, fmt)
