"""Names known by the company they keep: the items of a list before 等 and its category word
(A、B等N个项目开工 → projects that started), things before a status word (X二期按期开业), titles
after a conferring verb (获评/入选 X, 认定为 X) and who received them.

Besides candidates, these recognisers report :class:`Group`\\ s — the items of one list or one
conferral with what the text says about them — which :mod:`kg.relations` turns into relations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .names import CN_NUM, P_AWARD, P_CONTEXT, P_LIST, Candidate, Ctx, _landmark_ending, view_name
from .spans import is_generic, is_name_char, run_start, trim_left, trim_right

_COUNT = re.compile(rf"^(?:一批|(?:[\d.]+|[{CN_NUM}]+)(?:余|多)?(?:个|家|宗|项|所|处|场|批|座|条|类|名)?)?")
_CLAUSE_END = "，。；：！？\n（("
_QUOTED = re.compile(r"“([^“”]+)”")


@dataclass(frozen=True)
class Group:
    """Items the text says something about together: a list with its category, a status word, or
    the recipients of a title."""

    kind: str  # list | status | award
    items: tuple[tuple[int, int], ...]  # view spans of the items
    type: str = ""  # the category's entity type
    status: str = ""  # project-status code stated for the items
    status_at: tuple[int, int] | None = None  # view span of the status word
    target: tuple[int, int] | None = None  # the title (award) or the list's head
    subjects: tuple[tuple[int, int], ...] = ()  # who received the title


def _categories(ctx: Ctx) -> list[tuple[str, str]]:
    r = ctx.rules
    cats = [(w, "Place") for w in r.place.get("list_categories", [])]
    cats += [(w, "Event") for w in r.event.get("list_categories", [])]
    cats += [(w, "Organization") for w in r.organization.get("list_categories", [])]
    cats += [(w, "Project") for w in r.project.get("list_categories", [])]
    cats += [(w, "Program") for w in r.program.get("list_categories", [])]
    return cats


def _items_before(text: str, end: int, ctx: Ctx, max_items: int = 12) -> list[tuple[int, int]]:
    """The items of a 、-separated list that ends at ``end``, left to right: name spans, a quoted
    item as its quoted words (or with its modifier, 夏季…“…”, as :func:`kg.quoted` keeps it).
    The first item starts after the verb it follows; verbs an item ends with are dropped."""
    rules = ctx.rules
    keep = tuple(rules.program.get("prefix_keep", []))
    raw: list[tuple[int, int, tuple[int, int] | None]] = []
    e = end
    while len(raw) < max_items:
        if e > 0 and text[e - 1] == "”":
            qo = text.rfind("“", 0, e - 1)
            if qo < 0 or "\n" in text[qo:e]:
                break
            s = run_start(text, qo, 12, rules)
            raw.append((s, e, (qo + 1, e - 1)))
        else:
            s = run_start(text, e, 24, rules)
            if s == e:
                break
            raw.append((s, e, None))
        if s > 0 and text[s - 1] == "、":
            e = s - 1
        elif s > 0 and text[s - 1] == "”" and text[s] == "“":
            e = s
        else:
            break
    raw.reverse()
    out = []
    for i, (s, e, quote) in enumerate(raw):
        qo = quote[0] - 1 if quote else e
        # the first item follows the clause's verb; a later one may start with its own verb (培育、引进X)
        s0 = s
        if i > 0 and not quote:
            # a later item may start with its own verb (培育、引进X); a verb inside it is part of it (X提升工程)
            lead = next((w for w in sorted(rules.boundary_words, key=len, reverse=True) if text.startswith(w, s)), "")
            s = s + len(lead) if lead and s + len(lead) < e else s
        else:
            s = trim_left(text, s, qo, e, rules)
        if not quote and text[s:e] in rules.endings:
            s = s0  # X改建工程: the verb is part of the name's ending, not before it
        if quote:
            prefix = text[s:qo]
            q = text[quote[0]:quote[1]]
            if prefix and not is_generic(prefix, rules) and (prefix.startswith(keep) or _SLOGAN.match(q)):
                out.append((s, e))
            else:
                out.append(quote)
        else:
            e2 = trim_right(text, s, e, rules)
            out.append((s, e2))
    return [(s, e) for s, e in out if e > s]


# a count after a title (41 家, 80家以上, 15个左右): what was given, not part of its name
_TRAILING_COUNT = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:余|多)?\s*[家个项所名座条批处]\s*(?:以上|左右|多)?$")
_SLOGAN = re.compile(rf"^(?:\d+|[{CN_NUM}双]{{1,2}}[\u4e00-\u9fff])$")


def _known_company(name: str, ctx: Ctx) -> bool:
    g = ctx.gazetteer
    ln = g.link(name) if g is not None else None
    return ln is not None and ln.type.startswith("company")


def shared_endings(ctx: Ctx) -> list[Candidate]:
    """A list item that shares the ending of the next one (A、B片区: A is a 片区 too)."""
    text, rules = ctx.text, ctx.rules
    zone_endings = [e for e, r in rules.endings.items() if r.type == "Place" and r.subtype == "DevelopmentZone"
                    and r.strong]
    pat = re.compile("、([\u4e00-\u9fff]{2,4}?)(%s)(?![\u4e00-\u9fff]*等)" % "|".join(
        map(re.escape, sorted(zone_endings, key=len, reverse=True))))
    out = []
    for m in pat.finditer(text):
        k = m.start()
        s = trim_left(text, run_start(text, k, 8, rules), k, k, rules)
        item = text[s:k]
        if 2 <= len(item) <= len(m.group(1)) + 1 and not is_generic(item, rules) and not any(
                item.endswith(z) for z in zone_endings):
            out.append(Candidate(s, k, item, "Place", "DevelopmentZone", "shared-ending", P_CONTEXT))
    return out


def _company_form(name: str, ctx: Ctx) -> bool:
    """Is ``name`` shaped like a company's name: brand + trade words (恒X新材), or a known company?"""
    from .projects import company_length

    return _known_company(name, ctx) or company_length(name, ctx) == len(name)


