"""Stage 1, load: the bytes of a report file become its raw text.

The raw text is kept exactly as decoded (a byte-order mark stays as ``\\ufeff``, CRLF stays CRLF),
because every offset the pipeline publishes points into it. Decoding is tried in the order
UTF-8 (with or without BOM), UTF-16 with a BOM, then GB18030 (a superset of GBK and GB2312).
"""
from __future__ import annotations

import hashlib
import re

from .errors import BinarySourceError, EmptySourceError, EncodingError
from .model import SourceText

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters other than tab, newline, carriage return and form feed: binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a report, or raise a ``SourceError``."""
    if not data.strip():
        raise EmptySourceError("the file is empty", path=name)
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise EncodingError(f"not valid UTF-16: {e.reason}", path=name, offset=e.start) from None
    if b"\x00" in data:
        raise BinarySourceError("binary data (NUL bytes), not a text report", path=name,
                                offset=data.index(b"\x00"))
    encoding = "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            # a UTF-8 file cut inside its last character: keep what is whole (read as GB18030 it
            # would turn into other characters without an error)
            text = data[:e.start].decode("utf-8")
        else:
            encoding = "gb18030"
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise EncodingError("neither UTF-8 nor GB18030 text", path=name, offset=e.start) from None
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 256):  # more than a few stray control characters: binary
        raise BinarySourceError(f"binary data ({controls} control characters), not a text report",
                                path=name)
    return text, ("utf-8-sig" if encoding == "utf-8" and text.startswith("\ufeff") else encoding)


def load_source(data: bytes, *, doc_id: str, file_name: str) -> SourceText:
    """Decode a report file's bytes into a :class:`SourceText`."""
    raw, encoding = decode(data, file_name)
    if not _CJK.search(raw):
        raise EncodingError("no Chinese text found: not a plan report", path=file_name)
    return SourceText(doc_id=doc_id, raw=raw, encoding=encoding,
                      sha256=hashlib.sha256(data).hexdigest(), file_name=file_name)
