"""A small picture of an entity's neighbourhood for its page: a radial layout, as plain data.

The page draws it as inline SVG (no script): the entity in the middle, its
neighbours on an ellipse around it, a line for each pair of them linked by a
claim. Labels are cut to fit and escaped by the template like any text.
Colours and line styles come from :mod:`honduras_kg.network.render`, the
mapping ``/graph`` draws with, so the two pictures and their legends agree.

>>> from honduras_kg.lookups.results import EntityRef, Neighbour, Neighbourhood, Edge
>>> hood = Neighbourhood(
...     center=EntityRef("a", "https://x/id/a", "A", "person"), depth=1, max_nodes=12,
...     reachable=2, truncated=False,
...     nodes=(Neighbour("a", "https://x/id/a", "A", "person", 0),
...            Neighbour("b", "https://x/id/b", "B", "state", 1)),
...     edges=(Edge("c", "a", "b", "https://x/p", "p", "happened", "attributed", False),))
>>> picture = radial(hood)
>>> [(dot.id, dot.x, dot.y) for dot in picture.dots]
[('a', 320.0, 200.0), ('b', 320.0, 50.0)]
>>> [(line.start, line.end, line.dasharray) for line in picture.lines]
[('a', 'b', '')]
>>> [key.label for key in picture.legend]
['happened (or reported as fact)']
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from honduras_kg.lookups.results import Neighbourhood
from honduras_kg.network.render import EDGE_STYLES, NODE_STYLES, EdgeStyle, line_style

__all__ = ["Dot", "Line", "Picture", "radial", "shorten"]

#: The most neighbours one picture shows (the lookups rank them, nearest and best linked first).
MAX_NEIGHBOURS = 14
LABEL_CHARS = 22


@dataclass(frozen=True)
class Dot:
    """A node of the picture."""

    id: str
    iri: str
    label: str
    short: str
    type: str
    x: float
    y: float
    centre: bool
    #: Where the label goes: beside the dot on the sides, below or above it elsewhere.
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"
    color: str = NODE_STYLES["other"].color


@dataclass(frozen=True)
class Line:
    """A claim between two dots (by id), drawn by modality."""

    start: str
    end: str
    x1: float
    y1: float
    x2: float
    y2: float
    modality: str
    color: str = ""
    dasharray: str = ""


@dataclass(frozen=True)
class Picture:
    """What the template draws."""

    width: int
    height: int
    dots: tuple[Dot, ...]
    lines: tuple[Line, ...]
    truncated: bool
    #: The line styles drawn, once each, in the order of the site's legend.
    legend: tuple[EdgeStyle, ...] = ()


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` characters at most, with an ellipsis when cut.

    >>> shorten("Construction workers killed in the Key Bridge collapse", 21)
    'Construction workers…'
    """
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:-") + "…"


def radial(hood: Neighbourhood, *, width: int = 640, height: int = 400) -> Picture:
    """Lay ``hood`` (one hop, a few nodes) out around its centre."""
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - 160, height / 2 - 50
    around = [n for n in hood.nodes if n.distance > 0]
    dots = [_dot(hood.nodes[0], cx, cy, cx, cy)] if hood.nodes else []
    for i, node in enumerate(around):
        angle = -math.pi / 2 + 2 * math.pi * i / len(around)
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        dots.append(_dot(node, round(x, 1), round(y, 1), cx, cy))
    where = {dot.id: dot for dot in dots}
    lines, styles, seen = [], [], set()
    for edge in hood.edges:
        pair = tuple(sorted((edge.subject, edge.object)))
        if edge.subject == edge.object or pair in seen or not set(pair) <= where.keys():
            continue
        seen.add(pair)
        a, b = where[edge.subject], where[edge.object]
        style = line_style(edge.modality, unattributed=edge.standing == "unattributed")
        styles.append(style)
        modality = edge.modality or "unknown"
        lines.append(Line(a.id, b.id, a.x, a.y, b.x, b.y, modality, style.color, style.dasharray))
    legend = tuple(sorted(set(styles), key=_LEGEND_ORDER.index))
    return Picture(width, height, tuple(dots), tuple(lines), hood.truncated, legend)


_LEGEND_ORDER = list(dict.fromkeys(EDGE_STYLES.values()))


def _dot(node, x: float, y: float, cx: float, cy: float) -> Dot:
    centre = (x, y) == (cx, cy)
    if centre:
        label = (x, y + 27, "middle")
    elif abs(x - cx) > 20:  # on a side: beside the dot, away from the centre
        label = (x - 11, y + 4, "end") if x < cx else (x + 11, y + 4, "start")
    else:  # top or bottom: above or below the dot
        label = (x, y - 12, "middle") if y < cy else (x, y + 20, "middle")
    short = shorten(node.label)
    color = NODE_STYLES.get(node.type, NODE_STYLES["other"]).color
    return Dot(node.id, node.iri, node.label, short, node.type, x, y, centre, *label, color)
