"""What every backend loads: one named graph per curated data file of ``graph/``.

The file ``graph/claims-al-jazeera.ttl`` becomes the named graph
``<{base}graph/claims-al-jazeera>``; a query that names no graph sees the
union of them all. The data travels to the backends as N-Triples text with
our data IRIs already moved under ``base``, and with any blank node replaced
by an IRI under ``{base}.well-known/genid/`` (so that a remote store can be
loaded in batches, and every backend names the same node the same way).

>>> graph_iri("https://w3id.org/honduras-kg/", "claims-al-jazeera")
'https://w3id.org/honduras-kg/graph/claims-al-jazeera'
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, data_files, load_files
from honduras_kg.namespaces import DEFAULT_BASE

__all__ = [
    "GENID_PATH",
    "GRAPH_PATH",
    "curated_graphs",
    "file_ntriples",
    "graph_iri",
    "graph_prefix",
    "service_iri",
    "skolemise",
    "store_graphs",
]

#: Path under the base of the named graphs, one per data file.
GRAPH_PATH = "graph/"

#: Path under the base of the IRIs that stand for blank nodes (RDF 1.1, section 3.5).
GENID_PATH = ".well-known/genid/"


def graph_prefix(base: str) -> str:
    """The start of every curated graph's IRI.

    >>> graph_prefix("http://127.0.0.1:8000/")
    'http://127.0.0.1:8000/graph/'
    """
    return base + GRAPH_PATH


def derived_prefix(base: str) -> str:
    """The start of every derived graph's IRI: what was computed from the curated
    graphs at load (metrics, plain facts), never what a source says.

    >>> derived_prefix("https://w3id.org/honduras-kg/")
    'https://w3id.org/honduras-kg/graph/derived/'
    """
    return graph_prefix(base) + "derived/"


def service_iri(base: str) -> str:
    """The SPARQL endpoint's IRI: the base IRI against which queries resolve relative IRIs.

    The SPARQL 1.1 Protocol leaves a query's base to the service, suggesting the
    endpoint itself, so ``<s>`` in a query means ``<{base}s>`` on every backend.

    >>> service_iri("http://127.0.0.1:8000/")
    'http://127.0.0.1:8000/sparql'
    """
    return base + "sparql"


def graph_iri(base: str, stem: str) -> str:
    """The named graph that holds the data file ``{stem}.ttl``."""
    return graph_prefix(base) + stem


def curated_graphs(
    graph_dir: Path | str = DEFAULT_GRAPH_DIR, *, base: str = DEFAULT_BASE
) -> list[tuple[str, str]]:
    """``(graph IRI, N-Triples text)`` for each data file of ``graph_dir``, in file order.

    The N-Triples lines are sorted, so the same files always give the same text.
    Raises ``FileNotFoundError`` if the directory holds no data file, and
    rdflib's parser errors for a broken file.
    """
    files = data_files(graph_dir)
    if not files:
        raise FileNotFoundError(f"no Turtle data files in {graph_dir}")
    return [(graph_iri(base, path.stem), file_ntriples(path, base=base)) for path in files]


def store_graphs(
    graph_dir: Path | str = DEFAULT_GRAPH_DIR, *, base: str = DEFAULT_BASE
) -> list[tuple[str, str]]:
    """What a store holds: the :func:`curated_graphs`, then the graphs derived from them
    (:mod:`honduras_kg.network.derived`: the network metrics), computed once here."""
    from honduras_kg.network.derived import with_derived  # the network reads stores

    return with_derived(curated_graphs(graph_dir, base=base), base=base)


def file_ntriples(path: Path, *, base: str = DEFAULT_BASE) -> str:
    """The N-Triples text of one data file, rebased and skolemised, its lines sorted.

    Raises :class:`~honduras_kg.errors.GraphFileError` for a file that does not read or parse.
    """
    graph = skolemise(load_files([path], base=base), f"{base}{GENID_PATH}{path.stem}-")
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(line + "\n" for line in sorted(lines) if line.strip())


def skolemise(graph: Graph, prefix: str) -> Graph:
    """``graph`` with each blank node replaced by the IRI ``prefix`` + a stable label.

    Labels come from rdflib's canonical form, so the same data always gives
    the same IRIs. A graph without blank nodes comes back as it is.

    >>> g = Graph().parse(data="<urn:a> <urn:p> [ <urn:q> 1 ] .", format="turtle")
    >>> [str(o)[:11] for o in skolemise(g, "urn:genid:").objects(URIRef("urn:a"))]
    ['urn:genid:c']
    """
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph

    def name(term):
        return URIRef(prefix + str(term)) if isinstance(term, BNode) else term

    skolem = Graph(namespace_manager=graph.namespace_manager)
    for triple in to_canonical_graph(graph):
        skolem.add(tuple(name(term) for term in triple))
    return skolem
