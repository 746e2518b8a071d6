"""Names marked by quotes and book-title marks, and programme names of fixed forms.

Plan reports quote the names of their programmes (“X一次办”改革, “百名专家进万企”行动), brands and
places (“X之心”核心区域), and put documents in 《…》. What
decides the type is the word after the quote (its head: 行动, 机制, 改革 …, or a context word:
新媒体, 系列招商活动, 核心区域) and the verb before it (开展, 实施, 入选 …), all from the lexicon.
"""
from __future__ import annotations

import re

from .names import CN_NUM, P_QUOTE, P_STRONG, Candidate, Ctx, is_generic, view_name
from .spans import (
    boundary_ending_at,
    is_cjk,
    is_name_char,
    run_end,
    run_start,
    starts_with_boundary,
    trim_left,
)

_QUOTE = re.compile(r"“([^“”\n]{1,40})”")
_SLOGAN_COUNT = re.compile(rf"^(?:\d+|[{CN_NUM}双]{{1,2}}[\u4e00-\u9fff])$")
_HEAD_COUNT = re.compile(rf"[{CN_NUM}\d]+[项条个大种类]")


def _verb_before(text: str, pos: int, ctx: Ctx) -> str:
    """The boundary word that ends right before ``pos`` (``''`` if none)."""
    rules = ctx.rules
    for k in range(min(rules.max_boundary, pos), 0, -1):
        w = text[pos - k:pos]
        if w in rules.boundary_words or (k == 1 and w in rules.boundary_chars):
            return w
    return ""


def _ends_with_any(text: str, pos: int, words) -> str:
    for w in sorted(words, key=len, reverse=True):
        if text.endswith(w, 0, pos):
            return w
    return ""


def _head_after(text: str, c: int, ctx: Ctx) -> int:
    """End of the head that belongs to a quoted name (“…”四项服务机制, “…”家庭医生签约服务,
    “…”运营模式, “…”政策体系), or ``c``."""
    prog = ctx.rules.program
    heads = prog.get("heads", [])
    q = c
    m = _HEAD_COUNT.match(text, q)
    if m:
        q = m.end()
    best = max((h for h in heads if text.startswith(h, q)), key=len, default="")
    if best in prog.get("direct_heads", []) and text.startswith(tuple(prog.get("head_not_before", [])), q + len(best)):
        best = ""  # “X”工作精神: the spirit of a slogan, not a programme's work
    if best:
        return _chained(text, q + len(best), heads)
    # a short run to the clause end that ends in a head
    e = run_end(text, c, 12, ctx.rules)
    if c < len(text) and text[c] in ctx.rules.boundary_chars:
        return c
    direct = set(prog.get("direct_heads", []))
    modifiers = tuple(sorted(prog.get("head_modifiers", []), key=len, reverse=True))
    for k in range(e, c + 2, -1):
        seg = text[c:k].replace("\n", "")
        h = max((h for h in heads if seg.endswith(h)), key=len, default="")
        if not h or h in direct or not starts_with_boundary(text, k, ctx.rules):
            continue
        # no verb may stand between the quote and the head (a verb ending where the head starts
        # does not belong to it: “X”推进行动); the words that say how a mechanism works may (运营模式)
        g = c
        moved = True
        while moved:
            moved = False
            for w in modifiers:
                if text.startswith(w, g) and g + len(w) <= k - len(h):
                    g += len(w)
                    moved = True
                    break
        if not any(boundary_ending_at(text, j, g, k, ctx.rules) for j in range(g + 2, k - len(h) + 1)):
            return k
    return c


def _chained(text: str, e: int, heads) -> int:
    """A head may be followed by another that makes it one (政策 + 体系, 战略 + 框架)."""
    chain = ("体系", "框架", "机制", "模式")
    nxt = next((h for h in chain if text.startswith(h, e)), "")
    return e + len(nxt)


