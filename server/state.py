"""What a running server holds: its settings, the KG directory it serves and the query backend.

``current_app.extensions["plankg"]`` is an :class:`AppState`. Page handlers query the KG through
``state.backend`` (see :mod:`server.backends` for its API: ``select``, ``ask``, ``construct``,
``graph_names``), which applies the endpoint's limits. ``state.store`` is the raw pyoxigraph store
of the ``memory``/``disk`` backends (None for ``remote``), kept for code written before the backend.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from kg.config import Settings
from kg.store import KGDir, open_kg

from .backends import Backend, open_backend


@dataclass
class AppState:
    settings: Settings
    kg: KGDir
    backend: Backend
    #: per-process cache of things computed once from the KG (the service description …)
    cache: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def store(self):
        return self.backend.store

    def close(self) -> None:
        self.backend.close()


def open_state(settings: Settings) -> AppState:
    kg = open_kg(settings.kg_dir)
    return AppState(settings, kg, open_backend(settings, kg))
