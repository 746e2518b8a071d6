"""Stage 4, quantities: every number written in Arabic digits that states an amount, with its
multiplier, unit and qualifier — and every number that does not (years, dates, ordinals, names,
thresholds) left out, with the reason.

Works on the normalised view (:mod:`kg.normalise`); offsets here are view offsets, mapped back to
the raw text by the meaning stage. Knowledge of words comes from the :class:`~kg.lexicon.Lexicon`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .lexicon import Lexicon, Unit

_NUMBER = re.compile(r"(?<![0-9A-Za-z.+])(\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(\.\d+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_RANGE_JOIN = ("-", "~", "—", "–", "至", "到")
_RATIO_SEP = (":", "：")
_OPEN_QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "\"": "\""}
_FIRST_YEAR, _LAST_YEAR = 1900, 2099  # what a four-digit number before 年 must be to be a year
_PARENS = re.compile(r"[（(][^（）()]{0,12}[)）]")  # 县（市、区）: a scope note, not a clause break
_PUNCT = set("，。；：、！？,.;:!?（）()“”‘’《》「」『』【】\n ")


@dataclass(frozen=True)
class Token:
    """A number that states a quantity, as found in the view."""

    start: int  # view offset of the number (its sign included)
    end: int
    value: Decimal  # as written, with its written sign
    kind: str  # amount | percent | pp | rank | ratio
    unit: Unit | None
    unit_text: str  # as written: multiplier + unit (亿元), or the multiplier alone (万)
    multiplier_exp: int
    qualifier: str  # from words adjacent to the number: eq, gt, ge, approx, le
    tail: int  # view offset after the unit and any qualifier word after it
    rule: str
    range_role: str = ""  # "low" / "high" for the two ends of a range (5%-6%)


@dataclass(frozen=True)
class Skipped:
    start: int
    end: int
    reason: str


def quote_spans(text: str, max_len: int = 40) -> list[tuple[int, int]]:
    """Short quoted or titled stretches (“3820”, 《…》): numbers inside are names."""
    spans = []
    i = 0
    n = len(text)
    while i < n:
        close = _OPEN_QUOTES.get(text[i])
        if close and close != text[i]:
            j = text.find(close, i + 1, min(n, i + max_len + 2))
            nl = text.find("\n", i + 1, j if j > 0 else i + 1)
            if j > 0 and nl < 0:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


@dataclass(frozen=True)
class _UnitRead:
    unit: Unit | None
    unit_text: str
    exp: int
    qualifier: str
    end: int  # after the unit (and infix words)


def read_unit(text: str, pos: int, lex: Lexicon) -> _UnitRead:
    """Read ``[余|多] [multiplier] [余|多] [unit]`` at ``pos`` (a qualifier word is not part of the
    unit as written: 10余家 → 家, 1万多人 → 万人)."""
    infix = lex.cue("qualifiers", "infix")
    qualifier = "eq"
    p = pos
    w = lex.longest(infix, text, p)
    if w and (lex.longest(lex.multipliers, text, p + len(w)) or lex.longest(lex.units, text, p + len(w))):
        qualifier = infix[w]
        p += len(w)
    unit_word = lex.longest(lex.units, text, p)
    mult = lex.longest(lex.multipliers, text, p)
    if unit_word and (not mult or len(unit_word) >= len(mult)):
        return _UnitRead(lex.units[unit_word], unit_word, 0, qualifier, p + len(unit_word))
    if not mult:
        return _UnitRead(None, "", 0, qualifier, p)
    exp = lex.multipliers[mult]
    q = p + len(mult)
    w2 = lex.longest(infix, text, q)
    if w2 and lex.longest(lex.units, text, q + len(w2)):
        qualifier = infix[w2]
        q += len(w2)
    unit_word = lex.longest(lex.units, text, q)
    if unit_word:
        return _UnitRead(lex.units[unit_word], mult + unit_word, exp, qualifier, q + len(unit_word))
    if mult not in lex.cue("threshold", "bare_multipliers"):
        return _UnitRead(None, "", 0, "eq", pos)  # 110千伏: 千 belongs to a unit we do not count
    return _UnitRead(None, mult, exp, qualifier, q)


def _qualifier_before(text: str, start: int, lex: Lexicon) -> str:
    before = lex.cue("qualifiers", "before")
    best = None
    for w in before:
        if text.endswith(w, 0, start) and (best is None or len(w) > len(best)):
            best = w
    if best and text[start - len(best) - 1:start - len(best)] in lex.cue("qualifiers", "not_after").get(best, ""):
        return "eq"  # 通过3家 is not 过3家
    return before[best] if best else "eq"


def _qualifier_in_clause(text: str, start: int, lex: Lexicon) -> str:
    a = start
    while a > 0 and text[a - 1] not in "，。；：！？\n" and not text[a - 1].isdigit():
        a -= 1
    words = lex.cue("qualifiers", "clause")
    for w, q in words.items():
        if w in text[a:start]:
            return q
    return "eq"


def _qualifier_after(text: str, pos: int, lex: Lexicon) -> tuple[str, int]:
    after = lex.cue("qualifiers", "after")
    w = lex.longest(after, text, pos)
    return (after[w], pos + len(w)) if w else ("eq", pos)


def _is_rank(text: str, start: int, lex: Lexicon) -> str:
    """'rank' for 第N after a ranking word, 'top' for 前N, '' otherwise."""
    if start >= 1 and text[start - 1] == "第":
        window = re.split(r"[，。；：、]", _PARENS.sub("", text[max(0, start - 18):start - 1]))[-1]
        if any(w in window for w in lex.cue("rank", "context")):
            return "rank"
        return ""
    if start >= 1 and text[start - 1] in lex.cue("rank", "top"):
        window = text[max(0, start - 9):start - 1]
        if any(w in window for w in lex.cue("rank", "scope")) or any(
                w in window for w in lex.cue("rank", "context")):
            return "top"
    return ""


_COUNT_KINDS = {"count", "percent", "percentage-point", "time", "age"}


def _after_is_threshold(text: str, pos: int, unit: Unit | None, lex: Lexicon, qualified: bool = False) -> bool:
    """``10亿元以上的企业`` / ``3岁以下婴幼儿`` / ``超10亿元企业3家``: the quantity describes what is
    counted; it is part of a subject, not a fact. (An amount before 项目 without 超/以上 and without
    a count after it is the projects' amount: 总投资1.32万亿元项目 — a fact.)"""
    w = lex.longest(lex.cue("threshold", "words"), text, pos)
    if w:
        nxt = text[pos + len(w):pos + len(w) + 1]
        if nxt == "的":
            return True
        # 95%以上政务服务事项: a share of the things named, not a class of them
        if nxt and _CJK.match(nxt) and nxt not in "，。；、" and not (unit is not None and unit.kind == "percent"):
            return True
    if qualified and text[pos:pos + 1] == "的" and (unit is None or unit.kind not in _COUNT_KINDS):
        # 收入超过50万元的村: which villages are counted — but 总投资超2100亿元的项目 states a total
        clause = re.split(r"[，。；：、\n]", text[max(0, pos - 24):pos])[-1]
        return not any(w in clause for w in lex.cue("threshold", "total_words"))
    if unit is None or unit.kind not in _COUNT_KINDS:
        after = pos + len(w or "")
        noun = lex.longest(lex.cue("threshold", "nouns"), text, after)
        if noun:
            counted = re.match(r"(?:达|共|有|为)?\d", text[after + len(noun):after + len(noun) + 2])
            return bool(qualified or w or counted or noun == "级")
    return False


_CAPACITY_KINDS = {"power", "energy", "mass", "volume"}


def _is_capacity(text: str, start: int, tail: int, unit: Unit | None, lex: Lexicon) -> bool:
    """年产5万吨…项目 / 50万千瓦分布式光伏项目 / 240万吨/年矿井: a capacity inside a project's name."""
    rest = re.split(r"[，。；：、,;:\n]", text[tail:tail + 16])[0]
    if unit is not None and unit.kind in _CAPACITY_KINDS and rest[:1] and _CJK.match(rest[:1]) and any(
            w in rest for w in lex.cue("threshold", "capacity_nouns")):
        return True
    if unit is not None and re.match(r"/(?:年|日|天)[\u4e00-\u9fff]", rest):
        return True  # a capacity per year or day that names a plant
    if not any(text.endswith(w, 0, start) for w in lex.cue("threshold", "capacity_before")):
        return False
    nxt = text[tail:tail + 1]
    return bool(nxt and _CJK.match(nxt) and nxt not in "，。；、")


def _ratio_context(text: str, start: int, lex: Lexicon) -> bool:
    a = start
    while a > 0 and text[a - 1] not in "，。；：！？\n":
        a -= 1
    return any(w in text[a:start] for w in lex.cue("per_capita", "ratio_words"))


def _value(digits: str, frac: str | None) -> Decimal:
    return Decimal(digits.replace(",", "") + (frac or ""))


def _signed(text: str, start: int) -> int:
    """Start of the number including a sign written right before it (增长-6.1%)."""
    if start >= 1 and text[start - 1] in "-+" and (start < 2 or _CJK.match(text[start - 2]) or text[start - 2] in "为：:（("):
        return start - 1
    return start


def scan(text: str, lex: Lexicon) -> tuple[list[Token], list[Skipped]]:
    """Find the quantities of a normalised text. Returns tokens and the numbers skipped, with why."""
    tokens: list[Token] = []
    skipped: list[Skipped] = []
    quotes = quote_spans(text)
    ordinal_after = lex.cue("ordinal", "after")
    matches = list(_NUMBER.finditer(text))
    consumed: set[int] = set()

    for idx, m in enumerate(matches):
        if m.start() in consumed:
            continue
        s, e = m.start(), m.end()
        value = _value(m.group(1), m.group(2))
        nxt = text[e:e + 1]

        # ratios written with colons: 2.8:50.9:46.3
        if nxt in _RATIO_SEP and re.match(r"[:：]\d", text[e:e + 2]):
            parts = [m]
            k = idx
            while (k + 1 < len(matches) and matches[k + 1].start() == parts[-1].end() + 1
                   and text[parts[-1].end()] in _RATIO_SEP):
                parts.append(matches[k + 1])
                k += 1
            context = text[max(0, s - 12):s]
            if len(parts) >= 3 or any(w in context for w in ("比", "结构", "率", "杠杆")):
                if len(parts) == 2 and 1 in (_value(p.group(1), p.group(2)) for p in parts):
                    # 2.6:1 and 1:17.6 state one number; the 1 is the scale
                    one = next(p for p in parts if _value(p.group(1), p.group(2)) == 1)
                    consumed.add(one.start())
                    skipped.append(Skipped(one.start(), one.end(), "ratio-scale"))
                    parts = [p for p in parts if p is not one]
                for p in parts:
                    consumed.add(p.start())
                    tokens.append(Token(p.start(), p.end(), _value(p.group(1), p.group(2)), "ratio", None, "",
                                        0, "eq", p.end(), "ratio-colon"))
            else:
                for p in parts:
                    consumed.add(p.start())
                    skipped.append(Skipped(p.start(), p.end(), "time-or-score"))
            continue

        if _inside(s, quotes):
            skipped.append(Skipped(s, e, "quoted-name"))
            continue
        if nxt and (nxt.isascii() and nxt.isalpha()) and not lex.longest(lex.units, text, e):
            skipped.append(Skipped(s, e, "name-with-letters"))
            continue
        if nxt in "+×*" or (s >= 1 and text[s - 1] in "+×*"):
            skipped.append(Skipped(s, e, "formula-name"))
            continue
        # years and year ranges: 2022年, 2021-2025年, 2022年度
        if m.group(2) is None and _FIRST_YEAR <= value <= _LAST_YEAR and (
                text.startswith("年", e) or re.match(r"[-—–~至到、]\d{4}年", text[e:e + 6])):
            skipped.append(Skipped(s, e, "year"))
            continue
        if text.startswith("年", e) and not text[max(0, s - 2):s].endswith("连续"):
            skipped.append(Skipped(s, e, "years-or-date"))
            continue
        ordinal_word = lex.longest(ordinal_after, text, e)
        if ordinal_word:
            skipped.append(Skipped(s, e, f"ordinal-or-date:{ordinal_word}"))
            continue
        # date ranges 1-11月
        r = re.match(r"[-—–~至到](\d+)([月日号])", text[e:e + 5])
        if r:
            skipped.append(Skipped(s, e, "date-range"))
            continue

        rank = _is_rank(text, s, lex)
        if s >= 1 and text[s - 1] == "第" and not rank:
            skipped.append(Skipped(s, e, "ordinal"))
            continue
        if rank:
            q = e
            for w in ("位", "名"):
                if text.startswith(w, q):
                    q += len(w)
                    break
            tokens.append(Token(s, e, value, "rank", None, "", 0, "le" if rank == "top" else "eq", q,
                                "rank-top" if rank == "top" else "rank-ordinal"))
            continue

        u = read_unit(text, e, lex)
        # ranges: 5-6%, 5%-6%, 6%~6.5%: the low end takes the unit of the high end
        range_partner = None
        if idx + 1 < len(matches):
            gap = text[u.end:matches[idx + 1].start()]
            if gap in _RANGE_JOIN and not (s >= 1 and text[max(0, s - 1)] in "从由"):
                range_partner = matches[idx + 1]
        if u.unit is None and not u.unit_text:
            if range_partner is not None:
                pu = read_unit(text, range_partner.end(), lex)
                if pu.unit is not None or pu.unit_text:
                    u = _UnitRead(pu.unit, pu.unit_text, pu.exp, "eq", u.end)
            if u.unit is None and not u.unit_text:
                if _ratio_context(text, s, lex) and m.group(2) is not None:
                    # 城乡居民收入比2.08: a ratio written without a unit
                    tokens.append(Token(s, e, value, "ratio", None, "", 0, _qualifier_before(text, s, lex), e,
                                        "ratio-bare"))
                else:
                    skipped.append(Skipped(s, e, "bare-number"))
                continue
        if _after_is_threshold(text, u.end, u.unit, lex,
                               qualified=_qualifier_before(text, _signed(text, s), lex) in ("gt", "ge")):
            skipped.append(Skipped(s, e, "threshold"))
            continue
        if _is_capacity(text, s, u.end, u.unit, lex):
            skipped.append(Skipped(s, e, "capacity-in-a-name"))
            continue
        start = _signed(text, s)
        if start < s:
            value = -value if text[start] == "-" else value
        qualifier = u.qualifier
        q_after, tail = _qualifier_after(text, u.end, lex)
        if qualifier == "eq":
            qualifier = _qualifier_before(text, start, lex)
        if qualifier == "eq":
            qualifier = _qualifier_in_clause(text, start, lex)
        if q_after != "eq" and qualifier in ("eq", "le") or q_after == "approx":
            qualifier = q_after
        kind = "amount"
        if u.unit is not None and u.unit.kind == "percent":
            kind = "percent"
        elif u.unit is not None and u.unit.kind == "percentage-point":
            kind = "pp"
        role = ""
        if range_partner is not None:
            role = "low"
            qualifier = "ge"
        elif tokens and tokens[-1].range_role == "low" and text[tokens[-1].end:start].lstrip(
                "%个百分点万亿元") in _RANGE_JOIN or (tokens and tokens[-1].range_role == "low" and
                                                   text[tokens[-1].tail:start] in _RANGE_JOIN):
            role = "high"
            qualifier = "le" if qualifier == "eq" else qualifier
        tokens.append(Token(start, e, value, kind, u.unit, u.unit_text, u.exp, qualifier, tail,
                            f"number-{kind}", role))
    return tokens, skipped