def _award_head(text: str, c: int, ctx: Ctx) -> int | None:
    """End of a certification head after a quote (“X”认证, “X”字标认证), ``c`` when the quote is a
    title given by a selection after it (“X”评选), else None."""
    cfg = ctx.rules.award
    for h in cfg.get("quote_heads", []):
        m = re.match(rf"[\u4e00-\u9fff]{{0,2}}?{re.escape(h)}", text[c:c + len(h) + 2])
        if m:
            return c + m.end()
    if text.startswith(tuple(cfg.get("quote_selections", [])), c):
        return c
    return None


def _coordinated(text: str, pos: int, ctx: Ctx) -> bool:
    """Is the quote joined (和/及/与) to a programme just before it (“A”改革和“B”)?"""
    if pos == 0 or text[pos - 1] not in "和及与":
        return False
    before = text[max(0, pos - 12):pos - 1]
    return before.endswith(tuple(ctx.rules.program.get("heads", []))) or before.endswith("”")


def _typed_run(text: str, c: int, ctx: Ctx) -> tuple[int, str]:
    """End and type of a short run after a quote that ends in a project's or an event's ending
    (美食街区, 文化旅游节), else (0, ''). A run that starts with a division's name (“X”某县片区)
    names a place of its own."""
    rules = ctx.rules
    if any(text.startswith(d, c) for d in list(ctx.short) + list(ctx.divisions)):
        return 0, ""
    end = run_end(text, c, 8, rules)
    follow = tuple(rules.status_words)
    for e in range(c + 2, end + 1):
        if not starts_with_boundary(text, e, rules, follow):
            continue
        for k in range(min(rules.max_ending, e - c), 1, -1):
            r = rules.endings.get(text[e - k:e])
            if r is not None:
                return (e, r.type) if r.type in ("Project", "Event") else (0, "")
        return 0, ""
    return 0, ""


def _event_prefix(text: str, o: int, ctx: Ctx) -> str:
    """The kind of event written before a quote (台风“X”), also before a run of adjacent quotes."""
    kinds = sorted(ctx.rules.event.get("quote_prefixes", []), key=len, reverse=True)
    i = o
    while i > 0 and text[i - 1] == "”":
        j = text.rfind("“", 0, i - 1)
        if j < 0:
            return ""
        i = j
    return next((k for k in kinds if text.endswith(k, 0, i)), "")


_COUNTED = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:余|多)?\s*[个处家所座条项只台套]")
_PAIR_JOINERS = "和与及变向或"
# a verb of change between two quotes (“流量”转化为“留量”): one word set against another
_CHANGE = re.compile(r"(?:转化|转变|变|转)\n?为")


def _paired(text: str, o: int, c: int, ctx: Ctx) -> bool:
    """Is the quote one of two joined by a conjunction or 变/向 (“A”和“B”, 让“A”变“B”) with no
    programme head after either? A pair of headless quotes sets two words against each other."""
    heads = tuple(ctx.rules.program.get("heads", []))
    ch = _CHANGE.match(text, c)
    cb = next((m for m in _CHANGE.finditer(text, max(0, o - 5), o) if m.end() == o), None)
    if ch and text.startswith("“", ch.end()) or cb and cb.start() > 0 and text[cb.start() - 1] == "”":
        return True  # “流量”转化为“留量”
    if c + 1 < len(text) and text[c] in _PAIR_JOINERS and text[c + 1] == "“":
        c2 = text.find("”", c + 2)
        other = (c + 2, c2) if c2 > 0 else None
        after = c2 + 1
    elif o >= 2 and text[o - 1] in _PAIR_JOINERS and text[o - 2] == "”":
        o2 = text.rfind("“", 0, o - 2)
        other = (o2 + 1, o - 2) if o2 >= 0 else None
        after = c
    else:
        return False
    if other is None or "\n" in text[other[0]:other[1]]:
        return False
    if text[o + 1:c - 1].endswith(heads) or text[other[0]:other[1]].endswith(heads):
        return False  # “N个X工程”和“N项Y工程”: two programmes
    return _head_after(text, after, ctx) == after


