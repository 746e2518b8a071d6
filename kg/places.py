"""Places that are neither divisions nor named by a place ending: countries and the places abroad
written after them, the great rivers and mountains, roads by their national code (G123国道), the
sections of roads, rivers and lines (X省道Y段, A至B段), railway stations and ports.

Every recogniser reads the normalised view and returns :class:`~kg.names.Candidate`\\ s; the words
come from ``data/lexicon/entities.toml`` ([place]).
"""
from __future__ import annotations

import re

from .names import P_DIVISION, P_STRONG, Candidate, Ctx, _alternation, _at_boundary, view_name
from .spans import is_generic, starts_with_boundary

# a road by its code in the national road network (GB/T 917: G national, S provincial, X county,
# Y township roads), written with its kind or alone before a name (G123国道, S45 省道, G12某环线高速)
_ROAD_CODE = r"(?<![A-Za-z0-9])[GSXY]\d{1,4}\s?"
_ROAD_KIND = "(?:国道|省道|县道|乡道)"
P_PLACE = P_STRONG + 1
# a metro or rail line by its number (轨道交通27号线, 18号线二期): its sections are works being built
_LINE = r"(?:轨道交通|地铁)?\d{1,2}号线(?:[一二三四]期)?"


def countries(ctx: Ctx) -> list[Candidate]:
    """Countries and groups of countries where a word starts (越南、泰国, 对东盟出口, 日韩等地), and a
    place written right after its country in a list of places abroad (越南海防、泰国罗勇等地)."""
    text, cfg = ctx.text, ctx.rules.place
    words = cfg.get("countries", []) + cfg.get("country_groups", [])
    if not words:
        return []
    out = []
    pat = _alternation(words)
    for m in pat.finditer(text):
        a, b = m.start(), m.end()
        if not _at_boundary(text, a, ctx.rules) and text[a - 1] not in "对自赴" \
                or any(text[a - i:a - i + len(w)] == w for i in (1, 2) for w in ctx.rules.boundary_words
                       if len(w) > i and a >= i):
            continue  # 其中亚洲: 中亚 across the word 其中 is no group of countries
        out.append(Candidate(a, b, m.group(0), "Place", "", "country", P_DIVISION - 2, strong=True))
        # 越南海防、…等地: the item after the country is a place of it
        sub = re.match(r"[\u4e00-\u9fff]{2,4}?(?=、|等地|等城市|等港口)", text[b:b + 8])
        if sub and not pat.match(text, b) and not is_generic(sub.group(0), ctx.rules):
            e = b + sub.end()
            nxt = text[e:e + 8]
            if nxt.startswith(("等地", "等城市", "等港口")) or (nxt.startswith("、") and pat.match(text, e + 1)):
                out.append(Candidate(b, e, sub.group(0), "Place", "", "place-abroad", P_PLACE,
                                     parent=(a, b)))
    return out


def country_abbreviations(ctx: Ctx) -> list[Candidate]:
    """A country written by its one-character abbreviation after 对 and before a word of trade
    (对俄贸易, 对俄经贸合作): that country."""
    cfg = ctx.rules.place.get("country_abbreviations", {})
    words = ctx.rules.place.get("country_abbreviation_after", [])
    if not cfg or not words:
        return []
    pat = re.compile("对([%s])(?:\n)?(?=%s)" % ("".join(map(re.escape, cfg)), "|".join(map(re.escape, words))))
    return [Candidate(m.start(1), m.end(1), cfg[m.group(1)], "Place", "", "country-abbreviation", P_DIVISION - 2,
                      aliases=(m.group(1),), strong=True) for m in pat.finditer(ctx.text)]


def features(ctx: Ctx) -> list[Candidate]:
    """The great rivers and mountains known by name (长江, 大别山), where a word starts."""
    words = ctx.rules.place.get("features", [])
    if not words:
        return []
    waters = tuple(ctx.rules.place.get("water_endings", [])) + ("运河",)
    return [Candidate(m.start(), m.end(), m.group(0), "Place", "Waterbody" if m.group(0).endswith(waters) else "",
                      "known-feature", P_PLACE)
            for m in _alternation(words).finditer(ctx.text) if _at_boundary(ctx.text, m.start(), ctx.rules)]


