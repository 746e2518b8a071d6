"""The dashboard: each headline indicator's value for the report year (actual or estimate) beside
its target for the plan year, growth and level together, as a table and a chart."""
from __future__ import annotations

from . import urls
from .charts import bar_chart
from .indicators import headline
from .reports import Report


def dashboard_data(state, rep: Report, reps: list[Report], base: str) -> dict:
    rows = headline(state, rep.iri, base)
    table = []
    groups = []
    for r in rows:
        cells = {
            "done_level": [v for v in r.cell(rep.report_year, "level") if not v.plan],
            "done_growth": [v for v in r.cell(rep.report_year, "growth_pct") if not v.plan],
            "plan_level": r.cell(rep.plan_year, "level"),
            "plan_growth": r.cell(rep.plan_year, "growth_pct"),
        }
        if not any(cells.values()):
            continue
        table.append({"indicator": r, "cells": cells})
        bars = []
        for key, kind, year in (("done_growth", "done", rep.report_year), ("plan_growth", "plan", rep.plan_year)):
            for v in cells[key][:1]:
                bars.append((v.value, kind, v.href, f"{r.zh} {year} {v.status_label} {v.shown}"))
        if bars:
            groups.append((r.zh or r.en or r.code, bars))
    return {"report": rep, "reports": reps, "table": table, "chart": bar_chart(groups, "%") if groups else None,
            "reader": urls.link_for(rep.text, base)}
