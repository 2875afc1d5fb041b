"""The graph, or one entity's neighbourhood, written in an export format."""

from __future__ import annotations

import logging

from honduras_kg.export import ExportFormat, serialize
from honduras_kg.lookups.entities import neighbourhood_graph
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.store.base import Store
from honduras_kg.store.loading import derived_prefix
from honduras_kg.store.rows import select_all
from honduras_kg.store.terms import to_ntriples

__all__ = ["ALL_TRIPLES", "ALL_TRIPLE_ROWS", "KEPT_EXPORT_BYTES", "all_triples", "export"]

#: The largest export of the whole graph that is kept once written.
KEPT_EXPORT_BYTES = 16 * 2**20

log = logging.getLogger(__name__)

#: Every triple the sources give: the union of the graphs, less those derived from them.
ALL_TRIPLES = """
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{derived}"))
}}"""

#: The same as rows, for a server that caps its answers (read in pages by ``select_all``).
ALL_TRIPLE_ROWS = """
SELECT ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{derived}"))
}}"""


def all_triples(store: Store, *, base: str) -> str:
    """Every curated triple of ``store`` (data IRIs under ``base``), as N-Triples text.

    A server that cuts answers short (Virtuoso stops at ``ResultSetMaxRows``,
    10,000 by default) is read again as rows, in ordered pages
    (:func:`~honduras_kg.store.rows.select_all`).
    """
    derived = derived_prefix(base)
    result = store.query(ALL_TRIPLES.format(derived=derived))
    if not result.truncated:
        return result.ntriples
    rows = select_all(store, ALL_TRIPLE_ROWS.format(derived=derived))
    lines = {to_ntriples([(row["s"], row["p"], row["o"])]) for row in rows}
    log.info("read %d triples in pages (the store caps its answers)", len(lines))
    return "".join(sorted(lines))


def export(
    index: ReadModel,
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
    projection. The whole graph is written once per format and kept, unless
    it is larger than :data:`KEPT_EXPORT_BYTES`.
    Raises ``ValueError`` for an unknown format and
    :class:`~honduras_kg.errors.NotFound` for an unknown entity.
    """
    fmt = ExportFormat(format)
    if entity is not None:
        graph = neighbourhood_graph(index, entity, depth=depth, max_nodes=max_nodes)
        return serialize(graph, fmt)
    written = index.exports.get(fmt.value)
    if written is None:
        written = serialize(index.graph(), fmt)
        if len(written) <= KEPT_EXPORT_BYTES:
            index.exports[fmt.value] = written
    return written
