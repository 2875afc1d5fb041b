"""The graph, or one entity's neighbourhood, written in an export format."""

from __future__ import annotations

import logging

from honduras_kg.export import ExportFormat, serialize
from honduras_kg.lookups.entities import neighbourhood_graph
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.network.derived import derived_prefix
from honduras_kg.store.base import Store

__all__ = ["ALL_TRIPLES", "KEPT_EXPORT_BYTES", "TRIPLES_PAGE", "all_triples", "export"]

#: The largest export of the whole graph that is kept once written.
KEPT_EXPORT_BYTES = 16 * 2**20

log = logging.getLogger(__name__)

#: Every triple the sources give: the union of the graphs, less those derived from them.
ALL_TRIPLES = """
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{derived}"))
}}"""

#: The same, one page at a time, for a server that caps its answers.
TRIPLES_PAGE = ALL_TRIPLES + " ORDER BY ?s ?p ?o LIMIT {limit} OFFSET {offset}"


def all_triples(store: Store, *, base: str) -> str:
    """Every curated triple of ``store`` (data IRIs under ``base``), as N-Triples text.

    A server that cuts answers short (Virtuoso stops at ``ResultSetMaxRows``,
    10,000 by default) is read again in ordered pages of the size it allowed,
    until a page comes back empty or brings nothing new.
    """
    derived = derived_prefix(base)
    result = store.query(ALL_TRIPLES.format(derived=derived))
    if not result.truncated:
        return result.ntriples
    page_size = len(result)
    lines: set[str] = set()
    offset = 0
    while True:
        page = store.query(TRIPLES_PAGE.format(derived=derived, limit=page_size, offset=offset))
        new = {line for line in page.ntriples.splitlines() if line.strip()} - lines
        if not new:
            break
        lines |= new
        offset += page_size
    log.info("read %d triples in pages of %d (the store caps its answers)", len(lines), page_size)
    return "".join(line + "\n" for line in sorted(lines))


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
