"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only).

- query by GET ``?query=``, POST ``application/x-www-form-urlencoded``, POST
  ``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` (repeatable) set the
  dataset. Without them, the default graph is the union of all graphs, and every graph (one per
  report, the vocabulary and the metadata graph) is a named graph.
- results as Accept asks (q-values), or as the ``format`` parameter says (for links);
  406 when no offered format is acceptable.
- GET without a query: the service description (Turtle by default; a query form for browsers).
- errors in plain text (see :mod:`server.errors`); CORS for GET and POST.

One implementation of the protocol, two ways in. Queries (GET/POST with a ``query``, answered in
a SPARQL format) take the fast path, :class:`FastPath`: a WSGI layer in front of Flask that reads
the WSGI environ directly (Flask's routing, request and response objects cost about a tenth of a
millisecond a request, as much as a small query). Everything else under ``/sparql`` — the
service description, HTML results, OPTIONS, HEAD — goes through Flask's view :func:`sparql`.
Both call the same functions: :func:`protocol_params`, :func:`plan`, :func:`answer`.
"""
from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.http import HTTP_STATUS_CODES, parse_options_header

from . import errors, results, service_description
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


@dataclass(slots=True)
class HttpRequest:
    """What the protocol reads of an HTTP request: its WSGI environ (Flask's ``request`` wraps the
    same environ, so both ways in read it alike)."""

    method: str
    query_string: bytes
    content_type: str
    accept: str | None
    environ: dict

    @classmethod
    def of(cls, environ: dict) -> HttpRequest:
        return cls(environ.get("REQUEST_METHOD", "GET").upper(),
                   environ.get("QUERY_STRING", "").encode("latin-1"),
                   environ.get("CONTENT_TYPE", ""), environ.get("HTTP_ACCEPT"), environ)

    def body(self, limit: int) -> bytes:
        """The request body; 413 past ``limit`` bytes."""
        env = self.environ
        try:
            length = max(0, int(env["CONTENT_LENGTH"])) if env.get("CONTENT_LENGTH") else None
        except ValueError:
            length = None
        if length is not None and length > limit:
            raise TooLarge(f"the request is larger than this endpoint's limit of {limit} bytes")
        stream = env.get("wsgi.input")
        if stream is None or length is None and not env.get("wsgi.input_terminated"):
            return b""  # no length and no terminated stream: no body (as werkzeug reads it)
        data = stream.read(limit + 1 if length is None else length)
        if len(data) > limit:
            raise TooLarge(f"the request is larger than this endpoint's limit of {limit} bytes")
        return data


def _unquote(raw: bytes) -> bytes:
    """``urllib.parse.unquote_to_bytes``, at C speed when every ``%`` starts an escape: a query of
    a kilobyte has a hundred or two escapes, which urllib decodes one by one in Python (50 µs).
    Here backslashes are doubled and each ``%`` becomes ``\\x``, so the only escapes the codec
    sees are ``\\\\`` and ``\\xHH``; a ``%`` that starts no escape makes it fail, and urllib
    decodes that text as it always did."""
    if b"%" not in raw:
        return raw
    try:
        return codecs.escape_decode(raw.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]
    except ValueError:
        return unquote_to_bytes(raw)


def _pairs(raw: bytes) -> list[tuple[str, str]]:
    """``application/x-www-form-urlencoded`` pairs, strictly UTF-8 (raw or percent-encoded bytes)."""
    out = []
    try:
        for part in raw.split(b"&"):
            if not part:
                continue
            k, _, v = part.partition(b"=")
            out.append((_unquote(k.replace(b"+", b" ")).decode("utf-8"),
                        _unquote(v.replace(b"+", b" ")).decode("utf-8")))
    except UnicodeDecodeError:
        raise BadQuery("parameters must be UTF-8") from None
    return out


def protocol_params(req: HttpRequest, limit: int) -> dict[str, list[str]]:
    """The protocol's parameters from the URL and, for POST, the body; strictly UTF-8."""
    if len(req.query_string) > limit:
        raise TooLarge(f"the request is larger than this endpoint's limit of {limit} bytes")
    pairs = _pairs(req.query_string)
    if req.method == "POST":
        mimetype, options = parse_options_header(req.content_type)
        ctype = mimetype.lower()
        if ctype == UPDATE:
            raise Forbidden("this endpoint is read-only: SPARQL Update is not allowed")
        if ctype not in (FORM, QUERY):
            raise UnsupportedMediaType(
                f"POST a query as {FORM} or {QUERY}" + (f", not {ctype}" if ctype else " (no Content-Type given)"))
        body = req.body(limit)
        # the body is read: whoever reads the request next (Flask, after the fast path) reads it here
        req.environ["wsgi.input"] = io.BytesIO(body)
        req.environ["CONTENT_LENGTH"] = str(len(body))
        if ctype == FORM:
            pairs += _pairs(body)
        else:
            charset = options.get("charset", "utf-8")
            try:
                codecs.lookup(charset)
                pairs.append(("query", body.decode(charset)))
            except (LookupError, UnicodeError):  # UnicodeError: codecs such as punycode fail so
                raise BadQuery(f"the query is not valid {charset}") from None
    params: dict[str, list[str]] = {}
    for k, v in pairs:
        params.setdefault(k, []).append(v)
    return params


def negotiate(params: dict[str, list[str]], accept: str | None):
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
    return _by_accept(accept)


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


@dataclass(frozen=True, slots=True)
class Plan:
    """A query to run and how to answer it."""

    job: Job
    results_format: results.Format | None
    graph_format: results.Format | None
    html: bool  # HTML results were preferred (answered by the Flask view)


def plan(state, req: HttpRequest, params: dict[str, list[str]]) -> Plan | None:
    """The query of a request, checked (guard, formats, dataset); None for a GET without a query
    (the service description)."""
    if "update" in params:
        raise Forbidden("this endpoint is read-only: SPARQL Update is not allowed")
    queries = params.get("query", [])
    if not queries:
        if req.method == "GET":
            return None
        raise BadQuery("missing query parameter")
    if len(queries) > 1:
        raise BadQuery("more than one query parameter")
    query = queries[0]
    if not query.strip():
        raise BadQuery("empty query")
    info = state.backend.inspect(query)
    r_fmt, g_fmt, html = negotiate(params, req.accept)
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
    return Plan(job, r_fmt, g_fmt, html)


def answer(state, p: Plan):
    """Run the query: its reply, and the headers of the answer but its type."""
    reply = state.backend.execute(p.job)
    headers = list(CORS_HEADERS.items())
    headers.append(("Vary", "Accept"))
    if reply.truncated:
        headers.append(("X-Result-Truncated", "true"))
        headers.append(("X-SPARQL-MaxRows", str(state.settings.max_rows)))
    return reply, headers


def content_type(p: Plan, reply) -> str:
    fmt = p.results_format if reply.kind == "results" else p.graph_format
    return fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith(_TEXT_TYPES) else "")


# ------------------------------------------------------------------ the two ways in

@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql():
    if request.method == "OPTIONS":
        return _preflight()
    state = _state()
    req = HttpRequest.of(request.environ)
    params = protocol_params(req, state.settings.max_request_bytes)
    p = plan(state, req, params)
    if p is None:
        return service_description.respond(params)
    reply, headers = answer(state, p)
    if p.html and reply.kind == "results":
        return Response(_html_results(p.job.query, reply, state.settings.max_rows), headers=headers,
                        mimetype="text/html")
    return Response(reply.body, headers=headers, content_type=content_type(p, reply))


class FastPath:
    """WSGI in front of Flask: answers queries to ``/sparql`` itself, passes everything else on."""

    def __init__(self, app, wsgi_app):
        self.state = app.extensions["plankg"]
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") != "/sparql" or method not in ("GET", "POST"):
            return self.wsgi_app(environ, start_response)
        state = self.state
        try:
            req = HttpRequest.of(environ)
            p = plan(state, req, protocol_params(req, state.settings.max_request_bytes))
            if p is None or p.html:
                # the service description and HTML results are pages: Flask's (the body, if any,
                # was put back in the environ by protocol_params)
                return self.wsgi_app(environ, start_response)
            reply, headers = answer(state, p)
            headers.append(("Content-Type", content_type(p, reply)))
            status, body = 200, reply.body
        except errors.EndpointError as e:
            status, headers, body = errors.plain(e)
        except Exception as e:  # noqa: BLE001 - a bug: logged with a request id, as Flask's handler does
            status, headers, body = errors.bug(e)
        headers.append(("Content-Length", str(len(body))))
        start_response(_STATUS[status], headers)
        return [body]


_STATUS = {code: f"{code} {name.upper()}" for code, name in HTTP_STATUS_CODES.items()}


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
