"""The summary of a loaded graph, for programs that hold an rdflib graph.

There is one stats: :func:`honduras_kg.lookups.stats`, the same that
``GET /api/stats`` and ``honduras-kg stats`` answer. :func:`graph_stats`
only indexes the graph first, so a script gets the very same numbers and
rankings as the API.
"""

from __future__ import annotations

from rdflib import Graph

from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.results import Stats
from honduras_kg.lookups.summary import format_stats, stats
from honduras_kg.namespaces import DEFAULT_BASE

__all__ = ["GraphStats", "format_stats", "graph_stats"]

#: The summary's type (the same class as :class:`honduras_kg.lookups.Stats`).
GraphStats = Stats


def graph_stats(graph: Graph, *, top: int = 10, base: str = DEFAULT_BASE) -> Stats:
    """Index ``graph`` (its data IRIs under ``base``) and summarise it.

    >>> from honduras_kg.namespaces import HK, HKO, SRC
    >>> g = Graph()
    >>> _ = g.add((HK.honduras, HKO.mentionedIn, SRC.s))
    >>> s = graph_stats(g)
    >>> s.triples, s.entities, s.claims
    (1, 1, 0)
    """
    return stats(ReadModel.from_graph(graph, base=base), top=top)
