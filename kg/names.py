"""Recognising names by their endings and by the gazetteer: divisions, agencies, meetings and the
names whose last word says what they are (…片区, …集团, …峰会, …保卫战).

Every recogniser reads the normalised view and returns :class:`Candidate`\\ s with view offsets;
:mod:`kg.merge` resolves overlaps and groups them into entities. Nothing here names a place of
any one report: endings, boundary words and cue words come from ``data/lexicon/entities.toml``,
divisions from ``data/gazetteer/``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .entity_rules import EntityRules
from .spans import (
    boundary_ending_at,
    is_cjk,
    is_generic,
    is_name_char,
    run_start,
    starts_with_boundary,
    trim_left,
)

CN_NUM = "一二三四五六七八九十百零〇两"
_DIVISION_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
                      "地区", "街道", "省", "市", "区", "县", "旗", "盟", "镇", "乡")

# priorities: which candidate wins when two cross or cover the same characters
P_DIVISION, P_AGENCY, P_AWARD, P_QUOTE, P_STRONG, P_LIST, P_WEAK, P_CONTEXT = 90, 85, 80, 72, 70, 60, 50, 40


@dataclass(frozen=True)
class Candidate:
    """A name found in the view: ``[start, end)`` view offsets, its type and the rule that fired."""

    start: int
    end: int
    name: str  # the name it is recorded under
    type: str
    subtype: str = ""
    rule: str = ""
    priority: int = 0
    aliases: tuple[str, ...] = ()  # other names of the same thing (bare quoted words …)
    key: str = ""  # merge key when it is not type + name (agencies by division and body)
    parent: tuple[int, int] | None = None  # view span of a containing place or superior body
    code: str = ""  # division code, from the gazetteer
    strong: bool = False


@dataclass(frozen=True)
class Area:
    """The report's own area and its superiors, as the gazetteer knows them."""

    area: object | None  # gazetteer Division of the report's area
    city: object | None
    province: object | None
    name: str  # meta.place
    own: object | None = None  # the area as a Division: the gazetteer's, else one made from its name (code '')


@dataclass(frozen=True)
class Ctx:
    text: str
    rules: EntityRules
    gazetteer: object | None
    area: Area
    divisions: dict = field(default_factory=dict)  # name -> Division (in context)
    short: dict = field(default_factory=dict)  # short form -> Division (area and superiors)
    others: dict = field(default_factory=dict)  # short form -> Division (other provinces, cities, counties)


def view_name(text: str, a: int, b: int) -> str:
    """The name as recorded: the view characters without line breaks."""
    return text[a:b].replace("\n", "")


def division_stem(name: str) -> str:
    for s in _DIVISION_SUFFIXES:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def short_form(name: str, rules: EntityRules) -> str:
    """The short form a division goes by: its name without the suffix, and an autonomous one's
    also without the peoples it is named for (X傣族佤族自治县 → X)."""
    stem = division_stem(name)
    if stem != name and name.endswith(("自治县", "自治州", "自治旗")):
        peoples = sorted(rules.place.get("ethnic_groups", []), key=len, reverse=True)
        moved = True
        while moved:
            moved = False
            for p in peoples:
                if stem.endswith(p) and len(stem) - len(p) >= 2:
                    stem = stem[: -len(p)]
                    moved = True
                    break
    return stem


# ------------------------------------------------------------------ context
def area_of(meta, gazetteer, text: str = "", partner_words: tuple[str, ...] = ()) -> Area:
    """The report's area and its city and province. An area the gazetteer does not know (a new
    or renamed district) still has a city and province: the ones its full name is written under
    (某市X区), else the prefecture the text names most — not counting sentences about partners
    (``partner_words``: 东西部协作 with a city of another province)."""
    div = None
    if gazetteer is not None and (meta.place_full or meta.place):
        div = gazetteer.resolve_full(meta.place_full or meta.place)
        if div is None and meta.place:
            div = gazetteer.resolve(meta.place, tuple(x for x in (meta.city, meta.province) if x))
        if div is not None and not _inside_written(div, meta, gazetteer):
            div = None  # a namesake elsewhere (a new district called like an old one in another city)
    city = prov = None
    if div is not None:
        city, prov = _superiors(div, gazetteer)
        if div.level == "prefecture":
            city = div
        if div.level == "province":
            prov = div
    elif gazetteer is not None and meta.place:
        sup = _written_superior(meta, gazetteer) or _named_city(_without_partners(text, partner_words), gazetteer)
        if sup is not None:
            city, prov = _superiors(sup, gazetteer)
            if sup.level == "prefecture":
                city = sup
            elif sup.level == "province":
                prov = sup
                if sup.name.endswith("市"):
                    city = sup  # a district of a municipality (直辖市): the municipality is its city
    own = div
    if own is None and meta.place:
        from .gazetteer import Division

        own = Division("", meta.place, "county", city.code if city is not None else "")
    return Area(div, city, prov, meta.place, own)


def _inside_written(div, meta, gazetteer) -> bool:
    """Does the division lie in the superiors its full name is written with (某市 of 某市X区)?"""
    sup = _written_superior(meta, gazetteer)
    return sup is None or sup.code in {a.code for a in gazetteer.ancestors(div.code)}


def _superiors(div, gazetteer):
    city = prov = None
    for a in gazetteer.ancestors(div.code):
        if a.level == "prefecture" and a.name not in ("市辖区", "县"):
            city = a
        elif a.level == "province":
            prov = a
    if city is None and prov is not None and prov.name.endswith("市"):
        city = prov  # a municipality (直辖市) is its districts' city
    return city, prov


def _written_superior(meta, gazetteer):
    """The division the area's full name or metadata puts it in (某市 of 某市X区)."""
    full = meta.place_full or ""
    head = full[: -len(meta.place)] if meta.place and full.endswith(meta.place) else ""
    for name in (head, meta.city, meta.province):
        if name:
            d = gazetteer.resolve_full(name)
            if d is not None and d.level in ("prefecture", "province"):
                return d
    return None


def _without_partners(text: str, words: tuple[str, ...]) -> str:
    """The text without its sentences about partner places (the cooperation words of the lexicon)."""
    if not words:
        return text
    return "".join(s for s in re.split(r"(?<=[。；！？\n])", text) if not any(w in s for w in words))


