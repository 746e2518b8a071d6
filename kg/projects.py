"""Projects and the companies that own them, and the shape of a project's name.

Plan reports name an enterprise's project after the enterprise: its brand and its trade
(恒X新材, 华X纺织) before what is built (年产N万吨…项目, 二期, 智能化改造, 产业园). The brand is not in
any list, but the trade words are (the industry names of GB/T 4754 as companies shorten them, in
``data/lexicon/entities.toml``), so a project name that starts with brand + trade gives both the
project and the company. Routes are named by their ends (A至B快速路).

A project's name ends at its head word: what follows a 项目 (一期, 主体, 首条产线贯通) or a part of
the works (主线, 全线) is the state of the works, not the name.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .names import P_STRONG, Candidate, Ctx, view_name
from .spans import is_cjk, is_generic, run_start, starts_with_boundary, trim_left

_PHASE = re.compile(r"[一二三四五六七八九]期$")
_COUNT_START = re.compile(r"^[\d.]+(?:余|多)?[个家项宗批]")


def projects(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """The candidates with the projects and companies read here; every project's name cut at its
    head; a company reading whose brand is a toponym dropped."""
    cands = drop_inside_routes(tidy(ctx, cands + owned_projects(ctx) + routes(ctx)))
    firms = [c for c in cands if c.rule == "company-of-project"]
    keep = set(map(id, not_toponyms(firms, cands)))
    return [c for c in cands if c.rule != "company-of-project" or id(c) in keep]


def company_length(name: str, ctx: Ctx) -> int:
    """Length of the company name that starts ``name`` (brand + trade words), 0 if none: a brand
    of 2–4 characters, modifiers (智能, 精密), then one trade noun (新材料, 纺织, 微电子). Not when a
    place or organisation ending follows (民X食品厂 is named by 厂, 珠X智造港 is a place)."""
    cfg = ctx.rules.organization
    nouns = sorted(cfg.get("trade_nouns", []), key=len, reverse=True)
    mods = sorted(cfg.get("trade_modifiers", []), key=len, reverse=True)
    for brand in (2, 3, 4):
        if len(name) <= brand or not all(is_cjk(ch) for ch in name[:brand]):
            break
        head = name[:brand]
        if is_generic(head, ctx.rules) or head in ctx.divisions or head in ctx.short:
            continue
        i = brand
        while True:
            m = next((w for w in mods if name.startswith(w, i)), "")
            if not m:
                break
            i += len(m)
        n = next((w for w in nouns if name.startswith(w, i)), "")
        if n:
            k = i + len(n)
            nxt = ctx.rules.endings.get(name[k:k + 1]) or ctx.rules.endings.get(name[k:k + 2])
            if nxt is not None and (nxt.type in ("Organization", "Place") and nxt.strong or name[k:k + 1] in "港园城谷厂"):
                return 0
            return k
    return 0


def owned_projects(ctx: Ctx) -> list[Candidate]:
    """Projects named after their owner or their product (X年产N万吨Y项目, X电池项目, X二期,
    X智能化改造), and the owner when its name is brand + trade words."""
    text, rules = ctx.text, ctx.rules
    heads = sorted(rules.project.get("owned_heads", []), key=len, reverse=True)
    if not heads:
        return []
    pat = re.compile("|".join(map(re.escape, heads)))
    # what may follow a project's name: a part of the works or a status word (X项目投产)
    follow = tuple(rules.project.get("part_words", [])) + tuple(rules.status_words)
    out: list[Candidate] = []
    for m in pat.finditer(text):
        hs, he = m.start(), m.end()
        if hs == 0 or not starts_with_boundary(text, he, rules, follow) and not _PHASE.match(text[he:he + 2]):
            continue
        rs = run_start(text, hs, 24, rules)
        a = trim_left(text, rs, hs, he, rules)
        stem = text[a:hs]
        if len(stem) < 2 or _COUNT_START.match(stem) or is_generic(stem, rules):
            continue
        name = view_name(text, a, he)
        k = company_length(name.replace("\n", ""), ctx)
        capacity = "年产" in stem
        if not (k or capacity):
            continue
        out.append(Candidate(a, he, name, "Project", "", f"owned:{m.group(0)}", P_STRONG + 2, strong=True))
        if k and k < len(name):
            ce = _raw_end(text, a, k)
            out.append(Candidate(a, ce, view_name(text, a, ce), "Organization", "", "company-of-project",
                                 P_STRONG + 2, strong=True))
    return out


def _raw_end(text: str, a: int, k: int) -> int:
    """View offset after ``k`` name characters from ``a`` (line breaks inside do not count)."""
    i, n = a, 0
    while n < k and i < len(text):
        if text[i] != "\n":
            n += 1
        i += 1
    return i


def not_toponyms(companies: list[Candidate], cands: list[Candidate]) -> list[Candidate]:
    """Company readings whose brand starts the name of a place of the report (金X of 金X工业园区 is a
    place, not a brand) are dropped."""
    places = [c.name for c in cands if c.type == "Place" and c.subtype != "AdministrativeDivision"]
    return [c for c in companies if not any(p.startswith(c.name[:2]) and not p.startswith(c.name) for p in places)]


def drop_inside_routes(cands: list[Candidate]) -> list[Candidate]:
    """The tail of a route (B快速路 of A至B快速路) is no name of its own."""
    routes_ = [c for c in cands if c.rule == "route"]
    return [c for c in cands if not any(r.start < c.start and c.end == r.end and c.type == r.type for r in routes_)]


def routes(ctx: Ctx) -> list[Candidate]:
    """Roads and lines named by their two ends (A至B快速路, A至B快速通道)."""
    text, rules = ctx.text, ctx.rules
    kinds = sorted(rules.project.get("route_endings", []), key=len, reverse=True)
    if not kinds:
        return []
    out = []
    kinds_alt = "|".join(map(re.escape, kinds))
    for m in re.finditer(f"至([\u4e00-\u9fff]{{2,8}}?)({kinds_alt})", text):
        k = m.start()
        a = trim_left(text, run_start(text, k, 10, rules), k, k, rules)
        if k - a < 2 or is_generic(text[a:k], rules) or is_generic(m.group(1), rules):
            continue
        out.append(Candidate(a, m.end(), view_name(text, a, m.end()), "Project", "", "route", P_STRONG + 2,
                             strong=True))
    return out


def tidy(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """Project names cut at their head: X项目一期 → X项目, X工程主线 → X工程, X新院主体 → X新院, and a
    quantity after the name (X标准厂房12万平方米) dropped."""
    parts = sorted(ctx.rules.project.get("part_words", []), key=len, reverse=True)
    out = []
    for c in cands:
        if c.type != "Project":
            out.append(c)
            continue
        text = ctx.text
        e = c.end
        seg = text[c.start:e]
        q = re.search(r"\d", seg)
        if q and q.start() >= 4 and re.match(r"[\d.]+\s*(?:万|亿)?(?:平方米|亩|公里|千米|米|个|家|项)", seg[q.start():]):
            e = c.start + q.start()
        seg = text[c.start:e]
        i = max(seg.rfind("项目"), seg.rfind("工程"))
        if i >= 2 and i + 2 < len(seg) and not re.fullmatch(r"[A-Z0-9]{1,2}", seg[i + 2:]):
            e = c.start + i + 2
        moved = True
        while moved:
            moved = False
            for p in parts:
                if text.endswith(p, c.start, e) and e - len(p) - c.start >= 3:
                    e -= len(p)
                    moved = True
                    break
        if e != c.end:
            c = replace(c, end=e, name=view_name(text, c.start, e), aliases=())
            rule = _place_ending(c.name, ctx)
            if rule is not None:  # the works of a park (X产业园标准厂房): the park is what is named
                c = replace(c, type="Place", subtype=rule.subtype)
        out.append(c)
    return out


def _place_ending(name: str, ctx: Ctx):
    for k in range(min(ctx.rules.max_ending, len(name) - 2), 0, -1):
        r = ctx.rules.endings.get(name[-k:])
        if r is not None:
            return r if r.type == "Place" else None
    return None
