"""Stage 2, normalise: a clean view of the raw text, with a map from every view character back
to the raw characters it stands for.

What the view changes, and why:

* full-width digits, Latin letters and the signs ``％．＋－`` become ASCII, so one pattern reads
  ``１２．３`` and ``12.3``; other punctuation (``，。；：（）``) is kept, it carries structure;
* spaces next to Chinese text are dropped (``12.3 亿元`` → ``12.3亿元``), spaces between two
  Latin words or numbers are kept;
* a line break (with any blank lines) that splits a sentence or a word, as PDF page breaks and
  fixed-width wrapping do (``智能产\\n\\n业发展``), is removed; other line breaks become one ``\\n``;
* web-page chrome (``来源：… 时间：…``, ``放大字体 | 打印``, breadcrumbs), page numbers
  (``— 3 —``) and running headers repeated on every page are dropped.

Nothing is ever inserted that has no raw counterpart: each view character maps to a raw range, so
``view.to_raw(a, b)`` gives the raw offsets of any view span.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import SourceText

_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULLWIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULLWIDTH.update({"％": "%", "﹪": "%", "．": ".", "＋": "+", "－": "-", "∶": ":", "＆": "&",
                   "／": "/", "～": "~", "＜": "<", "＞": ">", "＝": "="})
_SPACES = set(" \t\u3000\u00a0\u2002\u2003\u2009\u202f\f\v")
_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff")

_TERMINAL = tuple("。！？；：…!?;:")
_CLOSERS = "”’」』）)】]》>"
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部分章节条]"
    r"|\d{1,2}[、．.](?!\d)|[（(]\d{1,2}[)）])")
_PAGE_NUMBER = re.compile(r"^[-—–－_·\s]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*[/／共]\s*\d{1,3}\s*页?)?[-—–－_·\s]*$")
_AGENCY_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{3,30}(?:局|委员会|委|办公室|办|政府|中心)$")
_BYLINE = re.compile(r"^(?:——|[—－-]+\s*(?:\d{4}|[〇一二三四五六七八九]{4})\s*年)")
_PARENTHETICAL = re.compile(r"^[（(].*[)）]$")


@dataclass(frozen=True)
class TextView:
    """The normalised text and, per character, the raw range ``[starts[i], ends[i])``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of the view span ``[start, end)`` (``end > start``)."""
        if not 0 <= start < end <= len(self.text):
            raise IndexError(f"view span {start}-{end} out of range")
        return self.starts[start], self.ends[end - 1]

    def raw_index(self, view_index: int) -> int:
        return self.starts[view_index] if view_index < len(self.starts) else (self.ends[-1] if self.ends else 0)


@dataclass(frozen=True)
class _Line:
    start: int  # raw offset of the first character of the stripped line
    end: int  # raw offset after its last character
    text: str  # stripped raw text
    newline_end: int  # raw offset after the line's line break


def _lines(raw: str) -> list[_Line]:
    out = []
    for m in re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", raw):
        if m.start() == len(raw) and not m.group(0):
            break
        body = m.group(1)
        lead = len(body) - len(body.lstrip("".join(_SPACES | _INVISIBLE)))
        stripped = body.strip("".join(_SPACES | _INVISIBLE))
        s = m.start(1) + lead
        out.append(_Line(s, s + len(stripped), stripped, m.end()))
    return out


def _is_noise(line: str, noise: tuple[re.Pattern, ...]) -> bool:
    return bool(_PAGE_NUMBER.match(line)) or any(p.search(line) for p in noise)


def is_heading(line: str) -> bool:
    return bool(_HEADING.match(line))


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith(_TERMINAL)


def wrap_width(lines: list[str]) -> int:
    """The length lines of running text reach: the wrap width of a PDF-to-text copy, or the
    length of a paragraph in a copy with one paragraph per line."""
    lengths = sorted(len(t) for t in lines if len(t) >= 20)
    if not lengths:
        return 0
    return lengths[int(len(lengths) * 0.6)]


def _joins(prev: str, nxt: str, min_len: int = 15) -> bool:
    """Does the line break between two text lines split a sentence?"""
    if _ends_sentence(prev) or is_heading(nxt):
        return False
    if is_heading(prev) and len(prev) < max(min_len, 25):
        # a heading line; a numbered paragraph (3.特色农业…) that runs to the wrap width goes on
        return False
    if len(prev) < min_len:
        # a line well short of the running text's width, without punctuation, is a title, a
        # heading (经济运行稳中向好), a name or a header — not a wrapped line
        return False
    if _PARENTHETICAL.match(prev) or prev.endswith("报告") or _BYLINE.match(prev):
        return False  # the title, the byline (——2024年1月10日在…会议上) and the like end a line
    if len(nxt) <= 20 and _AGENCY_LINE.match(nxt) or _AGENCY_LINE.match(prev):
        return False  # the issuer's name on a line of its own
    return True


def running_headers(lines: list[_Line], min_repeats: int = 3) -> set[str]:
    """Short lines repeated on many pages: running headers and footers of a PDF copy."""
    counts = Counter(ln.text for ln in lines if ln.text and len(ln.text) <= 30
                     and not _ends_sentence(ln.text) and not is_heading(ln.text))
    return {t for t, n in counts.items() if n >= min_repeats}


def normalise(source: SourceText, noise: tuple[re.Pattern, ...] = ()) -> TextView:
    """Build the normalised view of a report's raw text."""
    raw = source.raw
    lines = _lines(raw)
    headers = running_headers(lines)
    kept = [ln for ln in lines if ln.text and not _is_noise(ln.text, noise) and ln.text not in headers]

    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit_line(ln: _Line) -> None:
        text = ln.text
        i = 0
        n = len(text)
        while i < n:
            ch = text[i]
            if ch in _INVISIBLE:
                i += 1
                continue
            if ch in _SPACES:
                j = i
                while j < n and text[j] in _SPACES:
                    j += 1
                before = chars[-1] if chars and chars[-1] != "\n" else ""
                after = _FULLWIDTH.get(text[j], text[j]) if j < n else ""
                if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                    chars.append(" ")
                    starts.append(ln.start + i)
                    ends.append(ln.start + j)
                i = j
                continue
            chars.append(_FULLWIDTH.get(ch, ch))
            starts.append(ln.start + i)
            ends.append(ln.start + i + 1)
            i += 1

    width = wrap_width([ln.text for ln in kept])
    min_len = max(15, min(int(width * 0.75), 40))
    for k, ln in enumerate(kept):
        emit_line(ln)
        if k + 1 < len(kept):
            nxt = kept[k + 1]
            if not _joins(ln.text, nxt.text, min_len):
                chars.append("\n")
                starts.append(ln.end)
                ends.append(nxt.start)
    return TextView("".join(chars), tuple(starts), tuple(ends))