def _chain_start(text: str, o: int) -> int:
    """Start of the run of quoted names that ends with the quote opening at ``o`` (举办“A”和“B”, “A”“B”)."""
    while o > 0:
        k = o - 1 if text[o - 1] in "和及与、" else o
        if k < o:  # the quote before may have its head (“A”民俗活动和“B”)
            j = k
            while j > 0 and k - j < 8 and is_cjk(text[j - 1]):
                j -= 1
            if j > 0 and text[j - 1] == "”":
                k = j
        if k > 0 and text[k - 1] == "”":
            j = text.rfind("“", 0, k - 1)
            if j < 0 or "\n" in text[j:k]:
                break
            o = j
        else:
            break
    return o


def _tail(text: str, c: int, n: int = 60) -> str:
    """The text after the quote ending at ``c`` and the quotes right after it (“A”“B”获评 → 获评…)."""
    while text.startswith("“", c):
        k = text.find("”", c)
        if k < 0:
            return ""
        c = k + 1
    return text[c:c + n]


def _brand(text: str, c: int, tail: str, ctx: Ctx) -> bool:
    """Is the quote ending at ``c`` a product's brand: followed by what a brand has (区域公用品牌, 品牌价值,
    种植面积), or, with the quotes after it, given a title of origin (获批某地理标志产品)?"""
    cfg = ctx.rules.award
    if text.startswith(tuple(cfg.get("brand_after", [])), c):
        return True
    triggers = tuple(cfg.get("triggers", []))
    if not tail.startswith(triggers):
        return False
    clause = re.split(r"[，。；\n]", tail, maxsplit=1)[0]
    return any(w in clause for w in cfg.get("brand_titles", []))


def _standalone_name(text: str, o: int, c: int, q: str, ctx: Ctx) -> bool:
    """Does a quote with no head and no programme verb before it still stand for a name? Not a
    phrase in a from-to (由“A”向“B”转变), a period (“十四五”期间), a modifier (的“…”, “…”的), the
    object of a figure of speech or a quality (打好“组合拳”, 压实“…责任”, “…”技术), an outcome
    (实现“双下降”), a bare number (“12345”), a long chain of terms, or a thing given a title (“X”入选)."""
    prog = ctx.rules.program
    if re.fullmatch(r"[\d\s]+", q) or q in prog.get("figures", []):
        return False
    if q.count("+") >= 3 or len(q) > 24 or re.fullmatch(r"[A-Z\d+-]+级", q):
        return False  # a long chain of terms, a grade (“D级”)
    if _COUNTED.match(text, c):
        return False  # 新建“口袋公园”16个: a kind that is counted, not a name
    if _paired(text, o, c, ctx):
        return False  # “颜值”和“气质”同步提升, “走出去”与“请进来”相结合: a figure in a pair
    if re.fullmatch(prog.get("outcome_pattern", "(?!)"), q):
        return False
    tail = _tail(text, c, 8)  # past the quotes right after it (“A”“B”假期)
    if tail.startswith(tuple(prog.get("not_name_after", []))):
        return False
    if len(q) <= 2 and text.startswith(tuple(prog.get("kinds_counted", [])), c):
        return False  # “四上”企业, “链主”企业: a class of enterprises, not a programme
    triggers = tuple(ctx.rules.award.get("triggers", []))
    if tail.startswith(triggers):
        return False
    before = text[max(0, o - 4):o]
    if before.endswith(tuple(prog.get("list_not_name_before", []))):
        return not re.search("[、，,]", q)  # 实行“A、B、C”: how a mechanism runs; 实行“X”: its name
    return not before.endswith(tuple(prog.get("not_name_before", [])))


