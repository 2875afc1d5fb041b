"""Turn a networkx projection into vis-network data through pyvis: a pure step, no I/O.

pyvis builds the nodes, edges and options; its HTML templates are not used,
because they load vis-network and bootstrap from CDNs. The web view serves
vis-network from the installed pyvis package (:data:`VIS_DIR`), and
:func:`standalone_html` inlines it, so nothing is fetched from the internet.

Every text from the graph travels as JSON data: vis-network draws labels on
a canvas, and the page sets the rest with ``textContent``.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from honduras_kg.lazy import networkx as nx

if TYPE_CHECKING:
    from pyvis.network import Network

from honduras_kg.network.metrics import centrality

__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "PHYSICS_LIMIT",
    "VIS_DIR",
    "EdgeStyle",
    "NodeStyle",
    "legend",
    "line_style",
    "network_data",
    "script_json",
    "to_pyvis",
]

#: vis-network as pyvis ships it (JavaScript and CSS), served or inlined from here.
#: (Found without importing pyvis, which brings IPython: the app need not start slower.)
VIS_DIR: Path = Path(importlib.util.find_spec("pyvis").origin).parent / "lib" / "vis-9.1.2"  # type: ignore[arg-type, union-attr]

#: Graphs with more nodes than this get a precomputed layout and no physics.
PHYSICS_LIMIT = 150

_MIN_SIZE, _MAX_SIZE = 10.0, 40.0


@dataclass(frozen=True)
class NodeStyle:
    """How one type of node is drawn."""

    label: str
    color: str
    shape: str


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge is drawn: ``dashes`` is vis-network's (``False`` or a pattern)."""

    label: str
    color: str
    dashes: bool | tuple[int, ...]

    @property
    def dasharray(self) -> str:
        """The dash pattern as SVG's ``stroke-dasharray`` (``""`` for a solid line).

        >>> EDGE_STYLES["stated"].dasharray, EDGE_STYLES["happened"].dasharray
        ('4 4 10 4', '')
        """
        return " ".join(map(str, self.dashes)) if isinstance(self.dashes, tuple) else ""


_PLACE = NodeStyle("place, base or region", "#2e7d32", "triangle")
_EVENT = NodeStyle("event or plan", "#f9a825", "diamond")

#: Node style by the projection's node type.
NODE_STYLES: dict[str, NodeStyle] = {
    "person": NodeStyle("person", "#1565c0", "dot"),
    "state": NodeStyle("state", "#c62828", "hexagon"),
    "organisation": NodeStyle("organisation", "#6a1b9a", "square"),
    "group": NodeStyle("group", "#ad1457", "star"),
    # Olive, not the group's magenta: the two were hard to tell apart.
    "population": NodeStyle("population", "#827717", "dot"),
    "place": _PLACE,
    "base": _PLACE,
    "region": _PLACE,
    "event": _EVENT,
    "plan": _EVENT,
    "topic": NodeStyle("topic", "#00838f", "ellipse"),
    "position": NodeStyle("position", "#5d4037", "box"),
    "statement": NodeStyle("statement", "#ef6c00", "text"),
    # Small, label outside: a "database" shape grows to hold its (long) label.
    "source": NodeStyle("source", "#546e7a", "triangleDown"),
    "other": NodeStyle("other", "#9e9e9e", "dot"),
}

_HAPPENED = EdgeStyle("happened (or reported as fact)", "#37474f", False)
_SAID = EdgeStyle("threatened, pledged or predicted", "#e65100", (10, 6))
_CONTESTED = EdgeStyle("stated or denied", "#6a1b9a", (4, 4, 10, 4))
_UNATTRIBUTED = EdgeStyle("unattributed claim", "#9e9e9e", (2, 5))
_LINK = EdgeStyle("said, about, mentioned in", "#b0bec5", False)