def _own_type(name: str, ctx: Ctx) -> tuple[str, str, bool]:
    """The type an item's own ending gives (strong or weak), or a known company of the gazetteer."""
    g = ctx.gazetteer
    if g is not None:
        ln = g.link(name)
        if ln is not None and ln.type.startswith("company"):
            return "Organization", "", True
    rules = ctx.rules
    for k in range(min(rules.max_ending, len(name)), 0, -1):
        r = rules.endings.get(name[-k:])
        if r is not None and len(name) > k and name[-k - 1:] not in rules.generic and not r.gazetteer_only:
            return r.type, r.subtype, r.strong
    return "", "", False


def _status(text: str, ctx: Ctx) -> tuple[str, int]:
    words = ctx.rules.status_words
    best, at = "", -1
    for w in words:
        i = text.find(w)
        if i >= 0 and (at < 0 or i < at or (i == at and len(w) > len(best))):
            best, at = w, i
    return best, at


def lists(ctx: Ctx, found: list[Candidate] = ()) -> tuple[list[Candidate], list[Group]]:
    """Items of 等 lists typed by their category (or their own ending), with the list's status.
    ``found``: candidates of the other recognisers; an item they already read is not read again."""
    text, rules = ctx.text, ctx.rules
    ends = {(c.end, c.type) for c in found}
    cats = _categories(ctx)
    cands, groups = [], []
    for m in re.finditer("等", text):
        k = m.start()
        if k == 0 or not (is_name_char(text[k - 1], rules) or text[k - 1] == "”"):
            continue
        j = k + 1
        while j < len(text) and j - k < 40 and text[j] not in _CLAUSE_END:
            j += 1
        window = text[k + 1:j]
        cm = _COUNT.match(window)
        rest = window[cm.end():] if cm else window
        off = k + 1 + (cm.end() if cm else 0)
        found = None
        for w, t in cats:
            i = rest.find(w)
            if i >= 0 and (found is None or i < found[0] or (i == found[0] and len(w) > len(found[1]))):
                found = (i, w, t)
        if found is None and cm and window[:cm.end()].endswith(rules.program.get("measure", "项")) \
                and re.match(r"[\d.]+", window):
            found = (0, "", "Program")  # A、B等N项: reforms and measures
        if found is None or found[0] > 24:
            continue
        if rest[:found[0]].startswith(tuple(rules.place.get("list_kinds", []))):
            continue  # A、B等方向招引一批项目: the items are kinds, not names
        cat_type = found[2]
        items = _items_before(text, k, ctx)
        if not items:
            continue
        status_word, at = _status(rest, ctx)
        status = rules.status_words.get(status_word, "") if status_word else ""
        status_at = (off + at, off + at + len(status_word)) if status_word else None
        kept = []
        # quotes mark names: an unquoted item beside a quoted one is a name too (A、“B”等专项行动)
        any_quoted = any(s > 0 and "“" in text[max(0, s - 1):e + 1] for s, e in items)
        for s, e in items:
            name = view_name(text, s, e)
            if len(name) < 2 or len(name) > 24 or is_generic(name, rules) or name in rules.generic:
                continue
            t, sub, strong = _own_type(name, ctx)
            if strong and t == "Organization" and _known_company(name, ctx):
                cands.append(Candidate(s, e, name, t, "", "list:known-company", P_LIST + 1))
                kept.append((s, e))
                continue
            if strong and t:
                # typed by its own ending, unless kg.names read it already (and maybe split it)
                if (e, t) not in ends:
                    cands.append(Candidate(s, e, name, t, sub, f"list:{found[1]}", P_LIST))
                kept.append((s, e))
                continue
            if cat_type == "Program" and not any_quoted and not t:
                continue  # 建立A、B等工作机制: unquoted items name what is done, not a programme
            if cat_type == "Organization" and found[0] > 0 and not t and not _company_form(name, ctx):
                continue  # 引进风机叶片、光伏支架等装备制造企业: the kind before 企业 makes the items products
            typ = cat_type
            if t == "Organization" and cat_type == "Project" and strong:
                typ = t
            cands.append(Candidate(s, e, name, typ, sub if t == typ else "", f"list:{found[1]}", P_LIST))
            kept.append((s, e))
        if kept:
            groups.append(Group("list", tuple(kept), cat_type, status, status_at, (off + found[0], off + found[0] + len(found[1]))))
    c2, g2 = _status_lists(ctx, ends)
    return cands + c2, groups + g2


