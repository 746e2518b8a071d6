"""Relations the entities stage reads from invented paragraphs: project status with its year,
location, containment, superior bodies, titles and who received them, programmes and the body
that issues them, a project's stated investment."""
from __future__ import annotations

import pytest
from test_entities import named, report, run

PLACE = "广东省佛山市顺德区"


@pytest.fixture(scope="module")
def ex(lexicon, gazetteer):
    execution = (
        "顺德高新区建设提速，格兰仕智能制造产业园等6个项目开工，碧桂园科技大厦、容桂滨江公园等4个项目竣工。"
        "大良街道红岗社区获评全国民主法治示范社区。严格落实国务院联防联控机制第十版防控方案。"
        "乐从家具城二期项目总投资12亿元。北滘文化中心主体结构封顶。")
    plan = "推动陈村花卉世界、北滘广场等项目开工，加快建设广州南站至顺德城际轨道。"
    return run(report(PLACE, execution, plan), lexicon, gazetteer)


def rels(ex, predicate):
    return {(r.subject, r.object, r.period) for r in ex.relations if r.predicate == predicate}


def test_relations_status_and_period(ex):
    pr = named(ex, "Project")
    st = rels(ex, "status")
    assert (pr["格兰仕智能制造产业园"].key, "started", 2023) in st
    assert (pr["碧桂园科技大厦"].key, "completed", 2023) in st
    assert (pr["陈村花卉世界"].key, "planned", 2024) in st
    for r in ex.relations:
        if r.predicate == "status":
            assert r.object in {"planned", "signed", "started", "in_progress", "topped_out", "completed", "opened"}
            assert r.evidence is not None and ex.source.raw[r.evidence.start:r.evidence.end] == r.evidence.text


def test_relations_location_is_the_sentence_zone_or_the_area(ex):
    pr, pl = named(ex, "Project"), named(ex, "Place")
    loc = {(s, o) for s, o, _ in rels(ex, "location")}
    assert (pr["格兰仕智能制造产业园"].key, pl["顺德高新区"].key) in loc
    assert (pr["陈村花卉世界"].key, pl["顺德区"].key) in loc


def test_relations_containment(ex):
    pl = named(ex, "Place")
    assert pl["红岗社区"].part_of == pl["大良街道"].key
    assert pl["大良街道"].part_of == pl["顺德区"].key
    assert pl["顺德区"].part_of == pl["佛山市"].key
    assert pl["佛山市"].part_of == pl["广东省"].key
    assert pl["顺德高新区"].part_of == pl["顺德区"].key


def test_relations_title_conferred(ex):
    aw, pl = named(ex, "Award"), named(ex, "Place")
    assert (aw["全国民主法治示范社区"].key, pl["红岗社区"].key, None) in rels(ex, "conferred_on")


def test_relations_programme_of_a_body(ex):
    pg, ag = named(ex, "Program"), named(ex, "Agency")
    assert (pg["第十版防控方案"].key, ag["国务院联防联控机制"].key, None) in rels(ex, "responsible")


def test_relations_investment_of_a_single_project(ex):
    pr = named(ex, "Project")
    inv = [r for r in ex.relations if r.predicate == "investment" and r.subject == pr["乐从家具城二期"].key]
    assert inv
    o = ex.observations[int(inv[0].object)]
    assert o.value_base == 1200000000
    assert (pr["北滘文化中心"].key, "topped_out", 2023) in rels(ex, "status")


def test_relations_point_at_known_entities(ex):
    keys = {e.key for e in ex.entities}
    for r in ex.relations:
        assert r.subject in keys
        if r.predicate in ("location", "conferred_on", "responsible", "part_of"):
            assert r.object in keys
    for e in ex.entities:
        assert e.part_of is None or e.part_of in keys
