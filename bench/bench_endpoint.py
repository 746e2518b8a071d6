"""Benchmark: our SPARQL endpoint against ``oxigraph serve`` and rdflib-endpoint on the same data,
side by side in one run. Not a test (timings are not asserted anywhere).

    python -m bench.bench_endpoint [--kg DIR] [--reports 1000] [--skip-synthetic] [--runs 30]

For each KG (the Cangshan report, then a synthetic KG of ``--reports`` copies of it, ~5k–12k
triples each) it starts, each on a free loopback port:

- plankg: ``kg serve`` (gunicorn, the memory backend, default workers and threads);
- ``oxigraph serve-read-only`` on a store made by ``oxigraph load`` (its usual deployment), and
  ``oxigraph serve`` in memory (loaded over HTTP), both with ``--union-default-graph``;
- rdflib-endpoint under uvicorn (rdflib's engine), given ``--rdflib-load-timeout`` seconds to load;
  a server that cannot load in time, or answers a query in more than ``--query-timeout``
  seconds, is reported as collapsed.

Then per query of :mod:`bench.queries`: median and p95 of ``--runs`` sequential requests on a
persistent connection (after 2 warm-up runs); throughput of the whole mix with 8 concurrent
clients for ``--seconds`` (wrk when installed, else Python threads); and the memory of our server
(PSS of all its processes: master, workers, zygotes, executors) before and after the queries.
Writes a Markdown table to ``bench/results/`` and prints it.
"""
from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the server fixtures of the test suite (tests/servers.py)

from servers import Server, _popen, _wait, free_port, oxigraph_bin, start_oxigraph, start_plankg  # noqa: E402

from .queries import accept_for, queries  # noqa: E402

SEED = ROOT / "data" / "reports" / "cangshan-2022-plan-report.txt"
RESULTS = Path(__file__).resolve().parent / "results"
CLIENTS = 8


@dataclass
class Peer:
    name: str
    url: str
    server: Server | None
    note: str = ""
    latencies: dict[str, list[float]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    throughput: float | None = None
    errors: int = 0
    memory: list[tuple[str, int]] = field(default_factory=list)


# ------------------------------------------------------------------ HTTP

class Client:
    """One persistent HTTP/1.1 connection (reopened when the server closes it)."""

    def __init__(self, url: str, timeout: float):
        u = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = u.hostname, u.port, u.path
        self.timeout = timeout
        self.conn = None
        self.paths: dict[str, tuple[str, dict]] = {}  # encoded once: not part of any server's time

    def get(self, query: str) -> tuple[int, bytes]:
        if query not in self.paths:
            self.paths[query] = (self.path + "?" + urllib.parse.urlencode({"query": query}),
                                 {"Accept": accept_for(query)})
        path, headers = self.paths[query]
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers=headers)
                r = self.conn.getresponse()
                body = r.read()
                if r.will_close:
                    self.conn.close()
                    self.conn = None
                return r.status, body
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise RuntimeError("unreachable")


def count_rows(body: bytes, query: str) -> int:
    """Rows (or triples) of an answer; -1 when it is not in the format asked for."""
    try:
        if accept_for(query) == "text/turtle":
            import pyoxigraph as ox
            return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.TURTLE))
        data = json.loads(body)
        return len(data["results"]["bindings"]) if "results" in data else 1
    except (SyntaxError, ValueError, KeyError):
        return -1


# ------------------------------------------------------------------ memory

def _children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", encoding="utf-8") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    out.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return out


def tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    return seen


def pss_kib(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="utf-8") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def memory(peer: Peer, label: str) -> None:
    if peer.server is not None:
        pids = tree(peer.server.proc.pid)
        peer.memory.append((f"{label} ({len(pids)} processes)", pss_kib(pids)))


# ------------------------------------------------------------------ measurements