_HARD_STATUS = ("开工建设", "开工", "竣工投产", "竣工", "封顶", "建成投用", "投用", "开业", "揭牌", "通车", "开园",
                "投入使用", "签约落地", "投产", "投入运营", "交付使用", "建成开放", "开馆", "完工", "建成运营")


def _status_lists(ctx: Ctx, ends=frozenset()) -> tuple[list[Candidate], list[Group]]:
    """Things right before a hard status word (X二期按期开业, A、B揭牌仪式): projects, unless their own
    ending says otherwise."""
    text, rules = ctx.text, ctx.rules
    adverbs = ("按期", "如期", "顺利", "提前", "主体结构", "全面", "基本", "正式", "成功", "相继", "陆续", "集中",
               "全部", "均已", "已")
    cands, groups = [], []
    pat = re.compile("(%s)?(%s)" % ("|".join(adverbs), "|".join(_HARD_STATUS)))
    for m in pat.finditer(text):
        end = m.start()
        if end == 0 or not is_name_char(text[end - 1], rules) or text[end - 1] in "等早新":
            continue  # 早开工、早投产 and 新开工 are adverbs of the status, not the end of a name
        run = text[run_start(text, end, 24, rules):end]
        if "等" in run or re.match(r"[\d.]+", run):
            continue  # a 等 list is read whole; a counted kind (7所X投入使用) is not a name
        items = _items_before(text, end, ctx)
        word = m.group(2)
        status = rules.status_words.get(word, "")
        kept = []
        for s, e in items:
            name = view_name(text, s, e)
            if len(name) < 3 or len(name) > 20 or is_generic(name, rules) or name.endswith(tuple(rules.status_words)):
                continue  # 确保按期完工交付使用: a status before the status, not a name
            t, _sub, strong = _own_type(name, ctx)
            phase = next((ph for ph in rules.place.get("phase_words", []) if name.endswith(ph)), "")
            if phase and _landmark_ending(name[:-len(phase)], rules) is not None:
                t, strong = "Place", True  # X公园二期建成开放: a phase of a park is a place (kg.names)
            if not (strong and t):
                cands.append(Candidate(s, e, name, "Project", "", f"status:{word}", P_LIST))
            kept.append((s, e))
        if kept:
            groups.append(Group("status", tuple(kept), "Project", status, (m.start(2), m.end(2))))
    return cands, groups


