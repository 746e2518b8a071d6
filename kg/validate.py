"""Stage 9, validate: the built graph against the SHACL shapes of ``shapes/``, with pyshacl.

The data graph is the union of every named graph (reports, vocabulary, metadata), so shapes see
the code lists and the ontology next to the data. Violations make a build fail; warnings are
reported, not fatal.

Besides pyshacl's report, a validation says how many focus nodes each shape checked (so that a
report of zero violations shows what was actually looked at), and, for results about an
observation or a text span, the words of the report they are about.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery

from .vocab import NIF, PK

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Result:
    severity: str  # Violation | Warning | Info
    shape: str
    focus: str
    path: str
    value: str
    message: str
    constraint: str = ""
    quote: str = ""  # the report's words the result is about: an observation's number, a span's quote
    clause: str = ""  # the clause that states the observation
    found: str = ""  # the report's text really at a span's offsets


@dataclass(frozen=True)
class ShapeCheck:
    """One targeted shape: what it is, how many focus nodes it checked, what it found."""

    shape: str
    name_zh: str
    name_en: str
    severity: str
    focus_nodes: int
    violations: int
    warnings: int


@dataclass(frozen=True)
class Validation:
    conforms: bool  # no violations (warnings allowed)
    results: tuple[Result, ...]
    report: Graph = field(compare=False)
    shapes_count: int = 0
    checked: tuple[ShapeCheck, ...] = ()

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    def to_dict(self) -> dict:
        """The machine-readable summary published with a KG (``validation.json``)."""
        return {
            "conforms": self.conforms,
            "shapes": self.shapes_count,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "checked": [asdict(c) for c in self.checked],
            "results": [asdict(r) for r in self.results],
        }


class _PreparedQueries(Graph):
    """A view of a graph's store that parses each distinct SPARQL text once.

    pyshacl sends the text of a SPARQL constraint again for every focus node; parsing costs
    forty times what evaluating costs, so without this a constraint on observations alone takes
    seconds.
    """

    def __init__(self, graph: Graph):
        super().__init__(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)
        self._prepared: dict[str, object] = {}

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,
              initBindings=None, use_store_provided=True, **kwargs):
        if isinstance(query_object, str) and not initNs:
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def _s(g: Graph, node, p) -> str:
    v = g.value(node, p)
    return "" if v is None else str(v)


_PLACEHOLDER = re.compile(r"\{[?$]\w+\}")


def _templates(shapes: Graph | None, shape) -> list[tuple[re.Pattern, str]]:
    """The messages of a shape (and of its SPARQL constraints) as patterns, with their language."""
    if shapes is None or shape is None:
        return []
    literals = list(shapes.objects(shape, SH.message))
    for constraint in shapes.objects(shape, SH.sparql):
        literals += list(shapes.objects(constraint, SH.message))
    return [(re.compile(".*".join(re.escape(part) for part in _PLACEHOLDER.split(str(m))), re.DOTALL), m.language or "")
            for m in literals if isinstance(m, Literal)]


def _language(m: Literal, templates: list[tuple[re.Pattern, str]]) -> str:
    # pyshacl drops the language tag of a message it fills in ({?value}): find its template
    if m.language:
        return m.language
    for pattern, lang in templates:
        if pattern.fullmatch(str(m)):
            return lang
    return "zh" if _CJK.match(str(m)) else "en"


def _messages(g: Graph, node, shapes: Graph | None = None) -> str:
    templates = _templates(shapes, g.value(node, SH.sourceShape))
    msgs = sorted(g.objects(node, SH.resultMessage), key=lambda m: (_language(m, templates) != "zh", str(m)))
    return " / ".join(str(m) for m in msgs)


def _path_text(g: Graph, path, nested: bool = False) -> str:
    """A SHACL path in SPARQL property path syntax; a plain predicate as its bare IRI."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return f"<{path}>" if nested else str(path)
    for p, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                   (SH.zeroOrOnePath, "{}?")):
        inner = g.value(path, p)
        if inner is not None:
            return fmt.format(_path_text(g, inner, True))
    alternatives = g.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(g, i, True) for i in g.items(alternatives)) + ")"
    return "/".join(_path_text(g, i, True) for i in g.items(path))


def _evidence(data: Graph, node) -> dict[str, str]:
    """The words of the report a node stands for: an observation's number and clause, a span's
    quote and the text really at its offsets, an entity's first mention."""
    if not isinstance(node, URIRef):
        return {}
    if (node, PK.source, None) in data:
        source = min(data.objects(node, PK.source))
        clause = min(data.objects(node, PK.clause), default=None)
        return {"quote": _s(data, source, NIF.anchorOf), "clause": _s(data, clause, NIF.anchorOf) if clause else ""}
    if (node, NIF.anchorOf, None) in data:
        text = data.value(data.value(node, NIF.referenceContext), NIF.isString)
        begin, end = data.value(node, NIF.beginIndex), data.value(node, NIF.endIndex)
        found = ""
        if text is not None and begin is not None and end is not None:
            try:
                found = str(text)[int(begin):int(end)]
            except (TypeError, ValueError):  # ill-typed offsets are what the shapes report
                found = ""
        return {"quote": _s(data, node, NIF.anchorOf), "found": found}
    mention = min(data.objects(node, PK.mention), default=None)
    return {"quote": _s(data, mention, NIF.anchorOf)} if mention is not None else {}