_INSIDE_PLACES = ("known-feature", "known-region")  # dropped inside a longer place
_INSIDE_ANY = ("road-code",)  # dropped inside any longer name


def drop_nested_features(cands: list[Candidate]) -> list[Candidate]:
    """A river or region inside the name of a place, a body or a work (某河 of 某河流域, X of X经济圈, X湾 of
    X湾大学) is no mention of its own, nor is a road's code inside the works on it (S306省道 of
    S306省道X段改建工程)."""
    def inside(c, others):
        return any(p.start <= c.start and c.end <= p.end and (p.start, p.end) != (c.start, c.end) for p in others)

    places = [c for c in cands if (c.type in ("Place", "Organization", "Project") or c.rule.startswith("quote"))
              and c.rule not in _INSIDE_ANY]
    others = [c for c in cands if c.rule not in _INSIDE_ANY]
    partners = [c for c in cands if c.type == "Event" and "—" in c.name]
    return [c for c in cands if not (c.rule in _INSIDE_PLACES and inside(c, [p for p in places if p.rule != c.rule]))
            and not (c.rule in _INSIDE_ANY and inside(c, others))
            and not (c.rule == "country" and inside(c, partners))]  # 中国—X博览会: the fair's partner


def roads(ctx: Ctx) -> list[Candidate]:
    """Roads by their code and kind (G123国道, S45 省道)."""
    out = []
    for m in re.finditer(_ROAD_CODE + _ROAD_KIND, ctx.text):
        out.append(Candidate(m.start(), m.end(), view_name(ctx.text, m.start(), m.end()).replace(" ", ""),
                             "Place", "Road", "road-code", P_PLACE))
    return out


