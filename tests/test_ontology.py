"""The ontology files: they parse, every term is documented in Chinese and English, the Data Cube
structure, code lists, indicators and units are what the pipeline relies on."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg import vocab
from kg.vocab import PK, QB, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE

ONTOLOGY_DIR = Path(__file__).parent.parent / "ontology"
FILES = ("plankg.ttl", "dsd.ttl", "codelists.ttl", "units.ttl", "indicators.ttl")

PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
GEO = "http://www.opengis.net/ont/geosparql#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
VANN = "http://purl.org/vocab/vann/"
QUDT_UNIT = "http://qudt.org/vocab/unit/"
SDMX_CODE = "http://purl.org/linked-data/sdmx/2009/code#"

#: Types whose instances in our namespaces must carry zh/en labels and definitions.
DOCUMENTED_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, QB.DimensionProperty,
                    QB.MeasureProperty, QB.AttributeProperty, SKOS.Concept, SKOS.ConceptScheme,
                    QB.DataStructureDefinition)

#: The headline indicator codes of the gold annotation guide (FORMAT.md).
HEADLINE_CODES = {
    "GRP", "GRP_PRIMARY", "GRP_SECONDARY", "GRP_TERTIARY", "GPB_REVENUE_TOTAL", "GPB_REVENUE_LOCAL",
    "FAI", "RETAIL_SALES", "TRADE_TOTAL", "EXPORTS", "IMPORTS", "FDI_ACTUAL", "INDUSTRY_VALUE_ADDED",
    "INDUSTRY_OUTPUT", "DISPOSABLE_INCOME_PC", "DISPOSABLE_INCOME_PC_URBAN",
    "DISPOSABLE_INCOME_PC_RURAL", "CPI", "URBAN_JOBS_NEW", "UNEMPLOYMENT_URBAN",
}

#: Wikidata identifiers recorded as verified in the project's links table (shared/links); any other
#: Wikidata IRI in the ontology is a guess.
VERIFIED_WIKIDATA = {"P2131", "P442"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for name in FILES:
        g.parse(ONTOLOGY_DIR / name, format="turtle")
    return g


def _ours(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(vocab.VOCAB_ROOT)


def _langs(g: Graph, term, *predicates) -> set[str]:
    return {o.language for p in predicates for o in g.objects(term, p)
            if isinstance(o, Literal) and o.language}


def _documented_terms(g: Graph) -> list[URIRef]:
    return sorted({s for t in DOCUMENTED_TYPES for s in g.subjects(RDF.type, t) if _ours(s)}, key=str)


def _components(g: Graph, kind: URIRef) -> dict[URIRef, URIRef]:
    """component property -> component specification, for one kind (qb:dimension, …)."""
    return {g.value(spec, kind): spec for spec in g.objects(PK.reportObservationStructure, QB.component)
            if g.value(spec, kind) is not None}


# --- files and header -------------------------------------------------------------------------

@pytest.mark.parametrize("name", FILES)
def test_ontology_file_parses(name):
    g = Graph().parse(ONTOLOGY_DIR / name, format="turtle")
    assert len(g) > 0


def test_ontology_directory_has_no_unlisted_turtle_file():
    assert sorted(p.name for p in ONTOLOGY_DIR.glob("*.ttl")) == sorted(FILES)


def test_ontology_header(graph):
    onto = vocab.ONTOLOGY_IRI
    assert (onto, RDF.type, OWL.Ontology) in graph
    assert str(graph.value(onto, OWL.versionInfo)) == vocab.ONTOLOGY_VERSION
    assert graph.value(onto, OWL.versionIRI) == URIRef(f"{onto}/{vocab.ONTOLOGY_VERSION}")
    assert graph.value(onto, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(onto, DCTERMS.created) is not None
    assert graph.value(onto, DCTERMS.creator) is not None
    assert _langs(graph, onto, DCTERMS.title) >= {"zh", "en"}
    assert _langs(graph, onto, DCTERMS.description) >= {"zh", "en"}
    assert str(graph.value(onto, URIRef(VANN + "preferredNamespacePrefix"))) == "pk"
    assert str(graph.value(onto, URIRef(VANN + "preferredNamespaceUri"))) == str(PK._NS)


# --- documentation of every term ----------------------------------------------------------------

def test_ontology_every_term_has_zh_and_en_label_and_definition(graph):
    terms = _documented_terms(graph)
    assert len(terms) > 150
    missing = []
    for term in terms:
        labels = _langs(graph, term, RDFS.label, SKOS.prefLabel)
        definitions = _langs(graph, term, SKOS.definition, RDFS.comment)
        for lang in ("zh", "en"):
            if lang not in labels:
                missing.append(f"{term}: no label@{lang}")
            if lang not in definitions:
                missing.append(f"{term}: no definition@{lang}")
    assert not missing, "\n".join(missing)


def test_ontology_component_specifications_have_zh_and_en_labels(graph):
    specs = list(graph.subjects(RDF.type, QB.ComponentSpecification))
    assert len(specs) == 12
    for spec in specs:
        assert _langs(graph, spec, RDFS.label) >= {"zh", "en"}, spec


def test_ontology_pk_terms_are_defined_by_the_ontology(graph):
    pk_terms = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(PK._NS))}
    undefined = [t for t in pk_terms if graph.value(t, RDFS.isDefinedBy) != vocab.ONTOLOGY_IRI]
    assert not undefined


def test_ontology_every_pk_iri_used_is_declared(graph):
    declared = {s for s in graph.subjects(RDF.type) if str(s).startswith(str(PK._NS))}
    used = {n for triple in graph for n in triple
            if isinstance(n, URIRef) and str(n).startswith(str(PK._NS))}
    assert used - declared == set()


@pytest.mark.parametrize("term, kind", [
    (PK.Report, OWL.Class), (PK.Observation, OWL.Class), (PK.Place, OWL.Class),
    (PK.hasText, OWL.ObjectProperty), (PK.source, OWL.ObjectProperty), (PK.mention, OWL.ObjectProperty),
    (PK.reportYear, OWL.DatatypeProperty), (PK.baseValue, OWL.DatatypeProperty),
    (PK.indicator, QB.DimensionProperty), (PK.measureKind, QB.DimensionProperty),
    (PK.qualifier, QB.AttributeProperty), (PK.unitText, QB.AttributeProperty),
    (PK.baseValue, QB.AttributeProperty), (PK.subject, QB.AttributeProperty),
    (PK.areaText, QB.AttributeProperty),
])
def test_ontology_term_kind(graph, term, kind):
    assert (term, RDF.type, kind) in graph


# --- alignments to standard vocabularies --------------------------------------------------------

@pytest.mark.parametrize("term, predicate, target", [
    (PK.Report, RDFS.subClassOf, SCHEMA + "Report"),
    (PK.Report, RDFS.subClassOf, PROV + "Entity"),
    (PK.Report, RDFS.subClassOf, FOAF + "Document"),
    (PK.ReportSection, RDFS.subClassOf, SCHEMA + "CreativeWork"),
    (PK.ReportDataSet, RDFS.subClassOf, str(QB.DataSet)),
    (PK.Observation, RDFS.subClassOf, str(QB.Observation)),
    (PK.Observation, RDFS.subClassOf, PROV + "Entity"),
    (PK.Indicator, RDFS.subClassOf, str(SKOS.Concept)),
    (PK.HeadlineIndicator, RDFS.subClassOf, str(PK.Indicator)),
    (PK.NamedEntity, RDFS.subClassOf, PROV + "Entity"),
    (PK.Place, RDFS.subClassOf, SCHEMA + "Place"),
    (PK.Place, RDFS.subClassOf, GEO + "Feature"),
    (PK.Village, RDFS.subClassOf, str(PK.Place)),
    (PK.GovernmentAgency, RDFS.subClassOf, ORG + "FormalOrganization"),
    (PK.GovernmentAgency, RDFS.subClassOf, SCHEMA + "GovernmentOrganization"),
    (PK.Organization, RDFS.subClassOf, ORG + "Organization"),
    (PK.Project, RDFS.subClassOf, SCHEMA + "Project"),
    (PK.Program, RDFS.subClassOf, PROV + "Plan"),
    (PK.Event, RDFS.subClassOf, SCHEMA + "Event"),
    (PK.Meeting, RDFS.subClassOf, str(PK.Event)),
    (PK.Award, RDFS.subClassOf, SCHEMA + "Intangible"),
    (PK.ProjectMilestone, RDFS.subClassOf, PROV + "Entity"),
    (PK.hasSection, RDFS.subPropertyOf, str(DCTERMS.hasPart)),
    (PK.report, RDFS.subPropertyOf, str(DCTERMS.source)),
    (PK.source, RDFS.subPropertyOf, PROV + "wasDerivedFrom"),
    (PK.clause, RDFS.subPropertyOf, PROV + "wasDerivedFrom"),
    (PK.mention, RDFS.subPropertyOf, PROV + "wasDerivedFrom"),
    (PK.responsibleAgency, RDFS.subPropertyOf, PROV + "wasAttributedTo"),
    (PK.hasText, RDFS.range, NIF + "Context"),
    (PK.source, RDFS.range, NIF + "String"),
    (PK.indicator, QB.codeList, str(vocab.HEADLINE_SCHEME)),
    (PK.measureKind, QB.codeList, str(vocab.code_scheme("measure"))),
    (PK.qualifier, QB.codeList, str(vocab.code_scheme("qualifier"))),
    (vocab.code("status", "actual"), SKOS.closeMatch, SDMX_CODE + "obsStatus-A"),
    (vocab.code("status", "estimate"), SKOS.closeMatch, SDMX_CODE + "obsStatus-E"),
])
def test_ontology_alignment(graph, term, predicate, target):
    assert (term, predicate, URIRef(target)) in graph


def test_ontology_statuses_without_sdmx_match_say_so(graph):
    for value in ("target", "previous"):
        term = vocab.code("status", value)
        assert graph.value(term, SKOS.closeMatch) is None
        assert any("SDMX" in str(c) for c in graph.objects(term, RDFS.comment))


def test_ontology_wikidata_alignments_are_verified_and_cited(graph):
    wikidata = [(s, o) for s, p, o in graph if str(o).startswith(str(vocab.WD))]
    assert wikidata, "expected the verified alignment of GRP to P2131"
    for term, target in wikidata:
        assert str(target).removeprefix(str(vocab.WD)) in VERIFIED_WIKIDATA, target
        assert any("verified_links" in str(c) for c in graph.objects(term, RDFS.comment)), term


# --- the Data Cube structure ----------------------------------------------------------------------

def test_ontology_dsd_dimensions_in_order(graph):
    assert (PK.reportObservationStructure, RDF.type, QB.DataStructureDefinition) in graph
    dims = _components(graph, QB.dimension)
    expected = [PK.indicator, SDMX_DIMENSION.refArea, SDMX_DIMENSION.refPeriod, PK.measureKind]
    assert set(dims) == set(expected)
    assert [int(graph.value(dims[d], QB.order)) for d in expected] == [1, 2, 3, 4]


def test_ontology_dsd_measure(graph):
    assert set(_components(graph, QB.measure)) == {SDMX_MEASURE.obsValue}


def test_ontology_dsd_attributes_and_required_flags(graph):
    attrs = _components(graph, QB.attribute)
    expected = {
        SDMX_ATTRIBUTE.unitMeasure: False, SDMX_ATTRIBUTE.unitMult: False, SDMX_ATTRIBUTE.obsStatus: True,
        PK.qualifier: True, PK.unitText: False, PK.baseValue: True, PK.subject: True,
    }
    # unitMeasure is optional: a rank (第3) and a colon ratio (2.8:50.9:46.3) have no unit
    assert set(attrs) == set(expected)
    for prop, required in expected.items():
        assert graph.value(attrs[prop], QB.componentRequired).toPython() is required, prop


def test_ontology_dsd_component_properties_are_typed(graph):
    """Data Cube IC-21: every component property has the type of its role, in the graph itself."""
    for kind, prop_type in ((QB.dimension, QB.DimensionProperty), (QB.measure, QB.MeasureProperty),
                            (QB.attribute, QB.AttributeProperty)):
        for prop in _components(graph, kind):
            assert (prop, RDF.type, prop_type) in graph, prop
            assert _langs(graph, prop, RDFS.label) >= {"zh", "en"}, prop


# --- code lists -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(vocab.CODE_LISTS))
def test_ontology_code_list_matches_vocab(graph, name):
    scheme = vocab.code_scheme(name)
    cls = vocab.CODE_LIST_CLASSES[name]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert (cls, RDF.type, OWL.Class) in graph
    for value in vocab.CODE_LISTS[name]:
        concept = vocab.code(name, value)
        assert (concept, RDF.type, SKOS.Concept) in graph, concept
        assert (concept, RDF.type, cls) in graph, concept
        assert (concept, SKOS.inScheme, scheme) in graph, concept
        assert (concept, SKOS.topConceptOf, scheme) in graph, concept
        assert (scheme, SKOS.hasTopConcept, concept) in graph, concept
        assert str(graph.value(concept, SKOS.notation)) == value
    members = set(graph.subjects(SKOS.inScheme, scheme))
    assert members == {vocab.code(name, v) for v in vocab.CODE_LISTS[name]}


@pytest.mark.parametrize("code, cues", [
    ("gt", ("余", "超", "超过", "突破", "多", "逾")),
    ("ge", ("以上", "不低于", "至少", "不少于")),
    ("approx", ("约", "左右", "近")),
    ("le", ("以内", "不超过", "以下")),
])
def test_ontology_qualifier_definitions_name_their_cue_words(graph, code, cues):
    definition = next(str(d) for d in graph.objects(vocab.code("qualifier", code), SKOS.definition)
                      if d.language == "zh")
    for cue in cues:
        assert f"“{cue}”" in definition, cue


# --- indicators -----------------------------------------------------------------------------------

def _indicators(g: Graph) -> list[URIRef]:
    return sorted(g.subjects(SKOS.inScheme, vocab.HEADLINE_SCHEME), key=str)


def test_ontology_headline_indicators_are_those_of_format(graph):
    indicators = _indicators(graph)
    assert {str(i).rsplit("/", 1)[1] for i in indicators} == HEADLINE_CODES
    for code in HEADLINE_CODES:
        term = vocab.indicator(code)
        for cls in (PK.HeadlineIndicator, PK.Indicator, SKOS.Concept):
            assert (term, RDF.type, cls) in graph, (code, cls)


def test_ontology_indicator_notation_is_last_iri_segment(graph):
    for term in _indicators(graph):
        notations = [str(n) for n in graph.objects(term, SKOS.notation)]
        assert notations == [str(term).rsplit("/", 1)[1]], term


def test_ontology_indicator_labels_are_unique(graph):
    labels = Counter((str(o), o.language) for term in _indicators(graph)
                     for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(term, p))
    assert [label for label, n in labels.items() if n > 1] == []


def test_ontology_indicator_has_one_pref_label_per_language(graph):
    for term in _indicators(graph):
        langs = [o.language for o in graph.objects(term, SKOS.prefLabel)]
        assert sorted(langs) == ["en", "zh"], term


@pytest.mark.parametrize("narrow, broad", [
    ("GRP_PRIMARY", "GRP"), ("GRP_SECONDARY", "GRP"), ("GRP_TERTIARY", "GRP"),
    ("GPB_REVENUE_LOCAL", "GPB_REVENUE_TOTAL"), ("EXPORTS", "TRADE_TOTAL"), ("IMPORTS", "TRADE_TOTAL"),
    ("INDUSTRY_VALUE_ADDED", "GRP_SECONDARY"), ("DISPOSABLE_INCOME_PC_URBAN", "DISPOSABLE_INCOME_PC"),
    ("DISPOSABLE_INCOME_PC_RURAL", "DISPOSABLE_INCOME_PC"),
])
def test_ontology_indicator_broader_and_narrower(graph, narrow, broad):
    assert (vocab.indicator(narrow), SKOS.broader, vocab.indicator(broad)) in graph
    assert (vocab.indicator(broad), SKOS.narrower, vocab.indicator(narrow)) in graph


def test_ontology_indicator_hierarchy_is_symmetric(graph):
    broader = {(s, o) for s, o in graph.subject_objects(SKOS.broader)}
    narrower = {(o, s) for s, o in graph.subject_objects(SKOS.narrower)}
    assert broader == narrower


@pytest.mark.parametrize("code, name", [
    ("GRP", "地区生产总值"), ("GPB_REVENUE_LOCAL", "一般公共预算收入"), ("TRADE_TOTAL", "外贸进出口"),
    ("FDI_ACTUAL", "实际使用外资"), ("INDUSTRY_OUTPUT", "规上工业产值"), ("CPI", "居民消费价格"),
    ("DISPOSABLE_INCOME_PC_URBAN", "城镇常住居民人均可支配收入"), ("UNEMPLOYMENT_URBAN", "城镇调查失业率"),
])
def test_ontology_indicator_names_from_format(graph, code, name):
    names = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel)
             for o in graph.objects(vocab.indicator(code), p) if o.language == "zh"}
    assert name in names


# --- units ----------------------------------------------------------------------------------------

def _units(g: Graph) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, PK.Unit), key=str)


def test_ontology_units_have_unique_zh_pref_labels(graph):
    units = _units(graph)
    assert len(units) > 60
    zh = []
    for unit in units:
        labels = [str(o) for o in graph.objects(unit, SKOS.prefLabel) if o.language == "zh"]
        assert len(labels) == 1, unit
        zh.extend(labels)
    assert [label for label, n in Counter(zh).items() if n > 1] == []


def test_ontology_unit_labels_do_not_collide(graph):
    """No zh altLabel of a unit is another unit's prefLabel or altLabel."""
    seen = Counter(str(o) for unit in _units(graph) for p in (SKOS.prefLabel, SKOS.altLabel)
                   for o in graph.objects(unit, p) if o.language == "zh")
    assert [label for label, n in seen.items() if n > 1] == []


