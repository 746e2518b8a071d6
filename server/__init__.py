"""The plankg web application: SPARQL endpoint, linked-data pages and downloads.

``create_app(settings)`` is the only entry point. Nothing is loaded at import time; the query
backend hangs off the app (``app.extensions["plankg"]``), never a module global. The server reads a
built KG directory and never runs extraction.
"""
from __future__ import annotations

import logging

from flask import Flask

from kg.config import Settings, load_settings

from .state import AppState, open_state

log = logging.getLogger("server")


def create_app(settings: Settings | None = None, test_config: dict | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config.update(
        JSON_AS_ASCII=False,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        PLANKG_SETTINGS=settings,
    )
    if test_config:
        app.config.update(test_config)
    app.extensions["plankg"] = open_state(settings)

    from . import errors, security, sparql
    errors.register(app)
    app.register_blueprint(sparql.bp)
    for name in ("pages", "downloads"):
        try:
            module = __import__(f"{__name__}.{name}", fromlist=["bp"])
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise
            continue
        app.register_blueprint(module.bp)
    # queries to /sparql are answered before Flask's routing (the same protocol code; see sparql.py)
    app.wsgi_app = sparql.FastPath(app, app.wsgi_app)
    # around everything: the URL limit and the security headers of every answer
    app.wsgi_app = security.Guard(app.wsgi_app, settings)
    return app


def state(app: Flask) -> AppState:
    return app.extensions["plankg"]
