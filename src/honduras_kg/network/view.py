"""Select the part of a projection a graph view shows: pure filters, no I/O.

A :class:`ViewFilter` keeps node types, claim modalities, sources and a date
window; unattributed claims go only when ``hide_unattributed``. The date
window is the lookups' own: a claim or statement edge stays exactly when
:func:`~honduras_kg.model.time.overlaps` keeps its time, so an open "since"
reaches every later window and an undated claim drops out of any window, as
it does from the relations, paths and timeline. A "mentioned in" edge says
where an entity is reported, not when anything happened: a window leaves it be.
Whether statement and source nodes are in the network at all is the
projection's choice (``show_statements``, ``show_sources``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from honduras_kg.lazy import networkx as nx
from honduras_kg.model.time import Window, overlaps, window
from honduras_kg.network.projection import edge_when, local_name

__all__ = ["ViewFilter", "select"]

_MENTION = "mentioned in"


@dataclass(frozen=True)
class ViewFilter:
    """What to keep; an empty collection keeps everything of that kind."""

    types: Collection[str] = ()
    modalities: Collection[str] = ()
    sources: Collection[str] = ()
    #: A window as the lookups take it (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
    date_from: str | None = None
    date_to: str | None = None
    hide_unattributed: bool = False
    #: Draw the statement nodes (who said it) and the source nodes (where it is reported).
    show_statements: bool = False
    show_sources: bool = False


def select(net: nx.MultiDiGraph, view: ViewFilter) -> nx.MultiDiGraph:
    """The subgraph of ``net`` that ``view`` keeps (a copy).

    >>> net = nx.MultiDiGraph()
    >>> net.add_node("a", type="person"); net.add_node("b", type="base")
    >>> _ = net.add_edge("a", "b", kind="claim", modality="threatened", standing="unattributed")
    >>> kept = select(net, ViewFilter(hide_unattributed=True))
    >>> sorted(kept.nodes()), kept.number_of_edges()
    (['a', 'b'], 0)
    >>> sorted(select(net, ViewFilter(types=["base"])).nodes())
    ['b']
    """
    nodes = [n for n, attrs in net.nodes(data=True) if _keeps_node(attrs, view)]
    span = window(view.date_from, view.date_to)
    kept = nx.MultiDiGraph()
    kept.add_nodes_from((n, net.nodes[n]) for n in nodes)
    for u, v, key, attrs in net.edges(keys=True, data=True):
        if u in kept and v in kept and _keeps_edge(attrs, view, span):
            kept.add_edge(u, v, key=key, **attrs)
    return kept


def _keeps_node(attrs: dict, view: ViewFilter) -> bool:
    if view.types and attrs.get("type") not in view.types:
        return False
    if view.sources and attrs.get("type") not in ("statement", "source"):
        return bool({local_name(s) for s in attrs.get("sources", ())} & set(view.sources))
    return True


def _keeps_edge(attrs: dict, view: ViewFilter, span: Window) -> bool:
    kind = attrs.get("kind", "claim")
    claim = kind == "claim"
    if claim and view.hide_unattributed and attrs.get("standing") == "unattributed":
        return False
    if claim and view.modalities and attrs.get("modality") not in view.modalities:
        return False
    source = attrs.get("source")
    if view.sources and source and local_name(source) not in view.sources:
        return False
    return kind == _MENTION or overlaps(edge_when(attrs), span)
