"""One place that maps exceptions to HTTP responses (text/plain, as SPARQL servers answer)."""
from __future__ import annotations

import logging
import uuid

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

log = logging.getLogger("server.errors")


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return Response(f"{e.code} {e.name}: {e.description}\n", status=e.code, mimetype="text/plain")

    @app.errorhandler(Exception)
    def bug(e: Exception):
        rid = uuid.uuid4().hex[:12]
        log.exception("internal error, request id %s", rid)
        return Response(f"500 Internal Server Error (request id {rid})\n", status=500, mimetype="text/plain")
