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
    clipped: bool = False  # longer than the axis: drawn to its end, with a break mark


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


#: A bar more than this many times as long as the next longest is an outlier: the axis is drawn for
#: the others (growth of several hundred per cent beside single digits would leave every other bar a
#: hairline).
OUTLIER = 3.0


def axis_cap(values: list[float]) -> float | None:
    """The magnitude the axis stops at when outliers would squash the other bars, else None.

    >>> axis_cap([2, 4, -7.5, 412, 11]), axis_cap([2, 4, 11])
    (16.5, None)
    """
    mags = sorted((abs(v) for v in values), reverse=True)
    for i in range(1, len(mags) // 3 + 1):  # a third of the bars at most are outliers
        if mags[i] > 0 and mags[i - 1] > OUTLIER * mags[i]:
            return mags[i] * 1.5
    return None


def bar_chart(groups: list[tuple[str, list[tuple[float, str, str, str]]]], unit: str = "") -> BarChart:
    """Horizontal bars, one group per label; each bar ``(value, kind, href, title)``. Outliers
    (see :func:`axis_cap`) run to the end of the axis with a break mark; their labels keep the
    true value."""
    values = [float(b[0]) for _l, bars in groups for b in bars] or [0.0]
    cap = axis_cap(values)
    shown = [max(-cap, min(cap, v)) for v in values] if cap else values
    lo, hi = min(0.0, *shown), max(0.0, *shown)
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
            drawn = min(max(v, lo), hi)
            x0, x1 = sorted((zero_x, zero_x + drawn * scale))
            right = v >= 0
            g.bars.append(Bar(x0, y, max(x1 - x0, 1.0), BAR, v, kind, href, title,
                              (x1 + 4) if right else (x0 - 4), "start" if right else "end", drawn != v))
            y += BAR + GAP
        if not bars:
            y += BAR + GAP
        out.append(g)
        y += GROUP_GAP - GAP
    return BarChart(WIDTH, int(y + 6), LEFT, zero_x, ticks, out)
