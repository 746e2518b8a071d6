"""One entity per real thing: resolve overlapping candidates, group the rest by what they name,
fold short forms into full ones, and find every further mention of the names found.

Short forms are folded only by rules that hold in any report: an agency's level form (区委) and
its full name share a key; an abbreviation keeps the first characters order of its full form
(X博会 ← X国际Y博览会 is the kind of pair meant); a name with its division or level marker
in front (某市X实验区, 省级X) is the name without it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .names import Candidate, division_stem


@dataclass
class Group:
    """Candidates that name one thing (mutable only while merging)."""

    key: str
    type: str
    names: list[str] = field(default_factory=list)  # candidate names, in order of appearance
    aliases: set[str] = field(default_factory=set)
    cands: list[Candidate] = field(default_factory=list)
    subtype: str = ""
    code: str = ""

    @property
    def name(self) -> str:
        # candidates and names are only ever appended to: their counts tell whether it changed
        sig = (len(self.cands), len(self.names))
        cached = self.__dict__.get("_name")
        if cached is not None and cached[0] == sig:
            return cached[1]
        name = self._name_of()
        self.__dict__["_name"] = (sig, name)
        return name

    def _name_of(self) -> str:
        preferred = [c.name for c in self.cands if c.rule in ("gazetteer-division", "gazetteer-short-form")]
        if preferred:
            return preferred[0]
        agency = [c for c in self.cands if c.key.startswith(("Agency:", "Event:meeting:"))]
        if agency:
            # the fullest written form with its division, else the full form built from the key
            return max((c.name for c in agency), key=lambda n: (len(n), n))
        # a name that is another candidate's written variant (第22届X会 of X会) is an alias
        variants = {a for c in self.cands for a in c.aliases}
        names = [n for n in self.names if n not in variants] or self.names
        return max(names, key=lambda n: (len(n), -names.index(n)))

    def all_names(self) -> set[str]:
        return set(self.names) | self.aliases


# rules that read a name whole, across words another rule would stop at: a candidate of the same type
# that ends where theirs ends is their tail (B段改建工程 of G123国道A镇至B段改建工程)
WHOLE = ("bracketed-name", "section-works", "route", "listed-project")


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Keep the best of candidates that cross or cover the same characters; nested ones stay."""
    order = sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start, c.type, c.name))
    kept: list[Candidate] = []
    spans: dict[tuple[int, int], Candidate] = {}
    for c in order:
        if c.end <= c.start:
            continue
        same = spans.get((c.start, c.end))
        if same is not None:
            if same.type == c.type:
                kept.append(c)  # another name of the same thing (aliases, keys)
            continue
        crossing = any(k.start < c.start < k.end < c.end or c.start < k.start < c.end < k.end for k in kept)
        # the end of a longer name typed otherwise is its head word, not a name (X全域旅游小镇 title);
        # a known programme at the end of a longer one is part of it (X长制 of 河X长制)
        same_head = any(k.start < c.start and k.end == c.end and (k.type != c.type or c.rule == "known-programme"
                                                                  or k.rule in WHOLE)
                        for k in kept)
        if crossing or same_head:
            continue
        kept.append(c)
        spans[(c.start, c.end)] = c
    return sorted(kept, key=lambda c: (c.start, c.end, c.type))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def group(cands: list[Candidate], prefixes: set[str], markers: tuple[str, ...], own: frozenset[str] = frozenset(),
          abbreviations: dict | None = None) -> list[Group]:
    """Group candidates by key, then fold short forms into the full names of the same type. ``own``:
    the names of the report's area (a zone written bare, 高新区, is the area's own); ``abbreviations``:
    the short words of zones and their full forms (自贸港: 自由贸易港)."""
    groups: dict[str, Group] = {}
    for c in cands:
        key = c.key or f"{c.type}:{c.name}"
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(key, c.type)
        g.cands.append(c)
        if c.name not in g.names:
            g.names.append(c.name)
        g.aliases.update(a for a in c.aliases if a)
        g.subtype = g.subtype or c.subtype
        g.code = g.code or c.code
    out = _fold_weak_types(list(groups.values()))
    # shortest names first, so that a chain of short forms ends in the fullest name
    for g in sorted(out, key=lambda g: (len(g.name), g.key)):
        target = _fold_target(g, [h for h in out if h is not g and h.type == g.type], set(prefixes), markers, own,
                              abbreviations or {})
        if target is not None:
            target.cands.extend(g.cands)
            for n in g.names:
                if n not in target.names:
                    target.names.append(n)
            target.aliases |= g.aliases
            target.subtype = target.subtype or g.subtype
            target.code = target.code or g.code
            out.remove(g)
    return out


