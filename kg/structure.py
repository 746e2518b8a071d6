"""Stage 3, structure: what the report is (title, issuer, date, meeting, place, years) and how it
is divided (numbered sections, their role, sentences and clauses).

Metadata from a metadata file wins; whatever it lacks is inferred from the text, and the names
of inferred fields are recorded in ``ReportMeta.inferred``.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

from .errors import NoReportStructureError
from .lexicon import Lexicon
from .model import ReportMeta, Section, SourceText, Span
from .normalise import TextView

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_LEVEL1 = re.compile(r"^(?:([一二三四五六七八九十]+)[、．.]|第([一二三四五六七八九十]+)部分[：:、]?)\s*(.*)$")
_LEVEL2 = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]\s*(.*)$")
_TITLE = re.compile(r"关于.{0,40}?(?:\d{4}|[二〇一二三四五六七八九]{4})\s*年.{0,60}?(?:报告|草案)")
_YEARS_IN_TITLE = re.compile(r"(\d{4})\s*年.*?(?:执行|完成).*?(\d{4})\s*年")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# a date in Chinese numerals, as covers and title blocks often write it (二〇二四年一月十日)
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
_MEETING = re.compile(r"在(.{2,60}?会议)上")
_PLACE = re.compile(r"((?:[\u4e00-\u9fff]{2,9}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,9}?(?:市|自治州|地区|盟))?"
                    r"[\u4e00-\u9fff]{1,9}?(?:区|县|市|旗|自治县))\s*(?:\d{4}|[二〇一三四五六七八九]{4})\s*年")
_AGENCY_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{4,40}(?:局|委员会|委|办公室|办|中心|政府)(?:\s*[\u4e00-\u9fff]{0,6})?$")
_SENTENCE_END = "。！？；!?;\n"
_CLAUSE_START = "。；，：！？;,:!?\n"


def cn_number(s: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (section numbers)."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    n = 0
    for ch in s:
        n = n * 10 + _CN_DIGITS.get(ch, 0)
    return n


def _cn_year(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    digits = "".join(str(_CN_DIGITS[c]) for c in s if c in _CN_DIGITS)
    return int(digits) if len(digits) == 4 else None


@dataclass(frozen=True)
class _Line:
    view_start: int
    view_end: int
    text: str


def view_lines(view: TextView) -> list[_Line]:
    out = []
    pos = 0
    for part in view.text.split("\n"):
        out.append(_Line(pos, pos + len(part), part))
        pos += len(part) + 1
    return out


def _raw_span(source: SourceText, view: TextView, a: int, b: int) -> Span:
    s, e = view.to_raw(a, b)
    return source.span(s, e)


def infer_meta(source: SourceText, view: TextView, given: ReportMeta | None, lex: Lexicon) -> ReportMeta:
    """Fill what the metadata file does not give from the text."""
    meta = given or ReportMeta()
    inferred: list[str] = list(meta.inferred)
    lines = [ln for ln in view_lines(view) if ln.text.strip()]
    head = "\n".join(ln.text for ln in lines[:25])
    updates: dict = {}

    title = meta.title
    title_line = None
    if not title:
        m = _TITLE.search(head)
        if m:
            # the title is the whole line that holds the match
            title_line = next((i for i, ln in enumerate(lines[:25]) if m.group(0) in ln.text), None)
            title = lines[title_line].text if title_line is not None else m.group(0)
        else:
            # a PDF's title page: the title centred over several lines; or a title without 关于
            title, title_line = _title_over_lines(lines[:25])
            if not title:
                title_line = next((i for i, ln in enumerate(lines[:25])
                                   if _BARE_TITLE.search(_TITLE_TAIL.sub("", ln.text))), None)
                title = lines[title_line].text if title_line is not None else ""
        title = _TITLE_TAIL.sub("", title).strip(_TITLE_MARKS) if title else ""
        if title:
            updates["title"] = title
    text_for_years = title or head
    if meta.report_year is None or meta.plan_year is None:
        m = _YEARS_IN_TITLE.search(text_for_years)
        years = [int(y) for y in re.findall(r"(\d{4})\s*年", text_for_years)]
        ry = py = None
        if m:
            ry, py = int(m.group(1)), int(m.group(2))
        elif years:
            ry = min(years)
            py = max(years) if max(years) > ry else ry + 1
        else:
            counts: dict[int, int] = {}
            for y in re.findall(r"(20\d{2})年", view.text):
                counts[int(y)] = counts.get(int(y), 0) + 1
            if counts:
                ry = max(counts, key=lambda y: (counts[y], -y))
                py = ry + 1
        if meta.report_year is None and ry is not None:
            updates["report_year"] = ry
        if meta.plan_year is None and py is not None:
            updates["plan_year"] = py
    if not meta.place or not meta.place_full:
        full = _infer_place(title, head)
        if full:
            if not meta.place_full:
                updates["place_full"] = full
            parts = re.findall(r"[\u4e00-\u9fff]+?(?:自治区|自治州|自治县|省|市|区|县|旗|盟|地区)", full)
            if not meta.place:
                # the reporting area is the last division in the full name (…市…区 → …区)
                updates["place"] = parts[-1] if parts else full
            if len(parts) >= 2 and not meta.city:
                city = next((p for p in reversed(parts[:-1]) if p.endswith(("市", "自治州", "地区", "盟"))), "")
                if city:
                    updates["city"] = city
            if not meta.province:
                prov = next((p for p in parts[:-1] if p.endswith(("省", "自治区"))), "")
                if prov:
                    updates["province"] = prov
    if not meta.date:
        date = _date_in(head)
        if date:
            updates["date"] = date
    if not meta.meeting:
        m = _MEETING.search(head)
        if m:
            updates["meeting"] = m.group(1)
    if not meta.issuer:
        # after the title: what comes before it is a web page's or a cover's (the site's name)
        after = lines[title_line + 1:25] if title_line is not None else []
        for ln in after + lines[:25]:
            t = ln.text.strip()
            if _AGENCY_LINE.match(t) and not _TITLE.search(t):
                # the agency, not its head's post and name (…发展和改革局局长…) or 文件
                updates["issuer"] = _ISSUER_TAIL.sub("", re.sub(r"\s+", "", t))
                break
    inferred.extend(k for k in updates if k not in inferred)
    meta = replace(meta, **updates, inferred=tuple(inferred))
    if meta.report_year is None:
        raise NoReportStructureError("no report year: neither a metadata file nor a year in the text",
                                     path=source.file_name)
    if meta.plan_year is None:
        meta = replace(meta, plan_year=meta.report_year + 1, inferred=meta.inferred + ("plan_year",))
    return meta


# what may follow the title on its line: the date and meeting (——2023年1月10日在…会议上)
_TITLE_TAIL = re.compile(r"\s*(?:——|—|（|\()[^）)]{0,10}(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.*$")
_TITLE_MARKS = " \u3000*#_"
# a title line without 关于 (睢北县2023年国民经济和社会发展计划执行情况与2024年…计划(草案))
_BARE_TITLE = re.compile(r"^\s*[\u4e00-\u9fff]{2,20}\d{4}\s*年.{0,30}国民经济和社会发展.{0,50}(?:报告|草案[)）]?)\s*$")
_ISSUER_TAIL = re.compile(r"(?:文件|(?:副?(?:主任|局长|书记)|负责人)[\u4e00-\u9fff]{0,4})$")  # markdown emphasis and heading marks of an HTML-to-text copy


def _date_in(head: str) -> str:
    """The first date of the head (Arabic or Chinese numerals) as an ISO date; '' when none."""
    found = [(m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))) for m in _DATE.finditer(head)][:1]
    found += [(m.start(), _cn_year(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
              for m in _CN_DATE.finditer(head)][:1]
    for _pos, y, mo, d in sorted(found):
        try:
            return datetime.date(y or 0, mo, d).isoformat()
        except ValueError:  # not a day of the calendar (二月三十日): no date rather than a wrong one
            continue
    return ""


def _title_over_lines(lines: list[_Line]) -> tuple[str, int | None]:
    """A title written over consecutive lines (a PDF's centred title block): the lines joined, and
    the index of the last one; ("", None) when there is none."""
    for i in range(len(lines)):
        joined = ""
        for k in range(i, min(i + 4, len(lines))):
            joined += lines[k].text.strip()
            m = _TITLE.search(joined)
            if m and joined.startswith(m.group(0)[:2]) and joined.endswith(("报告", "草案")):
                return joined, k
            if m:
                break
            if k > i and _BARE_TITLE.search(joined):  # centred, and without 关于
                return joined, k
    return "", None


_PLACE_IN_MEETING = re.compile(r"在([\u4e00-\u9fff]{2,20}?(?:自治县|区|县|市|旗))第")
_PLACE_IN_ISSUER = re.compile(r"^([\u4e00-\u9fff]{2,20}?(?:自治县|区|县|市|旗))(?:发展和改革|发展改革|发改|人民政府|统计局|财政局)")


def _infer_place(title: str, head: str) -> str:
    """The reporting area as the text names it: in the title, else the meeting, else the issuer."""
    for text in (title, head):
        m = _PLACE.search(text) if text else None
        if m:
            return re.sub(r"^关于", "", m.group(1))
    m = _PLACE_IN_MEETING.search(head)
    if m:
        return m.group(1)
    for line in head.splitlines():
        m = _PLACE_IN_ISSUER.match(line.strip())
        if m:
            return m.group(1)
    return ""


def _part_of_title(title: str, meta: ReportMeta, lex: Lexicon) -> str:
    plan_words = lex.cue("parts", "plan")
    exec_words = lex.cue("parts", "execution")
    has_plan_year = meta.plan_year is not None and re.search(rf"{meta.plan_year}\s*年", title)
    has_report_year = meta.report_year is not None and re.search(rf"{meta.report_year}\s*年", title)
    if any(w in title for w in exec_words) and not has_plan_year:
        return "execution"
    if any(w in title for w in plan_words) or (has_plan_year and not has_report_year):
        return "plan"
    if has_report_year and not has_plan_year:
        return "execution"
    return "other"


def find_sections(source: SourceText, view: TextView, meta: ReportMeta, lex: Lexicon) -> tuple[Section, ...]:
    """Sections (一、 or 第一部分 level 1, （一） level 2, and heading lines without numbers) with
    their role in the report."""
    heads: list[tuple[int, str, str, _Line]] = []
    lines = view_lines(view)
    # unnumbered headings only after the preamble: the salutation (各位代表：) or a first numbered heading
    body_from = next((ln.view_start for ln in lines if ln.text.strip().startswith("各位代表")
                      or _LEVEL1.match(ln.text.strip())), len(view.text))

    def started(ln: _Line) -> bool:
        return ln.view_start > body_from

    for ln in lines:
        t = ln.text.strip()
        m1 = _LEVEL1.match(t)
        m2 = _LEVEL2.match(t) if not m1 else None
        m = m1 or m2
        # a heading is a short line; a numbered list item inside a paragraph runs on
        if m and len(t) <= 60:
            level = 1 if m1 else 2
            title = m.group(m.lastindex).strip()
            number = t[:len(t) - len(title)].strip()
            heads.append((level, number, title, ln))
        elif _unnumbered_heading(t) and started(ln):
            # 经济运行稳中向好 / 2024年经济社会发展的主要目标: a heading line without a number;
            # it opens a part when it names one, else it is a topic within the current part
            names_part = _part_of_title(t, meta, lex) != "other" and _PART_TITLE.search(t)
            heads.append((1 if names_part and not any(h[0] == 1 and h[1] for h in heads) else 2, "", t, ln))
    sections: list[Section] = []
    counters = [0, 0]
    part1 = "other"
    for i, (level, number, title, ln) in enumerate(heads):
        end_view = len(view.text)
        for level2, _n, _t, ln2 in heads[i + 1:]:
            if level2 <= level:
                end_view = ln2.view_start
                break
        if level == 1:
            counters = [counters[0] + 1, 0]
            part1 = _part_of_title(title, meta, lex)
            part = part1
            path: tuple[int, ...] = (counters[0],)
        else:
            counters[1] += 1
            own = _part_of_title(title, meta, lex)
            part = part1 if part1 != "other" else own
            path = (counters[0], counters[1])
        heading = _raw_span(source, view, ln.view_start, ln.view_end)
        start = heading.start
        end = view.raw_index(end_view) if end_view < len(view.text) else len(source.raw)
        sections.append(Section(number, level, title, heading, start, end, part, path))
    return tuple(sections)


_PART_TITLE = re.compile(r"(?:执行情况|完成情况|回顾|主要目标|预期目标|总体要求|主要任务|重点工作|计划草案|计划安排|安排意见)")


def _unnumbered_heading(t: str) -> bool:
    """A short line that is not a sentence: no closing punctuation, no comma, few characters."""
    return (4 <= len(t) <= 30 and not t.endswith(("。", "；", "：", ":", "！", "？", "，", "、", "”"))
            and "，" not in t and "。" not in t and not t.startswith(("（", "(", "—", "各位"))
            and bool(re.search(r"[\u4e00-\u9fff]", t)))


def section_at(sections: tuple[Section, ...], raw_offset: int) -> Section | None:
    """The innermost section that contains a raw offset."""
    best = None
    for s in sections:
        if s.start <= raw_offset < s.end and (best is None or s.level >= best.level):
            best = s
    return best


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """View offsets of the sentence around ``pos`` (ends at 。！？； or a line break, exclusive)."""
    a = pos
    while a > 0 and text[a - 1] not in _SENTENCE_END:
        a -= 1
    b = pos
    while b < len(text) and text[b] not in _SENTENCE_END:
        b += 1
    return a, b


def full_sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """View offsets of the whole sentence around ``pos``: up to 。！？, so 预计 at its head covers
    every clause. A line break ends it too, unless the line before ends with ： or ； — a list of
    items on lines of their own (…如下：\n1.地区生产总值：…；\n2.…) is one sentence."""
    def continues(nl: int) -> bool:
        return nl > 0 and text[nl - 1] in "：；:;"

    a = pos
    while a > 0 and (text[a - 1] not in "。！？!?\n" or (text[a - 1] == "\n" and continues(a - 1))):
        a -= 1
    b = pos
    while b < len(text) and (text[b] not in "。！？!?\n" or (text[b] == "\n" and continues(b))):
        b += 1
    return a, b


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """View offsets of the clause around ``pos``: from the previous 。；，： to the next 。；."""
    a = pos
    while a > 0 and text[a - 1] not in _CLAUSE_START:
        a -= 1
    b = pos
    while b < len(text) and text[b] not in "。；;\n":
        b += 1
    return a, b