#: Edge style by modality (claims) or kind (statement and source links).
EDGE_STYLES: dict[str, EdgeStyle] = {
    "happened": _HAPPENED,
    "reported": _HAPPENED,
    "threatened": _SAID,
    "pledged": _SAID,
    "predicted": _SAID,
    "stated": _CONTESTED,
    "denied": _CONTESTED,
    "unattributed": _UNATTRIBUTED,
    "link": _LINK,
}


def legend() -> list[dict[str, Any]]:
    """What each colour, shape and line style means, once per distinct style.

    >>> [item["label"] for item in legend() if item["kind"] == "edge"][:2]
    ['happened (or reported as fact)', 'threatened, pledged or predicted']
    """
    items: list[dict[str, Any]] = []
    for style in dict.fromkeys(NODE_STYLES.values()):
        items.append(
            {"kind": "node", "label": style.label, "color": style.color, "shape": style.shape}
        )
    for edge in dict.fromkeys(EDGE_STYLES.values()):
        items.append(
            {
                "kind": "edge",
                "label": edge.label,
                "color": edge.color,
                "dashes": _dashes(edge),
                "dasharray": edge.dasharray,
                "modalities": [name for name, style in EDGE_STYLES.items() if style == edge],
            }
        )
    return items


def line_style(modality: str | None, *, unattributed: bool = False) -> EdgeStyle:
    """The line of a claim of this modality: the one mapping every picture of the site uses.

    >>> line_style("threatened").label, line_style("happened", unattributed=True).label
    ('threatened, pledged or predicted', 'unattributed claim')
    """
    if unattributed:
        return EDGE_STYLES["unattributed"]
    return EDGE_STYLES.get(str(modality), _HAPPENED)


def edge_style(attrs: Mapping[str, Any]) -> EdgeStyle:
    """The style of one projection edge: unattributed first, then its modality.

    >>> edge_style({"kind": "claim", "modality": "threatened", "standing": "attributed"}).dashes
    (10, 6)
    >>> edge_style({"kind": "claim", "modality": "happened", "standing": "unattributed"}).label
    'unattributed claim'
    """
    if attrs.get("kind", "claim") != "claim":
        return EDGE_STYLES["link"]
    return line_style(attrs.get("modality"), unattributed=attrs.get("standing") == "unattributed")


def to_pyvis(
    net: nx.MultiDiGraph,
    *,
    size_by: str = "degree",
    scores: Mapping[str, Mapping[str, float]] | None = None,
    physics_limit: int = PHYSICS_LIMIT,
) -> Network:
    """A pyvis network of ``net``: styled nodes sized by ``size_by``, styled edges, options."""
    from pyvis.network import Network  # only when a page is drawn

    values = (scores or centrality(net))[size_by]
    physics = net.number_of_nodes() <= physics_limit
    positions = {} if physics else _layout(net)
    top = max((values.get(n, 0.0) for n in net), default=0.0) or 1.0
    vis = Network(directed=True)
    for node, attrs in net.nodes(data=True):
        size = _MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * values.get(node, 0.0) / top
        vis.add_node(node, **_node(node, attrs, size, positions.get(node)))
    for number, (u, v, key, attrs) in enumerate(net.edges(keys=True, data=True)):
        vis.add_edge(u, v, **_edge(f"{key}#{number}", attrs))
    vis.set_options(json.dumps(_options(physics)))
    return vis


def network_data(
    net: nx.MultiDiGraph,
    *,
    size_by: str = "degree",
    scores: Mapping[str, Mapping[str, float]] | None = None,
    highlight: Collection[str] = (),
    physics_limit: int = PHYSICS_LIMIT,
) -> dict[str, Any]:
    """The JSON the graph view draws: ``nodes``, ``edges``, ``options``, ``legend``.

    Nodes whose IRI is in ``highlight`` carry ``highlighted: true``.
    """
    vis = to_pyvis(net, size_by=size_by, scores=scores, physics_limit=physics_limit)
    options = vis.options if isinstance(vis.options, dict) else json.loads(vis.options.to_json())
    nodes = [dict(n, highlighted=n["id"] in highlight) for n in vis.nodes]
    return {"nodes": nodes, "edges": list(vis.edges), "options": options, "legend": legend()}


