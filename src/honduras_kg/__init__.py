"""honduras-kg: a curated, evidence-backed knowledge graph of the 2025 US-Honduras
military-cooperation dispute.

The public API, in the order of a typical use::

    settings = Settings.from_env()
    graph = load_graph(settings.graph_dir, base=settings.base)   # rdflib.Graph
    print(format_stats(graph_stats(graph)))
    net = to_networkx(graph)                                      # networkx.MultiDiGraph
    top_actors(net, by="betweenness", n=5)
    export(graph, ExportFormat.GEXF, "out/graph.gexf")
"""

from importlib.metadata import PackageNotFoundError, version

from honduras_kg.config import Settings
from honduras_kg.curation.load import load_graph
from honduras_kg.export import FORMATS, ExportFormat, export, serialize
from honduras_kg.network import Actor, centrality, to_networkx, top_actors
from honduras_kg.stats import GraphStats, format_stats, graph_stats

try:
    __version__ = version("honduras-kg")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = [
    "FORMATS",
    "Actor",
    "ExportFormat",
    "GraphStats",
    "Settings",
    "__version__",
    "centrality",
    "export",
    "format_stats",
    "graph_stats",
    "load_graph",
    "serialize",
    "to_networkx",
    "top_actors",
]