def result_of(report: Graph, node, data: Graph | None = None, shapes: Graph | None = None) -> Result:
    """One result of a SHACL report graph (pyshacl's, or any engine's); with the data, the
    report's words it is about; with the shapes, its messages in a stable order (Chinese first)."""
    sev = report.value(node, SH.resultSeverity)
    focus, value = report.value(node, SH.focusNode), report.value(node, SH.value)
    evidence = {}
    if data is not None:
        evidence = _evidence(data, focus) or _evidence(data, value)
    return Result(
        severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
        shape=_s(report, node, SH.sourceShape),
        focus=str(focus or ""),
        path=_path_text(report, report.value(node, SH.resultPath)),
        value="" if value is None else str(value),
        message=_messages(report, node, shapes),
        constraint=_s(report, node, SH.sourceConstraintComponent).rsplit("#", 1)[-1],
        **evidence,
    )


def results_of(report: Graph, data: Graph | None = None, shapes: Graph | None = None) -> tuple[Result, ...]:
    """Every result of a SHACL report graph, violations first, in a stable order."""
    out = [result_of(report, r, data, shapes) for r in report.subjects(RDF.type, SH.ValidationResult)]
    return tuple(sorted(out, key=lambda x: (x.severity != "Violation", x.shape, x.focus, x.path, x.value)))


def _instances(data: Graph, cls) -> set:
    """SHACL instances of a class: typed with it or with one of its subclasses in the data."""
    classes, todo = {cls}, [cls]
    while todo:
        for sub in data.subjects(RDFS.subClassOf, todo.pop()):
            if sub not in classes:
                classes.add(sub)
                todo.append(sub)
    return {s for c in classes for s in data.subjects(RDF.type, c)}


def focus_nodes(shapes: Graph, data: Graph, shape) -> set:
    """The focus nodes the targets of a shape select in the data (SHACL §2.1.3)."""
    nodes: set = set(shapes.objects(shape, SH.targetNode))
    for c in shapes.objects(shape, SH.targetClass):
        nodes |= _instances(data, c)
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(data.subjects(p, None))
    for p in shapes.objects(shape, SH.targetObjectsOf):
        nodes |= set(data.objects(None, p))
    return nodes


_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)


def _owner(shapes: Graph, shape) -> URIRef:
    """The targeted shape a result's source shape belongs to (itself, or its node shape)."""
    parent = shapes.value(None, SH.property, shape)
    return shape if parent is None else parent


def _name(shapes: Graph, shape, lang: str) -> str:
    return next((str(n) for n in shapes.objects(shape, SH.name) if getattr(n, "language", None) == lang), "")


def shape_checks(shapes: Graph, data: Graph, results: tuple[Result, ...]) -> tuple[ShapeCheck, ...]:
    """For every targeted shape: how many focus nodes it checked and how many results it gave."""
    targeted = sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str)
    found: Counter = Counter()
    for r in results:
        found[(str(_owner(shapes, URIRef(r.shape))), r.severity)] += 1
    out = []
    for s in targeted:
        sev = shapes.value(s, SH.severity)
        out.append(ShapeCheck(
            shape=str(s), name_zh=_name(shapes, s, "zh"), name_en=_name(shapes, s, "en"),
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            focus_nodes=len(focus_nodes(shapes, data, s)),
            violations=found[(str(s), "Violation")], warnings=found[(str(s), "Warning")]))
    return tuple(out)


def validate(data: Graph, shapes: Graph) -> Validation:
    """Validate ``data`` (one graph: the union of the KG's graphs) against ``shapes``."""
    import pyshacl

    n_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)))
    if n_shapes == 0:
        return Validation(True, (), Graph(), 0)
    if any(shapes.triples((None, SH.rule, None))):
        raise ValueError("the shapes use SHACL rules, which would change the data validated in place")
    # SHACL-SPARQL constraints need no SHACL-AF ("advanced"); inplace: no copy of the data (the
    # shapes have no rules, nothing is written to it)
    _conforms, report, _text = pyshacl.validate(
        _PreparedQueries(data), shacl_graph=shapes, advanced=False, inference="none", inplace=True,
        allow_warnings=True, allow_infos=True)
    results = results_of(report, data, shapes)
    conforms = not any(r.severity == "Violation" for r in results)
    return Validation(conforms, results, report, n_shapes, shape_checks(shapes, data, results))

