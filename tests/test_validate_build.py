"""The build validates before it publishes: a report whose graph breaks the shapes is refused, says
why, and leaves the last good KG — and what a server reads from it — exactly as it was."""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace

from conftest import SEED

from kg import store
from kg.cli import main
from kg.vocab import PK

COUNT = f"SELECT (COUNT(?o) AS ?n) WHERE {{ ?o a <{PK.Observation}> }}"


def _fingerprint(kg) -> tuple:
    files = sorted(p for p in kg.resolve().rglob("*") if p.is_file())
    return kg.resolve(), tuple((p.relative_to(kg.resolve()), hashlib.sha256(p.read_bytes()).hexdigest()) for p in files)


def _observations(app) -> int:
    return int(app.extensions["plankg"].backend.select(COUNT)[0]["n"].value)


def test_validate_build_refuses_bad_data_and_keeps_the_last_good_kg(seed_kg, settings, tmp_path, capsys):
    from server import create_app

    # the last good KG: the seed's release, published into a directory of this test's own
    out = tmp_path / "build"
    release = store.new_release(out)
    shutil.copytree(seed_kg.resolve(), release, dirs_exist_ok=True)
    store.publish(release, out)
    before = _fingerprint(out)
    releases = sorted(store.releases_dir(out).iterdir())
    served = create_app(replace(settings, kg_dir=out))
    expected = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["observations"]
    assert _observations(served) == expected

    # the same report, with a metadata file whose date does not exist
    reports = tmp_path / "reports"
    reports.mkdir()
    bad = reports / SEED.name
    shutil.copy(SEED, bad)
    bad.with_name(bad.stem + ".meta.json").write_text(json.dumps({"date": "2022-02-30"}), encoding="utf-8")

    assert main(["build", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "[KG300]" in err and "nothing was published" in err
    assert "xsd:date" in err  # says which constraint the data breaks

    assert _fingerprint(out) == before
    assert sorted(store.releases_dir(out).iterdir()) == releases  # no half-written release left
    assert _observations(served) == expected
    assert _observations(create_app(replace(settings, kg_dir=out))) == expected
