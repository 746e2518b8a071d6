"""Indicator tables written as text (附表 of PDF copies): one observation per numeric cell, read by its
row and its column header."""
from __future__ import annotations

from reports import brief, facts_of, run, scaffold

TABLE = """附表

东溪县2024年主要指标计划（草案）
指标名称                    单位      2023年预计完成    增长（%）    2024年计划    增长（%）
地区生产总值                亿元      210.5             5.6          —             6
规模以上工业增加值          %         —                 7.2          —             8以上
一般公共预算收入            亿元      12.3              -1.5         12.9          5
城镇登记失业率              %         3.2               —            4.5           —
注：增速按可比价格计算。
"""


def test_tables_cells_become_observations_with_their_column_meaning(lexicon):
    got = brief(facts_of(run(scaffold("全年地区生产总值增长5.6%。", "地区生产总值增长6%。") + TABLE, lexicon)))
    table = got[2:]
    assert table == [
        ("210.5", "level", 21050000000.0, "元", "eq", "estimate", 2023, "GRP"),
        ("5.6", "growth_pct", 5.6, "%", "eq", "estimate", 2023, "GRP"),
        ("6", "growth_pct", 6.0, "%", "eq", "target", 2024, "GRP"),
        ("7.2", "growth_pct", 7.2, "%", "eq", "estimate", 2023, "INDUSTRY_VALUE_ADDED"),
        ("8", "growth_pct", 8.0, "%", "ge", "target", 2024, "INDUSTRY_VALUE_ADDED"),
        ("12.3", "level", 1230000000.0, "元", "eq", "estimate", 2023, "GPB_REVENUE_LOCAL"),
        ("-1.5", "growth_pct", -1.5, "%", "eq", "estimate", 2023, "GPB_REVENUE_LOCAL"),
        ("12.9", "level", 1290000000.0, "元", "eq", "target", 2024, "GPB_REVENUE_LOCAL"),
        ("5", "growth_pct", 5.0, "%", "eq", "target", 2024, "GPB_REVENUE_LOCAL"),
        ("3.2", "share_pct", 3.2, "%", "eq", "estimate", 2023, "UNEMPLOYMENT_URBAN"),
        ("4.5", "share_pct", 4.5, "%", "eq", "target", 2024, "UNEMPLOYMENT_URBAN"),
    ]


def test_tables_offsets_are_the_cells(lexicon):
    text = scaffold("", "") + TABLE
    for f in facts_of(run(text, lexicon)):
        assert text[f.start:f.end] == f.quote


def test_tables_rows_that_do_not_fit_the_header_are_left_to_the_text_reader(lexicon):
    text = scaffold("", "") + "指标名称    单位    2023年完成    增长（%）\n地区生产总值 亿元 100 5\n"
    got = brief(facts_of(run(text, lexicon)))
    assert ("100", "level", 10000000000.0, "元", "eq", "actual", 2023, "GRP") not in got


# the same kind of table from a PDF converted without its layout: one cell per line, column heads over
# two lines, a page break (footer and form feed) inside the header and inside a row, a name wrapped
STACKED = """附表
东溪县2024年主要指标
序号
指标名称
单位
2023年
预计完成
2024年

                                — 12 —
\f预期目标
1
地区生产总值
亿元
210.5
226
2
规模以上工业增加值
增速
%
7.2
8左右
3
一般公共预算收
入
亿元

                                — 13 —
\f12.3
12.9以上
4
城镇调查失业率
%
—
5.5以内
"""


def test_tables_one_cell_per_line_is_read_by_the_same_columns(lexicon):
    text = scaffold("全年地区生产总值增长5.6%。", "地区生产总值增长6%。") + STACKED
    got = brief(facts_of(run(text, lexicon)))
    assert got[2:] == [
        ("210.5", "level", 21050000000.0, "元", "eq", "estimate", 2023, "GRP"),
        ("226", "level", 22600000000.0, "元", "eq", "target", 2024, "GRP"),
        ("7.2", "growth_pct", 7.2, "%", "eq", "estimate", 2023, "INDUSTRY_VALUE_ADDED"),
        ("8", "growth_pct", 8.0, "%", "approx", "target", 2024, "INDUSTRY_VALUE_ADDED"),
        ("12.3", "level", 1230000000.0, "元", "eq", "estimate", 2023, "GPB_REVENUE_LOCAL"),
        ("12.9", "level", 1290000000.0, "元", "ge", "target", 2024, "GPB_REVENUE_LOCAL"),
        ("5.5", "share_pct", 5.5, "%", "le", "target", 2024, "UNEMPLOYMENT_URBAN"),
    ]
    for f in facts_of(run(text, lexicon)):
        assert text[f.start:f.end] == f.quote


def test_tables_a_list_of_short_lines_that_is_no_table_is_left_alone(lexicon):
    # a row number that does not follow, a value line missing: nothing is read as a table
    text = scaffold("", "") + "序号\n指标名称\n单位\n2023年\n1\n地区生产总值\n亿元\n"
    assert brief(facts_of(run(text, lexicon))) == []