def _named_city(text: str, gazetteer):
    """The prefecture a report names most: by full name (X州市), else by its short form standing
    after a boundary (至商丘); None unless one is clearly first."""
    if not text:
        return None
    prefectures = [d for d in gazetteer.divisions.values() if d.level == "prefecture" and d.name not in ("市辖区", "县")
                   and len(gazetteer.by_name.get(d.name, ())) == 1]
    for forms in ((lambda d: (d.name,)), (lambda d: (division_stem(d.name),) if division_stem(d.name) != d.name
                                          and len(division_stem(d.name)) >= 2 else ())):
        counts = {}
        for d in prefectures:
            n = sum(text.count(f) for f in forms(d))
            if n:
                counts[d.code] = n
        if counts:
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                return gazetteer.divisions[ranked[0][0]]
            return None
    return None


def division_context(area: Area, gazetteer, rules: EntityRules) -> tuple[dict, dict]:
    """Division names that may be read in this report, each resolved in context: provinces and
    prefectures everywhere, counties of the report's province, townships of its county. A name
    that stays ambiguous there is left out: a wrong code is worse than none."""
    if gazetteer is None:
        return {}, {}
    by_name: dict[str, list] = {}
    prov_code = area.province.code if area.province else ""
    county_code = area.area.code if area.area is not None and area.area.level == "county" else ""
    for d in gazetteer.divisions.values():
        if d.name == "市辖区" or d.name in rules.generic:
            continue
        if d.level in ("province", "prefecture") or d.level == "county" and prov_code and d.code[:2] == prov_code[:2] or d.level == "township" and county_code and d.parent == county_code:
            by_name.setdefault(d.name, []).append(d)
    names = {}
    for n, ds in by_name.items():
        if len(ds) == 1:
            names[n] = ds[0]
        elif area.city is not None:
            inside = [d for d in ds if d.code[:4] == area.city.code[:4]]
            if len(inside) == 1:
                names[n] = inside[0]
    if area.area is None and area.own is not None:
        names[area.own.name] = area.own  # a district the gazetteer does not know yet
    short = {}
    for d in (area.own, area.city, area.province):
        if d is not None:
            s = short_form(d.name, rules)
            if s != d.name and len(s) >= 2:
                short[s] = d
    return names, short


def other_short_forms(area: Area, gazetteer, rules: EntityRules, names: dict, short: dict) -> dict:
    """Short forms (深圳 of 深圳市, 山东 of 山东省) of the provinces and prefectures of the country and
    the counties of the report's province that no other division of those shares; read only as a
    word of their own (:func:`divisions`)."""
    if gazetteer is None:
        return {}
    prov = area.province.code[:2] if area.province is not None else ""
    by_stem: dict[str, list] = {}
    for d in gazetteer.divisions.values():
        if d.name in ("市辖区", "县"):
            continue
        if d.level in ("province", "prefecture") or d.level == "county" and prov and d.code[:2] == prov:
            st = short_form(d.name, rules)
            if st != d.name and 2 <= len(st) <= 4 and all(is_cjk(ch) for ch in st):
                by_stem.setdefault(st, []).append(d)
    return {st: ds[0] for st, ds in by_stem.items()
            if len(ds) == 1 and st not in names and st not in short and st not in rules.generic}


def _alternation(words) -> re.Pattern:
    ws = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ws)) if ws else re.compile(r"(?!)")


# ------------------------------------------------------------------ divisions
def divisions(ctx: Ctx) -> list[Candidate]:
    """Division names of the gazetteer (with their codes) and short forms of the report's area
    and its superiors (于都县 → also 于都). A province's or prefecture's full name, and the short
    forms of the report's own divisions, are read wherever they stand (inside X区Y市科创飞地); other short
    names only where a word may start (范县 inside 示范县 is no county). A name followed by the
    ending of a natural feature or a road (X湖, X大道) is part of that toponym, not the division."""
    out = []
    text = ctx.text
    pat = _alternation(list(ctx.divisions) + list(ctx.short))
    features = tuple(ctx.rules.place.get("feature_endings", []))
    waters = tuple(ctx.rules.place.get("water_endings", []))
    water_words = tuple(ctx.rules.place.get("water_context", []))
    pos = 0
    while True:
        m = pat.search(text, pos)
        if not m:
            break
        name = m.group(0)
        d = ctx.divisions.get(name) or ctx.short.get(name)
        anywhere = name in ctx.short or (name == d.name and len(name) >= 3 and (
            d.level in ("province", "prefecture") or not d.code))
        if not anywhere and len(name) <= 3 and not _division_may_start(text, m.start(), ctx):
            pos = m.start() + 1  # 范县 inside 示范县 is no county
            continue
        nxt = pat.match(text, m.end())
        if text.startswith(features, m.end()) and nxt is None \
                and not text.startswith(tuple(ctx.rules.place.get("not_water_words", [])), m.end()):
            pos = m.end()  # X湖 (a lake), X大道 (a road)
            continue
        if name in ctx.short and name.endswith(waters) and text.startswith(water_words, m.end()):
            pos = m.end()  # X湖水质: the lake the district is named after (kg.names.waters)
            continue
        out.append(Candidate(m.start(), m.end(), d.name, "Place", "AdministrativeDivision",
                             "gazetteer-division" if name in ctx.divisions else "gazetteer-short-form",
                             P_DIVISION, aliases=(name,) if name != d.name else (), code=d.code, strong=True))
        pos = m.end()
    out.extend(_child_divisions(ctx, out))
    out.extend(_abbreviation_runs(ctx))
    out.extend(_other_short_forms(ctx))
    return out


def _other_short_forms(ctx: Ctx) -> list[Candidate]:
    """Other divisions written short (赴A、B招商, “C模式”): a word of its own, a boundary on
    both sides (烟台山 is a hill, not 烟台)."""
    if not ctx.others:
        return []
    text, rules = ctx.text, ctx.rules
    after = tuple(rules.place.get("short_form_follow", []))
    out = []
    for m in _alternation(ctx.others).finditer(text):
        a, b = m.start(), m.end()
        if not (_division_may_start(text, a, ctx) or a > 0 and text[a - 1] in "驻赴往") \
                or not starts_with_boundary(text, b, rules, after):
            continue
        if text.startswith(tuple(rules.place.get("feature_endings", [])), b):
            continue
        d = ctx.others[m.group(0)]
        out.append(Candidate(a, b, d.name, "Place", "AdministrativeDivision", "gazetteer-other-short-form",
                             P_DIVISION - 1, aliases=(m.group(0),), code=d.code, strong=True))
    return out


