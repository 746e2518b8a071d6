"""The errors the pipeline raises, each with a stable code so that scripts and tests can tell
them apart (``[KG101] …``). A source error names the file and, where known, the offset."""
from __future__ import annotations


class KGError(Exception):
    """Base class of every error the pipeline raises on purpose."""

    code = "KG000"

    def __init__(self, message: str, *, path: str | None = None, offset: int | None = None):
        self.message = message
        self.path = path
        self.offset = offset
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}: " if self.offset is None else f"{self.path}:{self.offset}: "
        return f"[{self.code}] {where}{self.message}"


class SourceError(KGError):
    """A report file cannot be read as a report."""

    code = "KG100"


class EmptySourceError(SourceError):
    code = "KG101"


class BinarySourceError(SourceError):
    code = "KG102"


class EncodingError(SourceError):
    code = "KG103"


class NotAFileError(SourceError):
    code = "KG104"


class UnreadableSourceError(SourceError):
    code = "KG105"


class NoReportStructureError(SourceError):
    """The text has nothing a plan report has: no year, no sections, no stated quantities."""

    code = "KG106"


class MetadataError(SourceError):
    code = "KG107"


class LexiconError(KGError):
    """A data file of the lexicon is missing or malformed."""

    code = "KG200"


class ValidationFailed(KGError):
    """The built graph does not conform to the shapes; nothing was published."""

    code = "KG300"


class KGDirError(KGError):
    """A KG directory is missing, incomplete or not a KG directory."""

    code = "KG400"


class ExportError(KGError):
    code = "KG500"
