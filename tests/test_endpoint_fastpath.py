"""The endpoint's per-request shortcuts answer exactly as the long way does: the WSGI fast path in
front of Flask, the percent-decoder, and the gunicorn worker that serves a kept-alive
connection's next request in the same thread."""
from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from server.sparql import _unquote

PK = "https://w3id.org/plankg/def#"
VOCAB = "https://w3id.org/plankg/graph/vocabulary"


# ------------------------------------------------------------------ percent-decoding

@hsettings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([b"%", b"%4", b"%41", b"%e4", b"%E4%B8%AD", b"\\", b"\\x", b"\\\\", b"x", b"=",
                                 b"\n", b"+", b" ", b"%zz", b"%%", b"\x00", b"\xff", b"%0", b"%\n", b"\\%41"]),
                max_size=12).map(b"".join) | st.binary(max_size=40))
def test_fastpath_unquote_is_urllib(raw):
    assert _unquote(raw) == urllib.parse.unquote_to_bytes(raw)


def test_fastpath_unquote_a_real_query():
    q = 'PREFIX pk: <https://w3id.org/plankg/def#>\nSELECT ?s WHERE { ?s pk:x "科技\\n" } # 100%'
    raw = urllib.parse.urlencode({"query": q}).encode().partition(b"=")[2].replace(b"+", b" ")
    assert _unquote(raw).decode("utf-8") == q


# ------------------------------------------------------------------ fast path == Flask

@pytest.fixture(scope="module")
def app(seed_kg, settings):
    from server import create_app

    app = create_app(replace(settings, kg_dir=seed_kg, max_rows=5, threads=1, max_request_bytes=5000))
    yield app
    app.extensions["plankg"].backend.close()


def _call(wsgi, environ):
    out = {}

    def start_response(status, headers, exc_info=None):
        out["status"], out["headers"] = status, headers

    body = b"".join(wsgi(environ, start_response))
    return int(out["status"].split()[0]), {k.lower(): v for k, v in out["headers"]}, body


def _environ(method="GET", params=None, body=b"", ctype=None, accept=None):
    from werkzeug.test import EnvironBuilder

    b = EnvironBuilder(path="/sparql", method=method, query_string=params, data=body or None, content_type=ctype,
                       headers={"Accept": accept} if accept else None)
    return b.get_environ()


