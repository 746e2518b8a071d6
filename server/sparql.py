"""The SPARQL endpoint (minimal: SELECT/ASK as SPARQL JSON results; its issue completes it)."""
from __future__ import annotations

import pyoxigraph
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import BadRequest

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    query = request.values.get("query")
    if not query:
        raise BadRequest("missing query parameter")
    store = current_app.extensions["plankg"].store
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise BadRequest(f"bad query: {e}") from None
    if isinstance(result, pyoxigraph.QueryBoolean):
        body = b'{"head":{},"boolean":%s}' % (b"true" if bool(result) else b"false")
    else:
        body = result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
    return Response(body, mimetype="application/sparql-results+json")
