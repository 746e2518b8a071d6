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
from .spans import is_cjk, is_generic, is_name_char, run_start, starts_with_boundary, trim_left

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


@dataclass(frozen=True)
class Ctx:
    text: str
    rules: EntityRules
    gazetteer: object | None
    area: Area
    divisions: dict = field(default_factory=dict)  # name -> Division (in context)
    short: dict = field(default_factory=dict)  # short form -> Division (area and superiors)


def view_name(text: str, a: int, b: int) -> str:
    """The name as recorded: the view characters without line breaks."""
    return text[a:b].replace("\n", "")


def division_stem(name: str) -> str:
    for s in _DIVISION_SUFFIXES:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


# ------------------------------------------------------------------ context
def area_of(meta, gazetteer) -> Area:
    div = None
    if gazetteer is not None and (meta.place_full or meta.place):
        div = gazetteer.resolve_full(meta.place_full or meta.place)
        if div is None and meta.place:
            div = gazetteer.resolve(meta.place, tuple(x for x in (meta.city, meta.province) if x))
    city = prov = None
    if div is not None:
        for a in gazetteer.ancestors(div.code):
            if a.level == "prefecture" and a.name not in ("市辖区", "县"):
                city = a
            elif a.level == "province":
                prov = a
        if city is None and prov is not None and prov.name.endswith("市"):
            city = prov  # a municipality (直辖市) is its districts' city
        if div.level == "prefecture":
            city = div
        if div.level == "province":
            prov = div
    return Area(div, city, prov, meta.place)


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
    short = {}
    for d in (area.area, area.city, area.province):
        if d is not None:
            s = division_stem(d.name)
            if s != d.name and len(s) >= 2:
                short[s] = d
    return names, short


def _alternation(words) -> re.Pattern:
    ws = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ws)) if ws else re.compile(r"(?!)")


# ------------------------------------------------------------------ divisions
def divisions(ctx: Ctx) -> list[Candidate]:
    """Division names of the gazetteer (with their codes) and short forms of the report's area
    and its superiors (于都县 → also 于都)."""
    out = []
    text = ctx.text
    pat = _alternation(list(ctx.divisions) + list(ctx.short))
    pos = 0
    while True:
        m = pat.search(text, pos)
        if not m:
            break
        name = m.group(0)
        d = ctx.divisions.get(name) or ctx.short.get(name)
        if len(name) <= 3 and not _division_may_start(text, m.start(), ctx):
            pos = m.start() + 1  # 范县 inside 示范县 is no county
            continue
        out.append(Candidate(m.start(), m.end(), d.name, "Place", "AdministrativeDivision",
                             "gazetteer-division" if name in ctx.divisions else "gazetteer-short-form",
                             P_DIVISION, aliases=(name,) if name != d.name else (), code=d.code, strong=True))
        pos = m.end()
    out.extend(_abbreviation_runs(ctx))
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
    if what == "area" and a.area is not None and a.area.name.endswith(ch):
        return a.area
    if what == "area" and a.area is None and a.name.endswith(ch):
        return None
    if what == "city":
        if a.area is not None and a.area.level == "county" and a.area.name.endswith("市"):
            return a.area
        return a.city
    if what == "province":
        return a.province
    return None


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
    starts: list[tuple[int, int, object, str]] = []  # (start, after-prefix, division, prefix text)
    by_start = {c.start: c for c in division_cands if c.rule == "gazetteer-division"}
    used = set()
    for c in sorted(division_cands, key=lambda c: c.start):
        if c.rule != "gazetteer-division" or c.start in used:
            continue
        end, last, d = c.end, c, ctx.gazetteer.divisions.get(c.code) if ctx.gazetteer else None
        while end in by_start:  # a chain 赣州市于都县
            last = by_start[end]
            used.add(end)
            end = last.end
            d = ctx.gazetteer.divisions.get(last.code)
        starts.append((c.start, end, d, text[c.start:end]))
    for i, ch in enumerate(text):
        if ch in cfg.get("levels", {}) and _at_boundary(text, i, rules) and (i == 0 or text[i - 1] not in "全各本该我"):
            starts.append((i, i + 1, _level_division(ctx, ch), ch))
    for s, p, d, prefix in starts:
        q = p
        m = ordinal.match(text, q)
        if m:
            q = m.end()
        body = next((b for b in bodies if text.startswith(b, q)), None)
        if body is None and len(prefix) > 1:
            # any short run ending in a body ending (省商务厅 → 商务厅)
            for k in range(max_body, 1, -1):
                seg = text[q:q + k]
                if len(seg) == k and all(is_cjk(c) for c in seg) and seg.endswith(endings) \
                        and starts_with_boundary(text, q + k, rules) and not is_generic(seg, rules):
                    body = seg
                    break
        if body is None:
            continue
        e = q + len(body)
        if body == "委" and text.startswith("员", e):  # 区委员… is not 区委
            continue
        div_name = d.name if d is not None else prefix
        template = full_forms.get(body)
        surface = view_name(text, s, e)
        # a level the report does not resolve (区委 in a county's report) stays as written
        full = (template.format(div=div_name) if template else div_name + body) if d is not None else surface
        key = f"Agency:{d.code if d is not None else prefix}:{full}"
        ordinal_written = m is not None
        name = surface if (len(prefix) > 1 and not ordinal_written and d is not None) else full
        out.append(Candidate(s, e, name, "Agency", "", "division-body", P_AGENCY,
                             aliases=(surface,) if surface != name else (), key=key))
        # 区人大及其常委会: the standing committee of that congress
        if body in ("人大", "人民代表大会") and text.startswith("及其常委会", e):
            cs = e + 2
            sc_full = full_forms.get("常委会", "{div}人民代表大会常务委员会").format(div=div_name) \
                if d is not None else prefix + "人大常委会"
            short = prefix + "人大常委会" if len(prefix) == 1 else ""
            out.append(Candidate(cs, cs + 3, sc_full, "Agency", "", "standing-committee", P_AGENCY,
                                 aliases=tuple(x for x in ("常委会", short) if x),
                                 key=f"Agency:{d.code if d is not None else prefix}:{sc_full}", parent=(s, e)))
    nat = cfg.get("national", {}).get("names", [])
    if nat:
        pat = _alternation(nat)
        for m in pat.finditer(text):
            if _at_boundary(text, m.start(), rules):
                out.append(Candidate(m.start(), m.end(), m.group(0), "Agency", "", "national-body", P_AGENCY,
                                     key=f"Agency:national:{m.group(0)}"))
    return out