CASES = [
    dict(params={"query": f"SELECT ?s WHERE {{ ?s a <{PK}Report> }}"}),
    dict(params={"query": "SELECT * WHERE { ?s ?p ?o }"}, accept="text/csv"),  # cut at 5 rows
    dict(params={"query": "ASK {}", "default-graph-uri": VOCAB}, accept="application/sparql-results+xml"),
    dict(params={"query": "DESCRIBE <https://w3id.org/plankg/id/indicator/GRP>"}, accept="application/n-triples"),
    dict(method="POST", body=urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode(),
         ctype="application/x-www-form-urlencoded"),
    dict(method="POST", body=b"SELECT (1 AS ?x) {}", ctype="application/sparql-query; charset=utf-8"),
    # errors
    dict(params={"query": "SELECT * WHERE { ?s ?p }"}),
    dict(params={"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}),
    dict(params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}),
    dict(params={"query": "ASK {}"}, accept="image/png"),
    dict(params={"query": ["ASK {}", "ASK {}"]}),
    dict(params={"query": "ASK {}", "format": "nope"}),
    dict(params={"query": "ASK {}", "default-graph-uri": "not an iri"}),
    dict(params={"query": "ASK {" + " " * 6000 + "}"}),
    dict(method="POST", body=b"ASK {}", ctype="text/plain"),
    dict(method="POST", body=b"x" * 6000, ctype="application/sparql-query"),
    dict(method="POST", body="ASK { ?s ?p \"café\" }".encode("latin-1"), ctype="application/sparql-query"),
    dict(method="POST", body=b"query=%E9", ctype="application/x-www-form-urlencoded"),
    dict(method="POST", body=b"ASK {}", ctype="application/sparql-update"),
]


def _fast_path(app):
    """The FastPath among the WSGI layers around the Flask app."""
    from server.sparql import FastPath

    layer = app.wsgi_app
    while not isinstance(layer, FastPath):
        layer = layer.wsgi_app
    return layer


@pytest.mark.parametrize("case", CASES, ids=range(len(CASES)))
def test_fastpath_answers_as_flask_does(app, case):
    fast_path = _fast_path(app)
    flask_only = fast_path.wsgi_app
    fast = _call(fast_path, _environ(**case))
    slow = _call(flask_only, _environ(**case))
    assert fast[0] == slow[0], (fast, slow)
    assert fast[2] == slow[2] or fast[0] == 500
    for h in ("content-type", "vary", "access-control-allow-origin", "access-control-expose-headers",
              "x-result-truncated", "x-sparql-maxrows", "retry-after"):
        assert fast[1].get(h) == slow[1].get(h), h
    assert int(fast[1]["content-length"]) == len(fast[2])


def test_fastpath_passes_pages_on_to_flask(app):
    status, headers, body = _call(app.wsgi_app, _environ(accept="text/html"))
    assert status == 200 and headers["content-type"].startswith("text/html") and b"<form" in body
    status, headers, body = _call(app.wsgi_app, _environ(params={"query": "SELECT * { ?s ?p ?o } LIMIT 2"},
                                                         accept="text/html"))
    assert status == 200 and b"<table>" in body
    # a POSTed query whose answer is an HTML page: Flask reads the body the fast path already read
    status, headers, body = _call(app.wsgi_app, _environ("POST", body=b"query=ASK%20%7B%7D",
                                                         ctype="application/x-www-form-urlencoded",
                                                         accept="text/html"))
    assert status == 200 and headers["content-type"].startswith("text/html") and b"true" in body
    status, headers, _ = _call(app.wsgi_app, _environ("OPTIONS"))
    assert status == 204 and "POST" in headers["access-control-allow-methods"]
    status, _, _ = _call(app.wsgi_app, _environ("PUT", body=b"ASK {}", ctype="application/sparql-query"))
    assert status == 405


def test_fastpath_a_bug_is_a_logged_500(app, monkeypatch, caplog):
    from server import sparql

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(sparql, "answer", boom)
    status, headers, body = _call(app.wsgi_app, _environ(params={"query": "ASK {}"}))
    assert status == 500 and headers["x-request-id"] in body.decode() and b"kaboom" not in body
    assert "kaboom" in caplog.text and headers["x-request-id"] in caplog.text


# ------------------------------------------------------------------ keep-alive in gunicorn

def _read_response(f) -> tuple[int, dict, bytes]:
    status = int(f.readline().split()[1])
    headers = {}
    while (line := f.readline()) not in (b"\r\n", b""):
        k, _, v = line.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, f.read(int(headers.get("content-length", 0)))


def _get(query: str) -> bytes:
    return (f"GET /sparql?{urllib.parse.urlencode({'query': query})} HTTP/1.1\r\nHost: x\r\n"
            "Accept: application/sparql-results+json\r\n\r\n").encode()


def _post(body: bytes, ctype: str) -> bytes:
    return (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode() + body


def test_fastpath_keepalive_pipelined_and_back_to_back(endpoint):
    u = urllib.parse.urlsplit(endpoint)
    with socket.create_connection((u.hostname, u.port), timeout=30) as s, s.makefile("rb") as f:
        # three requests in one write, a POST among them, then an unread body (415) and one more
        s.sendall(_get("ASK {}") + _post(b"ASK { ?s ?p ?o }", "application/sparql-query") + _get("ASK {}"))
        for _ in range(3):
            status, headers, body = _read_response(f)
            assert status == 200 and b'"boolean":true' in body and headers["connection"] == "keep-alive"
        s.sendall(_post(b"x" * 3000, "text/plain"))
        assert _read_response(f)[0] == 415
        for pause in (0, 0.001, 0.02, 0.2):  # back to back, within and past the thread's wait
            time.sleep(pause)
            s.sendall(_get("ASK {}"))
            assert _read_response(f)[0] == 200


def test_fastpath_kept_connections_do_not_starve_others(endpoint):
    """More kept-alive connections than threads (2 workers × 2 threads), each sending requests back
    to back: a thread waiting on its connection gives way as soon as another connection has a
    request, or waits to be accepted; every connection is served while the others keep going."""
    u = urllib.parse.urlsplit(endpoint)
    errors, latencies, first = [], [], []
    start = threading.Barrier(12)
    done = threading.Event()

    def client():
        try:
            with socket.create_connection((u.hostname, u.port), timeout=30) as s, s.makefile("rb") as f:
                start.wait()
                t0 = time.monotonic()
                n = 0
                while n < 40 or not done.is_set():  # keep the others company until all had 40
                    t1 = time.monotonic()
                    s.sendall(_get("ASK {}"))
                    assert _read_response(f)[0] == 200
                    latencies.append(time.monotonic() - t1)
                    n += 1
                    if n == 1:
                        first.append(time.monotonic() - t0)
                    if n == 40:
                        finished.append(1)
                        if len(finished) == 12:
                            done.set()
                    assert n < 5000, "some connection was never served"
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
            done.set()

    finished: list[int] = []
    threads = [threading.Thread(target=client) for _ in range(12)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors
    assert len(first) == 12 and max(first) < 5  # generous: a loaded 2-core CI machine
    latencies.sort()
    assert latencies[len(latencies) // 2] < 0.25


def test_fastpath_late_connections_are_served_while_kept_ones_keep_every_thread_busy(endpoint):
    """Eight kept-alive connections send queries of a few milliseconds back to back, more than the
    four threads (2 workers × 2); then four more connections come. Each late one is answered
    within seconds, not after the busy ones stop (a worker that stopped accepting while its threads
    were busy left late connections unserved for the whole run)."""
    u = urllib.parse.urlsplit(endpoint)
    busy_query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(isLiteral(?o)) }"
    stop = threading.Event()
    errors, late_first = [], []

    def client(query: str, late: bool):
        try:
            with socket.create_connection((u.hostname, u.port), timeout=60) as s, s.makefile("rb") as f:
                t0 = time.monotonic()
                n = 0
                while not stop.is_set() and n < (10 if late else 100000):
                    s.sendall(_get(query))
                    assert _read_response(f)[0] == 200
                    n += 1
                    if late and n == 1:
                        late_first.append(time.monotonic() - t0)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    busy = [threading.Thread(target=client, args=(busy_query, False)) for _ in range(8)]
    [t.start() for t in busy]
    time.sleep(1.0)
    late = [threading.Thread(target=client, args=("ASK {}", True)) for _ in range(4)]
    [t.start() for t in late]
    [t.join(timeout=30) for t in late]
    stop.set()
    [t.join() for t in busy]
    assert not errors
    assert len(late_first) == 4, "a late connection was not answered in 30 s"
    assert max(late_first) < 5  # generous: a loaded 2-core CI machine


# ------------------------------------------------------------------ executors that come and go

def test_fastpath_executors_retiring_under_load_lose_no_query(monkeypatch):
    """Executors retire every few jobs while eight threads send queries: connections that die, or
    that an exiting executor accepted, are retried; every query is answered. The service starts on
    first use, in one of those threads, and outlives it."""
    import pyoxigraph as ox

    from server import executor
    from server.backends import Job, Reply, StoreEngine

    monkeypatch.setattr(executor, "MAX_JOBS", 50)
    store = ox.Store()
    service = executor.QueryService(lambda: StoreEngine(lambda: store, {}), 1, deny_network=False)
    replies, errors = [], []

    def client():
        try:
            for _ in range(60):
                replies.append(service.run(Job(query="ASK {}", form="ASK"), 30))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    try:
        threads = [threading.Thread(target=client) for _ in range(8)]
        [t.start() for t in threads]
        [t.join() for t in threads]
    finally:
        service.close()
    assert not errors
    assert len(replies) == 8 * 60 and all(isinstance(r, Reply) and b"true" in r.body for r in replies)


def test_fastpath_a_client_gone_before_its_reply_does_not_wedge_a_retiring_executor(monkeypatch):
    """A client sends a slow job and hangs up before the reply: the executor's reply fails. The
    job must still be counted as done, or the executor, once it retires, waits forever for it
    to end and never makes room for the next one (every query then timed out: seen under load)."""
    from server import executor
    from server.backends import Job

    class SlowEngine:
        def run(self, job):
            time.sleep(0.3 if "slow" in job.query else 0)
            return "ok"

    monkeypatch.setattr(executor, "MAX_JOBS", 5)
    service = executor.QueryService(SlowEngine, 1, deny_network=False)
    try:
        service.start()
        for _ in range(3):
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(service._paths[0])
                s.recv(8)  # the executor's pid
                executor._send(s, Job(query="slow", form="ASK"))
            # hung up: the reply, 0.3 s later, has nowhere to go
        time.sleep(1)
        replies = [service.run(Job(query="ASK {}", form="ASK"), 10) for _ in range(12)]  # past MAX_JOBS twice
    finally:
        service.close()
    assert replies == ["ok"] * 12


def test_fastpath_runaways_timing_out_together_kill_one_executor(monkeypatch, caplog):
    """Three queries that would run for ever time out within half a second. The first to
    time out kills the executor; the others, whose executor went away with no time left, are
    answered as timed out, not run again on the next executor (which would be killed for them in
    turn, leaving every other query without an executor meanwhile)."""
    import logging
    import re

    from server import executor
    from server.backends import Job

    class Engine:
        def run(self, job):
            time.sleep(3600 if "runaway" in job.query else 0)
            return "ok"

    service = executor.QueryService(Engine, 1, deny_network=False)
    outcomes = []

    def runaway():
        try:
            outcomes.append(service.run(Job(query="runaway", form="ASK"), 5))
        except executor.QueryTimeout:
            outcomes.append("timeout")

    try:
        service.start()
        assert service.run(Job(query="ASK {}", form="ASK"), 10) == "ok"
        with caplog.at_level(logging.WARNING, logger="server.executor"):
            threads = [threading.Thread(target=runaway) for _ in range(3)]
            for t in threads:  # as requests come: a little apart
                t.start()
                time.sleep(0.2)
            [t.join(timeout=30) for t in threads]
        after = service.run(Job(query="ASK {}", form="ASK"), 10)
    finally:
        service.close()
    assert outcomes == ["timeout"] * 3 and after == "ok"
    killed = set(re.findall(r"executor (\d+) killed", caplog.text))
    assert len(killed) == 1, caplog.text



def test_fastpath_a_slow_query_yields_the_cpu_and_its_connection_goes_on_at_normal_priority():
    """A query running past SLOW_AFTER gets the lowest CPU priority (so that quick queries arriving
    meanwhile are not slowed down by it); the next query on the same connection runs at normal
    priority again (the connection moved to a fresh thread)."""
    from server import executor
    from server.backends import Job

    class Engine:
        def run(self, job):
            time.sleep(executor.SLOW_AFTER * 3 if "slow" in job.query else 0)
            return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    service = executor.QueryService(Engine, 1, deny_network=False)
    try:
        service.start()
        base = service.run(Job(query="ASK {}", form="ASK"), 10)
        slow = service.run(Job(query="slow", form="ASK"), 10)
        after = [service.run(Job(query="ASK {}", form="ASK"), 10) for _ in range(3)]
    finally:
        service.close()
    assert slow == 19 and base < 19
    assert after == [base] * 3


def test_fastpath_a_retiring_executor_busy_with_a_long_query_does_not_hold_up_the_others(monkeypatch):
    """An executor reaches MAX_JOBS while a long query runs in it. Its successor starts at once and
    takes the new queries; they do not wait for the long query to end (they did, up to the time
    limit, when the successor started only after the old executor had exited)."""
    from server import executor
    from server.backends import Job

    class Engine:
        def run(self, job):
            time.sleep(8 if "long" in job.query else 0)
            return os.getpid()

    monkeypatch.setattr(executor, "MAX_JOBS", 5)
    service = executor.QueryService(Engine, 1, deny_network=False)
    long_reply = []
    try:
        service.start()
        first = service.run(Job(query="ASK {}", form="ASK"), 30)
        t = threading.Thread(target=lambda: long_reply.append(service.run(Job(query="long", form="ASK"), 30)))
        t.start()
        time.sleep(0.3)
        pids = [service.run(Job(query="ASK {}", form="ASK"), 30) for _ in range(10)]
        answered_before_the_long_one = not long_reply
        t.join()
    finally:
        service.close()
    assert answered_before_the_long_one
    assert pids[-1] != first and long_reply == [first]  # a successor answered; the long one finished


def test_fastpath_a_slow_query_ending_as_its_executor_retires_leaves_no_connection_hanging(monkeypatch):
    """A slow query (reniced) is still running when its executor retires, and another one keeps the
    executor alive after it. Its connection, handed back for a fresh thread when it ends, must be
    closed (the client's next job goes to the successor), not left unread until the client's time
    limit."""
    from server import executor
    from server.backends import Job

    class Engine:
        def run(self, job):
            time.sleep({"slow": executor.SLOW_AFTER * 3, "long": 8}.get(job.query, 0))
            return "ok"

    monkeypatch.setattr(executor, "MAX_JOBS", 2)  # counted when they end: the first and the quick one
    service = executor.QueryService(Engine, 1, deny_network=False)
    long_done, slow_then = [], []

    def slow_then_quick():
        service.run(Job(query="slow", form="ASK"), 30)
        slow_then.append((service.run(Job(query="ASK {}", form="ASK"), 30), not long_done))

    try:
        service.start()
        service.run(Job(query="ASK {}", form="ASK"), 30)
        threads = [threading.Thread(target=lambda: long_done.append(service.run(Job(query="long", form="ASK"), 30))),
                   threading.Thread(target=slow_then_quick)]
        for t in threads:
            t.start()
            time.sleep(0.2)
        time.sleep(executor.SLOW_AFTER * 1.5)  # the slow one is reniced by now
        service.run(Job(query="ASK {}", form="ASK"), 30)  # the second job to end: the executor retires
        [t.join() for t in threads]
    finally:
        service.close()
    assert slow_then == [("ok", True)] and long_done == ["ok"]
