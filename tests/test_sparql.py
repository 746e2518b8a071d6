"""The endpoint from a researcher's script: SPARQLWrapper, every query form, every result format,
against the real production server (gunicorn) on the seed KG."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from conftest import ENDPOINT_MAX_ROWS
from servers import sparql_get
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

PK = "https://w3id.org/plankg/def#"
GRAPH = "https://w3id.org/plankg/graph/report/fu-zhou-shi-cang-shan-qu-2022"
VOCAB = "https://w3id.org/plankg/graph/vocabulary"
OBS_VALUES = f"""PREFIX pk: <{PK}>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
SELECT ?o ?v WHERE {{ ?o pk:indicator ?i ; sdmx-measure:obsValue ?v }} ORDER BY ?o"""
INDICATOR_DESCRIBE = "DESCRIBE <https://w3id.org/plankg/id/indicator/GRP>"


def client(url, query, fmt, method="GET"):
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method == "POST":
        sw.setMethod(POST)
    return sw.query()


@pytest.fixture(scope="module")
def seed_store(seed_kg):
    from kg.store import load_memory_store, open_kg

    return load_memory_store(open_kg(seed_kg))


def expected_values(seed_store) -> list[tuple[str, str]]:
    return [(s["o"].value, s["v"].value) for s in seed_store.query(OBS_VALUES, use_default_graph_as_union=True)]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparql_select_json_matches_the_store(endpoint, seed_store, method):
    res = client(endpoint, OBS_VALUES, JSON, method).convert()
    got = [(b["o"]["value"], b["v"]["value"]) for b in res["results"]["bindings"]]
    assert got == expected_values(seed_store)
    assert len(got) > 50


def test_sparql_select_xml(endpoint, seed_store):
    doc = client(endpoint, OBS_VALUES, XML).convert()
    results = doc.getElementsByTagName("result")
    assert len(results) == len(expected_values(seed_store))


def test_sparql_select_csv_and_tsv(endpoint, seed_store):
    want = expected_values(seed_store)
    body = client(endpoint, OBS_VALUES, CSV).convert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["o", "v"] and [tuple(r) for r in rows[1:]] == want
    tsv = client(endpoint, OBS_VALUES, TSV).convert()
    parsed = list(ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV))
    assert [(s["o"].value, s["v"].value) for s in parsed] == want


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparql_ask_in_every_results_format(endpoint, fmt):
    yes = client(endpoint, f"ASK {{ ?s a <{PK}Report> }}", fmt)
    no = client(endpoint, f"ASK {{ ?s a <{PK}NoSuchClass> }}", fmt)
    if fmt == JSON:
        assert yes.convert()["boolean"] is True and no.convert()["boolean"] is False
    elif fmt == XML:
        assert yes.convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
        assert no.convert().getElementsByTagName("boolean")[0].firstChild.data == "false"
    else:
        assert b"true" in yes.convert() and b"false" in no.convert()


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
@pytest.mark.parametrize("query", [INDICATOR_DESCRIBE,
                                   "CONSTRUCT { ?i ?p ?o } WHERE { ?i ?p ?o FILTER(?i = "
                                   "<https://w3id.org/plankg/id/indicator/GRP>) }"])
def test_sparql_construct_and_describe_formats(endpoint, seed_store, fmt, query):
    res = client(endpoint, query, fmt)
    ctype = res.info()["content-type"]
    want = set(seed_store.query(query, use_default_graph_as_union=True))
    assert want
    media = ctype.split(";")[0]
    rdf_format = ox.RdfFormat.from_media_type(media)
    assert rdf_format is not None, ctype
    got = {q.triple for q in ox.parse(res.response.read() if fmt in (RDFXML, JSONLD) else res.convert(),
                                      format=rdf_format)}
    assert got == want


@pytest.mark.parametrize("accept,fmt", [("application/n-quads", ox.RdfFormat.N_QUADS),
                                        ("application/trig", ox.RdfFormat.TRIG),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES)])
def test_sparql_construct_as_quads_formats(endpoint, seed_store, accept, fmt):
    status, headers, body = sparql_get(endpoint, INDICATOR_DESCRIBE, accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert {q.triple for q in ox.parse(body, format=fmt)} == set(
        seed_store.query(INDICATOR_DESCRIBE, use_default_graph_as_union=True))


def test_sparql_default_graph_is_the_union_and_graphs_are_named(endpoint):
    res = client(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", JSON).convert()
    graphs = [b["g"]["value"] for b in res["results"]["bindings"]]
    assert GRAPH in graphs and VOCAB in graphs
    # a triple of the report graph and one of the vocabulary are both in the default graph
    q = f"ASK {{ ?o <{PK}indicator> ?i . ?i a <{PK}HeadlineIndicator> }}"
    assert client(endpoint, q, JSON).convert()["boolean"] is True


def test_sparql_dataset_parameters_select_graphs(endpoint):
    q = f"ASK {{ ?o <{PK}indicator> ?i }}"
    status, _, body = sparql_get(endpoint, q, **{"default-graph-uri": VOCAB})
    assert status == 200 and json.loads(body)["boolean"] is False
    status, _, body = sparql_get(endpoint, q, **{"default-graph-uri": GRAPH})
    assert json.loads(body)["boolean"] is True
    # named-graph-uri alone: those graphs are named, the default graph is empty
    q2 = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    status, _, body = sparql_get(endpoint, q2, **{"named-graph-uri": VOCAB})
    rows = json.loads(body)["results"]["bindings"]
    assert [r["g"]["value"] for r in rows] == [VOCAB]
    status, _, body = sparql_get(endpoint, "ASK { ?s ?p ?o }", **{"named-graph-uri": VOCAB})
    assert json.loads(body)["boolean"] is False


def test_sparql_from_clauses_select_graphs_and_override_the_union(endpoint):
    q = f"ASK FROM <{VOCAB}> {{ ?o <{PK}indicator> ?i }}"
    assert client(endpoint, q, JSON).convert()["boolean"] is False
    q = f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1"
    q_named = f"SELECT DISTINCT ?g FROM NAMED <{VOCAB}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    res = client(endpoint, q_named, JSON).convert()
    assert [b["g"]["value"] for b in res["results"]["bindings"]] == [VOCAB]
    assert client(endpoint, q, JSON).convert()["results"]["bindings"]


def test_sparql_row_cap_is_exact_and_signalled(endpoint):
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    for accept, count in (("application/sparql-results+json", lambda b: len(json.loads(b)["results"]["bindings"])),
                          ("text/tab-separated-values", lambda b: b.count(b"\n") - 1),
                          ("application/sparql-results+xml", lambda b: b.count(b"<result>")),
                          ("text/csv", lambda b: len(list(csv.reader(io.StringIO(b.decode())))) - 1)):
        status, headers, body = sparql_get(endpoint, q, accept=accept)
        assert status == 200
        assert count(body) == ENDPOINT_MAX_ROWS, accept
        assert headers.get("X-Result-Truncated") == "true"
        assert headers.get("X-SPARQL-MaxRows") == str(ENDPOINT_MAX_ROWS)
    status, headers, body = sparql_get(endpoint, q + f" LIMIT {ENDPOINT_MAX_ROWS}")
    assert len(json.loads(body)["results"]["bindings"]) == ENDPOINT_MAX_ROWS
    assert "X-Result-Truncated" not in headers
    status, headers, body = sparql_get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert body.count(b"\n") == ENDPOINT_MAX_ROWS and headers.get("X-Result-Truncated") == "true"


def test_sparql_html_results_note_the_cut(endpoint):
    status, headers, body = sparql_get(endpoint, "SELECT * WHERE { ?s ?p ?o }", accept="text/html,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    text = body.decode("utf-8")
    assert "Results cut" in text and str(ENDPOINT_MAX_ROWS) in text and "<table>" in text
    status, headers, body = sparql_get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", accept="text/html")
    assert "Results cut" not in body.decode("utf-8")


def test_sparql_chinese_label_search(endpoint, seed_store):
    q = ('SELECT DISTINCT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label '
         'FILTER(CONTAINS(?label, "增长")) } ORDER BY ?s ?label')
    res = client(endpoint, q, JSON, "POST").convert()
    got = [(b["s"]["value"], b["label"]["value"], b["label"].get("xml:lang")) for b in res["results"]["bindings"]]
    want = [(s["s"].value, s["label"].value, s["label"].language) for s in
            seed_store.query(q, use_default_graph_as_union=True)]
    assert got == want and got


def test_sparql_format_parameter_for_links(endpoint):
    status, headers, body = sparql_get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 2", accept="text/html",
                                       format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, headers, body = sparql_get(endpoint, INDICATOR_DESCRIBE, format="nt")
    assert headers["Content-Type"].startswith("application/n-triples")
    status, headers, body = sparql_get(endpoint, INDICATOR_DESCRIBE, format="csv")
    assert status == 406
    status, _, body = sparql_get(endpoint, "ASK {}", format="no-such-format")
    assert status == 400 and b"no-such-format" in body


def test_sparql_backend_api_for_pages(seed_kg, settings):
    """The API the site's pages use: select/ask/construct with the endpoint's limits."""
    from dataclasses import replace

    from server import create_app

    app = create_app(replace(settings, kg_dir=seed_kg, max_rows=5, threads=1))
    backend = app.extensions["plankg"].backend
    try:
        rows = backend.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        assert len(rows) == 5 and rows.truncated and rows.variables == ("s", "p", "o")
        assert isinstance(rows[0]["p"], ox.NamedNode)
        assert backend.ask(f"ASK {{ ?s a <{PK}Report> }}") is True
        triples = backend.construct(INDICATOR_DESCRIBE)
        assert triples and all(isinstance(t, ox.Triple) for t in triples)
        assert GRAPH in backend.graph_names()
        from server.errors import Forbidden
        with pytest.raises(Forbidden):
            backend.select("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    finally:
        backend.close()


def test_sparql_disk_backend_answers_like_the_memory_backend(seed_kg, settings, tmp_path, seed_store):
    """The ``disk`` backend builds pyoxigraph's on-disk store once, beside kg.nq, and answers the same."""
    import shutil
    from dataclasses import replace

    from server import create_app

    kg = tmp_path / "kg"
    shutil.copytree(seed_kg, kg)
    app = create_app(replace(settings, kg_dir=kg, store="disk", threads=1))
    backend = app.extensions["plankg"].backend
    try:
        assert (kg / "oxigraph" / ".complete").exists()
        rows = backend.select(OBS_VALUES)
        assert [(r["o"].value, r["v"].value) for r in rows] == expected_values(seed_store)
        assert GRAPH in backend.graph_names()
    finally:
        backend.close()