def script_json(data: Any) -> str:
    """``data`` as JSON safe inside an HTML ``<script>`` element (no ``<``, ``>``, ``&``).

    >>> script_json({"label": "</script><b>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _node(node: str, attrs: Mapping[str, Any], size: float, xy: Any) -> dict[str, Any]:
    kind = str(attrs.get("type", "other"))
    style = NODE_STYLES.get(kind, NODE_STYLES["other"])
    data: dict[str, Any] = {
        "label": str(attrs.get("label", node)),
        "shape": style.shape,
        "color": style.color,
        "size": round(size, 2),
        "type": kind,
        "entity": str(attrs.get("id", node)),
        "description": attrs.get("description"),
        "sources": list(attrs.get("sources", ())),
        "font": _font(style),
    }
    if xy is not None:
        data |= {"x": round(float(xy[0]), 1), "y": round(float(xy[1]), 1), "physics": False}
    return data


def _edge(id: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    style = edge_style(attrs)
    modality = attrs.get("modality")
    return {
        "id": id,
        "label": str(attrs.get("relation") or attrs.get("kind") or ""),
        "color": style.color,
        "dashes": _dashes(style),
        "kind": attrs.get("kind", "claim"),
        "modality": modality,
        "unattributed": attrs.get("standing") == "unattributed",
        "attributed_to": attrs.get("attributed_to"),
        "negated": bool(attrs.get("negated", False)),
        "claim": attrs.get("claim") or attrs.get("statement"),
        "source_iri": attrs.get("source"),
        "source_label": attrs.get("source_label"),
        "quotes": list(attrs.get("quotes", ())),
        "date": attrs.get("date"),
    }


def _layout(net: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Concentric rings, best connected in the middle: networkx's own layouts need NumPy."""
    order = sorted(net, key=lambda n: (-net.degree(n), str(n)))
    positions: dict[str, tuple[float, float]] = {}
    ring, start = 0, 0
    while start < len(order):
        count = 1 if ring == 0 else 8 * ring
        for i, node in enumerate(order[start : start + count]):
            angle = 2 * math.pi * i / count
            positions[node] = (150.0 * ring * math.cos(angle), 150.0 * ring * math.sin(angle))
        ring, start = ring + 1, start + count
    return positions


#: Shapes that draw their label inside, on the fill.
_LABEL_INSIDE = frozenset({"box", "ellipse", "database", "circle"})


def _font(style: NodeStyle) -> dict[str, Any]:
    if style.shape in _LABEL_INSIDE:
        return {"color": "#ffffff", "strokeWidth": 0}
    return {"color": style.color if style.shape == "text" else "#212121"}


def _dashes(style: EdgeStyle) -> bool | list[int]:
    return list(style.dashes) if isinstance(style.dashes, tuple) else style.dashes


def _options(physics: bool) -> dict[str, Any]:
    # A fixed seed: the same view is laid out the same way for whoever opens its link.
    # No "improved" (Kamada-Kawai) start and no "dynamic" edges, which add a physics
    # node per edge: together they tripled the time to a settled layout (docs/benchmarks.md).
    return {
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            # Stronger repulsion, longer springs, some room around each label.
            "forceAtlas2Based": {
                "gravitationalConstant": -120,
                "springLength": 140,
                "centralGravity": 0.01,
                "avoidOverlap": 0.4,
            },
            "stabilization": {"iterations": 150},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            # Labels are set by the page: for the selection, or once zoomed in enough.
            "font": {
                "size": 16,
                "align": "middle",
                "color": "#37474f",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "smooth": {"type": "continuous"} if physics else False,
        },
        # The page zooms so that this type is at least 11 px on screen (graph.js).
        "nodes": {
            "font": {"size": 16, "strokeWidth": 4, "strokeColor": "#ffffff"},
            "borderWidth": 1,
        },
        "interaction": {"hover": True, "navigationButtons": False, "tooltipDelay": 200},
    }