def quotes(ctx: Ctx) -> list[Candidate]:
    text, rules = ctx.text, ctx.rules
    prog = rules.program
    pverbs = set(prog.get("verbs", []))
    triggers = sorted(rules.award.get("triggers", []) + ["新认定"], key=len, reverse=True)
    period = re.compile(prog.get("period_pattern", "^$"))
    keep = tuple(prog.get("prefix_keep", []))
    out = []
    # a quote read as a product's brand somewhere (“X”区域公用品牌) is that brand wherever it is quoted
    brands = {m.group(1) for m in _QUOTE.finditer(text) if _brand(text, m.end(), _tail(text, m.end()), ctx)}
    event_verbs = tuple(rules.event.get("held_verbs", []))
    for m in _QUOTE.finditer(text):
        o, c = m.start(), m.end()
        qs, qe = m.start(1), m.end(1)
        q = m.group(1)
        award = _award_head(text, c, ctx)
        if award is not None and award > c and q.strip():
            # “X”认证, “X”字标认证: a certification scheme, however short its quoted mark
            out.append(Candidate(o, award, view_name(text, o, award), "Award", "", "quote+award", P_QUOTE, aliases=(q,)))
            continue
        if q in rules.generic or len(q.strip()) < 2 or q in prog.get("figures", []) \
                or re.fullmatch(prog.get("outcome_pattern", "(?!)"), q) or q.count("—") >= 2:
            continue  # “组合拳”, 实现“双下降”, “A—B—C”梯度培育: words and ladders of kinds, not names
        award = _award_head(text, c, ctx)
        if award is not None:
            # “X”认证 is a certification, “X”评选 the title it gives: awards
            name = view_name(text, o, award) if award > c else q
            out.append(Candidate(o if award > c else qs, award if award > c else qe, name, "Award", "",
                                 "quote+award", P_QUOTE, aliases=(q,) if award > c else ()))
            continue
        tail = _tail(text, c)
        if tail.startswith(tuple(prog.get("not_after", []))):
            continue
        rs = run_start(text, o, 10, rules)
        ps = trim_left(text, rs, o, o, rules)
        prefix = text[ps:o]
        verb = _verb_before(text, ps, ctx) if ps > 0 else ""
        he = _head_after(text, c, ctx)
        head = text[c:he]
        after = text[he:he + 12]
        before_all = text[max(0, ps - 12):ps]
        trig = _ends_with_any(text, ps, triggers) or _ends_with_any(re.sub(r"首批|第一批", "", before_all),
                                                                   len(re.sub(r"首批|第一批", "", before_all)), triggers)
        event_prefix = _event_prefix(text, o, ctx)
        if event_prefix:
            # 台风“A”“B”: each quoted name with the kind before the first
            ks = o - len(event_prefix) if text.endswith(event_prefix, 0, o) else qs
            name = event_prefix + view_name(text, o, c)
            al = tuple(x for x in (view_name(text, o, c),) if ks == qs)
            out.append(Candidate(ks if ks < qs else o, c, name, "Event", "", "kind+quote", P_QUOTE, aliases=al))
            continue
        typ = sub = ""
        weak = False  # typed only by the verb before it: a stronger reading elsewhere wins
        path = "quote"
        ending = next((e for e in sorted(rules.endings, key=len, reverse=True) if q.endswith(e)), "")
        if ending and rules.endings[ending].strong and len(q) > len(ending) and not re.search("[+＋]", q) \
                and rules.endings[ending].type in ("Agency", "Organization", "Event", "Project"):
            typ, sub = rules.endings[ending].type, rules.endings[ending].subtype  # “X美食节”: an event
        elif q in brands:
            typ = "Award"  # “X蜜桃”获评某地理标志: a product's conferred brand
        elif text.startswith(tuple(rules.award.get("brand_programmes", [])), c):
            typ = "Program"  # “X”区域公用品牌: the area's brand, a programme (as X“148”品牌)
        elif q in rules.award.get("known", []):
            # a national designation quoted (“小巨人”企业 N家, 新认定“瞪羚”): the title, when conferred or
            # counted; otherwise a kind of growth (推动“专精特新”发展), no name
            clause = re.split(r"[，。；：\n]", text[max(0, o - 12):o])[-1]
            if not (text.startswith(tuple(rules.award.get("known_heads", [])), c) or re.search(
                    rules.award.get("known_conferred_after", "(?!)"), text[c:c + 8])
                    or any(w in clause for w in rules.award.get("known_conferred_before", []) + triggers)):
                continue
            typ = "Award"
        elif trig:
            typ = "Award"
        elif any(after.startswith(w) or head.endswith(w) for w in rules.event.get("after_words", [])) or (
                any(after.startswith(w) or head.endswith(w) for w in rules.event.get("campaign_words", []))
                and q.endswith(tuple(rules.event.get("name_endings", [])))):
            typ = "Event"
        elif any(after.startswith(w) for w in rules.organization.get("after_words", [])):
            typ = "Organization"
        elif any(after.startswith(w) for w in rules.place.get("after_words", [])) or \
                (re.match(r"(?:[“”\u4e00-\u9fff]{0,12}?等)?典型经验|经验", after)
                 and not q.endswith(tuple(prog.get("heads", [])))):  # “X工程”经验 is a programme's
            typ = "Place"
        elif after.startswith("建设") and not head and q.endswith(("区", "园", "城", "中心", "馆")) or (
                head == "建设" and q.endswith(("区", "园", "城", "中心", "馆"))):
            typ, head, he = "Project", "", c
        elif not head and _typed_run(text, c, ctx)[0]:
            # “A·X味道”美食街区, “X”文化旅游节: the works or the event named with the quote
            he, typ = _typed_run(text, c, ctx)
            head = text[c:he]
        elif event_verbs and _ends_with_any(text, _chain_start(text, o), event_verbs) \
                and not head.endswith(("行动", "工程", "计划")):
            typ = "Event"  # 成功举办“X”民俗文化活动: what is held is an event, named by its quote
            if head.endswith("活动"):
                head, he = "", c
        elif head or (q.endswith(tuple(prog.get("heads", []))) and _standalone_name(text, o, c, q, ctx)):
            typ = "Program"
        elif q.endswith(("式", "型", "化")):
            continue  # a manner (“移动式”), not a name
        elif ((verb in pverbs or _ends_with_any(text, ps, pverbs)) or
              any(after.startswith(w) for w in prog.get("after_words", [])) or _coordinated(text, ps, ctx)) \
                and _standalone_name(text, o, c, q, ctx):
            typ, weak, path = "Program", True, "quote-verb"
        elif _standalone_name(text, o, c, q, ctx):
            # a quoted name standing alone is a programme's (“X当家”, “N大战略”), unless the words
            # around it make it a phrase, an outcome or an attribute
            typ, weak, path = "Program", True, "quote-bare"
        if not typ or (re.fullmatch(r"[\d\s]+", q) and not head and typ == "Program"):
            continue  # a bare number (“12345”) names nothing without its head
        if period.match(q) and not head and (text.startswith(tuple(prog.get("period_after", [])), c)
                                             or not _standalone_name(text, o, c, q, ctx)):
            continue  # “十四五”期间: a period, not the plan
        keep_prefix = bool(prefix) and not is_generic(prefix, rules) and (
            prefix.startswith(keep) or (_SLOGAN_COUNT.match(q) and not period.match(q))) \
            and not prefix.endswith(tuple(prog.get("issuer_endings", [])))
        if keep_prefix and _SLOGAN_COUNT.match(q):
            # a place before a numbered brand is its part (X区“12345”品牌); other modifiers too
            for short in sorted(list(ctx.short) + list(ctx.divisions), key=len, reverse=True):
                if prefix.endswith(short):
                    ps = o - len(short)
                    break
        if typ == "Award" and not keep_prefix:
            head = ""  # a title's name is the quoted words (“瞪羚”创新企业 → 瞪羚)
            he = c
        if head in prog.get("work_heads", []) and not keep_prefix:
            # “X”建设: the programme is the quoted name; the work done on it is written after it
            out.append(Candidate(qs, qe, q, typ, sub, "quote+work", P_QUOTE, aliases=(view_name(text, o, he),)))
        elif head:
            start = ps if keep_prefix else o
            name = view_name(text, start, he)
            # a five-year period quoted alone is its plan's (“十N五”开好局 → “十N五”规划), not another plan's
            aliases = () if keep_prefix or period.match(q) and head != "规划" else (q,)
            out.append(Candidate(start, he, name, typ, sub, "quote+head", P_QUOTE, aliases=aliases))
        elif keep_prefix:
            out.append(Candidate(ps, c, view_name(text, ps, c), typ, sub, "prefix+quote", P_QUOTE))
        else:
            out.append(Candidate(qs, qe, q, typ, sub, path, P_QUOTE - 10 if weak else P_QUOTE))
    return out


