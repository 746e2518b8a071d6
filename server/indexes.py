"""Class indexes: every instance of a class, with the columns a researcher sorts and filters by
(projects by status and place, places by kind and containing place, …)."""
from __future__ import annotations

from dataclasses import dataclass

from kg.vocab import CODE_LISTS

from . import urls
from .labels import pinyin_of
from .queries import select
from .search import norm_latin, norm_zh

PK = "https://w3id.org/plankg/def#"

#: Columns: key, zh heading, en heading. "name" is always first.
ENTITY_COLUMNS = [("name", "名称", "Name"), ("en", "英文名", "English"), ("kind", "类别", "Kind"),
                  ("place", "所在地", "Place"), ("mentions", "提及次数", "Mentions")]
PROJECT_COLUMNS = [("name", "名称", "Name"), ("status", "进度", "Status"), ("period", "年份", "Year"),
                   ("place", "所在地", "Place"), ("agency", "责任单位", "Agency"), ("mentions", "提及次数", "Mentions")]
INDICATOR_COLUMNS = [("name", "指标", "Indicator"), ("en", "英文名", "English"), ("code", "代码", "Code"),
                     ("kind", "类别", "Kind"), ("observations", "观测值", "Observations")]
REPORT_COLUMNS = [("name", "标题", "Title"), ("year", "报告年份", "Year"), ("plan", "计划年份", "Plan year"),
                  ("place", "地区", "Area"), ("observations", "观测值", "Observations")]
FACET_COLUMNS = ("kind", "status", "place", "year")
NUMERIC = ("mentions", "observations", "period", "year", "plan")
STATUS_ORDER = {s: i for i, s in enumerate(CODE_LISTS["project-status"])}


@dataclass(frozen=True)
class Row:
    iri: str
    href: str
    cells: dict  # column -> (text, href or "")
    search: str  # normalised text for the filter box


def columns(slug: str) -> list[tuple[str, str, str]]:
    cls = urls.INDEXES[slug][0]
    return {"Project": PROJECT_COLUMNS, "Indicator": INDICATOR_COLUMNS, "Report": REPORT_COLUMNS}.get(cls, ENTITY_COLUMNS)


def _v(r: dict, k: str) -> str:
    return r[k].value if k in r else ""


def _entity_rows(state, cls: str, base: str) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for r in select(state, f"""
      SELECT ?e ?zh ?en ?py WHERE {{ ?e a pk:{cls} .
        OPTIONAL {{ ?e skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }}
        OPTIONAL {{ ?e rdfs:label ?en FILTER(lang(?en) = "en") }}
        OPTIONAL {{ ?e rdfs:label ?py FILTER(lang(?py) = "zh-latn-pinyin") }} }}"""):
        d = rows.setdefault(_v(r, "e"), {"name": (_v(r, "zh") or _v(r, "en") or _v(r, "e"), ""), "mentions": ("0", "")})
        d.setdefault("en", (_v(r, "en"), ""))
        d.setdefault("_py", _v(r, "py"))
    for r in select(state, f"""
      SELECT ?e ?l WHERE {{ ?e a pk:{cls} , ?sub . ?sub rdfs:subClassOf pk:{cls} .
        ?sub rdfs:label ?l FILTER(lang(?l) = "zh") }}"""):
        if _v(r, "e") in rows:
            rows[_v(r, "e")]["kind"] = (_v(r, "l"), "")
    for r in select(state, f"""
      SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?e a pk:{cls} ; pk:mention ?m }} GROUP BY ?e"""):
        if _v(r, "e") in rows:
            rows[_v(r, "e")]["mentions"] = (_v(r, "n"), "")
    for r in select(state, f"""
      SELECT ?e ?p ?l WHERE {{ ?e a pk:{cls} ; schema:location|schema:containedInPlace ?p .
        OPTIONAL {{ ?p skos:prefLabel ?l FILTER(lang(?l) = "zh") }} }} ORDER BY ?e ?l"""):
        if _v(r, "e") in rows and "place" not in rows[_v(r, "e")]:
            rows[_v(r, "e")]["place"] = (_v(r, "l") or _v(r, "p"), urls.link_for(_v(r, "p"), base))
    return rows


def _project_extras(state, rows: dict[str, dict], base: str) -> None:
    best: dict[str, tuple] = {}
    for r in select(state, """
      SELECT ?e ?st ?sl ?period WHERE { ?e a pk:Project ; pk:milestone ?m . ?m pk:projectStatus ?s .
        ?s skos:notation ?st . OPTIONAL { ?s skos:prefLabel ?sl FILTER(lang(?sl) = "zh") }
        OPTIONAL { ?m pk:period ?period } }"""):
        key = (_v(r, "period"), STATUS_ORDER.get(_v(r, "st"), -1))
        if _v(r, "e") not in best or key > best[_v(r, "e")][0]:
            best[_v(r, "e")] = (key, _v(r, "sl") or _v(r, "st"), _v(r, "period")[:4])
    for e, (_k, label, period) in best.items():
        if e in rows:
            rows[e]["status"] = (label, "")
            rows[e]["period"] = (period, "")
    for r in select(state, """
      SELECT ?e ?a ?l WHERE { ?e a pk:Project ; pk:responsibleAgency ?a .
        OPTIONAL { ?a skos:prefLabel ?l FILTER(lang(?l) = "zh") } } ORDER BY ?e ?l"""):
        if _v(r, "e") in rows and "agency" not in rows[_v(r, "e")]:
            rows[_v(r, "e")]["agency"] = (_v(r, "l") or _v(r, "a"), urls.link_for(_v(r, "a"), base))