def sequential(peer: Peer, qs: dict[str, str], runs: int, query_timeout: float, budget: float = 60) -> None:
    """``runs`` timed runs of each query (after two warm-ups), or as many as fit in ``budget``
    seconds (at least three)."""
    client = Client(peer.url, query_timeout)
    for name, q in qs.items():
        times = []
        start = time.monotonic()
        try:
            for i in range(runs + 2):
                if len(times) >= 3 and time.monotonic() - start > budget:
                    break
                t0 = time.perf_counter()
                status, body = client.get(q)
                dt = time.perf_counter() - t0
                if status != 200:
                    peer.failed[name] = f"HTTP {status}: {body[:100]!r}"
                    break
                if i == 0:
                    peer.rows[name] = count_rows(body, q)
                if i >= 2:
                    times.append(dt)
                if dt > query_timeout / 3 and i >= 2:
                    break  # slow: a few runs say enough
        except (TimeoutError, OSError) as e:
            peer.failed[name] = f"no answer in {query_timeout:g} s ({type(e).__name__})"
            client = Client(peer.url, query_timeout)
        if times and name not in peer.failed:
            peer.latencies[name] = times


def _wrk_script(qs: dict[str, str], path: str) -> str:
    reqs = []
    for q in qs.values():
        p = path + "?" + urllib.parse.urlencode({"query": q})
        reqs.append('wrk.format("GET", %s, {["Accept"] = %s})' % (json.dumps(p), json.dumps(accept_for(q))))
    return ("local reqs = {}\nlocal i = 0\n"
            "init = function(args)\n  reqs = {" + ", ".join(reqs) + "}\n  i = math.random(#reqs) - 1\nend\n"
            "request = function()\n  i = i % #reqs + 1\n  return reqs[i]\nend\n")


def throughput(peer: Peer, qs: dict[str, str], seconds: float, query_timeout: float, tmp: Path) -> None:
    wrk = shutil.which("wrk")
    u = urllib.parse.urlsplit(peer.url)
    if wrk:
        script = tmp / f"mix-{peer.name.replace(' ', '_')}.lua"
        script.write_text(_wrk_script(qs, u.path), encoding="utf-8")
        r = subprocess.run([wrk, "-t", "2", "-c", str(CLIENTS), "-d", f"{int(seconds)}s", "--timeout",
                            f"{int(query_timeout)}s", "-s", str(script), f"{u.scheme}://{u.netloc}"],
                           capture_output=True, text=True, timeout=seconds + query_timeout + 60)
        out = r.stdout
        for line in out.splitlines():
            if line.startswith("Requests/sec:"):
                peer.throughput = float(line.split()[1])
            if "Non-2xx" in line:
                peer.errors += int(line.split()[-1])
            if "Socket errors" in line:
                peer.errors += sum(int(x.rstrip(",")) for x in line.split() if x.rstrip(",").isdigit())
        return
    done, errors = [0], [0]
    stop = time.monotonic() + seconds
    names = list(qs)

    def worker(k: int):
        c = Client(peer.url, query_timeout)
        i = k
        while time.monotonic() < stop:
            try:
                status, _ = c.get(qs[names[i % len(names)]])
                done[0] += 1
                errors[0] += status != 200
            except OSError:
                errors[0] += 1
                c = Client(peer.url, query_timeout)
            i += 1

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(CLIENTS)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    peer.throughput = done[0] / (time.monotonic() - t0)
    peer.errors = errors[0]


def soak(peer: Peer, qs: dict[str, str], n: int, query_timeout: float) -> None:
    c = Client(peer.url, query_timeout)
    names = list(qs)
    for i in range(n):
        c.get(qs[names[i % len(names)]])


# ------------------------------------------------------------------ peers

def start_oxigraph_disk(kg: Path, tmp: Path) -> tuple[Server, float]:
    loc = tmp / "oxigraph-disk"
    t0 = time.monotonic()
    subprocess.run([oxigraph_bin() or "oxigraph", "load", "--location", str(loc), "--file", str(kg / "kg.nq")],
                   check=True, capture_output=True, timeout=3600)
    return start_oxigraph(tmp, location=loc, read_only=True), time.monotonic() - t0


def start_oxigraph_memory(kg: Path, tmp: Path) -> tuple[Server, float]:
    t0 = time.monotonic()
    server = start_oxigraph(tmp)
    u = urllib.parse.urlsplit(server.extra["store"])
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=3600)
    with (kg / "kg.nq").open("rb") as f:
        conn.request("POST", u.path, body=f, headers={"Content-Type": "application/n-quads",
                                                      "Content-Length": str((kg / "kg.nq").stat().st_size)})
        r = conn.getresponse()
        r.read()
        if r.status >= 300:
            raise RuntimeError(f"oxigraph memory load: HTTP {r.status}")
    return server, time.monotonic() - t0