def sections(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """Sections of roads and rivers (S45省道X段, G123X绕城段, 某江X段, A国道B至C段): a place, or a
    project after a verb that builds it (开工建设X段). The ends of a section written A至B are places
    when A is one (A镇至B段: B)."""
    text, rules = ctx.text, ctx.rules
    cfg = rules.place
    rivers = [w for w in cfg.get("features", []) if w.endswith(tuple(cfg.get("water_endings", [])) + ("运河",))]
    waters = [c.name for c in cands if c.type == "Place" and c.subtype == "Waterbody" and len(c.name) >= 2]
    heads = [_LINE, _ROAD_CODE + _ROAD_KIND + "?"] + [re.escape(w) for w in sorted(set(rivers + waters), key=len,
                                                                                      reverse=True)]
    build = tuple(cfg.get("section_build_verbs", []))
    works = tuple(e for e, r in rules.endings.items() if r.type == "Project" and r.strong) + ("改扩建", "改建", "扩建")
    places = {(c.start, c.end): c for c in cands if c.type == "Place"}
    towns = tuple(e for e, r in rules.endings.items() if r.type == "Place" and r.subtype == "AdministrativeDivision")
    out = []
    pat = re.compile(f"(?:{'|'.join(heads)})([\u4e00-\u9fff]{{2,10}}?)段")
    for m in pat.finditer(text):
        a, b = m.start(), m.end()
        if not (_at_boundary(text, a, rules) or text[a].isascii()):
            continue
        inner = m.group(1)
        name = view_name(text, a, b).replace(" ", "")
        road = text[a].isascii()
        if "至" in inner:
            s = m.start(1)
            k = text.index("至", s, b)
            first = any(x >= s and y == k for x, y in places) or text.endswith(towns, s, k)
            if first and 2 <= b - 1 - (k + 1) <= 8 and 2 <= k - s:
                if not any(x == s and y == k for x, y in places):
                    out.append(Candidate(s, k, view_name(text, s, k), "Place", "", "route-end", P_PLACE))
                out.append(Candidate(k + 1, b - 1, view_name(text, k + 1, b - 1), "Place", "", "route-end", P_PLACE))
        w = next((x for x in sorted(works, key=len, reverse=True) if text.startswith(x, b)), "")
        if w:
            # X段改建工程: the works on the stretch (A至B段 included), not the stretch itself
            out.append(Candidate(a, b + len(w), view_name(text, a, b + len(w)).replace(" ", ""), "Project", "",
                                 "section-works", P_STRONG + 2, strong=True))
            continue
        line = re.match(_LINE, text[a:b]) is not None
        if not (line or road):
            continue  # X江Y段: the stretch of a river is the river, named inside it
        typ = "Project" if line or road and text.endswith(build, 0, a) else "Place"
        if typ == "Place" and "至" in inner:
            continue  # A至B段 is the stretch of a project, not a place of its own
        out.append(Candidate(a, b, name, typ, ("Road" if road else "Waterbody") if typ == "Place" else "", "section", P_PLACE,
                             strong=True))
    return out


def stations(ctx: Ctx) -> list[Candidate]:
    """Railway stations: X站 after the line it is on (某铁路X站, 某高铁X站) — named without the line,
    which is an alias — and the line itself, the railway works (a project)."""
    text, rules = ctx.text, ctx.rules
    lines = rules.place.get("rail_lines", [])
    if not lines:
        return []
    out = []
    pat = re.compile(f"([\u4e00-\u9fff]{{2,6}}?(?:{'|'.join(map(re.escape, lines))}))([\u4e00-\u9fff]{{2,6}}?站)(?!站前|前)")
    for m in pat.finditer(text):
        a = m.start()
        if not _at_boundary(text, a, rules) or not starts_with_boundary(text, m.end(), rules, ("货场",)):
            continue
        line, st = m.group(1), m.group(2)
        if is_generic(line[:2], rules):
            continue
        out.append(Candidate(m.start(2), m.end(2), st, "Place", "Landmark", "station", P_PLACE,
                             aliases=(view_name(text, a, m.end()),)))
        out.append(Candidate(a, m.start(2), line, "Project", "", "line-of-station", P_STRONG + 3))
    return out


def ports(ctx: Ctx) -> list[Candidate]:
    """Ports named after a division (X港 with X a division or its short form, where a word starts)."""
    text, rules = ctx.text, ctx.rules
    shorts = list(ctx.short) + list(ctx.others) + [n for n in ctx.divisions if len(n) >= 2]
    if not shorts:
        return []
    out = []
    for m in re.finditer(f"(?:{'|'.join(map(re.escape, sorted(shorts, key=len, reverse=True)))})港(?![澳口区台])",
                         text):
        if _at_boundary(text, m.start(), rules) or text[m.start() - 1] in "至":
            out.append(Candidate(m.start(), m.end(), m.group(0), "Place", "Landmark", "port", P_PLACE))
    return out


def bracketed(ctx: Ctx) -> list[Candidate]:
    """Names that write a partner or a host in brackets or after a dash (中国（X）自由贸易试验区Y片区,
    中国—Y博览会, 中国—Y（X）Z产业园, 第N届中国（X）国际Y博览会): the whole name, to the last
    name ending that a boundary follows, typed by that ending; a park that is being opened is a project."""
    from .names import _ending_at

    text, rules = ctx.text, ctx.rules
    status = tuple(rules.status_words)
    out = []
    for m in re.finditer(r"中国(—[\u4e00-\u9fff]{2,6}?)?(（[\u4e00-\u9fff]{2,6}）)?", text):
        if not (m.group(1) or m.group(2)):
            continue
        a, j = m.start(), m.end()
        k = j
        while k < len(text) and k - j < 20 and "\u4e00" <= text[k] <= "\u9fff":
            k += 1
        for e in range(k, j - (0 if m.group(2) else 3), -1):
            ending = _ending_at(text, e, rules)
            if ending is None or e - len(ending) < j - 3:
                continue
            rule = rules.endings[ending]
            follow = status + tuple(rules.event.get("follow", []) if rule.type == "Event" else ())
            if not starts_with_boundary(text, e, rules, follow):
                continue
            typ, sub = rule.type, rule.subtype
            if typ == "Place" and not rule.strong and text.startswith(status, e):
                typ, sub = "Project", ""
            ed = re.search(r"第\s*[\d一二三四五六七八九十]+\s*届\s*$", text[max(0, a - 8):a])
            aliases = (view_name(text, a - len(ed.group(0)), e),) if ed else ()
            out.append(Candidate(a, e, view_name(text, a, e), typ, sub, "bracketed-name", P_STRONG + 3,
                                 aliases=aliases, strong=True))
            break
    return out


def places(ctx: Ctx) -> list[Candidate]:
    return countries(ctx) + country_abbreviations(ctx) + features(ctx) + roads(ctx) + stations(ctx) + ports(ctx) \
        + bracketed(ctx)