def _indicator_rows(state) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for r in select(state, """
      SELECT ?e ?zh ?en ?code ?head (COUNT(DISTINCT ?o) AS ?n) WHERE { ?e a pk:Indicator .
        OPTIONAL { ?e skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }
        OPTIONAL { ?e skos:prefLabel ?en FILTER(lang(?en) = "en") }
        OPTIONAL { ?e skos:notation ?code } OPTIONAL { ?e a ?head FILTER(?head = pk:HeadlineIndicator) }
        OPTIONAL { ?o pk:indicator ?e } } GROUP BY ?e ?zh ?en ?code ?head"""):
        rows[_v(r, "e")] = {"name": (_v(r, "zh") or _v(r, "en") or _v(r, "e"), ""), "en": (_v(r, "en"), ""),
                            "code": (_v(r, "code"), ""), "kind": ("主要指标" if _v(r, "head") else "其他", ""),
                            "observations": (_v(r, "n"), "")}
    return rows


def _report_rows(state, base: str) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for r in select(state, """
      SELECT ?e ?t ?ry ?py ?a ?al (COUNT(DISTINCT ?o) AS ?n) WHERE { ?e a pk:Report ; pk:reportYear ?ry ;
        pk:planYear ?py . OPTIONAL { ?e rdfs:label ?t FILTER(lang(?t) = "zh") }
        OPTIONAL { ?e dcterms:spatial ?a OPTIONAL { ?a skos:prefLabel ?al FILTER(lang(?al) = "zh") } }
        OPTIONAL { ?o pk:report ?e ; a qb:Observation } } GROUP BY ?e ?t ?ry ?py ?a ?al"""):
        rows[_v(r, "e")] = {"name": (_v(r, "t") or _v(r, "e"), ""), "year": (_v(r, "ry")[:4], ""),
                            "plan": (_v(r, "py")[:4], ""),
                            "place": (_v(r, "al") or _v(r, "a"), urls.link_for(_v(r, "a"), base) if _v(r, "a") else ""),
                            "observations": (_v(r, "n"), "")}
    return rows


def rows(state, slug: str, base: str) -> list[Row]:
    cls = urls.INDEXES[slug][0]
    if cls == "Indicator":
        data = _indicator_rows(state)
    elif cls == "Report":
        data = _report_rows(state, base)
    else:
        data = _entity_rows(state, cls, base)
        if cls == "Project":
            _project_extras(state, data, base)
    cols = [c for c, _z, _e in columns(slug)]
    out = []
    for e, d in data.items():
        cells = {c: d.get(c, ("", "")) for c in cols}
        name = cells["name"][0]
        text = " ".join(v[0] for v in cells.values()) + " " + d.get("_py", "")
        search = norm_zh(text) + " " + norm_latin(text + " " + (pinyin_of(name) if name else ""))
        out.append(Row(e, urls.link_for(e, base), cells, search))
    return out


def facets(rows_: list[Row], slug: str) -> dict[str, list[tuple[str, int]]]:
    out = {}
    for c, _z, _e in columns(slug):
        if c in FACET_COLUMNS:
            counts: dict[str, int] = {}
            for r in rows_:
                v = r.cells[c][0]
                if v:
                    counts[v] = counts.get(v, 0) + 1
            if counts:
                out[c] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return out


def apply(rows_: list[Row], slug: str, q: str = "", filters: dict | None = None,
          sort: str = "name", desc: bool = False) -> list[Row]:
    """Filter by text and facet values, then sort by a column (numbers as numbers)."""
    cols = [c for c, _z, _e in columns(slug)]
    out = rows_
    if q.strip():
        qz, ql = norm_zh(q), norm_latin(q)
        out = [r for r in out if qz in r.search or (ql and ql in r.search)]
    for c, v in (filters or {}).items():
        if c in cols and v:
            out = [r for r in out if r.cells[c][0] == v]
    if sort not in cols:
        sort = "name"

    def key(r: Row):
        v = r.cells[sort][0]
        if sort in NUMERIC:
            try:
                return (0, float(v), r.cells["name"][0])
            except ValueError:
                return (1, 0.0, r.cells["name"][0])
        return (0 if v else 1, v, r.cells["name"][0])

    return sorted(out, key=key, reverse=desc)
