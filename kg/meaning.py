"""Stage 5, meaning: for each quantity, what it measures and how the report means it.

* the measure kind (level, growth_pct, change_pp, share_pct, rank, ratio) and the sign of a fall;
* the subject phrase, cleaned of scope words and verbs (全区实现地区生产总值 → 地区生产总值), with
  分别 lists distributed over their values and bare growth clauses inheriting the subject of the
  level before them (567.1亿元，增长3.5%);
* the headline indicator, when the subject is one of the concept scheme's names;
* the period and status: actual (or estimate under 预计) for the report year in the part that
  reviews it, target for the plan year in the part that plans, previous for the "from" of a
  from→to pair, a later year for 到2025年;
* the area: the report's own, or a part of it that the sentence is about (a zone, a town).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .lexicon import Lexicon
from .model import Observation, ReportMeta, Section, SourceText
from .normalise import TextView
from .numbers import Token
from .structure import clause_bounds, cn_number, full_sentence_bounds, section_at, sentence_bounds

_PAREN = re.compile(r"[（(][^（）()]*[)）]")
_QUOTES = str.maketrans("", "", "“”‘’\"《》「」『』")
_STOP = set("，。；：、！？,;:!?\n")
_RANK_TAIL = re.compile(r"(?:排名|排位|位居|位列|名列|跃居|居|列|排|保持)?(?:全市|全省|全国|全区|各区县|同类)*"
                        r"(?:县区|区县|城区)?(?:第|前)$")
# 整合为, 压减到, 调整为: a change to a new value (not 达到, not 占比达到)
_TO_GAP = re.compile(r"^[\u4e00-\u9fff]{0,2}(?:增加|减少|提高|提升|降低|下降|上升|调整|整合|重组|压减|压缩|缩小|扩大|增长|"
                     r"优化|合并|精简|减至|降|增)[\u4e00-\u9fff]{0,2}(?:为|至|到)$")
_YEAR_TARGET = re.compile(r"(?:到|至|在)(20\d{2})\s*年(?:底|末)?")
# the year a value of a from→to pair is given for (由2020年的826.4亿元增加到2025年的1,286.5亿元)
_YEAR_BEFORE_VALUE = re.compile(r"\d{4}\s*年(?:底|末)?的?$")
# a five-year plan by its number (“十四五”), whose review gives its base year as the "from"
_FIVE_YEAR_PLAN = re.compile(r"[“\"‘']([一二三四五六七八九十]{2,3})五[”\"’']|([一二三四五六七八九十]{2,3})五(?:时期|期间|以来|规划)")
# a 'from' value whose 'to' is written in words (由26.8%降至零)
_TO_ZERO = re.compile(r"(?:降至|降为|降到|减少到|减少至|减至|下降到|下降至|下降为)(?:零|0(?![\d.]))")


def _without_year(s: str) -> str:
    return _YEAR_BEFORE_VALUE.sub("", s)


def _plan_end(m: re.Match) -> int:
    """The last year of a five-year plan by its number: they run 1966–1970, 1971–1975 … since the
    third, so 十四五 is 2021–2025."""
    return 1966 + 5 * (cn_number(m.group(1) or m.group(2)) - 3) + 4


def five_year_base(context: str, report_year: int, lex: Lexicon) -> int | None:
    """The base year of the five-year period a review paragraph is about: 2020 under “十四五” in a
    report on 2025, or five years back after 五年来; None when the context is no five-year review."""
    five = [m.start() for m in _FIVE_YEAR_PLAN.finditer(context) if _plan_end(m) == report_year]
    five += [context.rfind(w) for w in lex.cue("status", "five_year_review") if w in context]
    one = [context.rfind(w) for w in lex.cue("status", "one_year_review") if w in context]
    if five and max(five) > max(one, default=-1):  # the nearer of the two says which review it is
        return report_year - 5
    return None


@dataclass(frozen=True)
class _Reading:
    """A token read in its context, before status and period are settled."""

    token: Token
    measure: str
    value: Decimal
    subject: str
    sentence: tuple[int, int]
    clause: tuple[int, int]
    full: tuple[int, int]  # the whole sentence, up to 。
    zone: str  # a part of the area the sentence is about, if any


def _strip(s: str, front: list[str], back: list[str]) -> str:
    changed = True
    while changed and s:
        changed = False
        for w in sorted(front, key=len, reverse=True):
            if s.startswith(w):
                s = s[len(w):]
                changed = True
                break
        for w in sorted(back, key=len, reverse=True):
            if s.endswith(w):
                s = s[:-len(w)]
                changed = True
                break
    return s.strip(" 　")


def _ends_with_any(s: str, words: list[str]) -> str | None:
    best = None
    for w in words:
        if s.endswith(w) and (best is None or len(w) > len(best)):
            best = w
    return best


def growth_direction(before: str, lex: Lexicon) -> int:
    """+1 / -1 when the text right before a number ends with a rise / fall verb, else 0.

    Words that may stand between the verb and the number (了, 约, 分别 …) and qualifier words are
    skipped; a verb followed by 至/到/为 says "to a level", not a change.
    """
    between = lex.cue("growth", "between") + list(lex.cue("qualifiers", "before"))
    s = before
    while (w := _ends_with_any(s, between)):
        s = s[:-len(w)]
    if s.endswith(tuple(lex.cue("growth", "to_words"))):
        stem = s[:-1]
        if _ends_with_any(stem, lex.cue("growth", "rise") + lex.cue("growth", "fall")):
            return 0
    rise = _ends_with_any(s, lex.cue("growth", "rise"))
    fall = _ends_with_any(s, lex.cue("growth", "fall"))
    if fall and (not rise or len(fall) >= len(rise)):
        if fall in lex.cue("growth", "narrow") and any(w in s for w in lex.cue("growth", "decline_subjects")):
            return 1  # 降幅收窄3.2个百分点: a smaller fall is a rise
        return -1
    if rise:
        return 1
    return 0


_LIST_GAPS = {"、", "和", "及", "与", "-", "~", "—", "–", "至", "到", "，"}


def _direction_of(r: "_Reading") -> int:
    if r.measure in ("growth_pct", "change_pp"):
        return -1 if r.value < 0 and r.token.value > 0 else 1
    return 0


def _list_items(text: str, lex: Lexicon) -> list[str]:
    seps = sorted(lex.cue("subject", "list_separators"), key=len, reverse=True)
    pattern = "|".join(re.escape(s) for s in seps)
    items = [x for x in re.split(pattern, text) if x]
    # 第一、二、三产业增加值: the ordinal prefix is shared
    if len(items) >= 2 and items[0].startswith("第"):
        items = [items[0]] + [("第" + x if not x.startswith("第") and x[:1] in "一二三四五六七八九十" else x)
                              for x in items[1:]]
    if len(items) == 1:
        for word, parts in lex.cue("subject", "distributive").items():
            if items[0].startswith(word):
                return [p + items[0][len(word):] for p in parts]
    if len(items) < 2:
        return items
    periods = tuple(sorted(lex.cue("subject", "sub_periods"), key=len, reverse=True))
    if all(x.startswith(periods) for x in items):
        # 一季度、上半年、前三季度GDP分别增长…: a list of periods of one subject
        head = items[-1]
        while head.startswith(periods):
            head = head[len(next(p for p in periods if head.startswith(p))):]
        return [head] * len(items)
    last = items[-1]
    names = lex.indicator_names
    out = []
    for x in items[:-1]:
        if len(x) < len(last) - 1:
            choice = None
            for k in range(1, len(last)):
                if x + last[k:] in names:
                    choice = x + last[k:]
                    break
            if choice is None:
                # the earlier item replaces a modifier of the same length at the front of the last
                choice = x + last[min(len(x), len(last) - 1):]
            out.append(choice)
        else:
            out.append(x)
    return out + [last]


def place_prefixes(meta: ReportMeta) -> list[str]:
    """Names of the report's area that may stand before a subject (福州市仓山区, 仓山区, 仓山)."""
    out = [p for p in (meta.place_full, meta.place, meta.city, meta.province) if p]
    for p in list(out):
        short = re.sub(r"(?:自治县|自治州|自治区|特别行政区|省|市|区|县|旗)$", "", p)
        if len(short) >= 2:
            out.append(short)
    return out


