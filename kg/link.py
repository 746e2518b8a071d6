"""External identifiers, only from sources that can be checked: the division code of a place the
gazetteer resolved in the report's context (``data/gazetteer/divisions.csv``, NBS 2023 via
china-division@2.7.0), and Wikidata, GeoNames and coordinates from the hand-verified link table
(``data/gazetteer/verified_links.csv``) for a row whose name — and code, when it has one —
matches. Every value carries the source it came from.
"""
from __future__ import annotations

from .model import Entity

DIVISIONS_SOURCE = ("data/gazetteer/divisions.csv: NBS 2023年统计用区划代码 via npm china-division@2.7.0 "
                    "(modood/Administrative-divisions-of-China)")
#: link-table rows by the kind of thing they are (their ``type`` column starts with one of these)
_ROW_TYPES = {
    "Place": ("country", "province", "prefecture", "county", "subdistrict", "township", "town", "river", "hill",
              "island", "metro line"),
    "Organization": ("company",),
    "Event": ("event",),
}


def links_for(e: Entity, gazetteer) -> dict:
    """The verified identifiers of an entity (empty when nothing is known for sure)."""
    out: dict = {}
    sources = []
    code = e.links.get("admin_code", "")
    if code and gazetteer is not None:
        d = gazetteer.divisions.get(code)
        if d is not None and d.name == e.name:
            out["admin_code"] = code
            out["level"] = d.level
            sources.append(DIVISIONS_SOURCE)
    row = gazetteer.link(e.name) if gazetteer is not None else None
    if row is not None and row.confidence == "high" and _compatible(e, row, out.get("admin_code", "")):
        if row.wikidata.startswith("Q"):
            out["wikidata"] = row.wikidata
        if row.geonames:
            out["geonames"] = row.geonames
        if row.lat and row.lon:
            out["lat"], out["lon"] = row.lat, row.lon
        if any(k in out for k in ("wikidata", "geonames", "lat")):
            sources.append(f"data/gazetteer/verified_links.csv ({row.name_zh}): {row.source}")
    if sources:
        out["source"] = " | ".join(sources)
    return out


def _compatible(e: Entity, row, code: str) -> bool:
    """A row fits only a thing of its kind, and a division only when the codes agree: a same-named
    place elsewhere gets nothing."""
    kinds = _ROW_TYPES.get(e.type, ())
    if not row.type.startswith(kinds):
        return False
    if row.code:
        return bool(code) and (row.code == code or row.code.ljust(12, "0") == code.ljust(12, "0"))
    return e.type != "Place" or not code
