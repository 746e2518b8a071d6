"""Typed, immutable data passed between the stages of the pipeline.

Every extracted item carries half-open character offsets into the *raw* text of its report
(Python ``str`` indices of the file decoded exactly as shipped) and the surface string, so that
``raw[start:end] == text`` always holds; tests assert it for everything.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of the raw text and the characters it covers."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}-{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span {self.start}-{self.end} does not fit its text {self.text!r}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Span":
        return cls(int(d["start"]), int(d["end"]), d["text"])


@dataclass(frozen=True)
class SourceText:
    """A report file as read: the raw text every offset points into."""

    doc_id: str
    raw: str
    encoding: str
    sha256: str
    file_name: str

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.raw[start:end])


@dataclass(frozen=True)
class ReportMeta:
    """What is known about a report: from its metadata file, else inferred from the text."""

    title: str = ""
    issuer: str = ""
    date: str = ""  # ISO 8601 date of delivery, e.g. 2022-12-21
    meeting: str = ""
    place: str = ""  # the reporting area as written (仓山区)
    place_full: str = ""  # with its superiors where the text gives them (福州市仓山区)
    city: str = ""
    province: str = ""
    report_year: int | None = None  # the year whose execution is reviewed
    plan_year: int | None = None  # the year planned
    sha256: str = ""
    source_url: str = ""
    id: str = ""  # a stable report id; derived from place and year when absent
    inferred: tuple[str, ...] = ()  # names of the fields inferred from the text

    def to_dict(self) -> dict:
        return _plain(asdict(self))

    @classmethod
    def from_dict(cls, d: dict) -> "ReportMeta":
        names = {f.name for f in fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise ValueError(f"unknown metadata fields: {', '.join(sorted(unknown))}")
        kw = dict(d)
        if "inferred" in kw:
            kw["inferred"] = tuple(kw["inferred"])
        for k in ("report_year", "plan_year"):
            if kw.get(k) not in (None, ""):
                kw[k] = int(kw[k])
        return cls(**kw)


@dataclass(frozen=True)
class Section:
    """A numbered section of a report (``一、`` level 1, ``（一）`` level 2)."""

    number: str  # as written: 一、 / （一）
    level: int
    title: str
    heading: Span  # the heading line
    start: int  # raw offset where the section's body starts (its heading)
    end: int  # raw offset where the next section of the same or a higher level starts
    part: str  # execution | plan | other
    path: tuple[int, ...]  # ordinal path, e.g. (1, 2) for 一、 > （二）

    def to_dict(self) -> dict:
        d = _plain(asdict(self))
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Section":
        return cls(d["number"], int(d["level"]), d["title"], Span.from_dict(d["heading"]),
                   int(d["start"]), int(d["end"]), d["part"], tuple(d["path"]))


@dataclass(frozen=True)
class Clause:
    """A clause of the normalised view, mapped back to the raw text."""

    span: Span  # in the raw text
    sentence: Span  # the sentence (up to 。；！？) that contains it, raw
    view_start: int  # offsets in the normalised view
    view_end: int


@dataclass(frozen=True)
class Observation:
    """One stated quantity and what it means."""

    number: Span  # the number itself, sign included (-6.1), raw
    clause: Span  # the clause that states it, raw
    value: Decimal  # as written, sign applied
    unit_text: str  # the unit as written, with its multiplier (亿元); '' for a bare rank
    unit_base: str  # the unit without multiplier (元); '' for a rank
    multiplier_exp: int  # power of ten of the multiplier (8 for 亿)
    measure: str  # level | growth_pct | change_pp | share_pct | rank | ratio
    qualifier: str  # eq | gt | ge | approx | le
    subject: str  # what is measured, in the report's words
    indicator: str | None  # headline indicator code, when it is one
    period: int
    status: str  # estimate | actual | target | previous
    place: str  # area as written
    section_path: tuple[int, ...] = ()
    rule: str = ""  # which rule produced it (explanation)

    @property
    def value_base(self) -> Decimal:
        return self.value.scaleb(self.multiplier_exp)

    def to_dict(self) -> dict:
        d = _plain(asdict(self))
        d["value_base"] = str(self.value_base)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Observation":
        kw = {f.name: d[f.name] for f in fields(cls) if f.name in d}
        kw["number"] = Span.from_dict(d["number"])
        kw["clause"] = Span.from_dict(d["clause"])
        kw["value"] = Decimal(d["value"])
        kw["section_path"] = tuple(d.get("section_path", ()))
        return cls(**kw)


@dataclass(frozen=True)
class Mention:
    span: Span
    rule: str = ""

    def to_dict(self) -> dict:
        return _plain(asdict(self))

    @classmethod
    def from_dict(cls, d: dict) -> "Mention":
        return cls(Span.from_dict(d["span"]), d.get("rule", ""))


@dataclass(frozen=True)
class Entity:
    """A named thing of a report: one per real thing, with every mention kept."""

    key: str  # stable key within the report: type + normalised name
    type: str  # Place | Agency | Organization | Project | Program | Event | Award
    name: str  # zh name, as written in its fullest form
    subtype: str = ""  # finer class, e.g. AdministrativeDivision, Road, Meeting
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    name_en: str = ""
    pinyin: str = ""
    part_of: str | None = None  # key of the containing place / superior body
    scope: str = ""  # the area that qualifies its IRI (division code or slug) when local
    links: dict = field(default_factory=dict)  # wikidata, geonames, admin_code, lat, lon, source

    def to_dict(self) -> dict:
        return _plain(asdict(self))

    @classmethod
    def from_dict(cls, d: dict) -> "Entity":
        kw = dict(d)
        kw["aliases"] = tuple(d.get("aliases", ()))
        kw["mentions"] = tuple(Mention.from_dict(m) for m in d.get("mentions", ()))
        kw["links"] = dict(d.get("links", {}))
        return cls(**kw)

    def __hash__(self) -> int:  # links is a dict; identity is the key
        return hash((self.key, self.type))


@dataclass(frozen=True)
class Relation:
    """A relation stated in the text between two entities, or an entity and an observation."""

    subject: str  # entity key
    predicate: str  # location | part_of | status | investment | responsible | conferred_on | ...
    object: str  # entity key, observation index, or a code (for status)
    period: int | None = None
    evidence: Span | None = None

    def to_dict(self) -> dict:
        return _plain(asdict(self))

    @classmethod
    def from_dict(cls, d: dict) -> "Relation":
        ev = d.get("evidence")
        return cls(d["subject"], d["predicate"], d["object"], d.get("period"),
                   Span.from_dict(ev) if ev else None)


@dataclass(frozen=True)
class ReportExtraction:
    """Everything the pipeline knows about one report, ready to become RDF."""

    source: SourceText
    meta: ReportMeta
    sections: tuple[Section, ...]
    observations: tuple[Observation, ...]
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
