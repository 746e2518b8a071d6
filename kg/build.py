"""``kg build``: reports in, a validated KG directory out — or an error, and the last good KG
untouched.

Steps: extract every report (:mod:`kg.pipeline`), make its named graph (:mod:`kg.rdf`), add the
vocabulary and the DCAT/VoID description, validate the union against the shapes, write every
artefact into a fresh release directory, and only then publish it (:mod:`kg.store`).
"""
from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from . import catalog, export, io as kgio, store
from .config import Settings
from .errors import KGError, ValidationFailed
from .iri import IRIs, slug
from .model import ReportExtraction
from .pipeline import extract
from .rdf import Context, report_graph
from .validate import Validation, validate
from .vocab import ONTOLOGY_VERSION, PREFIXES

log = logging.getLogger("kg.build")


@dataclass(frozen=True)
class BuildResult:
    out: Path
    reports: tuple[str, ...]
    triples: int
    observations: int
    entities: int
    validation: Validation


def area_context(ex: ReportExtraction, iris: IRIs, gazetteer, lex) -> Context:
    """The report's area: a division IRI by its code when the gazetteer knows it."""
    m = ex.meta
    division = gazetteer.resolve_full(m.place_full or m.place) if gazetteer and (m.place_full or m.place) else None
    if division is None and gazetteer and m.place:
        division = gazetteer.resolve(m.place, tuple(x for x in (m.city, m.province) if x))
    units = {u.base: u.slug for u in lex.units.values()}
    if division is not None:
        return Context(iris, iris.division(division.code), division.code, units)
    key = slug(m.place or "unknown-area")
    return Context(iris, iris.entity("Place", key), key, units)


def extract_all(paths: list[Path], settings: Settings) -> list[ReportExtraction]:
    lex = kgio.read_lexicon(settings)
    gaz = kgio.read_gazetteer(settings)
    out: list[ReportExtraction] = []
    seen: dict[str, str] = {}
    for p in paths:
        data = kgio.read_report_bytes(p)
        meta = kgio.read_metadata(p)
        ex = extract(data, file_name=p.name, fallback_id=kgio.doc_id_for(p), meta=meta, lex=lex, gazetteer=gaz)
        rid = ex.meta.id
        if rid in seen:
            # two files about the same place and year: keep both, told apart by file name
            rid = f"{rid}-{kgio.doc_id_for(p)}"
            ex = replace(ex, meta=replace(ex.meta, id=rid), source=replace(ex.source, doc_id=rid))
        seen[rid] = p.name
        out.append(ex)
    return out


def vocabulary_graph(settings: Settings) -> Graph:
    """The ontology files as one graph, blank nodes (owl:unionOf lists) labelled canonically so
    that two builds serialise identically."""
    from rdflib.compare import to_canonical_graph

    g = Graph()
    for f in sorted(settings.ontology_dir.glob("*.ttl")):
        g.parse(f, format="turtle")
    canonical = Graph()
    for t in to_canonical_graph(g):
        canonical.add(t)
    for prefix, ns in g.namespaces():
        canonical.bind(prefix, ns)
    return canonical