# ------------------------------------------------------------------ meetings
def meetings(ctx: Ctx, division_cands: list[Candidate]) -> list[Candidate]:
    """Sessions of people's congresses and CPPCC committees (第十八届人民代表大会第二次会议, 区十八届人大
    二次会议 — a running header may split it), and congresses of the Party (党的十九大)."""
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
            d = ctx.gazetteer.divisions.get(c.code)
        elif s > 0 and text[s - 1] in ctx.rules.agency.get("levels", {}):
            s -= 1
            d = _level_division(ctx, text[s])
        body = {"人大": "人民代表大会"}.get(m.group(3), m.group(3))
        sc = "常务委员会" if m.group(4) else ""
        div = d.name if d is not None else ""
        full = f"{div}第{m.group(2)}届{body}{sc}第{m.group(6)}次会议"
        surface = view_name(text, s, m.end())
        name = surface if (s < m.start() - 1 and d is not None) else full
        out.append(Candidate(s, m.end(), name, "Event", "Meeting", "meeting", P_AGENCY,
                             aliases=(surface,) if surface != name else (),
                             key=f"Event:meeting:{d.code if d else ''}:{m.group(2)}:{body}{sc}:{m.group(6)}"))
    for m in re.finditer(rf"党的([{CN_NUM}]+)大", text):
        out.append(Candidate(m.start(), m.end(), m.group(0), "Event", "", "party-congress", P_AGENCY))
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
        if rule.right_bound and not starts_with_boundary(text, end, rules, positions):
            continue
        if stem_end > 0 and text[stem_end - 1:e] in rules.generic:
            continue  # the ending is the end of a common word (道路)
        rs = run_start(text, stem_end, 24, rules)
        a = trim_left(text, rs, stem_end, end, rules, words_only=rule.subtype == "LandParcel")
        stem = text[a:stem_end]
        if len(stem) < rule.min_stem and not (rule.letter_stem_ok and re.fullmatch(r"[A-Z]", stem)):
            if not (stem == "" and ending in ctx.rules.place.get("standalone", [])):
                continue
        if rule.gazetteer_only:
            continue
        if rule.marker:
            trig_before = any(text.endswith(t, 0, a) for t in triggers)
            if not (_has_marker(text, a, rules) or trig_before or ending in strong_designations):
                continue
        if (rule.proper_stem or not rule.strong) and not rule.common_stem_ok and is_generic(stem, rules):
            continue
        if rule.strong and rule.subtype in ("Community", "Village", "Road") and is_generic(stem, rules):
            continue
        if stem and stem in rules.generic and rule.type not in ("Program", "Event", "Award") \
                and not rule.common_stem_ok:
            continue
        if rule.type == "Event" and re.match(rf"第[{CN_NUM}\d]+届", stem):
            continue  # read with its edition by kg.quoted.editions
        if rule.type not in ("Place",) and _inside_quote(text, a, end):
            continue  # a part of a quoted name is not a name of its own
        out.append(Candidate(a, end, view_name(text, a, end), rule.type, rule.subtype, f"ending:{ending}",
                             P_STRONG if rule.strong else P_WEAK, strong=rule.strong))
    out = _split_chains(out, positions, list(divisions_found))
    keep = []
    for c in out:
        rule = rules.endings[c.rule.split(":", 1)[1]]
        if c.end - c.start <= rule.max_len:
            keep.append(c)
    return keep


def _continues(text: str, s: int, e: int, rules: EntityRules, rule) -> bool:
    """Does the name go on past this ending: a longer ending starts where it starts (工业园|区 of
    工业园区), or another ending of the same kind follows it (新城|片区)?"""
    for k in range(rules.max_ending, e - s, -1):
        if text[s:s + k] in rules.endings:
            return True
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
            if len(core) >= 2 and not rest.startswith(positions):
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


def phase_places(ctx: Ctx, cands: list[Candidate]) -> list[Candidate]:
    """The place a phase or a renewal is named after (X二期, X村旧改): X ends in a place ending."""
    endings = tuple(ctx.rules.place.get("toponym_endings", []))
    phases = tuple(ctx.rules.place.get("phase_words", []))
    out = []
    for c in cands:
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