def books(ctx: Ctx) -> list[Candidate]:
    """Documents in book-title marks whose last word makes them a programme (方案, 规划, 条例 …)."""
    ends = tuple(ctx.rules.program.get("book_endings", []))
    out = []
    for m in re.finditer(r"《([^《》\n]{2,40})》", ctx.text):
        if m.group(1).endswith(ends):
            out.append(Candidate(m.start(1), m.end(1), m.group(1), "Program", "", "book-title", P_STRONG))
    return out


def fixed_programmes(ctx: Ctx) -> list[Candidate]:
    """Programme names of fixed forms: X长制, 十五条措施, 第十版方案, ABC政策, 打响X品牌, and the
    report area's brands (平安/法治/数字 + the area's short name)."""
    text, rules = ctx.text, ctx.rules
    prog = rules.program
    out = []
    domains = prog.get("chief_domains", "")
    for suf in prog.get("unquoted", []):
        # 河长制, 林长制, and the chiefs of two domains at once (河X长制)
        pat = rf"[{domains}]{{1,2}}{re.escape(suf)}" if domains else rf"[\u4e00-\u9fff]{re.escape(suf)}"
        for m in re.finditer(pat, text):
            a = m.start()
            while m.end() - a > len(suf) + 1 and not _at_word_start(text, a, ctx):
                a += 1
            out.append(Candidate(a, m.end(), text[a:m.end()], "Program", "", "system-name", P_QUOTE + 3))
    if prog.get("numbered"):
        alt = "|".join(map(re.escape, sorted(prog["numbered"], key=len, reverse=True)))
        for m in re.finditer(rf"(?<![{CN_NUM}\d])[{CN_NUM}]+(?:{alt})", text):
            out.append(Candidate(m.start(), m.end(), m.group(0), "Program", "", "numbered-measures", P_STRONG))
    if prog.get("versioned"):
        alt = "|".join(map(re.escape, sorted(prog["versioned"], key=len, reverse=True)))
        for m in re.finditer(rf"第[{CN_NUM}\d]+版[\u4e00-\u9fff]{{0,4}}?(?:{alt})", text):
            out.append(Candidate(m.start(), m.end(), m.group(0), "Program", "", "versioned-plan", P_STRONG))
    if prog.get("acronym_heads"):
        alt = "|".join(map(re.escape, prog["acronym_heads"]))
        for m in re.finditer(rf"(?<![A-Za-z])[A-Z]{{2,6}}(?:{alt})", text):
            out.append(Candidate(m.start(), m.end(), m.group(0), "Program", "", "acronym-policy", P_STRONG))
    for v in prog.get("brand_verbs", []):
        for m in re.finditer(rf"{re.escape(v)}([\u4e00-\u9fff]{{2,8}}?)品牌", text):
            if not is_generic(m.group(1), rules):
                out.append(Candidate(m.start(1), m.end(1), m.group(1), "Program", "", "brand", P_STRONG))
    abbr = "".join(sorted(ctx.gazetteer.abbreviations)) if ctx.gazetteer is not None else ""
    coop = prog.get("pair_cooperation", [])
    if abbr and coop:
        for m in re.finditer(rf"[{re.escape(abbr)}]{{2}}(?:{'|'.join(map(re.escape, coop))})", text):
            if m.group(0)[0] != m.group(0)[1] and _at_word_start(text, m.start(), ctx):
                out.append(Candidate(m.start(), m.end(), m.group(0), "Program", "", "pair-cooperation", P_STRONG))
    words = prog.get("area_brand_words", [])
    own, city = ctx.area.own, ctx.area.city
    # the area's brands and its city's (数字X with X the city a district belongs to)
    shorts = [s for s, d in ctx.short.items() if d is not None and (own is not None and d.name == own.name
                                                                    or city is not None and d.name == city.name)]
    if words and shorts:
        pat = re.compile("(?:%s)(?:%s)" % ("|".join(map(re.escape, words)), "|".join(map(re.escape, shorts))))
        for m in pat.finditer(text):
            if not text.startswith(("区", "县", "市"), m.end()):
                out.append(Candidate(m.start(), m.end(), m.group(0), "Program", "", "area-brand", P_STRONG))
    return out


