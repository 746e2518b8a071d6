"""The server-drawn bar chart: bars proportional to their values on one axis, an outlier (growth of
several hundred per cent beside single digits) cut at the end of the axis instead of squashing
every other bar to a hairline, and its label still the true value."""
from __future__ import annotations

import pytest

from server.charts import LEFT, RIGHT, WIDTH, axis_cap, bar_chart


def _bars(chart):
    return [b for g in chart.groups for b in g.bars]


def test_charts_bars_are_proportional_without_outliers():
    chart = bar_chart([("A", [(3.0, "done", "", "")]), ("B", [(6.0, "plan", "", "")]), ("C", [(-4.5, "done", "", "")])])
    a, b, c = _bars(chart)
    assert not any(x.clipped for x in (a, b, c))
    assert b.w == pytest.approx(2 * a.w) and c.w == pytest.approx(1.5 * a.w)
    assert c.x + c.w == pytest.approx(chart.zero_x) and a.x == pytest.approx(chart.zero_x)


def test_charts_an_outlier_is_cut_at_the_axis_end_and_keeps_its_value():
    values = [2.5, 4.0, -7.3, -18.2, 5.0, 4.4, 6.0, 10.0, 412.0, 2.6, 6.0]
    chart = bar_chart([(str(i), [(v, "done", "", "")]) for i, v in enumerate(values)], "%")
    bars = _bars(chart)
    big = bars[values.index(412.0)]
    assert big.clipped and big.value == 412.0
    assert big.x + big.w <= WIDTH - RIGHT + 0.01  # within the plot
    others = [b for b in bars if b is not big]
    assert not any(b.clipped for b in others)
    widest = max(b.w for b in others)
    assert widest > (WIDTH - LEFT - RIGHT) / 4  # the ordinary bars use the width, not a sliver of it
    # still proportional among themselves
    small = bars[values.index(2.5)]
    assert bars[values.index(10.0)].w == pytest.approx(4 * small.w)


@pytest.mark.parametrize("values, cap", [([1, 2, 3, 4], None), ([3, 5, 12], None), ([1, 1, 1, 100], 1.5),
                                         ([0, 0, 50], None), ([-300, 10, 8, 2, 1, 1], 15.0)])
def test_charts_axis_cap(values, cap):
    assert axis_cap(values) == cap
