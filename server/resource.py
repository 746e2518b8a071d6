"""Linked data: every IRI the KG mints dereferences here, as HTML for browsers and as Turtle,
JSON-LD, N-Triples or RDF/XML by ``Accept`` or by suffix (``.ttl``, ``.jsonld``, ``.nt``,
``.rdf``), with ``Vary`` and ``Link`` headers; an IRI that is not in the KG is a 404 and an
``Accept`` we cannot meet a 406. The ontology's IRI serves its documentation."""
from __future__ import annotations

import pyoxigraph
from flask import Blueprint, Response, abort, render_template, request
from werkzeug.exceptions import NotAcceptable

from kg.vocab import PREFIXES, VOCAB_ROOT

from . import urls, views
from .describe import exists, rdf_triples
from .negotiation import best_match
from .sitedata import app_state, base

bp = Blueprint("resource", __name__)

OFFERED = [urls.HTML, *urls.RDF_FORMATS]
ONTOLOGY = VOCAB_ROOT + "def"


def resolve(path: str) -> tuple[str | None, str | None]:
    """The IRI a request path names and the representation its suffix asks for (or None)."""
    state = app_state()
    for cand in urls.path_to_iris(path, base()):
        if is_iri(cand) and exists(state, cand):
            return cand, None
    stem, media = urls.split_suffix(path)
    if media:
        for cand in urls.path_to_iris(stem, base()):
            if is_iri(cand) and exists(state, cand):
                return cand, media
    return None, None


def is_iri(value: str) -> bool:
    """Whether a path makes an IRI at all (``/id/a b``, ``/id/<x>``, bytes that are not UTF-8 do
    not): no such IRI is in the KG, so it is a 404, never a query."""
    try:
        pyoxigraph.NamedNode(value)
    except ValueError:  # also UnicodeEncodeError, for lone surrogates
        return False
    return True


def alternates(iri: str) -> list[tuple[str, str, str]]:
    """(URL, media type, name) of each representation of an IRI's page."""
    path = urls.link_for(iri, base()).split("#", 1)[0]
    names = {"text/turtle": "Turtle", "application/ld+json": "JSON-LD", "application/n-triples": "N-Triples",
             "application/rdf+xml": "RDF/XML"}
    return [(urls.with_suffix(path, m), m, names[m]) for m in urls.RDF_FORMATS]


def _link_header(iri: str) -> str:
    parts = [f'<{u}>; rel="alternate"; type="{m}"' for u, m, _n in alternates(iri)]
    parts.append(f'<{urls.link_for(iri, base()).split("#", 1)[0]}>; rel="alternate"; type="text/html"')
    return ", ".join(parts)


def rdf_response(iri: str, media: str) -> Response:
    fmt = getattr(pyoxigraph.RdfFormat, urls.RDF_FORMATS[media][1])
    triples = rdf_triples(app_state(), iri)
    prefixes = dict(PREFIXES) if fmt in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.RDF_XML) else None
    body = pyoxigraph.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else pyoxigraph.serialize(
        triples, format=fmt)
    mimetype = media + ("; charset=utf-8" if media.startswith("text/") or media.endswith("triples") else "")
    return Response(body, mimetype=mimetype)


@bp.route("/id/<path:rest>")
@bp.route("/code/<path:rest>")
@bp.route("/graph/<path:rest>")
@bp.route("/def", defaults={"rest": ""})
@bp.route("/def.<rest>")
@bp.route("/def/<path:rest>")
def dereference(rest: str):
    iri, media = resolve(request.path)
    if iri is None:
        abort(404, description="no such IRI in this knowledge graph")
    negotiated = media is None
    if negotiated:
        media = best_match(request.headers.get("Accept"), OFFERED)
        if media is None:
            raise NotAcceptable("this resource is available as " + ", ".join(OFFERED))
    if media == urls.HTML:
        resp = html_response(iri)
    else:
        resp = rdf_response(iri, media)
    if negotiated:
        resp.headers["Vary"] = "Accept"
    resp.headers["Link"] = _link_header(iri)
    return resp


def html_response(iri: str) -> Response:
    state = app_state()
    if iri == ONTOLOGY:
        docs = state.kg.file("docs/ontology.html")
        if docs.is_file():
            return Response(docs.read_bytes(), mimetype="text/html")
    template, ctx = views.view(state, iri, base())
    ctx.update(iri=iri, alternates=alternates(iri))
    return Response(render_template(template, **ctx), mimetype="text/html")
