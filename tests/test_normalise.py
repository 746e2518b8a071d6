"""The normalised view and its map back to the raw text."""
from __future__ import annotations

import re

from kg.load import load_source
from kg.normalise import normalise


def view_of(text: str, noise=()):
    src = load_source(text.encode("utf-8"), doc_id="x", file_name="x.txt")
    return src, normalise(src, noise)


def test_normalise_every_view_char_maps_to_its_raw_chars():
    src, v = view_of("增长 3.0％，达 ４１．５ 亿元。\n\n下一段。")
    for i, ch in enumerate(v.text):
        raw = src.raw[v.starts[i]:v.ends[i]]
        if ch == "\n":
            assert raw.strip() == ""
        elif ch == " ":
            assert raw.strip() == ""
        else:
            assert len(raw) == 1
    assert "增长3.0%，达41.5亿元。\n下一段。" == v.text


def test_normalise_spaces_kept_between_latin_words_only():
    _src, v = view_of("R&D 经费与 Hello world 以及 5G 基站。")
    assert v.text == "R&D经费与Hello world以及5G基站。"


def test_normalise_page_break_inside_a_sentence_is_joined():
    text = ("这是一段足够长的正文，讲述了全年的经济运行情况，其中智能产\n\n业发展格局不断深化拓展。\n\n"
            "（一）这是一个标题\n\n正文从这里开始。")
    src, v = view_of(text)
    assert "智能产业发展格局" in v.text
    assert "\n（一）这是一个标题\n正文从这里开始。" in v.text
    s, e = v.to_raw(v.text.index("产业"), v.text.index("产业") + 2)
    assert src.raw[s:e] == "产\n\n业"


def test_normalise_fixed_width_wrapping_is_joined():
    lines = ["全年实现地区生产总值三百多亿元，同比增长百分之", "五点六，其中第一产业增加值稳步增长，第二产业",
             "增加值较快增长。", "二、下一部分"]
    _src, v = view_of("\n".join(lines))
    assert v.text == "全年实现地区生产总值三百多亿元，同比增长百分之五点六，其中第一产业增加值稳步增长，第二产业增加值较快增长。\n二、下一部分"


def test_normalise_title_and_date_lines_stay_apart():
    text = "关于东溪县2023年国民经济和社会发展计划执行情况及2024年计划草案的报告\n\n（2024年1月8日在东溪县第十七届人民代表大会第四次会议上）\n\n东溪县发展和改革局"
    _src, v = view_of(text)
    assert v.text.count("\n") == 2


def test_normalise_drops_page_numbers_and_running_headers():
    body = "正文内容很长很长很长很长很长很长很长很长很长很长，"
    text = "\n".join(["东溪县计划报告", body, "— 1 —", "东溪县计划报告", body + "继续。", "- 2 -", "东溪县计划报告", "完。"])
    _src, v = view_of(text)
    assert "计划报告" not in v.text and "—" not in v.text and "1" not in v.text


def test_normalise_drops_web_noise(lexicon):
    text = "首页 > 政务公开 > 规划计划\n来源：东溪县发改局  发布时间：2024-01-15  浏览次数：1832\n【字体：大 中 小】 【打印】 【关闭】\n正文第一段。\n版权所有：东溪县人民政府  浙ICP备12345678号"
    _src, v = view_of(text, lexicon.noise)
    assert v.text == "正文第一段。"
    assert not re.search(r"\d", v.text)
