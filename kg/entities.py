"""Stage 6, entities: recognise, type, merge and relate the named things of a report.

(Being written: until then the stage passes the extraction through unchanged.)
"""
from __future__ import annotations

from .model import ReportExtraction


def recognise(extraction: ReportExtraction, view, lex, gazetteer=None) -> ReportExtraction:
    return extraction
