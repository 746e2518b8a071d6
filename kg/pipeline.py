"""The staged pipeline for one report, from bytes to a :class:`~kg.model.ReportExtraction`.

load → normalise → structure → quantities → meaning → entities → link. Each stage is a plain
function of immutable inputs; this module only chains them.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pypinyin import lazy_pinyin

from . import entities as entities_stage
from .errors import MetadataError
from .lexicon import Lexicon
from .load import load_source
from .meaning import interpret
from .model import ReportExtraction, ReportMeta
from .normalise import normalise
from .numbers import scan
from .structure import find_sections, infer_meta
from .tables import read_tables


def report_id(meta: ReportMeta, fallback: str) -> str:
    """A readable, stable id: from the metadata, else ``{place pinyin}-{report year}``."""
    if meta.id:
        return meta.id
    if meta.place and meta.report_year:
        place = meta.place_full or meta.place
        slug = "-".join(p for p in lazy_pinyin(place) if re.fullmatch(r"[a-z0-9]+", p))
        if slug:
            return f"{slug}-{meta.report_year}"
    return fallback


def with_tables(observations, table_obs, rows) -> tuple:
    """The text reader's observations, except inside table rows, where the cells are read instead."""
    if not rows:
        return observations
    outside = [o for o in observations if not any(a <= o.number.start < b for a, b in rows)]
    return tuple(sorted(outside + list(table_obs), key=lambda o: (o.number.start, o.number.end)))


def extract(data: bytes, *, file_name: str, fallback_id: str, meta: ReportMeta | None,
            lex: Lexicon, gazetteer=None) -> ReportExtraction:
    """Run every stage on the bytes of one report file."""
    source = load_source(data, doc_id=fallback_id, file_name=file_name)
    if meta is not None and meta.sha256 and meta.sha256.lower() != source.sha256:
        # a metadata file written for another version of the report: its offsets, title and
        # checksum would describe text that is not there
        raise MetadataError(f"the metadata file's sha256 ({meta.sha256[:12]}…) is not the report's "
                            f"({source.sha256[:12]}…): the report changed, or the metadata belongs to another",
                            path=file_name)
    view = normalise(source, lex.noise)
    full_meta = infer_meta(source, view, meta, lex)
    full_meta = replace(full_meta, sha256=source.sha256, id=report_id(full_meta, fallback_id))
    source = replace(source, doc_id=full_meta.id)
    sections = find_sections(source, view, full_meta, lex)
    tokens, _skipped = scan(view.text, lex)
    observations = interpret(source, view, tokens, sections, full_meta, lex)
    observations = with_tables(observations, *read_tables(source, full_meta, lex))
    extraction = ReportExtraction(source=source, meta=full_meta, sections=sections, observations=observations)
    return places_as_entities(entities_stage.recognise(extraction, view, lex, gazetteer))


def places_as_entities(ex: ReportExtraction) -> ReportExtraction:
    """Each observation's area by the name of the entity it is: the sentence's topic as the quantity
    stage read it (规划建设X产业园，…) may carry the verb before the name the entity stage cut off."""
    names: dict[str, str] = {}
    # a place first; else the park or zone that the entity stage read as a project (X产业园)
    for e in sorted(ex.entities, key=lambda e: e.type != "Place"):
        if e.type in ("Place", "Project"):
            for n in (e.name, *e.aliases):
                names.setdefault(n, e.name)
    by_length = sorted(names, key=len, reverse=True)
    out = []
    for o in ex.observations:
        if o.place and o.place != ex.meta.place and o.place not in names:
            hit = next((n for n in by_length if len(n) >= 3 and o.place.endswith(n)), None)
            if hit:
                o = replace(o, place=names[hit])
        out.append(o)
    return replace(ex, observations=tuple(out))
