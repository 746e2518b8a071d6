"""Stage 8, RDF: a report's extraction becomes its named graph.

Observations are ``qb:Observation``\\ s of the report's ``qb:DataSet`` with the dimensions,
measure and attributes of the ontology's DSD; every observation and every entity mention links to
its text span (a NIF ``RFC5147String`` with offsets and the exact quote, in a ``nif:Context``
whose ``nif:isString`` is the raw report text, so the quote can be checked against it).

No blank nodes are minted, so sorted N-Quads are a canonical form of the graph.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import iri as iri_mod
from .iri import IRIs, slug
from .model import Entity, Observation, ReportExtraction, Span
from .vocab import (GEO, GEONAMES, ITSRDF, NIF, ORG, PK, QB, SCHEMA, SDMX_ATTRIBUTE, SDMX_DIMENSION,
                    SDMX_MEASURE, WD, HEADLINE_SCHEME, code)

ENTITY_CLASSES = {
    "Place": PK.Place,
    "Agency": PK.GovernmentAgency,
    "Organization": PK.Organization,
    "Project": PK.Project,
    "Program": PK.Program,
    "Event": PK.Event,
    "Award": PK.Award,
}
SUBTYPE_CLASSES = {
    "AdministrativeDivision": PK.AdministrativeDivision,
    "DevelopmentZone": PK.DevelopmentZone,
    "LandParcel": PK.LandParcel,
    "Community": PK.Community,
    "Village": PK.Village,
    "Road": PK.Road,
    "Waterbody": PK.Waterbody,
    "Landmark": PK.Landmark,
    "Meeting": PK.Meeting,
}
MEASURE_ZH = {"level": "", "growth_pct": "增长", "change_pp": "变化", "share_pct": "", "rank": "第",
              "ratio": ""}
PROJECT_STATUS = {"planned", "signed", "started", "in_progress", "topped_out", "completed", "opened"}


def _gyear(y: int) -> Literal:
    return Literal(f"{y:04d}", datatype=XSD.gYear)


def _dec(d: Decimal) -> Literal:
    # a canonical xsd:decimal lexical form: no exponent, no trailing zeros after the point
    s = format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".") or "0"
    return Literal(s, datatype=XSD.decimal)


@dataclass(frozen=True)
class Context:
    """What the RDF stage needs besides the extraction."""

    iris: IRIs
    area_iri: URIRef  # the IRI of the report's area
    area_key: str  # its key in observation IRIs (division code or slug)
    units: dict  # unit base word -> unit slug


def entity_iri(e: Entity, iris: IRIs) -> URIRef:
    code_ = e.links.get("admin_code", "")
    if e.type == "Place" and code_:
        return iris.division(code_)
    if e.type == "Organization":
        return iris.entity(e.type, slug(e.name))
    return iris.entity(e.type, slug(e.name), e.scope)


def entity_iris(entities, iris: IRIs) -> dict[str, URIRef]:
    """Entity key → IRI. Two different names whose slugs meet (homophones: 盛景 / 胜景) would share
    an IRI; all but the first by name get a short hash of their name."""
    by_iri: dict[URIRef, list] = defaultdict(list)
    for e in entities:
        by_iri[entity_iri(e, iris)].append(e)
    out: dict[str, URIRef] = {}
    for u, es in by_iri.items():
        names = sorted({e.name for e in es})
        for e in es:
            out[e.key] = u if e.name == names[0] else URIRef(f"{u}-{iri_mod._hash(e.name, 6)}")
    return out


class _Builder:
    def __init__(self, ex: ReportExtraction, ctx: Context):
        self.ex = ex
        self.ctx = ctx
        self.g = Graph()
        self.rid = ex.meta.id
        self.iris = ctx.iris
        self.context_iri = self.iris.text(self.rid)
        self.report_iri = self.iris.report(self.rid)
        self.entity_iris = entity_iris(ex.entities, self.iris)
        # the report's own area, recognised in the text but unknown to the gazetteer: one node, the
        # one observations and the report point to (with a division code both are the division's)
        area_names = {n for n in (ex.meta.place, ex.meta.place_full) if n}
        for e in ex.entities:
            if e.type == "Place" and e.name in area_names and not e.links.get("admin_code"):
                self.entity_iris[e.key] = ctx.area_iri

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    def span(self, sp: Span) -> URIRef:
        u = self.iris.span(self.rid, sp.start, sp.end)
        if (u, RDF.type, NIF.RFC5147String) not in self.g:
            self.add(u, RDF.type, NIF.String)
            self.add(u, RDF.type, NIF.RFC5147String)
            self.add(u, NIF.beginIndex, Literal(sp.start, datatype=XSD.nonNegativeInteger))
            self.add(u, NIF.endIndex, Literal(sp.end, datatype=XSD.nonNegativeInteger))
            self.add(u, NIF.anchorOf, Literal(sp.text))
            self.add(u, NIF.referenceContext, self.context_iri)
        return u

    # ------------------------------------------------------------------ report
    def report(self) -> None:
        m, src = self.ex.meta, self.ex.source
        r = self.report_iri
        self.add(r, RDF.type, PK.Report)
        if m.title:
            self.add(r, DCTERMS.title, Literal(m.title, lang="zh"))
            self.add(r, RDFS.label, Literal(m.title, lang="zh"))
        else:
            label = f"{m.place or ''}{m.report_year}年国民经济和社会发展计划执行情况及{m.plan_year}年计划草案的报告"
            self.add(r, RDFS.label, Literal(label, lang="zh"))
        self.add(r, RDFS.label, Literal(
            f"Report on the {m.report_year} plan and the {m.plan_year} draft plan"
            + (f" ({m.place})" if m.place else ""), lang="en"))
        self.add(r, PK.reportYear, _gyear(m.report_year))
        self.add(r, PK.planYear, _gyear(m.plan_year))
        if m.date:
            self.add(r, DCTERMS.date, Literal(m.date, datatype=XSD.date))
        self.add(r, PK.sha256, Literal(src.sha256))
        self.add(r, PK.sourceFile, Literal(src.file_name))
        self.add(r, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/zh"))
        self.add(r, DCTERMS.spatial, self.ctx.area_iri)
        self.add(r, PK.hasText, self.context_iri)
        if m.source_url:
            self.add(r, DCTERMS.source, URIRef(m.source_url))
        c = self.context_iri
        self.add(c, RDF.type, NIF.Context)
        self.add(c, NIF.isString, Literal(src.raw))
        self.add(c, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger))
        self.add(c, NIF.endIndex, Literal(len(src.raw), datatype=XSD.nonNegativeInteger))
        self.add(c, NIF.sourceUrl, self.iris.source_file(self.rid))
        a = self.iris.activity(self.rid)
        self.add(a, RDF.type, PROV.Activity)
        self.add(a, RDFS.label, Literal(f"extraction of {self.rid}", lang="en"))
        self.add(a, PROV.used, c)

    def area(self) -> None:
        """The report's area, described even when no stage recognised it as an entity."""
        m = self.ex.meta
        u = self.ctx.area_iri
        if u in set(self.entity_iris.values()):
            return
        self.add(u, RDF.type, PK.Place)
        if m.place:
            self.add(u, RDFS.label, Literal(m.place, lang="zh"))
            self.add(u, SKOS.prefLabel, Literal(m.place, lang="zh"))

    def sections(self) -> None:
        by_path = {s.path: s for s in self.ex.sections}
        for s in self.ex.sections:
            u = self.iris.section(self.rid, s.path)
            self.add(u, RDF.type, PK.ReportSection)
            self.add(u, PK.report, self.report_iri)
            if s.number:
                self.add(u, PK.sectionNumber, Literal(s.number))
            self.add(u, PK.sectionLevel, Literal(s.level, datatype=XSD.integer))
            self.add(u, DCTERMS.title, Literal(s.title, lang="zh"))
            self.add(u, RDFS.label, Literal(f"{s.number}{s.title}", lang="zh"))
            self.add(u, PK.reportPart, code("part", s.part))
            self.add(u, PROV.wasDerivedFrom, self.span(s.heading))
            parent = by_path.get(s.path[:-1]) if len(s.path) > 1 else None
            owner = self.iris.section(self.rid, parent.path) if parent else self.report_iri
            self.add(owner, PK.hasSection, u)

    # ------------------------------------------------------------------ observations
    def indicator_for(self, o: Observation) -> tuple[URIRef, str]:
        if o.indicator:
            return self.iris.headline_indicator(o.indicator), o.indicator
        # the words of a subject with a hash of them: homophones and forms that differ only in
        # punctuation (新建改扩建学校 / 新建、改扩建学校) stay apart
        words = o.subject or "（未命名）"
        key = f"{slug(words, 48)}-{iri_mod._hash(words, 6)}"
        return self.iris.subject_indicator(key), key

    def observations(self) -> dict[int, URIRef]:
        ds = self.iris.dataset(self.rid)
        m = self.ex.meta
        self.add(ds, RDF.type, PK.ReportDataSet)
        self.add(ds, QB.structure, PK.reportObservationStructure)
        self.add(ds, PK.report, self.report_iri)
        self.add(ds, DCTERMS.title, Literal(f"{m.place}{m.report_year}—{m.plan_year}年计划报告中的统计数据", lang="zh"))
        self.add(ds, DCTERMS.title, Literal(
            f"Quantities stated in the {m.report_year}/{m.plan_year} plan report of {m.place}", lang="en"))
        self.add(ds, RDFS.label, Literal(f"{m.place}{m.report_year}—{m.plan_year}年计划报告中的统计数据", lang="zh"))

        # one observation per distinct (indicator, area, period, measure): the same fact stated
        # twice is one observation with two sources; different facts that would share all
        # dimensions get the clause's words into their indicator key (IC-12).
        groups: dict[tuple, list[int]] = defaultdict(list)
        keys = []
        areas = []
        for i, o in enumerate(self.ex.observations):
            ind, key = self.indicator_for(o)
            keys.append((ind, key))
            areas.append(self.area_of(o))
            groups[(key, areas[i][1], o.period, o.measure)].append(i)
        iri_of: dict[int, URIRef] = {}
        for (key, area_key, period, measure), idxs in sorted(groups.items(), key=lambda kv: kv[1][0]):
            first = self.ex.observations[idxs[0]]
            same = [i for i in idxs if self._same_fact(self.ex.observations[i], first)]
            rest = [i for i in idxs if i not in same]
            area = areas[idxs[0]][0]
            u = self.iris.observation(self.rid, key, area_key, period, measure)
            self.observation(u, [self.ex.observations[i] for i in same], keys[idxs[0]][0], area)
            for i in same:
                iri_of[i] = u
            for i in rest:
                o = self.ex.observations[i]
                ind, _ = keys[i]
                alt_key = f"{key}~{iri_mod._hash(o.clause.text + str(o.value), 6)}"
                alt_ind = self.iris.subject_indicator(alt_key)
                self.subject_concept(alt_ind, o, broader=ind)
                u2 = self.iris.observation(self.rid, alt_key, area_key, period, measure)
                self.observation(u2, [o], alt_ind, area)
                iri_of[i] = u2
        return iri_of

    def area_of(self, o: Observation) -> tuple[URIRef, str]:
        """The refArea of an observation and its key in IRIs: the report's area, or the part of
        it that the sentence is about (a zone, a town), as an entity of the KG."""
        m = self.ex.meta
        if not o.place or o.place == m.place:
            return self.ctx.area_iri, self.ctx.area_key
        for e in self.ex.entities:
            if e.type == "Place" and (e.name == o.place or o.place in e.aliases):
                u = self.entity_iris[e.key]
                return u, str(u).rstrip("/").rsplit("/", 1)[-1]
        key = slug(o.place)
        u = self.iris.entity("Place", key, self.ctx.area_key)
        if (u, RDF.type, PK.Place) not in self.g:
            self.add(u, RDF.type, PK.Place)
            self.add(u, RDFS.label, Literal(o.place, lang="zh"))
            self.add(u, SKOS.prefLabel, Literal(o.place, lang="zh"))
            self.add(u, SCHEMA.containedInPlace, self.ctx.area_iri)
        return u, key

    @staticmethod
    def _same_fact(a: Observation, b: Observation) -> bool:
        return (a.value, a.unit_base, a.multiplier_exp, a.status, a.qualifier) == (
            b.value, b.unit_base, b.multiplier_exp, b.status, b.qualifier)

    def subject_concept(self, ind: URIRef, o: Observation, broader: URIRef | None = None) -> None:
        self.add(ind, RDF.type, PK.Indicator)
        self.add(ind, RDF.type, SKOS.Concept)
        self.add(ind, SKOS.prefLabel, Literal(o.subject or "（未命名）", lang="zh"))
        self.add(ind, RDFS.label, Literal(o.subject or "（未命名）", lang="zh"))
        # one code list for the indicator dimension (IC-19): subjects join the headline scheme
        self.add(ind, SKOS.inScheme, HEADLINE_SCHEME)
        if broader is not None:
            self.add(ind, SKOS.broader, broader)

    def observation(self, u: URIRef, obs: list[Observation], ind: URIRef, area: URIRef) -> None:
        o = obs[0]
        if not o.indicator and (ind, RDF.type, PK.Indicator) not in self.g:
            self.subject_concept(ind, o)
        self.add(u, RDF.type, PK.Observation)
        self.add(u, RDF.type, QB.Observation)
        self.add(u, QB.dataSet, self.iris.dataset(self.rid))
        self.add(u, PK.report, self.report_iri)
        self.add(u, PK.indicator, ind)
        self.add(u, SDMX_DIMENSION.refArea, area)
        self.add(u, SDMX_DIMENSION.refPeriod, _gyear(o.period))
        self.add(u, PK.measureKind, code("measure", o.measure))
        self.add(u, SDMX_MEASURE.obsValue, _dec(o.value))
        if o.unit_base:
            unit_slug = self.ctx.units.get(o.unit_base)
            if unit_slug:
                self.add(u, SDMX_ATTRIBUTE.unitMeasure, URIRef(f"{iri_mod.VOCAB_ROOT}code/unit/{unit_slug}"))
        if o.multiplier_exp:
            self.add(u, SDMX_ATTRIBUTE.unitMult, Literal(o.multiplier_exp, datatype=XSD.integer))
        self.add(u, SDMX_ATTRIBUTE.obsStatus, code("status", o.status))
        self.add(u, PK.qualifier, code("qualifier", o.qualifier))
        if o.unit_text:
            self.add(u, PK.unitText, Literal(o.unit_text, lang="zh"))
        self.add(u, PK.baseValue, _dec(o.value_base))
        self.add(u, PK.subject, Literal(o.subject or "（未命名）", lang="zh"))
        if o.place:
            self.add(u, PK.areaText, Literal(o.place, lang="zh"))
        label = f"{o.subject}（{o.period}）{MEASURE_ZH[o.measure]}{o.number.text}{o.unit_text}"
        self.add(u, RDFS.label, Literal(label, lang="zh"))
        for ob in obs:
            self.add(u, PK.source, self.span(ob.number))
            self.add(u, PK.clause, self.span(ob.clause))
            if ob.rule:
                self.add(u, PK.extractionRule, Literal(ob.rule))
        if o.section_path:
            self.add(u, PK.inSection, self.iris.section(self.rid, o.section_path))
        self.add(u, PROV.wasGeneratedBy, self.iris.activity(self.rid))

    # ------------------------------------------------------------------ entities
    def entities(self, obs_iris: dict[int, URIRef]) -> None:
        iri_of = self.entity_iris
        for e in self.ex.entities:
            u = iri_of[e.key]
            self.add(u, RDF.type, ENTITY_CLASSES[e.type])
            if e.subtype in SUBTYPE_CLASSES:
                self.add(u, RDF.type, SUBTYPE_CLASSES[e.subtype])
            self.add(u, RDFS.label, Literal(e.name, lang="zh"))
            self.add(u, SKOS.prefLabel, Literal(e.name, lang="zh"))
            if e.name_en:
                self.add(u, RDFS.label, Literal(e.name_en, lang="en"))
            if e.pinyin:
                self.add(u, RDFS.label, Literal(e.pinyin, lang="zh-Latn-pinyin"))
            for a in e.aliases:
                if a != e.name:
                    self.add(u, SKOS.altLabel, Literal(a, lang="zh"))
            for mnt in e.mentions:
                sp = self.span(mnt.span)
                self.add(u, PK.mention, sp)
                self.add(sp, ITSRDF.taIdentRef, u)
                if mnt.rule:
                    self.add(sp, PK.extractionRule, Literal(mnt.rule))
            if e.part_of and e.part_of in iri_of:
                parent = iri_of[e.part_of]
                if e.type == "Place":
                    self.add(u, SCHEMA.containedInPlace, parent)
                elif e.type == "Agency":
                    self.add(u, ORG.subOrganizationOf, parent)
                else:
                    self.add(u, DCTERMS.isPartOf, parent)
            self.links(u, e)
        for rel in self.ex.relations:
            self.relation(rel, iri_of, obs_iris)
        m = self.ex.meta
        by_name = {e.name: iri_of[e.key] for e in self.ex.entities}
        if m.issuer and m.issuer in by_name:
            self.add(self.report_iri, DCTERMS.creator, by_name[m.issuer])
        if m.meeting and m.meeting in by_name:
            self.add(self.report_iri, PK.presentedAt, by_name[m.meeting])

    def links(self, u: URIRef, e: Entity) -> None:
        ln = e.links
        if not ln:
            return
        if ln.get("admin_code"):
            self.add(u, PK.divisionCode, Literal(ln["admin_code"]))
        if ln.get("level"):
            self.add(u, PK.divisionLevel, Literal(ln["level"]))
        if ln.get("wikidata"):
            self.add(u, OWL.sameAs, WD[ln["wikidata"]])
        if ln.get("geonames"):
            self.add(u, OWL.sameAs, URIRef(f"{GEONAMES}{ln['geonames']}/"))
        if ln.get("lat") and ln.get("lon"):
            geom = URIRef(f"{u}/geometry")
            self.add(u, GEO.hasGeometry, geom)
            self.add(geom, RDF.type, GEO.Geometry)
            self.add(geom, GEO.asWKT, Literal(f"POINT({ln['lon']} {ln['lat']})", datatype=GEO.wktLiteral))
        if ln.get("source"):
            self.add(u, PK.linkSource, Literal(ln["source"]))

    def relation(self, rel, iri_of: dict[str, URIRef], obs_iris: dict[int, URIRef]) -> None:
        s = iri_of.get(rel.subject)
        if s is None:
            return
        p = rel.predicate
        if p == "investment":
            o = obs_iris.get(int(rel.object))
            if o is not None:
                self.add(s, PK.investment, o)
            return
        if p == "status":
            if rel.object not in PROJECT_STATUS:
                return
            m = self.iris.milestone(str(s), rel.object, rel.period)
            self.add(m, RDF.type, PK.ProjectMilestone)
            self.add(s, PK.milestone, m)
            self.add(m, PK.projectStatus, code("project-status", rel.object))
            if rel.period:
                self.add(m, PK.period, _gyear(rel.period))
            if rel.evidence is not None:
                self.add(m, PROV.wasDerivedFrom, self.span(rel.evidence))
            return
        o = iri_of.get(rel.object)
        if o is None:
            return
        pred = {"location": SCHEMA.location, "part_of": SCHEMA.containedInPlace,
                "suborganization_of": ORG.subOrganizationOf, "responsible": PK.responsibleAgency,
                "conferred_on": PK.conferredOn}.get(p)
        if pred is not None:
            self.add(s, pred, o)


def report_graph(ex: ReportExtraction, ctx: Context) -> Graph:
    """The named-graph content of one report."""
    b = _Builder(ex, ctx)
    b.report()
    b.area()
    b.sections()
    obs_iris = b.observations()
    b.entities(obs_iris)
    return b.g
