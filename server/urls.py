"""Every URL the site builds, and the mapping between KG IRIs and the server's own paths.

The KG's IRIs live under a persistent base (``Settings.base_iri``) and the vocabulary under the
fixed :data:`kg.vocab.VOCAB_ROOT`; the server answers for both at its own paths, so
``https://w3id.org/plankg/id/place/350104`` is served at ``/id/place/350104`` on any host.

Data lives at ``/id/…``, ``/def``, ``/code/…`` and ``/graph/…``; files at ``/download/…``; every
page the site adds itself sits under the reserved prefix ``/-/`` so a data path can never collide
with one. Each page has a machine twin: the same URL with ``.json`` (or an RDF suffix for data).

>>> iri_to_path("https://w3id.org/plankg/id/place/350104", "https://w3id.org/plankg/")
'/id/place/350104'
>>> split_suffix("/id/place/350104.ttl")
('/id/place/350104', 'text/turtle')
>>> span_link("https://w3id.org/plankg/id/report/r/text", 3, 5, "https://w3id.org/plankg/")
'/id/report/r/text#char=3,5'
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from kg.vocab import VOCAB_ROOT

#: The reserved prefix of the site's own pages.
RESERVED = "/-/"

#: RDF representations: media type -> (suffix, pyoxigraph format name). The order is the order of
#: preference when a client accepts several equally.
RDF_FORMATS: dict[str, tuple[str, str]] = {
    "text/turtle": (".ttl", "TURTLE"),
    "application/ld+json": (".jsonld", "JSON_LD"),
    "application/n-triples": (".nt", "N_TRIPLES"),
    "application/rdf+xml": (".rdf", "RDF_XML"),
}
SUFFIXES = {suffix: media for media, (suffix, _f) in RDF_FORMATS.items()}
HTML = "text/html"

#: The class indexes: URL slug -> (class local name in the ontology, zh label, en label).
INDEXES: dict[str, tuple[str, str, str]] = {
    "places": ("Place", "地点", "Places"),
    "agencies": ("GovernmentAgency", "政府机构", "Agencies"),
    "organizations": ("Organization", "组织", "Organisations"),
    "projects": ("Project", "项目", "Projects"),
    "programs": ("Program", "政策与计划", "Programmes"),
    "events": ("Event", "活动", "Events"),
    "awards": ("Award", "荣誉", "Awards"),
    "indicators": ("Indicator", "指标", "Indicators"),
    "reports": ("Report", "报告", "Reports"),
}


def iri_to_path(iri: str, base: str) -> str | None:
    """The local path of a KG IRI (fragment kept), or None when the IRI is not ours."""
    for root in (base, VOCAB_ROOT):
        if iri.startswith(root):
            return "/" + iri[len(root):]
    return None


def path_to_iris(path: str, base: str) -> list[str]:
    """Candidate IRIs for a local path (data base first, then the vocabulary root)."""
    rel = path.lstrip("/")
    cands = [base + rel]
    if VOCAB_ROOT != base:
        cands.append(VOCAB_ROOT + rel)
    return cands


def link_for(iri: str, base: str) -> str:
    """Where a page links for an IRI: our own page when it is ours, else the IRI itself."""
    p = iri_to_path(iri, base)
    if p is None:
        return iri
    return quote(p, safe="/#=,:-._~")


def split_suffix(path: str) -> tuple[str, str | None]:
    """``/id/x.ttl`` -> (``/id/x``, ``text/turtle``); a path without an RDF suffix is unchanged."""
    for suffix, media in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix) + 1:
            return path[: -len(suffix)], media
    return path, None


def with_suffix(path: str, media: str) -> str:
    """The URL of one representation of the resource at ``path``."""
    return path + RDF_FORMATS[media][0] if media in RDF_FORMATS else path + ".json"


def span_link(text_iri: str, start: int, end: int, base: str) -> str:
    """The report reader, scrolled to a span (RFC 5147 fragment, as the KG's span IRIs)."""
    return f"{link_for(text_iri, base)}#char={int(start)},{int(end)}"


def _q(path: str, params: dict | None) -> str:
    params = {k: v for k, v in (params or {}).items() if v not in (None, "", [])}
    return path + ("?" + urlencode(params, doseq=True) if params else "")


def home() -> str:
    return "/"


def search(q: str = "", **params) -> str:
    return _q(RESERVED + "search", {"q": q, **params})


def index(slug: str, **params) -> str:
    return _q(f"{RESERVED}indexes/{slug}", params)


def indexes() -> str:
    return RESERVED + "indexes"


def dashboard(**params) -> str:
    return _q(RESERVED + "dashboard", params)


def query(q: str = "", **params) -> str:
    return _q(RESERVED + "query", {"query": q, **params})


def downloads() -> str:
    return RESERVED + "downloads"


def download(name: str) -> str:
    return "/download/" + quote(name, safe="/._-")


def sparql_endpoint() -> str:
    return "/sparql"


def ontology_docs() -> str:
    return "/def"


def twin(url: str) -> str:
    """The ``.json`` twin of a built-in page URL (query string kept)."""
    path, sep, qs = url.partition("?")
    return with_suffix(path, "json") + (sep + qs if sep else "")


def static(name: str) -> str:
    return "/static/" + name
