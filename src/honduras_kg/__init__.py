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

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("honduras-kg")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

#: Public name -> the module that defines it. Imported on first use, so that a
#: query worker or a CLI command pays only for what it touches.
_EXPORTS = {
    "FORMATS": "honduras_kg.export",
    "ExportFormat": "honduras_kg.export",
    "export": "honduras_kg.export",
    "serialize": "honduras_kg.export",
    "Actor": "honduras_kg.network",
    "centrality": "honduras_kg.network",
    "to_networkx": "honduras_kg.network",
    "top_actors": "honduras_kg.network",
    "GraphStats": "honduras_kg.stats",
    "format_stats": "honduras_kg.stats",
    "graph_stats": "honduras_kg.stats",
    "Settings": "honduras_kg.config",
    "load_graph": "honduras_kg.curation.load",
    "load_queries": "honduras_kg.sparql.named",
    "open_store": "honduras_kg.store",
    "create_app": "honduras_kg.web",
}

__all__ = [
    "FORMATS",
    "Actor",
    "ExportFormat",
    "GraphStats",
    "Settings",
    "__version__",
    "centrality",
    "create_app",
    "export",
    "format_stats",
    "graph_stats",
    "load_graph",
    "load_queries",
    "open_store",
    "serialize",
    "to_networkx",
    "top_actors",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'honduras_kg' has no attribute {name!r}")


if TYPE_CHECKING:
    from honduras_kg.config import Settings
    from honduras_kg.curation.load import load_graph
    from honduras_kg.export import FORMATS, ExportFormat, export, serialize
    from honduras_kg.network import Actor, centrality, to_networkx, top_actors
    from honduras_kg.sparql.named import load_queries
    from honduras_kg.stats import GraphStats, format_stats, graph_stats
    from honduras_kg.store import open_store
    from honduras_kg.web import create_app