def shapes_graph(settings: Settings) -> Graph:
    g = Graph()
    for f in sorted(settings.shapes_dir.glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def assemble(extractions: list[ReportExtraction], settings: Settings) -> Dataset:
    iris = IRIs(settings.base_iri)
    lex = kgio.read_lexicon(settings)
    gaz = kgio.read_gazetteer(settings)
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for ex in extractions:
        g = report_graph(ex, area_context(ex, iris, gaz, lex))
        target = ds.graph(iris.report_graph(ex.meta.id))
        for t in g:
            target.add(t)
    vocab = ds.graph(iris.vocabulary_graph())
    for t in vocabulary_graph(settings):
        vocab.add(t)
    meta = catalog.metadata_graph(ds, extractions, iris, settings)
    mg = ds.graph(iris.metadata_graph())
    for t in meta:
        mg.add(t)
    return ds


def canonical_nquads(ds: Dataset) -> str:
    data = ds.serialize(format="nquads")
    # split on "\n" only: literals may hold form feeds and other characters str.splitlines() breaks at
    lines = sorted(set(ln for ln in data.split("\n") if ln.strip()))
    return "\n".join(lines) + "\n"


def union_graph(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _c in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def write_release(release: Path, ds: Dataset, nquads: str, extractions: list[ReportExtraction],
                  validation: Validation, settings: Settings) -> dict:
    (release / store.QUADS).write_text(nquads, encoding="utf-8")
    union = union_graph(ds)
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, ns)
    downloads = release / "download"
    downloads.mkdir()
    with gzip.open(downloads / "kg.nq.gz", "wt", encoding="utf-8", compresslevel=6) as f:
        f.write(nquads)
    nt = "\n".join(sorted(set(ln for ln in union.serialize(format="nt").split("\n") if ln.strip()))) + "\n"
    with gzip.open(downloads / "kg.nt.gz", "wt", encoding="utf-8") as f:
        f.write(nt)
    with gzip.open(downloads / "kg.ttl.gz", "wt", encoding="utf-8") as f:
        f.write(union.serialize(format="turtle"))
    with gzip.open(downloads / "kg.jsonld.gz", "wt", encoding="utf-8") as f:
        f.write(ds.serialize(format="json-ld", context={k: v for k, v in PREFIXES.items()}, auto_compact=True))
    vocab = vocabulary_graph(settings)
    (downloads / "ontology.ttl").write_text(vocab.serialize(format="turtle"), encoding="utf-8")
    for ex in extractions:
        (downloads / "report").mkdir(exist_ok=True)
        (downloads / "report" / f"{ex.meta.id}.txt").write_bytes(ex.source.raw.encode("utf-8"))
    validation.report.bind("sh", "http://www.w3.org/ns/shacl#")
    (downloads / "validation.ttl").write_text(validation.report.serialize(format="turtle"), encoding="utf-8")
    (downloads / "validation.json").write_text(json.dumps(validation.to_dict(), ensure_ascii=False, indent=1),
                                               encoding="utf-8")

    import pyoxigraph
    st = pyoxigraph.Store()
    st.load(nquads.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    obs_rows = export.observation_rows(st)
    ent_rows = export.entity_rows(st)
    (downloads / "observations.csv").write_text(export.to_csv(obs_rows, export.OBSERVATION_COLUMNS), encoding="utf-8")
    (downloads / "observations.json").write_text(export.to_json(obs_rows, export.OBSERVATION_COLUMNS), encoding="utf-8")
    (downloads / "entities.csv").write_text(export.to_csv(ent_rows, export.ENTITY_COLUMNS), encoding="utf-8")
    (downloads / "entities.json").write_text(export.to_json(ent_rows, export.ENTITY_COLUMNS), encoding="utf-8")

    from .ontodoc import render_html
    docs = release / "docs"
    docs.mkdir()
    (docs / "ontology.html").write_text(render_html(vocab), encoding="utf-8")

    manifest = {
        "plankg": ONTOLOGY_VERSION,
        "base_iri": settings.base_iri,
        "triples": nquads.count("\n"),
        "observations": len(obs_rows),
        "entities": len(ent_rows),
        "conforms": validation.conforms,
        "reports": [{
            "id": ex.meta.id,
            "file": ex.source.file_name,
            "sha256": ex.source.sha256,
            "encoding": ex.source.encoding,
            "title": ex.meta.title,
            "place": ex.meta.place,
            "report_year": ex.meta.report_year,
            "plan_year": ex.meta.plan_year,
            "graph": str(IRIs(settings.base_iri).report_graph(ex.meta.id)),
            "iri": str(IRIs(settings.base_iri).report(ex.meta.id)),
            "observations": len(ex.observations),
            "entities": len(ex.entities),
        } for ex in extractions],
    }
    (release / store.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
    return manifest


def build(paths: list[Path], out: Path, settings: Settings, *, validate_graph: bool = True) -> BuildResult:
    """Build, validate and publish a KG from report files. Raises a ``KGError`` and publishes
    nothing when any report cannot be read or the graph does not conform."""
    if not paths:
        raise KGError("no report files given")
    extractions = extract_all(paths, settings)
    ds = assemble(extractions, settings)
    nquads = canonical_nquads(ds)
    if validate_graph:
        validation = validate(union_graph(ds), shapes_graph(settings))
    else:
        validation = Validation(True, (), Graph(), 0)
    if not validation.conforms:
        raise ValidationFailed(
            f"the graph breaks {len(validation.violations)} constraint(s) of the shapes; "
            f"nothing was published (run `kg validate` on the inputs for the full report). First: "
            + "; ".join(f"{v.shape.rsplit('/', 1)[-1]} at {v.focus}: {v.message}" for v in validation.violations[:3]))
    release = store.new_release(out)
    try:
        manifest = write_release(release, ds, nquads, extractions, validation, settings)
        store.publish(release, out)
    except BaseException:
        store.discard(release)
        raise
    return BuildResult(out, tuple(ex.meta.id for ex in extractions), manifest["triples"],
                       manifest["observations"], manifest["entities"], validation)


def graph_iri_for(settings: Settings, rid: str) -> URIRef:
    return IRIs(settings.base_iri).report_graph(rid)
