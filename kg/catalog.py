"""The KG describes itself: a DCAT catalogue entry and VoID statistics (the metadata graph).

The description is computed from the built graphs, so its counts are exact; it holds no clock
time, so the same inputs describe themselves the same way.
"""
from __future__ import annotations

from collections import Counter

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD

from .config import Settings
from .iri import IRIs
from .model import ReportExtraction
from .vocab import DCAT, ONTOLOGY_IRI, PK, QB, SD, VOID

#: Files a build publishes, with their media type, and title in zh and en.
DISTRIBUTIONS = (
    ("kg.ttl.gz", "text/turtle", "gzip", "全部知识图谱（Turtle）", "The whole KG (Turtle)"),
    ("kg.nt.gz", "application/n-triples", "gzip", "全部知识图谱（N-Triples）", "The whole KG (N-Triples)"),
    ("kg.nq.gz", "application/n-quads", "gzip", "全部知识图谱，按报告分命名图（N-Quads）",
     "The whole KG, one named graph per report (N-Quads)"),
    ("kg.jsonld.gz", "application/ld+json", "gzip", "全部知识图谱（JSON-LD）", "The whole KG (JSON-LD)"),
    ("observations.csv", "text/csv", "", "统计观测值表（CSV）", "Observations table (CSV)"),
    ("observations.json", "application/json", "", "统计观测值表（JSON）", "Observations table (JSON)"),
    ("entities.csv", "text/csv", "", "实体表（CSV）", "Entities table (CSV)"),
    ("entities.json", "application/json", "", "实体表（JSON）", "Entities table (JSON)"),
    ("validation.ttl", "text/turtle", "", "SHACL 验证报告", "SHACL validation report"),
    ("validation.json", "application/json", "", "验证摘要（每个形状检查的节点数与结果）",
     "Validation summary (nodes each shape checked, results)"),
    ("ontology.ttl", "text/turtle", "", "本体、代码表与指标体系", "Ontology, code lists and indicator scheme"),
)

VOCABULARIES = (
    "http://purl.org/linked-data/cube#",
    "http://purl.org/linked-data/sdmx/2009/dimension#",
    "http://purl.org/linked-data/sdmx/2009/measure#",
    "http://purl.org/linked-data/sdmx/2009/attribute#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    "https://schema.org/",
    "http://www.opengis.net/ont/geosparql#",
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "http://www.w3.org/ns/dcat#",
    "http://rdfs.org/ns/void#",
)


