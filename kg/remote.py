"""``kg load --to URL``: push a built KG into a SPARQL 1.1 Graph Store (Protocol), graph by graph.

Each named graph of ``kg.nq`` (one per report, the vocabulary, the metadata) is sent with an HTTP
``PUT URL?graph=<graph IRI>``, which *replaces* that graph: loading twice never duplicates data.
The body is N-Triples sent as ``text/turtle`` (N-Triples is Turtle; every store reads it).

Where to point it:

- Oxigraph server: ``http://host:7878/store``
- Virtuoso: ``http://host:8890/sparql-graph-crud-auth`` (digest authentication, ``--user dba``)
- Apache Jena Fuseki: ``http://host:3030/DATASET/data``; GraphDB: ``…/repositories/REPO/rdf-graphs/service``

``--user``/``--password`` authenticate; the scheme (Basic or Digest) is the one the server asks for.
"""
from __future__ import annotations

import logging
import tempfile
from collections import OrderedDict
from pathlib import Path

from .config import Settings
from .errors import KGError
from .store import open_kg

log = logging.getLogger("kg.remote")

_OPEN_FILES = 64


class RemoteLoadError(KGError):
    code = "KG401"


def split_graphs(quads: Path, out_dir: Path) -> dict[str, Path]:
    """Stream N-Quads into one N-Triples file per graph; {graph IRI: file}."""
    files: dict[str, Path] = {}
    handles: OrderedDict[str, object] = OrderedDict()
    try:
        with quads.open("r", encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                s = line.rstrip()
                if not s or s.startswith("#"):
                    continue
                head, sep, tail = s[:-1].rstrip().rpartition(" <")
                if not s.endswith(".") or not sep or not tail.endswith(">") or " " in tail:
                    raise RemoteLoadError("a quad outside any named graph, or not canonical N-Quads",
                                          path=str(quads), offset=n)
                graph = tail[:-1]
                h = handles.get(graph)
                if h is None:
                    if graph not in files:
                        files[graph] = out_dir / f"g{len(files):05d}.nt"
                    if len(handles) >= _OPEN_FILES:
                        handles.popitem(last=False)[1].close()
                    h = handles[graph] = files[graph].open("a", encoding="utf-8")
                else:
                    handles.move_to_end(graph)
                h.write(head + " .\n")
    finally:
        for h in handles.values():
            h.close()
    return files


def _auth(session, url: str, user: str | None, password: str | None):
    if not user:
        return None
    import requests

    probe = session.get(url, params={"graph": "urn:plankg:probe"}, timeout=30)
    challenge = probe.headers.get("WWW-Authenticate", "")
    if challenge.lower().startswith("digest"):
        return requests.auth.HTTPDigestAuth(user, password or "")
    return requests.auth.HTTPBasicAuth(user, password or "")


def load_to_remote(settings: Settings, url: str, *, user: str | None = None, password: str | None = None,
                   out=print) -> int:
    """PUT every graph of the KG at ``settings.kg_dir`` to the graph store at ``url``."""
    import requests

    kg = open_kg(settings.kg_dir)
    with requests.Session() as session, tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        files = split_graphs(kg.quads, Path(tmp))
        auth = _auth(session, url, user, password)
        total = 0
        for graph, path in sorted(files.items()):
            body = path.read_bytes()
            try:
                r = session.put(url, params={"graph": graph}, data=body, auth=auth, timeout=600,
                                headers={"Content-Type": "text/turtle; charset=utf-8"})
            except requests.RequestException as e:
                raise RemoteLoadError(f"cannot reach the graph store: {e}", path=url) from None
            if r.status_code >= 300:
                raise RemoteLoadError(f"PUT of <{graph}> answered {r.status_code}: {r.text.strip()[:300]}",
                                      path=url)
            n = body.count(b"\n")
            total += n
            log.info("loaded <%s>: %d triples", graph, n)
        out(f"loaded {len(files)} graphs, {total} triples into {url}")
    return 0
