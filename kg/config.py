"""Every setting of plankg in one place, with its default and its environment variable.

Settings are read from environment variables with the prefix ``PLANKG_`` (``PLANKG_BASE_IRI``,
``PLANKG_PORT`` …); command-line flags override them; tests pass a mapping. Nothing is read at
import time: call :func:`load_settings`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "PLANKG_"


@dataclass(frozen=True)
class Settings:
    #: The persistent base of every IRI the KG mints (``{base}id/place/…``).
    base_iri: str = "https://w3id.org/plankg/"
    #: The built KG directory that ``kg serve``, ``kg export`` and ``kg validate`` read.
    kg_dir: Path = PROJECT_ROOT / "build"
    #: Where ``make serve`` finds the reports to build from.
    reports_dir: Path = PROJECT_ROOT / "data" / "reports"
    #: The ontology, code lists, units and indicator scheme (Turtle).
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    #: The SHACL shapes a build must satisfy.
    shapes_dir: Path = PROJECT_ROOT / "shapes"
    #: Cue words for quantities, web-page noise and entity names.
    lexicon_dir: Path = PROJECT_ROOT / "data" / "lexicon"
    #: Division codes, verified external identifiers and pinyin.
    gazetteer_dir: Path = PROJECT_ROOT / "data" / "gazetteer"
    #: Interface ``kg serve`` listens on.
    host: str = "127.0.0.1"
    #: Port ``kg serve`` listens on.
    port: int = 5000
    #: Number of server worker processes.
    workers: int = 2
    #: Request threads per worker process (``workers × threads`` requests at once).
    threads: int = 4
    #: Whether ``kg serve`` logs a line per request (to standard output). It costs about 0.05 ms
    #: a request; behind a proxy that logs requests itself, it may be turned off.
    access_log: bool = True
    #: Query executor processes; each runs many queries at once, in threads. A query past its
    #: time limit is stopped by killing its executor. With the memory store, each executor may
    #: end up with its own copy of the store: memory is about ``(1 + executors) ×`` the store.
    executors: int = 1
    #: Query backend: ``memory`` (pyoxigraph in memory, the fastest), ``disk`` (pyoxigraph's
    #: on-disk store, opened read-only: instant start, slower scans) or ``remote`` (any SPARQL 1.1
    #: endpoint at ``remote_endpoint``).
    store: str = "memory"
    #: SPARQL 1.1 query endpoint URL of the ``remote`` backend.
    remote_endpoint: str = ""
    #: Whether the remote endpoint's default graph already is the union of all graphs (Virtuoso;
    #: ``oxigraph serve --union-default-graph``); when false, every graph of the KG is named in
    #: each request as a default and a named graph.
    remote_union: bool = True
    #: Wall-clock limit of one query, in seconds.
    query_timeout: float = 30.0
    #: Most result rows returned; the cut is signalled.
    max_rows: int = 10000
    #: Largest accepted request body / query string, in bytes.
    max_request_bytes: int = 1_000_000
    #: SERVICE endpoints a query may call; empty: SERVICE is refused.
    service_allowlist: tuple[str, ...] = ()
    #: Licence of the published data.
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    #: Name of the publisher in the DCAT description.
    publisher: str = "plankg"


def _coerce(name: str, value: str, default):
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, Path):
        return Path(value)
    if isinstance(default, tuple):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return value


def load_settings(env: dict[str, str] | None = None, **overrides) -> Settings:
    """Defaults, then ``PLANKG_*`` environment variables, then explicit overrides."""
    env = os.environ if env is None else env
    base = Settings()
    values = {}
    for f in fields(Settings):
        key = ENV_PREFIX + f.name.upper()
        if key in env:
            values[f.name] = _coerce(f.name, env[key], getattr(base, f.name))
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = replace(base, **values)
    if not settings.base_iri.endswith(("/", "#")):
        settings = replace(settings, base_iri=settings.base_iri + "/")
    return settings


def describe_settings() -> list[tuple[str, str, str]]:
    """``(environment variable, default, description)`` for every setting: for docs and tests."""
    import inspect
    src = inspect.getsource(Settings)
    out = []
    for f in fields(Settings):
        doc = ""
        lines = src.splitlines()
        for i, line in enumerate(lines):
            if line.strip().startswith(f"{f.name}:"):
                j = i - 1
                comments = []
                while j >= 0 and lines[j].strip().startswith("#:"):
                    comments.insert(0, lines[j].strip()[2:].strip())
                    j -= 1
                doc = " ".join(comments)
                break
        out.append((ENV_PREFIX + f.name.upper(), str(getattr(Settings(), f.name)), doc))
    return out