def awards(ctx: Ctx) -> tuple[list[Candidate], list[Group]]:
    """Titles after a conferring verb (获评 X称号, 入选 X名单, 认定为 X), their recipients before it, and
    national designations known by name (of the lexicon, with a level marker before them as a variant)."""
    text, rules = ctx.text, ctx.rules
    cfg = rules.award
    triggers = sorted(cfg.get("triggers", []) + ["新认定"], key=len, reverse=True)
    tails = tuple(sorted(cfg.get("tails", []), key=len, reverse=True))
    strip_before = re.compile(cfg.get("strip_before", "^"))
    keep = tuple(rules.program.get("prefix_keep", []))
    cands, groups = [], []
    pat = re.compile("|".join(map(re.escape, triggers)))
    pos = 0
    while True:
        m = pat.search(text, pos)
        if not m:
            break
        pos = m.end()
        t0, t1 = m.start(), m.end()
        if text.startswith("感", t1):
            continue  # 获得感、幸福感: a feeling, not a title
        if m.group(0) in cfg.get("triggers_at_word_start", []) and t0 > 0 and is_name_char(text[t0 - 1], rules) \
                and not text.endswith(tuple(rules.boundary_words), 0, t0):
            continue  # X环境对标提升行动: 对标 inside a name
        benchmark = m.group(0) in cfg.get("benchmark_triggers", [])
        j = t1
        while j < len(text) and text[j] not in _CLAUSE_END:
            j += 1
        region_start = t1 + strip_before.match(text[t1:j]).end()
        seg = text[region_start:j]
        for t in tails:
            i = seg.find(t)
            if i >= 0:
                seg = seg[:i]
                break
        cm = _TRAILING_COUNT.search(seg)
        if cm:
            seg = seg[:cm.start()]
        if not seg or any(w in seg for w in ("认定", "考评", "称号")):
            continue
        parts = []
        p0 = region_start
        splitter = "、和" if m.group(0) == "对标" else "、"
        for i, ch in enumerate(seg + "、"):
            if ch in splitter:
                parts.append((p0, region_start + i))
                p0 = region_start + i + 1
        titles = []
        for s, e in parts:
            cm = _TRAILING_COUNT.search(text, s, e)
            if cm and cm.start() > s:
                e = cm.start()  # X企业41家、Y示范社15家: each title with its own count
            item = text[s:e]
            if len(item) < 2 or text.endswith(tuple(rules.boundary_words), s, e):
                continue  # 总数达到: a verb, not a title
            qm = _QUOTED.search(item)
            if qm:
                qs, qe = s + qm.start(1), s + qm.end(1)
                prefix = item[:qm.start()]
                if prefix and prefix.startswith(keep):
                    cands.append(Candidate(s, s + qm.end(), view_name(text, s, s + qm.end()), "Award", "",
                                           "award-title", P_AWARD))
                    titles.append((s, s + qm.end()))
                else:
                    cands.append(Candidate(qs, qe, qm.group(1), "Award", "", "award-title", P_AWARD,
                                           aliases=(view_name(text, qs - 1, e),) if e > qe + 1 else ()))
                    titles.append((qs, qe))
                continue
            name = view_name(text, s, e)
            if len(name) < 3 or name in rules.generic or name.endswith("感"):
                continue
            if benchmark and not (name.endswith(tuple(cfg.get("benchmark_endings", [])))):
                continue  # 对标国际一流营商环境: a standard looked up to, not a title
            cands.append(Candidate(s, e, name, "Award", "", f"award:{m.group(0)}", P_AWARD))
            titles.append((s, e))
        if not titles:
            continue
        # the recipients: the clause before the verb, split at 、
        a = t0
        while a > 0 and text[a - 1] not in _CLAUSE_END:
            a -= 1
        subj = text[a:t0]
        subj = re.sub(r"(?:成功|先后|分别|均|被|已|还|再次|又|首次|同时)+$", "", subj)
        subjects = []
        p = a
        for part in subj.split("、"):
            s, e = p, p + len(part)
            p = e + 1
            if 2 <= len(part) <= 14 and not is_generic(part, rules) and not re.search(r"\d", part) \
                    and part not in rules.boundary_words:
                subjects.append((s, e))
        title_text = view_name(text, titles[-1][0], titles[-1][1])
        if subjects and re.search(r"(?:企业|基地|单位)$", title_text):
            org_ends = [w for w, r in rules.endings.items() if r.type == "Organization" and r.strong]
            for s, e in subjects:
                # X合作社基地入选…: the cooperative is the organisation, its base what was listed
                k = max((text.rfind(w, s, e) + len(w) for w in org_ends if text.rfind(w, s, e) >= s + 2), default=e)
                cands.append(Candidate(s, k, view_name(text, s, k), "Organization", "", "award-recipient", P_CONTEXT + 5))
        if not subjects and re.match(r"全(?:区|县|市)$", subj):
            subjects = [(a, t0)]
        groups.append(Group("award", tuple(titles), "Award", subjects=tuple(subjects)))
    # designations known by name, with their level marker as a variant
    known = cfg.get("known", [])
    markers = sorted(cfg.get("markers", []), key=len, reverse=True)
    if known:
        reach = "|".join(map(re.escape, sorted(cfg.get("reach", []), key=len, reverse=True)))
        kp = re.compile("(%s%s)?(%s)" % ("|".join(map(re.escape, markers)), "|" + reach if reach else "",
                                         "|".join(map(re.escape, sorted(known, key=len, reverse=True)))))
        heads = tuple(sorted(cfg.get("known_heads", []), key=len, reverse=True))
        before_ok = tuple(cfg.get("known_conferred_before", []))
        after_ok = re.compile(cfg.get("known_conferred_after", "(?!)"))
        for km in kp.finditer(text):
            if km.start() > 0 and text[km.start() - 1] == "“":
                continue
            name, end = km.group(2), km.end()
            head = next((h for h in heads if text.startswith(h, end)), "") if not name.endswith(heads) else ""
            if head:
                name, end = name + head, end + len(head)  # X企业: the known designation with its noun
            elif text.startswith(("发展", "道路", "之路", "经济"), end):
                continue  # 走X发展道路, X经济: a manner of growing, not a title
            # conferred or counted (新增X 12家, 全区X达到N家), not a kind being fostered (培育一批X)
            clause = text[max(0, km.start() - 12):km.start()]
            clause = re.split(r"[，。；：\n]", clause)[-1]
            if not (km.group(1) or any(w in clause for w in before_ok) or after_ok.search(text[end:end + 8])):
                continue
            whole = view_name(text, km.start(), end)
            cands.append(Candidate(km.start(), end, name, "Award", "", "known-designation", P_AWARD - 1,
                                   aliases=(whole,) if whole != name else ()))
    return cands, groups