def _at_word_start(text: str, i: int, ctx: Ctx) -> bool:
    return i == 0 or not is_name_char(text[i - 1], ctx.rules) or boundary_ending_at(text, i, max(0, i - 8), i, ctx.rules)


def cued_programmes(ctx: Ctx) -> list[Candidate]:
    """Programmes written without quotes after the verb that carries them out (实施X行动, 深入实施X计划,
    完成X提升行动年度任务): the run between the verb and the head, when no other verb stands in it and it
    is more than generic words."""
    text, rules = ctx.text, ctx.rules
    cues = rules.program.get("cues", {})
    out = []
    for head, verbs in cues.items():
        verbs = sorted(verbs, key=len, reverse=True)
        for m in re.finditer(re.escape(head), text):
            b = m.end()
            if not starts_with_boundary(text, b, rules, ("年度任务",)):
                continue
            # the nearest cue before the head that leaves a stem of four characters or more
            # (完成X改革深化提升行动: 深化 is inside the name, 完成 carries it out)
            a = -1
            for x in range(m.start() - 4, max(0, m.start() - 18), -1):
                if not all(is_cjk(ch) for ch in text[x - 1:m.start()]):
                    break
                if any(text.endswith(v, 0, x) for v in verbs):
                    a = x
                    break
            if a < 0:
                continue
            stem = text[a:m.start()]
            if stem in rules.generic:
                continue
            out.append(Candidate(a, b, text[a:b], "Program", "", f"cued:{head}", P_STRONG))
    return out


