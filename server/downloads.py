"""Downloads: the files a build publishes (``download/`` of the KG directory), the page that
lists them from the KG's own DCAT description, and the VoID description at its well-known place."""
from __future__ import annotations

import pyoxigraph
from flask import Blueprint, abort, request, send_from_directory

from kg.vocab import PREFIXES

from . import render, urls
from .describe import graph_triples
from .queries import select
from .sitedata import app_state, base

bp = Blueprint("downloads", __name__)

MEDIA = {".gz": "application/gzip", ".csv": "text/csv", ".json": "application/json", ".ttl": "text/turtle",
         ".txt": "text/plain", ".nq": "application/n-quads"}


@bp.after_request
def _headers(resp):
    return render.secure(resp)


def distributions(state) -> list[dict]:
    rows = select(state, f"""
      SELECT ?d ?url ?zh ?en ?media ?compress WHERE {{ <{base()}id/dataset/plankg> dcat:distribution ?d .
        ?d dcat:downloadURL ?url ; dcat:mediaType ?media .
        OPTIONAL {{ ?d dcterms:title ?zh FILTER(lang(?zh) = "zh") }}
        OPTIONAL {{ ?d dcterms:title ?en FILTER(lang(?en) = "en") }}
        OPTIONAL {{ ?d dcat:compressFormat ?compress }} }} ORDER BY ?url""")
    out = []
    folder = state.kg.file("download")
    for r in rows:
        url = r["url"].value
        name = url[len(base() + "download/"):] if url.startswith(base() + "download/") else ""
        f = folder / name if name else None
        out.append({"iri": r["d"].value, "href": urls.link_for(r["d"].value, base()), "name": name,
                    "url": urls.download(name) if name else url,
                    "zh": r["zh"].value if "zh" in r else name, "en": r["en"].value if "en" in r else "",
                    "media": r["media"].value.rsplit("/", 2)[-2] + "/" + r["media"].value.rsplit("/", 1)[-1],
                    "gzip": "compress" in r, "bytes": f.stat().st_size if f and f.is_file() else None})
    return out


@bp.route("/-/downloads")
@bp.route("/-/downloads.json")
def downloads_page():
    state = app_state()
    reps = [{"rid": r["id"], "url": urls.download(f"report/{r['id']}.txt"), "title": r.get("title", ""),
             "bytes": (state.kg.file("download") / "report" / f"{r['id']}.txt").stat().st_size
             if (state.kg.file("download") / "report" / f"{r['id']}.txt").is_file() else None}
            for r in state.kg.manifest.get("reports", [])]
    data = {"distributions": distributions(state), "reports": reps,
            "dataset": urls.link_for(base() + "id/dataset/plankg", base()), "void": "/.well-known/void",
            "sparql": urls.sparql_endpoint()}
    return render.respond("downloads/downloads.html", data)


@bp.route("/download/<path:name>")
def download_file(name: str):
    folder = app_state().kg.file("download")
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    media = MEDIA.get(suffix)
    if media is None:
        abort(404)
    resp = send_from_directory(folder, name, mimetype=media, as_attachment=suffix == ".gz", max_age=3600)
    if media.startswith("text/") or media == "application/json":
        resp.headers["Content-Type"] = f"{media}; charset=utf-8"
    return resp


@bp.route("/.well-known/void")
def void():
    """The DCAT/VoID description of the KG (its metadata graph), as Turtle."""
    triples = graph_triples(app_state(), base() + "graph/metadata")
    body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
    from flask import Response

    resp = Response(body, mimetype="text/turtle")
    resp.headers["Content-Type"] = "text/turtle; charset=utf-8"
    if request.method == "HEAD":
        resp.set_data(b"")
    return resp
