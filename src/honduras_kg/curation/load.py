"""Load the curated graph from the Turtle files in ``graph/``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef

from honduras_kg.curation.located import parse_error
from honduras_kg.data import GRAPH_DIR
from honduras_kg.namespaces import DATA_KINDS, DEFAULT_BASE, bind_prefixes

__all__ = [
    "DEFAULT_GRAPH_DIR",
    "SHAPES_FILE",
    "data_files",
    "load_files",
    "load_graph",
    "rebase",
]

#: The curated ``graph/``: the wheel's copy, or the checkout's (see ``honduras_kg.data``).
DEFAULT_GRAPH_DIR = GRAPH_DIR

#: The SHACL shapes live in ``graph/`` but are not part of the data.
SHAPES_FILE = "shapes.ttl"


def data_files(graph_dir: Path | str = DEFAULT_GRAPH_DIR) -> list[Path]:
    """The Turtle files that make up the data (every ``*.ttl`` but the shapes), sorted."""
    return sorted(p for p in Path(graph_dir).glob("*.ttl") if p.name != SHAPES_FILE)


def load_graph(graph_dir: Path | str = DEFAULT_GRAPH_DIR, *, base: str = DEFAULT_BASE) -> Graph:
    """Parse every data file of ``graph_dir`` into one rdflib graph.

    ``base`` replaces the canonical ``https://w3id.org/honduras-kg/`` in the
    IRIs of our data (entities, claims, statements, sources, quantities,
    conflicts); the ontology keeps its IRIs.

    Raises ``FileNotFoundError`` if the directory holds no data file, and
    :class:`~honduras_kg.errors.GraphFileError` (file, line, fix) for a broken one.
    """
    files = data_files(graph_dir)
    if not files:
        raise FileNotFoundError(f"no Turtle data files in {graph_dir}")
    return load_files(files, base=base)


def load_files(paths: Iterable[Path | str], *, base: str = DEFAULT_BASE) -> Graph:
    """Parse some Turtle files into one rdflib graph, with our data IRIs under ``base``.

    The stores load each file of ``graph/`` into its own named graph with this.
    Raises :class:`~honduras_kg.errors.GraphFileError` for a file that does not
    read or parse, naming the file and line as ``honduras-kg validate`` does.
    """
    graph = bind_prefixes(Graph())
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except (SyntaxError, ValueError) as error:  # ValueError: bad UTF-8, a bad language tag
            raise parse_error(Path(path), error) from error
    if base != DEFAULT_BASE:
        graph = rebase(graph, base)
    return graph


def rebase(graph: Graph, base: str) -> Graph:
    """Return a copy of ``graph`` with our data IRIs moved under ``base``.

    >>> from rdflib import Literal
    >>> g = Graph()
    >>> _ = g.add((URIRef(DEFAULT_BASE + "id/honduras"), URIRef("urn:p"), Literal("x")))
    >>> [str(s) for s in rebase(g, "http://127.0.0.1:8000/").subjects()]
    ['http://127.0.0.1:8000/id/honduras']
    """
    prefixes = tuple(DEFAULT_BASE + path for path in DATA_KINDS.values())

    def move(term):
        if isinstance(term, URIRef) and str(term).startswith(prefixes):
            return URIRef(base + str(term)[len(DEFAULT_BASE) :])
        return term

    moved = bind_prefixes(Graph())
    for prefix, path in DATA_KINDS.items():
        moved.bind(prefix, base + path, override=True, replace=True)
    for s, p, o in graph:
        moved.add((move(s), move(p), move(o)))
    return moved
