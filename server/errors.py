"""One place that maps exceptions to HTTP responses (text/plain, as SPARQL servers answer).

| status | when |
| --- | --- |
| 400 | missing, repeated or malformed ``query`` (with the parser's message and position), bad parameters |
| 403 | SPARQL Update, ``SERVICE`` outside the allow-list, vendor built-ins on a remote backend |
| 405 | a method other than GET, POST, OPTIONS |
| 406 | no acceptable format for the result (never a silent fallback) |
| 413 | a request larger than ``max_request_bytes`` |
| 415 | a POST body that is neither a form nor ``application/sparql-query`` |
| 502 | the remote backend failed |
| 503 | the query ran past ``query_timeout`` (it was stopped), or every executor stayed busy |
| 500 | a bug: logged with a request id, which the answer gives |
"""
from __future__ import annotations

import logging
import uuid

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

log = logging.getLogger("server.errors")


class EndpointError(Exception):
    """An error answered with ``status`` and a plain-text message."""

    status = 500
    title = "Internal Server Error"

    def __init__(self, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadQuery(EndpointError):
    status, title = 400, "Bad Request"


class Forbidden(EndpointError):
    status, title = 403, "Forbidden"


class NotAcceptable(EndpointError):
    status, title = 406, "Not Acceptable"


class TooLarge(EndpointError):
    status, title = 413, "Content Too Large"


class UnsupportedMediaType(EndpointError):
    status, title = 415, "Unsupported Media Type"


class RemoteFailed(EndpointError):
    status, title = 502, "Bad Gateway"


class QueryTimedOut(EndpointError):
    status, title = 503, "Service Unavailable"


class InternalError(EndpointError):
    """A failure that is a bug; the details go to the log, not to the client."""

    status, title = 500, "Internal Server Error"


CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "X-Result-Truncated, X-SPARQL-MaxRows, X-Request-Id",
}


def text(status: int, body: str, headers: dict[str, str] | None = None) -> tuple[int, list[tuple[str, str]], bytes]:
    """A plain-text answer: (status, headers, body). Flask's handlers and the fast path of
    :mod:`server.sparql` both answer errors with it."""
    out = [("Content-Type", "text/plain; charset=utf-8"), *CORS_HEADERS.items()]
    for k, v in (headers or {}).items():
        out = [(h, x) for h, x in out if h.lower() != k.lower()]
        out.append((k, v))
    return status, out, (body if body.endswith("\n") else body + "\n").encode("utf-8")


def _text(status: int, body: str, headers: dict[str, str] | None = None) -> Response:
    status, hs, data = text(status, body, headers)
    return Response(data, status=status, headers=hs)


def _logged_500(detail: str = "", exc: BaseException | None = None):
    """A 500 for a bug, logged with a request id that the answer gives: (status, headers, body)."""
    rid = uuid.uuid4().hex[:12]
    if exc is not None:
        log.error("internal error, request id %s", rid, exc_info=exc)
    else:
        log.error("internal error, request id %s: %s", rid, detail)
    return text(500, f"500 Internal Server Error: this is a bug; it was logged with request id {rid}",
                {"X-Request-Id": rid})


def plain(e: EndpointError):
    """The answer to an endpoint error: (status, headers, body)."""
    if isinstance(e, InternalError):
        return _logged_500(e.message)
    return text(e.status, f"{e.status} {e.title}: {e.message}", e.headers)


def bug(e: BaseException):
    """The answer to an unexpected exception (a bug), logged with a request id: (status, headers, body)."""
    return _logged_500(exc=e)


def register(app: Flask) -> None:
    @app.errorhandler(EndpointError)
    def endpoint_error(e: EndpointError):
        status, hs, data = plain(e)
        return Response(data, status=status, headers=hs)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        resp = _text(e.code or 500, f"{e.code} {e.name}: {e.description}")
        if e.code == 405 and getattr(e, "valid_methods", None):
            resp.headers["Allow"] = ", ".join(e.valid_methods)
        return resp

    @app.errorhandler(Exception)
    def handle_bug(e: Exception):
        status, hs, data = bug(e)
        return Response(data, status=status, headers=hs)
