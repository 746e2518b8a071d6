"""Load, runaway queries, memory and crashes: the server that ``make serve`` starts, under what a
public endpoint gets. Not a test (nothing is asserted); it measures and writes
``bench/results/robustness.md``.

    python -m bench.load_test [--kg DIR] [--seconds 60] [--clients 32] [--runaways 4] [--requests 10000]

It starts ``kg serve`` with its default settings (``PLANKG_*`` cleared: 2 workers × 4 threads, one
executor, 30 s per query) on a free loopback port, on ``--kg`` or on the KG ``make serve`` builds
(``data/reports/``, built into a temporary directory), and drives it with wrk (Debian's ``wrk``),
one wrk process per kind of request so that each kind has its own latency figures:

- **cheap**: small SPARQL lookups; **entity**: linked-data pages of entities, indicators,
  observations (HTML and Turtle); **search**: the search page; **expensive**: analytic SPARQL
  (``bench/queries.py``) and scans of every triple and every literal.

Phases, each on the same server:

1. memory: the PSS and RSS of every server process (master, web workers, query supervisor,
   executor) after a warm-up, after ``--requests`` mixed requests and after as many again;
2. load: ``--clients`` connections for ``--seconds`` seconds, split over the four kinds; a third
   of the way in the executor is SIGKILLed, two thirds in a web worker;
3. runaway: cheap queries on 4 connections alone, then the same while ``--runaways`` queries that
   would run for hours (a self-join of all triples) run at once; they must be stopped at the limit;
4. hosts: ``--requests`` service descriptions, each asked for with another ``Host`` header;
5. the query supervisor is SIGKILLed (the gunicorn master starts it again): what clients get then.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the server fixtures of the test suite (tests/servers.py)

from servers import start_plankg  # noqa: E402

from .queries import QUERIES, accept_for  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
PREFIXES = """PREFIX pk: <https://w3id.org/plankg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
#: a query that would run for hours: a self-join of all triples, counted
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?c = ?f && ?f = ?i) }"
#: how the clients are split over the kinds of request (fractions of --clients)
SPLIT = {"cheap": 0.375, "entity": 0.25, "search": 0.1875, "expensive": 0.1875}


# ------------------------------------------------------------------ requests of each kind

def _q(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def _select(base: str, query: str) -> list[dict]:
    req = urllib.request.Request(base + _q(PREFIXES + query), headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())["results"]["bindings"]


def request_mix(base: str) -> dict[str, list[tuple[str, str]]]:
    """(path, Accept) per kind; entities are read from the KG itself."""
    json_ = "application/sparql-results+json"
    iris = [b["s"]["value"] for b in _select(base, """SELECT DISTINCT ?s WHERE {
        VALUES ?c { pk:Place pk:GovernmentAgency pk:Organization pk:Project pk:Program pk:Event pk:Indicator
                    pk:Report }
        ?s a ?c } ORDER BY ?s LIMIT 60""")]
    iris += [b["o"]["value"] for b in _select(base, "SELECT ?o WHERE { ?o a <http://purl.org/linked-data/cube#Observation> } ORDER BY ?o LIMIT 20")]
    place = next((i for i in iris if "/id/place/" in i), iris[0])
    base_iri = "https://w3id.org/plankg/"  # the default PLANKG_BASE_IRI, which make serve uses
    local = ["/" + urllib.parse.quote(i[len(base_iri):], safe="/#=,:-._~") for i in iris if i.startswith(base_iri)]
    cheap = [
        f"ASK {{ ?s a <https://w3id.org/plankg/def#Report> }}",
        PREFIXES + "SELECT ?l WHERE { <https://w3id.org/plankg/id/indicator/GRP> skos:prefLabel ?l }",
        PREFIXES + f"SELECT ?p ?o WHERE {{ <{place}> ?p ?o }} LIMIT 20",
        PREFIXES + "SELECT ?s WHERE { ?s a pk:Report } LIMIT 5",
        PREFIXES + "SELECT ?i ?code WHERE { ?i a pk:HeadlineIndicator ; skos:notation ?code } LIMIT 10",
    ]
    expensive = [q.replace("{place}", place) for _name, (_what, q) in QUERIES.items()] + [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)",
        'SELECT (COUNT(?o) AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && REGEX(STR(?o), "发展.*(项目|工程)")) }',
    ]
    terms = ["仓山", "科技", "cangshan", "gdp", "投资", "项目", "jiaoyu", "福州", "产业", "xin", "公园", "园区"]
    return {
        "cheap": [(_q(q), json_) for q in cheap],
        "entity": [(p, "text/html") for p in local] + [(p, "text/turtle") for p in local[::3]],
        "search": [("/-/search?" + urllib.parse.urlencode({"q": t}), "text/html") for t in terms],
        "expensive": [(_q(q), accept_for(q)) for q in expensive],
    }


