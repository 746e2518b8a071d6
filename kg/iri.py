"""Every IRI the KG mints, minted here and only here.

IRIs are cool URIs: readable, persistent, derived from what a thing is and never from run order.

========================================  ==================================================
``{base}id/report/{report}``              a report (``fu-zhou-shi-cang-shan-qu-2022``)
``{base}id/report/{report}/text``         its full text (a ``nif:Context``)
``{base}id/report/{report}/text#char=s,e``  a span of it (RFC 5147 fragment, as NIF does)
``{base}id/report/{report}/section/1-2``  section （二） of part 一、
``{base}id/dataset/{report}``             the ``qb:DataSet`` of a report's observations
``{base}id/observation/{report}/{indicator}/{area}/{period}/{measure}``  one observation
``{base}id/indicator/{CODE}``             a headline indicator (in the vocabulary)
``{base}id/indicator/s/{slug}``           a non-headline subject, by its words and unit
``{base}id/place/{code}``                 an administrative division, by its division code
``{base}id/{type}/{scope}/{slug}``        another named thing, within the area that names it
``{base}id/organization/{slug}``          companies and other bodies (named nationally)
``{base}id/milestone/{project}/{status}/{period}``
``{base}graph/report/{report}``           the named graph of a report
``{base}graph/vocabulary``                ontology, code lists and indicator scheme
``{base}graph/metadata``                  DCAT / VoID description of the KG
``{base}id/dataset/plankg``               the whole KG as a dataset
========================================  ==================================================

Slugs are toneless pinyin of the Chinese words joined by ``-`` (ASCII letters and digits kept);
long slugs are cut and end in a short hash of the full words, so they stay unique.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from pypinyin import lazy_pinyin
from rdflib import URIRef

from .vocab import VOCAB_ROOT

#: Entity types and their path segment.
TYPE_SEGMENTS = {
    "Place": "place",
    "Agency": "agency",
    "Organization": "organization",
    "Project": "project",
    "Program": "program",
    "Event": "event",
    "Award": "award",
}

_MAX_SLUG = 64


def slug(words: str, max_len: int = _MAX_SLUG) -> str:
    """Readable ASCII slug of Chinese (and Latin) words: ``仓山区`` → ``cang-shan-qu``."""
    parts: list[str] = []
    for p in lazy_pinyin(words, errors=lambda chars: [c for c in chars]):
        p = p.lower()
        tokens = re.findall(r"[a-z0-9]+", p)
        parts.extend(tokens)
    s = "-".join(parts)
    if not s:
        return "x-" + _hash(words)
    if len(s) > max_len:
        s = s[: max_len - 9].rstrip("-") + "-" + _hash(words)
    return s


def _hash(words: str, n: int = 8) -> str:
    return hashlib.sha1(words.encode("utf-8")).hexdigest()[:n]


@dataclass(frozen=True)
class IRIs:
    """Mints IRIs under one base (``Settings.base_iri``)."""

    base: str

    def _u(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    # documents
    def report(self, rid: str) -> URIRef:
        return self._u(f"id/report/{rid}")

    def text(self, rid: str) -> URIRef:
        return self._u(f"id/report/{rid}/text")

    def span(self, rid: str, start: int, end: int) -> URIRef:
        return self._u(f"id/report/{rid}/text#char={start},{end}")

    def section(self, rid: str, path: tuple[int, ...]) -> URIRef:
        return self._u(f"id/report/{rid}/section/{'-'.join(str(p) for p in path)}")

    def source_file(self, rid: str) -> URIRef:
        return self._u(f"download/report/{rid}.txt")

    def activity(self, rid: str) -> URIRef:
        return self._u(f"id/activity/extract/{rid}")

    # statistics
    def dataset(self, rid: str) -> URIRef:
        return self._u(f"id/dataset/{rid}")

    def kg_dataset(self) -> URIRef:
        return self._u("id/dataset/plankg")

    def distribution(self, name: str) -> URIRef:
        return self._u(f"id/distribution/{name}")

    def observation(self, rid: str, indicator_key: str, area_key: str, period: int, measure: str) -> URIRef:
        return self._u(f"id/observation/{rid}/{indicator_key}/{area_key}/{period}/{measure}")

    def subject_indicator(self, key: str) -> URIRef:
        return self._u(f"id/indicator/s/{key}")

    @staticmethod
    def headline_indicator(code: str) -> URIRef:
        return URIRef(f"{VOCAB_ROOT}id/indicator/{code}")

    # things
    def division(self, code: str) -> URIRef:
        return self._u(f"id/place/{code}")

    def entity(self, type_: str, name_slug: str, scope: str = "") -> URIRef:
        seg = TYPE_SEGMENTS[type_]
        return self._u(f"id/{seg}/{scope}/{name_slug}" if scope else f"id/{seg}/{name_slug}")

    def milestone(self, project_iri: str, status: str, period: int | None) -> URIRef:
        tail = project_iri[len(self.base) + 3:] if project_iri.startswith(self.base + "id/") else _hash(project_iri)
        return self._u(f"id/milestone/{tail}/{status}/{period if period else 'undated'}")

    # graphs
    def report_graph(self, rid: str) -> URIRef:
        return self._u(f"graph/report/{rid}")

    def vocabulary_graph(self) -> URIRef:
        return self._u("graph/vocabulary")

    def metadata_graph(self) -> URIRef:
        return self._u("graph/metadata")
