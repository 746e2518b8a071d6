"""How every page is answered: HTML from a template or its ``.json`` machine twin, and the
security headers every page carries (a Content-Security-Policy that allows nothing from outside).
Template helpers live here too."""
from __future__ import annotations

import json
from decimal import Decimal

from flask import Response, render_template, request

from . import urls
from .labels import curie
from .sitedata import base

#: Pages load scripts, styles, images and data from this server only, and never inline script.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: The query editor: YASGUI sets style attributes from its script (styles only, never script).
CSP_EDITOR = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
#: Static documents with an inline stylesheet and no script at all (the ontology docs).
CSP_DOC = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"


def secure(resp: Response, csp: str = CSP) -> Response:
    resp.headers.setdefault("Content-Security-Policy", csp)
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    return resp


def wants_json() -> bool:
    return request.path.endswith(".json")


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def respond(template: str, data: dict, status: int = 200, **ctx) -> Response:
    """The page, or its ``.json`` twin with the same data."""
    if wants_json():
        body = json.dumps(_plain(data), ensure_ascii=False, indent=1)
        return Response(body, status=status, mimetype="application/json")
    html_url = request.full_path.rstrip("?")
    twin = urls.twin(html_url)
    resp = Response(render_template(template, twin=twin, **data, **ctx), status=status, mimetype="text/html")
    resp.headers["Link"] = f'<{twin}>; rel="alternate"; type="application/json"'
    return resp


def link(iri: str) -> str:
    return urls.link_for(iri, base())


def fmt_int(n) -> str:
    try:
        return f"{int(n):,}"
    except (TypeError, ValueError):
        return str(n)


def init_app(app) -> None:
    app.jinja_env.globals.update(urls=urls, link=link, curie=curie, fmt_int=fmt_int)
