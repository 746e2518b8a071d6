"""``kg validate``: a built KG or any RDF files against the shapes, with a readable report."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from rdflib import Dataset

from .build import shapes_graph, union_graph
from .config import Settings
from .errors import KGError
from .store import open_kg
from .validate import validate

_FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld",
            ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}


def _load(files: list[str], settings: Settings) -> Dataset:
    ds = Dataset()
    if files:
        for f in files:
            p = Path(f)
            fmt = _FORMATS.get(p.suffix.lower())
            if fmt is None:
                raise KGError(f"unknown RDF format of {f} (use .nq, .trig, .ttl, .nt, .jsonld, .rdf)")
            if not p.is_file():
                raise KGError("no such file", path=f)
            try:
                ds.parse(p, format=fmt)
            except Exception as e:  # rdflib raises many types for bad syntax
                raise KGError(f"not valid {fmt}: {e}", path=f) from None
    else:
        kg = open_kg(settings.kg_dir)
        ds.parse(kg.quads, format="nquads")
    return ds


def run_validate(args, settings: Settings) -> int:
    ds = _load(args.files, settings)
    v = validate(union_graph(ds), shapes_graph(settings))
    if args.format == "json":
        print(json.dumps({"conforms": v.conforms, "results": [r.__dict__ for r in v.results]},
                         ensure_ascii=False, indent=1))
    elif args.format == "turtle":
        sys.stdout.write(v.report.serialize(format="turtle"))
    else:
        for r in v.results:
            print(f"{r.severity}: {r.shape}\n  focus {r.focus}\n  path  {r.path}\n  value {r.value}\n  {r.message}")
        print(f"{'conforms' if v.conforms else 'does NOT conform'}: {len(v.violations)} violations, "
              f"{len(v.warnings)} warnings, {v.shapes_count} shapes")
    return 0 if v.conforms else 2