def match_indicator(subject: str, meta: ReportMeta, lex: Lexicon) -> str | None:
    """The headline indicator a subject phrase names, by the scheme's labels, or None.

    Only an exact name counts, once scope words, verbs and the area's own name are stripped:
    人均地区生产总值 or 数字经济增加值占地区生产总值比重 are not 地区生产总值.
    """
    s = _PAREN.sub("", subject).translate(_QUOTES).replace(" ", "")
    front = lex.cue("subject", "strip_front") + place_prefixes(meta) + lex.cue("subject", "indicator_strip_front")
    s = _strip(s, front, lex.cue("subject", "strip_back") + lex.cue("subject", "indicator_strip_back"))
    # 一、二、三产业增加值 lists leave 一产业增加值: the ordinal's 第 is implied
    return lex.indicator_names.get(s) or lex.indicator_names.get("第" + s)


_PER_HEAD = re.compile(r"^(?:每?[千万百]人口?|每[千万百]名[\u4e00-\u9fff]{0,4}?(?=拥有)|人均)")
_LIST_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*")
_ADVERBIAL = re.compile(r"^在[^，。；]{0,12}?(?:中|上|下|里|内|期间)")
_FROM_TAIL = re.compile(r"(?:由|从)(?:\d{4}\s*年(?:底|末)?|上年|去年|上年末)?的?$")  # 地区生产总值由2020年的