def _child_divisions(ctx: Ctx, found: list[Candidate]) -> list[Candidate]:
    """A county written right after its province or city (a municipality and its district): resolved inside it."""
    g = ctx.gazetteer
    if g is None:
        return []
    taken = {c.start for c in found}
    counties: dict[str, list] = {}
    out = []
    for c in found:
        d = g.divisions.get(c.code) if c.code else None
        if d is None or d.level not in ("province", "prefecture") or c.end in taken:
            continue
        prefix = d.code[:2] if d.level == "province" else d.code[:4]
        if prefix not in counties:
            counties[prefix] = [x for x in g.divisions.values() if x.level == "county" and x.code.startswith(prefix)]
        inside = [x for x in counties[prefix] if ctx.text.startswith(x.name, c.end)]
        if len(inside) == 1:
            x = inside[0]
            out.append(Candidate(c.end, c.end + len(x.name), x.name, "Place", "AdministrativeDivision",
                                 "gazetteer-division", P_DIVISION, code=x.code, strong=True))
    return out


def _division_may_start(text: str, i: int, ctx: Ctx) -> bool:
    """A short division name starts a word: after punctuation, a function word or verb, or right
    after another division (福建省X市)."""
    if i == 0 or not is_cjk(text[i - 1]) or text[i - 1] in "省市区县州旗盟镇乡道":
        return True
    return _at_boundary(text, i, ctx.rules)


def _abbreviation_runs(ctx: Ctx) -> list[Candidate]:
    """Province abbreviations in a run of two or more between a motion verb and 等地 (赴京沪等地)."""
    g = ctx.gazetteer
    if g is None or not g.abbreviations:
        return []
    cfg = ctx.rules.place.get("abbreviation_runs", {})
    chars = "".join(sorted(g.abbreviations))
    pat = re.compile("(?:%s)([%s]{2,4})(?:%s)" % ("|".join(map(re.escape, cfg.get("before", []))), re.escape(chars),
                                                 "|".join(map(re.escape, cfg.get("after", [])))))
    out = []
    for m in pat.finditer(ctx.text):
        for i in range(m.start(1), m.end(1)):
            d = g.divisions.get(g.abbreviations[ctx.text[i]])
            if d is not None:
                out.append(Candidate(i, i + 1, d.name, "Place", "AdministrativeDivision", "province-abbreviation",
                                     P_DIVISION, aliases=(ctx.text[i],), code=d.code, strong=True))
    return out


# ------------------------------------------------------------------ agencies
def _level_division(ctx: Ctx, ch: str):
    what = ctx.rules.agency.get("levels", {}).get(ch)
    a = ctx.area
    if what == "area":
        return a.own if a.own is not None and a.own.name.endswith(ch) else None
    if what == "city":
        if a.own is not None and a.own.level == "county" and a.own.name.endswith(ch):
            return a.own  # a county-level city's 市委 is its own
        return a.city
    if what == "province":
        return a.province
    return None


def _division_of(ctx: Ctx, c: Candidate):
    """The Division a division candidate names (the report's own area when the gazetteer does
    not know it)."""
    if c.code:
        return ctx.gazetteer.divisions.get(c.code) if ctx.gazetteer else None
    own = ctx.area.own
    return own if own is not None and c.name == own.name else None


def _division_key(d, prefix: str) -> str:
    return (d.code or d.name) if d is not None else prefix


def _at_boundary(text: str, i: int, rules: EntityRules) -> bool:
    """Can a name start at ``i``: after punctuation, a function word or a verb."""
    if i == 0 or not is_name_char(text[i - 1], rules):
        return True
    from .spans import boundary_ending_at

    return boundary_ending_at(text, i, max(0, i - rules.max_boundary), i, rules)


