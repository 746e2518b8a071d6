"""Administrative divisions and verified external identifiers, parsed from the data files of
``data/gazetteer/`` (each file says where it comes from). :mod:`kg.io` reads the files."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

_DIVISION_PARTS = re.compile(r"[\u4e00-\u9fff]+?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|区|县|旗|盟)")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | prefecture | county | township
    parent: str  # code of the containing division, '' for a province


@dataclass(frozen=True)
class Link:
    """One row of the verified link table: only its non-empty cells are claims."""

    name_zh: str
    type: str
    name_en: str
    wikidata: str
    code: str
    geonames: str
    lat: str
    lon: str
    source: str
    confidence: str


@dataclass(frozen=True)
class Gazetteer:
    divisions: dict[str, Division]
    by_name: dict[str, tuple[str, ...]]
    links: dict[str, Link]
    pinyin: dict[str, str]
    edition: str = ""
    abbreviations: dict[str, str] = field(default_factory=dict)  # 京 -> 110000 (province_abbreviations.csv)

    def ancestors(self, code: str) -> list[Division]:
        out = []
        d = self.divisions.get(code)
        while d is not None and d.parent:
            d = self.divisions.get(d.parent)
            if d is not None:
                out.append(d)
        return out

    def candidates(self, name: str) -> list[Division]:
        return [self.divisions[c] for c in self.by_name.get(name, ())]

    def resolve(self, name: str, within: tuple[str, ...] = ()) -> Division | None:
        """The division called ``name``, disambiguated by the codes or names of divisions it lies
        in (``within``); None when it is unknown or stays ambiguous."""
        cands = self.candidates(name)
        if within:
            keep = []
            for d in cands:
                anc = self.ancestors(d.code)
                anc_keys = {a.code for a in anc} | {a.name for a in anc}
                if all(w in anc_keys for w in within):
                    keep.append(d)
            cands = keep
        # a municipal district list (市辖区) is not a place of its own
        cands = [d for d in cands if d.name != "市辖区"]
        return cands[0] if len(cands) == 1 else None

    def resolve_full(self, full_name: str) -> Division | None:
        """Resolve a chained name such as 福建省福州市仓山区 or 福州市仓山区 to its last division."""
        parts = _DIVISION_PARTS.findall(full_name)
        if not parts:
            return None
        found: Division | None = None
        within: tuple[str, ...] = ()
        for p in parts:
            d = self.resolve(p, within)
            if d is None and within:
                d = self.resolve(p)
            if d is None:
                return None if p == parts[-1] else found
            found = d
            within = (d.code,)
        return found

    def link(self, name: str) -> Link | None:
        return self.links.get(name)


def _data_rows(text: str) -> list[dict]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def parse_gazetteer(divisions_csv: str, links_csv: str = "", pinyin_csv: str = "",
                    abbreviations_csv: str = "") -> Gazetteer:
    divisions: dict[str, Division] = {}
    by_name: dict[str, list[str]] = {}
    for r in _data_rows(divisions_csv):
        d = Division(r["code"], r["name"], r["level"], r["parent"])
        divisions[d.code] = d
        by_name.setdefault(d.name, []).append(d.code)
    links: dict[str, Link] = {}
    for r in _data_rows(links_csv) if links_csv else []:
        if not (r.get("confidence") or "").strip():
            continue  # nothing verified in this row
        links[r["name_zh"]] = Link(
            r["name_zh"], r.get("type", ""), r.get("name_en", ""), r.get("wikidata", ""),
            r.get("gbt2260_or_stats_code", ""), r.get("geonames", ""), r.get("lat", ""), r.get("lon", ""),
            r.get("source", ""), r.get("confidence", ""))
    pinyin = {r["name_zh"]: r["pinyin"] for r in _data_rows(pinyin_csv)} if pinyin_csv else {}
    abbreviations = {r["abbr"]: r["code"] for r in _data_rows(abbreviations_csv)} if abbreviations_csv else {}
    return Gazetteer(divisions, {k: tuple(v) for k, v in by_name.items()}, links, pinyin,
                     edition="NBS 2023 (china-division@2.7.0)", abbreviations=abbreviations)
