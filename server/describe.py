"""What the KG says about one IRI: whether it exists, its triples, and its RDF description."""
from __future__ import annotations

from dataclasses import dataclass, field

from .queries import Term, ask, construct, graph_names, iri, select

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INCOMING_SHOWN = 25


@dataclass(frozen=True)
class Incoming:
    prop: str
    count: int
    subjects: tuple[str, ...]


@dataclass(frozen=True)
class Description:
    iri: str
    types: tuple[str, ...]
    outgoing: tuple[tuple[str, Term], ...]  # (property, value), in a stable order
    incoming: tuple[Incoming, ...] = field(default=())

    def values(self, prop: str) -> list[Term]:
        return [v for p, v in self.outgoing if p == prop]

    def first(self, prop: str, lang: str | None = None) -> str:
        for v in self.values(prop):
            if lang is None or v.lang.lower() == lang:
                return v.value
        return ""


def exists(state, value: str) -> bool:
    """True when the IRI is a subject, object or graph name of the KG."""
    i = iri(value)
    if ask(state, f"ASK {{ {{ {i} ?p ?o }} UNION {{ ?s ?p {i} }} }}"):
        return True
    return value in graph_names(state)


def describe(state, value: str, *, with_incoming: bool = True) -> Description:
    i = iri(value)
    rows = select(state, f"SELECT DISTINCT ?p ?o WHERE {{ {i} ?p ?o }}")
    outgoing = sorted(((r["p"].value, r["o"]) for r in rows),
                      key=lambda pv: (pv[0], pv[1].type, pv[1].lang, pv[1].value))
    types = tuple(v.value for p, v in outgoing if p == RDF_TYPE)
    incoming: list[Incoming] = []
    if with_incoming:
        counts = select(state, f"SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p {i} }} GROUP BY ?p ORDER BY ?p")
        for c in counts:
            p = c["p"].value
            subs = select(state, f"SELECT DISTINCT ?s WHERE {{ ?s {iri(p)} {i} }} ORDER BY ?s LIMIT {INCOMING_SHOWN}")
            incoming.append(Incoming(p, int(c["n"].value), tuple(s["s"].value for s in subs)))
    return Description(value, types, tuple(outgoing), tuple(incoming))


def rdf_triples(state, value: str) -> list:
    """The triples a client gets for an IRI: a named graph's content for a graph name; else the
    IRI's own triples, the triples that point at it, and those of its spans (``…#char=``) when it
    is a report text."""
    i = iri(value)
    if value in graph_names(state) and not ask(state, f"ASK {{ {i} ?p ?o }}"):
        return construct(state, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {i} {{ ?s ?p ?o }} }}")
    return construct(state, f"""
        CONSTRUCT {{ {i} ?p ?o . ?s ?q {i} . ?h ?r ?x }} WHERE {{
          {{ {i} ?p ?o }} UNION {{ ?s ?q {i} }}
          UNION {{ ?h nif:referenceContext {i} ; ?r ?x }} }}""")


def graph_triples(state, graph: str) -> list:
    return construct(state, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri(graph)} {{ ?s ?p ?o }} }}")
