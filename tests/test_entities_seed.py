"""The entities of the shipped report: held at the bar by the project's scorer against the gold,
every mention slices the raw text to a name, the entities validate against the shapes, and the
graph answers "projects completed in 2022 with their place and district code"."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyoxigraph
import pytest
from test_entities import build_seed_kg
from reports import scorer

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).parent / "gold"
RAW = (ROOT / "data" / "reports" / "cangshan-2022-plan-report.txt").read_bytes().decode("utf-8")



@pytest.fixture(scope="module")
def entity_kg(tmp_path_factory, settings):
    return build_seed_kg(tmp_path_factory, settings)



@pytest.fixture(scope="module")
def rows(entity_kg):
    from kg import export
    from kg.store import load_memory_store, open_kg

    return export.entity_rows(load_memory_store(open_kg(entity_kg)))


def test_entities_seed_score_at_the_bar(rows):
    sc = scorer()
    from kg import export

    pred = list(csv.DictReader(io.StringIO(export.to_csv(rows, export.ENTITY_COLUMNS))))
    res = sc.score_entities(sc.load_gold(str(GOLD / "seed_entities.jsonl")), pred)
    assert res["levels"]["entity"]["f1"] >= 0.90, res["levels"]
    for t, m in res["by_type"].items():
        assert m["f1"] >= 0.80, (t, m)


def test_entities_seed_export_columns(rows):
    from kg import export

    assert export.ENTITY_COLUMNS[:10] == ("entity", "type", "name_zh", "name_en", "name_pinyin", "aliases",
                                          "mentions", "wikidata", "admin_code", "geonames")
    types = {r["type"] for r in rows}
    assert types == {"Place", "Agency", "Organization", "Project", "Program", "Event", "Award"}


def test_entities_seed_every_mention_is_a_name_or_alias(rows):
    assert rows
    for r in rows:
        names = {r["name_zh"], *r["aliases"].split(";")}
        for m in filter(None, r["mentions"].split(";")):
            s, e = (int(x) for x in m.rsplit(":", 1)[-1].split("-"))
            assert RAW[s:e] in names, (r["name_zh"], RAW[s:e])


def test_entities_seed_issuer_meeting_and_area(entity_kg):
    st = pyoxigraph.Store()
    st.load((entity_kg / "kg.nq").read_bytes(), format=pyoxigraph.RdfFormat.N_QUADS)
    q = """PREFIX pk: <https://w3id.org/plankg/def#> PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?creator ?meeting ?area WHERE { ?r a pk:Report ; dcterms:creator ?c ; pk:presentedAt ?m ;
      dcterms:spatial ?a . ?c skos:prefLabel ?creator . ?m skos:prefLabel ?meeting . ?a skos:prefLabel ?area }"""
    sols = [[t.value for t in s] for s in st.query(q, use_default_graph_as_union=True)]
    assert sols == [["福州市仓山区发展和改革局", "仓山区第十八届人民代表大会第二次会议", "仓山区"]]


COMPLETED_2022 = """
PREFIX pk: <https://w3id.org/plankg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?project ?place ?code WHERE {
  ?p a pk:Project ; skos:prefLabel ?project ; pk:milestone ?m ; schema:location ?pl .
  ?m pk:projectStatus <https://w3id.org/plankg/code/project-status/completed> ; pk:period "2022"^^xsd:gYear .
  ?pl skos:prefLabel ?place .
  ?pl schema:containedInPlace* ?d . ?d pk:divisionCode ?code ; pk:divisionLevel "county" .
} ORDER BY ?project
"""


def test_entities_seed_sparql_projects_completed_in_2022(entity_kg):
    st = pyoxigraph.Store()
    st.load((entity_kg / "kg.nq").read_bytes(), format=pyoxigraph.RdfFormat.N_QUADS)
    got = {tuple(t.value for t in s) for s in st.query(COMPLETED_2022, use_default_graph_as_union=True)}
    # the report: 永南中学新校、花溪幼儿园等9个项目竣工; 三江口片区建设…，福州地铁6号线等18个项目竣工
    assert {("永南中学新校", "仓山区", "350104"), ("花溪幼儿园", "仓山区", "350104"),
            ("福州地铁6号线", "三江口片区", "350104")} == got


def test_entities_seed_entities_validate_against_the_shapes(entity_kg, settings):
    """No violation of the shapes concerns an entity, a mention or a milestone (other parts of the
    graph are other stages' business)."""
    from rdflib import Dataset, Graph

    from kg.build import shapes_graph
    from kg.validate import validate

    ds = Dataset()
    ds.parse(entity_kg / "kg.nq", format="nquads")
    g = Graph()
    for q in ds.quads((None, None, None, None)):
        g.add(q[:3])
    v = validate(g, shapes_graph(settings))
    mine = re.compile(r"/id/(place|agency|organization|project|program|event|award|milestone)/|#char=")
    bad = [x for x in v.violations if mine.search(str(x.focus))]
    assert not bad, bad[:3]


def test_entities_no_gold_name_in_code():
    import json

    names = [json.loads(ln)["name"] for ln in (GOLD / "seed_entities.jsonl").read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    code = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "kg").glob("*.py")}
    for n in names:
        plain = n.replace("“", "").replace("”", "")
        if len(plain) >= 4:
            for f, text in code.items():
                assert n not in text and plain not in text, (n, f)
