"""The graph view's data: the network, filtered, around one entity or along a path.

:func:`graph_view` is the plain function behind ``/api/graph``, the ``/graph``
page and ``honduras-kg render``. It picks the projection (with or without
statement and source nodes), narrows it to a focus's neighbourhood, finds the
path to highlight, applies a :class:`~honduras_kg.network.view.ViewFilter`,
and hands the rest to pyvis (:func:`~honduras_kg.network.render.network_data`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups.entities import MAX_NODES, neighbourhood
from honduras_kg.lookups.paths import paths
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.subgraph import BATCH, values
from honduras_kg.network import METRICS, local_name
from honduras_kg.network.render import network_data
from honduras_kg.network.view import ViewFilter, select

__all__ = ["VIEW_NODES", "graph_view"]

#: The most entities a focused view draws at first: the nearest and best linked.
#: More than a reader can take in at once is noise, and on a large graph it is also
#: what made the page slow (500 nodes and their edges to lay out); ``limit`` asks for more.
VIEW_NODES = 40


def graph_view(
    index: ReadModel,
    view: ViewFilter | None = None,
    *,
    focus: str = "",
    depth: int = 1,
    start: str = "",
    end: str = "",
    size_by: str = "degree",
    limit: int = VIEW_NODES,
) -> dict[str, Any]:
    """vis-network data for one view: ``nodes``, ``edges``, ``options``, ``legend``, ``path``,
    and ``more``: how many entities of the focus's neighbourhood ``limit`` left out.

    Node sizes follow ``size_by``, the node's centrality in the whole claim
    network. Each node also carries its ``facts``: the claims about it whose
    object is a value (a date, a number, a phrase), which no edge can draw.
    Each edge names who makes the claim (``attributed_to_label``).

    ``view`` filters what is drawn (by default every entity and claim, no
    statement or source nodes). ``focus`` keeps the entity's neighbourhood
    (``depth`` hops) and highlights it; ``start`` and ``end`` together
    highlight the first path between them, whose hops and evidence come in
    ``path``. Unknown ids raise
    :class:`~honduras_kg.errors.NotFound`, an unknown ``size_by``
    :class:`~honduras_kg.errors.InvalidParameter`.

    >>> from rdflib import Graph
    >>> from honduras_kg.namespaces import HK, HKO, SRC
    >>> g = Graph()
    >>> _ = g.add((HK["soto-cano"], HKO.mentionedIn, SRC.s))
    >>> index = ReadModel.from_graph(g, base="https://w3id.org/honduras-kg/")
    >>> data = graph_view(index, focus="soto-cano")
    >>> [(n["label"], n["highlighted"]) for n in data["nodes"]], data["path"]
    ([('soto-cano', True)], None)
    """
    view = view or ViewFilter()
    if size_by not in METRICS:
        raise InvalidParameter("size_by", f"one of {', '.join(METRICS)}")
    if not 1 <= limit <= MAX_NODES:
        raise InvalidParameter("limit", f"from 1 to {MAX_NODES}")
    highlight: set[str] = set()
    more = 0
    if focus:
        highlight.add(index.require_entity(focus, parameter="focus").ref.iri)
        hood = neighbourhood(index, focus, depth=depth, max_nodes=limit)
        more = max(hood.reachable - len(hood.nodes), 0)
        net = index.projection_around(
            [n.iri for n in hood.nodes], statements=view.show_statements, sources=view.show_sources
        )
    else:
        net = index.projection(statements=view.show_statements, sources=view.show_sources)
    path = _path(index, start, end) if start and end else None
    if path:
        highlight |= set(path["nodes"]) | set(path.get("entities", []))
    # Sizes come from the whole graph, so a node keeps its size from view to view
    # (statement and source nodes, outside the claim network, get the smallest).
    shown = select(net, view)
    data = network_data(shown, size_by=size_by, scores=index.scores, highlight=highlight)
    facts = _facts(index, [node["entity"] for node in data["nodes"]])
    for node in data["nodes"]:
        node["facts"] = facts.get(node["entity"], [])
    for edge in data["edges"]:
        edge["attributed_to_label"] = _label(index, edge.get("attributed_to"))
    data["path"] = path
    data["more"] = more
    return data


def _label(index: ReadModel, iri: str | None) -> str | None:
    if not iri:
        return None
    ref = index.refs.get(local_name(iri))
    return ref.label if ref else local_name(iri)


_FACTS = """
SELECT DISTINCT ?n WHERE {{
  VALUES ?e {{ {nodes} }}
  ?n rdf:subject ?e ; rdf:object ?value ; a hko:Claim .
  FILTER (!isIRI(?value))
}}"""


def _facts(index: ReadModel, entities: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The claims about each entity whose object is a value: no edge draws them."""
    iris = [index.refs[id].iri for id in entities if id in index.refs]
    found: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(iris), BATCH):
        query = _FACTS.format(nodes=values(iris[start : start + BATCH]))
        for claim in index.claims(index.select_iris(query)):
            if claim.object is None:
                found.setdefault(claim.subject.id, []).append(dataclasses.asdict(claim))
    return found


def _path(index: ReadModel, start: str, end: str) -> dict[str, Any]:
    found = paths(index, start, end, k=1)
    if not found.paths:
        return {"nodes": [], "hops": [], "reason": found.reason}
    first = found.paths[0]
    claims = [rel.claim for hop in first.hops for rel in hop.relations]
    return {
        "nodes": [n.iri for n in first.nodes],
        "hops": [dataclasses.asdict(hop) for hop in first.hops],
        "reason": None,
        # An argument, or a hop through what a claim is about, has no drawn edge between
        # its ends: the claims' own edges (and their ends) show it.
        "claims": list(dict.fromkeys(claim.iri for claim in claims)),
        "entities": list(
            dict.fromkeys(ref.iri for c in claims for ref in (c.subject, c.object) if ref)
        ),
        "kind": first.kind,
        "why": list(first.why),
    }
