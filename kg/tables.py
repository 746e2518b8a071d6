"""Indicator tables written as text (附表 of a PDF copy, a table pasted from a web page): one
observation per numeric cell, read by its row (the indicator) and its column (unit, year, status,
level or growth).

A table is a header line naming its columns (指标名称  单位  2022年预计完成  增长（%）  2023年计划 …)
followed by rows whose cells are separated by runs of spaces or tabs, or by bars (a markdown table:
`| 指标 | 单位 | 2022年完成 |`, its `|---|---|` rule skipped). Columns are matched by order,
not by position: CJK text is drawn twice as wide as its characters count, so padding does not line up
in characters. A row whose cells do not match the header's count is left to the text reader.

A PDF converted without its layout gives the same table one cell per line: the column heads (a head
may take two lines, `2023年` then `预计完成`, and a page break may fall anywhere), then each row as
its number, its name (maybe wrapped over two lines), its unit and one line per value. Such a table
is read by the same columns, row by row, as long as every row has that shape.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .lexicon import Lexicon
from .meaning import match_indicator
from .model import Observation, ReportMeta, SourceText
from .numbers import read_unit

_CELL_SPLIT = re.compile(r"(?:[ \u00a0]{2,}|\t|\u3000+)")
_LINE = re.compile(r"[^\r\n]*")
_NUMBER = re.compile(r"^([-+－]?\d+(?:,\d{3})*(?:\.\d+)?)\s*(以上|左右|以内|以下)?$")
_EMPTY_CELL = {"—", "-", "－", "——", "/", "…", ""}
_YEAR = re.compile(r"(\d{4})\s*年?")
_GROWTH_HEAD = ("增长", "增速", "增幅", "比上年", "±")
_QUALIFIER = {"以上": "ge", "左右": "approx", "以内": "le", "以下": "le"}


@dataclass(frozen=True)
class _Column:
    kind: str  # name | unit | level | growth | other
    period: int | None = None
    status: str = ""


@dataclass(frozen=True)
class _Cell:
    text: str
    start: int  # raw offsets
    end: int


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")  # a markdown table row: | a | b |
_PIPE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+(?:\s*:?-{2,}:?\s*)?$")  # |---|:--:|


def _pipe_cells(line: str, offset: int) -> list[_Cell]:
    """The cells of a markdown table row, empty ones included (a cell keeps its column)."""
    out = []
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    for a, b in zip(bars, bars[1:]):
        part = line[a + 1:b]
        text = part.strip()
        k = a + 1 + (len(part) - len(part.lstrip()))
        out.append(_Cell(text, offset + k, offset + k + len(text)))
    return out


def _cells(line: str, offset: int) -> list[_Cell]:
    if _PIPE_ROW.match(line):
        return _pipe_cells(line, offset)
    out = []
    pos = 0
    stripped_lead = len(line) - len(line.lstrip(" \u3000\t\u00a0"))
    pos = stripped_lead
    for part in _CELL_SPLIT.split(line[stripped_lead:]):
        if part.strip():
            k = line.index(part, pos)
            lead = len(part) - len(part.lstrip())
            text = part.strip()
            out.append(_Cell(text, offset + k + lead, offset + k + lead + len(text)))
            pos = k + len(part)
    return out


def _status_of(head: str, year: int, meta: ReportMeta) -> str:
    if "预计" in head:
        return "estimate"
    if any(w in head for w in ("计划", "目标", "预期")):
        return "target"
    if any(w in head for w in ("完成", "实际", "实绩", "执行")):
        return "actual"
    if meta.plan_year is not None and year == meta.plan_year:
        return "target"
    if meta.report_year is not None and year < meta.report_year:
        return "previous"
    return "actual"


def _columns(cells: list[_Cell], meta: ReportMeta) -> list[_Column] | None:
    """The meaning of each column of a header line, or None when it is not an indicator table."""
    if len(cells) < 3 or not any(w in cells[0].text for w in ("指标", "项目", "名称")):
        return None
    cols = [_Column("name")]
    last_level: _Column | None = None
    for c in cells[1:]:
        h = c.text
        y = _YEAR.search(h)
        if h in ("单位", "计量单位"):
            cols.append(_Column("unit"))
        elif any(w in h for w in _GROWTH_HEAD):
            if y:
                period = int(y.group(1))
                cols.append(_Column("growth", period, _status_of(h, period, meta)))
            elif last_level is not None:
                cols.append(_Column("growth", last_level.period, last_level.status))
            else:
                cols.append(_Column("other"))
        elif y:
            period = int(y.group(1))
            last_level = _Column("level", period, _status_of(h, period, meta))
            cols.append(last_level)
        else:
            cols.append(_Column("other"))
    if not any(c.kind in ("level", "growth") for c in cols):
        return None
    return cols


_FURNITURE = re.compile(r"^\f?\s*(?:[—－-]\s*\d{1,3}\s*[—－-]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)?\s*$")
_CENTRED_NUMBER = re.compile(r"^\f?[ \u3000]{8,}\d{1,3}\s*$")  # a bare page number, centred
_STATUS_HEAD = re.compile(r"^(?:预计)?(?:完成|实际|实绩|执行)?(?:预计|计划|目标|预期目标|预期|完成)(?:数|值)?$")
_BARE_YEAR = re.compile(r"^\d{4}\s*年?$")
_INDEX_HEAD = ("序号", "编号")
_NAME_HEAD = ("指标名称", "指标", "项目", "名称")


def _cell_lines(lines: list[tuple[int, str]], i: int) -> list[_Cell]:
    """The non-empty lines from ``i`` on as cells, without page furniture (blank lines, page numbers,
    form feeds)."""
    out = []
    for off, line in lines[i:]:
        if _FURNITURE.match(line) or _CENTRED_NUMBER.match(line):
            continue
        lead = len(line) - len(line.lstrip("\f \u3000\t\u00a0"))
        text = line.strip("\f \u3000\t\u00a0")
        out.append(_Cell(text, off + lead, off + lead + len(text)))
    return out


def _stacked_header(cells: list[_Cell], k: int, meta: ReportMeta) -> tuple[list[_Column], bool, int] | None:
    """The columns of a header written one head per line from ``cells[k]`` (`序号`, `指标名称`, `单位`,
    `2023年`, `预计完成`, …): (columns from the name on, whether rows start with their number, the
    index of the first row's first cell); None when ``cells[k]`` starts no such header."""
    numbered = cells[k].text in _INDEX_HEAD
    j = k + 1 if numbered else k
    if j >= len(cells) or cells[j].text not in _NAME_HEAD:
        return None
    heads: list[str] = []
    j += 1
    while j < len(cells) and len(cells[j].text) <= 12 and not _NUMBER.match(cells[j].text):
        h = cells[j].text
        if heads and _STATUS_HEAD.match(h) and _BARE_YEAR.match(heads[-1]):
            heads[-1] += h  # `2023年` + `预计完成`: one head over two lines
        elif h in ("单位", "计量单位") or _YEAR.match(h) or any(w in h for w in _GROWTH_HEAD):
            heads.append(h)
        else:
            break  # the first row's name (an unnumbered table)
        j += 1
    cols = _columns([_Cell("指标名称", 0, 0)] + [_Cell(h, 0, 0) for h in heads], meta)
    if cols is None:
        return None
    return cols, numbered, j


def _stacked_rows(cells: list[_Cell], j: int, cols: list[_Column], numbered: bool, lex: Lexicon):
    """Rows of a one-cell-per-line table from ``cells[j]``: (first cell, name cells, unit cell, value
    cells) each."""
    has_unit = any(c.kind == "unit" for c in cols)
    values = [c for c in cols if c.kind not in ("name", "unit")]
    expected = 1
    while j < len(cells):
        first = cells[j]
        if numbered:
            if cells[j].text != str(expected):
                return
            j += 1
        names: list[_Cell] = []
        while j < len(cells) and len(names) < 3 and not _NUMBER.match(cells[j].text) \
                and cells[j].text not in _EMPTY_CELL and not (has_unit and names and _is_unit(cells[j].text, lex)):
            names.append(cells[j])
            j += 1
        if not names or not re.match(r"[\u4e00-\u9fff（(]", names[0].text):
            return
        unit = None
        if has_unit:
            if j >= len(cells) or not _is_unit(cells[j].text, lex):
                return
            unit = cells[j]
            j += 1
        row = cells[j:j + len(values)]
        if len(row) < len(values) or not all(_NUMBER.match(c.text) or c.text in _EMPTY_CELL for c in row):
            return
        yield first, names, unit, row
        j += len(values)
        expected += 1


def _is_unit(text: str, lex: Lexicon) -> bool:
    if text in ("%", "％", "‰"):
        return True
    u = read_unit(text, 0, lex)
    return bool(u.unit_text) and u.end == len(text)


def _lines(raw: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _LINE.finditer(raw) if m.start() < len(raw) or m.group(0)]


def read_tables(source: SourceText, meta: ReportMeta, lex: Lexicon) -> tuple[tuple[Observation, ...],
                                                                             tuple[tuple[int, int], ...]]:
    """Observations of the indicator tables of a report, and the raw ranges of the rows read."""
    raw = source.raw
    lines = _lines(raw)
    observations: list[Observation] = []
    rows_read: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        off, line = lines[i]
        if line.strip() in _INDEX_HEAD + _NAME_HEAD:
            i = _read_stacked(source, meta, lex, lines, i, observations, rows_read)
            continue
        tabular = line.count("  ") + line.count("\t") >= 2 or bool(_PIPE_ROW.match(line))
        cols = _columns(_cells(line, off), meta) if tabular else None
        if cols is None:
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            roff, row = lines[j]
            if not row.strip() or _PIPE_RULE.match(row):
                j += 1
                continue
            cells = _cells(row, roff)
            if len(cells) != len(cols) or not re.match(r"[\u4e00-\u9fffA-Za-z（(]", cells[0].text):
                break
            unit_cell = next((c for c, col in zip(cells, cols) if col.kind == "unit"), None)
            name = cells[0].text
            observations += _row_observations(source, meta, lex, name, unit_cell, zip(cells, cols),
                                              (roff, roff + len(row)))
            rows_read.append((roff, roff + len(row)))
            j += 1
        i = j
    return tuple(observations), tuple(rows_read)


def _read_stacked(source: SourceText, meta: ReportMeta, lex: Lexicon, lines: list[tuple[int, str]], i: int,
                  observations: list[Observation], rows_read: list[tuple[int, int]]) -> int:
    """Read a one-cell-per-line table whose header starts at line ``i``; the line to go on from."""
    cells = _cell_lines(lines, i)
    header = _stacked_header(cells, 0, meta)
    if header is None:
        return i + 1
    cols, numbered, j = header
    value_cols = [c for c in cols if c.kind not in ("name", "unit")]
    end = None
    for first_cell, names, unit, row in _stacked_rows(cells, j, cols, numbered, lex):
        name = "".join(c.text for c in names)
        first, last = first_cell.start, row[-1].end
        observations += _row_observations(source, meta, lex, name, unit, zip(row, value_cols))  # clause: the cell
        rows_read.append((first, last))
        end = last
    if end is None:
        return i + 1
    return next((k for k, (off, _line) in enumerate(lines) if off >= end), len(lines))


def _row_observations(source: SourceText, meta: ReportMeta, lex: Lexicon, name: str, unit_cell: _Cell | None,
                      cells_and_columns, clause: tuple[int, int] | None = None) -> list[Observation]:
    """One observation per numeric cell of a row in a level or growth column; the clause is the row
    given, else each cell itself."""
    out = []
    for cell, col in cells_and_columns:
        m = _NUMBER.match(cell.text) if col.kind in ("level", "growth") else None
        if m is None:
            continue
        obs = _observation(source, meta, lex, name, unit_cell, cell, col, m, clause or (cell.start, cell.end))
        if obs is not None:
            out.append(obs)
    return out


def _observation(source: SourceText, meta: ReportMeta, lex: Lexicon, name: str, unit_cell: _Cell | None,
                 cell: _Cell, col: _Column, m: re.Match, row: tuple[int, int]) -> Observation | None:
    digits = m.group(1).replace("－", "-")
    value = Decimal(digits.replace(",", ""))
    number_end = cell.start + len(m.group(1))
    unit_text = unit_cell.text if unit_cell is not None and unit_cell.text not in _EMPTY_CELL else ""
    if col.kind == "growth":
        measure, unit_text, unit_base, exp = "growth_pct", "%", "%", 0
    else:
        u = read_unit(unit_text, 0, lex) if unit_text else None
        if u is None or (u.unit is None and not u.unit_text):
            unit_base, exp = "", 0
        else:
            unit_base, exp = (u.unit.base if u.unit else ""), u.exp
        if unit_base == "%":
            measure = "share_pct" if re.search(r"率|比重|占比|比例", name) else "growth_pct"
        elif "人均" in name and unit_base and unit_base not in ("元", "美元"):
            measure = "ratio"
        else:
            measure = "level"
    subject = re.sub(r"^\d{1,2}\s*[.、．]\s*", "", name)
    if col.kind != "growth" and unit_base == "%":
        # a row of growth rates named by them (地区生产总值增长 | % | 6.5): the indicator is what grows
        subject = re.sub(r"(?:同比)?(?:增长|增速|增幅)(?:率)?(?:（%）|\(%\))?$", "", subject) or subject
    indicator = match_indicator(subject, meta, lex)
    if col.period is None:
        return None
    return Observation(
        number=source.span(cell.start, number_end),
        clause=source.span(*row),
        value=value,
        unit_text=unit_text,
        unit_base=unit_base,
        multiplier_exp=exp,
        measure=measure,
        qualifier=_QUALIFIER.get(m.group(2) or "", "eq"),
        subject=subject,
        indicator=indicator,
        period=col.period,
        status=col.status,
        place=meta.place,
        rule="table-cell",
    )