def _only_periods(subject: str, lex: Lexicon) -> bool:
    """Whether a subject is nothing but sub-periods of the year (上半年、前三季度)."""
    if not subject:
        return False
    return _periods_list(tuple(lex.cue("subject", "sub_periods"))).fullmatch(subject) is not None


@lru_cache(maxsize=8)
def _periods_list(periods: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(periods, key=len, reverse=True))
    return re.compile(f"(?:(?:{alternatives})[、和及与]?)+")


def _subject(view: str, tok: Token, seg_start: int, lex: Lexicon) -> str:
    before = _ADVERBIAL.sub("", view[seg_start:tok.start])
    front = lex.cue("subject", "strip_front")
    # a cue word cuts the subject after what it is about, not among the words before it (全年预计完成
    # 地区生产总值: 预计 is one of those)
    lead = len(before) - len(_strip(before, front, []).rstrip(" 　"))
    for w in lex.cue("subject", "cut_inside"):
        k = before.find(w, lead)
        if k > lead:
            before = before[:k]
    back = lex.cue("subject", "strip_back") + lex.cue("growth", "rise") + lex.cue("growth", "fall") + list(
        lex.cue("qualifiers", "before"))
    before = re.sub(r"\d+(?:\.\d+)?[:：]$", "", before)  # the scale of 1:17.6
    subj = _strip(_FROM_TAIL.sub("", before), front, back)
    subj = subj.rstrip("的")
    after = ""
    j = tok.tail
    while j < len(view) and view[j] not in _STOP and not view[j].isdigit():
        j += 1
    after = view[tok.tail:j]
    if after and (not subj or subj.endswith("等") or len(subj) <= 2) and tok.kind == "amount":
        after = _strip(after, [], lex.cue("subject", "strip_back"))
        subj = after if not subj or subj.endswith("等") else subj + after
    return subj


def _measure(tok: Token, subject: str, direction: int, lex: Lexicon, segment: str = "") -> str:
    if tok.kind == "rank":
        return "rank"
    if tok.kind == "ratio":
        return "ratio"
    if tok.kind == "pp":
        return "change_pp"
    if tok.kind == "percent":
        # GDP增速回升至6.8%: the subject is itself a growth rate
        rate = any(w in segment or subject.endswith(w) for w in lex.cue("growth", "rate_subjects"))
        return "growth_pct" if direction or rate else "share_pct"
    if tok.unit is not None and (tok.unit.kind in ("multiple", "concentration") or "/" in tok.unit.base):
        # a concentration is a ratio; a change of one (PM2.5浓度下降3微克/立方米) is an amount
        return "level" if direction and tok.unit.kind == "concentration" else "ratio"
    per_capita = any(w in subject for w in lex.cue("per_capita", "cue")) or subject.startswith(
        tuple(lex.cue("per_capita", "prefix")))
    if per_capita and not (tok.unit is not None and tok.unit.kind == "currency"):
        return "ratio"
    return "level"