def agencies(ctx: Ctx, division_cands: list[Candidate]) -> list[Candidate]:
    """Bodies named after a division or a bare level character (区委, 省商务厅, 赣州市于都县发展和改革局),
    and national bodies by name."""
    text, rules = ctx.text, ctx.rules
    cfg = rules.agency
    bodies = sorted(cfg.get("bodies", []), key=len, reverse=True)
    endings = tuple(cfg.get("endings", []))
    full_forms = cfg.get("full_forms", {})
    max_body = int(cfg.get("max_body", 10))
    ordinal = re.compile(rf"第?[{CN_NUM}\d]+届")
    out: list[Candidate] = []
    starts: list[tuple[int, int, object, str, bool]] = []  # (start, after-prefix, division, prefix, named)
    by_start = {c.start: c for c in division_cands if c.rule == "gazetteer-division"}
    used = set()
    for c in sorted(division_cands, key=lambda c: c.start):
        if c.rule != "gazetteer-division" or c.start in used:
            continue
        end, last, d = c.end, c, _division_of(ctx, c)
        while end in by_start:  # a chain 赣州市于都县
            last = by_start[end]
            used.add(end)
            end = last.end
            d = _division_of(ctx, last)
        starts.append((c.start, end, d, text[c.start:end], True))
    levels = cfg.get("levels", {})
    if levels:
        for m in _alternation(levels).finditer(text):
            i = m.start()
            if _at_boundary(text, i, rules) and (i == 0 or text[i - 1] not in "全各本该我"):
                starts.append((i, m.end(), _level_division(ctx, m.group(0)), m.group(0), False))
    not_levels = set(cfg.get("not_levels", []))
    office_endings = tuple(cfg.get("office_endings", []))
    org_endings = tuple(e for e, r in rules.endings.items() if r.type == "Organization" and r.strong)
    institutions = tuple(sorted(rules.organization.get("institutions", []), key=len, reverse=True))
    buildings = tuple(sorted(rules.organization.get("buildings", []), key=len, reverse=True))
    for s, p, d, prefix, named in starts:  # named: a division's name, not a level word (区, 自治区)
        q = p
        inst = _institution_at(text, q, institutions)
        if inst:
            out.extend(_institution(ctx, s, q + len(inst), buildings))
            # 县X馆、Y馆: the bodies listed after it share its level, and are named bare
            e = q + len(inst)
            while e < len(text) and text[e] == "、":
                nxt = next((i for i in institutions if text.startswith(i, e + 1)), "")
                if not nxt or not starts_with_boundary(text, e + 1 + len(nxt), rules, ("总分馆制",)):
                    break
                out.append(Candidate(e + 1, e + 1 + len(nxt), nxt, "Organization", "", "division-institution",
                                     P_AGENCY, parent=(s, p)))
                e += 1 + len(nxt)
            continue
        m = ordinal.match(text, q)
        if m:
            q = m.end()
        body = next((b for b in bodies if text.startswith(b, q)), None)
        if body is None and (named or text[s:q + 1] not in not_levels):
            # any short run ending in a body ending (省商务厅 → 商务厅, 县X治理中心); after a bare level
            # only the endings of offices (not 院, 所: X研究院 is an organisation)
            ends = endings if named else office_endings
            for k in range(max_body, 1, -1):
                seg = text[q:q + k]
                if len(seg) == k and all(is_cjk(c) for c in seg) and seg.endswith(ends) \
                        and starts_with_boundary(text, q + k, rules) and not is_generic(seg, rules) \
                        and not seg.endswith(org_endings):
                    body = seg
                    break
        if body is None:
            continue
        e = q + len(body)
        if body == "委" and text.startswith("员", e):  # 区委员… is not 区委
            continue
        # the full name: the division as written when a chain names it (某市X区人民代表大会)
        div_name = prefix if named else d.name if d is not None else prefix
        template = full_forms.get(body)
        surface = view_name(text, s, e)
        # a level the report does not resolve (区委 in a county's report) stays as written
        full = (template.format(div=div_name) if template else div_name + body) if d is not None else surface
        # one body of one division, however written (区人大, X区第N届人民代表大会)
        key = f"Agency:{_division_key(d, prefix)}:{template.format(div='') if template else body}"
        ordinal_written = m is not None
        name = surface if (named and not ordinal_written and d is not None) else full
        out.append(Candidate(s, e, name, "Agency", "", "division-body", P_AGENCY,
                             aliases=(surface,) if surface != name else (), key=key))
        # 区人大及其常委会: the standing committee of that congress
        if body in ("人大", "人民代表大会") and text.startswith("及其常委会", e):
            cs = e + 2
            sc_full = full_forms.get("常委会", "{div}人民代表大会常务委员会").format(div=div_name) \
                if d is not None else prefix + "人大常委会"
            short = prefix + "人大常委会" if not named else ""
            out.append(Candidate(cs, cs + 3, sc_full, "Agency", "", "standing-committee", P_AGENCY,
                                 aliases=tuple(x for x in ("常委会", short) if x),
                                 key=f"Agency:{_division_key(d, prefix)}:人民代表大会常务委员会", parent=(s, e)))
    # bodies of the central government in a city, named after it (X海关), and their offices in the
    # report's area (X海关Y办事处)
    vertical = tuple(cfg.get("vertical_bodies", []))
    offices = "|".join(map(re.escape, cfg.get("vertical_offices", []))) or "(?!)"
    for c in division_cands:
        if not c.rule.startswith("gazetteer") or not vertical:
            continue
        body = next((b for b in vertical if text.startswith(b, c.end)), "")
        if not body:
            continue
        e = c.end + len(body)
        out.append(Candidate(c.start, e, view_name(text, c.start, e), "Agency", "", "vertical-body", P_AGENCY))
        om = re.match(rf"[\u4e00-\u9fff]{{2,4}}?(?:{offices})", text[e:e + 8])
        if om:
            out.append(Candidate(c.start, e + om.end(), view_name(text, c.start, e + om.end()), "Agency", "",
                                 "vertical-office", P_AGENCY, parent=(c.start, e)))
    nat = cfg.get("national", {}).get("names", [])
    if nat:
        pat = _alternation(nat)
        for m in pat.finditer(text):
            if _at_boundary(text, m.start(), rules):
                out.append(Candidate(m.start(), m.end(), m.group(0), "Agency", "", "national-body", P_AGENCY,
                                     key=f"Agency:national:{m.group(0)}"))
    return out


def _institution_at(text: str, q: int, institutions: tuple[str, ...]) -> str:
    """The institution word at ``q`` (人民医院, 第二人民医院, 实验学校), or ''."""
    m = re.match(rf"第[{CN_NUM}]{{1,3}}", text[q:q + 4])
    k = q + (m.end() if m else 0)
    w = next((i for i in institutions if text.startswith(i, k)), "")
    return text[q:k] + w if w else ""


def _institution(ctx: Ctx, s: int, e: int, buildings: tuple[str, ...]) -> list[Candidate]:
    """A public hospital or school named after its division (an organisation, named as written),
    and its new building or campus right after it (a project)."""
    text = ctx.text
    out = [Candidate(s, e, view_name(text, s, e), "Organization", "", "division-institution", P_AGENCY)]
    b = next((w for w in buildings if text.startswith(w, e)), "")
    if b:
        out.append(Candidate(s, e + len(b), view_name(text, s, e + len(b)), "Project", "", "institution-building",
                             P_AGENCY))
    return out