# ------------------------------------------------------------------ wrk

LUA = """
local reqs = {%(reqs)s}
local limit = %(limit)d
local marker = %(marker)s
local hosts = %(hosts)s
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {}; count = 0; i = 0 end
function request()
  i = i + 1
  local r = reqs[(i %% #reqs) + 1]
  local h = {["Accept"] = r[2]}
  if hosts then h["Host"] = "h" .. i .. ".example" end
  return wrk.format("GET", r[1], h)
end
function response(status, headers, body)
  local k = tostring(status)
  statuses[k] = (statuses[k] or 0) + 1
  count = count + 1
  if limit > 0 and count == limit then
    local f = io.open(marker, "w"); f:write("done"); f:close()  -- wrk sleeps its duration: we SIGINT it
  end
end
function done(summary, latency, requests)
  local agg = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do agg[k] = (agg[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(agg) do table.insert(parts, string.format('"%%s": %%d', k, v)) end
  local e = summary.errors
  io.write(string.format('\\nRESULT {"requests": %%d, "seconds": %%f, "p50_ms": %%f, "p90_ms": %%f, "p99_ms": %%f, ' ..
    '"max_ms": %%f, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "status": {%%s}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, e.connect, e.read, e.write, e.timeout, table.concat(parts, ", ")))
end
"""


def _lua_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@dataclass
class Run:
    kind: str
    proc: subprocess.Popen
    out: Path
    limit: int = 0
    result: dict = field(default_factory=dict)

    @property
    def marker(self) -> Path:
        return self.out.with_suffix(".done")


def start_wrk(kind: str, base: str, reqs: list[tuple[str, str]], *, connections: int, seconds: float, tmp: Path,
              limit: int = 0, hosts: bool = False) -> Run:
    script = tmp / f"{kind}-{time.monotonic_ns()}.lua"
    marker = script.with_suffix(".done")
    script.write_text(LUA % {"reqs": ", ".join("{%s, %s}" % (_lua_str(p), _lua_str(a)) for p, a in reqs),
                             "limit": limit, "marker": _lua_str(str(marker)), "hosts": "true" if hosts else "false"},
                      encoding="utf-8")
    out = script.with_suffix(".out")
    proc = subprocess.Popen(["wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--timeout", "60s", "-s",
                             str(script), base + "/"], stdout=out.open("wb"), stderr=subprocess.STDOUT)
    return Run(kind, proc, out, limit)


