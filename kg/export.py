"""Tidy tables out of a built KG: observations and entities, as CSV or JSON.

The tables are read back from the graph with SPARQL, so they show exactly what the KG says.
Their first columns are a contract that outside tools rely on (see README): never reorder them.
"""
from __future__ import annotations

import csv
import io
import json

OBSERVATION_COLUMNS = (
    "observation", "report", "indicator", "indicator_code", "subject_zh", "subject_en", "place", "place_zh",
    "period", "measure", "value", "unit_text", "value_base", "unit_base", "qualifier", "status",
    "source_start", "source_end", "quote",
    # more columns, after the contract ones
    "clause_start", "clause_end", "clause", "section", "rule",
)
ENTITY_COLUMNS = (
    "entity", "type", "name_zh", "name_en", "name_pinyin", "aliases", "mentions", "wikidata", "admin_code",
    "geonames",
    "subtype", "part_of", "lat", "lon", "link_source", "reports",
)
ENTITY_TYPES = {
    "Place": "Place", "GovernmentAgency": "Agency", "Organization": "Organization", "Project": "Project",
    "Program": "Program", "Event": "Event", "Award": "Award",
}

PREFIXES = """
PREFIX pk: <https://w3id.org/plankg/def#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

OBSERVATIONS_QUERY = PREFIXES + """
SELECT ?observation ?report ?indicator ?indicator_code ?subject_zh ?subject_en ?place ?place_zh ?period
       ?measure ?value ?unit_text ?value_base ?unit_base ?qualifier ?status ?source_start ?source_end ?quote
       ?clause_start ?clause_end ?clause ?section ?rule
