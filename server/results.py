"""Result formats of the endpoint, and serialisation under the row cap.

Serialisation is pyoxigraph's own (native and fast) and runs in the query executor process. The
row cap must be exact and signalled, and pyoxigraph serialises a whole iterator, so:

- SELECT to TSV streams into a writer that counts lines (TSV has exactly one line per row) and
  stops the serialiser once the cap is passed;
- SELECT to another format streams into a writer that counts an upper bound of the rows (a byte
  pattern that starts every row but the first); if that bound stays under the cap the output is
  final, which is the common case; otherwise the query is run again through capped TSV, which is
  converted (parse, re-serialise) to the format asked for;
- CONSTRUCT/DESCRIBE take the first ``cap`` triples of the iterator.
"""
from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    key: str  # stable short name, also accepted by the ``format`` parameter
    media_type: str
    kind: str  # "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)
    iri: str  # https://www.w3.org/ns/formats/ (for the service description)

    @property
    def native(self):
        if self.kind == "results":
            return _RESULTS_NATIVE[self.key]
        return _GRAPH_NATIVE[self.key]


_F = "http://www.w3.org/ns/formats/"
#: Offered formats, in order of preference when the client has none (first one wins on ties).
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", "results", _F + "SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", "results", _F + "SPARQL_Results_XML"),
    Format("csv", "text/csv", "results", _F + "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", "results", _F + "SPARQL_Results_TSV"),
    # generic types some clients send (pandas, R, browsers' fetch): same bodies, their own type
    Format("json", "application/json", "results", _F + "SPARQL_Results_JSON"),
    Format("xml", "application/xml", "results", _F + "SPARQL_Results_XML"),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", "graph", _F + "Turtle"),
    Format("ntriples", "application/n-triples", "graph", _F + "N-Triples"),
    Format("jsonld", "application/ld+json", "graph", _F + "JSON-LD"),
    Format("rdfxml", "application/rdf+xml", "graph", _F + "RDF_XML"),
    Format("nquads", "application/n-quads", "graph", _F + "N-Quads"),
    Format("trig", "application/trig", "graph", _F + "TriG"),
    Format("rdfxml", "application/xml", "graph", _F + "RDF_XML"),
    Format("jsonld", "application/json", "graph", _F + "JSON-LD"),
)
_RESULTS_NATIVE = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_GRAPH_NATIVE = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
                 "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}

#: Values of the ``format`` parameter (for links): short names and their aliases.
FORMAT_ALIASES = {
    "json": ("json", "jsonld"), "srj": ("json", None), "xml": ("xml", "rdfxml"), "srx": ("xml", None),
    "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "ntriples": (None, "ntriples"),
    "nt": (None, "ntriples"), "n-triples": (None, "ntriples"), "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"), "rdfxml": (None, "rdfxml"), "rdf": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"), "nquads": (None, "nquads"), "nq": (None, "nquads"),
    "n-quads": (None, "nquads"), "trig": (None, "trig"),
    # SPARQLWrapper sends format=n3 for its N3 return format: Turtle is N3
    "n3": (None, "turtle"),
}


def by_key(kind: str, key: str) -> Format:
    for f in (RESULT_FORMATS if kind == "results" else GRAPH_FORMATS):
        if f.key == key:
            return f
    raise KeyError(key)


def by_media_type(kind: str, media_type: str) -> Format | None:
    for f in (RESULT_FORMATS if kind == "results" else GRAPH_FORMATS):
        if f.media_type == media_type:
            return f
    return None


class _Stop(Exception):
    """Raised inside pyoxigraph's serialiser to stop it (the writer has seen enough)."""


class _CountingWriter:
    """A binary writer for pyoxigraph that counts a byte pattern and stops past a limit."""

    def __init__(self, marker: bytes, limit: int):
        self.marker = marker
        self.limit = limit
        self.count = 0
        self.buf = io.BytesIO()
        self._tail = b""

    def write(self, data) -> int:
        data = bytes(data)
        self.count += (self._tail + data).count(self.marker)
        self._tail = (self._tail + data)[-(len(self.marker) - 1):] if len(self.marker) > 1 else b""
        self.buf.write(data)
        if self.count > self.limit:
            raise _Stop()
        return len(data)

    def flush(self) -> None:
        pass


# pattern whose count bounds the number of rows (exact for TSV and XML)
_ROW_MARKERS = {
    "tsv": (b"\n", 1),  # header line + one line per row
    "xml": (b"<result>", 0),
    "csv": (b"\r\n", 1),  # header + rows; a quoted value may hold more
    "json": (b"},{", -1),  # between rows; a string may hold more
}


def capped_tsv(solutions, cap: int) -> tuple[bytes, bool]:
    """SELECT results as TSV, at most ``cap`` rows; and whether rows were cut."""
    w = _CountingWriter(b"\n", cap + 1)
    try:
        solutions.serialize(w, format=ox.QueryResultsFormat.TSV)
    except _Stop:
        pass
    except OSError as e:  # pyoxigraph wraps writer exceptions
        if not isinstance(e.__cause__, _Stop) and "_Stop" not in repr(e):
            raise
    data = w.buf.getvalue()
    if w.count <= cap + 1:
        return data, False
    lines = data.split(b"\n", cap + 1)
    return b"\n".join(lines[:cap + 1]) + b"\n", True


def serialize_solutions(solutions, fmt: Format, cap: int, rerun) -> tuple[bytes, bool]:
    """SELECT results in ``fmt``, at most ``cap`` rows. ``rerun()`` gives the solutions again."""
    if fmt.key == "tsv":
        return capped_tsv(solutions, cap)
    marker, extra = _ROW_MARKERS[fmt.key]
    w = _CountingWriter(marker, cap + extra)
    try:
        solutions.serialize(w, format=fmt.native)
        return w.buf.getvalue(), False
    except _Stop:
        pass
    except OSError as e:
        if "_Stop" not in repr(e) and not isinstance(e.__cause__, _Stop):
            raise
    # maybe more rows than the cap: count them exactly through TSV
    tsv, truncated = capped_tsv(rerun(), cap)
    return convert_tsv(tsv, fmt), truncated


def convert_tsv(tsv: bytes, fmt: Format) -> bytes:
    if fmt.key == "tsv":
        return tsv
    return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=fmt.native)


def serialize_boolean(value: bool, fmt: Format) -> bytes:
    if fmt.key == "json":
        return b'{"head":{},"boolean":%s}' % (b"true" if value else b"false")
    if fmt.key == "xml":
        return (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                b'<boolean>%s</boolean></sparql>' % (b"true" if value else b"false"))
    # CSV/TSV have no boolean form in the standard; the common practice is a one-cell table
    return (b"_askResult\r\n%s\r\n" if fmt.key == "csv" else b"?_askResult\n%s\n") % (
        b"true" if value else b"false")


def serialize_triples(triples, fmt: Format, cap: int, prefixes: dict[str, str]) -> tuple[bytes, bool]:
    """CONSTRUCT/DESCRIBE triples in ``fmt``, at most ``cap`` of them."""
    it = iter(triples)
    head = itertools.islice(it, cap)
    kwargs = {"prefixes": prefixes} if fmt.key in ("turtle", "trig", "rdfxml", "jsonld") else {}
    if fmt.key in ("nquads", "trig"):
        body = ox.serialize((ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in head),
                            format=fmt.native, **kwargs)
    else:
        body = ox.serialize(head, format=fmt.native, **kwargs)
    truncated = next(it, None) is not None
    return body or b"", truncated
