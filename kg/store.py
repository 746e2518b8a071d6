"""Stage 10, store: publish a built KG atomically, and open a published one.

A KG directory (``build/`` by default) holds ``kg.nq`` (every graph, canonical sorted N-Quads),
``manifest.json``, the validation report, the tables, the downloads and the ontology docs.
``--out DIR`` is a symbolic link to a release directory beside it (``.DIR.releases/<id>``); a
build writes a new release and then swaps the link with one ``rename``, so a reader sees either
the old KG or the new one, complete, never a mixture; a build that fails or is killed leaves the
last good KG in place.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import KGDirError

MANIFEST = "manifest.json"
QUADS = "kg.nq"
KEEP_RELEASES = 2


def releases_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.releases"


def new_release(out: Path) -> Path:
    """A fresh, empty release directory for a build into ``out``."""
    rel = releases_dir(out)
    rel.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="release-", dir=rel))
    path.chmod(0o755)  # mkdtemp makes it private; a KG is for everyone to read
    return path


def publish(release: Path, out: Path) -> None:
    """Make ``out`` point at ``release`` in one atomic step, then drop old releases."""
    out = out.absolute()
    if out.exists() and not out.is_symlink():
        if not out.is_dir():
            raise KGDirError("exists and is not a KG directory", path=str(out))
        if any(out.iterdir()) and not (out / MANIFEST).exists():
            raise KGDirError("exists, is not empty and is not a KG directory; refusing to replace it",
                             path=str(out))
        # a KG directory from before releases existed: move it aside, keep it as a release
        shutil.move(str(out), str(new_release(out)))
    tmp_link = out.parent / f".{out.name}.link-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.relpath(release, out.parent), tmp_link)
    os.replace(tmp_link, out)
    _prune(out, keep={release.resolve()})


def _prune(out: Path, keep: set[Path]) -> None:
    rel = releases_dir(out)
    if not rel.exists():
        return
    dirs = sorted((d for d in rel.iterdir() if d.is_dir()), key=lambda d: d.stat().st_mtime, reverse=True)
    kept = 0
    for d in dirs:
        if d.resolve() in keep:
            continue
        kept += 1
        if kept >= KEEP_RELEASES:
            shutil.rmtree(d, ignore_errors=True)


def discard(release: Path) -> None:
    shutil.rmtree(release, ignore_errors=True)


@dataclass(frozen=True)
class KGDir:
    path: Path
    manifest: dict

    @property
    def quads(self) -> Path:
        return self.path / QUADS

    def file(self, name: str) -> Path:
        return self.path / name


def open_kg(path: Path) -> KGDir:
    """A published KG directory, or a clear error saying what is missing."""
    if not path.exists():
        raise KGDirError("no KG here; build one with `kg build FILE... --out DIR`", path=str(path))
    mf = path / MANIFEST
    if not mf.exists() or not (path / QUADS).exists():
        raise KGDirError("not a KG directory (no manifest.json or kg.nq)", path=str(path))
    try:
        manifest = json.loads(mf.read_text(encoding="utf-8"))
    except ValueError as e:
        raise KGDirError(f"unreadable manifest: {e}", path=str(mf)) from None
    return KGDir(path, manifest)


def load_memory_store(kg: KGDir):
    """Every graph of a KG in a pyoxigraph in-memory store (bulk loaded)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=str(kg.quads), format=pyoxigraph.RdfFormat.N_QUADS)
    return store
