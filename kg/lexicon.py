"""The general knowledge the pipeline reads text with, gathered in one immutable object.

Everything here comes from data files, each of which says where its knowledge comes from:
units from the unit code list (``ontology/units.ttl``), headline indicator names from the
concept scheme (``ontology/indicators.ttl``), cue words from ``data/lexicon/*.toml``. This module
parses what :mod:`kg.io` has read; it opens no files itself.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from .errors import LexiconError
from .vocab import PK


@dataclass(frozen=True)
class Unit:
    word: str  # the surface form matched in text
    base: str  # the unit's canonical zh label (unit_base in exports)
    slug: str  # last segment of the unit's IRI
    kind: str  # currency, area, count, percent, percentage-point, ...


@dataclass(frozen=True)
class Indicator:
    code: str
    label_zh: str
    label_en: str
    names: tuple[str, ...]  # prefLabel and altLabels in Chinese and Latin


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, Unit]
    multipliers: dict[str, int]
    indicators: dict[str, Indicator]
    indicator_names: dict[str, str]  # name -> code
    cues: dict  # the parsed quantities.toml
    noise: tuple[re.Pattern, ...] = ()
    entity_rules: dict = field(default_factory=dict)  # parsed entities.toml, if any
    glossary: tuple[tuple[str, str, str], ...] = ()  # (zh, en, kind) rows of glossary.csv

    def cue(self, *path: str) -> list | dict:
        node = self.cues
        for p in path:
            node = node[p]
        return node

    def longest(self, words, text: str, pos: int) -> str | None:
        """The longest of ``words`` that occurs in ``text`` at ``pos``."""
        best = None
        for w in words:
            if text.startswith(w, pos) and (best is None or len(w) > len(best)):
                best = w
        return best


def _zh(literals) -> list[str]:
    return [str(x) for x in literals if isinstance(x, Literal) and (x.language or "").startswith("zh")]


def parse_units(turtle: str) -> dict[str, Unit]:
    g = Graph()
    g.parse(data=turtle, format="turtle")
    units: dict[str, Unit] = {}
    for u in sorted(g.subjects(RDF.type, PK.Unit)):
        pref = _zh(g.objects(u, SKOS.prefLabel))
        if len(pref) != 1:
            raise LexiconError(f"unit {u} needs exactly one zh prefLabel")
        kind = str(g.value(u, PK.unitKind) or "")
        slug = str(u).rstrip("/").rsplit("/", 1)[-1]
        for word in pref + _zh(g.objects(u, SKOS.altLabel)):
            if word in units and units[word].slug != slug:
                raise LexiconError(f"unit word {word!r} belongs to two units")
            units[word] = Unit(word, pref[0], slug, kind)
    return units


def parse_indicators(turtle: str) -> tuple[dict[str, Indicator], dict[str, str]]:
    g = Graph()
    g.parse(data=turtle, format="turtle")
    indicators: dict[str, Indicator] = {}
    names: dict[str, str] = {}
    for c in sorted(g.subjects(RDF.type, PK.HeadlineIndicator)):
        code = str(g.value(c, SKOS.notation))
        pref_zh = _zh(g.objects(c, SKOS.prefLabel))
        pref_en = [str(x) for x in g.objects(c, SKOS.prefLabel) if getattr(x, "language", None) == "en"]
        alts = [str(x) for x in g.objects(c, SKOS.altLabel)]
        all_names = tuple(dict.fromkeys(pref_zh + sorted(alts)))
        indicators[code] = Indicator(code, pref_zh[0] if pref_zh else code, pref_en[0] if pref_en else code,
                                     all_names)
        for n in all_names:
            if n in names and names[n] != code:
                raise LexiconError(f"indicator name {n!r} belongs to {names[n]} and {code}")
            names[n] = code
    return indicators, names


def parse_noise(toml_text: str) -> tuple[re.Pattern, ...]:
    data = tomllib.loads(toml_text)
    try:
        return tuple(re.compile(p) for p in data["line"]["patterns"])
    except (KeyError, re.error) as e:
        raise LexiconError(f"bad web-noise patterns: {e}") from None


def build_lexicon(*, units_ttl: str, indicators_ttl: str, quantities_toml: str,
                  noise_toml: str = "", entities_toml: str = "", glossary_csv: str = "") -> Lexicon:
    """Assemble a :class:`Lexicon` from the texts of its data files."""
    try:
        cues = tomllib.loads(quantities_toml)
    except tomllib.TOMLDecodeError as e:
        raise LexiconError(f"quantities.toml: {e}") from None
    indicators, names = parse_indicators(indicators_ttl)
    return Lexicon(
        units=parse_units(units_ttl),
        multipliers=dict(cues["multipliers"]),
        indicators=indicators,
        indicator_names=names,
        cues=cues,
        noise=parse_noise(noise_toml) if noise_toml else (),
        entity_rules=tomllib.loads(entities_toml) if entities_toml else {},
        glossary=parse_glossary(glossary_csv) if glossary_csv else (),
    )


def parse_glossary(csv_text: str) -> tuple[tuple[str, str, str], ...]:
    """Rows ``zh,en,kind`` of the English glossary (lines starting with ``#`` are comments)."""
    import csv
    import io

    lines = [ln for ln in csv_text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = []
    for r in csv.DictReader(io.StringIO("\n".join(lines))):
        if not r.get("zh") or not r.get("en"):
            raise LexiconError(f"glossary.csv: a row needs zh and en: {r}")
        rows.append((r["zh"], r["en"], r.get("kind", "") or ""))
    return tuple(rows)