def known_programmes(ctx: Ctx) -> list[Candidate]:
    """National strategies and reforms known by name (national strategies, X长制), quoted or not;
    a quoted one with a head is read by :func:`quotes` as well, whole."""
    words = ctx.rules.program.get("known", [])
    if not words:
        return []
    pat = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    prefixes = tuple(ctx.rules.program.get("known_prefixes", []))
    out = []
    for m in pat.finditer(ctx.text):
        if len(m.group(0)) < 8 and not starts_with_boundary(ctx.text, m.end(), ctx.rules,
                                                            tuple(ctx.rules.program.get("known_follow", []))):
            continue  # a short known name ends where a word may end (a long one is read wherever it stands)
        # the era a strategy is renewed for, written before it (新时代X), is a written form of its name
        pre = next((p for p in prefixes if ctx.text.endswith(p, 0, m.start())), "")
        out.append(Candidate(m.start(), m.end(), m.group(0), "Program", "", "known-programme", P_QUOTE + 2,
                             aliases=(pre + m.group(0),) if pre else ()))
    return out


def editions(ctx: Ctx) -> list[Candidate]:
    """Events written with their edition (第22届X会): the name without it, the edition as alias.
    The name ends at the first event ending that a boundary follows (论坛, not the 展 of 发展)."""
    text, rules = ctx.text, ctx.rules
    ends = tuple(sorted(rules.event.get("edition_endings", []), key=len, reverse=True))
    parts = "|".join(map(re.escape, rules.event.get("part_words", []))) or "(?!)"
    event_part = re.compile(rf"[\u4e00-\u9fff]{{0,3}}?(?:{parts})")
    out = []
    for m in re.finditer(rf"第 ?[{CN_NUM}\d]+ ?届 ?", text):
        s = m.end()
        for k in range(s + 2, min(len(text), s + 16) + 1):
            if not all(is_name_char(ch, rules) for ch in text[s:k]):
                break
            if text[s:k].endswith(ends) and (starts_with_boundary(text, k, rules, tuple(rules.event.get("follow", [])))
                                             or event_part.match(text, k)) \
                    and not text.startswith("第", k):
                core = text[s:k]
                if re.search(r"代表大会|人大|政协|委员会|党代会|会议$", core):
                    break
                out.append(Candidate(m.start(), k, core, "Event", "", "edition", P_STRONG + 1,
                                     aliases=(view_name(text, m.start(), k),), strong=True))
                break
    return out