WEAK = 62  # candidates typed only by a verb before them (kg.quoted)


def _fold_weak_types(groups: list[Group]) -> list[Group]:
    """A name typed only weakly (a quote after 打造) takes the type of a stronger reading of the
    same name elsewhere in the report (the same quote before 核心区域)."""
    out = []
    strength = {id(g): max(c.priority for c in g.cands) for g in groups}
    names = {id(g): g.all_names() for g in groups}
    for g in groups:
        if strength[id(g)] <= WEAK:
            name = g.name
            strong = [h for h in groups if h is not g and h.type != g.type and name in names[id(h)]
                      and strength[id(h)] > WEAK]
            if len(strong) == 1:
                h = strong[0]
                h.cands.extend(replace(c, type=h.type, subtype=h.subtype) for c in g.cands)
                h.aliases |= g.aliases
                continue
        out.append(g)
    return out


def _fold_target(g: Group, others: list[Group], prefixes: set[str], markers: tuple[str, ...],
                 own: frozenset[str] = frozenset(), abbreviations: dict | None = None) -> Group | None:
    """The group ``g`` is a short form of, if exactly one qualifies (a name another group already
    goes by first, then the rules for short forms)."""
    if g.code or g.key.startswith(("Agency:", "Event:meeting:")):
        return None
    name = g.name
    same = [h for h in others if name in h.all_names() and not (h.code and h.type == "Place" and name not in h.aliases
                                                                and name not in h.names)
            and not (g.subtype and h.subtype and g.subtype != h.subtype and g.type == "Place")]
    if len(same) == 1:
        return same[0]
    if g.type == "Program":
        # one quoted name with two heads (“X”系列活动, “X”系列促消费活动) is one programme
        shared = [h for h in others if {a for a in g.aliases if len(a) >= 2} & h.aliases]
        if len(shared) == 1:
            return shared[0]
    hits = [h for h in others if not h.code and len(h.name) >= len(name) and h.name != name
            and not (g.subtype and h.subtype and g.subtype != h.subtype and g.type == "Place")
            and any(_short_form(g.type, name, n, prefixes, markers, abbreviations or {})
                    for n in {h.name, *h.all_names()} if len(n) > len(name))]
    if len(hits) > 1 and g.type == "Place" and own:
        # a zone written bare (高新区) is the report's own one (X高新区 with X the area), not a neighbour's
        hits = [h for h in hits if any(n.startswith(tuple(own)) for n in {h.name, *h.all_names()})]
    return hits[0] if len(hits) == 1 else None


_CAPACITY = re.compile(r"年产[\d.]+\s*(?:万|亿)?\s*[A-Za-z吨件台套辆只条片根块]+")
_PHASE = re.compile(r"[一二三四五六七八九]期$")