# ------------------------------------------------------------------ meetings
def meetings(ctx: Ctx, division_cands: list[Candidate]) -> list[Candidate]:
    """Sessions of people's congresses and CPPCC committees (第十八届人民代表大会第二次会议, 区N届人大
    二次会议 — a running header may split it), and congresses of the Party (党的…大, by its number)."""
    text = ctx.text
    nl = r"\n?"
    pat = re.compile(
        rf"(第?)([{CN_NUM}]+){nl}届{nl}(人民代表大会|人大|政协|委员会){nl}(常务委员会|常委会)?{nl}(第?)([{CN_NUM}]+){nl}次"
        rf"{nl}(全体)?{nl}会{nl}议")
    by_end = {}
    for c in division_cands:
        if c.rule == "gazetteer-division":
            by_end[c.end] = c
    out = []
    for m in pat.finditer(text):
        s = m.start()
        d = None
        if s in by_end:
            c = by_end[s]
            s0 = c.start
            while s0 in by_end:  # 赣州市于都县…
                s0 = by_end[s0].start
            s = s0
            d = _division_of(ctx, c)
        else:
            lv = next((x for x in sorted(ctx.rules.agency.get("levels", {}), key=len, reverse=True)
                       if text.endswith(x, 0, s)), "")
            if lv:
                s -= len(lv)
                d = _level_division(ctx, lv)
        body = {"人大": "人民代表大会"}.get(m.group(3), m.group(3))
        sc = "常务委员会" if m.group(4) else ""
        div = d.name if d is not None else ""
        full = f"{div}第{m.group(2)}届{body}{sc}第{m.group(6)}次会议"
        surface = view_name(text, s, m.end())
        name = surface if (s < m.start() - 1 and d is not None) else full
        out.append(Candidate(s, m.end(), name, "Event", "Meeting", "meeting", P_AGENCY,
                             aliases=(surface,) if surface != name else (),
                             key=f"Event:meeting:{_division_key(d, '')}:{m.group(2)}:{body}{sc}:{m.group(6)}"))
    for m in re.finditer(rf"党的([{CN_NUM}]+)大", text):
        out.append(Candidate(m.start(), m.end(), m.group(0), "Event", "", "party-congress", P_AGENCY))
    # plenary sessions of the Central Committee: 党的N届M中全会, N届M中、K中全会 (one each)
    for m in re.finditer(rf"(党的)?([{CN_NUM}]+)届((?:[{CN_NUM}]+中、)*)([{CN_NUM}]+)中全会", text):
        term, s, pos = m.group(2), m.start(), m.start(3)
        for part in filter(None, m.group(3).split("、")):
            e = pos + len(part)
            out.append(Candidate(s, e, f"党的{term}届{part}全会", "Event", "", "plenary", P_AGENCY,
                                 aliases=(view_name(text, s, e),)))
            s = pos = e + 1
        name = f"党的{term}届{m.group(4)}中全会"
        surface = view_name(text, s, m.end())
        out.append(Candidate(s, m.end(), name, "Event", "", "plenary", P_AGENCY,
                             aliases=(surface,) if surface != name else ()))
        if m.group(3):  # N届M中、K中全会 written together: a name of the plenums, given to the first
            first = m.start(2) - 2 if m.group(1) else m.start(2)
            out.append(Candidate(first, m.end(), f"党的{term}届{m.group(3).split('、')[0]}全会", "Event", "",
                                 "plenary", P_AGENCY, aliases=(view_name(text, m.start(2), m.end()),)))
    # plenary sessions of a local Party committee: 市委N届M次全会, 区委N届M次全体会议
    levels = sorted(ctx.rules.agency.get("levels", {}), key=len, reverse=True)
    if levels:
        pat = rf"(?:{'|'.join(map(re.escape, levels))})委(?:第)?[{CN_NUM}]+届(?:第)?[{CN_NUM}]+次(?:全会|全体(?:\n)?会议)"
        for m in re.finditer(pat, text):
            if _at_boundary(text, m.start(), ctx.rules) or text[m.start() - 1] in "和及、":
                out.append(Candidate(m.start(), m.end(), view_name(text, m.start(), m.end()), "Event", "Meeting",
                                     "party-plenum", P_AGENCY))
    # the congresses of a province's merchants, by its abbreviation (X商大会 with X a province's one character)
    abbr = "".join(sorted(ctx.gazetteer.abbreviations)) if ctx.gazetteer is not None else ""
    if abbr:
        for m in re.finditer(rf"[{re.escape(abbr)}]商大会", text):
            out.append(Candidate(m.start(), m.end(), m.group(0), "Event", "", "merchants-congress", P_STRONG))
    census = ctx.rules.event.get("census", "")
    if census:
        for m in re.finditer(census, text):
            out.append(Candidate(m.start(), m.end(), m.group(0), "Event", "", "census", P_AGENCY))
    known = ctx.rules.event.get("known", [])
    if known:
        for m in _alternation(known).finditer(text):
            out.append(Candidate(m.start(), m.end(), m.group(0), "Event", "", "known-meeting", P_AGENCY))
    return out


# ------------------------------------------------------------------ names by their endings
def _ending_at(text: str, e: int, rules: EntityRules) -> str | None:
    for k in range(min(rules.max_ending, e), 0, -1):
        w = text[e - k:e]
        if w in rules.endings:
            return w
    return None


def _has_marker(text: str, a: int, rules: EntityRules) -> bool:
    markers = rules.award.get("markers", [])
    return any(text.startswith(mk, a) for mk in markers)


