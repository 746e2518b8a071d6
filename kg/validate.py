"""Stage 9, validate: the built graph against the SHACL shapes of ``shapes/``, with pyshacl.

The data graph is the union of every named graph (reports, vocabulary, metadata), so shapes see
the code lists and the ontology next to the data. Violations make a build fail; warnings are
reported, not fatal.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH


@dataclass(frozen=True)
class Result:
    severity: str  # Violation | Warning | Info
    shape: str
    focus: str
    path: str
    value: str
    message: str
    constraint: str = ""


@dataclass(frozen=True)
class Validation:
    conforms: bool  # no violations (warnings allowed)
    results: tuple[Result, ...]
    report: Graph = field(compare=False)
    shapes_count: int = 0

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")


def _s(g: Graph, node, p) -> str:
    v = g.value(node, p)
    return "" if v is None else str(v)


def _messages(g: Graph, node) -> str:
    msgs = sorted(g.objects(node, SH.resultMessage), key=lambda m: (getattr(m, "language", "") or "") != "zh")
    return " / ".join(str(m) for m in msgs)


def results_of(report: Graph) -> tuple[Result, ...]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        sev = report.value(r, SH.resultSeverity)
        out.append(Result(
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            shape=_s(report, r, SH.sourceShape),
            focus=_s(report, r, SH.focusNode),
            path=_s(report, r, SH.resultPath),
            value=_s(report, r, SH.value),
            message=_messages(report, r),
            constraint=_s(report, r, SH.sourceConstraintComponent).rsplit("#", 1)[-1],
        ))
    return tuple(sorted(out, key=lambda x: (x.severity != "Violation", x.shape, x.focus, x.path, x.value)))


def validate(data: Graph, shapes: Graph) -> Validation:
    """Validate ``data`` (one graph: the union of the KG's graphs) against ``shapes``."""
    import pyshacl

    n_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)))
    if n_shapes == 0:
        return Validation(True, (), Graph(), 0)
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=True, allow_infos=True)
    results = results_of(report)
    conforms = not any(r.severity == "Violation" for r in results)
    return Validation(conforms, results, report, n_shapes)


def literal_text(x) -> str:
    return str(x) if isinstance(x, (Literal, URIRef)) else repr(x)
