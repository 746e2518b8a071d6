"""What the site computes once per app and keeps: the search index and the report texts.

Kept in ``app.extensions["plankg.site"]``, never in a module global; built when the pages
blueprint is registered (at app start, before gunicorn forks its workers).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from .queries import iri, select


@dataclass
class SiteData:
    index: tuple = ()
    texts: dict[str, str] = field(default_factory=dict)


def init_app(app) -> None:
    from .search import build_index

    state = app.extensions["plankg"]
    app.extensions["plankg.site"] = SiteData(index=build_index(state))


def site() -> SiteData:
    return current_app.extensions["plankg.site"]


def app_state():
    return current_app.extensions["plankg"]


def settings():
    return current_app.extensions["plankg"].settings


def base() -> str:
    return settings().base_iri


def report_text(text_iri: str) -> str:
    """The raw text of a report (``nif:isString`` of its ``nif:Context``), cached."""
    cache = site().texts
    if text_iri not in cache:
        rows = select(app_state(), f"SELECT ?t WHERE {{ {iri(text_iri)} nif:isString ?t }} LIMIT 1")
        cache[text_iri] = rows[0]["t"].value if rows else ""
    return cache[text_iri]