def _short_form(typ: str, name: str, hn: str, prefixes: set[str], markers: tuple[str, ...],
                abbreviations: dict | None = None) -> bool:
    """Is ``name`` a short form of the longer name ``hn`` of the same type?"""
    if hn.endswith(name) and (hn[: -len(name)] in prefixes or hn[: -len(name)] in markers):
        return True  # 某市X实验区 → X实验区, 省级X → X
    full = (abbreviations or {}).get(name)
    if typ == "Place" and full and hn.endswith(full) and hn[: -len(full)] in prefixes:
        return True  # 自贸港 → 某省自由贸易港
    if typ == "Place":
        if hn == name + "区" or hn == name.rstrip("片") + "片区":
            return True
        if hn.endswith(("古镇", "古村")) and hn[:-2] == name:
            return True
    if typ in ("Place", "Event") and len(name) >= 3 and name[-1] == hn[-1] and _subsequence(name, hn) \
            and not re.match(r"第[\d一二三四五六七八九十]+届", hn) \
            and (typ == "Event" or (name[0] == hn[0] and len(hn) - len(name) == 1)):
        return True  # an abbreviation keeps the order of its full form
    if typ == "Project":
        # X项目 written X or X二期 (a phase of it), or without its capacity (X年产N吨Y项目 → XY项目)
        if hn == name + "项目" or (_PHASE.search(name) and hn == name[:-2] + "项目"):
            return True
        if _CAPACITY.search(hn) and _CAPACITY.sub("", hn) == name:
            return True
    if typ == "Organization" and hn.startswith(name) and len(name) >= 4 and re.fullmatch(
            r"(?:科技|技术|实业)?(?:股份有限公司|有限责任公司|有限公司|股份公司|公司|集团)", hn[len(name):]):
        return True  # a company by its brand and trade (X储能) and by its legal name (X储能科技公司)
    if typ == "Award" and len(name) >= 5 and hn.endswith(name):
        return True  # a title written without its first words (X枢纽Y之都核心区 → Y之都核心区)
    if typ == "Program" and len(name) >= 4 and hn.strip("“”").endswith(name) and len(hn.strip("“”")) - len(name) <= 3:
        return True  # a campaign written without its first word (X项目攻坚年 → 项目攻坚年)
    # 十百千工程 ← 十县百镇千村X工程
    return typ == "Program" and len(name) >= 5 and name.endswith(hn[-2:]) and _initials(name[:-2], hn[:-2])


def _initials(short: str, long: str) -> bool:
    """Is ``short`` made of the first characters of words of ``long``: in order, from its start,
    never two neighbours (十百千 of 十县百镇千村)?"""
    short, long = short.strip("“”"), long.strip("“”")
    if len(short) < 3 or not long.startswith(short[0]):
        return False
    pos = 0
    for ch in short[1:]:
        i = long.find(ch, pos + 2)
        if i < 0:
            return False
        pos = i
    return True


def short_prefixes(divisions: dict, short: dict) -> set[str]:
    """Names of divisions (and their short forms) that may stand before another name."""
    out = set(divisions) | set(short)
    out |= {division_stem(n) for n in divisions if len(division_stem(n)) >= 2}
    return out


def propagate(groups: list[Group], text: str, kept: list[Candidate]) -> dict[int, list[tuple[int, int, str]]]:
    """Further mentions of each group's names (2 characters or more) anywhere in the text, also
    inside other names (a zone's name in a project named after it), but not inside a longer name of the
    same type that starts at the same place (X of X路), nor across another name."""
    spans = [(c.start, c.end, c.type) for c in kept]
    found: dict[int, list[tuple[int, int, str]]] = {}
    for gi, g in enumerate(groups):
        own = [(c.start, c.end) for c in g.cands]
        extra = []
        for n in sorted(g.all_names(), key=len, reverse=True):
            if len(n) < 2 or "\n" in n:
                continue
            i = text.find(n)
            while i >= 0:
                j = i + len(n)
                if not any(a < j and i < b for a, b in own) and not any(
                        a < i < b < j or i < a < j < b for a, b, _t in spans) and not any(
                        a == i and b > j and t == g.type for a, b, t in spans):
                    extra.append((i, j, n))
                    own.append((i, j))
                i = text.find(n, j)
        found[gi] = extra
    return found
