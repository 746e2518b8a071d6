"""Charts as plain geometry for inline SVG, drawn on the server: readable without JavaScript and
without any outside service. A template turns a :class:`BarChart` into ``<svg>``.

>>> c = bar_chart([("A", [(5, "done", "", "a")]), ("B", [(-2, "plan", "", "b")])])
>>> c.zero_x > c.left and c.groups[1].bars[0].x < c.zero_x
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 640
LEFT = 190  # room for the group labels
RIGHT = 56  # room for the value labels
BAR = 14
GAP = 4
GROUP_GAP = 14
TOP = 26


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    value: float
    kind: str  # done | plan
    href: str
    title: str
    label_x: float
    anchor: str  # text-anchor of the value label


@dataclass
class Group:
    label: str
    y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class BarChart:
    width: int
    height: int
    left: int
    zero_x: float
    ticks: list[tuple[float, str]]
    groups: list[Group]


def _nice_step(span: float) -> float:
    raw = span / 5 or 1
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _fmt(v: float) -> str:
    return f"{v:g}"


def bar_chart(groups: list[tuple[str, list[tuple[float, str, str, str]]]], unit: str = "") -> BarChart:
    """Horizontal bars, one group per label; each bar ``(value, kind, href, title)``."""
    values = [float(b[0]) for _l, bars in groups for b in bars] or [0.0]
    lo, hi = min(0.0, *values), max(0.0, *values)
    step = _nice_step(hi - lo)
    lo = math.floor(lo / step) * step
    hi = math.ceil(hi / step) * step if hi > 0 else 0.0
    if hi == lo:
        hi = lo + step
    plot_w = WIDTH - LEFT - RIGHT
    scale = plot_w / (hi - lo)
    zero_x = LEFT + (0 - lo) * scale
    ticks = []
    t = lo
    while t <= hi + step / 2:
        ticks.append((LEFT + (t - lo) * scale, _fmt(round(t, 6)) + unit))
        t += step
    y = TOP
    out = []
    for label, bars in groups:
        g = Group(label, y)
        for value, kind, href, title in bars:
            v = float(value)
            x0, x1 = sorted((zero_x, zero_x + v * scale))
            right = v >= 0
            g.bars.append(Bar(x0, y, max(x1 - x0, 1.0), BAR, v, kind, href, title,
                              (x1 + 4) if right else (x0 - 4), "start" if right else "end"))
            y += BAR + GAP
        if not bars:
            y += BAR + GAP
        out.append(g)
        y += GROUP_GAP - GAP
    return BarChart(WIDTH, int(y + 6), LEFT, zero_x, ticks, out)
