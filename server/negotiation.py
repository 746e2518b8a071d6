"""HTTP content negotiation: the best of the formats we offer for an ``Accept`` header, or None
(then the caller answers 406 — never a silent fallback to another format)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...]
    order: int

    def matches(self, media_type: str) -> bool:
        t, _, s = media_type.partition("/")
        return (self.type in ("*", t)) and (self.subtype in ("*", s))

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*") + bool(self.params)


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; malformed parts are ignored, as RFC 9110 lets a server do."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0, (), 0)]
    out = []
    for i, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mt = bits[0].lower()
        if "/" not in mt:
            if mt == "*":
                mt = "*/*"
            else:
                continue
        t, _, s = mt.partition("/")
        if not t or not s:
            continue
        q = 1.0
        params = []
        for b in bits[1:]:
            k, _, v = b.partition("=")
            k, v = k.strip().lower(), v.strip().strip('"')
            if k == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
            elif k:
                params.append((k, v))
        out.append(MediaRange(t, s, q, tuple(params), i))
    return out


def best_match(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers most; ties go to the order of ``offered``.

    The quality of each offered type is that of the most specific range that matches it
    (RFC 9110 §12.5.1); q=0 means "not acceptable".
    """
    ranges = parse_accept(accept)
    best: tuple[float, int, str] | None = None
    for idx, mt in enumerate(offered):
        matching = [r for r in ranges if r.matches(mt)]
        if not matching:
            continue
        top = max(matching, key=lambda r: (r.specificity, -r.order))
        if top.q <= 0:
            continue
        key = (top.q, -idx, mt)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None
