"""Helpers for tests: wrap paragraphs into a small report and run the pipeline on it.

The scaffold is a report of an invented county (东溪县) on 2023 and the 2024 plan, in the usual
two parts; test paragraphs are written in the many ways real reports phrase things.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from kg.pipeline import extract

TITLE = "关于东溪县2023年国民经济和社会发展计划执行情况及2024年国民经济和社会发展计划草案的报告"


def scaffold(execution: str = "", plan: str = "", *, title: str = TITLE, newline: str = "\n") -> str:
    lines = [title, "", "——2024年1月8日在东溪县第十七届人民代表大会第四次会议上", "", "东溪县发展和改革局", "",
             "各位代表：", "", "现将有关情况报告如下。", "",
             "一、2023年国民经济和社会发展计划执行情况", "", execution, "",
             "二、2024年国民经济和社会发展计划草案", "", plan, ""]
    return newline.join(lines)


@dataclass(frozen=True)
class Fact:
    quote: str
    measure: str
    value_base: Decimal
    unit_base: str
    qualifier: str
    status: str
    period: int
    indicator: str | None
    subject: str
    unit_text: str
    start: int
    end: int


def run(text: str, lexicon, gazetteer=None, *, encoding: str = "utf-8", meta=None):
    data = text.encode(encoding)
    return extract(data, file_name="test.txt", fallback_id="test", meta=meta, lex=lexicon, gazetteer=gazetteer)


def facts_of(extraction) -> list[Fact]:
    out = []
    for o in extraction.observations:
        out.append(Fact(o.number.text, o.measure, o.value_base, o.unit_base, o.qualifier, o.status, o.period,
                        o.indicator, o.subject, o.unit_text, o.number.start, o.number.end))
    return out


def facts(lexicon, execution: str = "", plan: str = "", **kw) -> list[Fact]:
    return facts_of(run(scaffold(execution, plan), lexicon, **kw))


def brief(fs: list[Fact]) -> list[tuple]:
    """(quote, measure, value_base, unit_base, qualifier, status, period, indicator) per fact."""
    return [(f.quote, f.measure, float(f.value_base), f.unit_base, f.qualifier, f.status, f.period, f.indicator)
            for f in fs]


@lru_cache(maxsize=1)
def scorer():
    """The project's scorer (../shared/eval/score.py, vendored in tests/gold/) as a module."""
    spec = importlib.util.spec_from_file_location("plankg_score", Path(__file__).parent / "gold" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