def _fenbie_subjects(text: str, tok: Token, tokens: list[Token], clause: tuple[int, int],
                     full: tuple[int, int], readings: list[_Reading], lex: Lexicon) -> str:
    """The subject of a value listed after 分别, or '' when 分别 does not govern it."""
    before = text[clause[0]:tok.start]
    k = before.rfind("分别")
    if k < 0:
        return ""
    # the values 分别 governs: the first after it, and those listed right after that one
    after: list[Token] = []
    for t in tokens:
        if t.start <= clause[0] + k:
            continue
        if after and text[after[-1].tail:t.start] not in _LIST_GAPS:
            break
        after.append(t)
    items_text = before[:k]
    if not items_text and clause[0] > 0 and text[clause[0] - 1] in "：:":
        # 8.城乡居民人均可支配收入：分别增长5.5%和7% — the label before the colon lists the subjects
        items_text = _LIST_NUMBER.sub("", re.split(r"[\n；。，;]", text[max(0, clause[0] - 30):clause[0] - 1])[-1])
    items = _list_items(_strip(items_text, lex.cue("subject", "strip_front"), lex.cue("subject", "strip_back")),
                        lex) if items_text else []
    if len(items) < 2:
        # 城镇…43580元、农村…21260元，分别增长4.9%和7.1%: the subjects of the values before
        earlier = [r.subject for r in readings if r.full == full and r.token.start < clause[0] + k]
        items = earlier[-len(after):] if len(earlier) >= len(after) >= 2 else []
    idx = after.index(tok) if tok in after else -1
    return items[idx] if len(items) >= 2 and 0 <= idx < len(items) else ""


def _complete(subject: str, previous: str, lex: Lexicon) -> str:
    """An elliptical subject completed by the one before (全体居民人均可支配收入…，其中城镇居民… →
    城镇居民人均可支配收入), when that makes an indicator name."""
    if not previous or len(subject) > 6 or subject in lex.indicator_names:
        return subject
    for k in range(1, len(previous)):
        cand = subject + previous[k:]
        if cand in lex.indicator_names:
            return cand
    return subject


def _zone_topic(text: str, full: tuple[int, int], lex: Lexicon) -> str:
    """A part of the area that a sentence is about (高新区…实现规上工业总产值…), or ''."""
    m = re.match(r"^(?:\d{4}年[，,]?|全年[，,]?)?([\u4e00-\u9fff]{2,14}?)(?:在|实现|完成|累计|全年|共|新增|，)",
                 text[full[0]:full[1]])
    if not m:
        return ""
    name = m.group(1)
    generic = ("全", "各", "城镇", "乡镇", "村镇", "集镇")
    if len(name) < 3 or name.startswith(generic):
        return ""
    return name if name.endswith(tuple(lex.cue("area", "zone_suffixes"))) else ""


