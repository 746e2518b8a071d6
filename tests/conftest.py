"""Shared fixtures: the project's paths, the lexicon and gazetteer, and a KG built once per run."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "reports" / "cangshan-2022-plan-report.txt"
GOLD = ROOT.parent / "shared" / "gold"


def need(available: bool, what: str) -> None:
    """Skip a test whose system component (Chromium, Virtuoso, npm-built assets) is missing — on a
    developer's machine. In CI (`.ci/run` sets PLANKG_STRICT_TESTS=1 after installing them) a missing
    component fails the test instead, so CI can never pass by skipping."""
    if available:
        return
    if os.environ.get("PLANKG_STRICT_TESTS") == "1":
        pytest.fail(f"{what} is missing; .ci/run installs it")
    pytest.skip(f"{what} is not installed here; .ci/run installs it for CI")


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


# --- the SPARQL endpoint (tests/test_sparql*.py, test_protocol*.py, test_safety*.py, test_remote*.py)

ENDPOINT_MAX_ROWS = 1000


@pytest.fixture(scope="session")
def endpoint(seed_kg, tmp_path_factory):
    """Our endpoint under the production server (gunicorn), on the seed KG: the SPARQL URL."""
    from servers import start_plankg

    server = start_plankg(seed_kg, tmp_path_factory.mktemp("endpoint"), workers=2, threads=2,
                          max_rows=ENDPOINT_MAX_ROWS, query_timeout=60)
    yield server.url
    server.stop()