def metadata_graph(ds: Dataset, reports: list[ReportExtraction], iris: IRIs, settings: Settings) -> Graph:
    g = Graph()
    kg = iris.kg_dataset()
    base = iris.base
    g.add((kg, RDF.type, DCAT.Dataset))
    g.add((kg, RDF.type, VOID.Dataset))
    g.add((kg, DCTERMS.title, Literal("地方国民经济和社会发展计划报告知识图谱", lang="zh")))
    g.add((kg, DCTERMS.title, Literal("plankg: a knowledge graph of Chinese local development-plan reports",
                                      lang="en")))
    g.add((kg, RDFS.label, Literal("地方国民经济和社会发展计划报告知识图谱", lang="zh")))
    g.add((kg, RDFS.label, Literal("plankg", lang="en")))
    g.add((kg, DCTERMS.description, Literal(
        "区县国民经济和社会发展计划执行情况及计划草案报告中的指标、观测值、项目、地点、机构、组织、政策和活动，"
        "每一事实均可追溯到报告原文的字符位置。", lang="zh")))
    g.add((kg, DCTERMS.description, Literal(
        "Indicators, observations, projects, places, agencies, organisations, programmes and events of "
        "Chinese district and county development-plan reports, every fact traceable to the characters of "
        "the report it came from.", lang="en")))
    publisher = URIRef(base + "id/agent/publisher")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings.publisher)))
    g.add((kg, DCTERMS.publisher, publisher))
    g.add((kg, DCTERMS.license, URIRef(settings.license)))
    dates = sorted(r.meta.date for r in reports if r.meta.date)
    if dates:
        g.add((kg, DCTERMS.issued, Literal(dates[-1], datatype=XSD.date)))
        g.add((kg, DCTERMS.temporal, Literal(f"{dates[0]}/{dates[-1]}")))
    for kw_zh, kw_en in (("国民经济和社会发展计划", "development plan"), ("统计指标", "statistical indicators"),
                         ("地方治理", "local governance"), ("开放政府数据", "open government data")):
        g.add((kg, DCAT.keyword, Literal(kw_zh, lang="zh")))
        g.add((kg, DCAT.keyword, Literal(kw_en, lang="en")))
    g.add((kg, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/zh")))
    g.add((kg, DCTERMS.conformsTo, ONTOLOGY_IRI))
    endpoint = URIRef(base + "sparql")
    g.add((kg, VOID.sparqlEndpoint, endpoint))
    g.add((kg, VOID.uriSpace, Literal(base + "id/")))
    g.add((kg, VOID.exampleResource, iris.kg_dataset()))
    for v in VOCABULARIES + (str(PK._NS),):
        g.add((kg, VOID.vocabulary, URIRef(v)))
    service = URIRef(base + "id/service/sparql")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, RDF.type, SD.Service))
    g.add((service, DCTERMS.title, Literal("SPARQL 查询服务", lang="zh")))
    g.add((service, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.servesDataset, kg))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    for name, media, compress, t_zh, t_en in DISTRIBUTIONS:
        d = iris.distribution(name.replace(".", "-"))
        g.add((kg, DCAT.distribution, d))
        g.add((d, RDF.type, DCAT.Distribution))
        g.add((d, DCTERMS.title, Literal(t_zh, lang="zh")))
        g.add((d, DCTERMS.title, Literal(t_en, lang="en")))
        g.add((d, DCAT.downloadURL, URIRef(base + "download/" + name)))
        g.add((d, DCAT.accessURL, URIRef(base + "download/" + name)))
        g.add((d, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media)))
        if compress:
            g.add((d, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/application/"
                                                  + compress)))
        g.add((d, DCTERMS.license, URIRef(settings.license)))
        if name.startswith("kg."):
            g.add((kg, VOID.dataDump, URIRef(base + "download/" + name)))

    # statistics over all graphs
    triples = 0
    classes: Counter = Counter()
    subjects = set()
    properties = set()
    for s, p, o, _c in ds.quads((None, None, None, None)):
        triples += 1
        subjects.add(s)
        properties.add(p)
        if p == RDF.type:
            classes[o] += 1
    g.add((kg, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((kg, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    g.add((kg, VOID.properties, Literal(len(properties), datatype=XSD.integer)))
    g.add((kg, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    entity_count = sum(n for c, n in classes.items() if str(c).startswith(str(PK._NS)) and c in {
        PK.Place, PK.GovernmentAgency, PK.Organization, PK.Project, PK.Program, PK.Event, PK.Award})
    g.add((kg, VOID.entities, Literal(entity_count, datatype=XSD.integer)))
    for c, n in sorted(classes.items()):
        if not str(c).startswith((str(PK._NS), str(QB))):
            continue
        prefix = "pk" if str(c).startswith(str(PK._NS)) else "qb"
        part = URIRef(f"{kg}/class/{prefix}-{str(c).rsplit('#', 1)[-1]}")
        g.add((kg, VOID.classPartition, part))
        g.add((part, VOID["class"], c))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for r in reports:
        sub = iris.dataset(r.meta.id)
        g.add((kg, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, RDF.type, DCAT.Dataset))
        graph_iri = iris.report_graph(r.meta.id)
        n = len(ds.graph(graph_iri))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
        g.add((sub, DCTERMS.source, iris.report(r.meta.id)))
        g.add((sub, DCTERMS.license, URIRef(settings.license)))
        g.add((sub, DCTERMS.publisher, publisher))
        g.add((sub, PK.report, iris.report(r.meta.id)))
        if r.meta.date:
            g.add((sub, DCTERMS.issued, Literal(r.meta.date, datatype=XSD.date)))
        g.add((sub, RDFS.seeAlso, graph_iri))
    return g