WHERE {
  ?observation a qb:Observation ;
     pk:report ?report ;
     pk:indicator ?indicator ;
     sdmx-dimension:refArea ?place ;
     sdmx-dimension:refPeriod ?period ;
     pk:measureKind ?m ;
     sdmx-measure:obsValue ?value ;
     pk:baseValue ?value_base ;
     sdmx-attribute:obsStatus ?s ;
     pk:qualifier ?q ;
     pk:subject ?subject_zh ;
     pk:source ?span .
  ?span nif:beginIndex ?source_start ; nif:endIndex ?source_end ; nif:anchorOf ?quote .
  ?m skos:notation ?measure . ?s skos:notation ?status . ?q skos:notation ?qualifier .
  OPTIONAL { ?observation pk:unitText ?unit_text }
  OPTIONAL { ?observation sdmx-attribute:unitMeasure ?u . ?u skos:prefLabel ?unit_base . FILTER(lang(?unit_base) = "zh") }
  OPTIONAL { ?indicator a pk:HeadlineIndicator ; skos:notation ?code1 }
  OPTIONAL { ?indicator skos:broader ?bi . ?bi a pk:HeadlineIndicator ; skos:notation ?code2 }
  BIND(COALESCE(?code1, ?code2) AS ?indicator_code)
  OPTIONAL { ?indicator a pk:HeadlineIndicator ; skos:prefLabel ?subject_en . FILTER(lang(?subject_en) = "en") }
  OPTIONAL { ?place skos:prefLabel ?place_zh . FILTER(lang(?place_zh) = "zh") }
  OPTIONAL { ?observation pk:clause ?cl .
             ?cl nif:beginIndex ?clause_start ; nif:endIndex ?clause_end ; nif:anchorOf ?clause .
             FILTER(?clause_start <= ?source_start && ?clause_end >= ?source_end) }
  OPTIONAL { ?observation pk:inSection ?section }
  OPTIONAL { ?observation pk:extractionRule ?rule }
}
ORDER BY ?report ?source_start ?source_end
"""

ENTITIES_QUERY = PREFIXES + """
SELECT ?entity ?class ?name_zh ?name_en ?name_pinyin ?wikidata ?geonames ?admin_code ?part_of ?wkt ?link_source
WHERE {
  VALUES ?class { pk:Place pk:GovernmentAgency pk:Organization pk:Project pk:Program pk:Event pk:Award }
  ?entity a ?class ; skos:prefLabel ?name_zh . FILTER(lang(?name_zh) = "zh")
  OPTIONAL { ?entity rdfs:label ?name_en . FILTER(lang(?name_en) = "en") }
  OPTIONAL { ?entity rdfs:label ?name_pinyin . FILTER(lang(?name_pinyin) = "zh-latn-pinyin") }
  OPTIONAL { ?entity owl:sameAs ?wikidata . FILTER(STRSTARTS(STR(?wikidata), "http://www.wikidata.org/entity/")) }
  OPTIONAL { ?entity owl:sameAs ?geonames . FILTER(STRSTARTS(STR(?geonames), "https://sws.geonames.org/")) }
  OPTIONAL { ?entity pk:divisionCode ?admin_code }
  OPTIONAL { ?entity schema:containedInPlace|org:subOrganizationOf|dcterms:isPartOf ?part_of }
  OPTIONAL { ?entity geo:hasGeometry/geo:asWKT ?wkt }
  OPTIONAL { ?entity pk:linkSource ?link_source }
}
ORDER BY ?entity
"""

ENTITY_DETAILS_QUERY = PREFIXES + """
SELECT ?entity ?kind ?value ?start ?end ?report WHERE {
  {
    ?entity skos:altLabel ?value . BIND("alias" AS ?kind)
  } UNION {
    ?entity pk:mention ?m . ?m nif:beginIndex ?start ; nif:endIndex ?end ; nif:referenceContext ?ctx .
    ?report pk:hasText ?ctx . BIND("mention" AS ?kind)
  } UNION {
    ?entity a ?sub . ?sub rdfs:subClassOf ?sup .
    FILTER(STRSTARTS(STR(?sub), "https://w3id.org/plankg/def#"))
    VALUES ?sup { pk:Place pk:Event } BIND(STR(?sub) AS ?value) BIND("subtype" AS ?kind)
  }
}
ORDER BY ?entity ?start
"""


def _term(t) -> str:
    if t is None:
        return ""
    return t.value


def observation_rows(store) -> list[dict]:
    rows = []
    seen = set()
    for sol in store.query(OBSERVATIONS_QUERY, use_default_graph_as_union=True):
        row = {c: _term(sol[c]) for c in OBSERVATION_COLUMNS}
        key = (row["observation"], row["source_start"], row["source_end"])
        if key in seen:  # several clauses or rules for one stated quantity: one row
            continue
        seen.add(key)
        rows.append(row)
    return rows


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def entity_rows(store, *, report: str | None = None) -> list[dict]:
    base: dict[str, dict] = {}
    for sol in store.query(ENTITIES_QUERY, use_default_graph_as_union=True):
        e = sol["entity"].value
        row = base.setdefault(e, {c: "" for c in ENTITY_COLUMNS})
        row["entity"] = e
        row["type"] = row["type"] or ENTITY_TYPES[_local(sol["class"].value)]
        for col in ("name_zh", "name_en", "name_pinyin", "admin_code", "link_source", "part_of"):
            if sol[col] is not None and not row[col]:
                row[col] = sol[col].value
        if sol["wikidata"] is not None:
            row["wikidata"] = _local(sol["wikidata"].value)
        if sol["geonames"] is not None:
            row["geonames"] = sol["geonames"].value.rstrip("/").rsplit("/", 1)[-1]
        if sol["wkt"] is not None and not row["lat"]:
            inner = sol["wkt"].value.split("(", 1)[-1].rstrip(")").split()
            if len(inner) == 2:
                row["lon"], row["lat"] = inner
    aliases: dict[str, list[str]] = {}
    mentions: dict[str, list[tuple[str, int, int]]] = {}
    subtypes: dict[str, set[str]] = {}
    for sol in store.query(ENTITY_DETAILS_QUERY, use_default_graph_as_union=True):
        e = sol["entity"].value
        if e not in base:
            continue
        kind = sol["kind"].value
        if kind == "alias":
            aliases.setdefault(e, []).append(sol["value"].value)
        elif kind == "mention":
            mentions.setdefault(e, []).append((sol["report"].value, int(sol["start"].value), int(sol["end"].value)))
        else:
            subtypes.setdefault(e, set()).add(_local(sol["value"].value))
    all_reports = {r for ms in mentions.values() for r, _s, _e in ms}
    several = len(all_reports) > 1 and report is None
    out = []
    for e, row in sorted(base.items()):
        ms = sorted(set(mentions.get(e, [])), key=lambda t: (t[0], t[1], t[2]))
        if report is not None:
            ms = [m for m in ms if m[0] == report or _local(m[0]) == report]
            if not ms:
                continue
        row["aliases"] = ";".join(sorted(set(aliases.get(e, []))))
        row["mentions"] = ";".join((f"{_local(r)}:" if several else "") + f"{s}-{t}" for r, s, t in ms)
        row["reports"] = ";".join(sorted({_local(r) for r, _s, _t in ms}))
        row["subtype"] = ";".join(sorted(subtypes.get(e, set())))
        out.append(row)
    return out


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def to_json(rows: list[dict], columns: tuple[str, ...]) -> str:
    return json.dumps([{c: r.get(c, "") for c in columns} for r in rows], ensure_ascii=False, indent=1) + "\n"
