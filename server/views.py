"""What the HTML page of an IRI shows, by what the IRI is: an entity, an indicator, an
observation, a report, a report's text (the reader), or anything else (a generic page). Each
function returns a template name and its context; every value is escaped by the template."""
from __future__ import annotations

from . import reader, reports as rep_mod, urls
from .charts import bar_chart
from .describe import RDF_TYPE, describe
from .geo import locator, parse_wkt
from .indicators import of_indicator
from .labels import Label, curie, labels, pinyin_of
from .queries import iri as q_iri, select
from .sitedata import report_text

PK = "https://w3id.org/plankg/def#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
ENTITY_CLASSES = {PK + c for c in ("Place", "GovernmentAgency", "Organization", "Project", "Program", "Event",
                                   "Award", "NamedEntity")}
LABEL_PROPS = {SKOS + "prefLabel", RDFS + "label"}
LONG_LITERAL = 600
EXTERNAL = {"http://www.wikidata.org/entity/": "Wikidata", "https://sws.geonames.org/": "GeoNames",
            "http://www.geonames.org/": "GeoNames"}


def _value(t, known: dict[str, Label], base: str) -> dict:
    if t.type == "uri":
        lab = known.get(t.value)
        return {"kind": "iri", "text": lab.best if lab else curie(t.value), "iri": t.value,
                "href": urls.link_for(t.value, base), "external": urls.iri_to_path(t.value, base) is None}
    text = t.value
    cut = len(text) > LONG_LITERAL
    return {"kind": "literal", "text": text[:LONG_LITERAL] + ("…" if cut else ""), "cut": cut, "lang": t.lang,
            "datatype": curie(t.datatype) if t.datatype and not t.datatype.endswith(("#string", "#langString")) else ""}


def _title(desc, known: dict[str, Label]) -> dict:
    lab = known.get(desc.iri, Label())
    zh = lab.zh or desc.first(SKOS + "prefLabel", "zh") or desc.first(RDFS + "label", "zh")
    en = lab.en
    py = lab.pinyin
    return {"zh": zh, "en": en, "pinyin": py, "pinyin_computed": pinyin_of(zh) if zh and not py else "",
            "text": zh or en or py or curie(desc.iri)}


def generic(state, iri: str, base: str) -> dict:
    desc = describe(state, iri)
    wanted = {iri} | {p for p, _v in desc.outgoing} | {v.value for _p, v in desc.outgoing if v.type == "uri"}
    for inc in desc.incoming:
        wanted |= {inc.prop, *inc.subjects}
    known = labels(state, wanted)
    props: dict[str, list] = {}
    for p, v in desc.outgoing:
        props.setdefault(p, []).append(_value(v, known, base))
    order = sorted(props, key=lambda p: (p != RDF_TYPE, p not in LABEL_PROPS, _pname(p, known)))
    incoming = [{"prop": _pname(i.prop, known), "prop_iri": i.prop, "count": i.count,
                 "subjects": [_value(_uri(s), known, base) for s in i.subjects],
                 "more": urls.query(f"SELECT ?s WHERE {{ ?s <{i.prop}> <{iri}> }}", run="1")
                 if i.count > len(i.subjects) else ""} for i in desc.incoming]
    externals = [{"name": EXTERNAL[ns], "iri": v.value, "id": v.value[len(ns):].strip("/")}
                 for p, v in desc.outgoing if p == OWL_SAMEAS for ns in EXTERNAL if v.value.startswith(ns)]
    return {"desc": desc, "title": _title(desc, known), "known": known,
            "props": [{"iri": p, "name": _pname(p, known), "curie": curie(p), "vals": props[p]} for p in order],
            "types": [_value(_uri(t), known, base) for t in desc.types], "incoming": incoming,
            "externals": externals, "division_code": desc.first(PK + "divisionCode")}


def _uri(value: str):
    from .queries import Term

    return Term("uri", value)


def _pname(p: str, known: dict[str, Label]) -> str:
    lab = known.get(p)
    return lab.zh or lab.en if lab else curie(p)


def view(state, iri: str, base: str) -> tuple[str, dict]:
    ctx = generic(state, iri, base)
    types = set(ctx["desc"].types)
    if NIF + "Context" in types:
        return "pages/reader.html", {**ctx, **reader_view(state, iri, base)}
    if PK + "Report" in types:
        return "pages/report.html", {**ctx, **report_view(state, iri, base)}
    if PK + "Observation" in types:
        return "pages/observation.html", {**ctx, **observation_view(state, iri, base)}
    if PK + "Indicator" in types:
        return "pages/indicator.html", {**ctx, **indicator_view(state, iri, base)}
    if types & ENTITY_CLASSES:
        return "pages/entity.html", {**ctx, **entity_view(state, iri, base)}
    return "pages/resource.html", ctx


# ---------------------------------------------------------------- quotes


def quote(text_iri: str, start: int, end: int, base: str, around: tuple[int, int] | None = None) -> dict:
    """A sentence (or the given range) of a report with ``[start, end)`` marked."""
    text = report_text(text_iri)
    s, e = around if around else reader.sentence_bounds(text, start, end)
    s, e = min(s, start), max(e, end)
    return {"before": text[s:start], "mark": text[start:end], "after": text[end:e],
            "href": urls.span_link(text_iri, start, end, base), "start": start, "end": end}


