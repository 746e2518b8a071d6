"""Stage 6, entities: recognise, type, merge, relate, link and label the named things of a report.

This module only orchestrates: :mod:`kg.names`, :mod:`kg.quoted`, :mod:`kg.lists`,
:mod:`kg.projects` (companies, their projects, routes) and :mod:`kg.titles` (titles with a level,
grades, goal designations) find candidate names in the normalised view; :mod:`kg.merge` makes one
entity per thing;
:mod:`kg.relations` reads what the text says about them; :mod:`kg.link` adds verified external
identifiers and :mod:`kg.labels` English and pinyin labels. Mentions carry raw offsets.
"""
from __future__ import annotations

from dataclasses import replace

from . import labels, link, lists, merge, names, places, projects, quoted, relations, titles
from .entity_rules import compile_rules
from .iri import slug
from .model import Entity, Mention, ReportExtraction
from .normalise import TextView


def find_candidates(ctx: names.Ctx) -> tuple[list[names.Candidate], list[lists.Group]]:
    div = names.divisions(ctx)
    cands = div + names.agencies(ctx, div) + names.meetings(ctx, div) + names.suffix_names(ctx, div)
    cands += names.context_places(ctx) + names.regions(ctx) + names.waters(ctx) + names.place_lists(ctx)
    cands += quoted.quotes(ctx) + quoted.books(ctx) + quoted.fixed_programmes(ctx) + quoted.editions(ctx)
    cands += quoted.known_programmes(ctx) + quoted.cued_programmes(ctx) + places.places(ctx)
    cands += places.sections(ctx, cands)
    lc, lg = lists.lists(ctx, cands)
    ac, ag = lists.awards(ctx)
    cands = titles.read_whole(titles.titles(ctx), cands + lc + lists.shared_endings(ctx), ac)
    cands = projects.projects(ctx, cands)
    cands += names.phase_places(ctx, cands) + names.parcel_parts(ctx, cands) + names.town_waters(ctx, cands)
    return places.drop_nested_features([_without_marks(ctx.text, c) for c in cands]), lg + ag


def _without_marks(text: str, c: names.Candidate) -> names.Candidate:
    """A name does not start with the characters names may hold inside (·+.-&): the bullet of a list
    item (- X县Y医院住院楼) or the joint before a name is the text's, not the name's."""
    k = c.start
    while k < c.end - 2 and text[k] in "-·+.&*# ":
        k += 1
    if k == c.start or c.name != text[c.start:c.end]:
        return c
    return replace(c, start=k, name=text[k:c.end])


def recognise(extraction: ReportExtraction, view: TextView, lex, gazetteer=None) -> ReportExtraction:
    """The extraction with its entities and the relations the text states between them."""
    rules = compile_rules(lex.entity_rules)
    meta = extraction.meta
    area = names.area_of(meta, gazetteer, view.text, tuple(rules.place.get("partner_words", [])))
    divisions, short = names.division_context(area, gazetteer, rules)
    # the stems of the divisions around (乐X of 乐X镇) are names: a function character in them is
    # not a boundary
    stems = {names.division_stem(n) for n in divisions} | set(short)
    rules = replace(rules, protected=rules.protected + tuple(sorted(s for s in stems if len(s) >= 2)))
    others = names.other_short_forms(area, gazetteer, rules, divisions, short)
    ctx = names.Ctx(view.text, rules, gazetteer, area, divisions, short, others)
    cands, groups_found = find_candidates(ctx)
    kept = merge.resolve(cands)
    markers = tuple(sorted(rules.award.get("markers", []), key=len, reverse=True))
    own = frozenset(n for n, d in list(divisions.items()) + list(short.items())
                    if d is not None and area.own is not None and d.name == area.own.name)
    groups = merge.group(kept, merge.short_prefixes(divisions, short), markers, own,
                         rules.place.get("zone_abbreviations", {}))
    extra = merge.propagate(groups, view.text, kept)
    scope = area.area.code if area.area is not None else slug(meta.place or "area")
    src = extraction.source

    entities: dict[str, Entity] = {}
    spans_of: dict[str, list[tuple[int, int]]] = {}  # entity key -> view spans
    for gi, g in enumerate(groups):
        name = g.name
        key = f"{g.type}:{name}"
        mentions = {}
        vspans = []
        for c in g.cands:
            a, b = view.to_raw(c.start, c.end)
            mentions.setdefault((a, b), Mention(src.span(a, b), c.rule))
            vspans.append((c.start, c.end))
        for s, e, _n in extra[gi]:
            a, b = view.to_raw(s, e)
            mentions.setdefault((a, b), Mention(src.span(a, b), "name-found-again"))
            vspans.append((s, e))
        aliases = (set(g.names) | g.aliases | {m.span.text for m in mentions.values()}
                   | _written_forms(g, view, src)) - {name}
        prev = entities.get(key)
        if prev is not None:  # two groups that ended up with one name are one thing
            ms = {(m.span.start, m.span.end): m for m in prev.mentions}
            for k, m in mentions.items():
                ms.setdefault(k, m)
            mentions = ms
            aliases |= set(prev.aliases)
        entities[key] = Entity(
            key=key, type=g.type, name=name, subtype=g.subtype,
            aliases=tuple(sorted(a for a in aliases if a and a != name)),
            mentions=tuple(sorted(mentions.values(), key=lambda m: (m.span.start, m.span.end))),
            scope="" if g.type == "Organization" else scope,
            links={"admin_code": g.code} if g.code else {})
        spans_of.setdefault(key, []).extend(vspans)
    ents = list(entities.values())
    ents = _ensure_area(ents, meta, area, scope, src)
    rel = relations.Reader(extraction, view, ctx, ents, spans_of, kept)
    ents = rel.with_parts()
    rels = rel.relations(groups_found)
    ents = [replace(e, links=link.links_for(e, gazetteer)) for e in ents]
    ents = [labels.labelled(e, ents, gazetteer, lex.glossary) for e in ents]
    ents.sort(key=lambda e: (min((m.span.start for m in e.mentions), default=0), e.key))
    return replace(extraction, entities=tuple(ents), relations=tuple(rels))


def _written_forms(g, view: TextView, src) -> set[str]:
    """The names and aliases of a group's candidates as the raw text writes them where they lie
    inside a candidate's span (a full-width ＋ the view reads as +)."""
    out = set()
    for c in g.cands:
        for n in (c.name, *c.aliases):
            i = view.text.find(n, c.start, c.end) if n else -1
            if i >= 0:
                a, b = view.to_raw(i, i + len(n))
                w = src.span(a, b).text
                if w != n and "\r" not in w:
                    out.add(w)
    return out


def _ensure_area(ents: list[Entity], meta, area, scope: str, src) -> list[Entity]:
    """The report's own area is an entity named as the metadata names it, even when unmentioned."""
    if not meta.place or any(e.type == "Place" and e.name == meta.place for e in ents):
        return ents
    code = area.area.code if area.area is not None else ""
    return ents + [Entity(key=f"Place:{meta.place}", type="Place", name=meta.place,
                          subtype="AdministrativeDivision", scope=scope,
                          links={"admin_code": code} if code else {})]