def test_ontology_units_are_in_scheme_with_slug_and_kind(graph):
    scheme = vocab.code_scheme("unit")
    for unit in _units(graph):
        slug = str(unit).removeprefix(f"{scheme}/")
        assert unit == vocab.unit_code(slug)
        assert (unit, SKOS.inScheme, scheme) in graph
        assert (unit, SKOS.notation, Literal(slug)) in graph
        assert graph.value(unit, PK.unitKind) is not None, unit
        assert _langs(graph, unit, SKOS.prefLabel) == {"zh", "en"}, unit


@pytest.mark.parametrize("label", ["元", "美元", "平方米", "家", "个", "%", "百分点", "亩", "人", "人次",
                                   "户", "套", "项", "场", "条", "宗", "处", "所", "名", "组", "件次",
                                   "批次", "座", "公里"])
def test_ontology_unit_words_of_the_gold_annotations_exist(graph, label):
    assert any(graph.subjects(SKOS.prefLabel, Literal(label, lang="zh")))


def test_ontology_unit_alignments(graph):
    expected = {"square-metre": ("M2", "MTK"), "kilometre": ("KiloM", "KMT"), "tonne": ("TONNE", "TNE"),
                "percent": ("PERCENT", "P1"), "kilowatt-hour": ("KiloW-HR", "KWH")}
    for slug, (qudt, unece) in expected.items():
        unit = vocab.unit_code(slug)
        assert (unit, SKOS.exactMatch, URIRef(QUDT_UNIT + qudt)) in graph
        assert (unit, SKOS.notation, Literal(unece)) in graph
    for unit in _units(graph):
        for target in graph.objects(unit, SKOS.exactMatch):
            assert str(target).startswith(QUDT_UNIT), (unit, target)


def test_ontology_measure_words_count_and_explain_what(graph):
    words = [u for u in _units(graph) if str(graph.value(u, PK.unitKind)) == "count"]
    assert len(words) > 40
    for unit in words:
        assert _langs(graph, unit, SKOS.scopeNote) >= {"en"}, unit


def test_ontology_wan_ren_is_not_a_unit(graph):
    assert not any(graph.subjects(SKOS.prefLabel, Literal("万人", lang="zh")))
