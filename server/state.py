"""What a running server holds: its settings, the KG directory it serves and the query backend."""
from __future__ import annotations

from dataclasses import dataclass

from kg.config import Settings
from kg.store import KGDir, load_memory_store, open_kg


@dataclass
class AppState:
    settings: Settings
    kg: KGDir
    store: object  # pyoxigraph.Store


def open_state(settings: Settings) -> AppState:
    kg = open_kg(settings.kg_dir)
    return AppState(settings, kg, load_memory_store(kg))
