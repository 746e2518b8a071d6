"""Shared fixtures: the project's paths, the lexicon and gazetteer, and a KG built once per run."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "reports" / "cangshan-2022-plan-report.txt"
GOLD = ROOT.parent / "shared" / "gold"


@pytest.fixture(scope="session")
def settings():
    return load_settings(env={})


@pytest.fixture(scope="session")
def lexicon(settings):
    from kg.io import read_lexicon

    return read_lexicon(settings)


@pytest.fixture(scope="session")
def gazetteer(settings):
    from kg.io import read_gazetteer

    return read_gazetteer(settings)


@pytest.fixture(scope="session")
def seed_kg(tmp_path_factory, settings):
    """The shipped report, built into a KG directory once for the whole session."""
    from kg.build import build

    out = tmp_path_factory.mktemp("kg") / "build"
    build([SEED], out, settings)
    return out
