"""The year of a date mention written without one.

A date written without a year takes the year written elsewhere in the same
sentence (the next year-bearing mention after it, else the nearest one
before it); a range with its year on one end only takes it on the other,
across New Year when it would run backwards. Used by ``normalize.dates``.
"""

from __future__ import annotations

import bisect

import regex

from esep.normalize.date_mentions import Mention, crosses_new_year
from esep.normalize.date_tokens import DateToken

# Where a sentence (or a table cell in a text dump) ends: a written year
# is not lent across these.
_BOUNDARY_RE = regex.compile(r"[.!?…](?=\s+[\p{Lu}«\"“„(])|[;\n\t]")


def _boundaries(t: str) -> list[int]:
    return [m.start() for m in _BOUNDARY_RE.finditer(t)]


def _same_sentence(bounds: list[int], a: int, b: int) -> bool:
    """No boundary at a position p with min(a, b) <= p < max(a, b)."""
    lo, hi = (a, b) if a <= b else (b, a)
    k = bisect.bisect_left(bounds, lo)
    return k == len(bounds) or bounds[k] >= hi


def _lends_year(r: Mention) -> bool:
    return r.has_year() and not (r.gran == "year" and r.is_range)


def lend_sentence_years(raws: list[Mention], toks: list[DateToken], t: str) -> set[int]:
    """Give yearless mentions the year written in the same sentence: the
    next year-bearing mention after it, else the nearest one before it.
    Return the indices of bare-year mentions that lent their year (they are
    absorbed, not reported). Linear in the number of mentions."""
    bounds = _boundaries(t)
    nxt: list[int | None] = [None] * len(raws)
    following: int | None = None
    for i in range(len(raws) - 1, -1, -1):
        nxt[i] = following
        if _lends_year(raws[i]):
            following = i
    absorbed: set[int] = set()
    prev: int | None = None
    for i, r in enumerate(raws):
        if not r.has_year() and r.gran != "year":
            r_start, r_end = toks[r.t0].start, toks[r.t1 - 1].end
            src = None
            k = nxt[i]
            if k is not None and _same_sentence(bounds, r_end, toks[raws[k].t0].start):
                src = k
            elif prev is not None and _same_sentence(bounds, toks[raws[prev].t1 - 1].end, r_start):
                src = prev
            if src is not None:
                o = raws[src]
                fill_year(r, o.start.year if o.start.year is not None else o.end.year)
                if o.bare_year:
                    absorbed.add(src)
        if _lends_year(r):
            prev = i
    return absorbed


def fill_year(r: Mention, y: int) -> None:
    """Give both ends year ``y``; the end the next year when the range crosses New Year."""
    r.start.year = y
    r.end.year = y
    if r.is_range and crosses_new_year(r.start, r.end):
        r.end.year = y + 1


def complete_year(r: Mention) -> bool:
    """Fill a missing year on one end from the other; False if none."""
    s, e = r.start, r.end
    if s.year is None and e.year is None:
        return False
    if s.year is None:
        s.year = e.year - 1 if r.is_range and crosses_new_year(s, e) else e.year
    elif e.year is None:
        e.year = s.year + 1 if r.is_range and crosses_new_year(s, e) else s.year
    return True
