"""Curation: loading the hand-curated files of ``graph/`` and checking them."""

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, data_files, load_graph, rebase

__all__ = ["DEFAULT_GRAPH_DIR", "data_files", "load_graph", "rebase"]