def suffix_names(ctx: Ctx, divisions_found: list[Candidate] = ()) -> list[Candidate]:
    """Names recognised by their last word (the endings of the lexicon's suffix rules)."""
    text, rules = ctx.text, ctx.rules
    triggers = tuple(rules.award.get("triggers", []))
    positions = tuple(ctx.rules.place.get("positions", []))
    strong_designations = tuple(rules.award.get("strong_designations", []))
    phases = tuple(rules.place.get("phase_words", []))
    parts = "|".join(map(re.escape, rules.event.get("part_words", []))) or "(?!)"
    event_part = re.compile(rf"[\u4e00-\u9fff]{{0,3}}?(?:{parts})")
    out = []
    for e in range(1, len(text) + 1):
        ending = _ending_at(text, e, rules)
        if ending is None:
            continue
        rule = rules.endings[ending]
        stem_end = e - len(ending)
        if _continues(text, stem_end, e, rules, rule):
            continue
        end = e
        # a designator after the ending is part of the name (片区2, 项目E)
        m = re.match(r"[0-9A-Z]{1,2}(?=[、等，。；\s]|$)", text[e:e + 3])
        if m and rule.type == "Place":
            end = e + m.end()
        if rule.right_bound and not starts_with_boundary(text, end, rules, positions) \
                and not _coordinated_with(text, stem_end, ending, rules) \
                and not (rule.type == "Event" and (event_part.match(text, end)
                                                   or text.startswith(tuple(rules.event.get("follow", [])), end))):
            continue
        if rule.not_before and text.startswith(rule.not_before, end):
            continue
        if any(stem_end >= k and text[stem_end - k:e] in rules.generic for k in (1, 2, 3)):
            continue  # the ending is the end of a common word (道路, 断头路, 集成电路)
        rs = run_start(text, stem_end, 24, rules)
        a = trim_left(text, rs, stem_end, end, rules, words_only=rule.subtype == "LandParcel")
        lead = next((w for w in rules.place.get("verbs_before_places", []) if text.startswith(w, a)), "")
        if lead and any(text.startswith(d, a + len(lead)) for d in list(ctx.divisions) + list(ctx.short)):
            a += len(lead)  # 服务X省自由贸易港建设: the verb before the place is not part of its name
        stem = text[a:stem_end]
        if re.fullmatch(rf"[\d{CN_NUM}]+(?:余|多)?[个宗块处片批项家]", stem):
            continue  # 12宗地块: a count of them
        if re.match(r"全[区县市省旗州盟]", stem) or re.search(r"\d+(?:余|多)?[个宗块处片批项家所座条]", stem):
            continue  # 全县X级景区, 全县9个乡: all of a kind, or a count of them
        lv = _level_inside(stem, rules)
        if lv and rule.type in ("Place", "Organization", "Project"):
            continue  # X乡省级Y产业园: a place and the title it was given, not one name
        if len(stem) < rule.min_stem and not (rule.letter_stem_ok and re.fullmatch(r"[A-Z]", stem)):
            if not (stem == "" and ending in ctx.rules.place.get("standalone", [])):
                continue
        if rule.gazetteer_only:
            continue
        if rule.marker:
            # a title led by its level or province keeps the words a boundary list would cut (X省县域经济
            # 高质量发展先进县: 高质量 is inside the title)
            prov = ctx.area.province.name if ctx.area.province is not None else ""
            leads = [x for x in (rules.award.get("markers", []) + ([prov] if prov else [])) if x]
            starts = [i for i in range(rs, a) if text.startswith(tuple(leads), i)
                      and (i == rs or boundary_ending_at(text, i, rs, stem_end, rules))
                      and not any(ch in rules.boundary_chars for ch in text[i:a])]
            if starts and not _has_marker(text, a, rules):
                a = starts[-1]
                stem = text[a:stem_end]
            trig_before = any(text.endswith(t, 0, a) for t in triggers)
            # 建成X示范村6个: a verb of creating with a count after the designation confers it
            counted = any(text.endswith(t, 0, a) for t in rules.award.get("counted_conferring", [])) \
                and re.match(r"\d+(?:余|多)?[个家所处]", text[end:end + 6])
            if not (_has_marker(text, a, rules) or trig_before or counted or ending in strong_designations
                    or prov and text.startswith(prov, a)):
                continue
        if (rule.proper_stem or not rule.strong) and not rule.common_stem_ok and is_generic(stem, rules):
            continue
        if rule.strong and rule.subtype in ("Community", "Village", "Road") and is_generic(stem, rules):
            continue
        if stem and stem in rules.generic and rule.type not in ("Program", "Event", "Award") \
                and not rule.common_stem_ok:
            continue
        ed = re.match(rf"第[{CN_NUM}\d]+届", stem) if rule.type == "Event" else None
        if ed and (len(stem) - ed.end() < rule.min_stem or starts_with_boundary(text, end, rules)):
            continue  # read with its edition by kg.quoted.editions
        if ed:
            a += ed.end()  # 第N届X博会溢出效应: the fair, its edition aside
            stem = text[a:stem_end]
        if _in_quote(text, a, end) or (a > 0 and text[a - 1] == "”" and rule.type != "Place"):
            continue  # a part of a quoted name is not a name of its own; nor is the head after a quote
        if rule.type == "Program" and a > 1 and text[a - 1] == "、":
            if ending.endswith("战"):
                continue  # 打好A、B、C保卫战: the battles of a figure of speech, not a programme's name
            a = _shared_head_start(text, a, rules)  # 水稻、大豆X提升行动: one programme
        typ, sub = rule.type, rule.subtype
        year = re.match(r"\d{4}年?(?=[\u4e00-\u9fff])", stem) if typ == "Event" else None
        if year and len(stem) - year.end() >= rule.min_stem:
            # 2025世界X大会: the event, its year aside
            out.append(Candidate(a + year.end(), end, view_name(text, a + year.end(), end), typ, sub,
                                 f"ending:{ending}", P_STRONG, aliases=(view_name(text, a, end),), strong=True))
            continue
        if typ == "Project" and ending in phases:
            # a phase of a park or a square (X公园二期) is part of that place
            r2 = _landmark_ending(stem, rules)
            if r2 is not None:
                typ, sub = r2.type, r2.subtype
        if typ == "Program" and ending == "战略" and stem in rules.program.get("known", []):
            continue  # X协同发展战略 with X协同发展 a national strategy known by name: read as that one
        # a strategy named by its slogan (工业强X战略, 旅游兴X战略): the slogan is a name of it too
        slogan = rules.program.get("strategy_slogan", "")
        al = (stem,) if typ == "Program" and ending == "战略" and slogan and re.fullmatch(slogan, stem) else ()
        out.append(Candidate(a, end, view_name(text, a, end), typ, sub, f"ending:{ending}",
                             P_STRONG if rule.strong else P_WEAK, strong=rule.strong, aliases=al))
    out = _split_chains(out, positions, list(divisions_found))
    keep = []
    peoples = tuple(rules.place.get("ethnic_groups", []))
    for c in out:
        rule = rules.endings[c.rule.split(":", 1)[1]]
        # an ethnic township is named for its people too (X满族乡, X蒙古族乡)
        extra = 3 if rule.subtype == "AdministrativeDivision" and c.name[:-1].endswith(peoples) else 0
        if c.end - c.start <= rule.max_len + extra:
            keep.append(c)
    return keep


def _level_inside(stem: str, rules: EntityRules) -> str:
    """A level marker standing inside a stem right after a township or village (X乡省级…), if any."""
    for mk in rules.award.get("level_markers", []):
        if len(mk) >= 2 and mk.endswith("级"):
            i = stem.find(mk, 2)
            if i >= 2 and stem[i - 1] in "乡镇村":
                return mk
    return ""