def finish(run: Run) -> dict:
    if run.limit:  # wrk stops on SIGINT, and prints its figures
        while run.proc.poll() is None and not run.marker.exists():
            time.sleep(0.05)
        run.proc.send_signal(signal.SIGINT)
    run.proc.wait()
    text = run.out.read_text(encoding="utf-8", errors="replace")
    line = next((ln for ln in text.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk ({run.kind}) gave no result:\n{text[-2000:]}")
    run.result = json.loads(line[len("RESULT "):])
    return run.result


# ------------------------------------------------------------------ the server's processes

def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def roles(master: int) -> dict[str, list[int]]:
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                st = _stat(int(d))
            except OSError:
                continue
            if int(st[2]) == master and int(d) != master:  # same process group
                kids[int(d)] = int(st[1])
    sup = [p for p, pp in kids.items() if pp == master and p in kids.values()]
    return {"master": [master], "workers": sorted(p for p, pp in kids.items() if pp == master and p not in sup),
            "supervisor": sup, "executors": sorted(p for p, pp in kids.items() if pp in sup)}


def _kib(pid: int, field_: str, path: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(field_ + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory(master: int) -> dict[str, tuple[int, int]]:
    """(PSS, RSS) in MiB per role and in total."""
    out = {}
    total_pss = total_rss = 0
    for role, pids in roles(master).items():
        pss = sum(_kib(p, "Pss", "smaps_rollup") for p in pids)
        rss = sum(_kib(p, "VmRSS", "status") for p in pids)
        out[f"{role} ({len(pids)})"] = (pss / 1024, rss / 1024)
        total_pss, total_rss = total_pss + pss, total_rss + rss
    out["all"] = (total_pss / 1024, total_rss / 1024)
    return out


# ------------------------------------------------------------------ phases

def mixed(base: str, mix, tmp: Path, *, connections: int, seconds: float, limit_total: int = 0) -> dict[str, dict]:
    runs = []
    for kind, share in SPLIT.items():
        c = max(1, round(connections * share))
        limit = max(1, round(limit_total * share)) if limit_total else 0
        runs.append(start_wrk(kind, base, mix[kind], connections=c, seconds=seconds, tmp=tmp, limit=limit))
    return {r.kind: finish(r) | {"connections": max(1, round(connections * SPLIT[r.kind]))} for r in runs}


def phase_memory(base, mix, tmp, master, n: int) -> list[tuple[str, dict, int]]:
    out = [("after warm-up", memory(master), 0)]
    done = 0
    for _ in range(2):
        res = mixed(base, mix, tmp, connections=8, seconds=600, limit_total=n)
        done += sum(r["requests"] for r in res.values())
        out.append((f"after {done:,} mixed requests", memory(master), done))
    return out


def phase_load(base, mix, tmp, master, clients: int, seconds: float) -> tuple[dict, list[str]]:
    events = []
    results: dict = {}

    def run():
        results.update(mixed(base, mix, tmp, connections=clients, seconds=seconds))

    t = threading.Thread(target=run)
    start = time.monotonic()
    t.start()
    time.sleep(seconds / 3)
    r = roles(master)
    if r["executors"]:
        os.kill(r["executors"][0], signal.SIGKILL)
        events.append(f"{time.monotonic() - start:.0f} s: SIGKILL executor {r['executors'][0]}")
    time.sleep(seconds / 3)
    r = roles(master)
    if r["workers"]:
        os.kill(r["workers"][0], signal.SIGKILL)
        events.append(f"{time.monotonic() - start:.0f} s: SIGKILL web worker {r['workers'][0]}")
    t.join()
    after = roles(master)
    events.append(f"after the run: {len(after['workers'])} web workers, {len(after['executors'])} executor(s), "
                  f"pids {after['workers']} / {after['executors']}")
    return results, events


def phase_runaway(base, mix, tmp, runaways: int, timeout: float) -> dict:
    cheap = mix["cheap"]
    alone = finish(start_wrk("cheap-alone", base, cheap, connections=4, seconds=15, tmp=tmp))
    box: list[tuple[int, float, str]] = []

    def runaway():
        t0 = time.monotonic()
        req = urllib.request.Request(base + _q(RUNAWAY), headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout * 4) as r:
                box.append((r.status, time.monotonic() - t0, r.read()[:80].decode()))
        except urllib.error.HTTPError as e:
            box.append((e.code, time.monotonic() - t0, e.read()[:80].decode()))
        except OSError as e:
            box.append((0, time.monotonic() - t0, repr(e)))

    threads = [threading.Thread(target=runaway) for _ in range(runaways)]
    [t.start() for t in threads]
    time.sleep(0.5)
    during = finish(start_wrk("cheap-during", base, cheap, connections=4, seconds=timeout - 3, tmp=tmp))
    stop = finish(start_wrk("cheap-stop", base, cheap, connections=4, seconds=8, tmp=tmp))
    [t.join() for t in threads]
    after = finish(start_wrk("cheap-after", base, cheap, connections=4, seconds=10, tmp=tmp))
    return {"alone": alone, "during": during, "stop": stop, "after": after, "runaways": box}


def phase_hosts(base, master, tmp, n: int) -> tuple[dict, dict, dict]:
    before = memory(master)
    res = finish(start_wrk("hosts", base, [("/sparql", "text/turtle")], connections=4, seconds=600, tmp=tmp,
                           limit=n, hosts=True))
    return before, res, memory(master)


def phase_supervisor(base, master) -> tuple[list[int], str]:
    r = roles(master)
    os.kill(r["supervisor"][0], signal.SIGKILL)
    time.sleep(2)
    codes = []
    for _ in range(20):
        try:
            with urllib.request.urlopen(base + _q("ASK {}"), timeout=30) as resp:
                codes.append(resp.status)
        except urllib.error.HTTPError as e:
            codes.append(e.code)
        time.sleep(0.2)
    after = roles(master)
    return codes, (f"supervisor {r['supervisor']} SIGKILLed (its executors die with it); 6 s later: supervisor "
                   f"{after['supervisor']}, executors {after['executors']}")


# ------------------------------------------------------------------ report

def _row(kind: str, r: dict, seconds: float | None = None) -> str:
    five = sum(v for k, v in r["status"].items() if k.startswith("5"))
    other = sum(v for k, v in r["status"].items() if not k.startswith(("2", "5")))
    sock = r["connect"] + r["read"] + r["write"] + r["timeout"]
    secs = seconds or r["seconds"]
    return (f"| {kind} | {r.get('connections', '')} | {r['requests']:,} | {r['requests'] / secs:,.0f} | {five} | {other} | "
            f"{sock} | {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.0f} |")


HEAD = ("| kind | connections | requests | per s | 5xx | other non-2xx | socket errors | p50 ms | p90 ms | p99 ms | max ms |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|")


def report(info: dict) -> str:
    lines = ["# Robustness: load, runaway queries, memory, crashes", "",
             f"`python -m bench.load_test` ({info['date']}): `kg serve` with its default settings (2 web workers × 4 "
             f"threads, 1 executor, {info['timeout']:g} s per query) on {info['kg']} ({info['triples']:,} triples), "
             f"driven by wrk on loopback. Machine: {os.cpu_count()} cores, load average {info['loadavg']} at the start "
             "(the machine is shared: other jobs ran meanwhile, so take latencies as orders of magnitude).", ""]
    lines += ["## Load", "",
              f"{info['clients']} connections for {info['seconds']:g} s, split over four kinds of request, each kind its "
              "own wrk process (so each has its own figures); latency is wrk's, per request, queueing included.", "",
              HEAD]
    tot = {"requests": 0, "5xx": 0, "sock": 0}
    for kind, r in info["load"].items():
        lines.append(_row(kind, r))
        tot["requests"] += r["requests"]
        tot["5xx"] += sum(v for k, v in r["status"].items() if k.startswith("5"))
        tot["sock"] += r["connect"] + r["read"] + r["write"] + r["timeout"]
    lines += ["", f"Total: **{tot['requests']:,} requests served, {tot['5xx']} answered 5xx, {tot['sock']} socket "
              "errors**. Faults injected during the run:", ""]
    lines += [f"- {e}" for e in info["events"]]
    ra = info["runaway"]
    lines += ["", "## Runaway queries", "",
              f"{len(ra['runaways'])} copies of a self-join of all triples (`{RUNAWAY}`, hours of work) sent at once, "
              "while cheap queries keep coming on 4 connections (their figures alone, during and after):", "", HEAD,
              _row("cheap, alone", ra["alone"]), _row("cheap, while the runaways run (0.5–27.5 s)", ra["during"]),
              _row("cheap, while they are stopped (27.5–35.5 s)", ra["stop"]), _row("cheap, after", ra["after"]), "", "The runaway queries:", "",
              "| status | seconds | answer |", "|---|---|---|"]
    lines += [f"| {s} | {t:.1f} | {a.strip()[:70]} |" for s, t, a in sorted(ra["runaways"], key=lambda x: x[1])]
    lines += ["", "## Memory (PSS and RSS of every server process, MiB)", "",
              "| when | requests so far | " + " | ".join(info["memory"][0][1]) + " |",
              "|---|---|" + "---|" * len(info["memory"][0][1])]
    for label, mem, n in info["memory"]:
        lines.append(f"| {label} | {n:,} | " + " | ".join(f"{p:.0f} / {r:.0f}" for p, r in mem.values()) + " |")
    hb, hr, ha = info["hosts"]
    lines += ["", f"Service descriptions asked for with {hr['requests']:,} different `Host` headers: all "
              f"{'200' if set(hr['status']) == {'200'} else hr['status']}; all processes "
              f"{hb['all'][0]:.0f} → {ha['all'][0]:.0f} MiB PSS ({hb['all'][1]:.0f} → {ha['all'][1]:.0f} MiB RSS).", ""]
    codes, what = info["supervisor"]
    lines += ["## The query supervisor killed", "", f"{what}. 20 queries then: "
              + ", ".join(f"{c} ×{codes.count(c)}" for c in sorted(set(codes))) + ".", ""]
    return "\n".join(lines)


def build_kg(tmp: Path) -> Path:
    out = tmp / "build"
    reports = sorted(str(p) for p in (ROOT / "data" / "reports").glob("*.txt"))
    subprocess.run([sys.executable, "-m", "kg.cli", "build", *reports, "--out", str(out)], check=True, cwd=ROOT)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kg", type=Path, help="a built KG directory (default: build data/reports/ into a temp dir)")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--runaways", type=int, default=4)
    ap.add_argument("--requests", type=int, default=10000)
    ap.add_argument("--out", type=Path, default=RESULTS / "robustness.md")
    args = ap.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="plankg-load-") as d:
        tmp = Path(d)
        kg = args.kg or build_kg(tmp)
        server = start_plankg(kg, tmp)  # default settings, as make serve
        try:
            base = server.url.rsplit("/", 1)[0]
            master = server.proc.pid
            manifest = json.loads((kg / "manifest.json").read_text(encoding="utf-8"))
            info = {"date": time.strftime("%Y-%m-%d"), "kg": "the KG `make serve` builds" if not args.kg else str(kg),
                    "triples": manifest.get("triples", 0), "timeout": 30.0, "clients": args.clients,
                    "seconds": args.seconds, "loadavg": round(os.getloadavg()[0], 1)}
            mix = request_mix(base)
            print("warm-up", flush=True)
            mixed(base, mix, tmp, connections=8, seconds=5)
            print("memory", flush=True)
            info["memory"] = phase_memory(base, mix, tmp, master, args.requests)
            print("load", flush=True)
            info["load"], info["events"] = phase_load(base, mix, tmp, master, args.clients, args.seconds)
            info["memory"].append(("after the load run", memory(master), info["memory"][-1][2] + sum(
                r["requests"] for r in info["load"].values())))
            print("runaway", flush=True)
            info["runaway"] = phase_runaway(base, mix, tmp, args.runaways, info["timeout"])
            info["memory"].append(("after the runaway queries", memory(master), info["memory"][-1][2] + sum(
                info["runaway"][k]["requests"] for k in ("alone", "during", "stop", "after"))))
            print("hosts", flush=True)
            info["hosts"] = phase_hosts(base, master, tmp, args.requests)
            print("supervisor", flush=True)
            info["supervisor"] = phase_supervisor(base, master)
        finally:
            server.stop()
    text = report(info)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
