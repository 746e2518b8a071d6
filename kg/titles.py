"""Titles conferred or pursued: a level and a designation (省级X中小企业, 国家N级景区,
全国X百强县), hospital grades (三级乙等X医院), and the designations an area sets out to become
(打造X先行区, 建设X节点城市).

A level title starts with its level (国家级, 省级, 全国, 省 …) where a word may start and ends with
the last designation word (企业, 景区, 示范点 …) that a boundary follows; what lies between may hold
quotes (X“小巨人”企业) and a Latin grade (5A级). What it is given to is outside it. The words
come from ``data/lexicon/entities.toml`` ([award]).
"""
from __future__ import annotations

import re

from .names import CN_NUM, P_AWARD, P_WEAK, Candidate, Ctx, _at_boundary, view_name
from .spans import boundary_ending_at, is_name_char, starts_with_boundary

_BATCH = re.compile(rf"(?:第[{CN_NUM}\d]+批|首批)$")
_COUNT = re.compile(r"\d+(?:\.\d+)?(?:余|多)?[家户个项所名座条批人处]")
P_TITLE = P_AWARD + 1


def _scan(text: str, j: int, limit: int, ctx: Ctx) -> int:
    """End of the run a title may fill from ``j``: name characters, quotes, line breaks; it stops
    at punctuation, a count (4家), a 和/及/与 that joins two titles, or a tail (称号)."""
    rules = ctx.rules
    tails = tuple(rules.award.get("title_tails", []))
    k = j
    depth = 0
    while k < len(text) and k - j < limit:
        ch = text[k]
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == "\n" or is_name_char(ch, rules):
            if depth == 0 and (_COUNT.match(text, k) or text.startswith(tails, k)):
                break
            if depth == 0 and ch in "和及与" and _joins_titles(text, k, rules):
                break
        else:
            break
        k += 1
    return k


def _joins_titles(text: str, k: int, rules) -> bool:
    """Is the 和/及/与 at ``k`` a conjunction (not part of 文化和旅游)?"""
    from .spans import _protected_at

    return not _protected_at(text, k, max(0, k - 8), min(len(text), k + 8), rules)


def _endings(ctx: Ctx, key: str) -> tuple[str, ...]:
    return tuple(sorted(ctx.rules.award.get(key, []), key=len, reverse=True))


def level_titles(ctx: Ctx) -> list[Candidate]:
    """Titles led by their level (省级X企业, 国家N级景区, 省首批X名单)."""
    text, rules = ctx.text, ctx.rules
    markers = _endings(ctx, "level_markers")
    endings = _endings(ctx, "title_endings")
    known = set(rules.award.get("known", []))
    if not markers or not endings:
        return []
    pat = re.compile("|".join(map(re.escape, markers)))
    conferring = tuple(rules.award.get("conferring", []))
    out = []
    for m in pat.finditer(text):
        i, j = m.start(), m.end()
        if text[i:j + 1] in rules.agency.get("not_levels", []):
            continue  # 省外, 市内: outside or inside the province, no level
        if not (_at_boundary(text, i, rules) or _BATCH.search(text, 0, i)
                or m.group(0).endswith("级") and text[i - 1] in "乡镇村"):
            continue  # (X乡省级Y园: the title of the township named before it)
        k = _scan(text, j, 24, ctx)
        # the last designation word in the run that a boundary follows ends the title
        best = -1
        for e in range(k, j + 1, -1):
            if text.endswith(endings, j, e) and (e == k or starts_with_boundary(
                    text, e, rules, ("评价", "试点", "培育", "成果", "榜单", "创建", "复检", "复审"))):
                best = e
                break
        if best < 0:
            continue
        name = view_name(text, i, best)
        core = name[len(m.group(0)):]
        ending = next(x for x in endings if core.endswith(x))
        stem = core[: -len(ending)].replace("“", "").replace("”", "")
        plain = rules.award.get("plain_stems", [])
        conferred = text.endswith(conferring, 0, i)
        if (len(stem) < 2 and len(ending) < 3) or stem.lstrip("省市县区") in plain and not conferred or core in known:
            continue  # 省级医院; a known designation with its level is read by kg.lists
        if name.endswith(tuple(rules.award.get("rank_endings", []))) and not any(
                w in core for w in rules.award.get("rank_titles", [])):
            continue  # 省级以上X重点龙头企业: a rank in a list of enterprises
        if text.startswith("建设", best) and not conferred:
            continue  # 抢抓国家X基地建设机遇: a thing being built, not a title given
        # 省级以上X and 省级X are one title
        key = "Award:" + name.replace("以上", "", 1).replace("\n", "")
        # a national designation is named without its level (国家级X“Y”企业)
        bare = core.replace("\n", "")
        aliases = (bare,) if m.group(0) in ("国家级", "国家") and len(bare) >= 6 else ()
        out.append(Candidate(i, best, name, "Award", "", "level-title", P_TITLE, key=key, aliases=aliases))
    return out


