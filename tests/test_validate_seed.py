"""The shipped KG conforms, and each way of corrupting it is caught by the shape meant to catch it.

Corruptions are made in memory on a copy of the built seed KG; the nodes they touch are found by
what they are (the first rank observation, a span of a number …), never by the report's words."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS, XSD

from kg.build import shapes_graph, union_graph
from kg.validate import validate
from kg.vocab import DCAT, NIF, PK, QB, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE, WD, code

PS = "https://w3id.org/plankg/shapes#"


@pytest.fixture(scope="module")
def seed_graph(seed_kg) -> Graph:
    ds = Dataset()
    ds.parse(seed_kg / "kg.nq", format="nquads")
    return union_graph(ds)


@pytest.fixture(scope="module")
def shapes(settings):
    return shapes_graph(settings)


def _first(g: Graph, variables: str, where: str):
    """The first solution (in a stable order) of a query over the KG; fails when there is none."""
    rows = sorted(g.query(f"SELECT {variables} WHERE {{ {where} }}",
                          initNs={"pk": PK, "nif": NIF, "qb": QB, "sdmx-dimension": SDMX_DIMENSION,
                                  "sdmx-measure": SDMX_MEASURE, "sdmx-attribute": SDMX_ATTRIBUTE,
                                  "skos": SKOS, "rdfs": RDFS, "dcat": DCAT}),
                  key=lambda r: tuple(str(x) for x in r))
    assert rows, f"the seed KG has nothing matching {where}"
    return rows[0]


def _replace(g: Graph, s, p, o) -> None:
    g.remove((s, p, None))
    g.add((s, p, o))


def wrong_offset(g):
    span, begin = _first(g, "?span ?begin", "?o pk:source ?span . ?span nif:beginIndex ?begin")
    _replace(g, span, NIF.beginIndex, Literal(int(begin) + 1, datatype=XSD.nonNegativeInteger))


def missing_dimension(g):
    (o,) = _first(g, "?o", "?o a pk:Observation")
    g.remove((o, SDMX_DIMENSION.refPeriod, None))


def duplicate_observation(g):
    (o,) = _first(g, "?o", "?o a pk:Observation")
    twin = URIRef(str(o) + "-twin")
    for p, v in list(g.predicate_objects(o)):
        g.add((twin, p, v))


def unknown_status(g):
    (o,) = _first(g, "?o", "?o a pk:Observation")
    _replace(g, o, SDMX_ATTRIBUTE.obsStatus, URIRef(str(code("status", "estimate")).replace("estimate", "rumoured")))


def unit_missing(g):
    (o,) = _first(g, "?o", "?o pk:unitText ?t ; sdmx-attribute:unitMeasure ?u")
    g.remove((o, SDMX_ATTRIBUTE.unitMeasure, None))


def label_without_language(g):
    o, label = _first(g, "?o ?label", "?o a pk:Observation ; rdfs:label ?label")
    _replace(g, o, RDFS.label, Literal(str(label)))


def period_not_a_year(g):
    o, period = _first(g, "?o ?period", "?o a pk:Observation ; sdmx-dimension:refPeriod ?period")
    _replace(g, o, SDMX_DIMENSION.refPeriod, Literal(f"{period}-12", datatype=XSD.gYear))


def rank_not_an_integer(g):
    (o,) = _first(g, "?o", f"?o pk:measureKind <{code('measure', 'rank')}>")
    _replace(g, o, SDMX_MEASURE.obsValue, Literal(Decimal("2.5")))


def span_reversed(g):
    span, begin, end = _first(g, "?span ?begin ?end", "?o pk:clause ?span . ?span nif:beginIndex ?begin ; nif:endIndex ?end")
    _replace(g, span, NIF.beginIndex, end)
    _replace(g, span, NIF.endIndex, begin)


def observation_without_data_set(g):
    (o,) = _first(g, "?o", "?o a pk:Observation")
    g.remove((o, QB.dataSet, None))


def indicator_outside_code_list(g):
    (i,) = _first(g, "?i", "?o pk:indicator ?i . ?i skos:inScheme ?s . FILTER NOT EXISTS { ?i a pk:HeadlineIndicator }")
    g.remove((i, SKOS.inScheme, None))


def identifier_without_source(g):
    (e,) = _first(g, "?e", "?e pk:mention ?m . FILTER NOT EXISTS { ?e pk:linkSource ?s }")
    g.add((e, OWL.sameAs, WD.Q1))


def base_value_without_multiplier(g):
    o, value = _first(g, "?o ?value", "?o sdmx-attribute:unitMult ?m ; sdmx-measure:obsValue ?value")
    _replace(g, o, PK.baseValue, value)


def distribution_without_media_type(g):
    (d,) = _first(g, "?d", "?d a dcat:Distribution")
    g.remove((d, DCAT.mediaType, None))


def dimension_made_optional(g):
    g.add((PK.componentPeriod, QB.componentRequired, Literal(False)))


CORRUPTIONS = [
    (wrong_offset, "SpanQuoteShape", f"^<{NIF.referenceContext}>"),
    (missing_dimension, "IC-11-AllDimensionsRequired", str(SDMX_DIMENSION.refPeriod)),
    (duplicate_observation, "IC-12-NoDuplicateObservations", f"^<{QB.dataSet}>"),
    (unknown_status, "StatusCodeShape", str(SDMX_ATTRIBUTE.obsStatus)),
    (unit_missing, "StatedUnitShape", str(SDMX_ATTRIBUTE.unitMeasure)),
    (label_without_language, "Label-label", str(RDFS.label)),
    (period_not_a_year, "Observation-refPeriod", str(SDMX_DIMENSION.refPeriod)),
    (rank_not_an_integer, "RankValueShape", f"^<{QB.dataSet}>"),
    (span_reversed, "Span-beginIndex", str(NIF.beginIndex)),
    (observation_without_data_set, "IC-1-UniqueDataSet", str(QB.dataSet)),
    (indicator_outside_code_list, "IC-19-CodesFromCodeList", str(PK.indicator)),
    (identifier_without_source, "LinkSourceShape", str(PK.linkSource)),
    (base_value_without_multiplier, "BaseValueShape", f"^<{QB.dataSet}>"),
    (distribution_without_media_type, "Distribution-mediaType", str(DCAT.mediaType)),
    (dimension_made_optional, "IC-6-OnlyAttributesMayBeOptional", str(QB.component)),
]


def test_validate_seed_kg_conforms(seed_graph, shapes, seed_kg):
    v = validate(seed_graph, shapes)
    assert v.violations == (), v.violations[:3]
    assert v.conforms
    checked = {c.shape.rsplit("#", 1)[-1]: c.focus_nodes for c in v.checked}
    manifest = json.loads((seed_kg / "manifest.json").read_text(encoding="utf-8"))
    assert checked["ObservationShape"] == manifest["observations"] > 0
    assert checked["SpanQuoteShape"] == len(manifest["reports"])
    assert checked["IC-12-NoDuplicateObservations"] == len(manifest["reports"])
    # the build published the same verdict, with what each shape checked
    published = json.loads((seed_kg / "download" / "validation.json").read_text(encoding="utf-8"))
    assert published["conforms"] is True and published["violations"] == 0
    assert {c["shape"]: c["focus_nodes"] for c in published["checked"]} == {c.shape: c.focus_nodes for c in v.checked}


@pytest.mark.parametrize("corrupt,shape,path", CORRUPTIONS, ids=[c[0].__name__ for c in CORRUPTIONS])
def test_validate_seed_corruption_is_caught_by_its_shape(corrupt, shape, path, seed_graph, shapes):
    g = Graph()
    g += seed_graph
    corrupt(g)
    v = validate(g, shapes)
    assert not v.conforms
    caught = {(r.shape, r.path) for r in v.violations}
    assert (PS + shape, path) in caught, sorted(caught)
