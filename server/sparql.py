"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only).

- query by GET ``?query=``, POST ``application/x-www-form-urlencoded``, POST
  ``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` (repeatable) set the
  dataset. Without them, the default graph is the union of all graphs, and every graph (one per
  report, the vocabulary and the metadata graph) is a named graph.
- results as Accept asks (q-values), or as the ``format`` parameter says (for links);
  406 when no offered format is acceptable.
- GET without a query: the service description (Turtle by default; a query form for browsers).
- errors in plain text (see :mod:`server.errors`); CORS for GET and POST.
"""
from __future__ import annotations

import codecs
from functools import lru_cache
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from . import results, service_description
from .backends import Job
from .errors import CORS_HEADERS, BadQuery, Forbidden, NotAcceptable, TooLarge, UnsupportedMediaType
from .negotiation import best_match

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
HTML = "text/html"
_TEXT_TYPES = ("text/",)


def _state():
    return current_app.extensions["plankg"]


def _pairs(raw: bytes) -> list[tuple[str, str]]:
    """``application/x-www-form-urlencoded`` pairs, strictly UTF-8 (raw or percent-encoded bytes)."""
    out = []
    try:
        for part in raw.split(b"&"):
            if not part:
                continue
            k, _, v = part.partition(b"=")
            out.append((unquote_to_bytes(k.replace(b"+", b" ")).decode("utf-8"),
                        unquote_to_bytes(v.replace(b"+", b" ")).decode("utf-8")))
    except UnicodeDecodeError:
        raise BadQuery("parameters must be UTF-8") from None
    return out


def protocol_params() -> dict[str, list[str]]:
    """The protocol's parameters from the URL and, for POST, the body; strictly UTF-8."""
    limit = _state().settings.max_request_bytes
    if len(request.query_string) > limit:
        raise TooLarge(f"the request is larger than this endpoint's limit of {limit} bytes")
    pairs = _pairs(request.query_string)
    if request.method == "POST":
        ctype = (request.mimetype or "").lower()
        if ctype == UPDATE:
            raise Forbidden("this endpoint is read-only: SPARQL Update is not allowed")
        if ctype not in (FORM, QUERY):
            raise UnsupportedMediaType(
                f"POST a query as {FORM} or {QUERY}" + (f", not {ctype}" if ctype else " (no Content-Type given)"))
        body = request.get_data(cache=False)  # werkzeug answers 413 past MAX_CONTENT_LENGTH
        if len(body) > limit:
            raise TooLarge(f"the request is larger than this endpoint's limit of {limit} bytes")
        if ctype == FORM:
            pairs += _pairs(body)
        else:
            charset = request.mimetype_params.get("charset", "utf-8")
            try:
                codecs.lookup(charset)
                pairs.append(("query", body.decode(charset)))
            except (LookupError, UnicodeDecodeError):
                raise BadQuery(f"the query is not valid {charset}") from None
    params: dict[str, list[str]] = {}
    for k, v in pairs:
        params.setdefault(k, []).append(v)
    return params


def negotiate(params: dict[str, list[str]]):
    """The results format and the graph format to answer with (None: not acceptable), and
    whether HTML was preferred for results."""
    wanted = (params.get("format") or params.get("output") or [None])[0]
    if wanted:
        w = wanted.strip().lower()
        if "/" in w:
            r, g = results.by_media_type("results", w), results.by_media_type("graph", w)
            return r, g, False
        if w not in results.FORMAT_ALIASES:
            raise BadQuery(f"unknown format {wanted!r}; one of {', '.join(sorted(results.FORMAT_ALIASES))}")
        rk, gk = results.FORMAT_ALIASES[w]
        return (results.by_key("results", rk) if rk else None), (results.by_key("graph", gk) if gk else None), False
    return _by_accept(request.headers.get("Accept"))


@lru_cache(maxsize=256)
def _by_accept(accept: str | None):
    offered = [f.media_type for f in results.RESULT_FORMATS]
    r_media = best_match(accept, offered + [HTML])
    g_media = best_match(accept, [f.media_type for f in results.GRAPH_FORMATS])
    html = r_media == HTML
    if html:
        r_media = best_match(accept, offered)
    r = results.by_media_type("results", r_media) if r_media else None
    g = results.by_media_type("graph", g_media) if g_media else None
    return r, g, html


def _graph_list(params, name) -> tuple[str, ...] | None:
    values = params.get(name)
    if values is None:
        return None
    for v in values:
        try:
            ox.NamedNode(v)
        except ValueError:
            raise BadQuery(f"{name} must be an absolute IRI, not {v!r}") from None
    return tuple(values)


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql():
    if request.method == "OPTIONS":
        return _preflight()
    params = protocol_params()
    if "update" in params:
        raise Forbidden("this endpoint is read-only: SPARQL Update is not allowed")
    queries = params.get("query", [])
    if not queries:
        if request.method == "GET":
            return service_description.respond(params)
        raise BadQuery("missing query parameter")
    if len(queries) > 1:
        raise BadQuery("more than one query parameter")
    query = queries[0]
    if not query.strip():
        raise BadQuery("empty query")
    state = _state()
    backend = state.backend
    info = backend.inspect(query)
    r_fmt, g_fmt, html = negotiate(params)
    if html:
        r_fmt = results.by_key("results", "tsv")
    if info.form in ("SELECT", "ASK") and r_fmt is None or info.form in ("CONSTRUCT", "DESCRIBE") and g_fmt is None:
        raise NotAcceptable(f"no acceptable format for the result of a {info.form} query; this endpoint offers "
                            + ", ".join(sorted({f.media_type for f in (results.RESULT_FORMATS if info.form in (
                                "SELECT", "ASK") else results.GRAPH_FORMATS)})))
    job = Job(query=query, form=info.form,
              default_graphs=_graph_list(params, "default-graph-uri"),
              named_graphs=_graph_list(params, "named-graph-uri"),
              own_dataset=info.has_dataset, federated=bool(info.services),
              results_format=r_fmt.key if r_fmt else None, graph_format=g_fmt.key if g_fmt else None,
              max_rows=state.settings.max_rows)
    reply = backend.execute(job)
    headers = dict(CORS_HEADERS)
    headers["Vary"] = "Accept"
    if reply.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["X-SPARQL-MaxRows"] = str(state.settings.max_rows)
    if html and reply.kind == "results":
        return Response(_html_results(query, reply, state.settings.max_rows), headers=headers,
                        mimetype="text/html")
    fmt = r_fmt if reply.kind == "results" else g_fmt
    media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith(_TEXT_TYPES) else "")
    return Response(reply.body, headers=headers, content_type=media)


def _html_results(query: str, reply, max_rows: int) -> str:
    parsed = ox.parse_query_results(reply.body, ox.QueryResultsFormat.TSV)
    if isinstance(parsed, ox.QueryBoolean):
        return render_template("sparql/results.html", query=query, boolean=bool(parsed), variables=(), rows=(),
                               truncated=False, max_rows=max_rows)
    variables = [v.value for v in parsed.variables]
    rows = [[sol[i] for i in range(len(variables))] for sol in parsed]
    return render_template("sparql/results.html", query=query, boolean=None, variables=variables, rows=rows,
                           truncated=reply.truncated, max_rows=max_rows)


def _preflight() -> Response:
    resp = Response(status=204, content_type=None)
    resp.headers.update(CORS_HEADERS)
    resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    resp.headers["Access-Control-Allow-Headers"] = request.headers.get(
        "Access-Control-Request-Headers", "Accept, Content-Type")
    resp.headers["Access-Control-Max-Age"] = "86400"
    return resp
