"""What every answer carries and what no request may exceed, in one WSGI layer around the whole
application — Flask's pages, the ``/sparql`` fast path, static files and every error alike:

- security headers: ``X-Content-Type-Options: nosniff`` (no browser guesses HTML in a plain-text
  error that echoes a query, or in a CSV), ``Referrer-Policy``, and a ``Content-Security-Policy``
  that loads nothing from elsewhere (a page that needs more sets its own, which is kept);
- the URL limit: a query string longer than ``max_request_bytes`` is answered 413 on every route,
  so no page runs what the endpoint refuses. (Bodies are limited where they are read; a request
  line past a megabyte never gets here: gunicorn's parser refuses it.)
"""
from __future__ import annotations

from werkzeug.http import HTTP_STATUS_CODES

from kg.config import Settings

from . import errors
from .render import CSP

#: /sparql's own pages (the query form, HTML results) have an inline stylesheet and no script.
CSP_SPARQL = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
              "base-uri 'none'; frame-ancestors 'none'")
REFERRER_POLICY = "same-origin"


class Guard:
    """WSGI middleware: the URL limit, then the security headers on whatever the app answers."""

    def __init__(self, wsgi_app, settings: Settings):
        self.wsgi_app = wsgi_app
        self.limit = settings.max_request_bytes

    def __call__(self, environ, start_response):
        csp = CSP_SPARQL if environ.get("PATH_INFO") == "/sparql" else CSP

        def start(status, headers, exc_info=None):
            have = {k.lower() for k, _v in headers}
            if "content-security-policy" not in have:
                headers.append(("Content-Security-Policy", csp))
            if "x-content-type-options" not in have:
                headers.append(("X-Content-Type-Options", "nosniff"))
            if "referrer-policy" not in have:
                headers.append(("Referrer-Policy", REFERRER_POLICY))
            return start_response(status, headers, exc_info)

        if len(environ.get("QUERY_STRING", "")) > self.limit:
            status, headers, body = errors.plain(errors.TooLarge(
                f"the request is larger than this endpoint's limit of {self.limit} bytes"))
            headers.append(("Content-Length", str(len(body))))
            start(f"{status} {HTTP_STATUS_CODES[status]}", headers)
            return [body]
        return self.wsgi_app(environ, start)
