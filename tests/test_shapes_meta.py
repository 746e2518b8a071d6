"""The shapes graph itself: well-formed SHACL, every shape named and explained in Chinese and
English, every class of the ontology and every property of the data covered, the closed code lists
equal to the vocabulary's, and every SHACL-SPARQL query parseable with the declared prefixes."""
from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH
from rdflib.plugins.sparql import prepareQuery

from kg.build import shapes_graph, union_graph, vocabulary_graph
from kg.vocab import CODE_LISTS, PK, code

PS = "https://w3id.org/plankg/shapes#"
SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)


@pytest.fixture(scope="module")
def shapes(settings):
    return shapes_graph(settings)


def _shacl_shacl() -> Graph:
    # pyshacl ships the W3C "SHACL for SHACL" shapes graph (SHACL §C)
    return Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl", format="turtle")


def test_shapes_conform_to_shacl_for_shacl(shapes):
    meta = _shacl_shacl()
    conforms, _report, text = pyshacl.validate(shapes, shacl_graph=meta)
    assert conforms, text
    broken = Graph()
    broken += shapes
    broken.add((URIRef(PS + "ReportShape"), SH.minCount, Literal("one")))  # SHACL-for-SHACL catches this
    assert not pyshacl.validate(broken, shacl_graph=meta)[0]


def test_shapes_every_shape_has_an_iri_a_name_and_a_message_in_zh_and_en(shapes):
    all_shapes = {s for t in SHAPE_TYPES for s in shapes.subjects(RDF.type, t)}
    assert len(all_shapes) > 100
    for s in all_shapes:
        assert isinstance(s, URIRef) and str(s).startswith(PS), f"a shape without a readable IRI: {s}"
        for p in (SH.name, SH.message):
            langs = sorted(getattr(v, "language", None) or "" for v in shapes.objects(s, p))
            assert langs == ["en", "zh"], f"{s} has {p} in {langs}"


def test_shapes_every_class_of_the_ontology_has_a_node_shape(shapes, settings):
    vocab = vocabulary_graph(settings)
    classes = {c for c in vocab.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(PK._NS))}
    assert len(classes) >= 25
    targeted = {c for s in shapes.subjects(RDF.type, SH.NodeShape) for c in shapes.objects(s, SH.targetClass)}
    assert classes - targeted == set()


def _path_properties(shapes: Graph, path) -> set:
    if isinstance(path, URIRef):
        return {path}
    found = set()
    for p in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        inner = shapes.value(path, p)
        if inner is not None:
            found |= _path_properties(shapes, inner)
    if (path, RDF.first, None) in shapes:
        for item in shapes.items(path):
            found |= _path_properties(shapes, item)
    return found


def test_shapes_every_property_of_the_data_has_a_property_shape(shapes, seed_kg, settings):
    ds = Dataset()
    ds.parse(seed_kg / "kg.nq", format="nquads")
    vocabulary = URIRef(settings.base_iri + "graph/vocabulary")
    used = {p for _s, p, _o, g in ds.quads((None, None, None, None)) if g != vocabulary}
    covered = set()
    for s in shapes.subjects(SH.path, None):
        for path in shapes.objects(s, SH.path):
            covered |= _path_properties(shapes, path)
    assert used - covered == set()


@pytest.mark.parametrize("shape,code_list", [("MeasureKindCodeShape", "measure"), ("StatusCodeShape", "status"),
                                             ("QualifierCodeShape", "qualifier"), ("ReportPartCodeShape", "part"),
                                             ("ProjectStatusCodeShape", "project-status")])
def test_shapes_closed_code_lists_are_the_vocabulary_code_lists(shapes, shape, code_list):
    listed = list(shapes.items(shapes.value(URIRef(PS + shape), SH["in"])))
    assert listed == [code(code_list, c) for c in CODE_LISTS[code_list]]


def test_shapes_every_sparql_query_parses_with_the_declared_prefixes(shapes):
    constraints = list(shapes.subject_objects(SH.sparql))
    assert len(constraints) > 20
    for shape, constraint in constraints:
        declared = shapes.value(constraint, SH.prefixes)
        assert declared == URIRef("https://w3id.org/plankg/shapes"), f"{shape}: queries use the shared prefixes"
        prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                           for d in shapes.objects(declared, SH.declare))
        query = str(shapes.value(constraint, SH.select))
        # $PATH is replaced by the shape's path before a query runs (SHACL §5.3.1)
        query = query.replace("$PATH", "<urn:x-path:p>")
        assert "$this" in query, f"{shape}: a constraint that ignores its focus node"
        prepareQuery(prefixes + query)


def test_shapes_no_blank_node_shapes_or_rules(shapes):
    assert not any(isinstance(s, BNode) for t in SHAPE_TYPES for s in shapes.subjects(RDF.type, t))
    assert not list(shapes.triples((None, SH.rule, None)))


def test_shapes_graph_of_a_kg_has_no_shapes_in_it(seed_kg):
    """The data never carries shapes: a validator given the KG must not pick up targets from it."""
    ds = Dataset()
    ds.parse(seed_kg / "kg.nq", format="nquads")
    assert not list(union_graph(ds).subjects(RDF.type, SH.NodeShape))
