"""What a report is and how it is divided, inferred from the text when there is no metadata."""
from __future__ import annotations

import pytest

from kg.load import load_source
from kg.model import ReportMeta
from kg.normalise import normalise
from kg.structure import cn_number, find_sections, infer_meta


def meta_of(text: str, lexicon, given=None):
    src = load_source(text.encode("utf-8"), doc_id="x", file_name="x.txt")
    v = normalise(src, lexicon.noise)
    return src, v, infer_meta(src, v, given, lexicon)


@pytest.mark.parametrize("title,place,ry,py", [
    ("关于福州市鼓楼区2022年国民经济和社会发展计划执行情况及2023年计划草案的报告", "鼓楼区", 2022, 2023),
    ("关于2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告", "", 2023, 2024),
    ("东溪县2023年国民经济和社会发展计划执行情况和2024年国民经济和社会发展计划（草案）", "东溪县", 2023, 2024),
    ("关于浙江省湖州市东溪县2024年国民经济和社会发展计划执行情况及2025年计划草案的报告", "东溪县", 2024, 2025),
])
def test_structure_title_years_and_place(lexicon, title, place, ry, py):
    _s, _v, m = meta_of(title + "\n\n一、执行情况\n\n正文。", lexicon)
    assert (m.report_year, m.plan_year) == (ry, py)
    assert m.place == place
    assert {"report_year", "plan_year"} <= set(m.inferred)


def test_structure_place_from_meeting_when_title_has_none(lexicon):
    text = ("关于2023年国民经济和社会发展计划执行情况与2024年计划草案的报告\n"
            "——2024年1月10日在西岭区第三届人民代表大会第四次会议上\n西岭区发展和改革局\n")
    _s, _v, m = meta_of(text, lexicon)
    assert m.place == "西岭区" and m.date == "2024-01-10"
    assert m.meeting == "西岭区第三届人民代表大会第四次会议" and m.issuer == "西岭区发展和改革局"


def test_structure_metadata_file_wins(lexicon):
    given = ReportMeta(title="给定标题", place="某区", report_year=2020, plan_year=2021)
    _s, _v, m = meta_of("关于东溪县2023年国民经济和社会发展计划执行情况及2024年计划草案的报告\n", lexicon, given)
    assert (m.title, m.place, m.report_year) == ("给定标题", "某区", 2020)
    assert "title" not in m.inferred


def test_structure_sections_and_their_parts(lexicon):
    text = ("关于东溪县2023年国民经济和社会发展计划执行情况及2024年计划草案的报告\n"
            "一、2023年工作回顾\n（一）经济运行稳中有进\n正文。\n（二）改革持续深化\n正文。\n"
            "二、2024年经济社会发展的总体要求和主要目标\n正文。\n"
            "三、2024年重点工作\n（一）扩大有效投资\n正文。\n")
    src, v, m = meta_of(text, lexicon)
    secs = find_sections(src, v, m, lexicon)
    assert [(s.number, s.level, s.part, s.path) for s in secs] == [
        ("一、", 1, "execution", (1,)), ("（一）", 2, "execution", (1, 1)), ("（二）", 2, "execution", (1, 2)),
        ("二、", 1, "plan", (2,)), ("三、", 1, "plan", (3,)), ("（一）", 2, "plan", (3, 1))]
    for s in secs:
        assert src.raw[s.heading.start:s.heading.end] == s.heading.text
        assert s.start < s.end


@pytest.mark.parametrize("s,n", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("九", 9)])
def test_structure_chinese_numbers(s, n):
    assert cn_number(s) == n


def test_structure_long_issuer_line_is_not_joined_to_the_salutation(lexicon):
    text = ("关于于都县2023年国民经济和社会发展计划执行情况及2024年计划草案的报告\n"
            "江西省赣州市于都县发展和改革局\n各位代表：\n")
    _s, _v, m = meta_of(text, lexicon)
    assert m.issuer == "江西省赣州市于都县发展和改革局"


def test_structure_title_centred_over_lines_on_a_cover(lexicon):
    text = ("                 关于东溪县2023年国民经济和社会发展计划\n"
            "                   执行情况及2024年国民经济和社会发展\n"
            "                             计划草案的报告\n\n"
            "       （2024年1月9日在东溪县第九届人民代表大会第三次会议上）\n\n"
            "                         东溪县发展和改革局\n\n各位代表：\n")
    _s, _v, m = meta_of(text, lexicon)
    assert m.title == "关于东溪县2023年国民经济和社会发展计划执行情况及2024年国民经济和社会发展计划草案的报告"
    assert (m.place, m.report_year, m.plan_year, m.date) == ("东溪县", 2023, 2024, "2024-01-09")
    assert m.issuer == "东溪县发展和改革局"


def test_structure_web_copy_title_marks_site_name_and_issuer_with_a_post(lexicon):
    text = ("东溪县人民政府\n\n当前位置：首页 > 政务公开\n\n"
            "**关于东溪县2023年国民经济和社会发展计划执行情况与2024年计划草案的报告**\n\n"
            "——2024年1月9日在东溪县第九届人民代表大会第三次会议上\n\n东溪县发展和改革局局长张三\n\n各位代表：\n")
    _s, _v, m = meta_of(text, lexicon)
    assert m.title == "关于东溪县2023年国民经济和社会发展计划执行情况与2024年计划草案的报告"
    assert m.issuer == "东溪县发展和改革局"


def test_structure_title_without_about_runs_on_into_a_date_in_chinese_numerals(lexicon):
    # the normaliser joins the title line and the date line under it (neither ends a sentence)
    text = ("东溪县2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划（草案）\n\n"
            "（二〇二四年一月十二日在东溪县第十七届人民代表大会第三次会议上）\n\n各位代表：\n\n一、执行情况\n\n正文。")
    _s, _v, m = meta_of(text, lexicon)
    assert m.title == "东溪县2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划（草案）"
    assert m.date == "2024-01-12"
    assert (m.report_year, m.plan_year) == (2023, 2024)


@pytest.mark.parametrize("head,date", [("（2023年12月28日在东溪县人民代表大会上）", "2023-12-28"),
                                       ("二〇二三年十二月三十一日", "2023-12-31"),
                                       ("二〇二四年二月三十日", "")])  # no such day: no date
def test_structure_dates_in_arabic_and_chinese_numerals(head, date):
    from kg.structure import _date_in
    assert _date_in(head) == date


def test_structure_title_without_about_centred_over_lines(lexicon):
    text = ("        东溪县2023年国民经济和社会发展计划\n          执行情况与2024年国民经济和社会\n"
            "              发展计划草案的报告\n\n   ——2024年1月9日在东溪县第十七届人民代表大会第四次会议上\n\n"
            "各位代表：\n\n一、执行情况\n\n正文。")
    _s, _v, m = meta_of(text, lexicon)
    assert m.title == "东溪县2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告"
    assert m.date == "2024-01-09"
