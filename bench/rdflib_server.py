"""Serve an N-Quads file with rdflib-endpoint (rdflib's own SPARQL engine) under uvicorn, as
its users do: ``python -m bench.rdflib_server KG.nq PORT``. A peer in the endpoint benchmark."""
from __future__ import annotations

import sys


def main() -> None:
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    path, port = sys.argv[1], int(sys.argv[2])
    ds = Dataset(default_union=True)
    ds.parse(path, format="nquads")
    app = SparqlEndpoint(graph=ds, cors_enabled=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
