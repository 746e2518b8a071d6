"""The pipeline under faults: bad inputs get one clear line naming the file and a non-zero exit,
and the previous KG stays published and usable — also when a build is killed halfway."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEED
from reports import scaffold


def kg(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=timeout)


def fingerprint(out: Path) -> tuple[str, bytes]:
    return os.path.realpath(out), (out / "kg.nq").read_bytes()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A KG directory with a good KG in it, built from a small report."""
    root = tmp_path_factory.mktemp("faults")
    good = root / "good.txt"
    good.write_text(scaffold("全年地区生产总值增长5%。", "地区生产总值增长6%左右。"), encoding="utf-8")
    out = root / "kg"
    r = kg("build", str(good), "--out", str(out))
    assert r.returncode == 0, r.stderr
    return root, out


def _bad_inputs(root: Path) -> dict[str, Path]:
    d = root / "bad"
    d.mkdir(exist_ok=True)
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "latin.txt").write_bytes(b"no chinese text here at all\n" * 10)
    (d / "notes-only.txt").write_text("今天天气很好，我们去公园散步。\n", encoding="utf-8")
    (d / "a-directory.txt").mkdir(exist_ok=True)
    link = d / "dangling.txt"
    if not link.is_symlink():
        link.symlink_to(d / "nowhere.txt")
    sock_path = d / "socket.txt"
    if not sock_path.exists():
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(sock_path))
        s.close()
    fifo = d / "fifo.txt"  # opening it would wait for a writer forever
    if not fifo.exists():
        os.mkfifo(fifo)
    unreadable = d / "unreadable.txt"
    if not unreadable.exists() and not unreadable.is_symlink():
        if os.geteuid() == 0:  # root reads any file: a regular file whose read fails (EIO)
            unreadable.symlink_to("/proc/self/mem")
        else:
            unreadable.write_text("关于东溪县2023年计划执行情况的报告", encoding="utf-8")
            unreadable.chmod(0)
    return {p.name: p for p in (d / "empty.txt", d / "binary.txt", d / "latin.txt", d / "notes-only.txt",
                                d / "a-directory.txt", link, sock_path, fifo, unreadable)}


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "latin.txt", "notes-only.txt", "a-directory.txt",
                                  "dangling.txt", "socket.txt", "fifo.txt", "unreadable.txt"])
def test_faults_bad_input_is_one_clear_line_and_the_kg_is_untouched(published, name):
    root, out = published
    bad = _bad_inputs(root)[name]
    before = fingerprint(out)
    r = kg("build", str(bad), "--out", str(out))
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert name in lines[0] and lines[0].startswith("kg: [KG1"), lines[0]
    assert fingerprint(out) == before


def test_faults_one_bad_file_among_good_ones_publishes_nothing(published):
    root, out = published
    before = fingerprint(out)
    r = kg("build", str(SEED), str(_bad_inputs(root)["binary.txt"]), "--out", str(out))
    assert r.returncode != 0 and "binary.txt" in r.stderr
    assert fingerprint(out) == before


def test_faults_metadata_of_another_version_of_the_report_is_refused(published):
    root, out = published
    d = root / "stale"
    d.mkdir(exist_ok=True)
    report = d / "edited.txt"
    report.write_text(scaffold("全年地区生产总值增长5%。", "地区生产总值增长7%左右。"), encoding="utf-8")
    # the checksum of the report as it was before someone edited it
    (d / "edited.meta.json").write_text(json.dumps({"sha256": "0" * 64, "report_year": 2023}), encoding="utf-8")
    before = fingerprint(out)
    r = kg("build", str(report), "--out", str(out))
    assert r.returncode != 0
    line = r.stderr.strip()
    assert line.startswith("kg: [KG107]") and "edited.txt" in line and "sha256" in line, line
    assert fingerprint(out) == before


def test_faults_gb18030_and_truncated_reports_build(tmp_path):
    text = scaffold("全年地区生产总值增长5%，新增市场主体1.2万户。", "地区生产总值增长6%左右。")
    gb = tmp_path / "gb.txt"
    gb.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    cut = tmp_path / "cut.txt"
    cut.write_bytes(SEED.read_bytes()[:4001])  # ends inside a character
    r = kg("build", str(gb), str(cut), "--out", str(tmp_path / "kg"))
    assert r.returncode == 0, r.stderr
    manifest = json.loads((tmp_path / "kg" / "manifest.json").read_text(encoding="utf-8"))
    assert {m["encoding"] for m in manifest["reports"]} == {"gb18030", "utf-8"}
    assert all(m["observations"] > 0 for m in manifest["reports"])


def test_faults_a_killed_build_leaves_the_previous_kg_complete(published):
    """Kill a build at many moments; after each, the published KG is the old one or a whole new one,
    and it opens and answers."""
    from kg.store import load_memory_store, open_kg

    root, out = published
    for delay in (0.3, 0.8, 1.5, 2.5, 3.5, 4.5, 6.0):
        p = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(SEED), "--out", str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        kgdir = open_kg(out)
        quads = (out / "kg.nq").read_text(encoding="utf-8")
        assert kgdir.manifest["triples"] == quads.count("\n")
        assert len(load_memory_store(kgdir)) == kgdir.manifest["triples"]
    # a build left to finish still publishes, whatever the killed ones left behind
    r = kg("build", str(SEED), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert open_kg(out).manifest["reports"][0]["file"] == SEED.name
