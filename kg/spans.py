"""Where a name starts and ends in the normalised text: the character classes of names, the
left boundary (the verb or function word a name follows) and the test for generic words.

Chinese has no spaces, so the start of a name is found from its end: the run of name characters
before a name ending is cut after the rightmost boundary word (推进, 开展, 在 …) of the lexicon.
"""
from __future__ import annotations

import re

from .entity_rules import EntityRules

_CJK = re.compile(r"[\u3400-\u9fff]")
_QUANTITY_PREFIX = re.compile(r"\d+(?:\.\d+)?(?:余|多)?(?:公里|千米|米|个|家|项|座|条|所|处|宗|批|亩)"
                              r"|[一二三四五六七八九十百千万]+亿元级?|[百千]亿级")


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def is_name_char(ch: str, rules: EntityRules) -> bool:
    return is_cjk(ch) or (ch.isascii() and ch.isalnum()) or ch in rules.name_chars


def is_wrap(text: str, i: int) -> bool:
    """Is the line break at ``i`` the wrap of a fixed-width (PDF) line inside a word: a long line
    without closing punctuation, Chinese characters on both sides?"""
    if i <= 0 or i + 1 >= len(text) or text[i] != "\n" or not ((is_cjk(text[i - 1]) or text[i - 1] == "”")
                                                                and is_cjk(text[i + 1])):
        return False
    start = text.rfind("\n", 0, i) + 1
    line = text[start:i]
    # running text (a heading has neither a comma nor a full stop) of a full line's length
    return len(line) >= 20 and ("，" in line or "。" in line)


def run_start(text: str, end: int, max_len: int, rules: EntityRules) -> int:
    """Start of the run of name characters that ends at ``end`` (at most ``max_len`` long); a
    line wrapped inside a word does not end it."""
    i = end
    while i > 0 and end - i < max_len and (is_name_char(text[i - 1], rules) or is_wrap(text, i - 1)):
        i -= 1
    return i


def run_end(text: str, start: int, max_len: int, rules: EntityRules) -> int:
    i = start
    while i < len(text) and i - start < max_len and (is_name_char(text[i], rules) or is_wrap(text, i)):
        i += 1
    return i


def _protected_at(text: str, pos: int, lo: int, hi: int, rules: EntityRules) -> bool:
    """Is the character at ``pos`` inside a protected phrase lying within ``[lo, hi)``?"""
    protected = rules.protected_set
    for k in rules.protected_lengths:
        for s in range(max(lo, pos - k + 1), min(pos, hi - k) + 1):
            if text[s:s + k] in protected:
                return True
    return False


def boundary_ending_at(text: str, i: int, lo: int, hi: int, rules: EntityRules, words_only: bool = False) -> bool:
    """Does a boundary word or character of the lexicon end at ``i`` (within ``[lo, hi)``)? Not
    when it stands inside a protected phrase (发展和改革局, 签约服务)."""
    for k in range(min(rules.max_boundary, i - lo), 1, -1):
        if text[i - k:i] in rules.boundary_words and not _protected_at(text, i - 1, lo, hi, rules):
            return True
    if words_only:
        return False
    if not (i - 1 >= lo and text[i - 1] in rules.boundary_chars and not _protected_at(text, i - 1, lo, hi, rules)):
        return False
    if text[i - 1] in rules.word_start_chars:
        # 原 (former) ends a name on its left only where a word starts (西侧原X分校), not inside a name (X原)
        j = i - 1
        return j <= lo or not is_name_char(text[j - 1], rules) or text.endswith(
            tuple(rules.place.get("positions", [])), 0, j) or boundary_ending_at(text, j, lo, hi, rules)
    return True


def trim_left(text: str, start: int, stem_end: int, name_end: int, rules: EntityRules,
              words_only: bool = False) -> int:
    """The start of a name whose run begins at ``start``: just after the rightmost boundary word
    that ends within ``[start, stem_end]``; a leading quantity (10公里) is dropped too."""
    cut = start
    for i in range(stem_end, start, -1):
        if boundary_ending_at(text, i, start, name_end, rules, words_only):
            cut = i
            break
    # a number that counts or measures (10公里绿道) is not part of the name; one that is part of
    # it (6号线, 21世纪, 5G) is kept
    m = _QUANTITY_PREFIX.match(text, cut, stem_end)
    if m and m.end() < stem_end:
        cut = m.end()
    return cut


def starts_with_boundary(text: str, pos: int, rules: EntityRules, extra: tuple[str, ...] = ()) -> bool:
    """Can a name end right before ``pos``: punctuation, a function word, a verb or position word."""
    if pos >= len(text) or not is_name_char(text[pos], rules):
        return True
    if text[pos] in rules.boundary_chars:
        return True
    for k in range(min(rules.max_boundary, len(text) - pos), 1, -1):
        if text[pos:pos + k] in rules.boundary_words:
            return True
    return any(text.startswith(w, pos) for w in extra + rules.follow)


def trim_right(text: str, start: int, end: int, rules: EntityRules) -> int:
    """``end`` moved left past boundary words a list item ends with (…三年行动巩固提升)."""
    moved = True
    while moved and end > start:
        moved = False
        for k in range(min(rules.max_boundary, end - start - 1), 1, -1):
            if text[end - k:end] in rules.boundary_words:
                end -= k
                moved = True
                break
    return end


def is_generic(words: str, rules: EntityRules) -> bool:
    """Is ``words`` made only of generic words, numbers and level markers (全区, 双创平台)?"""
    s = words
    if not s:
        return True
    n = len(s)
    ok = [False] * (n + 1)
    ok[0] = True
    longest = 8
    for i in range(n):
        if not ok[i]:
            continue
        if s[i].isdigit() or (s[i].isascii() and not s[i].isalnum()):
            ok[i + 1] = True
            continue
        for k in range(1, min(longest, n - i) + 1):
            if s[i:i + k] in rules.generic:
                ok[i + k] = True
    return ok[n]
