"""The one prefix map used by the data, the queries, serialisation and the UI.

Entity IRIs live under one base (``DEFAULT_BASE``), split by kind so that they
stay readable: ``id/`` for people, states, organisations, places and events,
``claim/`` for statement nodes, ``statement/`` for things people said,
``source/`` for the source texts, ``quantity/`` for measured values,
``conflict/`` for recorded disagreements between sources, ``curation/`` for
the curation passes that wrote the claims, and who made them, and
``annotation/`` for the W3C Web Annotations that anchor each evidence quote in
its source text.

>>> str(HK["xiomara-castro"])
'https://w3id.org/honduras-kg/id/xiomara-castro'
>>> PREFIXES["hko"]
'https://w3id.org/honduras-kg/ontology#'
"""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

__all__ = [
    "ANNO",
    "CLAIM",
    "CONFLICT",
    "CUR",
    "DATA_KINDS",
    "DCTERMS",
    "DEFAULT_BASE",
    "HK",
    "HKO",
    "OA",
    "OWL",
    "PREFIXES",
    "PROV",
    "QTY",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "SPDX",
    "SRC",
    "STMT",
    "WD",
    "XSD",
    "bind_prefixes",
]

DEFAULT_BASE = "https://w3id.org/honduras-kg/"

#: Prefix and path segment under the base, one per kind of resource we mint.
DATA_KINDS: dict[str, str] = {
    "hk": "id/",
    "claim": "claim/",
    "stmt": "statement/",
    "src": "source/",
    "qty": "quantity/",
    "conflict": "conflict/",
    "cur": "curation/",
    "anno": "annotation/",
}

HKO = Namespace(DEFAULT_BASE + "ontology#")
HK = Namespace(DEFAULT_BASE + "id/")
CLAIM = Namespace(DEFAULT_BASE + "claim/")
STMT = Namespace(DEFAULT_BASE + "statement/")
SRC = Namespace(DEFAULT_BASE + "source/")
QTY = Namespace(DEFAULT_BASE + "quantity/")
CONFLICT = Namespace(DEFAULT_BASE + "conflict/")
CUR = Namespace(DEFAULT_BASE + "curation/")
ANNO = Namespace(DEFAULT_BASE + "annotation/")

SCHEMA = SDO  # schema.org, https:// form, as rdflib ships it
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")
OA = Namespace("http://www.w3.org/ns/oa#")  # W3C Web Annotation
SPDX = Namespace("http://spdx.org/rdf/terms#")  # checksums, as DCAT-AP and ADMS use them

PREFIXES: dict[str, str] = {
    "hk": str(HK),
    "hko": str(HKO),
    "claim": str(CLAIM),
    "stmt": str(STMT),
    "src": str(SRC),
    "qty": str(QTY),
    "conflict": str(CONFLICT),
    "cur": str(CUR),
    "anno": str(ANNO),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "wd": str(WD),
    "oa": str(OA),
    "spdx": str(SPDX),
}


def bind_prefixes(graph):
    """Bind every project prefix on an rdflib graph (replacing rdflib's defaults) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
