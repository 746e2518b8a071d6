"""The endpoint is read-only and never the way into the machine: time limits that really stop
queries, refusals of updates and SERVICE, no network access on a query's behalf (a loopback
listener counts every connection), size limits. Each guard has a test that fails without it."""
from __future__ import annotations

import threading

import pytest
import requests

from server import guard
from servers import Listener

PK = "https://w3id.org/plankg/def#"
#: a query that runs for minutes on the seed KG (a triple self-join with a filter)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?c = ?f && ?f = ?i) }"
LIMIT_BYTES = 20000


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def strict_endpoint(seed_kg, tmp_path_factory):
    """A server with a short time limit, one worker of two threads, a small request limit."""
    from servers import start_plankg

    server = start_plankg(seed_kg, tmp_path_factory.mktemp("strict"), workers=1, threads=2, query_timeout=2,
                          max_request_bytes=LIMIT_BYTES)
    yield server.url
    server.stop()


# ------------------------------------------------------------------ the guard on its own

@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://127.0.0.1:9/> } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p \"unterminated SERVICE <http://127.0.0.1:9/> { } }",
    "SELECT * WHERE { ?a ?b ?c FILTER(?a<?b) SERVICE <http://127.0.0.1:9/> { } }",
])
def test_safety_guard_refuses_service(query):
    with pytest.raises(guard.Refused):
        guard.inspect(query)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s <http://example.org/service> \"SERVICE\" } # SERVICE <http://x/>",
    "SELECT ?service WHERE { ?service <http://example.org/p> ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
])
def test_safety_guard_lets_the_word_service_be_data(query):
    assert guard.inspect(query).form == "SELECT"


def test_safety_guard_allowlist():
    q = "PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }"
    assert guard.inspect(q, allowlist=("http://127.0.0.1:9/sparql",)).services == ("http://127.0.0.1:9/sparql",)
    with pytest.raises(guard.Refused):
        guard.inspect(q, allowlist=("http://127.0.0.1:9/other",))
    with pytest.raises(guard.Refused):
        guard.inspect("SELECT * { SERVICE ?x { } }", allowlist=("http://127.0.0.1:9/sparql",))


@pytest.mark.parametrize("query", ["INSERT DATA { <a:s> <a:p> <a:o> }", "LOAD <http://127.0.0.1:9/x.ttl>",
                                   "CLEAR ALL", "PREFIX a: <a:> DELETE WHERE { ?s ?p ?o }",
                                   "DROP GRAPH <a:g>", "WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_safety_guard_refuses_updates(query):
    with pytest.raises(guard.Refused):
        guard.inspect(query)


def test_safety_guard_remote_mode_refuses_vendor_syntax():
    with pytest.raises(guard.NotSparql):
        guard.inspect('DEFINE get:soft "replace" SELECT * FROM <http://127.0.0.1:9/> { ?s ?p ?o }', remote=True)
    with pytest.raises(guard.NotSparql):
        guard.inspect('SELECT * { ?s ?p ?o FILTER(bif:contains(?o, "x")) }', remote=True)
    with pytest.raises(guard.Refused):
        guard.inspect('PREFIX b: <bif:> SELECT * { ?s ?p ?o FILTER(b:contains(?o, "x")) }', remote=True)
    assert guard.inspect("PREFIX ex: <http://example.org/> SELECT * { ?s ex:p ?o }", remote=True).form == "SELECT"


# ------------------------------------------------------------------ over HTTP

def test_safety_timeout_stops_the_query_and_others_are_served(strict_endpoint):
    box = {}

    def slow():
        box["resp"] = requests.get(strict_endpoint, params={"query": SLOW}, timeout=300)

    t = threading.Thread(target=slow)
    t.start()
    served = 0
    while t.is_alive() and served < 20:  # other requests are answered while the slow one runs
        r = requests.get(strict_endpoint, params={"query": f"ASK {{ ?s a <{PK}Report> }}"}, timeout=60)
        assert r.status_code == 200 and r.json()["boolean"] is True
        served += 1
    t.join()
    assert served > 0
    resp = box["resp"]
    assert resp.status_code == 503
    assert "limit of 2 s" in resp.text and resp.headers["Content-Type"].startswith("text/plain")
    # the executor was killed and replaced: the worker goes on answering, twice in parallel too
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        requests.get(strict_endpoint, params={"query": "ASK {}"}, timeout=60).status_code)) for _ in range(4)]
    [x.start() for x in threads]
    [x.join() for x in threads]
    assert results == [200] * 4