def read_tokens(view: TextView, tokens: list[Token], lex: Lexicon, meta: ReportMeta) -> list[_Reading]:
    text = view.text
    readings: list[_Reading] = []
    empty = set(lex.cue("subject", "empty"))
    for i, tok in enumerate(tokens):
        sent = sentence_bounds(text, tok.start)
        full = full_sentence_bounds(text, tok.start)
        clause = clause_bounds(text, tok.start)
        seg_start = clause[0]
        prev = tokens[i - 1] if i else None
        if prev is not None and seg_start < prev.tail <= tok.start:
            seg_start = prev.tail
            if text[seg_start:seg_start + 1] in "、和及与":
                seg_start += 1
        direction = growth_direction(text[seg_start:tok.start], lex) if tok.kind in ("percent", "pp", "amount") else 0
        listed = prev is not None and readings and text[prev.tail:tok.start] in _LIST_GAPS and prev.kind == tok.kind
        if listed and direction == 0:
            # 分别增长5.1%、7.3% / 6%—6.5%: a value listed after another reads like it
            direction = _direction_of(readings[-1])
        same_full = [r for r in readings if r.full == full]
        subject = _fenbie_subjects(text, tok, tokens, clause, full, readings, lex)
        if not subject:
            subject = _subject(text, tok, seg_start, lex)
        # 1．地区生产总值增长6%左右: the item number of a list of targets is not part of the subject
        # (and markdown's emphasis and heading marks: **规上工业增加值)
        subject = _LIST_NUMBER.sub("", subject.rstrip("从由").strip("*#_ ")).strip("、，,—–-~至到 *")
        if _only_periods(subject, lex):
            subject = ""  # 上半年、前三季度分别增长4.5%和5.3%: the subject is the one before
        if tok.kind == "rank":
            subject = _RANK_TAIL.sub("", subject)
        from_pair = prev is not None and bool(same_full) and _without_year(
            text[max(0, prev.start - 12):prev.start])[-1:] in ("从", "由")
        gap = _without_year(text[seg_start:tok.start])
        # …增加到738.6亿元 / a:b:c: the same subject as the value before
        same_subject = bool(_TO_GAP.match(gap)) or (tok.kind == "ratio" and gap in (":", "："))
        if not subject and seg_start == clause[0] and clause[0] > 0 and text[clause[0] - 1] in "：:":
            # 1.地区生产总值：完成286.4亿元 — the label before the colon names what follows
            label = _LIST_NUMBER.sub("", re.split(r"[\n；。，;]", text[max(0, clause[0] - 30):clause[0] - 1])[-1])
            if 2 <= len(label) <= 20:
                subject = label
                same_subject = False
        inherited = False
        if (not subject or subject in empty or from_pair or same_subject) and same_full:
            # 增长3.5%: the subject of the value stated just before in the same sentence
            subject = same_full[-1].subject
            inherited = True
        elif same_full:
            subject = _complete(subject, same_full[-1].subject, lex)
        per_head = _PER_HEAD.match(same_full[-1].subject) if same_full else None
        if (per_head and not inherited and len(subject) <= 4 and same_full[-1].clause == clause
                and text[prev.tail:seg_start].strip("、") == "" if prev is not None else False):
            # 每千人口执业医师2.86人、床位6.4张: the second item is per thousand people too
            subject = per_head.group(0) + subject
        measure = _measure(tok, subject, direction, lex, gap)
        if (inherited and measure == "share_pct" and same_full[-1].measure == "growth_pct"
                and not from_pair and not same_subject):
            # 增长6.5%左右，在实际工作中力争达到7%: a second rate for the same growth
            measure = "growth_pct"
        value = tok.value
        if measure in ("growth_pct", "change_pp") and direction < 0 and value > 0:
            value = -value
        if tok.kind == "amount" and measure != "level":
            direction = 0
        readings.append(_Reading(tok, measure, value, subject, sent, clause, full, _zone_topic(text, full, lex)))
    return readings


def _unit_base(tok: Token, view: str, lex: Lexicon) -> str:
    if tok.unit is not None:
        return tok.unit.base
    if tok.unit_text and tok.kind == "amount":
        nxt = view[tok.tail:tok.tail + 6]
        if any(n in nxt for n in lex.cue("people", "nouns")):
            return "人"
    return ""


_FROM_YEAR = re.compile(r"(?:(\d{4})\s*年(?:底|末)?|上年|去年|上年末)的?$")


def _previous_values(text: str, readings: list[_Reading], lex: Lexicon) -> dict[int, int | None]:
    """The 'from' values of from→to pairs (从79元提高至84元; 由13.9:39.2:46.9调整为…), with the year
    written before them if any."""
    from_words = tuple(lex.cue("status", "from_words"))
    to_verbs = sorted(lex.cue("status", "to_verbs"), key=len, reverse=True)
    out: dict[int, int | None] = {}
    i = 0
    while i < len(readings):
        r = readings[i]
        j = i  # a ratio a:b:c is one value of the pair
        while (j + 1 < len(readings) and r.token.kind == "ratio" and readings[j + 1].token.kind == "ratio"
               and text[readings[j].token.end:readings[j + 1].token.start] in (":", "：")):
            j += 1
        lead = text[max(r.clause[0], r.token.start - 12):r.token.start]
        k = max(lead.rfind(w) for w in from_words)
        if k < 0 or any(ch in lead[k:] for ch in "，；。") or len(lead) - k > 9:
            i = j + 1
            continue  # no 从/由 just before: no 'from' value
        m = _FROM_YEAR.search(lead)
        # a named year, 0 for 上年 (the year before), None when the text names none
        year = (int(m.group(1)) if m.group(1) else 0) if m else None
        if _TO_ZERO.match(text, readings[j].token.tail):
            out.update((x, year) for x in range(i, j + 1))  # 由2015年的26.8%降至零: the 'to' in words
        elif j + 1 < len(readings):
            nxt = readings[j + 1]
            gap = _without_year(text[readings[j].token.tail:nxt.token.start])
            if (any(gap == v or gap.endswith(v) and len(gap) - len(v) <= 4 for v in to_verbs)
                    or _TO_GAP.match(gap)) and r.sentence == nxt.sentence:
                out.update((x, year) for x in range(i, j + 1))
        i = j + 1
    return out


