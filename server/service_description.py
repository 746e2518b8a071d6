"""The SPARQL 1.1 Service Description at GET ``/sparql`` (no query), with the KG's VoID.

It says what the endpoint offers (language, result formats, features), its limits, and its
default dataset: the default graph (the union of all graphs) and one named graph per report plus
the vocabulary and metadata graphs, each with its triple count; followed by the KG's own DCAT/VoID
description from the metadata graph. Computed once per process and cached.
"""
from __future__ import annotations

from collections import OrderedDict

import pyoxigraph as ox
from flask import Response, current_app, render_template, request

from . import results
from .errors import CORS_HEADERS, BadQuery, NotAcceptable
from .negotiation import best_match

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
DCT_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

#: representations of the description, in order of preference when the client has none
OFFERED = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
           "application/trig", "application/n-quads", "text/html")


def _sd(term: str) -> ox.NamedNode:
    return ox.NamedNode(SD + term)


def _void(term: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + term)


def graph_counts(backend) -> dict[str, int]:
    rows = backend.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"].value: int(r["n"].value) for r in rows if "g" in r}


def _statistics(state) -> tuple[dict[str, int], list[ox.Triple]]:
    """The triple count of every graph and the KG's DCAT/VoID description: two queries over the
    whole KG, run once per process."""
    with state.lock:
        cached = state.cache.get("sd-statistics")
    if cached is None:
        cached = (graph_counts(state.backend), list(state.backend.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{state.settings.base_iri}graph/metadata> {{ ?s ?p ?o }} }}")))
        with state.lock:
            state.cache["sd-statistics"] = cached
    return cached


def triples(state, endpoint: str) -> list[ox.Triple]:
    s = state.settings
    base = s.base_iri
    svc = ox.NamedNode(base + "id/service/sparql")
    kg = ox.NamedNode(base + "id/dataset/plankg")
    counts, meta = _statistics(state)
    out: list[ox.Triple] = []

    def add(subj, pred, obj):
        out.append(ox.Triple(subj, pred, obj))

    add(svc, RDF_TYPE, _sd("Service"))
    add(svc, _sd("endpoint"), ox.NamedNode(endpoint))
    add(svc, _sd("supportedLanguage"), _sd("SPARQL11Query"))
    add(svc, _sd("feature"), _sd("UnionDefaultGraph"))
    if s.service_allowlist:
        add(svc, _sd("feature"), _sd("BasicFederatedQuery"))
    add(svc, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple"))
    for iri in sorted({f.iri for f in results.RESULT_FORMATS + results.GRAPH_FORMATS}):
        add(svc, _sd("resultFormat"), ox.NamedNode(iri))
    add(svc, DCT_TITLE, ox.Literal("plankg SPARQL endpoint", language="en"))
    add(svc, DCT_TITLE, ox.Literal("plankg SPARQL 查询服务", language="zh"))
    allow = ", ".join(s.service_allowlist) or "none"
    add(svc, RDFS_COMMENT, ox.Literal(
        f"Read-only (SPARQL 1.1 Query only; no Update, no LOAD). Each query may run {s.query_timeout:g} s "
        f"(then it is stopped and answered 503); results are cut at {s.max_rows} rows or triples "
        f"(signalled by the header X-Result-Truncated: true); requests may be {s.max_request_bytes} bytes. "
        f"FROM and FROM NAMED select graphs of this store and never fetch anything; SERVICE may only call: "
        f"{allow}.", language="en"))
    add(svc, RDFS_COMMENT, ox.Literal(
        f"只读（仅 SPARQL 1.1 查询，不支持更新和 LOAD）。每个查询最长运行 {s.query_timeout:g} 秒（超时即停止并返回 503）；"
        f"结果最多 {s.max_rows} 行或三元组（截断时响应头 X-Result-Truncated: true）；请求最大 {s.max_request_bytes} 字节。"
        f"FROM 与 FROM NAMED 只选择本库中的图，从不抓取网络资源；SERVICE 仅可调用：{allow}。", language="zh"))
    add(svc, _sd("defaultDataset"), kg)
    add(kg, RDF_TYPE, _sd("Dataset"))
    default = ox.BlankNode("defaultGraph")
    add(kg, _sd("defaultGraph"), default)
    add(default, RDF_TYPE, _sd("Graph"))
    add(default, RDFS_COMMENT, ox.Literal("the union of all named graphs", language="en"))
    add(default, _void("triples"), ox.Literal(str(sum(counts.values())), datatype=XSD_INTEGER))
    for i, (g, n) in enumerate(sorted(counts.items())):
        ng = ox.BlankNode(f"namedGraph{i}")
        gr = ox.BlankNode(f"graph{i}")
        add(kg, _sd("namedGraph"), ng)
        add(ng, RDF_TYPE, _sd("NamedGraph"))
        add(ng, _sd("name"), ox.NamedNode(g))
        add(ng, _sd("graph"), gr)
        add(gr, RDF_TYPE, _sd("Graph"))
        add(gr, _void("triples"), ox.Literal(str(n), datatype=XSD_INTEGER))
    # the KG's own DCAT/VoID description (statistics, class partitions, subsets per report)
    out.extend(meta)
    return out


def _endpoint_url() -> str:
    return request.base_url


def respond(params: dict[str, list[str]]) -> Response:
    state = current_app.extensions["plankg"]
    wanted = (params.get("format") or params.get("output") or [None])[0]
    if wanted:
        w = wanted.strip().lower()
        if "/" in w:
            media = w if w in OFFERED else None
        elif w in ("html",):
            media = "text/html"
        elif w in results.FORMAT_ALIASES and results.FORMAT_ALIASES[w][1]:
            media = results.by_key("graph", results.FORMAT_ALIASES[w][1]).media_type
        else:
            raise BadQuery(f"unknown format {wanted!r}")
    else:
        media = best_match(request.headers.get("Accept"), list(OFFERED))
    if media is None:
        raise NotAcceptable("the service description is offered as " + ", ".join(OFFERED))
    # the endpoint's URL comes from the request (its Host header): the statistics are computed once,
    # the few answers last asked for are kept, and nothing grows with the number of host names
    endpoint = _endpoint_url()
    headers = dict(CORS_HEADERS)
    headers["Vary"] = "Accept"
    if media == "text/html":
        counts, _ = _statistics(state)
        return Response(render_template("sparql/query.html", settings=state.settings, endpoint=endpoint,
                                        formats=results.RESULT_FORMATS + results.GRAPH_FORMATS,
                                        graphs=sorted(counts.items()), total=sum(counts.values())),
                        headers=headers, mimetype="text/html")
    key = (endpoint, media)
    with state.lock:
        answers = state.cache.setdefault("sd-answers", OrderedDict())
        body = answers.get(key)
        if body is not None:
            answers.move_to_end(key)
    if body is None:
        fmt = next(f for f in results.GRAPH_FORMATS if f.media_type == media)
        cached = triples(state, endpoint)
        body, _ = results.serialize_triples(cached, fmt, len(cached) + 1, _prefixes())
        with state.lock:
            answers[key] = body
            while len(answers) > _ANSWERS_KEPT:
                answers.popitem(last=False)
    return Response(body, headers=headers,
                    content_type=media + ("; charset=utf-8" if media.startswith("text/") else ""))


_ANSWERS_KEPT = 16


def _prefixes() -> dict[str, str]:
    from kg.vocab import PREFIXES
    out = {p: str(ns) for p, ns in PREFIXES.items()}
    out.update({"sd": SD, "void": VOID})
    return out