def _coordinated_with(text: str, stem_end: int, ending: str, rules: EntityRules) -> bool:
    """Is the name ending at ``stem_end + len(ending)`` the last of items joined by 、 that end alike
    (A镇、B镇乡村旅游: B镇 is a town like A镇, whatever follows it)?"""
    a = trim_left(text, run_start(text, stem_end, 8, rules), stem_end, stem_end, rules)
    return a >= 2 and text[a - 1] == "、" and text.endswith(ending, 0, a - 1) and 2 <= stem_end - a <= 4


def _shared_head_start(text: str, a: int, rules: EntityRules) -> int:
    """Start of short items joined by 、 that share the head of the name starting at ``a``."""
    while a > 1 and text[a - 1] == "、":
        s = trim_left(text, run_start(text, a - 1, 4, rules), a - 1, a - 1, rules)
        if not 1 <= a - 1 - s <= 3:
            break
        a = s
    return a


def _landmark_ending(stem: str, rules: EntityRules):
    for k in range(min(rules.max_ending, len(stem) - 2), 1, -1):
        r = rules.endings.get(stem[-k:])
        if r is not None:
            return r if r.type == "Place" and r.subtype == "Landmark" else None
    return None


def _continues(text: str, s: int, e: int, rules: EntityRules, rule) -> bool:
    """Does the name go on past this ending: a longer ending starts where it starts (工业园|区 of
    工业园区), or another ending of the same kind follows it (新城|片区)?"""
    for k in range(rules.max_ending, e - s, -1):
        if text[s:s + k] in rules.endings:
            return True
    if any(text[e:e + k] in rules.generic for k in (2, 3)):
        return False  # X镇乡村旅游: a common word follows, not another ending
    for k in range(rules.max_ending, 0, -1):
        nxt = rules.endings.get(text[e:e + k])
        if nxt is not None and nxt.type == rule.type and nxt.subtype == rule.subtype:
            return True
    return False


def _inside_quote(text: str, a: int, b: int) -> bool:
    """Does ``[a, b)`` lie inside a “…” quote without being all of it?"""
    o = text.rfind("“", 0, a + 1)
    if o < 0 or text.rfind("”", 0, a) > o:
        return False
    c = text.find("”", b - 1 if b > 0 else 0)
    if c < 0 or "“" in text[b:c] or "\n" in text[o:c]:
        return False
    return not (a == o + 1 and b == c)


def _in_quote(text: str, a: int, b: int) -> bool:
    """Does ``[a, b)`` lie inside a “…” quote (all of it or a part)? Quoted names are read by
    :mod:`kg.quoted`, which types them by their words and context."""
    o = text.rfind("“", 0, a)
    if o < 0 or text.rfind("”", 0, a) > o:
        return False
    c = text.find("”", a)
    return c >= b - 0 and "\n" not in text[o:c] and "“" not in text[b:c]


def _split_chains(cands: list[Candidate], positions: tuple[str, ...], divisions_found=()) -> list[Candidate]:
    """A place name that starts with a zone or division (X片区Y花园, X工业区Y片区E地块) is cut after
    it; the outer place is recorded as its parent."""
    zones = [c for c in list(cands) + [d for d in divisions_found if d.rule == "gazetteer-division"]
             if c.type == "Place" and c.subtype in ("DevelopmentZone", "AdministrativeDivision")]
    out = []
    for c in cands:
        if c.type != "Place":
            out.append(c)
            continue
        ending = c.rule.split(":", 1)[-1]
        best = None
        for d in sorted((d for d in zones if d is not c and c.start <= d.start and d.end < c.end),
                        key=lambda d: -d.end):
            rest = c.name[d.end - c.start:]
            core = re.sub(r"[A-Z0-9]{1,2}$", "", rest)
            core = core.removesuffix(ending)
            # a letter or a code (E, C-07) names a parcel only with its zone
            if len(core) >= 2 and re.search(r"[\u4e00-\u9fff]", core.removesuffix("号")) and not rest.startswith(positions):
                best = d
                break
        if best is None:
            out.append(c)
            continue
        out.append(Candidate(best.end, c.end, c.name[best.end - c.start:], c.type, c.subtype, c.rule, c.priority,
                             parent=(best.start, best.end), strong=c.strong))
    return out


# ------------------------------------------------------------------ places by their context
def context_places(ctx: Ctx) -> list[Candidate]:
    """Places told by the words around them: X周边, X（绿道）, the local 自贸区 standing alone."""
    text, rules = ctx.text, ctx.rules
    cfg = rules.place
    out = []
    for w in cfg.get("standalone", []):
        for m in re.finditer(re.escape(w), text):
            if _at_boundary(text, m.start(), rules):
                out.append(Candidate(m.start(), m.end(), w, "Place", "DevelopmentZone", "standalone-zone", P_CONTEXT))
    for w in ("周边",):
        for m in re.finditer(w, text):
            s = trim_left(text, run_start(text, m.start(), 8, rules), m.start(), m.start(), rules)
            stem = text[s:m.start()]
            if 2 <= len(stem) <= 6 and not is_generic(stem, rules):
                out.append(Candidate(s, m.start(), stem, "Place", "", "place-before-position", P_CONTEXT))
    # a name followed by its kind in brackets: X道（绿道）
    kinds = "|".join(map(re.escape, cfg.get("bracket_kinds", [])))
    if kinds:
        for m in re.finditer(rf"（(?:{kinds})）", text):
            e = m.start()
            s = trim_left(text, run_start(text, e, 8, rules), e, e, rules)
            stem = text[s:e]
            if 2 <= len(stem) <= 8 and not is_generic(stem, rules):
                out.append(Candidate(s, e, stem, "Place", "Landmark", "place-with-kind", P_CONTEXT))
    return out


