"""Network views of the graph: projection to networkx, then metrics (pure steps)."""

from honduras_kg.network.metrics import (
    ACTOR_TYPES,
    METRICS,
    Actor,
    centrality,
    pagerank,
    simple_graph,
    top_actors,
)
from honduras_kg.network.projection import (
    NODE_TYPES,
    local_name,
    node_type,
    project,
    to_networkx,
)

__all__ = [
    "ACTOR_TYPES",
    "METRICS",
    "NODE_TYPES",
    "Actor",
    "centrality",
    "local_name",
    "node_type",
    "pagerank",
    "project",
    "simple_graph",
    "to_networkx",
    "top_actors",
]
