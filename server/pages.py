"""The site's pages: home, class indexes, search, dashboard and query editor under the reserved
prefix ``/-/``; the linked-data pages of every IRI (:mod:`server.resource`) are a nested blueprint.
Every page has a ``.json`` twin."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, request

from . import examples, indexes as idx, render, resource, search as searchmod, urls
from .indicators import headline
from .queries import select
from .reports import reports
from .sitedata import app_state, base, settings, site

bp = Blueprint("pages", __name__)
bp.register_blueprint(resource.bp)

COUNTED = ("Report", "Observation", "Indicator", "HeadlineIndicator", "Place", "GovernmentAgency", "Organization",
           "Project", "Program", "Event", "Award")


@bp.record_once
def _setup(state) -> None:
    from . import sitedata

    sitedata.init_app(state.app)
    render.init_app(state.app)


@bp.after_request
def _headers(resp):
    if request.path.startswith(urls.RESERVED + "query"):
        return render.secure(resp, render.CSP_EDITOR)
    if request.path == "/def" and resp.mimetype == "text/html":
        return render.secure(resp, render.CSP_DOC)
    return render.secure(resp)


def class_counts(state) -> list[dict]:
    values = " ".join(f"pk:{c}" for c in COUNTED)
    rows = select(state, f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) ?zh ?en WHERE {{ VALUES ?c {{ {values} }}
        ?s a ?c . OPTIONAL {{ ?c rdfs:label ?zh FILTER(lang(?zh) = "zh") }}
        OPTIONAL {{ ?c rdfs:label ?en FILTER(lang(?en) = "en") }} }} GROUP BY ?c ?zh ?en""")
    by = {r["c"].value.rsplit("#", 1)[-1]: r for r in rows}
    slugs = {cls: slug for slug, (cls, _z, _e) in urls.INDEXES.items()}
    out = []
    for c in COUNTED:
        r = by.get(c)
        out.append({"class": c, "count": int(r["n"].value) if r else 0,
                    "zh": r["zh"].value if r and "zh" in r else c, "en": r["en"].value if r and "en" in r else c,
                    "href": urls.index(slugs[c]) if c in slugs else ""})
    return out


def dataset_info(state) -> dict:
    kg = base() + "id/dataset/plankg"
    rows = select(state, f"""SELECT ?p ?o WHERE {{ <{kg}> ?p ?o
        VALUES ?p {{ dcterms:title dcterms:description dcterms:license dcterms:issued }} }}""")
    info = {"iri": kg, "href": urls.link_for(kg, base())}
    for r in rows:
        key = r["p"].value.rsplit("/", 1)[-1] + ("_" + r["o"].lang if r["o"].lang else "")
        info.setdefault(key, r["o"].value)
    info.setdefault("license", settings().license)
    return info


@bp.route("/")
@bp.route("/.json")
def home():
    state = app_state()
    reps = reports(state)
    latest = reps[0] if reps else None
    heads = [r for r in headline(state, latest.iri, base()) if r.top] if latest else []
    manifest = state.kg.manifest
    data = {"dataset": dataset_info(state), "reports": reps, "counts": class_counts(state),
            "headline": heads, "latest": latest, "version": manifest.get("plankg", ""),
            "triples": manifest.get("triples", 0)}
    return render.respond("pages/home.html", data)


@bp.route("/-/indexes")
@bp.route("/-/indexes.json")
def index_list():
    counts = {c["class"]: c["count"] for c in class_counts(app_state())}
    items = [{"slug": s, "zh": z, "en": e, "count": counts.get(cls, 0), "href": urls.index(s)}
             for s, (cls, z, e) in urls.INDEXES.items()]
    return render.respond("pages/indexes.html", {"indexes": items})


def _index_page(slug: str):
    if slug not in urls.INDEXES:
        abort(404)
    cls, zh, en = urls.INDEXES[slug]
    all_rows = idx.rows(app_state(), slug, base())
    q = request.args.get("q", "")
    sort = request.args.get("sort", "name")
    desc = request.args.get("order", "") == "desc"
    filters = {c: request.args.get(c, "") for c in idx.FACET_COLUMNS if request.args.get(c)}
    shown = idx.apply(all_rows, slug, q, filters, sort, desc)
    data = {"slug": slug, "class": cls, "zh": zh, "en": en, "columns": idx.columns(slug), "total": len(all_rows),
            "rows": shown, "facets": idx.facets(all_rows, slug), "q": q, "sort": sort, "desc": desc,
            "filters": filters}
    return render.respond("pages/index.html", data)


@bp.route("/-/indexes/<slug>")
def index_page(slug: str):
    if slug.endswith(".json"):
        slug = slug[:-5]
    return _index_page(slug)


@bp.route("/-/search")
@bp.route("/-/search.json")
def search():
    q = request.args.get("q", "").strip()[:200]
    facet = request.args.get("type", "")
    hits, counts = searchmod.search(site().index, q, facet)
    results = [{"iri": h.entry.iri, "href": urls.link_for(h.entry.iri, base()), "label": h.entry.label,
                "type": h.entry.facet, "score": h.score} for h in hits[:200]]
    return render.respond("pages/search.html", {"q": q, "type": facet, "results": results, "facets": counts,
                                                "total": len(hits)})


@bp.route("/-/dashboard")
@bp.route("/-/dashboard.json")
def dashboard():
    from .dashboard import dashboard_data

    reps = reports(app_state())
    rid = request.args.get("report", "")
    rep = next((r for r in reps if r.rid == rid), reps[0] if reps else None)
    if rep is None:
        abort(404)
    return render.respond("pages/dashboard.html", dashboard_data(app_state(), rep, reps, base()))


@bp.route("/-/query")
@bp.route("/-/query.json")
def query():
    from .queries import run_user_query

    exs = examples.load()
    q = request.args.get("query", "")
    ex_id = request.args.get("example", "")
    if not q and ex_id:
        q = next((e.query for e in exs if e.id == ex_id), "")
    result = run_user_query(app_state(), q) if q and request.args.get("run") else None
    return render.respond("pages/query.html", {"examples": exs, "query": q or exs[0].query, "result": result,
                                               "yasgui": yasgui_available()})


def yasgui_available() -> bool:
    """True when ``make yasgui`` has put the editor's files into ``static/yasgui/``."""
    return (Path(current_app.static_folder) / "yasgui" / "yasgui.min.js").is_file()
