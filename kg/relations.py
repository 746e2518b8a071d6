"""What the text says about the entities: where a project is and what became of it in which year,
what it costs, which place contains which, which body is above which, who runs a programme and
who received a title.

Relations come from the groups the recognisers found (a list and its status word, a title and its
recipients) and from how names nest (a place named at the start of a project's name is where the
project is). Periods come from the report part: the execution part is the report year, the plan
part the plan year, where every status is a plan.
"""
from __future__ import annotations

from dataclasses import replace

from .model import Entity, Relation
from .structure import section_at, sentence_bounds

_BUREAU_ENDINGS = ("局", "办", "中心")


class Reader:
    def __init__(self, extraction, view, ctx, entities: list[Entity], spans_of: dict, kept):
        self.ex = extraction
        self.view = view
        self.ctx = ctx
        self.entities = entities
        self.by_key = {e.key: e for e in entities}
        self.spans_of = spans_of
        self.kept = kept
        self.at: dict[tuple[int, int], list[Entity]] = {}
        for e in entities:
            for s in spans_of.get(e.key, []):
                self.at.setdefault(s, []).append(e)
        meta = extraction.meta
        self.area = next((e for e in entities if e.type == "Place" and e.name == meta.place), None)

    # ------------------------------------------------------------------ helpers
    def entity_at(self, span, types=None) -> Entity | None:
        for e in self.at.get(tuple(span), []):
            if types is None or e.type in types:
                return e
        return None

    def _head_at(self, span) -> Entity | None:
        """The entity named last in a span (the community of 某街道某社区)."""
        best = None
        for (a, b), es in self.at.items():
            if b == span[1] and span[0] <= a and (best is None or a < best[0]):
                best = (a, es[0])
        return best[1] if best else None

    def _nested_at_start(self, e: Entity, types=("Place",)) -> Entity | None:
        """A place whose mention starts where a mention of ``e`` starts and ends inside it."""
        for s, t in self.spans_of.get(e.key, []):
            best = None
            for (a, b), es in self.at.items():
                if a == s and b < t:
                    for o in es:
                        if o.type in types and o.key != e.key and (best is None or b > best[0]):
                            best = (b, o)
            if best:
                return best[1]
        return None

    def period_at(self, view_pos: int) -> tuple[int | None, str]:
        raw = self.view.raw_index(view_pos)
        sec = section_at(self.ex.sections, raw)
        meta = self.ex.meta
        if sec is not None and sec.part == "plan":
            return meta.plan_year, "plan"
        return meta.report_year, "execution"

    def evidence(self, span):
        a, b = self.view.to_raw(span[0], span[1])
        return self.ex.source.span(a, b)

    # ------------------------------------------------------------------ containment
    def with_parts(self) -> list[Entity]:
        """Entities with ``part_of`` set: a place in the place its name or the text puts it in (else
        in the report's area), a division in its superior, a body under its superior body."""
        g = self.ctx.gazetteer
        by_code = {e.links.get("admin_code"): e for e in self.entities if e.links.get("admin_code")}
        parent_of: dict[str, str] = {}
        last_zone = None
        for c in sorted(self.kept, key=lambda c: c.start):
            e = self.entity_at((c.start, c.end), (c.type,))
            if e is None:
                continue
            if c.parent is not None:
                p = self.entity_at(c.parent)
                if p is not None and p.key != e.key and (e.type != "Place" or p.type == "Place"):
                    parent_of.setdefault(e.key, p.key)  # (a place lies in a place only)
            if e.type == "Place" and e.subtype == "LandParcel" and len(e.name) <= 4 and last_zone is not None:
                parent_of.setdefault(e.key, last_zone.key)
            if e.type == "Place" and e.subtype == "LandParcel" and len(e.name) > 4:
                z = self._nested_at_start(e)
                if z is not None:
                    last_zone = z
        city = self.ctx.area.city
        if self.area is not None and not self.area.links.get("admin_code") and city is not None \
                and city.code in by_code:
            parent_of.setdefault(self.area.key, by_code[city.code].key)  # a new district in its city
        out = []
        for e in self.entities:
            p = parent_of.get(e.key)
            if p is None and e.type == "Place":
                code = e.links.get("admin_code", "")
                if code and g is not None:
                    for a in g.ancestors(code):
                        if a.code in by_code:
                            p = by_code[a.code].key
                            break
                elif not code:
                    z = self._nested_at_start(e)
                    if z is not None and z.key != e.key:
                        p = z.key
                    elif self.area is not None and e.key != self.area.key and self._local(e):
                        p = self.area.key
            if p is None and e.type == "Agency":
                p = self._superior(e)
            out.append(replace(e, part_of=p) if p and p != e.key else e)
        self.entities = out
        self.by_key = {e.key: e for e in out}
        self.at = {}
        for e in out:
            for s in self.spans_of.get(e.key, []):
                self.at.setdefault(s, []).append(e)
        return out

    def _local(self, e: Entity) -> bool:
        """Is a place without a code one of the report area's own (a zone, parcel, community …)?"""
        return e.subtype in ("DevelopmentZone", "LandParcel", "Community", "Village", "Road", "Landmark", "",
                             "AdministrativeDivision")

    def _superior(self, e: Entity) -> str | None:
        if e.name.endswith("常务委员会"):
            congress = e.name.replace("常务委员会", "")
            for o in self.entities:
                if o.type == "Agency" and o.name == congress:
                    return o.key
        if e.name.endswith(_BUREAU_ENDINGS) and "政府" not in e.name:
            govs = [o for o in self.entities if o.type == "Agency" and o.name.endswith("人民政府")
                    and self.area is not None and self.area.name in o.name]
            if len(govs) == 1 and self.area.name in e.name:
                return govs[0].key
        return None

    # ------------------------------------------------------------------ relations
    def relations(self, groups) -> list[Relation]:
        rels: list[Relation] = []
        seen = set()

        def add(r: Relation) -> None:
            k = (r.subject, r.predicate, r.object, r.period)
            if k not in seen:
                seen.add(k)
                rels.append(r)

        for grp in groups:
            if grp.kind in ("list", "status") and grp.status and grp.status_at is not None:
                year, part = self.period_at(grp.status_at[0])
                status = grp.status if part == "execution" or grp.status == "in_progress" else "planned"
                if part == "plan" and grp.status == "in_progress":
                    status = "in_progress"
                for span in grp.items:
                    e = self.entity_at(span, ("Project",))
                    if e is not None:
                        add(Relation(e.key, "status", status, year, self.evidence(grp.status_at)))
            if grp.kind == "award":
                for t in grp.items:
                    award = self.entity_at(t, ("Award",))
                    if award is None:
                        continue
                    for s in grp.subjects:
                        o = self.entity_at(s) or self._head_at(s) or (
                            self.area if self.ctx.text[s[0]:s[1]].startswith("全") else None)
                        if o is not None and o.key != award.key:
                            add(Relation(award.key, "conferred_on", o.key, None, self.evidence(s)))
        for e in self.entities:
            if e.type in ("Project", "Organization"):
                p = self._location(e)
                if p is not None:
                    add(Relation(e.key, "location", p.key))
            if e.type == "Project":
                for i in self._investments(e):
                    add(Relation(e.key, "investment", str(i)))
        rels.extend(self._responsible(add))
        return rels

    def _location(self, e: Entity) -> Entity | None:
        """The place a project or organisation is in: the place its name starts with, else the zone
        the sentence is about (X片区建设…，A等N个项目开工), else (projects) the report's area. A
        superior of the area at the start of a name (the city in a city's metro line) gives way to
        the sentence's zone."""
        p = self._nested_at_start(e)
        if p is not None and not self._above_area(p):
            return p
        return self._topic(e) or p or (self.area if e.type == "Project" else None)

    def _above_area(self, p: Entity) -> bool:
        g, a = self.ctx.gazetteer, self.ctx.area.area
        code = p.links.get("admin_code", "")
        return bool(code and g is not None and a is not None and code in {d.code for d in g.ancestors(a.code)})

    def _topic(self, e: Entity) -> Entity | None:
        text = self.ctx.text
        for s, t in self.spans_of.get(e.key, []):
            a, _b = sentence_bounds(text, s)
            best = None
            for (x, y), es in self.at.items():
                if a <= x and y <= s:
                    for o in es:
                        if o.type == "Place" and o.subtype in ("DevelopmentZone", "LandParcel", "Community") \
                                and (best is None or x > best[0]):
                            best = (x, o)
            if best is not None:
                # only a place that opens the sentence or stands before 入驻 is where things are
                x = best[0]
                after = self._end_of(best[1], x)
                if (x == a and text.startswith(("建设", "，", "内", "：", "范围内"), after)) or text.startswith("入驻", after):
                    return best[1]
        return None

    def _end_of(self, e: Entity, start: int) -> int:
        return max((b for a, b in self.spans_of.get(e.key, []) if a == start), default=start)

    def _investments(self, e: Entity) -> list[int]:
        out = []
        spans = self.spans_of.get(e.key, [])
        for i, o in enumerate(self.ex.observations):
            if "投" not in o.subject:
                continue
            for s, t in spans:
                a, b = self.view.to_raw(s, t)
                if o.clause.start <= a and b <= o.clause.end and "等" not in o.clause.text:
                    out.append(i)
        return out

    def _responsible(self, add) -> list[Relation]:
        """A programme written right after the body that issues or runs it (X机制第十版方案)."""
        ends = {}
        for e in self.entities:
            if e.type == "Agency":
                for a, b in self.spans_of.get(e.key, []):
                    ends[b] = e
        out = []
        for e in self.entities:
            if e.type != "Program":
                continue
            for a, _b in self.spans_of.get(e.key, []):
                ag = ends.get(a)
                if ag is not None:
                    r = Relation(e.key, "responsible", ag.key)
                    out.append(r)
        uniq = []
        for r in out:
            if r not in uniq:
                uniq.append(r)
        return uniq
