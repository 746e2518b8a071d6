"""The example research queries of the query editor: one ``.rq`` file each in ``examples/``,
whose first comment lines give its title in zh and en."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DIR = Path(__file__).resolve().parent / "examples"


@dataclass(frozen=True)
class Example:
    id: str
    zh: str
    en: str
    query: str


def load(directory: Path = DIR) -> list[Example]:
    out = []
    for f in sorted(directory.glob("*.rq")):
        text = f.read_text(encoding="utf-8")
        meta = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line[1:].partition(":")
            meta[key.strip()] = value.strip()
        out.append(Example(f.stem, meta.get("zh", f.stem), meta.get("en", f.stem), text))
    return out
