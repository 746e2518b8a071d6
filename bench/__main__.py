"""``python -m bench [NAME ...]``: run the benchmarks (all of them, or the ones named).

Names: ``endpoint`` (bench_endpoint), ``validate`` (bench_validate), ``extract`` (bench_extract),
``load`` (load_test: load, runaway queries, memory and crashes; needs wrk), whichever exist. Options after ``--`` go to every benchmark run.
"""
from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("endpoint", "validate", "extract", "load")
MODULES = {"load": "load_test"}  # the others are bench_NAME


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    names = argv or list(BENCHMARKS)
    status = 0
    for name in names:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; one of {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
        module_name = MODULES.get(name, f"bench_{name}")
        try:
            module = importlib.import_module(f"bench.{module_name}")
        except ModuleNotFoundError as e:
            if e.name != f"bench.{module_name}":
                raise
            if argv:
                print(f"bench/{module_name}.py does not exist", file=sys.stderr)
                status = 2
            continue
        print(f"# {module_name}", flush=True)
        status = module.main(extra) or status
    return status


if __name__ == "__main__":
    raise SystemExit(main())
