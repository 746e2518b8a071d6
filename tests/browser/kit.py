"""Helpers of the site's tests: a real ``kg serve`` on a free loopback port, and a small KG whose
names and quotes are hostile HTML (to prove that every page escapes what it shows)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph
import requests

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
HOSTILE_BASE = "https://example.org/kg/"

#: Strings that would run script if a page failed to escape them.
XSS = ('<script>window.__xss=1;alert(1)</script>', '"><img src=x onerror="window.__xss=2">',
       "'><svg onload=alert(3)>")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(kg_dir: Path, base_iri: str | None = None):
    """The production server (``kg serve``, gunicorn) on a free loopback port; yields its URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANKG_")}
    if base_iri:
        env["PLANKG_BASE_IRI"] = base_iri
    log = open(kg_dir.parent / f"serve-{port}.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--kg", str(kg_dir), "--host", "127.0.0.1",
                             "--port", str(port), "--workers", "2"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"kg serve exited with {proc.returncode}: "
                                   + (kg_dir.parent / f"serve-{port}.log").read_text(errors="replace")[-2000:])
            try:
                if requests.get(url + "/", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("kg serve did not answer within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _lit(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def hostile_kg(path: Path) -> Path:
    """A KG directory (kg.nq + manifest.json + download/) whose labels and texts are hostile HTML,
    under the base ``HOSTILE_BASE``; it has a report, its text, an observation, two places with
    coordinates, mentions and a project."""
    b = HOSTILE_BASE
    rid = "xss-2001"
    name1, name2, name3 = "甲" + XSS[0], "乙" + XSS[1], "丙" + XSS[2]
    text = f"前言。{name1}预计增长 7.5%，{name2}建设{name3}项目。\n计划 2002 年增长 8%。"
    s1 = text.index(name1)
    s2 = text.index(name2)
    s3 = text.index(name3)
    n = text.index("7.5")
    t = text.index("8%")
    tx = f"<{b}id/report/{rid}/text>"

    def span(s, e):
        return f"<{b}id/report/{rid}/text#char={s},{e}>"

    ttl = f"""
@prefix pk: <https://w3id.org/plankg/def#> . @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix qb: <http://purl.org/linked-data/cube#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix code: <https://w3id.org/plankg/code/> .
<{b}id/report/{rid}> a pk:Report ; rdfs:label {_lit("报告" + XSS[0])}@zh ; dcterms:title {_lit("报告" + XSS[0])}@zh ;
  pk:reportYear "2001"^^xsd:gYear ; pk:planYear "2002"^^xsd:gYear ; pk:hasText {tx} ;
  dcterms:spatial <{b}id/place/999901> .
{tx} a nif:Context ; nif:isString {_lit(text)} ; nif:beginIndex 0 ; nif:endIndex {len(text)} .
<{b}id/place/999901> a pk:Place , pk:AdministrativeDivision ; skos:prefLabel {_lit(name1)}@zh ;
  rdfs:label {_lit(name1)}@zh , {_lit("En " + XSS[1])}@en , {_lit("pin " + XSS[2])}@zh-Latn-pinyin ;
  skos:altLabel {_lit(XSS[1])}@zh ; pk:divisionCode {_lit(XSS[0])} ; owl:sameAs <http://www.wikidata.org/entity/Q1> ;
  pk:mention {span(s1, s1 + len(name1))} ; geo:hasGeometry <{b}id/place/999901/geometry> .
<{b}id/place/999901/geometry> a geo:Geometry ; geo:asWKT "POINT(119.3 26.05)"^^geo:wktLiteral .
<{b}id/place/999902> a pk:Place ; skos:prefLabel {_lit(name2)}@zh ; rdfs:label {_lit(name2)}@zh ;
  pk:mention {span(s2, s2 + len(name2))} ; schema:containedInPlace <{b}id/place/999901> ;
  geo:hasGeometry <{b}id/place/999902/geometry> .
<{b}id/place/999902/geometry> a geo:Geometry ; geo:asWKT "POINT(119.5 26.2)"^^geo:wktLiteral .
<{b}id/project/999901/x> a pk:Project ; skos:prefLabel {_lit(name3)}@zh ; rdfs:label {_lit(name3)}@zh ;
  pk:mention {span(s3, s3 + len(name3))} ; schema:location <{b}id/place/999902> ;
  pk:milestone <{b}id/milestone/x/started/2001> .
<{b}id/milestone/x/started/2001> a pk:ProjectMilestone ; pk:projectStatus code:project-status\\/started ;
  pk:period "2001"^^xsd:gYear .
{span(s1, s1 + len(name1))} a nif:RFC5147String ; nif:referenceContext {tx} ; nif:beginIndex {s1} ;
  nif:endIndex {s1 + len(name1)} ; nif:anchorOf {_lit(name1)} .
{span(s2, s2 + len(name2))} a nif:RFC5147String ; nif:referenceContext {tx} ; nif:beginIndex {s2} ;
  nif:endIndex {s2 + len(name2)} ; nif:anchorOf {_lit(name2)} .
{span(s3, s3 + len(name3))} a nif:RFC5147String ; nif:referenceContext {tx} ; nif:beginIndex {s3} ;
  nif:endIndex {s3 + len(name3)} ; nif:anchorOf {_lit(name3)} .
{span(n, n + 3)} a nif:RFC5147String ; nif:referenceContext {tx} ; nif:beginIndex {n} ; nif:endIndex {n + 3} ;
  nif:anchorOf "7.5" .
{span(t, t + 1)} a nif:RFC5147String ; nif:referenceContext {tx} ; nif:beginIndex {t} ; nif:endIndex {t + 1} ;
  nif:anchorOf "8" .
<{b}id/indicator/s/x> a pk:Indicator , skos:Concept ; skos:prefLabel {_lit("指标" + XSS[0])}@zh .
<{b}id/observation/{rid}/x/999901/2001/growth_pct> a qb:Observation , pk:Observation ;
  rdfs:label {_lit("观测" + XSS[1])}@zh ; pk:report <{b}id/report/{rid}> ;
  pk:indicator <https://w3id.org/plankg/id/indicator/GRP> ; sdmx-dimension:refArea <{b}id/place/999901> ;
  sdmx-dimension:refPeriod "2001"^^xsd:gYear ; pk:measureKind code:measure\\/growth_pct ;
  sdmx-measure:obsValue 7.5 ; pk:baseValue 7.5 ; sdmx-attribute:obsStatus code:status\\/estimate ;
  pk:qualifier code:qualifier\\/eq ; pk:subject {_lit("主语" + XSS[2])}@zh ; pk:unitText {_lit("%" + XSS[0])}@zh ;
  pk:source {span(n, n + 3)} .
<{b}id/observation/{rid}/x/999901/2002/growth_pct> a qb:Observation , pk:Observation ;
  rdfs:label {_lit("目标" + XSS[0])}@zh ; pk:report <{b}id/report/{rid}> ;
  pk:indicator <https://w3id.org/plankg/id/indicator/GRP> ; sdmx-dimension:refArea <{b}id/place/999901> ;
  sdmx-dimension:refPeriod "2002"^^xsd:gYear ; pk:measureKind code:measure\\/growth_pct ;
  sdmx-measure:obsValue 8 ; pk:baseValue 8 ; sdmx-attribute:obsStatus code:status\\/target ;
  pk:qualifier code:qualifier\\/ge ; pk:subject {_lit("主语" + XSS[2])}@zh ; pk:source {span(t, t + 1)} .
<{b}id/dataset/plankg> dcterms:title {_lit("标题" + XSS[0])}@zh , {_lit("Title " + XSS[1])}@en ;
  dcterms:description {_lit("描述" + XSS[2])}@zh .
"""
    store = pyoxigraph.Store()
    store.load(ttl.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE,
               to_graph=pyoxigraph.NamedNode(f"{b}graph/report/{rid}"))
    vocab = pyoxigraph.NamedNode(f"{b}graph/vocabulary")
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        store.load(path=str(f), format=pyoxigraph.RdfFormat.TURTLE, to_graph=vocab)
    path.mkdir(parents=True, exist_ok=True)
    (path / "kg.nq").write_bytes(pyoxigraph.serialize(store, format=pyoxigraph.RdfFormat.N_QUADS))
    (path / "manifest.json").write_text(json.dumps({
        "plankg": "test", "base_iri": b, "triples": len(store), "reports": [{"id": rid, "title": "报告" + XSS[0]}],
    }, ensure_ascii=False), encoding="utf-8")
    (path / "download").mkdir(exist_ok=True)
    return path


def chromium_args() -> list[str]:
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# ------------------------------------------------------------------ fixtures (import them into a module)
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def site_kg(tmp_path_factory, settings):
    """The shipped reports built into a KG once (validation is the pipeline's tests' business: the
    site must show whatever a build publishes)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("site") / "kg"
    build(sorted((ROOT / "data" / "reports").glob("*.txt")), out, settings, validate_graph=False)
    return out


@pytest.fixture(scope="session")
def site_url(site_kg):
    """The shipped reports' KG served by the real production server."""
    with serve(site_kg) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory):
    return hostile_kg(tmp_path_factory.mktemp("hostile") / "kg")


@pytest.fixture(scope="session")
def hostile_url(hostile_dir):
    """The hostile KG, served with its own base IRI (``HOSTILE_BASE``)."""
    with serve(hostile_dir, base_iri=HOSTILE_BASE) as url:
        yield url
