"""SPARQL 1.1 Protocol conformance, modelled on the W3C protocol test suite
(https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/): query by GET and POST,
dataset parameters, response types, and the errors a client must get."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import requests

PK = "https://w3id.org/plankg/def#"
GRAPH = "https://w3id.org/plankg/graph/report/fu-zhou-shi-cang-shan-qu-2022"
VOCAB = "https://w3id.org/plankg/graph/vocabulary"
META = "https://w3id.org/plankg/graph/metadata"
COUNT_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o BIND(\"default\" AS ?g) } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g"


def bindings(resp) -> list[dict]:
    assert resp.status_code == 200, resp.text
    return resp.json()["results"]["bindings"]


def graphs_seen(resp) -> dict[str, int]:
    return {b["g"]["value"]: int(b["n"]["value"]) for b in bindings(resp)}


def test_protocol_query_get(endpoint):
    r = requests.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json() == {"head": {}, "boolean": True}
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")


def test_protocol_query_post_form(endpoint):
    r = requests.post(endpoint, data={"query": "SELECT ?s WHERE { ?s a <%sReport> }" % PK})
    assert len(bindings(r)) == 1


def test_protocol_query_post_direct(endpoint):
    r = requests.post(endpoint, data="SELECT ?s WHERE { ?s a <%sReport> }" % PK,
                      headers={"Content-Type": "application/sparql-query"})
    assert len(bindings(r)) == 1
    # dataset parameters of a direct POST come from the URL
    r = requests.post(endpoint, params={"default-graph-uri": VOCAB}, data="ASK { ?s a <%sReport> }" % PK,
                      headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert r.json()["boolean"] is False


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_protocol_dataset_default_graphs(endpoint, method):
    params = {"query": COUNT_GRAPHS, "default-graph-uri": [VOCAB, META]}
    r = requests.get(endpoint, params=params) if method == "GET" else requests.post(endpoint, data=params)
    seen = graphs_seen(r)
    assert set(seen) == {"default"}  # no named graphs when only default graphs are given
    whole = graphs_seen(requests.get(endpoint, params={"query": COUNT_GRAPHS}))
    assert seen["default"] == whole[VOCAB] + whole[META]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_protocol_dataset_named_graphs(endpoint, method):
    params = {"query": COUNT_GRAPHS, "named-graph-uri": [GRAPH, META]}
    r = requests.get(endpoint, params=params) if method == "GET" else requests.post(endpoint, data=params)
    assert set(graphs_seen(r)) == {GRAPH, META}  # and the default graph is empty


def test_protocol_dataset_full_and_protocol_overrides_query(endpoint):
    q = f"SELECT ?g (COUNT(*) AS ?n) FROM <{GRAPH}> FROM NAMED <{GRAPH}> WHERE {{ {{ ?s ?p ?o BIND(\"default\" AS ?g) }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }} GROUP BY ?g"
    by_query = graphs_seen(requests.get(endpoint, params={"query": q}))
    assert set(by_query) == {"default", GRAPH}
    by_protocol = graphs_seen(requests.get(endpoint, params={"query": q, "default-graph-uri": META,
                                                             "named-graph-uri": VOCAB}))
    assert set(by_protocol) == {"default", VOCAB}
    whole = graphs_seen(requests.get(endpoint, params={"query": COUNT_GRAPHS}))
    assert by_protocol["default"] == whole[META]


@pytest.mark.parametrize("query,accept,media", [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+xml", "application/sparql-results+xml"),
    ("ASK {}", "application/sparql-results+json", "application/sparql-results+json"),
    ("DESCRIBE <https://w3id.org/plankg/id/indicator/GRP>", "application/rdf+xml", "application/rdf+xml"),
    ("CONSTRUCT WHERE { ?s a ?c } LIMIT 2", "text/turtle", "text/turtle"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "application/json", "application/json"),
])
def test_protocol_content_type_by_form(endpoint, query, accept, media):
    r = requests.get(endpoint, params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == media


def test_protocol_accept_q_values_pick_the_preferred_format(endpoint):
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"
    r = requests.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": accept})
    assert r.headers["Content-Type"].startswith("text/csv")
    accept = "text/turtle;q=0.2, application/ld+json"
    r = requests.get(endpoint, params={"query": "CONSTRUCT WHERE { ?s a ?c } LIMIT 1"}, headers={"Accept": accept})
    assert r.headers["Content-Type"].startswith("application/ld+json")
    assert json.loads(r.text)


def test_protocol_406_never_falls_back(endpoint):
    r = requests.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
                     headers={"Accept": "text/turtle"})
    assert r.status_code == 406 and r.headers["Content-Type"].startswith("text/plain")
    r = requests.get(endpoint, params={"query": "CONSTRUCT WHERE { ?s a ?c } LIMIT 1"},
                     headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 406
    r = requests.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": "*/*;q=0, image/png"})
    assert r.status_code == 406


def test_protocol_bad_query_method(endpoint):
    r = requests.put(endpoint, data="ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 405


def test_protocol_bad_multiple_queries(endpoint):
    r = requests.get(endpoint, params={"query": ["ASK {}", "ASK {}"]})
    assert r.status_code == 400


@pytest.mark.parametrize("headers", [{"Content-Type": "text/plain"}, {"Content-Type": "application/json"}, {}])
def test_protocol_bad_query_wrong_media_type(endpoint, headers):
    r = requests.post(endpoint, data=b"ASK {}", headers=headers)
    assert r.status_code == 415 and "application/sparql-query" in r.text


def test_protocol_bad_query_non_utf8(endpoint):
    r = requests.post(endpoint, data='ASK { ?s ?p "café" }'.encode("latin-1"),
                      headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert r.status_code == 400
    r = requests.post(endpoint, data=b"query=ASK%20%7B%20%3Fs%20%3Fp%20%22caf%E9%22%20%7D",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400


def test_protocol_bad_query_syntax_gives_the_parser_message_and_position(endpoint):
    r = requests.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("text/plain")
    assert "1:25" in r.text and "expected" in r.text  # line:column of the error, from the parser
    r = requests.post(endpoint, data={"query": ""})
    assert r.status_code == 400
    r = requests.post(endpoint, data={"other": "x"})
    assert r.status_code == 400 and "query" in r.text


def test_protocol_bad_dataset_iri(endpoint):
    r = requests.get(endpoint, params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert r.status_code == 400


def test_protocol_cors(endpoint):
    r = requests.get(endpoint, params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    r = requests.post(endpoint, data={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    r = requests.options(endpoint, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 204 and "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "content-type" in r.headers["Access-Control-Allow-Headers"].lower()
    r = requests.get(endpoint, params={"query": "SELECT ?x {"}, headers={"Origin": "https://example.org"})
    assert r.status_code == 400 and r.headers["Access-Control-Allow-Origin"] == "*"


def test_protocol_service_description(endpoint):
    r = requests.get(endpoint)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    ds = ox.Dataset(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    svc = ox.NamedNode("https://w3id.org/plankg/id/service/sparql")

    def objects(s, p):
        return [q.object for q in ds.quads_for_subject(s) if q.predicate == ox.NamedNode(p)]

    assert objects(svc, sd + "endpoint") == [ox.NamedNode(endpoint)]
    assert ox.NamedNode(sd + "SPARQL11Query") in objects(svc, sd + "supportedLanguage")
    formats = {o.value for o in objects(svc, sd + "resultFormat")}
    assert {"http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/Turtle",
            "http://www.w3.org/ns/formats/SPARQL_Results_CSV"} <= formats
    assert ox.NamedNode(sd + "UnionDefaultGraph") in objects(svc, sd + "feature")
    assert ox.NamedNode(sd + "BasicFederatedQuery") not in objects(svc, sd + "feature")
    comments = " ".join(o.value for o in objects(svc, "http://www.w3.org/2000/01/rdf-schema#comment"))
    assert "1000 rows" in comments and "60 s" in comments  # the limits of this server
    (dataset,) = objects(svc, sd + "defaultDataset")
    names = {objects(ng, sd + "name")[0].value for ng in objects(dataset, sd + "namedGraph")}
    assert {GRAPH, VOCAB, META} <= names
    void_triples = [q.object for q in ds.quads_for_subject(dataset)
                    if q.predicate == ox.NamedNode("http://rdfs.org/ns/void#triples")]
    assert void_triples and int(void_triples[0].value) > 1000  # the VoID statistics of the KG


def test_protocol_service_description_formats_and_html(endpoint):
    r = requests.get(endpoint, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/ld+json") and r.json()
    r = requests.get(endpoint, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.headers["Content-Type"].startswith("text/html") and "<form" in r.text
    r = requests.get(endpoint, headers={"Accept": "image/png"})
    assert r.status_code == 406
