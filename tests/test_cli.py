"""The `kg` command from the outside: build, export, and clear errors for bad input."""
from __future__ import annotations

import subprocess
import sys

from conftest import SEED


def kg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_cli_build_and_export_observations(tmp_path):
    out = tmp_path / "kg"
    r = kg("build", str(SEED), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert (out / "kg.nq").exists() and (out / "manifest.json").exists()
    r = kg("export", "observations", "--kg", str(out), "--format", "csv")
    assert r.returncode == 0, r.stderr
    header = r.stdout.splitlines()[0].split(",")
    assert header[:19] == ["observation", "report", "indicator", "indicator_code", "subject_zh", "subject_en",
                           "place", "place_zh", "period", "measure", "value", "unit_text", "value_base",
                           "unit_base", "qualifier", "status", "source_start", "source_end", "quote"]
    assert len(r.stdout.splitlines()) > 100


def test_cli_export_graph_formats(seed_kg):
    for fmt, marker in (("nquads", "<https://w3id.org/plankg/graph/report/"), ("trig", "GRAPH"),
                        ("turtle", "@prefix"), ("jsonld", "@graph")):
        r = kg("export", "graph", "--kg", str(seed_kg), "--format", fmt)
        assert r.returncode == 0, r.stderr
        assert marker in r.stdout or (fmt == "trig" and "{" in r.stdout), fmt


def test_cli_empty_file_is_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = kg("build", str(empty), "--out", str(tmp_path / "kg"))
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "empty.txt" in lines[0] and "KG101" in lines[0]
    assert not (tmp_path / "kg").exists()


def test_cli_directory_instead_of_file(tmp_path):
    r = kg("build", str(tmp_path), "--out", str(tmp_path / "kg"))
    assert r.returncode != 0 and "directory" in r.stderr and str(tmp_path) in r.stderr
