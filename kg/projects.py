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
from functools import lru_cache

from .names import P_AGENCY, P_STRONG, Candidate, Ctx, view_name
from .spans import is_cjk, is_generic, run_start, starts_with_boundary, trim_left

_PHASE = re.compile(r"[一二三四五六七八九]期$")
# the legal form of a company after its brand and trade (《企业名称登记管理规定》 2020: 字号 + 行业 + 组织形式)
_LEGAL_FORM = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|股份公司|公司|集团)")
_COUNT_START = re.compile(r"^[\d.]+(?:余|多)?[个家项宗批]")
# a capacity or size written in a project's name (50万千瓦风电, 500千伏变电站, 12英寸产线, 10万吨级码头)
_CAPACITY = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?\s*(?:千瓦|千伏|英寸|吨级|GWh|GW|MW|兆瓦|标箱)")


def projects(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """The candidates with the projects and companies read here; every project's name cut at its
    head; a company reading whose brand is a toponym dropped."""
    cands = drop_inside_routes(tidy(ctx, cands + owned_projects(ctx) + routes(ctx) + listed(ctx)
                                    + subject_companies(ctx)))
    cands += buildings(ctx, cands) + place_works(ctx, cands) + institutions_built(ctx, cands)
    firm_rules = ("company-of-project", "company-of-park", "company-as-subject")
    firms = [c for c in cands if c.rule in firm_rules]
    keep = set(map(id, not_toponyms(firms, cands)))
    cands = [c for c in cands if c.rule not in firm_rules or id(c) in keep]
    return [_without_builder(ctx, c) for c in phases(ctx, cands + upgrades(ctx, cands))]


def _without_builder(ctx: Ctx, c: Candidate) -> Candidate:
    """A project's name without the verb that builds it, nor the company that does (建设X二期,
    X集团建设Y产业基地 → Y产业基地)."""
    if c.type != "Project":
        return c
    text = ctx.text
    seg = text[c.start:c.end]
    for verb in ctx.rules.project.get("lead_verbs", []):
        i = seg.find(verb)
        if i < 0 or len(seg) - i - len(verb) < 3:
            continue
        if i == 0 or seg[:i].endswith(("集团", "公司")):
            a = c.start + i + len(verb)
            return replace(c, start=a, name=view_name(text, a, c.end), aliases=())
    return c


def buildings(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """The new building or campus of a school or hospital named by its ending (X中学新校区, X分校新校区):
    a project named with the institution."""
    text = ctx.text
    words = tuple(sorted(ctx.rules.organization.get("buildings", []), key=len, reverse=True))
    have = {(c.start, c.end) for c in cands if c.type == "Project"}
    out = []
    for c in cands:
        if c.type != "Organization" or not c.rule.startswith("ending:"):
            continue
        b = next((w for w in words if text.startswith(w, c.end)), "")
        if b and (c.start, c.end + len(b)) not in have:
            out.append(Candidate(c.start, c.end + len(b), view_name(text, c.start, c.end + len(b)), "Project", "",
                                 "institution-building", P_STRONG + 2, strong=True))
    return out


def institutions_built(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """A school or hospital whose works are completed or started right after its name (X第二小学建成投用):
    a project, named as the institution."""
    text = ctx.text
    words = tuple(sorted(ctx.rules.organization.get("works_done", []), key=len, reverse=True))
    kinds = tuple(ctx.rules.organization.get("institutions", []))
    # above the reading of the institution by its county's name (县X小学, P_AGENCY): the works are the news
    return [Candidate(c.start, c.end, c.name, "Project", "", "institution-built", P_AGENCY + 1, strong=True)
            for c in cands
            if c.type == "Organization" and c.name.endswith(kinds) and text.startswith(words, c.end)]


def place_works(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """Works named after the place they are done in (X片区棚户区改造项目, X片区Y更新项目, X江Y段岸线生态
    修复工程): the place, what is done and the project word."""
    text, rules = ctx.text, ctx.rules
    kinds = "|".join(map(re.escape, rules.project.get("works_kinds", []))) or "(?!)"
    pat = re.compile(rf"[\u4e00-\u9fff]{{0,8}}?(?:{kinds})(?:项目|工程)")
    out = []
    for c in cands:
        if c.type != "Place" or c.subtype in ("AdministrativeDivision", "Region") or len(c.name) < 3:
            continue
        m = pat.match(text, c.end)
        if m and starts_with_boundary(text, m.end(), rules, tuple(rules.status_words)):
            e = m.end()
            out.append(Candidate(c.start, e, view_name(text, c.start, e), "Project", "", "place-works", P_STRONG + 2,
                                 strong=True))
    return out


def upgrades(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """The upgrade of a place carried out as a project (推进X景区提档升级): the place and what is done
    to it, when a verb that carries out works stands before it."""
    text, rules = ctx.text, ctx.rules
    words = tuple(rules.project.get("upgrade_words", []))
    verbs = tuple(rules.project.get("upgrade_verbs", []))
    out = []
    names = {c.name for c in cands if c.type == "Place" and c.subtype in ("Landmark", "DevelopmentZone")
             and len(c.name) >= 3}
    # a place named only here, before the works done to it (推进X山景区提档升级)
    kinds = tuple(e for e, r in rules.endings.items() if r.type == "Place" and r.subtype in ("Landmark", "DevelopmentZone"))
    for w in words:
        for e in _find_all(text, w):
            k = next((x for x in sorted(kinds, key=len, reverse=True) if text.endswith(x, 0, e)), "")
            if k:
                a = trim_left(text, run_start(text, e - len(k), 12, rules), e - len(k), e, rules)
                if e - len(k) - a >= 2 and not is_generic(text[a:e - len(k)], rules):
                    names.add(text[a:e])
    for n in names:
        for a in _find_all(text, n):
            e = a + len(n)
            w = next((w for w in words if text.startswith(w, e)), "")
            if w and text.endswith(verbs, 0, a):
                out.append(Candidate(a, e + len(w), view_name(text, a, e + len(w)), "Project", "", "place-upgrade",
                                     P_STRONG + 1, strong=True))
    return out


def listed(ctx: Ctx) -> list[Candidate]:
    """The items of a dashed list of projects, one a line (——X项目（总投资N亿元）：status): a project,
    or a zone when what the brackets give is its planned area (——X产业园（规划面积N平方公里）)."""
    out = []
    for m in re.finditer(r"(?m)^[ \t\u3000]*——([^（(：:\n，。；]{3,30})[（(]([^）)\n]{0,12})", ctx.text):
        a, b = m.start(1), m.end(1)
        what = m.group(2)
        if what.startswith(("规划面积", "占地")):
            out.append(Candidate(a, b, m.group(1), "Place", "DevelopmentZone", "listed-zone", P_STRONG + 3,
                                 strong=True))
        elif re.match(r"(?:总|计划|年度计划)?投资", what):
            out.append(Candidate(a, b, m.group(1), "Project", "", "listed-project", P_STRONG + 3, strong=True))
    return out


def subject_companies(ctx: Ctx) -> list[Candidate]:
    """A company named by brand + trade words at the start of a clause, the subject of what it did
    (X新能源汽车全年下线整车…, X铝业Y项目竣工)."""
    text, rules = ctx.text, ctx.rules
    follow = tuple(rules.project.get("subject_follow", []))
    nouns = tuple(rules.organization.get("trade_nouns", []))
    verbs = _by_length(tuple(rules.boundary_words))
    out = []
    for m in re.finditer(r"(?:^|(?<=[。；，：\n]))[\u3000 ]*([\u4e00-\u9fff]{4,14})", text):
        a = m.start(1)
        if not any(n in m.group(1) for n in nouns):
            continue
        lead = next((w for w in verbs if text.startswith(w, a)), "")
        a += len(lead)  # 推动X纺织二期: the verb that opens the clause is not the brand
        k = company_length(text[a:a + 12], ctx)
        if k and (text.startswith(follow, a + k) or re.match(r"\d", text[a + k:a + k + 1])):
            out.append(Candidate(a, a + k, text[a:a + k], "Organization", "", "company-as-subject", P_STRONG + 2,
                                 strong=True))
    return out


def phases(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """A park, campus or corridor built in phases is one project, X: its first phase (X一期) always,
    a later one (X二期工程) when the report never names X alone. A renovation done in phases (X改造二期)
    and the phases of a company's plant stay projects of their own."""
    text, rules = ctx.text, ctx.rules
    out = []
    folded = set()
    projects_named = {c.name for c in cands if c.type == "Project"}
    # the first phase of a project is the project as begun (X算力中心一期 → X算力中心)
    # (not when X names a body: 某实验室一期 and 某实验室二期 are works of the lab)
    bodies = {c.name for c in cands if c.type in ("Organization", "Agency")}
    projects_named |= {m.group(1) for c in cands if c.type == "Project"
                       for m in [re.match(r"^(.{3,}?)一期(?:工程)?$", c.name)] if m
                       and not m.group(1).endswith(("改造", "改建", "扩建", "技改")) and m.group(1) not in bodies}
    for c in cands:
        m = re.match(r"^(.{3,}?)([一二三四五六七八九]期)(工程)?$", c.name)
        if c.type != "Project" or m is None:
            out.append(c)
            continue
        base = m.group(1)
        things = tuple(e for e, r in rules.endings.items() if r.type in ("Place", "Project") and len(e) >= 2
                       and not e.endswith(("改造", "改建", "扩建", "技改"))) + tuple(rules.organization.get("buildings", []))
        standalone = any(not re.match(r"[一二三四五六七八九]期", text[i + len(base):i + len(base) + 2])
                         for i in _find_all(text, base))
        first = m.group(2) == "一期"  # the first phase of X is X as it was begun
        if base.endswith(things) and not base.endswith(tuple(rules.project.get("owned_heads", [])[:1])) \
                and (first or not standalone) or base in projects_named and not base.endswith(
                    ("改造", "改建", "扩建", "技改", "园", "园区", "港", "城")):
            # (a later phase of a project the report names on its own is that project's too)
            out.append(replace(c, name=base, aliases=tuple(sorted({*c.aliases, c.name}))))
            folded.add(base)
        else:
            out.append(c)
    # a place opened in phases (X公园一期, X公园二期) is the place, X, when the report names X on its own
    places_named = {c.name for c in out if c.type == "Place"}
    for i, c in enumerate(out):
        m = re.match(r"^(.{3,}?)([一二三四五六七八九]期)$", c.name)
        if c.type == "Place" and m and (m.group(1) in places_named or m.group(2) == "一期"):
            out[i] = replace(c, name=m.group(1), aliases=tuple(sorted({*c.aliases, c.name})))
    # a park built in phases is the project, not a place (X产业园一期主体完工)
    return [replace(c, type="Project", subtype="") if c.type == "Place" and not c.strong and c.name in folded else c
            for c in out]


@lru_cache(maxsize=32)
def _by_length(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


def _find_all(text: str, w: str):
    i = text.find(w)
    while i >= 0:
        yield i
        i = text.find(w, i + 1)


def company_length(name: str, ctx: Ctx, place_brand: bool = False) -> int:
    """Length of the company name that starts ``name`` (brand + trade words), 0 if none: a brand
    of 2–4 characters, modifiers (智能, 精密), then one trade noun (新材料, 纺织, 微电子). Not when a
    place or organisation ending follows (民X食品厂 is named by 厂, 珠X智造港 is a place)."""
    cfg = ctx.rules.organization
    nouns = _by_length(tuple(cfg.get("trade_nouns", [])))
    mods = _by_length(tuple(cfg.get("trade_modifiers", [])))
    for brand in (2, 3, 4):
        if len(name) <= brand or not all(is_cjk(ch) for ch in name[:brand]):
            break
        head = name[:brand]
        if is_generic(head, ctx.rules) or (head in ctx.divisions or head in ctx.short) and not place_brand:
            continue  # a company named after its county is told only by the project it owns (X纺织Y改造)
        i = brand
        while True:
            m = next((w for w in mods if name.startswith(w, i)), "")
            if not m:
                break
            i += len(m)
        n = next((w for w in nouns if name.startswith(w, i)), "")
        if n:
            k = i + len(n)
            # more trade words with the legal form after them (X生物医药公司, X储能科技有限公司) belong to
            # the name; without it they name the product (X新能源电池二期)
            k2 = k
            while True:
                n2 = next((w for w in nouns if name.startswith(w, k2)), "")
                if not n2:
                    break
                k2 += len(n2)
            lf = _LEGAL_FORM.match(name, k2)
            if lf:
                return lf.end()
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
    progress = tuple(rules.project.get("progress_words", []))
    out: list[Candidate] = []
    for m in pat.finditer(text):
        hs, he = m.start(), m.end()
        if hs == 0 or not starts_with_boundary(text, he, rules, follow) and not _PHASE.match(text[he:he + 2]) \
                or _PHASE.match(text[he:he + 2]) and m.group(0) != "项目":
            continue  # X产线二期: the phase is read as the head (X项目一期 is X项目)
        rs = run_start(text, hs, 24, rules)
        a = trim_left(text, rs, hs, he, rules)
        stem = text[a:hs]
        if len(stem) < 2 or _COUNT_START.match(stem) or is_generic(stem, rules):
            continue
        name = view_name(text, a, he)
        k = company_length(name.replace("\n", ""), ctx, place_brand=True)
        capacity = "年产" in stem or bool(_CAPACITY.search(stem))
        # a project named by what it is, followed by how its works go (X示范项目持续推进)
        going = m.group(0) == "项目" and len(stem) >= 6 and text.startswith(progress, he)
        if not (k or capacity or going):
            continue
        lf = [x for x in _LEGAL_FORM.finditer(name) if x.end() < len(name) - 2]
        # a project is also named without its owner's legal name (X公司年产N吨Y项目 → 年产N吨Y项目)
        alias = (name[lf[-1].end():],) if lf and capacity and name[lf[-1].end():].startswith("年产") else ()
        out.append(Candidate(a, he, name, "Project", "", f"owned:{m.group(0)}", P_STRONG + 2, strong=True,
                             aliases=alias))
        if k and k < len(name):
            ce = _raw_end(text, a, k)
            park = _place_ending(name[:-len(m.group(0))] if _PHASE.search(m.group(0)) else name, ctx) is not None
            out.append(Candidate(a, ce, view_name(text, a, ce), "Organization", "",
                                 "company-of-park" if park else "company-of-project", P_STRONG + 2, strong=True))
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
    """Company readings whose brand is the name of a place of the report (金X of 金X新材 where 金X is a
    hill or a park read as a place) are dropped; a brand that only begins a place's name (北X of 北X化工
    and 北X商贸城) is a brand."""
    places = {c.name for c in cands if c.type == "Place" and c.subtype != "AdministrativeDivision"
              and c.rule not in ("known-region", "country", "known-feature", "route-end")}
    # a park named by a place and an industry (金X医药产业园 beside 金X橘园工业园区) names no company
    return [c for c in companies if not any(c.name.startswith(p) and len(p) < len(c.name) for p in places)
            and not (c.rule == "company-of-park" and any(p.startswith(c.name[:2]) and not p.startswith(c.name)
                                                          for p in places))]


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
        # its two ends are places (A至B二级公路: A, B)
        b0, b1 = m.start(1), m.end(1)
        kinds_of = tuple(rules.project.get("route_modifiers", []))
        while text.endswith(kinds_of, b0, b1) and b1 - b0 > 2:
            b1 -= next(len(w) for w in kinds_of if text.endswith(w, b0, b1))
        for s, e in ((a, k), (b0, b1)):
            w = text[s:e]
            if 2 <= e - s <= 4 and not is_generic(w, rules) and not (w in ctx.short or w in ctx.divisions
                                                                   or w in ctx.others):
                out.append(Candidate(s, e, view_name(text, s, e), "Place", "", "route-end", P_STRONG))
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
                if text.endswith(p, c.start, e):
                    e -= len(p)
                    moved = True
                    break
        if e != c.end:
            if e - c.start < 3 or is_generic(view_name(text, c.start, e), ctx.rules):
                continue  # 冷库主体封顶: what is left is no name
            c = replace(c, end=e, name=view_name(text, c.start, e), aliases=())
            rule = _place_ending(c.name, ctx)
            if rule is not None and not rule.gazetteer_only:
                # the works of a park (X产业园标准厂房): the park is what is named; a reservoir or a
                # canal built (X水库主体工程) stays the works
                c = replace(c, type="Place", subtype=rule.subtype)
        out.append(c)
    return out


def _place_ending(name: str, ctx: Ctx):
    for k in range(min(ctx.rules.max_ending, len(name) - 2), 0, -1):
        r = ctx.rules.endings.get(name[-k:])
        if r is not None:
            return r if r.type == "Place" else None
    return None