def _status_and_period(text: str, r: _Reading, part: str, meta: ReportMeta, lex: Lexicon) -> tuple[str, int]:
    """Actual (estimate under 预计) for the report year where the report reviews it; target for the
    plan year where it plans; in a part of unknown role, target only under a target cue; a later
    year named before the value (到2025年) is that year's target."""
    full = r.full
    sentence_text = text[full[0]:full[1]]
    before_in_sentence = text[r.sentence[0]:r.token.start]
    estimate = any(w in sentence_text for w in lex.cue("status", "estimate"))
    if part == "plan" or (part != "execution" and any(w in before_in_sentence for w in lex.cue("status", "target"))):
        status, period = "target", meta.plan_year
    else:
        status, period = ("estimate" if estimate else "actual"), meta.report_year
    years = [int(m.group(1)) for m in _YEAR_TARGET.finditer(text[full[0]:r.token.start])]
    if years and years[-1] > meta.report_year:
        status, period = "target", years[-1]
    elif any(w in text[r.clause[0]:r.token.start] for w in lex.cue("growth", "average_annual")):
        # 展望“十四五”，地区生产总值年均增长8%左右: the average aimed at over a plan still to come, by its end
        ends = [_plan_end(m) for m in _FIVE_YEAR_PLAN.finditer(text[full[0]:r.token.start])]
        if ends and ends[-1] > meta.report_year:
            status, period = "target", ends[-1]
    return status, period


def interpret(source: SourceText, view: TextView, tokens: list[Token], sections: tuple[Section, ...],
              meta: ReportMeta, lex: Lexicon) -> tuple[Observation, ...]:
    """Turn the tokens of a report into observations."""
    text = view.text
    readings = read_tokens(view, tokens, lex, meta)
    assert meta.report_year is not None and meta.plan_year is not None
    out: list[Observation] = []
    previous_of = _previous_values(text, readings, lex)
    from_year: dict[tuple[int, int], int] = {}

    for i, r in enumerate(readings):
        tok = r.token
        s_raw, e_raw = view.to_raw(tok.start, tok.end)
        c_raw = view.to_raw(*r.clause) if r.clause[1] > r.clause[0] else (s_raw, e_raw)
        section = section_at(sections, s_raw)
        part = section.part if section else "other"
        status, period = _status_and_period(text, r, part, meta, lex)
        if i in previous_of:
            # 由2020年的512.3亿元增加到738.6亿元: the year is named, and holds for the sentence
            named = previous_of[i]
            if named:
                from_year[r.full] = named
            year = named if named else (None if named == 0 else from_year.get(r.full))
            if year is None and named is None and part == "execution":
                # 五年来…由1,152.8亿元增加到2,046.3亿元 under “十四五”主要目标圆满完成: from the base year
                para = text[text.rfind("\n", 0, tok.start) + 1:tok.start]
                heading = section.title if section else ""
                year = five_year_base(heading + "\n" + para, meta.report_year, lex)
            status = "previous"
            period = year if year else period - 1
        place = r.zone if r.zone and r.zone not in place_prefixes(meta) else meta.place
        # a headline indicator is the area's own; a zone's figure is not (高新区规上工业总产值)
        indicator = match_indicator(r.subject, meta, lex) if r.measure in (
            "level", "growth_pct", "share_pct", "change_pp") and place == meta.place else None
        if indicator and r.measure == "growth_pct" and any(
                w in text[r.clause[0]:tok.start] for w in lex.cue("growth", "multi_year")):
            indicator = None  # 年均增长6.1%: an average over several years, not the year's figure
        if indicator and r.measure == "change_pp" and not lex.indicators[indicator].label_zh.endswith("率"):
            indicator = None  # a point change of a growth rate (涨幅回落1.5个百分点) is not the indicator
        out.append(Observation(
            number=source.span(s_raw, e_raw),
            clause=source.span(*c_raw),
            value=r.value,
            unit_text=tok.unit_text,
            unit_base=_unit_base(tok, text, lex),
            multiplier_exp=tok.multiplier_exp,
            measure=r.measure,
            qualifier=tok.qualifier,
            subject=r.subject,
            indicator=indicator,
            period=period,
            status=status,
            place=place,
            section_path=section.path if section else (),
            rule=tok.rule,
        ))
    return tuple(out)
