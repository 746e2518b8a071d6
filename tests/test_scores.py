"""The extraction is held at its bars on the shipped report, scored by the project's scorer
against the hand-made gold (vendored in tests/gold/): later work cannot silently make it worse."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import reports

GOLD = Path(__file__).parent / "gold"


@pytest.fixture(scope="module")
def scorer():
    return reports.scorer()


@pytest.fixture(scope="module")
def observations_csv(seed_kg):
    from kg import export
    from kg.store import load_memory_store, open_kg

    rows = export.observation_rows(load_memory_store(open_kg(seed_kg)))
    return export.to_csv(rows, export.OBSERVATION_COLUMNS)


def test_scores_facts_full_at_the_bar(scorer, observations_csv):
    pred = list(csv.DictReader(io.StringIO(observations_csv)))
    res = scorer.score_facts(scorer.load_gold(str(GOLD / "seed_facts.jsonl")), pred)
    assert res["levels"]["full"]["f1"] >= 0.97, res["levels"]
    assert res["levels"]["headline"]["f1"] == 1.0, res["levels"]["headline"]


def test_scores_every_quote_is_the_raw_text(seed_kg, observations_csv):
    raw = (Path(__file__).parent.parent / "data" / "reports" / "cangshan-2022-plan-report.txt").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(observations_csv)))
    assert rows
    for r in rows:
        assert raw[int(r["source_start"]):int(r["source_end"])] == r["quote"], r
        assert raw[int(r["clause_start"]):int(r["clause_end"])] == r["clause"], r
