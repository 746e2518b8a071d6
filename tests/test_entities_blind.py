"""Entities of the shipped report and of the blind, holdout and final test reports
(tests/fixtures/{blind,holdout,final}/: eighteen invented districts, counties, county-level cities,
an autonomous county and a banner of other provinces and years, web-page and PDF copies, GB18030,
GBK, BOM and CRLF, annotated by several annotators without looking at the code), built into one KG,
exported and scored by the project's scorer. Each report is held at the level the entities stage
reaches, less a small margin, overall and per type (for the types with five gold entities or more),
so that no later change makes unseen reports silently worse; every mention slices the raw text to
the entity's name or an alias."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kg import export
from reports import scorer

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).resolve().parent.parent / "data" / "reports" / "cangshan-2022-plan-report.txt"
SEED_GOLD = Path(__file__).parent / "gold" / "seed_entities.jsonl"
SETS = ("blind", "holdout", "final")
# sets the entity rules were tuned on last, after a first untuned score (final2 0.77-0.83, final3
# 0.78-0.86): held at the level reached, overall only, and left out of the targets below
LATER_SETS = ("final2", "final3")
# sets written last (2018–2025 reports; Beijing, Ningxia in GB18030, Tibet, Zhejiang with tab tables,
# a Fujian county portal, Wuhan with CRLF; then markdown with pipe tables, Shanghai 2019, a Yunnan border
# gazette, Chongqing markdown, a Jiangxi 人大 page in GB18030, Hainan with mixed digit widths): scored
# untuned at 0.59–0.82 (final4-6) and 0.65–0.74 (final7-9), then only general fixes (the
# report's own area is one node; verbs of arranging and planning end a name; 思路 is no road; a school
# built is a project; a project's name without the verb or company that builds it; national campaigns,
# pairings and games known by name): held where they stand, overall only — a measure of unseen reports,
# not a target
UNTUNED_SETS = ("final4", "final5", "final6", "final7", "final8", "final9")
DEV = [SEED] + sorted(p for d in SETS for p in (FIXTURES / d).glob("*.txt"))
REPORTS = DEV + sorted(p for d in LATER_SETS + UNTUNED_SETS for p in (FIXTURES / d).glob("*.txt"))

# entity F1 reached (overall, then per type with five gold entities or more) by the scorer on the
# exported KG
REACHED = {
    "cangshan-2022-plan-report": (0.98, {"Agency": 1.0, "Award": 1.0, "Event": 1.0, "Organization": 0.9, "Place": 0.99,
                                         "Program": 0.98, "Project": 0.98}),
    "a-county-zhejiang": (0.92, {"Agency": 0.93, "Award": 1.0, "Event": 1.0, "Place": 0.95, "Program": 0.83,
                                 "Project": 1.0}),
    "b-district-guangdong-web": (0.97, {"Agency": 1.0, "Award": 1.0, "Event": 1.0, "Place": 0.96, "Program": 0.95,
                                        "Project": 0.89}),
    "c-county-sichuan-pdf": (0.96, {"Agency": 1.0, "Award": 0.96, "Organization": 1.0, "Place": 0.97,
                                    "Program": 0.90, "Project": 0.95}),
    "d-district-jiangsu-2024": (0.95, {"Agency": 1.0, "Award": 1.0, "Event": 1.0, "Organization": 0.94,
                                       "Place": 1.0, "Program": 0.81, "Project": 0.96}),
    "e-county-henan-nometa": (0.95, {"Agency": 1.0, "Award": 0.92, "Program": 0.91, "Project": 1.0}),
    "f-city-district-fujian-short": (0.97, {"Agency": 1.0, "Program": 0.86, "Project": 1.0}),
    "g-banner-neimenggu": (0.88, {"Agency": 1.0, "Award": 0.91, "Event": 1.0, "Organization": 0.91, "Place": 0.91,
                                  "Program": 0.84, "Project": 0.76}),
    "h-district-chongqing-web": (0.90, {"Agency": 0.94, "Award": 0.95, "Event": 1.0, "Organization": 1.0,
                                        "Place": 0.93, "Program": 0.85, "Project": 0.81}),
    "i-countycity-shandong-pdf": (0.93, {"Agency": 0.94, "Award": 0.91, "Event": 0.94, "Organization": 1.0,
                                         "Place": 0.98, "Program": 0.91, "Project": 0.92}),
    "j-district-guangxi-gbk": (0.92, {"Agency": 1.0, "Award": 0.91, "Event": 1.0, "Organization": 1.0, "Place": 0.90,
                                      "Program": 0.91, "Project": 0.86}),
    "k-county-hubei-nosection": (0.97, {"Agency": 1.0, "Award": 1.0, "Event": 1.0, "Organization": 1.0,
                                        "Place": 0.97, "Program": 0.94, "Project": 1.0}),
    "l-district-shanghai-short": (0.95, {"Agency": 1.0, "Award": 1.0, "Event": 1.0, "Place": 1.0, "Program": 0.89,
                                         "Project": 1.0}),
    "m-county-yunnan": (0.92, {"Agency": 1.0, "Award": 0.87, "Event": 1.0, "Organization": 1.0, "Place": 0.93,
                               "Program": 0.87, "Project": 0.89}),
    "n-district-heilongjiang-pdf": (0.90, {"Agency": 1.0, "Award": 0.93, "Event": 0.95, "Organization": 1.0,
                                           "Place": 0.92, "Program": 0.81, "Project": 0.90}),
    "o-countycity-shaanxi-web": (0.89, {"Agency": 1.0, "Award": 0.96, "Event": 1.0, "Organization": 0.93,
                                        "Place": 0.84, "Program": 0.81, "Project": 0.84}),
    "p-district-jiangxi-2025": (0.91, {"Agency": 1.0, "Award": 1.0, "Event": 0.94, "Organization": 0.94,
                                       "Place": 0.93, "Program": 0.84, "Project": 0.85}),
    "q-county-hunan-tables": (0.92, {"Agency": 1.0, "Award": 1.0, "Event": 0.93, "Organization": 0.92, "Place": 0.87,
                                     "Program": 0.89, "Project": 0.95}),
    "r-district-hainan-mixed": (0.88, {"Agency": 1.0, "Award": 0.82, "Event": 0.94, "Organization": 0.80,
                                       "Place": 0.94, "Program": 0.83, "Project": 0.90}),
    "s-county-shanxi": (0.85, {}),
    "t-county-guizhou-web": (0.84, {}),
    "u-county-gansu-pdf": (0.80, {}),
    "v-county-jilin-2024": (0.87, {}),
    "w-district-anhui-zones": (0.81, {}),
    "aa-county-hebei-web": (0.89, {}),
    "ab-county-xinjiang-pdf": (0.82, {}),
    "x-county-qinghai": (0.82, {}),
    "y-district-tianjin-2025": (0.85, {}),
    "z-countycity-liaoning-fullwidth": (0.89, {}),
    "ac-district-beijing-2019": (0.63, {}),
    "ad-county-ningxia-gb18030": (0.71, {}),
    "ae-county-xizang-2021": (0.73, {}),
    "af-district-zhejiang-docx-tabs": (0.79, {}),
    "ag-county-fujian-web": (0.76, {}),
    "ah-district-hubei-2025": (0.82, {}),
    "ai-county-guangdong-2023": (0.80, {}),
    "aj-district-shanghai-2020": (0.69, {}),
    "ak-county-yunnan-border-2024": (0.70, {}),
    "al-district-chongqing-2022-md": (0.65, {}),
    "am-county-jiangxi-2021-gb": (0.71, {}),
    "an-district-hainan-2025": (0.74, {}),
}
MARGIN = 0.03  # overall
TYPE_MARGIN = 0.10  # per type: one entity more or less moves a small type by about that much
FLOOR = 0.75  # no type of any report below it


def _gold(report: Path) -> str:
    return str(SEED_GOLD if report == SEED else report.parent / (report.stem + ".entities.jsonl"))



@pytest.fixture(scope="module")
def blind_entity_kg(tmp_path_factory, settings):
    from kg.build import build

    out = tmp_path_factory.mktemp("blind-entities") / "kg"
    build(REPORTS, out, settings)
    return out


@pytest.fixture(scope="module")
def rows_of(blind_entity_kg):
    from kg.store import load_memory_store, open_kg

    kg = open_kg(blind_entity_kg)
    store = load_memory_store(kg)
    ids = {r["file"]: r["id"] for r in kg.manifest["reports"]}
    return {p.stem: export.entity_rows(store, report=ids[p.name]) for p in REPORTS}


def test_entities_blind_every_report_is_held(rows_of):
    assert set(REACHED) == {p.stem for p in REPORTS}


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_entities_blind_scores_held(rows_of, report):
    sc = scorer()
    rows = rows_of[report.stem]
    pred = list(csv.DictReader(io.StringIO(export.to_csv(rows, export.ENTITY_COLUMNS))))
    res = sc.score_entities(sc.load_gold(_gold(report)), pred)
    overall, per_type = REACHED[report.stem]
    assert round(res["levels"]["entity"]["f1"], 3) >= overall - MARGIN, res["levels"]
    for t, f1 in per_type.items():
        got = res["by_type"].get(t, {"f1": 0.0})["f1"]
        assert round(got, 3) >= max(FLOOR, f1 - TYPE_MARGIN), (t, res["by_type"].get(t))


def test_entities_blind_targets(rows_of):
    """The bar for unseen reports: an average entity F1 of 0.90 over all annotated reports, none below
    0.85, the shipped one at 0.95 or more, and precision on average no more than 0.05 below recall (fewer,
    surer entities rather than many doubtful ones)."""
    sc = scorer()
    f1s, ps, rs = {}, [], []
    for report in DEV:
        pred = list(csv.DictReader(io.StringIO(export.to_csv(rows_of[report.stem], export.ENTITY_COLUMNS))))
        res = sc.score_entities(sc.load_gold(_gold(report)), pred)
        f1s[report.stem] = res["levels"]["entity"]["f1"]
        ps.append(res["levels"]["entity"]["precision"])
        rs.append(res["levels"]["entity"]["recall"])
    assert sum(f1s.values()) / len(f1s) >= 0.90, f1s
    assert min(f1s.values()) >= 0.85, f1s
    assert f1s[SEED.stem] >= 0.95, f1s
    assert sum(ps) / len(ps) >= sum(rs) / len(rs) - 0.05, (ps, rs)


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_entities_blind_mentions_slice_to_a_name(rows_of, report):
    data = report.read_bytes()
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raw = data.decode("gb18030")
    rows = rows_of[report.stem]
    assert rows
    for r in rows:
        names = {r["name_zh"], *r["aliases"].split(";")}
        for m in filter(None, r["mentions"].split(";")):
            s, e = (int(x) for x in m.rsplit(":", 1)[-1].split("-"))
            assert raw[s:e] in names, (r["name_zh"], raw[s:e])


def test_entities_blind_no_gold_name_in_code():
    """The rules know kinds of names, never the names of a test report (any fixture set)."""
    import json

    root = Path(__file__).resolve().parent.parent
    names = set()
    for f in sorted(p for d in SETS + LATER_SETS + UNTUNED_SETS for p in (FIXTURES / d).glob("*.entities.jsonl")):
        for ln in f.read_text(encoding="utf-8").splitlines():
            if ln.strip():
                d = json.loads(ln)
                names.update([d["name"], *(d.get("aliases") or [])])
    code = {p.name: p.read_text(encoding="utf-8") for p in (root / "kg").glob("*.py")}
    for n in sorted(names):
        plain = n.replace("“", "").replace("”", "").replace("\n", "")
        if len(plain) >= 4:
            for f, text in code.items():
                assert plain not in text, (n, f)
