"""A locator map for a place with coordinates, as geometry for inline SVG: the point in a
graticule of latitude and longitude, the KG's other places with coordinates nearby, and an inset
showing where the box lies in China's extent. No tile server, no outside request.

>>> p = parse_wkt("POINT(119.31066 26.04646)")
>>> p
(26.04646, 119.31066)
>>> m = locator(p, [])
>>> 0 < m.point[0] < m.width and 0 < m.point[1] < m.height
True
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

W, H = 360, 260
CHINA = (73.0, 18.0, 135.5, 53.6)  # lon/lat extent of the country, for the inset
INSET_W = 90
NEIGHBOUR_RADIUS = 2.5  # degrees


def parse_wkt(wkt: str) -> tuple[float, float] | None:
    """(lat, lon) of a WKT ``POINT(lon lat)`` (an optional CRS IRI prefix is ignored)."""
    m = re.search(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", wkt, re.I)
    if not m:
        return None
    lon, lat = float(m.group(1)), float(m.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


@dataclass(frozen=True)
class Neighbour:
    href: str
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class LocatorMap:
    width: int
    height: int
    point: tuple[float, float]
    lat: float
    lon: float
    lines: tuple[tuple[str, float, str], ...]  # (axis 'x'|'y', position, label)
    neighbours: tuple[Neighbour, ...]
    inset: tuple[float, float, float, float, float, float]  # x, y, w, h, dot x, dot y
    extent: tuple[float, float, float, float]  # lon0, lat0, lon1, lat1


def _step(span: float) -> float:
    for s in (0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0):
        if span / s <= 6:
            return s
    return 10.0


def locator(point: tuple[float, float], others: list[tuple[str, str, float, float]]) -> LocatorMap:
    """``others``: (href, label, lat, lon) of other places; those near the point are drawn."""
    lat, lon = point
    near = [(h, lab, la, lo) for h, lab, la, lo in others
            if abs(la - lat) <= NEIGHBOUR_RADIUS and abs(lo - lon) <= NEIGHBOUR_RADIUS and (la, lo) != (lat, lon)]
    k = math.cos(math.radians(lat)) or 1e-6
    half_h = max([0.15] + [abs(la - lat) * 1.25 for _h, _l, la, _lo in near]
                 + [abs(lo - lon) * k * 1.25 * H / W for _h, _l, _la, lo in near])
    half_w = half_h * W / H / k  # degrees of longitude
    lat0, lat1, lon0, lon1 = lat - half_h, lat + half_h, lon - half_w, lon + half_w

    def xy(la: float, lo: float) -> tuple[float, float]:
        return (round((lo - lon0) / (lon1 - lon0) * W, 1), round((lat1 - la) / (lat1 - lat0) * H, 1))

    lines = []
    st = _step(lat1 - lat0)
    v = math.ceil(lat0 / st) * st
    while v < lat1:
        lines.append(("y", xy(v, lon)[1], f"{v:.2f}°N".replace(".00", "")))
        v += st
    st = _step(lon1 - lon0)
    v = math.ceil(lon0 / st) * st
    while v < lon1:
        lines.append(("x", xy(lat, v)[0], f"{v:.2f}°E".replace(".00", "")))
        v += st
    ix0, iy0 = W - INSET_W - 6, 6
    ih = INSET_W * (CHINA[3] - CHINA[1]) / (CHINA[2] - CHINA[0])
    dx = ix0 + (lon - CHINA[0]) / (CHINA[2] - CHINA[0]) * INSET_W
    dy = iy0 + (CHINA[3] - lat) / (CHINA[3] - CHINA[1]) * ih
    return LocatorMap(W, H, xy(lat, lon), lat, lon, tuple(lines),
                      tuple(Neighbour(h, lab, *xy(la, lo)) for h, lab, la, lo in near),
                      (ix0, iy0, INSET_W, round(ih, 1), round(dx, 1), round(dy, 1)),
                      (round(lon0, 4), round(lat0, 4), round(lon1, 4), round(lat1, 4)))
