"""The report reader: a report's full text with every extracted quantity and entity mention
marked, each mark carrying what the KG says about it.

:func:`layout` turns the text and its marks into a tree of text runs and marks that a template
renders; marks nest when one lies inside another, and a mark that crosses another is kept only as
an empty anchor, so every ``#char=s,e`` fragment of the KG's span IRIs still lands somewhere.

>>> t = layout("ab12cd", [Mark(2, 4, "q", "/o")])
>>> [(n.start, n.end, type(n).__name__) for n in t]
[(0, 2, 'Run'), (2, 4, 'Mark'), (4, 6, 'Run')]
>>> sentence_bounds("前文。全年增长3%。后文", 7, 9)
(3, 10)
"""
from __future__ import annotations

from dataclasses import dataclass, field

KIND_ORDER = {"h": 0, "c": 1, "e": 2, "q": 3}
SENTENCE_END = "。；！？!?;\n"


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # h: section heading, c: clause, e: entity mention, q: quantity
    href: str = ""
    info: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    has_id: bool = True  # False when an enclosing mark already carries the same span's id

    @property
    def id(self) -> str:
        return f"char={self.start},{self.end}"


@dataclass
class Run:
    start: int
    end: int
    text: str


@dataclass
class Anchor:
    """An empty target for a span that crosses another mark."""

    start: int
    end: int

    @property
    def id(self) -> str:
        return f"char={self.start},{self.end}"


def layout(text: str, marks: list[Mark]) -> list:
    """Nested runs and marks covering ``text`` from its start to its end."""
    marks = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)),
                   key=lambda m: (m.start, -m.end, KIND_ORDER.get(m.kind, 9)))
    root = Mark(0, len(text), "root")
    stack = [root]
    seen: set[tuple[int, int, str]] = set()
    anchors: list[Anchor] = []
    placed: set[tuple[int, int]] = set()
    for m in marks:
        key = (m.start, m.end, m.kind)
        if key in seen:
            continue
        seen.add(key)
        while stack[-1] is not root and stack[-1].end <= m.start:
            stack.pop()
        top = stack[-1]
        if m.end > top.end:  # crosses the enclosing mark
            if (m.start, m.end) not in placed:
                anchors.append(Anchor(m.start, m.end))
                placed.add((m.start, m.end))
            continue
        if (m.start, m.end) in placed:  # same span as an enclosing mark: one id per span
            m.has_id = False
        placed.add((m.start, m.end))
        top.children.append(m)
        stack.append(m)
    for a in anchors:
        _insert_anchor(root, a)
    _fill(root, text)
    return root.children


def _insert_anchor(node: Mark, a: Anchor) -> None:
    for c in node.children:
        if isinstance(c, Mark) and c.start <= a.start < c.end:
            _insert_anchor(c, a)
            return
    node.children.append(a)


def _fill(node: Mark, text: str) -> None:
    kids = sorted(node.children, key=lambda c: (c.start, 0 if isinstance(c, Anchor) else 1))
    out: list = []
    pos = node.start
    for c in kids:
        if isinstance(c, Anchor):
            if c.start > pos:
                out.append(Run(pos, c.start, text[pos:c.start]))
                pos = c.start
            out.append(c)
            continue
        if c.start > pos:
            out.append(Run(pos, c.start, text[pos:c.start]))
        _fill(c, text)
        out.append(c)
        pos = c.end
    if pos < node.end:
        out.append(Run(pos, node.end, text[pos:node.end]))
    node.children = out


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``: from after the previous stop to its own stop."""
    s = start
    while s > 0 and text[s - 1] not in SENTENCE_END:
        s -= 1
    e = end
    while e < len(text) and text[e] not in SENTENCE_END:
        e += 1
    if e < len(text) and text[e] != "\n":
        e += 1
    while s < start and text[s].isspace():
        s += 1
    return s, e