@pytest.mark.parametrize("how", ["query", "update-param", "update-post", "load"])
def test_safety_updates_are_forbidden(strict_endpoint, how):
    ins = f"INSERT DATA {{ <urn:x> a <{PK}Report> }}"
    if how == "query":
        r = requests.post(strict_endpoint, data={"query": ins})
    elif how == "update-param":
        r = requests.post(strict_endpoint, data={"update": ins})
    elif how == "update-post":
        r = requests.post(strict_endpoint, data=ins, headers={"Content-Type": "application/sparql-update"})
    else:
        r = requests.get(strict_endpoint, params={"query": "LOAD <http://127.0.0.1:9/x.ttl>"})
    assert r.status_code == 403 and "read-only" in r.text
    r = requests.get(strict_endpoint, params={"query": "ASK { <urn:x> ?p ?o }"})
    assert r.json()["boolean"] is False


def test_safety_service_is_forbidden(strict_endpoint, listener):
    r = requests.get(strict_endpoint, params={"query": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"})
    assert r.status_code == 403 and "SERVICE" in r.text
    assert listener.connections == 0


def test_safety_nothing_in_a_query_reaches_the_network_or_files(strict_endpoint, listener):
    u = listener.url
    probes = [
        {"query": f"SELECT * FROM <{u}g.ttl> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{u}g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": f"ASK FROM <{u}a> FROM NAMED <{u}b> {{ GRAPH <{u}b> {{ ?s ?p ?o }} }}"},
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": f"{u}d", "named-graph-uri": f"{u}n"},
        {"query": f"DESCRIBE <{u}thing>"},
        {"query": f"SELECT * WHERE {{ SERVICE SILENT <{u}sparql> {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * WHERE {{ BIND(<{u}x> AS ?x) ?x ?p ?o }}"},
        {"query": f"CONSTRUCT {{ ?s ?p ?o }} FROM <{u}c> WHERE {{ ?s ?p ?o }}"},
        {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"},
        {"query": "SELECT ?x WHERE { BIND(IRI(\"file:///etc/passwd\") AS ?x) ?x ?p ?o }"},
        {"query": f"LOAD <{u}x.ttl> INTO GRAPH <urn:g>"},
    ]
    for params in probes:
        r = requests.post(strict_endpoint, data=params)
        assert r.status_code in (200, 403), (params, r.text)
        assert "root:" not in r.text
    assert listener.connections == 0


def test_safety_executors_have_no_network_even_past_the_guard(seed_kg, listener):
    """The second wall: a query that got past the guard still cannot open a connection."""
    import pyoxigraph as ox

    from server.backends import Job, StoreEngine
    from server.executor import QueryService

    store = ox.Store()
    job = Job(query=f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}", form="SELECT",
              federated=True)
    sandboxed = QueryService(lambda: StoreEngine(lambda: store, {}), 1, deny_network=True)
    try:
        reply = sandboxed.run(job, 30)
    finally:
        sandboxed.close()
    assert reply[0] == "error" and "ermission denied" in reply[2]
    assert listener.connections == 0
    # the control: without the sandbox the very same job does reach the listener
    open_pool = QueryService(lambda: StoreEngine(lambda: store, {}), 1, deny_network=False)
    try:
        open_pool.run(job, 30)
    finally:
        open_pool.close()
    assert listener.connections >= 1


def test_safety_request_size_limits(strict_endpoint):
    big = "ASK { " + "?s ?p ?o . " * (LIMIT_BYTES // 10) + "}"
    assert requests.post(strict_endpoint, data={"query": big}).status_code == 413
    assert requests.post(strict_endpoint, data=big, headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert requests.get(strict_endpoint, params={"query": big}).status_code == 413
    small = "ASK { " + "?s ?p ?o . " * 10 + "}"
    assert requests.get(strict_endpoint, params={"query": small}).status_code == 200