def start_rdflib(kg: Path, tmp: Path, load_timeout: float) -> tuple[Server | None, float, str]:
    if importlib.util.find_spec("rdflib_endpoint") is None or importlib.util.find_spec("uvicorn") is None:
        # a peer that is not there is not a peer that collapsed
        return None, 0.0, "not run: not installed (pip install -e '.[bench]', as make bench does)"
    port = free_port()
    log = tmp / f"rdflib-{port}.log"
    t0 = time.monotonic()
    proc = _popen([sys.executable, "-m", "bench.rdflib_server", str(kg / "kg.nq"), str(port)], log, cwd=ROOT)
    server = Server("rdflib-endpoint", proc, f"http://127.0.0.1:{port}/", port, log)
    try:
        _wait(server, server.url + "?query=ASK%7B%7D", timeout=load_timeout)
    except RuntimeError as e:
        reason = "exited" if "exited" in str(e).splitlines()[0] else f"not loaded in {load_timeout:g} s"
        return None, time.monotonic() - t0, f"collapsed: {reason}"
    return server, time.monotonic() - t0, ""


def place_of(kg: Path) -> str:
    manifest = json.loads((kg / "manifest.json").read_text(encoding="utf-8"))
    graph = manifest["reports"][0]["graph"]
    with (kg / "kg.nq").open(encoding="utf-8") as f:
        for line in f:
            if "sdmx/2009/dimension#refArea>" in line and line.rstrip().endswith(f"<{graph}> ."):
                return line.split("> <", 2)[2].split(">", 1)[0]
    raise RuntimeError("no refArea in the KG")


# ------------------------------------------------------------------ one KG

def run_kg(label: str, kg: Path, args, tmp: Path) -> str:
    quads = sum(1 for _ in (kg / "kg.nq").open(encoding="utf-8"))
    qs = queries(place_of(kg))
    print(f"== {label}: {quads} quads", file=sys.stderr)
    peers: list[Peer] = []
    loads: dict[str, str] = {}
    try:
        t0 = time.monotonic()
        ours = start_plankg(kg, tmp, workers=args.workers, threads=args.threads, query_timeout=args.query_timeout)
        loads["plankg"] = f"{time.monotonic() - t0:.1f} s"
        peers.append(Peer("plankg", ours.url, ours))
        s, dt = start_oxigraph_disk(kg, tmp)
        loads["oxigraph serve (disk)"] = f"{dt:.1f} s (oxigraph load + start)"
        peers.append(Peer("oxigraph serve (disk)", s.url, s))
        if not args.skip_oxigraph_memory:
            s, dt = start_oxigraph_memory(kg, tmp)
            loads["oxigraph serve (memory)"] = f"{dt:.1f} s (POST /store)"
            peers.append(Peer("oxigraph serve (memory)", s.url, s))
        s, dt, note = start_rdflib(kg, tmp, args.rdflib_load_timeout)
        loads["rdflib-endpoint"] = note or f"{dt:.1f} s"
        peers.append(Peer("rdflib-endpoint", s.url if s else "", s, note))

        memory(peers[0], "after start")
        for p in peers:
            if p.server is None:
                continue
            print(f"   sequential: {p.name}", file=sys.stderr)
            sequential(p, qs, args.runs, args.query_timeout)
            if len(p.failed) == len(qs):
                p.note = p.note or "collapsed: no query answered in time"
        memory(peers[0], f"after {args.runs + 2} runs of each query")
        for p in peers:
            if p.server is None or p.note:
                continue
            if p.name == "rdflib-endpoint" and p.failed:
                p.note = "collapsed: queries past the time limit; throughput not measured"
                continue
            print(f"   throughput: {p.name}", file=sys.stderr)
            throughput(p, qs, args.seconds, args.query_timeout, tmp)
        memory(peers[0], "after the throughput run")
        soak(peers[0], qs, args.soak, args.query_timeout)
        memory(peers[0], f"after {args.soak} more queries")
    finally:
        for p in peers:
            if p.server is not None:
                p.server.stop()
    return report(label, quads, qs, peers, loads, args)


def _ms(v: float) -> str:
    return f"{v * 1000:.1f}" if v < 10 else f"{v:.0f} s"


