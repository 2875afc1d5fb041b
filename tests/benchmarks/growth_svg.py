"""The growth picture: start-up, memory and lookup p50 against triples, log-log, as SVG.

Hand-written SVG (no plotting library): one chart, three series with a
legend, each series' aim as a dashed line of its colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from html import escape

__all__ = ["Series", "render_svg"]

WIDTH, HEIGHT = 830, 430
#: The plot area; the legend sits to its right.
LEFT, RIGHT, TOP, BOTTOM = 80, 520, 50, 360
FONT = 'font-family="sans-serif" font-size="13"'


@dataclass(frozen=True)
class Series:
    """One line of the chart: its points ``(triples, value)`` and its aim."""

    label: str
    colour: str
    marker: str  # "circle", "square" or "triangle"
    points: tuple[tuple[int, float], ...]
    aim: float
    aim_text: str


def decades(values: list[float]) -> tuple[int, int]:
    """The powers of ten around ``values``, at least one decade apart.

    >>> decades([2834, 995000])
    (3, 6)
    >>> decades([5.0])
    (0, 1)
    """
    low = math.floor(math.log10(min(values)))
    high = math.ceil(math.log10(max(values)))
    return low, max(high, low + 1)


def decade_label(power: int, *, short: bool) -> str:
    """``10**power`` as a tick reads: 0.01, 1, 1,000, or with ``short`` 10k, 1M.

    >>> [decade_label(p, short=True) for p in (2, 3, 4, 6, 7)]
    ['100', '1k', '10k', '1M', '10M']
    >>> [decade_label(p, short=False) for p in (-2, 0, 3)]
    ['0.01', '1', '1,000']
    """
    if short and power >= 3:
        unit, size = ("M", 6) if power >= 6 else ("k", 3)
        return f"{10 ** (power - size)}{unit}"
    return f"{10**power:,}" if power >= 0 else f"{10.0**power:.{-power}f}"


class Scale:
    """A log-scale axis from ``10**low`` to ``10**high`` onto pixels ``start`` to ``end``."""

    def __init__(self, low: int, high: int, start: float, end: float) -> None:
        self.low, self.high, self.start, self.end = low, high, start, end

    def __call__(self, value: float) -> float:
        share = (math.log10(value) - self.low) / (self.high - self.low)
        return self.start + share * (self.end - self.start)


def render_svg(series: list[Series], title: str) -> str:
    """The chart of ``series`` (points with a value of zero or less are left out).

    >>> points = ((2834, 400.0), (10544, 420.0))
    >>> line = Series("memory, MB", "#d95f02", "square", points, 1000, "1 GB")
    >>> svg = render_svg([line], "Memory")
    >>> svg.startswith("<svg") and svg.count("<rect x=") == 4  # the frame, two points, the legend's
    True
    """
    kept = [replace(line, points=tuple(p for p in line.points if p[1] > 0)) for line in series]
    triples = [t for line in kept for t, _ in line.points] or [1000, 1_000_000]
    values = [v for line in kept for _, v in line.points] + [line.aim for line in kept]
    x = Scale(*decades(triples), LEFT, RIGHT)
    # Room above the highest point or aim, so that no line runs along the frame.
    y = Scale(*decades([*values, 3 * max(values)]), BOTTOM, TOP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" {FONT}>',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        f'<text x="{LEFT}" y="28" font-size="15" font-weight="bold">{escape(title)}</text>',
        *axes(x, y),
    ]
    for line in kept:
        parts += draw_series(line, x, y)
    parts += legend(kept)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def axes(x: Scale, y: Scale) -> list[str]:
    grid = 'stroke="#ddd" stroke-width="1"'
    parts = [
        f'<rect x="{LEFT}" y="{TOP}" width="{RIGHT - LEFT}" height="{BOTTOM - TOP}" '
        'fill="none" stroke="#444"/>'
    ]
    for power in range(x.low, x.high + 1):
        px = x(10.0**power)
        parts.append(f'<line x1="{px:.1f}" y1="{TOP}" x2="{px:.1f}" y2="{BOTTOM}" {grid}/>')
        parts.append(
            f'<text x="{px:.1f}" y="{BOTTOM + 20}" text-anchor="middle">'
            f"{decade_label(power, short=True)}</text>"
        )
    for power in range(y.low, y.high + 1):
        py = y(10.0**power)
        parts.append(f'<line x1="{LEFT}" y1="{py:.1f}" x2="{RIGHT}" y2="{py:.1f}" {grid}/>')
        parts.append(
            f'<text x="{LEFT - 8}" y="{py + 4:.1f}" text-anchor="end">'
            f"{decade_label(power, short=False)}</text>"
        )
    middle = (TOP + BOTTOM) / 2
    parts.append(
        f'<text x="{(LEFT + RIGHT) / 2}" y="{BOTTOM + 48}" text-anchor="middle">'
        "triples in the graph</text>"
    )
    parts.append(
        f'<text x="20" y="{middle}" text-anchor="middle" '
        f'transform="rotate(-90 20 {middle})">s, MB or ms (see legend)</text>'
    )
    return parts


def draw_series(series: Series, x: Scale, y: Scale) -> list[str]:
    points = sorted(series.points)
    aim_y = y(series.aim)
    parts = [
        f'<line x1="{LEFT}" y1="{aim_y:.1f}" x2="{RIGHT}" y2="{aim_y:.1f}" '
        f'stroke="{series.colour}" stroke-width="1.5" stroke-dasharray="6 4"/>'
    ]
    if len(points) > 1:
        path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{series.colour}" stroke-width="2"/>'
        )
    for triples, value in points:
        tip = escape(f"{series.label}: {value:,.3g} at {triples:,} triples")
        parts.append(marker(series, x(triples), y(value), tip))
    return parts


def marker(series: Series, px: float, py: float, tip: str = "") -> str:
    """One point: a circle, a square or a triangle in the series' colour."""
    paint = f'fill="{series.colour}" stroke="#fff" stroke-width="1"'
    title = f"<title>{tip}</title>" if tip else ""
    if series.marker == "circle":
        return f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" {paint}>{title}</circle>'
    if series.marker == "square":
        return (
            f'<rect x="{px - 5:.1f}" y="{py - 5:.1f}" width="10" height="10" {paint}>{title}</rect>'
        )
    corners = f"{px:.1f},{py - 6:.1f} {px - 6:.1f},{py + 5:.1f} {px + 6:.1f},{py + 5:.1f}"
    return f'<polygon points="{corners}" {paint}>{title}</polygon>'


def legend(series: list[Series]) -> list[str]:
    left, parts = RIGHT + 20, []
    for number, line in enumerate(series):
        top = TOP + 14 + 28 * number
        parts.append(
            f'<line x1="{left}" y1="{top}" x2="{left + 24}" y2="{top}" '
            f'stroke="{line.colour}" stroke-width="2"/>'
        )
        parts.append(marker(line, left + 12, top))
        parts.append(f'<text x="{left + 32}" y="{top + 4}">{escape(line.label)}</text>')
    top = TOP + 14 + 28 * len(series)
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left + 24}" y2="{top}" stroke="#444" '
        'stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    parts.append(f'<text x="{left + 32}" y="{top + 4}">the aim, in the line\'s colour</text>')
    aims = ", ".join(line.aim_text for line in series)
    parts.append(f'<text x="{left + 32}" y="{top + 22}">({escape(aims)})</text>')
    return parts
