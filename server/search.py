"""One search box over labels in zh (substring), pinyin (with or without tones, spaces or case)
and en, ranked, with type facets.

The index is built once, when the app starts (:func:`build_index`), from every label of the
things a researcher looks for: named entities, indicators, reports and their sections. Pinyin is
taken from the KG's ``zh-Latn-pinyin`` labels and computed with pypinyin for every zh label.

>>> norm_latin("Cāngshān Qū")
'cangshanqu'
>>> norm_latin("cang shan")
'cangshan'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from .queries import select

#: The classes whose instances are searchable, with their facet name.
FACETS = {
    "https://w3id.org/plankg/def#Place": "Place",
    "https://w3id.org/plankg/def#GovernmentAgency": "Agency",
    "https://w3id.org/plankg/def#Organization": "Organization",
    "https://w3id.org/plankg/def#Project": "Project",
    "https://w3id.org/plankg/def#Program": "Program",
    "https://w3id.org/plankg/def#Event": "Event",
    "https://w3id.org/plankg/def#Award": "Award",
    "https://w3id.org/plankg/def#Indicator": "Indicator",
    "https://w3id.org/plankg/def#Report": "Report",
    "https://w3id.org/plankg/def#ReportSection": "Section",
}
FACET_ORDER = tuple(FACETS.values())

_QUERY = """
SELECT ?s ?class ?p ?l WHERE {
  VALUES ?class { %s }
  ?s a ?class .
  VALUES ?p { skos:prefLabel rdfs:label skos:altLabel }
  ?s ?p ?l . FILTER(isLiteral(?l))
}"""


def norm_latin(text: str) -> str:
    """Lower case, no tone marks, no spaces, hyphens or apostrophes; ü as u."""
    t = unicodedata.normalize("NFKD", text.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", t.replace("ü", "u"))


def norm_zh(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _pinyin_key(zh: str) -> tuple[str, str]:
    syl = [s for s in lazy_pinyin(zh, errors=lambda cs: [c for c in cs]) if s.strip()]
    return norm_latin("".join(syl)), "".join(norm_latin(s)[:1] for s in syl)


@dataclass(frozen=True)
class Entry:
    iri: str
    facet: str
    label: str  # the name shown
    zh: tuple[str, ...]  # normalised zh labels
    latin: tuple[str, ...]  # normalised en and pinyin labels
    initials: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: int


def build_index(state) -> tuple[Entry, ...]:
    classes = " ".join(f"<{c}>" for c in FACETS)
    by: dict[str, dict] = {}
    for r in select(state, _QUERY % classes):
        s = r["s"].value
        e = by.setdefault(s, {"facets": set(), "zh": set(), "latin": set(), "init": set(), "shown": []})
        e["facets"].add(FACETS[r["class"].value])
        lab = r["l"]
        lang = lab.lang.lower()
        alt = r["p"].value.endswith("#altLabel")
        if lang.startswith("zh-latn") or lang.startswith("en"):
            e["latin"].add(norm_latin(lab.value))
            if lang.startswith("en"):
                e["shown"].append((4 if alt else 2, lab.value))
        else:
            e["zh"].add(norm_zh(lab.value))
            full, init = _pinyin_key(lab.value)
            e["latin"].add(full)
            e["init"].add(init)
            pref = r["p"].value.endswith("#prefLabel")
            e["shown"].append((3 if alt else 0 if pref else 1, lab.value))
    out = []
    for s, e in sorted(by.items()):
        facet = next(f for f in FACET_ORDER if f in e["facets"])
        shown = min(e["shown"])[1] if e["shown"] else s
        out.append(Entry(s, facet, shown, tuple(sorted(e["zh"])), tuple(sorted(x for x in e["latin"] if x)),
                         tuple(sorted(x for x in e["init"] if x))))
    return tuple(out)


def _score(entry: Entry, qz: str, ql: str) -> int:
    best = 0
    for z in entry.zh:
        if qz and qz in z:
            best = max(best, 100 if z == qz else 80 if z.startswith(qz) else 60)
    if len(ql) >= 2:
        for t in entry.latin:
            if ql in t:
                best = max(best, 90 if t == ql else 70 if t.startswith(ql) else 50)
        for t in entry.initials:
            if len(ql) >= 2 and t.startswith(ql):
                best = max(best, 30)
    return best


def search(index: tuple[Entry, ...], q: str, facet: str = "") -> tuple[list[Hit], dict[str, int]]:
    """Hits for ``q`` (best first) and the number of hits per facet (before the facet filter)."""
    qz, ql = norm_zh(q), norm_latin(q)
    if not qz:
        return [], {}
    hits = [Hit(e, s) for e in index if (s := _score(e, qz, ql))]
    hits.sort(key=lambda h: (-h.score, len(h.entry.label), FACET_ORDER.index(h.entry.facet), h.entry.label))
    counts: dict[str, int] = {}
    for h in hits:
        counts[h.entry.facet] = counts.get(h.entry.facet, 0) + 1
    if facet:
        hits = [h for h in hits if h.entry.facet == facet]
    return hits, {f: counts[f] for f in FACET_ORDER if f in counts}
