from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from honduras_kg.curation.anchors import read_anchors
from honduras_kg.export import (
    ANNO_CONTEXT,
    CSV_COLUMNS,
    FORMATS,
    LIST_SEPARATOR,
    ExportFormat,
    choose_format,
    export,
    guess_format,
    serialize,
)
from honduras_kg.namespaces import ANNO, CLAIM, HKO, OA, PROV, RDF, SRC

AS = Namespace("http://www.w3.org/ns/activitystreams#")
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


# --- the evidence as a W3C Web Annotation collection ----------------------------

#: A copy of the W3C Web Annotation context (http://www.w3.org/ns/anno.jsonld), so
#: that the export can be read back without the internet.
ANNO_CONTEXT_COPY = Path(__file__).parent / "data" / "anno.jsonld"


def read_back(document: dict) -> Graph:
    """The collection as RDF, its context read from the local copy."""
    assert document["@context"] == ANNO_CONTEXT  # named, never fetched
    local = dict(document, **json.loads(ANNO_CONTEXT_COPY.read_text(encoding="utf-8")))
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated API
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=json.dumps(local), format="json-ld")


def test_the_annotations_read_back_as_the_same_annotations(real_graph):
    document = json.loads(serialize(real_graph, "annotations"))
    parsed = read_back(document)
    anchors = read_anchors(real_graph)
    assert anchors and read_anchors(parsed) == anchors
    offsets = (OA.start, OA.end)  # integers in anchors.ttl, nonNegativeIntegers in JSON-LD
    written = {t for t in real_graph if str(t[0]).startswith(str(ANNO)) and t[1] not in offsets}
    assert written <= set(parsed)  # every other triple of anchors.ttl, as it stands
    collection = URIRef(document["id"])
    assert (collection, RDF.type, AS.OrderedCollection) in parsed
    assert int(parsed.value(collection, AS.totalItems)) == len(anchors)
    page = parsed.value(collection, AS.first)
    assert len(list(Collection(parsed, parsed.value(page, AS["items"])))) == len(anchors)


def test_a_graph_without_anchors_is_an_empty_collection(mini_graph):
    document = json.loads(serialize(mini_graph, "annotations"))
    assert document["type"] == "AnnotationCollection" and document["total"] == 0
    assert document["first"]["items"] == []
    assert len(read_back(document)) > 0


def test_the_annotations_format_is_named_by_its_double_extension():
    assert guess_format("out/evidence.anno.jsonld") is ExportFormat.ANNOTATIONS
    assert guess_format("out/graph.jsonld") is ExportFormat.JSONLD
    assert FORMATS[ExportFormat("anno")].media_type.startswith("application/ld+json")