def waters(ctx: Ctx) -> list[Candidate]:
    """Lakes and rivers: one named after the report's area or city (X湖, X溪 with X a short name
    of the area), the area's own short name where it stands for its water (X湖区's X湖 before 水质),
    and a short name before a water ending and a word about water (X江出境断面)."""
    text, rules = ctx.text, ctx.rules
    ends = tuple(sorted(rules.place.get("water_endings", []), key=len, reverse=True))
    context = tuple(rules.place.get("water_context", []))
    if not ends:
        return []
    out = []
    own = [s for s, d in ctx.short.items() if d is not None and d.level in ("county", "prefecture")]
    for stem in own:
        for m in re.finditer(re.escape(stem), text):
            e = m.end()
            w = next((x for x in ends if text.startswith(x, e)), "")
            if w and not stem.endswith(ends) and not any(text.startswith(d, e) for d in list(ctx.short) + list(ctx.divisions)) \
                    and not text.startswith(tuple(rules.place.get("not_water_words", [])), e):
                out.append(Candidate(m.start(), e + len(w), stem + w, "Place", "Waterbody", "water-of-area", P_DIVISION))
            elif stem.endswith(ends) and text.startswith(context, e):
                out.append(Candidate(m.start(), e, stem, "Place", "Waterbody", "water-of-area", P_DIVISION + 1))
    ends_alt, context_alt = "|".join(map(re.escape, ends)), "|".join(map(re.escape, context))
    for m in re.finditer(f"([\u4e00-\u9fff]{{1,2}})({ends_alt})(?={context_alt})", text):
        if _at_boundary(text, m.start(), rules) and not is_generic(m.group(1), rules):
            out.append(Candidate(m.start(), m.end(), m.group(0), "Place", "Waterbody", "water-by-context", P_STRONG))
    return out


def place_lists(ctx: Ctx) -> list[Candidate]:
    """Short names of counties or prefectures listed as partners (与A、B两地共建): each item that is
    the short form of exactly one county of the report's province, or of one prefecture."""
    g = ctx.gazetteer
    after = ctx.rules.place.get("place_list_after", [])
    if g is None or not after:
        return []
    prov = ctx.area.province.code[:2] if ctx.area.province is not None else ""
    out = []
    after_alt = "|".join(map(re.escape, after))
    pat = re.compile(f"((?:[\u4e00-\u9fff]{{2,4}}、)+[\u4e00-\u9fff]{{2,4}})(?:{after_alt})")
    matches = list(pat.finditer(ctx.text))
    if not matches:
        return []
    by_stem: dict[str, list] = {}
    for d in g.divisions.values():
        if d.level == "prefecture" or d.level == "county" and prov and d.code.startswith(prov):
            st = division_stem(d.name)
            if st != d.name:
                by_stem.setdefault(st, []).append(d)
    for m in matches:
        pos = m.start(1)
        for item in m.group(1).split("、"):
            s = pos
            pos += len(item) + 1
            for k in range(len(item), 1, -1):  # the item may follow a verb or 与 (与A、B)
                stem = item[-k:]
                found = by_stem.get(stem, [])
                if len(found) == 1:
                    d = found[0]
                    out.append(Candidate(s + len(item) - k, s + len(item), d.name, "Place", "AdministrativeDivision",
                                         "division-in-list", P_DIVISION, aliases=(stem,), code=d.code, strong=True))
                    break
    return out


def regions(ctx: Ctx) -> list[Candidate]:
    """Regions of the national regional strategies (a delta, a bay area, the east of a province), wherever they stand."""
    words = ctx.rules.place.get("regions", [])
    if not words:
        return []
    not_before = tuple(ctx.rules.place.get("region_not_before", []))
    return [Candidate(m.start(), m.end(), m.group(0), "Place", "Region", "known-region", P_STRONG)
            for m in _alternation(words).finditer(ctx.text) if not ctx.text.startswith(not_before, m.end())]


def town_waters(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """Rivers and lakes named after a town or township of the report (X乡 → X河, X镇 → X湖): the
    stem of the division, a water ending and a boundary after it."""
    text, rules = ctx.text, ctx.rules
    ends = tuple(sorted(rules.place.get("water_endings", []), key=len, reverse=True))
    stems = {c.name[:-1] for c in cands if c.type == "Place" and c.subtype == "AdministrativeDivision"
             and c.name.endswith(("镇", "乡")) and len(c.name) >= 3}
    out = []
    for stem in stems:
        for m in re.finditer(re.escape(stem), text):
            e = m.end()
            w = next((x for x in ends if text.startswith(x, e)), "")
            if w and len(w) == 1 and _at_boundary(text, m.start(), rules) and not text.startswith(("区", "县", "市"), e + 1):
                out.append(Candidate(m.start(), e + len(w), stem + w, "Place", "Waterbody", "water-of-town", P_STRONG))
    return out


def phase_places(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """The place a phase or a renewal is named after (X二期, X村旧改): X ends in a place ending."""
    endings = tuple(ctx.rules.place.get("toponym_endings", []))
    phases = tuple(ctx.rules.place.get("phase_words", []))
    out = []
    for c in cands:
        if c.type == "Place":
            continue  # X公园二期 is a place itself
        for ph in phases:
            if c.name.endswith(ph):
                stem = c.name[: -len(ph)]
                if len(stem) >= 3 and stem.endswith(endings):
                    out.append(Candidate(c.start, c.start + len(stem), stem, "Place", "", "place-of-phase", P_CONTEXT))
    return out


def parcel_parts(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """The places a parcel's name is made of (X片Y园C地块: X片, Y园), each inside the one before."""
    out = []
    tok = re.compile(r"[\u4e00-\u9fff]{2,}?(?:片区|园区|片|园)")
    for c in cands:
        if c.type != "Place" or c.subtype != "LandParcel":
            continue
        m = re.match(r"^(.+?)[A-Z]?地块$", c.name)
        if not m or not m.group(1).endswith(("片", "园", "片区", "园区")):
            continue
        q = m.group(1)
        parts = _split_parts(q, tok)
        if not parts:
            continue
        pos = c.start
        parent = c.parent
        for p in parts:
            span = (pos, pos + len(p))
            if not ctx.text.startswith(p, pos):
                break
            out.append(Candidate(span[0], span[1], p, "Place", "DevelopmentZone", "parcel-part", P_CONTEXT,
                                 parent=parent))
            parent = span
            pos = span[1]
    return out


def _split_parts(q: str, tok: re.Pattern) -> list[str]:
    """Split ``q`` into the most parts that each end in a zone word (浦上片|台江园)."""
    best: dict[int, list[str]] = {0: []}
    for i in range(len(q)):
        if i not in best:
            continue
        for j in range(i + 3, len(q) + 1):
            part = q[i:j]
            if tok.fullmatch(part) and (j not in best or len(best[j]) < len(best[i]) + 1):
                best[j] = best[i] + [part]
    return best.get(len(q), [])
