"""Reading the files the pipeline needs: reports, their metadata files, the lexicon. With
:mod:`kg.cli` and :mod:`kg.store`, the only modules that touch the file system."""
from __future__ import annotations

import json
import re
from pathlib import Path

from .config import Settings
from .errors import MetadataError, NotAFileError, UnreadableSourceError
from .lexicon import Lexicon, build_lexicon
from .model import ReportMeta

METADATA_SUFFIX = ".meta.json"


def read_report_bytes(path: Path) -> bytes:
    """The bytes of a report file, or a clear error naming the file."""
    name = str(path)
    if not path.exists():
        raise UnreadableSourceError("no such file", path=name)
    if path.is_dir():
        raise NotAFileError("is a directory, not a report file", path=name)
    if not path.is_file():
        raise NotAFileError("not a regular file", path=name)
    try:
        return path.read_bytes()
    except OSError as e:
        raise UnreadableSourceError(f"cannot be read: {e.strerror or e}", path=name) from None


def metadata_path(report: Path) -> Path:
    return report.with_name(report.stem + METADATA_SUFFIX)


def read_metadata(report: Path) -> ReportMeta | None:
    """The metadata file beside a report (``<stem>.meta.json``), if there is one."""
    p = metadata_path(report)
    if not p.exists():
        return None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise MetadataError(f"unreadable metadata file: {e}", path=str(p)) from None
    if not isinstance(data, dict):
        raise MetadataError("metadata must be a JSON object", path=str(p))
    data = {k: v for k, v in data.items() if not k.startswith("$")}
    try:
        return ReportMeta.from_dict(data)
    except (TypeError, ValueError) as e:
        raise MetadataError(str(e), path=str(p)) from None


def doc_id_for(path: Path) -> str:
    """A file-name-based id, used only when neither metadata nor text give a better one."""
    stem = path.name
    for suffix in (".txt", ".text"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    slug = re.sub(r"[^0-9A-Za-z]+", "-", stem).strip("-").lower()
    return slug or "report"


def read_lexicon(settings: Settings) -> Lexicon:
    onto, lexdir = settings.ontology_dir, settings.lexicon_dir

    def text(p: Path) -> str:
        return p.read_text(encoding="utf-8") if p.exists() else ""

    return build_lexicon(
        units_ttl=text(onto / "units.ttl"),
        indicators_ttl=text(onto / "indicators.ttl"),
        quantities_toml=text(lexdir / "quantities.toml"),
        noise_toml=text(lexdir / "webnoise.toml"),
        entities_toml=text(lexdir / "entities.toml"),
        glossary_csv=text(lexdir / "glossary.csv"),
    )


def read_gazetteer(settings: Settings):
    from .gazetteer import parse_gazetteer

    d = settings.gazetteer_dir

    def text(name: str) -> str:
        p = d / name
        return p.read_text(encoding="utf-8") if p.exists() else ""

    return parse_gazetteer(text("divisions.csv"), text("verified_links.csv"), text("pinyin.csv"),
                           text("province_abbreviations.csv"))
