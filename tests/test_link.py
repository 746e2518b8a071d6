"""External identifiers: every one in the built KG cites its source and is found in the
gazetteer files it cites; a division is linked only where the report's context resolves it, and
a verified link only to the thing whose name and code it was verified for."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, SKOS
from test_entities import build_seed_kg, named, report, run

from kg.link import links_for
from kg.model import Entity
from kg.vocab import GEO, PK

GAZ = Path(__file__).resolve().parent.parent / "data" / "gazetteer"



@pytest.fixture(scope="module")
def entity_kg(tmp_path_factory, settings):
    return build_seed_kg(tmp_path_factory, settings)


def _rows(name: str) -> list[dict]:
    text = (GAZ / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO("\n".join(ln for ln in text.splitlines() if not ln.startswith("#")))))


@pytest.fixture(scope="module")
def graph(entity_kg):
    ds = Dataset()
    ds.parse(entity_kg / "kg.nq", format="nquads")
    g = ds.graph()
    for q in ds.quads((None, None, None, None)):
        g.add(q[:3])
    return g


def _zh(g, s) -> str:
    return next(str(o) for o in g.objects(s, SKOS.prefLabel) if getattr(o, "language", "") == "zh")


def test_link_every_identifier_cites_a_source(graph):
    linked = set(graph.subjects(OWL.sameAs, None)) | set(graph.subjects(PK.divisionCode, None)) | set(
        graph.subjects(GEO.hasGeometry, None))
    assert linked
    for s in linked:
        sources = list(graph.objects(s, PK.linkSource))
        assert len(sources) == 1 and str(sources[0]).strip(), s


def test_link_identifiers_are_in_the_cited_files(graph):
    divisions = {(r["code"], r["name"]) for r in _rows("divisions.csv")}
    verified = {r["name_zh"]: r for r in _rows("verified_links.csv")}
    for s, code in graph.subject_objects(PK.divisionCode):
        assert (str(code), _zh(graph, s)) in divisions, (s, code)
        assert "divisions.csv" in str(graph.value(s, PK.linkSource))
    for s, o in graph.subject_objects(OWL.sameAs):
        row = verified[_zh(graph, s)]
        ident = str(o).rstrip("/").rsplit("/", 1)[-1]
        assert ident in (row["wikidata"], row["geonames"]), (s, o)
        assert row["confidence"] == "high"
        assert "verified_links.csv" in str(graph.value(s, PK.linkSource))
        if row["gbt2260_or_stats_code"]:
            assert str(graph.value(s, PK.divisionCode)) == row["gbt2260_or_stats_code"]
    for s, geom in graph.subject_objects(GEO.hasGeometry):
        row = verified[_zh(graph, s)]
        wkt = str(graph.value(geom, GEO.asWKT))
        assert wkt == f"POINT({row['lon']} {row['lat']})"


def test_link_the_report_area_and_its_superiors(graph, base_iri="https://w3id.org/plankg/"):
    area = URIRef(base_iri + "id/place/350104")
    assert str(graph.value(area, PK.divisionCode)) == "350104"
    assert (area, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1033221")) in graph
    city = URIRef(base_iri + "id/place/350100")
    assert (city, OWL.sameAs, URIRef("https://sws.geonames.org/1810821/")) in graph


@pytest.mark.parametrize("place_full, code", [
    ("江苏省南京市玄武区", "320106"),  # Nanjing's 鼓楼区
    ("江苏省徐州市云龙区", "320302"),  # Xuzhou's
    ("江苏省苏州市吴中区", None),  # two in the province, none in the city: ambiguous
    ("四川省成都市双流区", None),  # none in the province
])
def test_link_same_named_district_is_resolved_only_in_context(lexicon, gazetteer, place_full, code):
    ex = run(report(place_full, "与鼓楼区开展合作，共建产业园区。"), lexicon, gazetteer)
    codes = {e.links.get("admin_code") for e in ex.entities if e.name == "鼓楼区"}
    if code is None:
        assert not codes - {None}
    else:
        assert codes == {code}
    for e in ex.entities:
        # the verified Wikidata item of Fuzhou's 鼓楼区 never lands on another 鼓楼区
        assert e.links.get("wikidata") != "Q1337432"


def test_link_rows_fit_only_their_kind_and_code(gazetteer):
    # a place named like a verified row but without its code gets nothing from it
    e = Entity(key="Place:仓山区", type="Place", name="仓山区")
    assert links_for(e, gazetteer) == {}
    e = Entity(key="Place:仓山区", type="Place", name="仓山区", links={"admin_code": "350104"})
    ln = links_for(e, gazetteer)
    assert ln["wikidata"] == "Q1033221" and ln["admin_code"] == "350104" and ln["level"] == "county"
    # an event with that name is not the place
    assert links_for(Entity(key="Event:仓山区", type="Event", name="仓山区"), gazetteer) == {}
    # a company row without a verified identifier gives none
    assert links_for(Entity(key="Organization:华能国际", type="Organization", name="华能国际"), gazetteer) == {}
    # a division code the gazetteer gives another name is dropped
    assert links_for(Entity(key="Place:X区", type="Place", name="X区", links={"admin_code": "350104"}),
                     gazetteer) == {}


def test_link_province_abbreviations_are_read_in_runs_only(lexicon, gazetteer):
    ex = run(report("福建省福州市仓山区", "组织企业赴京沪等地开展招商，京剧进校园活动持续开展。"), lexicon, gazetteer)
    pl = named(ex, "Place")
    assert pl["京"].links["admin_code"] == "110000" and pl["沪"].links["admin_code"] == "310000"
    assert sum(1 for m in pl["京"].mentions) == 1  # not the 京 of 京剧
