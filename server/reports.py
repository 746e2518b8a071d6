"""Reports, their sections and what the reader marks in their text."""
from __future__ import annotations

from dataclasses import dataclass

from .queries import iri, select
from .reader import Mark
from . import urls

MEASURE_SYMBOL = {"growth_pct": "%", "change_pp": "pp", "share_pct": "%"}
QUALIFIER_SYMBOL = {"eq": "", "gt": ">", "ge": "≥", "approx": "≈", "le": "≤"}
PAST = ("actual", "estimate", "previous")


@dataclass(frozen=True)
class Report:
    iri: str
    text: str
    title: str
    title_en: str
    report_year: int
    plan_year: int
    date: str
    area: str
    area_label: str

    @property
    def rid(self) -> str:
        return self.iri.rstrip("/").rsplit("/", 1)[-1]


def reports(state) -> list[Report]:
    rows = select(state, """
      SELECT ?r ?text ?title ?en ?ry ?py ?date ?area ?al WHERE {
        ?r a pk:Report ; pk:hasText ?text ; pk:reportYear ?ry ; pk:planYear ?py .
        OPTIONAL { ?r rdfs:label ?title FILTER(lang(?title) = "zh") }
        OPTIONAL { ?r rdfs:label ?en FILTER(lang(?en) = "en") }
        OPTIONAL { ?r dcterms:date ?date }
        OPTIONAL { ?r dcterms:spatial ?area OPTIONAL { ?area skos:prefLabel ?al FILTER(lang(?al) = "zh") } }
      } ORDER BY DESC(?ry) ?r""")
    out, seen = [], set()
    for r in rows:
        if r["r"].value in seen:
            continue
        seen.add(r["r"].value)
        g = lambda k: r[k].value if k in r else ""  # noqa: E731
        out.append(Report(g("r"), g("text"), g("title"), g("en"), int(g("ry")[:4]), int(g("py")[:4]), g("date"),
                          g("area"), g("al")))
    return out


def report_of_text(state, text_iri: str) -> Report | None:
    return next((r for r in reports(state) if r.text == text_iri), None)


def sections(state, report_iri: str) -> list[dict]:
    rows = select(state, f"""
      SELECT ?sec ?label ?level ?s ?e WHERE {{
        ?sec pk:report {iri(report_iri)} ; a pk:ReportSection ; rdfs:label ?label ; pk:sectionLevel ?level ;
             prov:wasDerivedFrom ?span . ?span nif:beginIndex ?s ; nif:endIndex ?e .
      }} ORDER BY ?s""")
    return [{"iri": r["sec"].value, "label": r["label"].value, "level": int(r["level"].value),
             "start": int(r["s"].value), "end": int(r["e"].value)} for r in rows]


def quantity_marks(state, text_iri: str, base: str) -> list[Mark]:
    rows = select(state, f"""
      SELECT ?obs ?span ?s ?e ?ind ?code ?izh ?ien ?period ?measure ?mlabel ?value ?unit ?status ?slabel ?qual
      WHERE {{
        ?span nif:referenceContext {iri(text_iri)} ; nif:beginIndex ?s ; nif:endIndex ?e .
        ?obs pk:source ?span ; pk:indicator ?ind ; sdmx-dimension:refPeriod ?period ;
             pk:measureKind ?m ; sdmx-measure:obsValue ?value ; sdmx-attribute:obsStatus ?st ; pk:qualifier ?q .
        ?m skos:notation ?measure . ?st skos:notation ?status . ?q skos:notation ?qual .
        OPTIONAL {{ ?m skos:prefLabel ?mlabel FILTER(lang(?mlabel) = "zh") }}
        OPTIONAL {{ ?st skos:prefLabel ?slabel FILTER(lang(?slabel) = "zh") }}
        OPTIONAL {{ ?ind skos:prefLabel ?izh FILTER(lang(?izh) = "zh") }}
        OPTIONAL {{ ?ind skos:prefLabel ?ien FILTER(lang(?ien) = "en") }}
        OPTIONAL {{ ?ind skos:notation ?code }}
        OPTIONAL {{ ?obs pk:unitText ?unit }}
      }}""")
    marks = []
    for r in rows:
        g = lambda k: r[k].value if k in r else ""  # noqa: E731
        status = g("status")
        marks.append(Mark(int(g("s")), int(g("e")), "q", urls.link_for(g("obs"), base), {
            "observation": g("obs"), "indicator": g("izh") or g("ien"), "indicator_en": g("ien"),
            "code": g("code"), "indicator_href": urls.link_for(g("ind"), base), "period": g("period")[:4],
            "measure": g("measure"), "measure_label": g("mlabel") or g("measure"), "value": g("value"),
            "unit": g("unit"), "status": status, "status_label": g("slabel") or status,
            "qualifier": QUALIFIER_SYMBOL.get(g("qual"), ""), "plan": status not in PAST,
        }))
    return marks


def clause_marks(state, text_iri: str) -> list[Mark]:
    rows = select(state, f"""
      SELECT DISTINCT ?s ?e WHERE {{ ?obs pk:clause ?span .
        ?span nif:referenceContext {iri(text_iri)} ; nif:beginIndex ?s ; nif:endIndex ?e . }}""")
    return [Mark(int(r["s"].value), int(r["e"].value), "c") for r in rows]


def mention_marks(state, text_iri: str, base: str) -> list[Mark]:
    rows = select(state, f"""
      SELECT ?ent ?s ?e ?zh ?en ?class ?clabel WHERE {{
        ?span nif:referenceContext {iri(text_iri)} ; nif:beginIndex ?s ; nif:endIndex ?e .
        ?ent pk:mention ?span ; a ?class .
        FILTER(?class IN (pk:Place, pk:GovernmentAgency, pk:Organization, pk:Project, pk:Program, pk:Event,
                          pk:Award))
        OPTIONAL {{ ?class rdfs:label ?clabel FILTER(lang(?clabel) = "zh") }}
        OPTIONAL {{ ?ent skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }}
        OPTIONAL {{ ?ent rdfs:label ?en FILTER(lang(?en) = "en") }}
      }}""")
    out: dict[tuple, Mark] = {}
    for r in rows:
        g = lambda k: r[k].value if k in r else ""  # noqa: E731
        key = (int(g("s")), int(g("e")), g("ent"))
        if key not in out:
            out[key] = Mark(key[0], key[1], "e", urls.link_for(g("ent"), base), {
                "entity": g("ent"), "name": g("zh") or g("en"), "name_en": g("en"),
                "type": g("class").rsplit("#", 1)[-1], "type_label": g("clabel")})
    return list(out.values())


def heading_marks(secs: list[dict], base: str) -> list[Mark]:
    return [Mark(s["start"], s["end"], "h", urls.link_for(s["iri"], base), {"label": s["label"], "level": s["level"]})
            for s in secs]
