"""A synthetic many-report KG for benchmarks, made by streaming: the seed KG's report graph is
written N times, each copy with its own report id and its own area code (so observations,
entities and graphs are distinct per copy), plus the vocabulary and metadata graphs once.

    python -m bench.synthetic SEED_KG_DIR OUT_DIR [--reports 1000]
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path


def generate(seed: Path, out: Path, reports: int) -> int:
    """Write ``out/kg.nq`` and ``out/manifest.json``; the number of quads written."""
    manifest = json.loads((seed / "manifest.json").read_text(encoding="utf-8"))
    (rep,) = manifest["reports"][:1]
    rid = rep["id"]
    graph = rep["graph"]
    code = _area_code(seed, graph)
    report_lines, other_lines = [], []
    with (seed / "kg.nq").open(encoding="utf-8") as f:
        for line in f:
            (report_lines if line.rstrip().endswith(f"<{graph}> .") else other_lines).append(line)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    reps = []
    with (out / "kg.nq").open("w", encoding="utf-8") as w:
        w.writelines(other_lines)
        n += len(other_lines)
        for i in range(reports):
            # copy 0 keeps the seed's id and area, so the seed's questions still have answers
            new_id, new_code = (rid, code) if i == 0 else (f"{rid}-s{i:04d}", f"9{i:05d}")
            chunk = "".join(report_lines)
            if i:
                chunk = chunk.replace(rid, new_id)
            if code and i:
                chunk = chunk.replace(f"/{code}", f"/{new_code}").replace(f'"{code}"', f'"{new_code}"')
            w.write(chunk)
            n += len(report_lines)
            reps.append({**rep, "id": new_id, "graph": graph.replace(rid, new_id),
                         "iri": rep.get("iri", "").replace(rid, new_id)})
    (out / "manifest.json").write_text(json.dumps({**manifest, "reports": reps, "triples": n,
                                                    "synthetic": True}, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    for name in ("validation.json",):
        if (seed / name).exists():
            shutil.copy(seed / name, out / name)
    return n


def _area_code(seed: Path, graph: str) -> str | None:
    with (seed / "kg.nq").open(encoding="utf-8") as f:
        for line in f:
            if "sdmx/2009/dimension#refArea>" in line and line.rstrip().endswith(f"<{graph}> ."):
                area = line.split("> <", 2)[2].split(">", 1)[0]
                return area.rsplit("/", 1)[-1] if "/id/place/" in area else None
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.synthetic")
    ap.add_argument("seed", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--reports", type=int, default=1000)
    a = ap.parse_args(argv)
    print(f"{generate(a.seed, a.out, a.reports)} quads in {a.out / 'kg.nq'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
