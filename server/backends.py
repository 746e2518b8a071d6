"""Query backends: where queries run, behind one small interface.

=========  ==========================================================================
``memory``  pyoxigraph's in-memory ``Store``, bulk-loaded from ``kg.nq`` when the app is created
            (in the gunicorn master, before anything forks). The fastest. Loads in about 8 s per
            million triples and takes about 350 MB per million; each executor that scans it ends
            up with its own copy (pyoxigraph writes to the pages it reads), so plan for
            ``(1 + executors) ×`` that.
``disk``    pyoxigraph's on-disk store, opened read-only in each executor. Built once from
            ``kg.nq`` into ``<kg>/oxigraph/`` (beside ``kg.nq`` of that release, so a new build
            gets a new store). Instant start and little RAM; scans are 3–20× slower.
``remote``  any SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB, QLever, ``oxigraph serve``) at
            ``remote_endpoint``, through SPARQLWrapper. Load it with ``kg load --to URL``.
=========  ==========================================================================

Every backend runs its queries in the query service's executor processes (:mod:`server.executor`)
under the same limits: ``query_timeout``, ``max_rows``, the guard (:mod:`server.guard`).

For the site's page handlers, the API is (all with the endpoint's limits)::

    backend = current_app.extensions["plankg"].backend
    rows = backend.select("SELECT ?s WHERE { ?s a <…> }")   # Rows: list of {var: pyoxigraph term}
    rows.variables, rows.truncated
    backend.ask("ASK { … }")                                # bool
    backend.construct("CONSTRUCT … ")                        # Triples: list of pyoxigraph.Triple
    backend.graph_names()                                    # named graphs of the KG

Terms are pyoxigraph ``NamedNode``/``Literal``/``BlankNode`` (``.value``; literals also have
``.language`` and ``.datatype``). Errors raise :mod:`server.errors` exceptions (``BadQuery``,
``Forbidden``, ``QueryTimedOut`` …) that the app answers as the endpoint does.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.config import Settings
from kg.store import KGDir, load_memory_store

from . import errors, guard, results
from .executor import Busy, ExecutorError, QueryService, QueryTimeout, Unavailable

log = logging.getLogger("server.backends")

STORE_DIR = "oxigraph"


@dataclass(frozen=True)
class Job:
    """One query for an executor: the text, its dataset, the formats acceptable, the row cap."""

    query: str
    form: str | None
    default_graphs: tuple[str, ...] | None = None  # protocol default-graph-uri (None: not given)
    named_graphs: tuple[str, ...] | None = None  # protocol named-graph-uri
    own_dataset: bool = False  # the query has FROM / FROM NAMED
    results_format: str | None = "json"  # format key for SELECT/ASK, None: not acceptable
    graph_format: str | None = "turtle"  # format key for CONSTRUCT/DESCRIBE
    max_rows: int = 10000
    federated: bool = False  # the query calls allow-listed SERVICE endpoints


@dataclass(frozen=True)
class Reply:
    kind: str  # "results" or "graph"
    format_key: str
    truncated: bool
    body: bytes


class Rows(list):
    """Rows of a SELECT: dicts from variable name to term (unbound variables absent)."""

    variables: tuple[str, ...] = ()
    truncated: bool = False


class Triples(list):
    """Triples of a CONSTRUCT/DESCRIBE (pyoxigraph ``Triple``)."""

    truncated: bool = False


# ---------------------------------------------------------------- engines (in the executors)

class StoreEngine:
    """Runs jobs on a pyoxigraph store (in memory, or opened read-only from disk)."""

    def __init__(self, open_store, prefixes: dict[str, str]):
        self._open_store = open_store
        self._store = None
        self.prefixes = prefixes

    @property
    def store(self):
        if self._store is None:
            self._store = self._open_store()
        return self._store

    def _kwargs(self, job: Job) -> dict:
        if job.default_graphs is not None or job.named_graphs is not None:
            return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs or ()],
                    "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()]}
        if job.own_dataset:
            return {}
        return {"use_default_graph_as_union": True}

    def run(self, job: Job):
        kwargs = self._kwargs(job)

        def execute():
            return self.store.query(job.query, **kwargs)

        try:
            result = execute()
            return _serialize(result, job, execute, self.prefixes)
        except SyntaxError as e:
            return ("error", "syntax", str(e))
        except OSError as e:
            if job.federated:
                return ("error", "remote", f"SERVICE call failed: {e}")
            raise


class RemoteEngine:
    """Runs jobs on a remote SPARQL 1.1 endpoint through SPARQLWrapper."""

    def __init__(self, endpoint: str, timeout: float, union: bool, graphs: tuple[str, ...],
                 prefixes: dict[str, str]):
        self.endpoint = endpoint
        self.timeout = timeout
        self.union = union
        self.graphs = graphs
        self.prefixes = prefixes

    def run(self, job: Job):
        from urllib.error import URLError

        from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        sw = SPARQLWrapper(self.endpoint)
        sw.setMethod(POST)
        sw.setRequestMethod(URLENCODED)
        sw.setTimeout(max(1, int(self.timeout) + 1))
        sw.setQuery(job.query)
        graph_form = job.form in ("CONSTRUCT", "DESCRIBE")
        # SPARQLWrapper also sends format=… parameters, which some servers (Virtuoso) obey over Accept
        sw.setReturnFormat(TURTLE if graph_form else JSON)
        sw.addCustomHttpHeader("Accept", "text/turtle" if graph_form else "application/sparql-results+json")
        if job.default_graphs is not None or job.named_graphs is not None:
            for g in job.default_graphs or ():
                sw.addDefaultGraph(g)
            for g in job.named_graphs or ():
                sw.addNamedGraph(g)
        elif not job.own_dataset and not self.union:
            for g in self.graphs:
                sw.addDefaultGraph(g)
                sw.addNamedGraph(g)
        try:
            response = sw.query().response
            body = response.read()
            ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        except QueryBadFormed as e:
            return ("error", "syntax", _remote_message(e))
        except (SPARQLWrapperException, URLError, OSError) as e:
            return ("error", "remote", f"the remote endpoint failed: {_remote_message(e)}")

        if graph_form or ctype in ("text/turtle", "application/n-triples", "application/rdf+xml"):
            fmt = ox.RdfFormat.from_media_type(ctype) or ox.RdfFormat.TURTLE
            quads = ox.parse(body, format=fmt)
            triples = (q.triple if isinstance(q, ox.Quad) else q for q in quads)
            return _serialize(_Graph(triples), job, None, self.prefixes)
        fmt = ox.QueryResultsFormat.from_media_type(ctype) or ox.QueryResultsFormat.JSON

        def parse():
            return ox.parse_query_results(body, fmt)

        return _serialize(parse(), job, parse, self.prefixes)


class _Graph:
    """Triples parsed from a remote answer, shaped like pyoxigraph's ``QueryTriples``."""

    def __init__(self, triples):
        self._it = iter(triples)

    def __iter__(self):
        return self._it


