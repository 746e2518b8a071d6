"""The one door through which the site's pages read the KG.

Pages never touch the store themselves: they call :func:`select`, :func:`ask` or
:func:`construct` with the app's state. These run on the endpoint's backend (``state.backend``,
see :mod:`server.backends`), under the same limits as the endpoint, over the union of all graphs;
a state without a backend (a bare pyoxigraph ``store``) is queried directly.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.vocab import PREFIXES as _PREFIXES

#: SPARQL prologue with every prefix of the project (pages' queries only; never injected into
#: users' queries).
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _PREFIXES.items())


@dataclass(frozen=True)
class Term:
    """An RDF term of a result row, shaped like a SPARQL JSON results binding."""

    type: str  # uri | literal | bnode
    value: str
    lang: str = ""
    datatype: str = ""

    @property
    def is_iri(self) -> bool:
        return self.type == "uri"

    def __str__(self) -> str:
        return self.value


def _term(t) -> Term | None:
    if t is None:
        return None
    cls = type(t).__name__
    if cls == "NamedNode":
        return Term("uri", t.value)
    if cls == "Literal":
        return Term("literal", t.value, t.language or "", t.datatype.value if t.datatype else "")
    return Term("bnode", t.value)


def _store(state):
    return state.store


def _backend(state):
    return getattr(state, "backend", None)


def select(state, query: str) -> list[dict[str, Term]]:
    """Rows of a SELECT query (prefixes of the project pre-declared); unbound variables are absent."""
    backend = _backend(state)
    if backend is not None:
        return [{k: t for k, v in row.items() if (t := _term(v)) is not None}
                for row in backend.select(PROLOGUE + query)]
    result = _store(state).query(PROLOGUE + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    rows = []
    for sol in result:
        row = {}
        for n in names:
            t = _term(sol[n])
            if t is not None:
                row[n] = t
        rows.append(row)
    return rows


def ask(state, query: str) -> bool:
    backend = _backend(state)
    if backend is not None:
        return bool(backend.ask(PROLOGUE + query))
    return bool(_store(state).query(PROLOGUE + query, use_default_graph_as_union=True))


def construct(state, query: str) -> list:
    """Triples of a CONSTRUCT query (pyoxigraph ``Triple`` objects, ready to serialise)."""
    backend = _backend(state)
    if backend is not None:
        return list(backend.construct(PROLOGUE + query))
    return list(_store(state).query(PROLOGUE + query, use_default_graph_as_union=True))


def graph_names(state) -> set[str]:
    backend = _backend(state)
    if backend is not None:
        return {g if isinstance(g, str) else g.value for g in backend.graph_names()}
    return {g.value for g in _store(state).named_graphs()}


def iri(value: str) -> str:
    """An IRI as a SPARQL term, refusing characters that could break out of ``<…>``."""
    if any(c in value for c in '<>"{}|^`\\ \n\r\t'):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def literal(value: str) -> str:
    """A string as a SPARQL literal."""
    esc = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{esc}"'


@dataclass(frozen=True)
class UserResult:
    """A user's query run for the plain-HTML query page (the editor itself calls ``/sparql``)."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    truncated: bool = False
    error: str = ""


def run_user_query(state, query: str, max_rows: int = 1000) -> UserResult:
    """Run a query exactly as written (no prefixes added), SELECT or ASK, under the endpoint's
    limits; a bad or refused query comes back as a message for the page."""
    backend = _backend(state)
    if backend is None:
        return _run_on_store(state, query, max_rows)
    from .errors import EndpointError

    try:
        form = backend.inspect(query).form
        if form == "ASK":
            return UserResult(boolean=backend.ask(query))
        if form != "SELECT":
            return UserResult(error="only SELECT and ASK queries are shown here; use the SPARQL endpoint for others")
        rows = backend.select(query)
    except EndpointError as e:
        return UserResult(error=str(e))
    names = tuple(rows.variables)
    out = tuple(tuple(_term(r.get(n)) for n in names) for r in rows[:max_rows])
    return UserResult(names, out, None, rows.truncated or len(rows) > max_rows)


def _run_on_store(state, query: str, max_rows: int) -> UserResult:
    try:
        result = _store(state).query(query, use_default_graph_as_union=True)
    except SyntaxError as e:
        return UserResult(error=f"bad query: {e}")
    if type(result).__name__ == "QueryBoolean":
        return UserResult(boolean=bool(result))
    if not hasattr(result, "variables"):
        return UserResult(error="only SELECT and ASK queries are shown here; use the SPARQL endpoint for others")
    names = tuple(v.value for v in result.variables)
    rows = []
    truncated = False
    for sol in result:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append(tuple(_term(sol[n]) for n in names))
    return UserResult(names, tuple(rows), None, truncated)
