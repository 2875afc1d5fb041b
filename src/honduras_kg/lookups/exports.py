"""The graph, or one entity's neighbourhood, written in an export format."""

from __future__ import annotations

from honduras_kg.export import ExportFormat, serialize
from honduras_kg.lookups.entities import neighbourhood_graph
from honduras_kg.lookups.index import GraphIndex

__all__ = ["export"]


def export(
    index: GraphIndex,
    format: ExportFormat | str,
    *,
    entity: str | None = None,
    depth: int = 1,
    max_nodes: int = 50,
) -> bytes:
    """The whole graph, or the neighbourhood of ``entity`` within ``depth`` hops, in ``format``.

    RDF formats hold the triples (for a neighbourhood: its entities, the
    claims among them, the statements of its people, the sources they cite
    and the predicates they use); GraphML, GEXF and CSV hold the claim
    projection. The whole graph is written once per format and kept.
    Raises ``ValueError`` for an unknown format and
    :class:`~honduras_kg.errors.NotFound` for an unknown entity.
    """
    fmt = ExportFormat(format)
    if entity is not None:
        graph = neighbourhood_graph(index, entity, depth=depth, max_nodes=max_nodes)
        return serialize(graph, fmt)
    written = index.exports.get(fmt.value)
    if written is None:
        written = index.exports[fmt.value] = serialize(index.graph, fmt)
    return written
