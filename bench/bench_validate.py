"""Benchmark: SHACL validation of one report's KG and of a synthetic many-report KG, beside the rest
of the build, with a second engine as a peer. Prints a table, writes bench/results/validate.md;
not a test.

    python -m bench validate [-- --kg DIR] [--reports 100] [--runs 3] [--skip-synthetic] [--skip-peer]

- plankg: ``kg.validate.validate`` (pyshacl on rdflib, as ``kg build`` and ``kg validate`` run it)
  on the union of the KG's graphs;
- shacl-engine (JavaScript, tests/shacl-js/validate.mjs), the independent engine the fixture tests
  compare verdicts with, on the same union written as N-Triples, for the one-report KG; when node
  and its modules are there.

The synthetic KG is bench/synthetic.py's: the seed report graph N times, each copy with its own
report id and area code. "Rest of the build" is ``kg build --no-validate`` of the seed report.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "reports" / "cangshan-2022-plan-report.txt"
JS = ROOT / "tests" / "shacl-js"
RESULTS = ROOT / "bench" / "results" / "validate.md"


def _union(kg_dir: Path):
    from rdflib import Dataset

    from kg.build import union_graph

    ds = Dataset()
    ds.parse(kg_dir / "kg.nq", format="nquads")
    return union_graph(ds)


def time_plankg(data, shapes, runs: int) -> dict:
    from kg.validate import validate

    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        v = validate(data, shapes)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return {"wall": statistics.median(wall), "cpu": statistics.median(cpu), "violations": len(v.violations),
            "warnings": len(v.warnings), "focus": sum(c.focus_nodes for c in v.checked), "shapes": len(v.checked)}


def time_peer(data, work: Path) -> dict | None:
    if shutil.which("node") is None or not (JS / "node_modules" / "shacl-engine").is_dir():
        return None
    nt = work / "union.nt"
    data.serialize(nt, format="nt", encoding="utf-8")
    shapes = sorted((ROOT / "shapes").glob("*.ttl"))
    ontology = sorted((ROOT / "ontology").glob("*.ttl"))
    argv = ["node", str(JS / "validate.mjs"), "--shapes", *map(str, shapes), *map(str, ontology),
            "--data", str(nt)]
    w = time.perf_counter()
    done = subprocess.run(argv, check=False, capture_output=True, text=True, cwd=JS)
    wall = time.perf_counter() - w
    if done.returncode != 0:
        return {"wall": wall, "error": done.stderr.strip().splitlines()[-1:]}
    return {"wall": wall, "results": done.stdout.count("<http://www.w3.org/ns/shacl#ValidationResult>")}


def time_build(settings, work: Path) -> float:
    from kg.build import build

    w = time.perf_counter()
    build([SEED], work / "nv", settings, validate_graph=False)
    return time.perf_counter() - w


def main(argv: list[str] | None = None) -> int:
    from kg.build import build, shapes_graph
    from kg.config import load_settings

    ap = argparse.ArgumentParser(prog="python -m bench validate")
    ap.add_argument("--kg", type=Path, help="a built KG of the seed report (built here when absent)")
    ap.add_argument("--reports", type=int, default=100, help="reports in the synthetic KG")
    ap.add_argument("--runs", type=int, default=3, help="validations of the one-report KG (median)")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--skip-peer", action="store_true")
    a = ap.parse_args(argv)

    settings = load_settings(env={})
    shapes = shapes_graph(settings)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        work = Path(tmp)
        seed = a.kg
        if seed is None:
            seed = work / "seed"
            build([SEED], seed, settings)
        rest = time_build(settings, work)
        kgs = [("Cangshan KG (1 report)", seed, a.runs)]
        if not a.skip_synthetic:
            from bench.synthetic import generate

            synthetic = work / "synthetic"
            generate(seed.resolve(), synthetic, a.reports)
            kgs.append((f"synthetic KG ({a.reports} reports)", synthetic, 1))
        for i, (label, kg_dir, runs) in enumerate(kgs):
            t = time.perf_counter()
            data = _union(kg_dir)
            load = time.perf_counter() - t
            ours = time_plankg(data, shapes, runs)
            print(f"{label}: {len(data)} triples; plankg {ours['wall']:.2f} s wall, {ours['cpu']:.2f} s CPU",
                  flush=True)
            # the peer only on one report: it needs about a minute there, and grows linearly
            peer = None if a.skip_peer or i else time_peer(data, work)
            if peer and "error" not in peer:
                print(f"{label}: shacl-engine {peer['wall']:.2f} s", flush=True)
            rows.append((label, len(data), load, ours, peer))

    lines = ["### SHACL validation", "",
             (f"Shapes: {rows[0][3]['shapes']} targeted shapes (shapes/*.ttl). plankg: `kg.validate.validate` "
              "(pyshacl on rdflib), median of the runs; CPU is the process's own time. shacl-engine: one run of "
              "tests/shacl-js/validate.mjs, node start-up and parsing included. Load: parsing kg.nq into the "
              "rdflib union graph, which a build already has in memory."), "",
             ("| KG | triples | load (s) | plankg wall (s) | plankg CPU (s) | focus nodes | violations / warnings "
              "| shacl-engine wall (s) |"),
             "|---|---|---|---|---|---|---|---|"]
    for label, triples, load, ours, peer in rows:
        if peer is None:
            peer_cell = "not run"
        elif "error" in peer:
            peer_cell = f"failed after {peer['wall']:.1f} ({' '.join(peer['error'])})"
        else:
            peer_cell = f"{peer['wall']:.2f}"
        lines.append(f"| {label} | {triples:,} | {load:.2f} | {ours['wall']:.2f} | {ours['cpu']:.2f} | "
                     f"{ours['focus']:,} | {ours['violations']} / {ours['warnings']} | {peer_cell} |")
    lines += ["", (f"Rest of the build (`kg build --no-validate` of the seed report): {rest:.2f} s wall. "
                   f"Validating that report takes {rows[0][3]['wall']:.2f} s, "
                   f"{rows[0][3]['wall'] / (rest + rows[0][3]['wall']):.0%} of a validated build."), ""]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
