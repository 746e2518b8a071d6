"""The same report builds the same graph with the same IRIs; IRIs do not depend on run order or
on unrelated text elsewhere in the report."""
from __future__ import annotations

import re

from conftest import SEED


def _iris(nq: str, kind: str) -> set[str]:
    return set(re.findall(rf"<(https://w3id\.org/plankg/id/{kind}/[^>#]+)>", nq))


def test_determinism_two_builds_are_identical(tmp_path, settings, seed_kg):
    from kg.build import build

    out = tmp_path / "again"
    build([SEED], out, settings)
    assert (out / "kg.nq").read_bytes() == (seed_kg / "kg.nq").read_bytes()


def test_determinism_unrelated_paragraph_keeps_other_iris(tmp_path, settings, seed_kg):
    from kg.build import build

    raw = SEED.read_bytes().decode("utf-8")
    cut = raw.index("\n", len(raw) // 2)
    edited = raw[:cut] + "\n\n新增一段与其他内容无关的文字，全区新建口袋公园7个。\n" + raw[cut:]
    p = tmp_path / SEED.name
    p.write_bytes(edited.encode("utf-8"))
    out = tmp_path / "edited"
    build([p], out, settings)
    before = (seed_kg / "kg.nq").read_text(encoding="utf-8")
    after = (out / "kg.nq").read_text(encoding="utf-8")
    for kind in ("observation", "place", "agency", "organization", "project", "program", "event", "award",
                 "indicator"):
        old, new = _iris(before, kind), _iris(after, kind)
        assert old <= new, (kind, sorted(old - new)[:5])
    added = _iris(after, "observation") - _iris(before, "observation")
    assert len(added) == 1


def test_determinism_control_characters_in_text_survive_the_quads(tmp_path, settings):
    """A PDF copy holds form feeds; N-Quads lines must be split on newlines only."""
    from kg.build import build
    from kg.store import load_memory_store, open_kg

    from reports import scaffold
    p = tmp_path / "ff.txt"
    p.write_text(scaffold("地区生产总值增长5%。\f\n新增就业1万人。\u2028", "地区生产总值增长6%。"), encoding="utf-8")
    build([p], tmp_path / "kg", settings)
    store = load_memory_store(open_kg(tmp_path / "kg"))
    assert len(store) > 100