def _remote_message(e: Exception) -> str:
    text = str(e).strip()
    return text[:2000]


def _serialize(result, job: Job, rerun, prefixes: dict[str, str]):
    if isinstance(result, ox.QueryBoolean):
        if job.results_format is None:
            return ("error", "not-acceptable", "results")
        fmt = results.by_key("results", job.results_format)
        return Reply("results", fmt.key, False, results.serialize_boolean(bool(result), fmt))
    if isinstance(result, ox.QuerySolutions):
        if job.results_format is None:
            return ("error", "not-acceptable", "results")
        fmt = results.by_key("results", job.results_format)
        body, truncated = results.serialize_solutions(result, fmt, job.max_rows, rerun)
        return Reply("results", fmt.key, truncated, body)
    if job.graph_format is None:
        return ("error", "not-acceptable", "graph")
    fmt = results.by_key("graph", job.graph_format)
    body, truncated = results.serialize_triples(result, fmt, job.max_rows, prefixes)
    return Reply("graph", fmt.key, truncated, body)


# ---------------------------------------------------------------- the backend (in the workers)

class Backend:
    """Queries under the endpoint's limits; see the module docstring for the API."""

    name = "abstract"

    def __init__(self, settings: Settings, kg: KGDir):
        self.settings = settings
        self.kg = kg
        self.service = QueryService(self._engine_factory(), settings.executors,
                                    deny_network=self._deny_network())

    # subclasses
    def _engine_factory(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _deny_network(self) -> bool:
        return not self.settings.service_allowlist

    @property
    def remote(self) -> bool:
        return False

    @property
    def store(self):
        """The pyoxigraph store in this process (memory/disk), for code that predates ``select``."""
        return None

    def start(self) -> None:
        """Start the query service; call while single-threaded (gunicorn: in the master, before
        the workers fork). Otherwise it starts on first use."""
        self.service.start()

    def revive(self) -> bool:
        """Start the query service again if it died (in the process that started it)."""
        return self.service.revive()

    def close(self) -> None:
        self.service.close()

    # the protocol's entry point
    def inspect(self, query: str) -> guard.QueryInfo:
        try:
            return guard.inspect(query, allowlist=self.settings.service_allowlist, remote=self.remote)
        except guard.Refused as e:
            raise errors.Forbidden(str(e)) from None
        except guard.NotSparql as e:
            raise errors.BadQuery(str(e)) from None

    def execute(self, job: Job) -> Reply:
        try:
            reply = self.service.run(job, self.settings.query_timeout)
        except QueryTimeout as e:
            raise errors.QueryTimedOut(f"{e}. Make the query more selective, or add LIMIT.") from None
        except Busy:
            raise errors.QueryTimedOut("the query service did not take this query before its time limit; "
                                       "try again later", {"Retry-After": "5"}) from None
        except Unavailable as e:
            raise errors.QueryTimedOut(f"{e}; try again in a moment", {"Retry-After": "2"}) from None
        except ExecutorError as e:
            raise errors.InternalError(str(e)) from None
        if isinstance(reply, Reply):
            return reply
        _, code, message = reply
        if code == "syntax":
            raise errors.BadQuery(f"bad query: {message}")
        if code == "not-acceptable":
            raise errors.NotAcceptable(f"no acceptable format for a {'graph' if message == 'graph' else 'result set'}")
        if code == "remote":
            raise errors.RemoteFailed(message)
        raise errors.InternalError(message)

    def job(self, query: str, **kw) -> Job:
        info = self.inspect(query)
        return Job(query=query, form=info.form, own_dataset=info.has_dataset, federated=bool(info.services),
                   max_rows=kw.pop("max_rows", self.settings.max_rows), **kw)

    # the API for page handlers
    def select(self, query: str, *, default_graphs=None, named_graphs=None) -> Rows:
        job = self.job(query, results_format="tsv", graph_format=None,
                       default_graphs=_tuple(default_graphs), named_graphs=_tuple(named_graphs))
        reply = self.execute(job)
        parsed = ox.parse_query_results(reply.body, ox.QueryResultsFormat.TSV)
        rows = Rows()
        if isinstance(parsed, ox.QueryBoolean):
            raise errors.BadQuery("select() needs a SELECT query")
        rows.variables = tuple(v.value for v in parsed.variables)
        for sol in parsed:
            rows.append({name: sol[i] for i, name in enumerate(rows.variables) if sol[i] is not None})
        rows.truncated = reply.truncated
        return rows

    def ask(self, query: str, *, default_graphs=None, named_graphs=None) -> bool:
        job = self.job(query, results_format="json", graph_format=None,
                       default_graphs=_tuple(default_graphs), named_graphs=_tuple(named_graphs))
        parsed = ox.parse_query_results(self.execute(job).body, ox.QueryResultsFormat.JSON)
        if not isinstance(parsed, ox.QueryBoolean):
            raise errors.BadQuery("ask() needs an ASK query")
        return bool(parsed)

    def construct(self, query: str, *, default_graphs=None, named_graphs=None) -> Triples:
        job = self.job(query, results_format=None, graph_format="ntriples",
                       default_graphs=_tuple(default_graphs), named_graphs=_tuple(named_graphs))
        reply = self.execute(job)
        out = Triples(q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES))
        out.truncated = reply.truncated
        return out

    def graph_names(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(r["g"].value for r in rows if "g" in r)


def _tuple(v):
    if v is None:
        return None
    return (v,) if isinstance(v, str) else tuple(v)


def _prefixes() -> dict[str, str]:
    from kg.vocab import PREFIXES
    return {p: str(ns) for p, ns in PREFIXES.items()}


class MemoryBackend(Backend):
    name = "memory"

    def __init__(self, settings: Settings, kg: KGDir):
        self._store = load_memory_store(kg)
        super().__init__(settings, kg)

    def _engine_factory(self):
        store, prefixes = self._store, _prefixes()
        return lambda: StoreEngine(lambda: store, prefixes)

    @property
    def store(self):
        return self._store


class DiskBackend(Backend):
    name = "disk"

    def __init__(self, settings: Settings, kg: KGDir):
        self.path = ensure_disk_store(kg)
        self._local = None
        self._local_pid = None
        super().__init__(settings, kg)

    def _engine_factory(self):
        path, prefixes = str(self.path), _prefixes()
        return lambda: StoreEngine(lambda: ox.Store.read_only(path), prefixes)

    @property
    def store(self):
        if self._local_pid != os.getpid():
            self._local, self._local_pid = ox.Store.read_only(str(self.path)), os.getpid()
        return self._local


def ensure_disk_store(kg: KGDir) -> Path:
    """The on-disk store of a KG, built from ``kg.nq`` the first time (atomically)."""
    target = kg.path.resolve() / STORE_DIR
    if (target / ".complete").exists():
        return target
    tmp = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}-", dir=target.parent))
    try:
        store = ox.Store(str(tmp))
        store.bulk_load(path=str(kg.quads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
        del store
        (tmp / ".complete").write_text("built from kg.nq\n", encoding="utf-8")
        try:
            os.rename(tmp, target)
        except OSError:  # another process built it meanwhile
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


class RemoteBackend(Backend):
    name = "remote"

    def __init__(self, settings: Settings, kg: KGDir):
        if not settings.remote_endpoint:
            from kg.errors import KGError
            raise KGError("store = remote needs PLANKG_REMOTE_ENDPOINT (the SPARQL endpoint URL)")
        super().__init__(settings, kg)

    def _engine_factory(self):
        s = self.settings
        graphs = tuple(r["graph"] for r in self.kg.manifest.get("reports", []) if r.get("graph"))
        base = s.base_iri
        graphs += (base + "graph/vocabulary", base + "graph/metadata")
        endpoint, timeout, union, prefixes = s.remote_endpoint, s.query_timeout, s.remote_union, _prefixes()
        return lambda: RemoteEngine(endpoint, timeout, union, graphs, prefixes)

    def _deny_network(self) -> bool:
        return False

    @property
    def remote(self) -> bool:
        return True


BACKENDS = {"memory": MemoryBackend, "disk": DiskBackend, "remote": RemoteBackend}


def open_backend(settings: Settings, kg: KGDir) -> Backend:
    try:
        cls = BACKENDS[settings.store]
    except KeyError:
        from kg.errors import KGError
        raise KGError(f"unknown store {settings.store!r}: memory, disk or remote") from None
    return cls(settings, kg)
