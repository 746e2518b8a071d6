"""The entity patterns of ``data/lexicon/entities.toml``, checked and compiled once per lexicon.

The TOML file holds all the knowledge (name endings, boundary words, cue words); this module
only turns it into sets and lookup tables and fails early, naming the key, when the file is
malformed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import LexiconError

TYPES = ("Place", "Agency", "Organization", "Project", "Program", "Event", "Award")


@dataclass(frozen=True)
class SuffixRule:
    type: str
    subtype: str
    strong: bool
    min_stem: int
    max_len: int
    right_bound: bool
    proper_stem: bool  # the stem must not be made of generic words only
    marker: bool  # a level marker or a trigger must precede the name
    letter_stem_ok: bool  # a bare letter may stand for the stem (D地块)
    gazetteer_only: bool  # only names the gazetteer knows
    common_stem_ok: bool = False  # a common word may be the whole stem (an industry word before 小镇)
    not_before: tuple[str, ...] = ()  # what may not follow the ending (公司制, 公司化: words, not names)


@dataclass(frozen=True)
class EntityRules:
    boundary_words: frozenset[str]
    boundary_chars: frozenset[str]
    protected: tuple[str, ...]
    name_chars: frozenset[str]
    generic: frozenset[str]
    endings: dict[str, SuffixRule]  # ending -> rule
    max_ending: int
    place: dict
    agency: dict
    program: dict
    event: dict
    organization: dict
    project: dict
    award: dict
    max_boundary: int = 8
    status_words: dict = field(default_factory=dict)
    follow: tuple[str, ...] = ()  # words that may follow a name
    word_start_chars: frozenset[str] = frozenset()  # boundary characters only where a word starts (原)

    @property
    def protected_set(self) -> frozenset[str]:
        return _protected_index(self.protected)[0]

    @property
    def protected_lengths(self) -> tuple[int, ...]:
        return _protected_index(self.protected)[1]


@lru_cache(maxsize=64)
def _protected_index(protected: tuple[str, ...]) -> tuple[frozenset[str], tuple[int, ...]]:
    return frozenset(protected), tuple(sorted({len(p) for p in protected}))


def _list(d: dict, key: str, where: str) -> list[str]:
    v = d.get(key, [])
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise LexiconError(f"entities.toml: {where}.{key} must be a list of strings")
    return v


def compile_rules(data: dict) -> EntityRules:
    """Check and compile the parsed ``entities.toml``."""
    if not data:
        raise LexiconError("entities.toml is missing or empty: the entities stage needs it")
    b = data.get("boundary", {})
    endings: dict[str, SuffixRule] = {}
    for i, r in enumerate(data.get("suffix", [])):
        t = r.get("type")
        if t not in TYPES:
            raise LexiconError(f"entities.toml: suffix rule {i} has unknown type {t!r}")
        rule = SuffixRule(t, r.get("subtype", ""), r.get("strength", "weak") == "strong", int(r.get("min_stem", 2)),
                          int(r.get("max_len", 12)), bool(r.get("right_bound", False)),
                          bool(r.get("proper_stem", False)), bool(r.get("marker", False)),
                          bool(r.get("letter_stem_ok", False)), bool(r.get("gazetteer_only", False)),
                          bool(r.get("common_stem_ok", False)), tuple(_list(r, "not_before", f"suffix[{i}]")))
        for e in _list(r, "endings", f"suffix[{i}]"):
            if e in endings:
                raise LexiconError(f"entities.toml: name ending {e!r} belongs to two suffix rules")
            endings[e] = rule
    words = set(_list(b, "words", "boundary"))
    project = data.get("project", {})
    status = project.get("status", {})
    codes = {"planned", "signed", "started", "in_progress", "topped_out", "completed", "opened"}
    bad = {k: v for k, v in status.items() if v not in codes}
    if bad:
        raise LexiconError(f"entities.toml: unknown project status codes {bad}")
    try:
        re.compile(data.get("award", {}).get("strip_before", ""))
        re.compile(data.get("program", {}).get("period_pattern", "^$"))
    except re.error as e:
        raise LexiconError(f"entities.toml: bad pattern: {e}") from None
    return EntityRules(
        boundary_words=frozenset(words),
        boundary_chars=frozenset(_list(b, "chars", "boundary")),
        protected=tuple(_list(b, "protected", "boundary")),
        name_chars=frozenset(b.get("name_chars", "")),
        generic=frozenset(_list(data.get("generic", {}), "words", "generic")),
        endings=endings,
        max_ending=max((len(e) for e in endings), default=1),
        place=data.get("place", {}),
        agency=data.get("agency", {}),
        program=data.get("program", {}),
        event=data.get("event", {}),
        organization=data.get("organization", {}),
        project=project,
        award=data.get("award", {}),
        max_boundary=max((len(w) for w in words), default=1),
        status_words=dict(status),
        follow=tuple(_list(b, "follow", "boundary")),
        word_start_chars=frozenset(_list(b, "word_start_chars", "boundary")),
    )
