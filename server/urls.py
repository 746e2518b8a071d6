"""Every URL the site builds, and the mapping between KG IRIs and the server's own paths.

The KG's IRIs live under a persistent base (``Settings.base_iri``) and the vocabulary under the
fixed :data:`kg.vocab.VOCAB_ROOT`; the server answers for both at its own paths, so
``https://w3id.org/plankg/id/place/350104`` is served at ``/id/place/350104`` on any host.
"""
from __future__ import annotations

from urllib.parse import quote

from kg.vocab import VOCAB_ROOT


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
    return quote(p, safe="/#=,:-._~") if p is not None else iri
