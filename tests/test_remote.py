"""The remote backend against real servers that these fixtures start on free loopback ports:
``oxigraph serve`` (PyPI ``oxigraph``) and Virtuoso (Debian ``virtuoso-opensource``). ``kg load``
fills them with the Graph Store Protocol (twice: a reload replaces, never duplicates); our
endpoint then answers through them exactly as it answers from its embedded store."""
from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest
import requests
from servers import oxigraph_bin, sparql_get, start_oxigraph, start_plankg, start_virtuoso, virtuoso_bin

pytestmark = pytest.mark.remote

PK = "https://w3id.org/plankg/def#"
PREFIXES = f"""PREFIX pk: <{PK}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""
#: questions whose answers must be the same from every backend (no blank nodes in the answers)
QUERIES = {
    "headline": PREFIXES + """SELECT ?code ?period ?measure ?value WHERE {
        ?o pk:indicator ?i ; sdmx-dimension:refPeriod ?period ; pk:measureKind/skos:notation ?measure ;
           sdmx-measure:obsValue ?value . ?i a pk:HeadlineIndicator ; skos:notation ?code }""",
    "status": PREFIXES + """SELECT ?status (COUNT(?o) AS ?n) WHERE {
        ?o a qb:Observation ; sdmx-attribute:obsStatus/skos:notation ?status } GROUP BY ?status""",
    "labels": PREFIXES + """SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(CONTAINS(?label, "增长")) }""",
    "graphs": PREFIXES + """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a pk:Report } }""",
    "ask": PREFIXES + "ASK { ?s a pk:Report }",
}
DESCRIBE = "CONSTRUCT { ?i ?p ?o } WHERE { ?i ?p ?o FILTER(?i = <https://w3id.org/plankg/id/indicator/GRP>) }"


def kg_load(kg_dir, url, *extra):
    r = subprocess.run([sys.executable, "-m", "kg.cli", "load", "--kg", str(kg_dir), "--to", url, *extra],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return r.stdout


def answers(url: str, query: str):
    if query.lstrip().upper().startswith(("CONSTRUCT", "DESCRIBE")) or "CONSTRUCT" in query:
        status, _, body = sparql_get(url, query, accept="application/n-triples")
        assert status == 200, body
        return {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    status, _, body = sparql_get(url, query, accept="application/sparql-results+json")
    assert status == 200, body
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    return sorted(tuple(str(t) for t in sol) for sol in parsed)


def count_ours(url: str, graph: str) -> int:
    status, _, body = sparql_get(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(ox.parse_query_results(body, ox.QueryResultsFormat.JSON).__next__()["n"].value)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote_store(request, seed_kg, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    if request.param == "oxigraph":
        if not oxigraph_bin():
            pytest.fail("the oxigraph CLI is missing: pip install oxigraph (test extra)")
        server = start_oxigraph(tmp)
        extra = ()
    else:
        if not virtuoso_bin():
            pytest.fail("virtuoso-t is missing: apt-get install virtuoso-opensource (.ci/run does)")
        server = start_virtuoso(tmp)
        extra = ("--user", server.extra["user"], "--password", server.extra["password"])
    try:
        out = kg_load(seed_kg, server.extra["store"], *extra)
        out2 = kg_load(seed_kg, server.extra["store"], *extra)  # again: replaces, no duplicates
        assert out == out2
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def via_remote(remote_store, seed_kg, tmp_path_factory):
    ours = start_plankg(seed_kg, tmp_path_factory.mktemp("via-remote"), store="remote",
                        remote_endpoint=remote_store.url, workers=1, threads=2, query_timeout=60,
                        max_rows=1000)
    yield ours.url
    ours.stop()


def test_remote_load_twice_never_duplicates(remote_store, seed_kg, endpoint):
    from kg.store import open_kg

    manifest = open_kg(seed_kg).manifest
    lines = (seed_kg / "kg.nq").read_text(encoding="utf-8").count("\n")
    graphs = [r["graph"] for r in manifest["reports"]] + ["https://w3id.org/plankg/graph/vocabulary",
                                                          "https://w3id.org/plankg/graph/metadata"]
    total = 0
    for g in graphs:
        n = count_ours(remote_store.url, g)
        assert n == count_ours(endpoint, g), g
        total += n
    assert total == lines


@pytest.mark.parametrize("name", sorted(QUERIES) + ["construct"])
def test_remote_answers_equal_the_embedded_store(via_remote, endpoint, name):
    query = QUERIES.get(name, DESCRIBE)
    want = answers(endpoint, query)
    assert want
    assert answers(via_remote, query) == want


def test_remote_errors_and_refusals(via_remote):
    r = requests.get(via_remote, params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    r = requests.get(via_remote, params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert r.status_code == 403
    r = requests.get(via_remote, params={"query": 'DEFINE get:soft "replace" SELECT * FROM <http://127.0.0.1:9/> { ?s ?p ?o }'})
    assert r.status_code == 400
    r = requests.get(via_remote, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406
    r = requests.get(via_remote, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.headers.get("X-Result-Truncated") == "true"
    assert len(r.json()["results"]["bindings"]) == 1000


def test_remote_nothing_reaches_the_network(via_remote, remote_store):
    from servers import Listener

    lst = Listener()
    try:
        u = lst.url
        for q in (f"SELECT * WHERE {{ SERVICE <{u}sparql> {{ ?s ?p ?o }} }}",
                  f"SELECT * FROM <{u}g.ttl> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{u}g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                  f"DESCRIBE <{u}thing>",
                  f"LOAD <{u}x.ttl>"):
            r = requests.post(via_remote, data={"query": q})
            assert r.status_code in (200, 403), r.text
        r = requests.post(via_remote, data={"query": "ASK { ?s ?p ?o }", "default-graph-uri": f"{u}d"})
        assert r.status_code == 200
    finally:
        lst.close()
    assert lst.connections == 0
