"""Build an Oxigraph store from a graph directory: the one place a store is filled.

:func:`fill_store` fills both the on-disk store of ``honduras-kg load`` and
the in-memory store of plain ``serve``. Each data file becomes the named
graph ``graph_iri(base, stem)``, holding the same triples as the rdflib path
(:func:`~honduras_kg.store.loading.curated_graphs`) gives the other backends:

- Oxigraph parses the file itself, streaming, so that a million triples
  never become Python objects;
- with a ``base`` other than the canonical one, one SPARQL update per graph
  moves our data IRIs under it (as :func:`~honduras_kg.curation.load.rebase`);
- a file that holds blank nodes is loaded through rdflib instead, whose
  canonical labels name them the same on every backend (such files are small
  and hand-written; the curated ones have none);
- then the graphs derived from the curated ones (the network metrics,
  :mod:`honduras_kg.network.derived`) are computed from the filled store and
  added, once, so that nothing computes them again at start-up.

Oxigraph stores the lexical form of a literal as written, where rdflib repairs
a few ill-formed ones (``"  3 "^^xsd:integer`` becomes ``"3"``); the gate
reports those, and well-formed literals come out the same either way.

>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (pathlib.Path(tmp) / "people.ttl").write_text("<urn:a> <urn:b> <urn:c> .")
...     fill_store(ox.Store(), tmp, base="http://127.0.0.1:8000/")
{'http://127.0.0.1:8000/graph/people': 1}
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path

import pyoxigraph as ox

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, data_files
from honduras_kg.curation.located import SYNTAX_FIX, parse_error
from honduras_kg.errors import GraphFileError
from honduras_kg.namespaces import DATA_KINDS, DEFAULT_BASE
from honduras_kg.store.loading import file_ntriples, graph_iri

__all__ = ["add_derived", "build_dump", "fill_curated", "fill_graph", "fill_store", "triple_counts"]

# With the default graph as it is (not the union), so that triples in it show under "".
_COUNT_TRIPLES = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g"
)


def fill_store(
    store: ox.Store, graph_dir: Path | str = DEFAULT_GRAPH_DIR, *, base: str = DEFAULT_BASE
) -> dict[str, int]:
    """Fill ``store`` with the data files of ``graph_dir``; return the triples per graph.

    Raises ``FileNotFoundError`` if the directory holds no data file,
    :class:`~honduras_kg.errors.GraphFileError` (file, line, column) for a
    file that does not read or parse, and ``OSError`` if the store fails.
    """
    fill_curated(store, graph_dir, base=base)
    add_derived(store, base=base)
    return triple_counts(store)


def fill_curated(
    store: ox.Store, graph_dir: Path | str = DEFAULT_GRAPH_DIR, *, base: str = DEFAULT_BASE
) -> None:
    """Load each data file of ``graph_dir`` into its named graph (:func:`fill_graph`); the
    first half of :func:`fill_store`, which raises as it does."""
    files = data_files(graph_dir)
    if not files:
        raise FileNotFoundError(f"no Turtle data files in {graph_dir}")
    for path in files:
        fill_graph(store, path, base=base)


def add_derived(store: ox.Store, *, base: str = DEFAULT_BASE) -> list[tuple[str, str]]:
    """Add the graphs derived from the curated ones (:mod:`honduras_kg.network.derived`);
    return them, as ``(graph IRI, N-Triples text)``."""
    from honduras_kg.network.derived import derived_graphs  # the network reads stores
    from honduras_kg.store.oxigraph import OxigraphStore

    derived = derived_graphs(OxigraphStore(store), base=base)
    for iri, ntriples in derived:
        store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    return derived


def fill_graph(store: ox.Store, path: Path, *, base: str = DEFAULT_BASE) -> None:
    """Load the data file ``path`` into its named graph of ``store``."""
    graph = ox.NamedNode(graph_iri(base, path.stem))
    try:
        # The file's own URI is the base of its relative IRIs, as rdflib resolves them.
        store.bulk_load(
            path=path, format=ox.RdfFormat.TURTLE, base_iri=path.absolute().as_uri(), to_graph=graph
        )
    except SyntaxError as error:
        raise _not_turtle(path, error) from error
    if _may_hold_blank_nodes(path) and store.query(
        f"ASK {{ GRAPH {graph} {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}"
    ):
        store.clear_graph(graph)
        store.load(file_ntriples(path, base=base), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    elif base != DEFAULT_BASE:
        store.update(_rebase(graph, base))


def build_dump(graph_dir: Path | str = DEFAULT_GRAPH_DIR, *, base: str = DEFAULT_BASE) -> bytes:
    """The store :func:`fill_store` builds, as N-Quads: what each query worker loads, fast."""
    store = ox.Store()
    fill_store(store, graph_dir, base=base)
    return store.dump(format=ox.RdfFormat.N_QUADS)


def triple_counts(store: ox.Store) -> dict[str, int]:
    """Triples in each named graph of ``store``, and under ``""`` in the default graph if any.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o")))
    >>> triple_counts(store)
    {'': 1}
    """
    return {
        solution["g"].value if solution["g"] is not None else "": int(solution["n"].value)
        for solution in store.query(_COUNT_TRIPLES)
    }


def _may_hold_blank_nodes(path: Path) -> bool:
    """False if the file has none of Turtle's blank-node syntax (``_:``, ``[``, ``(``, ``<<``).

    Asking the store is exact but slow on disk, so a file without these bytes
    (in a literal or a comment too) skips the question.
    """
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return False
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return any(data.find(mark) >= 0 for mark in (b"_:", b"[", b"(", b"<<"))


def _rebase(graph: ox.NamedNode, base: str) -> str:
    """The SPARQL update that moves our data IRIs in ``graph`` from the canonical base to ``base``.

    >>> print(_rebase(ox.NamedNode("urn:g"), "http://x/").splitlines()[0])
    DELETE { GRAPH <urn:g> { ?s ?p ?o } } INSERT { GRAPH <urn:g> { ?s2 ?p2 ?o2 } }
    """
    ours = " || ".join(
        f'STRSTARTS(STR(?x), "{DEFAULT_BASE}{path}")' for path in DATA_KINDS.values()
    )
    rest = f"SUBSTR(STR(?x), {len(DEFAULT_BASE) + 1})"
    moved = f"IF(isIRI(?x) && ({ours}), IRI(CONCAT(STR(<{base}>), {rest})), ?x)"
    binds = " ".join(f"BIND({moved.replace('?x', f'?{v}')} AS ?{v}2)" for v in "spo")
    return (
        f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} INSERT {{ GRAPH {graph} {{ ?s2 ?p2 ?o2 }} }}\n"
        f"WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} {binds}\n"
        "FILTER(!sameTerm(?s, ?s2) || !sameTerm(?p, ?p2) || !sameTerm(?o, ?o2)) }"
    )


def _not_turtle(path: Path, error: SyntaxError) -> GraphFileError:
    """Oxigraph's ``error`` as the gate words it; the line and column are Oxigraph's."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return parse_error(path, error)  # the gate names the byte and its offset, cheaply
    # "Parser error at line 7 column 16: Unexpected end of file" -> the reason, then the column.
    reason = str(error).split(": ", 1)[-1]
    return GraphFileError(
        path,
        error.lineno,
        f"The file is not valid Turtle: {reason} (column {error.offset}). {SYNTAX_FIX}",
    )
