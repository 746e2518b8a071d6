"""Labels: the zh name as written, an English name where an official one is known (the verified
link table) or else one built from the glossary of standard terms (``data/lexicon/glossary.csv``)
and pinyin, and a pinyin label (tagged ``zh-Latn-pinyin``) from ``pinyin.csv`` or pypinyin.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pypinyin import Style, lazy_pinyin

from .link import _compatible
from .model import Entity

_KINDS = {"Place": "place", "Agency": "agency", "Organization": "org", "Project": "project",
          "Program": "program", "Event": "event", "Award": "award"}
_VOWEL = re.compile(r"^[aeoāáǎàēéěèōóǒò]")


def _syllables(words: str, style) -> list[str]:
    words = re.sub(r"[“”‘’《》「」『』\s]", "", words)
    return [p for p in lazy_pinyin(words, style=style, errors=lambda cs: [cs]) if p.strip()]


def _word(words: str, style=Style.TONE) -> str:
    """One capitalised word of pinyin (Cāngshān), Latin letters and digits kept."""
    out = ""
    for s in _syllables(words, style):
        if out and _VOWEL.match(s) and out[-1].isalpha():
            out += "'"
        out += s
    return out[:1].upper() + out[1:] if out else ""


def official_en(e: Entity, gazetteer) -> str:
    row = gazetteer.link(e.name) if gazetteer is not None else None
    if row is None or not row.name_en or row.confidence not in ("high", "medium"):
        return ""
    if not _compatible(e, row, e.links.get("admin_code", "")):
        return ""
    return row.name_en.split(" (", 1)[0].strip()


def _split(name: str, e: Entity, glossary, gazetteer) -> tuple[list[tuple[str, str]], str, str]:
    """(prefix terms, division chain as (zh, en)), the stem, and the ending's English."""
    kind = _KINDS.get(e.type, "")
    ending = max((g for g in glossary if g[2] == kind and name.endswith(g[0]) and len(name) > len(g[0])),
                 key=lambda g: len(g[0]), default=None)
    rest = name[: -len(ending[0])] if ending else name
    front: list[tuple[str, str]] = []
    for zh, en, k in glossary:
        if k == "prefix" and rest.startswith(zh):
            front.append((zh, en))
            rest = rest[len(zh):]
    while gazetteer is not None:
        hit = next((rest[:k] for k in range(min(len(rest), 12), 1, -1) if rest[:k] in gazetteer.by_name), "")
        if not hit or len(hit) < 2:
            break
        front.append((hit, division_en(hit, gazetteer, glossary)))
        rest = rest[len(hit):]
    return front, rest, ending[1] if ending else ""


def division_en(name: str, gazetteer, glossary) -> str:
    row = gazetteer.link(name) if gazetteer is not None else None
    if row is not None and row.name_en and row.confidence:
        return row.name_en.split(" (", 1)[0].strip()
    ending = max((g for g in glossary if g[2] == "place" and name.endswith(g[0]) and len(name) > len(g[0])),
                 key=lambda g: len(g[0]), default=None)
    if ending is None:
        return _word(name, Style.NORMAL)
    stem = name[: -len(ending[0])]
    return f"{_word(stem, Style.NORMAL)} {ending[1]}" if ending[1] != "City" else _word(stem, Style.NORMAL)


def built_en(e: Entity, glossary, gazetteer) -> str:
    """Pinyin of the proper part plus the glossary's term for the ending; '' without a term."""
    front, stem, ending_en = _split(e.name, e, glossary, gazetteer)
    if not ending_en:
        return ""
    parts = [en for _zh, en in front]
    if stem:
        parts.append(_word(stem, Style.NORMAL))
    parts.append(ending_en)
    return " ".join(p for p in parts if p)


def pinyin(e: Entity, glossary, gazetteer) -> str:
    if gazetteer is not None and e.name in gazetteer.pinyin:
        return gazetteer.pinyin[e.name]
    front, stem, _en = _split(e.name, e, glossary, gazetteer)
    ending = e.name[len("".join(z for z, _ in front)) + len(stem):]
    words = [_word(z) for z, _ in front] + [_word(stem), _word(ending)]
    return " ".join(w for w in words if w)


def labelled(e: Entity, _all, gazetteer, glossary) -> Entity:
    en = official_en(e, gazetteer) or built_en(e, glossary, gazetteer)
    return replace(e, name_en=en, pinyin=pinyin(e, glossary, gazetteer))
