"""The vocabularies every triple uses: our own namespace, checked against ``ontology/``, and the
standard ones we reuse.

``PK`` is an rdflib ``DefinedNamespace`` with ``_fail = True``: a misspelt term is an error at
the line that uses it, not a silent new IRI in the published graph. ``tests/test_vocab.py`` checks
that the terms listed here are exactly the terms that ``ontology/plankg.ttl`` declares.

The vocabulary lives under a fixed root, :data:`VOCAB_ROOT`, whatever base IRI the data uses:
terms of a published vocabulary must not move when a deployment changes its host.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

VOCAB_ROOT = "https://w3id.org/plankg/"
ONTOLOGY_IRI = URIRef(VOCAB_ROOT + "def")
ONTOLOGY_VERSION = "0.1.0"


class PK(DefinedNamespace):
    """The plankg ontology (``https://w3id.org/plankg/def#``)."""

    _NS = Namespace(VOCAB_ROOT + "def#")
    _fail = True

    # documents and provenance
    Report: URIRef
    ReportSection: URIRef
    ReportDataSet: URIRef
    hasText: URIRef
    hasSection: URIRef
    inSection: URIRef
    report: URIRef
    reportPart: URIRef
    sectionNumber: URIRef
    sectionLevel: URIRef
    presentedAt: URIRef
    reportYear: URIRef
    planYear: URIRef
    sha256: URIRef
    sourceFile: URIRef
    extractionRule: URIRef

    # statistics
    Observation: URIRef
    Indicator: URIRef
    HeadlineIndicator: URIRef
    MeasureKind: URIRef
    ObservationStatus: URIRef
    Qualifier: URIRef
    Unit: URIRef
    ReportPart: URIRef
    indicator: URIRef
    measureKind: URIRef
    qualifier: URIRef
    unitText: URIRef
    baseValue: URIRef
    subject: URIRef
    areaText: URIRef
    source: URIRef
    clause: URIRef
    unitKind: URIRef
    reportObservationStructure: URIRef
    componentIndicator: URIRef
    componentArea: URIRef
    componentPeriod: URIRef
    componentMeasureKind: URIRef
    componentValue: URIRef
    componentUnit: URIRef
    componentUnitMult: URIRef
    componentStatus: URIRef
    componentQualifier: URIRef
    componentUnitText: URIRef
    componentBaseValue: URIRef
    componentSubject: URIRef

    # things named in reports
    NamedEntity: URIRef
    Place: URIRef
    AdministrativeDivision: URIRef
    DevelopmentZone: URIRef
    LandParcel: URIRef
    Community: URIRef
    Village: URIRef
    Road: URIRef
    Waterbody: URIRef
    Landmark: URIRef
    GovernmentAgency: URIRef
    Organization: URIRef
    Project: URIRef
    Program: URIRef
    Event: URIRef
    Meeting: URIRef
    Award: URIRef
    ProjectMilestone: URIRef
    ProjectStatus: URIRef
    mention: URIRef
    milestone: URIRef
    projectStatus: URIRef
    period: URIRef
    investment: URIRef
    responsibleAgency: URIRef
    conferredOn: URIRef
    divisionCode: URIRef
    divisionLevel: URIRef
    linkSource: URIRef


# Standard vocabularies (the ones rdflib does not ship, or ships under other names).
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")

#: Code lists of the ontology: list name -> codes, in their documented order.
#: Their IRIs are ``{VOCAB_ROOT}code/{list}/{code}`` (see :func:`code`).
CODE_LISTS: dict[str, tuple[str, ...]] = {
    "measure": ("level", "growth_pct", "change_pp", "share_pct", "rank", "ratio"),
    "status": ("estimate", "actual", "target", "previous"),
    "qualifier": ("eq", "gt", "ge", "approx", "le"),
    "part": ("execution", "plan", "other"),
    "project-status": ("planned", "signed", "started", "in_progress", "topped_out", "completed", "opened"),
}

#: The class of each code list's concepts.
CODE_LIST_CLASSES = {
    "measure": PK.MeasureKind,
    "status": PK.ObservationStatus,
    "qualifier": PK.Qualifier,
    "part": PK.ReportPart,
    "project-status": PK.ProjectStatus,
    "unit": PK.Unit,
}


def code_scheme(name: str) -> URIRef:
    """IRI of a code list (a ``skos:ConceptScheme``)."""
    if name not in CODE_LIST_CLASSES:
        raise KeyError(f"unknown code list {name!r}")
    return URIRef(f"{VOCAB_ROOT}code/{name}")


def code(name: str, value: str) -> URIRef:
    """IRI of one code of a fixed code list; raises ``KeyError`` for an unknown code."""
    if value not in CODE_LISTS.get(name, ()):
        raise KeyError(f"unknown code {value!r} in code list {name!r}")
    return URIRef(f"{VOCAB_ROOT}code/{name}/{value}")


def unit_code(slug: str) -> URIRef:
    """IRI of a unit of the unit code list (slugs are defined in ``ontology/units.ttl``)."""
    return URIRef(f"{VOCAB_ROOT}code/unit/{slug}")


def indicator(code_: str) -> URIRef:
    """IRI of a headline indicator of the concept scheme in ``ontology/indicators.ttl``."""
    return URIRef(f"{VOCAB_ROOT}id/indicator/{code_}")


HEADLINE_SCHEME = URIRef(f"{VOCAB_ROOT}id/indicator")

#: Prefixes used in every serialisation and offered to SPARQL users.
PREFIXES: dict[str, str] = {
    "pk": str(PK._NS),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "geo": str(GEO),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "dcat": str(DCAT),
    "void": str(VOID),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": str(WD),
}