def _stats(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def report(label: str, quads: int, qs: dict[str, str], peers: list[Peer], loads: dict[str, str], args) -> str:
    ours = peers[0]
    ox = next(p for p in peers if p.name == "oxigraph serve (disk)")
    lines = [f"### {label}: {quads:,} quads", "",
             f"Sequential latency in ms, median / p95 of {args.runs} runs on a persistent connection; "
             f"throughput with {CLIENTS} concurrent clients for {args.seconds:g} s over the whole mix.", ""]
    head = ["query", "rows"] + [p.name for p in peers] + ["plankg ÷ oxigraph (disk)"]
    if any(p.name == "oxigraph serve (memory)" for p in peers):
        head.append("plankg ÷ oxigraph (memory)")
    head.append("rdflib ÷ plankg")
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for name in qs:
        row = [name, str(ours.rows.get(name, "–"))]
        meds = {}
        for p in peers:
            if name in p.latencies:
                m, p95 = _stats(p.latencies[name])
                meds[p.name] = m
                mismatch = "" if p.rows.get(name) == ours.rows.get(name) else f" ({p.rows.get(name)} rows)"
                row.append(f"{_ms(m)} / {_ms(p95)}{mismatch}")
            else:
                row.append(p.note or p.failed.get(name, "–"))
        o = meds.get("plankg")
        row.append(f"{o / meds[ox.name]:.2f}" if o and ox.name in meds else "–")
        if "plankg ÷ oxigraph (memory)" in head:
            row.append(f"{o / meds['oxigraph serve (memory)']:.2f}" if o and "oxigraph serve (memory)" in meds else "–")
        r = meds.get("rdflib-endpoint")
        rd_note = next((p.note for p in peers if p.name == "rdflib-endpoint"), "")
        row.append(f"{r / o:.0f}×" if r and o else "collapsed" if o and rd_note.startswith("collapsed") else "–")
        lines.append("| " + " | ".join(row) + " |")
    tp = ["**throughput (q/s)**", ""]
    for p in peers:
        tp.append(f"{p.throughput:.1f}" + (f" ({p.errors} errors)" if p.errors else "") if p.throughput else (p.note or "–"))
    tp.append(f"{ours.throughput / ox.throughput:.2f}" if ours.throughput and ox.throughput else "–")
    if "plankg ÷ oxigraph (memory)" in head:
        oxm = next(p for p in peers if p.name == "oxigraph serve (memory)")
        tp.append(f"{ours.throughput / oxm.throughput:.2f}" if ours.throughput and oxm.throughput else "–")
    rd = next(p for p in peers if p.name == "rdflib-endpoint")
    tp.append(f"{ours.throughput / rd.throughput:.0f}×" if ours.throughput and rd.throughput else "–")
    lines.append("| " + " | ".join(tp) + " |")
    lines += ["", "Start-up (load) time: " + "; ".join(f"{k} {v}" for k, v in loads.items()) + ".", "",
              "Memory of plankg (PSS, all processes): " + "; ".join(f"{k}: {v / 1024:.0f} MiB" for k, v in ours.memory)
              + ".", ""]
    return "\n".join(lines)


def ensure_seed_kg(tmp: Path) -> Path:
    out = tmp / "cangshan"
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEED), "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        raise SystemExit(f"kg build failed: {r.stderr}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_endpoint")
    ap.add_argument("--kg", type=Path, help="a built KG of the seed report (default: build one)")
    ap.add_argument("--reports", type=int, default=1000, help="reports in the synthetic KG")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--synthetic-kg", type=Path, help="reuse a synthetic KG made by bench.synthetic")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--soak", type=int, default=2000, help="queries before the last memory reading")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--query-timeout", type=float, default=60)
    ap.add_argument("--rdflib-load-timeout", type=float, default=180)
    ap.add_argument("--skip-oxigraph-memory", action="store_true")
    args = ap.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="plankg-bench-") as t:
        tmp = Path(t)
        seed = args.kg or ensure_seed_kg(tmp)
        (tmp / "small").mkdir()
        sections = [run_kg("Cangshan KG (1 report)", seed, args, tmp / "small")]
        if not args.skip_synthetic:
            syn = args.synthetic_kg
            if syn is None:
                from .synthetic import generate
                syn = tmp / "synthetic"
                print(f"== generating {args.reports} reports", file=sys.stderr)
                generate(seed, syn, args.reports)
            (tmp / "big").mkdir()
            sections.append(run_kg(f"synthetic KG ({args.reports} reports)", syn, args, tmp / "big"))
    text = "\n".join(sections)
    (RESULTS / "endpoint.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
