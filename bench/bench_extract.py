"""Benchmark: extraction of one report, stage by stage, and of a synthetic corpus of 1,000
report-sized texts; then a whole `kg build` of one report. Prints a table; not a test.

    python -m bench.bench_extract [--corpus 1000]     (the table is written to bench/results/extract.md)

The synthetic corpus is made from the shipped report by rotating its paragraphs and changing its
digits, so every text is as long and as dense in numbers as a real report but none is the same.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "reports" / "cangshan-2022-plan-report.txt"
RESULTS = ROOT / "bench" / "results"


def synthetic_corpus(raw: str, n: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    head, _, body = raw.partition("一、")
    paragraphs = body.split("\n\n")
    out = []
    for _ in range(n):
        k = rng.randrange(1, len(paragraphs))
        rotated = paragraphs[k:] + paragraphs[:k]
        text = head + "一、" + "\n\n".join(rotated)
        text = "".join(str(rng.randrange(10)) if ch.isdigit() and rng.random() < 0.3 else ch for ch in text)
        out.append(text.encode("utf-8"))
    return out


def time_stages(data: bytes, lex, gaz, repeat: int = 20) -> dict[str, float]:
    from kg import entities
    from kg.load import load_source
    from kg.meaning import interpret
    from kg.model import ReportExtraction
    from kg.normalise import normalise
    from kg.numbers import scan
    from kg.structure import find_sections, infer_meta

    timings: dict[str, list[float]] = {k: [] for k in ("load", "normalise", "structure", "numbers", "meaning",
                                                       "entities", "total")}
    for _ in range(repeat):
        t0 = time.perf_counter()
        src = load_source(data, doc_id="x", file_name="x.txt")
        t1 = time.perf_counter()
        view = normalise(src, lex.noise)
        t2 = time.perf_counter()
        meta = infer_meta(src, view, None, lex)
        sections = find_sections(src, view, meta, lex)
        t3 = time.perf_counter()
        tokens, _ = scan(view.text, lex)
        t4 = time.perf_counter()
        obs = interpret(src, view, tokens, sections, meta, lex)
        t5 = time.perf_counter()
        entities.recognise(ReportExtraction(src, meta, sections, obs), view, lex, gaz)
        t6 = time.perf_counter()
        for k, a, b in (("load", t0, t1), ("normalise", t1, t2), ("structure", t2, t3), ("numbers", t3, t4),
                        ("meaning", t4, t5), ("entities", t5, t6), ("total", t0, t6)):
            timings[k].append(b - a)
    return {k: statistics.median(v) for k, v in timings.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=int, default=1000, help="number of synthetic texts")
    args = ap.parse_args(argv)

    from kg.config import load_settings
    from kg.io import read_gazetteer, read_lexicon
    from kg.pipeline import extract

    settings = load_settings(env={})
    t = time.perf_counter()
    lex = read_lexicon(settings)
    gaz = read_gazetteer(settings)
    setup = time.perf_counter() - t
    data = SEED.read_bytes()
    stages = time_stages(data, lex, gaz)
    out = [f"# extraction of one report ({len(data.decode('utf-8'))} characters), median of 20 runs, one core", "",
           "| stage | ms |", "|---|---|"]
    out += [f"| {k} | {v * 1000:.1f} |" for k, v in stages.items()]
    out.append(f"\n(one-off: lexicon and gazetteer load {setup * 1000:.0f} ms)")

    corpus = synthetic_corpus(data.decode("utf-8"), args.corpus)
    t = time.perf_counter()
    n_obs = 0
    for i, d in enumerate(corpus):
        ex = extract(d, file_name=f"s{i}.txt", fallback_id=f"s{i}", meta=None, lex=lex, gazetteer=gaz)
        n_obs += len(ex.observations)
    dt = time.perf_counter() - t
    out += ["", f"# synthetic corpus: {len(corpus)} report-sized texts", "",
            f"total {dt:.1f} s, {dt / len(corpus) * 1000:.1f} ms per report, {len(corpus) / dt:.1f} reports/s, "
            f"{n_obs} observations"]

    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEED), "--out", f"{tmp}/kg"],
                           capture_output=True, text=True)
        dt = time.perf_counter() - t
        out += ["", f"# `kg build` of one report (new process, validation included): {dt:.2f} s "
                    f"({'ok' if r.returncode == 0 else 'FAILED: ' + r.stderr.strip()})"]
    text = "\n".join(out) + "\n"
    print(text, end="")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extract.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
