"""The ``kg`` command: build, validate, export, load and serve the KG.

Every failure the user can cause ends in one line ``kg: [KGnnn] file: message`` on stderr and a
non-zero exit status; nothing is published by a failed build.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .config import load_settings
from .errors import KGError

EXIT_ERROR = 1
EXIT_INVALID = 2


def _settings(args):
    return load_settings(
        base_iri=getattr(args, "base_iri", None),
        kg_dir=Path(args.kg) if getattr(args, "kg", None) else None,
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        workers=getattr(args, "workers", None),
        store=getattr(args, "store", None),
    )


def cmd_build(args) -> int:
    from .build import build

    settings = _settings(args)
    out = Path(args.out) if args.out else settings.kg_dir
    result = build([Path(f) for f in args.files], out, settings, validate_graph=not args.no_validate)
    v = result.validation
    print(f"built {out}: {len(result.reports)} report(s), {result.triples} triples, "
          f"{result.observations} observations, {result.entities} entities; "
          f"validation: {len(v.violations)} violations, {len(v.warnings)} warnings")
    return 0


def cmd_export(args) -> int:
    from . import export
    from .store import load_memory_store, open_kg

    settings = _settings(args)
    kg = open_kg(settings.kg_dir)
    if args.what == "graph":
        fmt = args.format or "nquads"
        if fmt not in ("nquads", "trig", "turtle", "jsonld"):
            raise KGError(f"--format for graph is one of nquads, trig, turtle, jsonld (not {fmt})")
        if fmt == "nquads":
            sys.stdout.write(kg.quads.read_text(encoding="utf-8"))
            return 0
        from rdflib import Dataset

        from .vocab import PREFIXES
        ds = Dataset()
        ds.parse(kg.quads, format="nquads")
        for p, ns in PREFIXES.items():
            ds.bind(p, ns)
        if fmt == "trig":
            sys.stdout.write(ds.serialize(format="trig"))
        elif fmt == "jsonld":
            sys.stdout.write(ds.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
        else:
            from .build import union_graph
            g = union_graph(ds)
            for p, ns in PREFIXES.items():
                g.bind(p, ns)
            sys.stdout.write(g.serialize(format="turtle"))
        return 0
    fmt = args.format or "csv"
    if fmt not in ("csv", "json"):
        raise KGError(f"--format for tables is csv or json (not {fmt})")
    st = load_memory_store(kg)
    if args.what == "observations":
        rows, cols = export.observation_rows(st), export.OBSERVATION_COLUMNS
        if args.report:
            rows = [r for r in rows if r["report"].rsplit("/", 1)[-1] == args.report or r["report"] == args.report]
    else:
        rows, cols = export.entity_rows(st, report=args.report), export.ENTITY_COLUMNS
    sys.stdout.write(export.to_csv(rows, cols) if fmt == "csv" else export.to_json(rows, cols))
    return 0


def cmd_validate(args) -> int:
    from .validate_cli import run_validate

    return run_validate(args, _settings(args))


def cmd_load(args) -> int:
    from .remote import load_to_remote

    settings = _settings(args)
    return load_to_remote(settings, args.to, user=args.user, password=args.password)


def cmd_serve(args) -> int:
    from server.run import serve

    settings = _settings(args)
    return serve(settings, dev=args.dev)


def make_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kg", description="Build, validate, export and serve plankg.")
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build a KG directory from report files")
    b.add_argument("files", nargs="+", help="report files (UTF-8, GB18030 …); a <stem>.meta.json beside one is read")
    b.add_argument("--out", help="KG directory to publish (default: PLANKG_KG_DIR or build/)")
    b.add_argument("--base-iri", help="base of every minted IRI (default: PLANKG_BASE_IRI)")
    b.add_argument("--no-validate", action="store_true", help=argparse.SUPPRESS)
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("export", help="write the KG or one of its tables to stdout")
    e.add_argument("what", choices=["observations", "entities", "graph"])
    e.add_argument("--kg", help="KG directory (default: PLANKG_KG_DIR or build/)")
    e.add_argument("--format", help="csv|json for tables; nquads|trig|turtle|jsonld for graph")
    e.add_argument("--report", help="only rows of this report id")
    e.set_defaults(func=cmd_export)

    v = sub.add_parser("validate", help="validate a built KG or RDF files against the SHACL shapes")
    v.add_argument("files", nargs="*", help="RDF files (N-Quads, TriG, Turtle, N-Triples, JSON-LD)")
    v.add_argument("--kg", help="KG directory to validate (default when no files are given)")
    v.add_argument("--format", choices=["text", "json", "turtle"], default="text")
    v.set_defaults(func=cmd_validate)

    lo = sub.add_parser("load", help="push each report's named graph to a SPARQL 1.1 Graph Store")
    lo.add_argument("--kg", help="KG directory")
    lo.add_argument("--to", required=True, help="Graph Store Protocol endpoint URL (…/store, …/sparql-graph-crud)")
    lo.add_argument("--user")
    lo.add_argument("--password")
    lo.set_defaults(func=cmd_load)

    s = sub.add_parser("serve", help="serve a built KG: SPARQL endpoint and linked-data site")
    s.add_argument("--kg", help="KG directory")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.add_argument("--workers", type=int)
    s.add_argument("--store", choices=["memory", "disk", "remote"])
    s.add_argument("--dev", action="store_true", help="Flask's development server (never in production)")
    s.set_defaults(func=cmd_serve)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    try:
        return args.func(args)
    except KGError as e:
        print(f"kg: {e}", file=sys.stderr)
        return EXIT_INVALID if e.code.startswith("KG3") else EXIT_ERROR
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
