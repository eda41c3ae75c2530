"""Dates as reports write them -> ISO dates (pure functions, no I/O).

Two entry points:

- ``parse_date(s, default_year)`` reads one *cell* («Май-июнь 2022 года»,
  «13 апреля https://…», «2022 жылдың 26 шілдесінен 10 тамызына дейін»);
- ``find_dates(text, default_year)`` finds every date mentioned in prose
  («25 июня на территории … и 28 июня – в зале … 2022 года были …»).

Both return ``ParsedDate`` values and never raise on any string.

The reading goes in steps, one module each: ``normalize.date_tokens`` cuts
the text into tokens (keeping offsets into the text as written),
``normalize.date_mentions`` finds the mentions (the grammar),
``normalize.date_years`` gives a mention without a year the year of its
sentence, and this module turns mentions into calendar days and statuses.
Month words and their forms are the data of ``normalize.months``.

Conventions (SCHEMA.md): a single day has start == end; a range fills start
and end; a month alone spans its first to last day; a year spans 1 January
to 31 December; a quarter or half-year spans its months. A date written
without a year takes, in order: the year written elsewhere in the same
sentence (the next year-bearing date after it, else the nearest before it),
else ``default_year`` (``year_assumed=True``); with no default the status
is ``"no_year"`` and start/end are None.

Decisions on ambiguous input (documented in the report too):

- Numeric dates are day first: ``15.09.2022``, ``15/09/2022``,
  ``15-09-2022``; ``2022-09-15`` and ``2022.09.15`` are year first. A
  two-digit year is 2000 + yy (``15.09.22`` -> 2022-09-15).
- An impossible date (``31 июня``, ``32.01.2022``) or a range ending before
  it starts gives ``status="unparsed"`` with start/end None.
- A range whose written year is only on one end and that would run
  backwards («28 декабря – 5 января 2023») moves the other end across the
  year boundary (2022-12-28..2023-01-05). With no year written at all, the
  start takes the year and the end the next year.
- A 4-digit number is a year only between 1900 and 2100. In prose
  (``find_dates``) a year alone needs a marker («2022 года», «2022 ж.»);
  a month name alone needs a year, a preposition («в ноябре»), Kazakh «айы»
  or a second month («май-июнь»). Abbreviations («сент») need a dot or a
  year. ``parse_date`` is laxer: the whole cell is meant to be a date, so
  «ноябрь» and a bare «2022» are accepted.
- A cell with several separate dates («23-24 мая … и 25-26 мая 2022г.»)
  gives ``status="multiple"`` with start = the earliest start and end =
  the latest end; the caller decides whether that span is meaningful.
- Empty cells and cells that are only dashes are ``"empty"``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import regex

from esep.normalize import months as M
from esep.normalize.date_mentions import MAX_YEAR, MIN_YEAR, Mention, MentionParser
from esep.normalize.date_tokens import DASHES, DateToken, clean_mapped, tokenize
from esep.normalize.date_years import complete_year, fill_year, lend_sentence_years
from esep.normalize.text import clean_text

__all__ = [
    "ParsedDate",
    "parse_date",
    "find_dates",
    "STATUSES",
    "MIN_YEAR",
    "MAX_YEAR",
]


#: Every ``ParsedDate.status``:
STATUSES: dict[str, str] = {
    "exact": "one day (start == end)",
    "range": "a span of days (23-24 мая; 30 мая - 2 июня)",
    "month": "one month without a day: its first..last day",
    "month_range": "several months (Май-июнь 2022), a quarter or a half-year",
    "year": "a year or a span of years, 1 Jan..31 Dec",
    "multiple": "parse_date only: several separate dates; start=earliest, end=latest",
    "no_year": "a date without year and no default_year: start/end None",
    "empty": "nothing written (blank or a dash)",
    "unparsed": "no date, or an impossible one (31 июня); start/end None",
}
_OK_STATUSES = frozenset({"exact", "range", "month", "month_range", "year", "multiple"})


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """One date, range or period read from text.

    ``text`` is the text as written: the whole cell for ``parse_date``, the
    matched words for ``find_dates``. ``span`` is where the date was found
    in the string that was passed in (``s[span[0]:span[1]]``), None when
    nothing was found. ``year_assumed`` is True when the year is not
    written and came from ``default_year``.
    """

    start: dt.date | None
    end: dt.date | None
    text: str
    status: str
    year_assumed: bool = False
    span: tuple[int, int] | None = None

    @property
    def ok(self) -> bool:
        """True when ``start`` and ``end`` are set."""
        return self.status in _OK_STATUSES


# ---------------------------------------------------------------------------
# Resolution: dates, statuses
# ---------------------------------------------------------------------------
def _dates(r: Mention) -> tuple[dt.date, dt.date] | None:
    s, e = r.start, r.end
    try:
        if r.gran == "year":
            a, b = dt.date(s.year, 1, 1), dt.date(e.year, 12, 31)
        elif r.gran == "month":
            a = dt.date(s.year, s.month, 1)
            b = dt.date(e.year, e.month, calendar.monthrange(e.year, e.month)[1])
        else:
            a = dt.date(s.year, s.month, s.day)
            b = dt.date(e.year, e.month, e.day)
    except (ValueError, TypeError, OverflowError):
        return None
    if b < a or not (MIN_YEAR <= a.year and b.year <= MAX_YEAR + 1):
        return None
    return a, b


def _status(r: Mention) -> str:
    if r.gran == "year":
        return "year"
    if r.gran == "month":
        return "month_range" if r.is_range and (r.start.month, r.start.year) != (r.end.month, r.end.year) else "month"
    return "range" if r.is_range else "exact"


def _resolve(s: str, t: str, idx: list[int], toks: list[DateToken], raws: list[Mention],
             default_year: int | None) -> list[ParsedDate]:
    absorbed = lend_sentence_years(raws, toks, t)
    out: list[ParsedDate] = []
    for i, r in enumerate(raws):
        if i in absorbed:
            continue
        a, b = idx[toks[r.t0].start], idx[toks[r.t1 - 1].end]
        span = (a, b)
        text = s[a:b]
        assumed = False
        if not complete_year(r):
            if default_year is None:
                out.append(ParsedDate(None, None, text, "no_year", False, span))
                continue
            fill_year(r, default_year)
            assumed = True
        d = _dates(r)
        if d is None:
            out.append(ParsedDate(None, None, text, "unparsed", assumed, span))
        else:
            out.append(ParsedDate(d[0], d[1], text, _status(r), assumed, span))
    return out


def _find(s: str, default_year: int | None, lax: bool) -> list[ParsedDate]:
    t, idx = clean_mapped(s)
    toks = tokenize(t)
    raws = MentionParser(toks, lax).scan()
    return _resolve(s, t, idx, toks, raws, default_year)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------
_EMPTY_RE = regex.compile(rf"[\s{DASHES}]*")
_BARE_YEAR_RE = regex.compile(rf"\W*([0-9]{{4}})(?:\s*[{DASHES}]\s*([0-9]{{4}}))?\W*")


def parse_date(s: str | None, default_year: int | None) -> ParsedDate:
    """Read the date, range or period written in one cell.

    ``default_year`` is the report's year, used when the cell gives no year
    (``year_assumed=True``). See the module docstring for the rules; never
    raises.

    >>> parse_date("Май-июнь 2022 года", None).status
    'month_range'
    """
    if s is None:
        return ParsedDate(None, None, "", "empty")
    if not isinstance(s, str):
        s = str(s)
    if _EMPTY_RE.fullmatch(s) or not clean_text(s):
        return ParsedDate(None, None, s, "empty")
    m = _BARE_YEAR_RE.fullmatch(clean_text(s))
    if m:
        y1 = int(m.group(1))
        y2 = int(m.group(2)) if m.group(2) else y1
        if MIN_YEAR <= y1 <= y2 <= MAX_YEAR:
            return ParsedDate(dt.date(y1, 1, 1), dt.date(y2, 12, 31), s, "year", False,
                              None)
    found = _find(s, default_year, lax=True)
    if not found or any(f.span and _cut_range(s, f.span) for f in found):
        return ParsedDate(None, None, s, "unparsed")
    if len(found) == 1:
        f = found[0]
        return ParsedDate(f.start, f.end, s, f.status, f.year_assumed, f.span)
    span = (found[0].span[0], found[-1].span[1])  # type: ignore[index]
    for bad in ("unparsed", "no_year"):
        if any(f.status == bad for f in found):
            return ParsedDate(None, None, s, bad, any(f.year_assumed for f in found), span)
    start = min(f.start for f in found)  # type: ignore[type-var]
    end = max(f.end for f in found)  # type: ignore[type-var]
    return ParsedDate(start, end, s, "multiple", any(f.year_assumed for f in found), span)


_CUT_BEFORE_RE = regex.compile(rf"[\p{{L}}]+[{DASHES}]$")  # glued: «ль-Ноябрь», not «план - май»
_CUT_AFTER_RE = regex.compile(rf"^[{DASHES}][\p{{L}}]+")


def _cut_range(s: str, span: tuple[int, int]) -> bool:
    """A date glued by a dash to a word that is no date: a range whose other end could
    not be read («Апре ль-Ноябрь 2022», a word the PDF broke in a narrow column). The
    date found would be half of it: the cell is unparsed rather than half read."""
    before = _CUT_BEFORE_RE.search(s[: span[0]])
    if before and M.month_word(before.group()[:-1]) is None:
        return True
    after = _CUT_AFTER_RE.search(s[span[1]:])
    return bool(after and M.month_word(after.group()[1:]) is None)


def find_dates(text: str | None, default_year: int | None) -> list[ParsedDate]:
    """Every date, range or period mentioned in prose, in text order.

    ``ParsedDate.text`` is the mention as written and ``span`` its offsets
    in ``text``. A year written once for several dates of one sentence
    («25 июня … и 28 июня … 2022 года») is given to all of them and not
    reported on its own. Impossible dates are reported with status
    ``"unparsed"`` so the caller can log them. Never raises.
    """
    if not text:
        return []
    if not isinstance(text, str):
        text = str(text)
    return _find(text, default_year, lax=False)