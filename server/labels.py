"""Readable names for IRIs: labels in zh, en and pinyin from the KG, else a compact IRI.

>>> curie("http://www.w3.org/2004/02/skos/core#prefLabel")
'skos:prefLabel'
>>> pinyin_of("仓山区")
'cāng shān qū'
"""
from __future__ import annotations

from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from kg.vocab import PREFIXES

from .queries import iri, select

_LABEL_PROPS = ("skos:prefLabel", "rdfs:label", "dcterms:title", "foaf:name", "nif:anchorOf")
_PINYIN_TAGS = ("zh-latn-pinyin", "zh-latn")


@dataclass(frozen=True)
class Label:
    zh: str = ""
    en: str = ""
    pinyin: str = ""

    @property
    def best(self) -> str:
        return self.zh or self.en or self.pinyin

    def __bool__(self) -> bool:
        return bool(self.zh or self.en or self.pinyin)


def curie(value: str) -> str:
    """``prefix:local`` for an IRI in a known namespace, else the IRI."""
    best = ""
    for p, ns in PREFIXES.items():
        if value.startswith(ns) and len(ns) > len(best) and "/" not in value[len(ns):]:
            best = ns
            out = f"{p}:{value[len(ns):]}"
    return out if best else value


def pinyin_of(zh: str) -> str:
    """Pinyin with tone marks, syllables separated by spaces (computed, for display)."""
    return " ".join(p.strip() for p in lazy_pinyin(zh, style=Style.TONE) if p.strip())


def labels(state, iris) -> dict[str, Label]:
    """Labels of many IRIs in one query; IRIs without a label are absent."""
    iris = sorted({i for i in iris if i})
    out: dict[str, Label] = {}
    for chunk in (iris[i:i + 400] for i in range(0, len(iris), 400)):
        values = " ".join(iri(i) for i in chunk)
        rows = select(state, f"""
            SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {values} }}
              VALUES ?p {{ {' '.join(_LABEL_PROPS)} }} ?s ?p ?l . FILTER(isLiteral(?l)) }}""")
        found: dict[str, dict[str, tuple[int, str]]] = {}
        for r in rows:
            lang = r["l"].lang.lower()
            slot = "zh" if lang in ("zh", "zh-hans", "zh-cn") else "en" if lang.startswith("en") else (
                "pinyin" if lang in _PINYIN_TAGS else "zh" if lang == "" else "")
            if not slot:
                continue
            rank = _LABEL_PROPS.index(_short(r["p"].value))
            cur = found.setdefault(r["s"].value, {})
            if slot not in cur or (rank, r["l"].value) < cur[slot]:
                cur[slot] = (rank, r["l"].value)
        for s, slots in found.items():
            out[s] = Label(**{k: v[1] for k, v in slots.items()})
    return out


def _short(value: str) -> str:
    return curie(value)


def display(value: str, known: dict[str, Label]) -> str:
    """The text a page shows for an IRI."""
    lab = known.get(value)
    return lab.best if lab else curie(value)