def mentions(state, iri: str, base: str) -> list[dict]:
    rows = select(state, f"""
      SELECT ?text ?s ?e ?report ?rl WHERE {{ {q_iri(iri)} pk:mention ?m .
        ?m nif:referenceContext ?text ; nif:beginIndex ?s ; nif:endIndex ?e .
        OPTIONAL {{ ?report pk:hasText ?text OPTIONAL {{ ?report rdfs:label ?rl FILTER(lang(?rl) = "zh") }} }}
      }} ORDER BY ?report ?s""")
    out = []
    for r in rows:
        q = quote(r["text"].value, int(r["s"].value), int(r["e"].value), base)
        q["report"] = r["rl"].value if "rl" in r else (r["report"].value if "report" in r else "")
        out.append(q)
    return out


# ---------------------------------------------------------------- special views


def entity_view(state, iri: str, base: str) -> dict:
    out = {"mentions": mentions(state, iri, base), "map": None}
    rows = select(state, f"SELECT ?w WHERE {{ {q_iri(iri)} geo:hasGeometry/geo:asWKT ?w }} LIMIT 1")
    point = parse_wkt(rows[0]["w"].value) if rows else None
    if point:
        others = []
        for r in select(state, """SELECT ?p ?w ?l WHERE { ?p a pk:Place ; geo:hasGeometry/geo:asWKT ?w .
                                  OPTIONAL { ?p skos:prefLabel ?l FILTER(lang(?l) = "zh") } }"""):
            pt = parse_wkt(r["w"].value)
            if pt and r["p"].value != iri:
                others.append((urls.link_for(r["p"].value, base), r["l"].value if "l" in r else "", *pt))
        out["map"] = locator(point, others)
    return out


def observation_view(state, iri: str, base: str) -> dict:
    rows = select(state, f"""
      SELECT ?text ?s ?e ?cs ?ce WHERE {{ {q_iri(iri)} pk:source ?sp .
        ?sp nif:referenceContext ?text ; nif:beginIndex ?s ; nif:endIndex ?e .
        OPTIONAL {{ {q_iri(iri)} pk:clause ?c . ?c nif:beginIndex ?cs ; nif:endIndex ?ce .
                    FILTER(?cs <= ?s && ?ce >= ?e) }} }} ORDER BY ?s""")
    sources, seen = [], set()
    for r in rows:
        s, e = int(r["s"].value), int(r["e"].value)
        if (s, e) in seen:
            continue
        seen.add((s, e))
        text = report_text(r["text"].value)
        sent = reader.sentence_bounds(text, s, e)
        q = quote(r["text"].value, s, e, base, around=sent)
        if "cs" in r:
            q["clause_href"] = urls.span_link(r["text"].value, int(r["cs"].value), int(r["ce"].value), base)
        sources.append(q)
    return {"sources": sources}


def indicator_view(state, iri: str, base: str) -> dict:
    values = of_indicator(state, iri, base)
    charts = []
    for measure, unit in (("growth_pct", "%"), ("level", "")):
        vs = [v for v in values if v.measure == measure]
        if not vs:
            continue
        groups = [(f"{v.period} {v.status_label}", [(v.value, "plan" if v.plan else "done", v.href, v.shown)])
                  for v in sorted(vs, key=lambda v: (v.period, v.plan))]
        units = {v.unit for v in vs}
        charts.append({"measure": measure, "unit": unit or (units.pop() if len(units) == 1 else ""),
                       "chart": bar_chart(groups, unit)})
    return {"values": values, "charts": charts,
            "definition_zh": ctx_literal(state, iri, SKOS + "definition", "zh"),
            "definition_en": ctx_literal(state, iri, SKOS + "definition", "en")}


def ctx_literal(state, iri: str, prop: str, lang: str) -> str:
    rows = select(state, f'SELECT ?v WHERE {{ {q_iri(iri)} {q_iri(prop)} ?v FILTER(lang(?v) = "{lang}") }} LIMIT 1')
    return rows[0]["v"].value if rows else ""


def report_view(state, iri: str, base: str) -> dict:
    rep = next((r for r in rep_mod.reports(state) if r.iri == iri), None)
    secs = rep_mod.sections(state, iri)
    return {"report": rep, "sections": [{**s, "href": urls.span_link(rep.text, s["start"], s["end"], base)}
                                        for s in secs] if rep else [],
            "reader": urls.link_for(rep.text, base) if rep else "",
            "source": urls.download(f"report/{rep.rid}.txt") if rep else ""}


def reader_view(state, text_iri: str, base: str) -> dict:
    rep = rep_mod.report_of_text(state, text_iri)
    text = report_text(text_iri)
    secs = rep_mod.sections(state, rep.iri) if rep else []
    qmarks = rep_mod.quantity_marks(state, text_iri, base)
    emarks = rep_mod.mention_marks(state, text_iri, base)
    marks = qmarks + emarks + rep_mod.clause_marks(state, text_iri) + rep_mod.heading_marks(secs, base)
    toc = [{**s, "href": f"#char={s['start']},{s['end']}"} for s in secs]
    return {"report": rep, "tree": reader.layout(text, marks), "toc": toc,
            "n_quantities": len({(m.start, m.end) for m in qmarks}),
            "n_plan": len({(m.start, m.end) for m in qmarks if m.info["plan"]}),
            "n_mentions": len(emarks), "report_href": urls.link_for(rep.iri, base) if rep else ""}
