"""``kg validate``: a built KG or any RDF files against the shapes, with a readable report.

The text report groups results by shape and, for a result about an observation or a text span,
quotes the report: the number and its clause, or a span's quote and the text really at its
offsets, so that a reader sees the sentence at fault. ``--format json`` and ``--format turtle``
give the machine-readable report (the JSON also says how many focus nodes each shape checked).
"""
from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from xml.sax import SAXException

from rdflib import Dataset, Graph, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import OWL, RDF, SH, NamespaceManager

from .build import shapes_graph, union_graph, vocabulary_graph
from .config import Settings
from .errors import KGError
from .store import open_kg
from .validate import Result, Validation, validate
from .vocab import ONTOLOGY_IRI, PREFIXES

_FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld",
            ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}
SHAPES_NS = "https://w3id.org/plankg/shapes#"
_IRI_IN_PATH = re.compile(r"<(https?://[^>\s]+)>")
#: Results shown per shape in the text report; the JSON and Turtle reports have all of them.
TEXT_LIMIT = 20


def _parse(files: list[str]) -> Dataset:
    ds = Dataset()
    for f in files:
        p = Path(f)
        fmt = _FORMATS.get(p.suffix.lower())
        if fmt is None:
            raise KGError(f"unknown RDF format of {f} (use .nq, .trig, .ttl, .nt, .jsonld, .rdf)")
        if not p.is_file():
            raise KGError("no such file", path=f)
        try:
            ds.parse(p, format=fmt)
        except (SyntaxError, ValueError, ParserError, SAXException) as e:  # what rdflib's parsers raise
            raise KGError(f"not valid {fmt}: {e}", path=f) from None
    return ds


def load_data(files: list[str], kg_dir: Path | None, settings: Settings) -> Graph:
    """The graph to validate: a KG directory's graphs, or the files given. Files that do not
    carry the ontology get it added, as a build adds it: the shapes read the code lists and
    the class hierarchy from it."""
    if files and kg_dir is not None:
        raise KGError("give either --kg DIR or RDF files, not both")
    if files:
        data = union_graph(_parse(files))
        if (ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in data:
            for t in vocabulary_graph(settings):
                data.add(t)
        return data
    ds = Dataset()
    ds.parse(open_kg(kg_dir or settings.kg_dir).quads, format="nquads")
    return union_graph(ds)


def _namespaces() -> NamespaceManager:
    nm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns)
    nm.bind("ps", SHAPES_NS)
    return nm


def _curie(nm: NamespaceManager, iri: str) -> str:
    try:
        return nm.normalizeUri(URIRef(iri))
    except ValueError:  # not expressible as a prefixed name
        return f"<{iri}>"


def _short(nm: NamespaceManager, text: str) -> str:
    """An IRI, or the IRIs in a SPARQL path, as prefixed names where a prefix is known."""
    if text.startswith(("http://", "https://")) and " " not in text:
        return _curie(nm, text)
    return _IRI_IN_PATH.sub(lambda m: _curie(nm, m.group(1)), text)


def _shape_title(shapes: Graph, shape: str) -> str:
    names = {getattr(n, "language", None): str(n) for n in shapes.objects(URIRef(shape), SH.name)}
    return " / ".join(n for n in (names.get("zh"), names.get("en")) if n)


def _result_lines(r: Result, nm: NamespaceManager) -> list[str]:
    lines = [f"  focus  {_short(nm, r.focus)}"]
    if r.path:
        lines.append(f"  path   {_short(nm, r.path)}")
    if r.value:
        lines.append(f"  value  {_short(nm, r.value)}")
    if r.quote:
        where = ""
        if r.clause:
            where = f"  in  「{r.clause}」"
        elif r.found and r.found != r.quote:
            where = f"  but the text there is  「{r.found}」"
        lines.append(f"  quote  「{r.quote}」{where}")
    lines.append(f"  {r.message}")
    return lines


def format_text(v: Validation, shapes: Graph) -> str:
    """Results grouped by shape, violations first, then a one-line verdict."""
    nm = _namespaces()
    groups: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in v.results:
        groups[(r.severity, r.shape)].append(r)
    out: list[str] = []
    for (severity, shape), results in sorted(groups.items(), key=lambda kv: (kv[0][0] != "Violation", kv[0][1])):
        out.append(f"{severity}: {_short(nm, shape)} — {_shape_title(shapes, shape)} "
                   f"({len(results)} result{'s' if len(results) != 1 else ''})")
        for r in results[:TEXT_LIMIT]:
            out.extend(_result_lines(r, nm))
        if len(results) > TEXT_LIMIT:
            out.append(f"  … and {len(results) - TEXT_LIMIT} more (--format json lists them all)")
        out.append("")
    checked = sum(c.focus_nodes for c in v.checked)
    verdict = "conforms" if v.conforms else "does NOT conform"
    out.append(f"{verdict}: {len(v.violations)} violations, {len(v.warnings)} warnings; "
               f"{len(v.checked)} shapes checked {checked} focus nodes")
    return "\n".join(out) + "\n"


def run_validate(args, settings: Settings) -> int:
    kg_dir = Path(args.kg) if getattr(args, "kg", None) else None
    data = load_data(list(args.files or []), kg_dir, settings)
    shapes = shapes_graph(settings)
    v = validate(data, shapes)
    if args.format == "json":
        print(json.dumps(v.to_dict(), ensure_ascii=False, indent=1))
    elif args.format == "turtle":
        v.report.bind("sh", str(SH))
        sys.stdout.write(v.report.serialize(format="turtle"))
    else:
        sys.stdout.write(format_text(v, shapes))
    return 0 if v.conforms else 2