def grades(ctx: Ctx) -> list[Candidate]:
    """Grades of hospitals after the verb that confers them (创成二级医院, 创建为三级乙等X医院)."""
    text = ctx.text
    cfg = ctx.rules.award
    pat = cfg.get("grade_pattern", "")
    verbs = tuple(cfg.get("grade_verbs", []))
    if not pat or not verbs:
        return []
    out = []
    for m in re.finditer(pat, text):
        if text.endswith(verbs, 0, m.start()):
            out.append(Candidate(m.start(), m.end(), m.group(0), "Award", "", "grade", P_TITLE))
    return out


def goals(ctx: Ctx) -> list[Candidate]:
    """Designations an area sets out to become: after 打造/建设/争创 …, each item of the object that
    ends in a goal word (先行区, 强县, 节点城市 …) where a boundary follows."""
    text, rules = ctx.text, ctx.rules
    verbs = _endings(ctx, "goal_verbs")
    endings = _endings(ctx, "goal_endings")
    if not verbs or not endings:
        return []
    out = []
    for m in re.finditer("|".join(map(re.escape, verbs)), text):
        a = m.end()
        while True:
            k = _scan(text, a, 20, ctx)
            seg = text[a:k]
            e = next((a + x for x in range(len(seg), 1, -1)
                      if seg[:x].endswith(endings) and (x == len(seg) or starts_with_boundary(text, a + x, rules, ("上",)))),
                     -1)
            if e < 0:
                break
            stem = view_name(text, a, e)
            ending = next(x for x in endings if stem.endswith(x))
            core = stem[: -len(ending)]
            if len(core) >= 2 and core not in rules.generic and not any(
                    boundary_ending_at(text, x, a, e, rules, words_only=True) for x in range(a + 2, e - len(ending) + 1)):
                out.append(Candidate(a, e, stem, "Award", "", "goal-title", P_WEAK + 5))
            # 、 or 和 goes on with the next designation of the same object
            if e < len(text) and text[e] in "、和及与":
                a = e + 1
                continue
            break
    return out


def titles(ctx: Ctx) -> list[Candidate]:
    return level_titles(ctx) + grades(ctx) + goals(ctx)


def read_whole(found: list[Candidate], cands: list[Candidate], conferred: list[Candidate]) -> list[Candidate]:
    """The candidates with the titles ``found`` here: a level title is read whole, so the titles
    ``conferred`` that overlap it (入选省级X工厂试点) and the titles and programmes inside it (a known
    designation, a quoted word) are dropped."""
    def inside(c, t):
        return t.start <= c.start and c.end <= t.end and (t.start, t.end) != (c.start, c.end)

    conferred = [c for c in conferred if not any(t.start < c.end and c.start < t.end and (t.start, t.end) != (
        c.start, c.end) for t in found)]
    # a title written with a quote inside (X“Y”企业) holds the quoted word too
    holders = found + [c for c in conferred if "“" in c.name]
    rest = [c for c in cands + conferred if c.type not in ("Award", "Program") or not any(inside(c, t) for t in holders)]
    return rest + found
