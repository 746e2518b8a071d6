"""Observations by indicator: the dashboard of headline indicators (what was done in the report
year beside what is planned for the plan year) and the table of one indicator."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from . import urls
from .queries import iri, select
from .reports import PAST, QUALIFIER_SYMBOL

_OBS = """
SELECT ?obs ?report ?ind ?code ?zh ?en ?top ?period ?measure ?value ?unit ?status ?slabel ?qual ?text ?s ?e ?quote
       ?cs ?ce
WHERE {
  %s
  ?obs a qb:Observation ; pk:report ?report ; pk:indicator ?ind ; sdmx-dimension:refPeriod ?period ;
       pk:measureKind/skos:notation ?measure ; sdmx-measure:obsValue ?value ;
       sdmx-attribute:obsStatus ?st ; pk:qualifier/skos:notation ?qual ; pk:source ?span .
  ?st skos:notation ?status . OPTIONAL { ?st skos:prefLabel ?slabel FILTER(lang(?slabel) = "zh") }
  # OPTIONAL, though every span has them: the engine then reads them for these observations' spans
  # only, instead of joining all the KG's spans first (250 ms → 4 ms for a report's headline values)
  OPTIONAL { ?span nif:beginIndex ?s ; nif:endIndex ?e ; nif:anchorOf ?quote ; nif:referenceContext ?text . }
  OPTIONAL { ?obs pk:clause ?cl . ?cl nif:beginIndex ?cs ; nif:endIndex ?ce .
             FILTER(?cs <= ?s && ?ce >= ?e) }
  OPTIONAL { ?ind skos:notation ?code }
  OPTIONAL { ?ind skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?ind skos:prefLabel ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?ind skos:topConceptOf ?top }
  OPTIONAL { ?obs pk:unitText ?unit }
}
ORDER BY ?report ?s
"""


@dataclass(frozen=True)
class Value:
    observation: str  # IRI
    href: str  # its page
    sentence_href: str  # the reader at its clause (or number)
    quote: str
    value: Decimal
    unit: str
    status: str
    status_label: str
    qualifier: str
    period: int
    measure: str
    report: str

    @property
    def plan(self) -> bool:
        return self.status not in PAST

    @property
    def shown(self) -> str:
        unit = self.unit or ("%" if self.measure in ("growth_pct", "share_pct") else "")
        return f"{self.qualifier}{self.quote}{unit}"


@dataclass
class IndicatorRow:
    iri: str
    code: str
    zh: str
    en: str
    top: bool
    href: str
    values: list[Value] = field(default_factory=list)

    def cell(self, period: int, measure: str) -> list[Value]:
        return [v for v in self.values if v.period == period and v.measure == measure]


def _values(state, where: str, base: str) -> list[tuple[dict, Value]]:
    out, seen = [], set()
    for r in select(state, _OBS % where):
        g = lambda k: r[k].value if k in r else ""  # noqa: E731
        if g("obs") in seen:  # one value per observation: its first statement
            continue
        seen.add(g("obs"))
        try:
            value = Decimal(g("value"))
        except InvalidOperation:
            continue
        s, e = (g("cs"), g("ce")) if g("cs") else (g("s"), g("e"))
        v = Value(g("obs"), urls.link_for(g("obs"), base), urls.span_link(g("text"), int(s), int(e), base),
                  g("quote"), value, g("unit"), g("status"), g("slabel") or g("status"),
                  QUALIFIER_SYMBOL.get(g("qual"), ""), int(g("period")[:4]), g("measure"), g("report"))
        out.append((r, v))
    return out


def headline(state, report_iri: str, base: str) -> list[IndicatorRow]:
    """The report's headline indicators, top-level ones first, each with its values."""
    where = f"BIND({iri(report_iri)} AS ?report) ?ind a pk:HeadlineIndicator ."
    rows: dict[str, IndicatorRow] = {}
    for r, v in _values(state, where, base):
        ind = r["ind"].value
        if ind not in rows:
            rows[ind] = IndicatorRow(ind, r.get("code").value if "code" in r else "",
                                     r["zh"].value if "zh" in r else "", r["en"].value if "en" in r else "",
                                     "top" in r, urls.link_for(ind, base))
        rows[ind].values.append(v)
    order = list(rows)  # report order: the order the report states them
    return sorted(rows.values(), key=lambda x: (not x.top, order.index(x.iri)))


def of_indicator(state, indicator_iri: str, base: str) -> list[Value]:
    where = f"BIND({iri(indicator_iri)} AS ?ind)"
    return [v for _r, v in _values(state, where, base)]
