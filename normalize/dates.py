"""Dates as reports write them -> ISO dates (pure functions, no I/O).

Two entry points:

- ``parse_date(s, default_year)`` reads one *cell* («Май-июнь 2022 года»,
  «13 апреля https://…», «2022 жылдың 26 шілдесінен 10 тамызына дейін»);
- ``find_dates(text, default_year)`` finds every date mentioned in prose
  («25 июня на территории … и 28 июня – в зале … 2022 года были …»).

Both return ``ParsedDate`` values and never raise on any string.

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

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Iterable

import regex

from esep.normalize import months as M
from esep.normalize.text import INVISIBLE_CHARS, clean_text

__all__ = [
    "ParsedDate",
    "parse_date",
    "find_dates",
    "STATUSES",
    "MIN_YEAR",
    "MAX_YEAR",
]

MIN_YEAR = 1900
MAX_YEAR = 2100

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
# Cleaning that keeps offsets into the original string
# ---------------------------------------------------------------------------
_NEWLINES = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _clean_mapped(s: str) -> tuple[str, list[int]]:
    """Drop invisible characters, turn white space into " " or "\\n", and
    keep for every kept character its index in ``s`` (plus len(s) at the
    end) so spans can be mapped back."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(s):
        if ch in INVISIBLE_CHARS:
            continue
        if ch in _NEWLINES:
            ch = "\n"
        elif ch == "\t":
            pass  # kept: a tab separates table cells in text dumps
        elif ch.isspace():
            ch = " "
        out.append(ch)
        idx.append(i)
    idx.append(len(s))
    return "".join(out), idx


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_TOKEN_RE = regex.compile(
    rf"""
    (?P<url>(?:https?://|www\.)\S+)
  | (?P<iso>(?<![0-9.])[0-9]{{4}}(?P<isep>[-./])[0-9]{{1,2}}(?P=isep)[0-9]{{1,2}}(?![0-9]))
  | (?P<dmy>(?<![0-9.])[0-9]{{1,2}}(?P<dsep>[./-])[0-9]{{1,2}}(?P=dsep)(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9]))
  | (?P<dm>(?<![0-9.])[0-9]{{1,2}}\.[0-9]{{1,2}}(?![0-9]|\.[0-9]))
  | (?P<num>[0-9]+)
  | (?P<word>[\p{{L}}\p{{M}}]+)
  | (?P<dash>[{_DASHES}])
  | (?P<quote>[«»"“”„‟'‘’‚‹›])
  | (?P<punct>\S)
    """,
    regex.VERBOSE,
)
_DIGITS_RE = regex.compile(r"[0-9]+")
_KK_QUARTER = M.key("тоқсан")


@dataclass(slots=True)
class _Tok:
    kind: str  # url iso dmy dm num word dash quote punct
    text: str
    start: int  # offsets in the cleaned string
    end: int
    key: str = ""  # months.key(text) for words
    month: M.MonthWord | None = None
    nums: tuple[int, ...] = ()  # numbers of num/iso/dmy/dm tokens
    long_year: bool = False  # dmy: the year has 4 digits


def _tokenize(t: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(t):
        kind = m.lastgroup  # the outer group: inner ones (isep, dsep) close before it
        text = m.group()
        tok = _Tok(kind, text, m.start(), m.end())
        if kind == "word":
            tok.key = M.key(text)
            tok.month = M.month_word(text)
        elif kind in ("num", "iso", "dmy", "dm"):
            digits = _DIGITS_RE.findall(text)
            # Long digit runs are never days or years (and int() of a huge
            # string would raise), so they get no value.
            if all(len(x) <= 6 for x in digits):
                tok.nums = tuple(int(x) for x in digits)
                tok.long_year = len(digits[-1]) == 4
        toks.append(tok)
    return toks


# ---------------------------------------------------------------------------
# Raw mentions (years may still be missing)
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Point:
    day: int | None
    month: int | None
    year: int | None


@dataclass(slots=True)
class _Raw:
    gran: str  # "day" | "month" | "year"
    start: _Point
    end: _Point
    is_range: bool
    t0: int  # token index range [t0, t1)
    t1: int
    bare_year: bool = False  # a year alone («2022 года»): may lend its year
    weak_month: bool = False  # month alone, no year: needs a preposition in prose

    def has_year(self) -> bool:
        return self.start.year is not None or self.end.year is not None


class _Parser:
    """Recursive-descent matcher over the token list."""

    def __init__(self, toks: list[_Tok], lax: bool) -> None:
        self.t = toks
        self.n = len(toks)
        self.lax = lax

    # --- helpers -------------------------------------------------------
    def tok(self, i: int) -> _Tok | None:
        return self.t[i] if 0 <= i < self.n else None

    def is_word(self, i: int, keys: Iterable[str] | frozenset[str]) -> bool:
        tk = self.tok(i)
        return tk is not None and tk.kind == "word" and tk.key in keys

    def is_punct(self, i: int, chars: str) -> bool:
        tk = self.tok(i)
        return tk is not None and tk.kind == "punct" and tk.text in chars

    # --- pieces -----------------------------------------------------------
    def year(self, i: int, need_marker: bool) -> tuple[int, int, bool] | None:
        """4-digit year [marker [.]] -> (year, next index, has_marker)."""
        tk = self.tok(i)
        if tk is None or tk.kind != "num" or len(tk.text) != 4:
            return None
        y = tk.nums[0]
        if not MIN_YEAR <= y <= MAX_YEAR:
            return None
        j = i + 1
        has_marker = False
        if self.is_word(j, M.YEAR_MARKER_KEYS):
            has_marker = True
            if self.t[j].key in M.YEAR_MARKER_ABBR_KEYS and self.is_punct(j + 1, "."):
                j += 1
            j += 1
        if need_marker and not has_marker:
            return None
        return y, j, has_marker

    def day(self, i: int) -> tuple[int, int] | None:
        """1-2 digit day, optionally in quotes («31»), optionally «25-го»."""
        tk = self.tok(i)
        if tk is None:
            return None
        if tk.kind == "quote":
            inner, close = self.tok(i + 1), self.tok(i + 2)
            if (inner is not None and inner.kind == "num" and len(inner.text) <= 2
                    and close is not None and close.kind == "quote"):
                return inner.nums[0], i + 3
            return None
        if tk.kind != "num" or len(tk.text) > 2:
            return None
        j = i + 1
        nxt = self.tok(j)
        if (nxt is not None and nxt.kind == "dash" and nxt.start == tk.end
                and self.is_word(j + 1, M.DAY_ORDINAL_SUFFIX_KEYS)
                and self.t[j + 1].start == nxt.end):
            j += 2
        return tk.nums[0], j

    def month(self, i: int) -> tuple[int, int, str, bool] | None:
        """Month word [.] [Kazakh «айы»] -> (month, next, case, has_ai)."""
        tk = self.tok(i)
        if tk is None or tk.kind != "word" or tk.month is None:
            return None
        mw = tk.month
        j = i + 1
        if mw.abbreviated:
            if self.is_punct(j, "."):
                j += 1
            elif not self.lax:
                nxt = self.tok(j)
                if nxt is None or nxt.kind != "num" or len(nxt.text) != 4:
                    return None
        case = mw.case
        has_ai = False
        if self.is_word(j, M.KK_AI_KEYS):
            case = M.KK_AI_KEYS[self.t[j].key]
            has_ai = True
            j += 1
        return mw.number, j, case, has_ai

    def trailing_year(self, j: int) -> tuple[int | None, int]:
        """Optional year after a day/month: «… 2022 года», «…, 2017»."""
        k = j + 1 if self.is_punct(j, ",") else j
        y = self.year(k, need_marker=False)
        if y is None:
            return None, j
        return y[0], y[1]

    def point(self, i: int, allow_day_only: bool) -> tuple[_Point, int, str, bool] | None:
        """[day] month [year] -> (_Point, next, case, has_ai); with
        ``allow_day_only`` also a day alone (the start of «23-24 мая»)."""
        d = self.day(i)
        if d is not None:
            m = self.month(d[1])
            if m is None:
                if allow_day_only:
                    return _Point(d[0], None, None), d[1], "", False
                return None
            y, j = self.trailing_year(m[1])
            return _Point(d[0], m[0], y), j, m[2], m[3]
        m = self.month(i)
        if m is None:
            return None
        y, j = self.trailing_year(m[1])
        return _Point(None, m[0], y), j, m[2], m[3]

    def connector(self, j: int) -> int | None:
        """A dash or «по»/«до» between two ends of a range -> index after it."""
        tk = self.tok(j)
        if tk is None:
            return None
        if tk.kind == "dash":
            return j + 1
        if tk.kind == "word" and tk.key in M.RANGE_CONNECTOR_KEYS:
            return j + 1
        return None

    def skip_range_end(self, j: int) -> int:
        while self.is_word(j, M.RANGE_END_KEYS):
            j += 1
        return j

    # --- mentions ---------------------------------------------------------
    def body(self, i: int) -> tuple[list[_Raw], int] | None:
        """A day/month date or range (year optional) starting at token i."""
        p1 = self.point(i, allow_day_only=True)
        if p1 is None:
            return None
        pt1, j, case1, ai1 = p1
        # Range with a connector: «23-24 мая», «30 мая - 2 июня», «май-июнь».
        k = self.connector(j)
        if k is not None:
            p2 = self.point(k, allow_day_only=False)
            if p2 is not None and self._compatible(pt1, p2[0]):
                return [self._range(pt1, p2[0], i, self.skip_range_end(p2[1]))], self.skip_range_end(p2[1])
        # Kazakh range without a dash: «26 шілдесінен 10 тамызына дейін».
        if pt1.month is not None and case1 == "ablative":
            p2 = self.point(j, allow_day_only=False)
            if p2 is not None and self._compatible(pt1, p2[0]):
                end = self.skip_range_end(p2[1])
                return [self._range(pt1, p2[0], i, end)], end
        if pt1.month is None:
            return self.day_list(i)
        gran = "day" if pt1.day is not None else "month"
        raw = _Raw(gran, pt1, _Point(pt1.day, pt1.month, pt1.year), False, i, j)
        if gran == "month" and pt1.year is None and not ai1:
            raw.weak_month = True
        return [raw], j

    def day_list(self, i: int) -> tuple[list[_Raw], int] | None:
        """«23 и 24 мая», «12, 13 и 14 мая»: one exact date per day."""
        days: list[tuple[int, int]] = []  # (day, token index)
        j = i
        while True:
            d = self.day(j)
            if d is None:
                return None
            nxt = d[1]
            if self.is_punct(nxt, ",") or self.is_word(nxt, M.LIST_CONNECTOR_KEYS):
                days.append((d[0], j))
                j = nxt + 1
                continue
            p = self.point(j, allow_day_only=False)
            if p is None or p[0].day is None or not days:
                return None
            last, end = p[0], p[1]
            out = [
                _Raw("day", _Point(day, last.month, last.year), _Point(day, last.month, last.year),
                     False, ti, ti + 1)
                for day, ti in days
            ]
            out.append(_Raw("day", last, _Point(last.day, last.month, last.year), False, j, end))
            return out, end

    @staticmethod
    def _compatible(a: _Point, b: _Point) -> bool:
        if b.month is None:
            return False
        if a.day is None and a.month is None:
            return False
        if a.month is None:  # «23-24 мая»: a day, then a full date
            return b.day is not None
        return (a.day is None) == (b.day is None)

    @staticmethod
    def _range(a: _Point, b: _Point, t0: int, t1: int) -> _Raw:
        if a.month is None:
            a = _Point(a.day, b.month, None)
        gran = "day" if b.day is not None else "month"
        return _Raw(gran, a, b, True, t0, t1)

    def year_first(self, i: int) -> tuple[list[_Raw], int] | None:
        """Kazakh order: «2022 жылғы 26 қыркүйектегі», «2022 жылдың 26
        шілдесінен 10 тамызына дейін», «2022 жылдың 3-тоқсаны»."""
        y = self.year(i, need_marker=True)
        if y is None:
            return None
        b = _longest(self.body(y[1]), self.period(y[1]))
        if b is None:
            return None
        raws, j = b
        if len(raws) != 1 or raws[0].has_year():
            return None
        raw = raws[0]
        raw.start.year = y[0]
        if raw.end.year is None:
            raw.end.year = y[0]
            if raw.is_range and _wraps(raw.start, raw.end):
                raw.end.year = y[0] + 1
        raw.t0 = i
        raw.weak_month = False
        return [raw], j

    def period(self, i: int) -> tuple[list[_Raw], int] | None:
        """Quarter or half-year: «III квартал 2022», «3-тоқсан», «I полугодие»."""
        tk = self.tok(i)
        if tk is None:
            return None
        if tk.kind == "num":
            n = M.ORDINAL_KEYS.get(tk.text)
        elif tk.kind == "word":
            n = M.ORDINAL_KEYS.get(tk.key)  # Roman: «III», «ІV» (Kazakh І)
        else:
            n = None
        if n is None:
            return None
        j = i + 1
        hyphen = False
        if self.tok(j) is not None and self.t[j].kind == "dash":  # «3-тоқсан», «1-й»
            j += 1
            hyphen = True
        w = self.tok(j)
        if w is not None and w.kind == "word" and w.key in M.DAY_ORDINAL_SUFFIX_KEYS:
            j += 1
            w = self.tok(j)
        if w is None or w.kind != "word":
            return None
        if w.key in M.QUARTER_ABBR_KEYS or any(w.key.startswith(q) for q in M.QUARTER_KEYS):
            if n > 4:
                return None
            # Kazakh «тоқсан» is also the number 90: «2 тоқсан» may be 2 x 90,
            # the quarter is written «2-тоқсан» or «ІІ тоқсан».
            if w.key.startswith(_KK_QUARTER) and tk.kind == "num" and not hyphen:
                return None
            m1, m2 = 3 * n - 2, 3 * n
        elif any(w.key.startswith(h) for h in M.HALF_YEAR_KEYS):
            if n > 2:
                return None
            m1, m2 = 6 * n - 5, 6 * n
        else:
            return None
        j += 1
        if self.is_punct(j, "."):
            j += 1
        y, j = self.trailing_year(j)
        return [_Raw("month", _Point(None, m1, y), _Point(None, m2, y), True, i, j)], j

    def numeric(self, i: int) -> tuple[list[_Raw], int] | None:
        """15.09.2022, 2022-09-15, 15.09.22 and their ranges."""
        tk = self.tok(i)
        if tk is None or tk.kind not in ("dmy", "iso", "dm"):
            return None
        p1 = _numeric_point(tk)
        k = self.connector(i + 1)
        if k is not None:
            t2 = self.tok(k)
            if t2 is not None and t2.kind in ("dmy", "iso"):
                p2 = _numeric_point(t2)
                if p1.year is None:
                    p1.year = p2.year
                    if _wraps(p1, p2):
                        p1.year = p2.year - 1
                return [_Raw("day", p1, p2, True, i, k + 1)], k + 1
        if tk.kind == "dm":
            return None
        return [_Raw("day", p1, _Point(p1.day, p1.month, p1.year), False, i, i + 1)], i + 1

    def year_only(self, i: int) -> tuple[list[_Raw], int] | None:
        """«2022 год», «2022 ж.», «2022-2023 гг.» (a marker is required)."""
        tk = self.tok(i)
        if tk is None or tk.kind != "num" or len(tk.text) != 4:
            return None
        k = self.connector(i + 1)
        if k is not None:
            y2 = self.year(k, need_marker=True)
            y1 = self.year(i, need_marker=False)
            if y1 is not None and y2 is not None and y1[1] == i + 1 and y2[0] >= y1[0]:
                return [_Raw("year", _Point(None, None, y1[0]), _Point(None, None, y2[0]),
                             True, i, y2[1])], y2[1]
        y = self.year(i, need_marker=True)
        if y is None:
            return None
        raw = _Raw("year", _Point(None, None, y[0]), _Point(None, None, y[0]), False, i, y[1])
        raw.bare_year = True
        return [raw], y[1]

    def at(self, i: int) -> tuple[list[_Raw], int] | None:
        """The longest mention starting at token i."""
        best = _longest(*(f(i) for f in (self.year_first, self.numeric, self.body,
                                          self.period, self.year_only)))
        if best is None:
            return None
        raws, _ = best
        # A month alone in prose must look like a date.
        if not self.lax and len(raws) == 1 and raws[0].weak_month:
            if not self.is_word(i - 1, M.MONTH_PREPOSITION_KEYS):
                return None
        return best

    def scan(self) -> list[_Raw]:
        out: list[_Raw] = []
        i = 0
        while i < self.n:
            tk = self.t[i]
            if tk.kind in ("num", "word", "quote", "dmy", "iso", "dm"):
                r = self.at(i)
                if r is not None:
                    out.extend(r[0])
                    i = r[1]
                    continue
            i += 1
        return out


def _longest(*results: tuple[list[_Raw], int] | None) -> tuple[list[_Raw], int] | None:
    best = None
    for r in results:
        if r is not None and (best is None or r[1] > best[1]):
            best = r
    return best


def _numeric_point(tk: _Tok) -> _Point:
    a = tk.nums + (0, 0, 0)
    if tk.kind == "iso":
        return _Point(a[2], a[1], a[0])
    if tk.kind == "dm":
        return _Point(a[0], a[1], None)
    return _Point(a[0], a[1], a[2] if tk.long_year else 2000 + a[2])


def _wraps(a: _Point, b: _Point) -> bool:
    """A range written without one of its years runs over New Year when its
    end month comes before its start month («28 декабря – 5 января»). A
    reversed range inside one month («24-23 мая») does not wrap: it is
    invalid."""
    return a.month is not None and b.month is not None and b.month < a.month


# ---------------------------------------------------------------------------
# Resolution: years, dates, statuses
# ---------------------------------------------------------------------------
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


def _lends_year(r: _Raw) -> bool:
    return r.has_year() and not (r.gran == "year" and r.is_range)


def _context_years(raws: list[_Raw], toks: list[_Tok], bounds: list[int]) -> set[int]:
    """Give yearless mentions the year written in the same sentence: the
    next year-bearing mention after it, else the nearest one before it.
    Return the indices of bare-year mentions that lent their year (they are
    absorbed, not reported). Linear in the number of mentions."""
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
                _fill_year(r, o.start.year if o.start.year is not None else o.end.year)
                if o.bare_year:
                    absorbed.add(src)
        if _lends_year(r):
            prev = i
    return absorbed


def _fill_year(r: _Raw, y: int) -> None:
    r.start.year = y
    r.end.year = y
    if r.is_range and _wraps(r.start, r.end):
        r.end.year = y + 1


def _complete(r: _Raw) -> bool:
    """Fill a missing year on one end from the other; False if none."""
    s, e = r.start, r.end
    if s.year is None and e.year is None:
        return False
    if s.year is None:
        s.year = e.year - 1 if r.is_range and _wraps(s, e) else e.year
    elif e.year is None:
        e.year = s.year + 1 if r.is_range and _wraps(s, e) else s.year
    return True


def _dates(r: _Raw) -> tuple[dt.date, dt.date] | None:
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


def _status(r: _Raw) -> str:
    if r.gran == "year":
        return "year"
    if r.gran == "month":
        return "month_range" if r.is_range and (r.start.month, r.start.year) != (r.end.month, r.end.year) else "month"
    return "range" if r.is_range else "exact"


def _resolve(s: str, t: str, idx: list[int], toks: list[_Tok], raws: list[_Raw],
             default_year: int | None) -> list[ParsedDate]:
    bounds = _boundaries(t)
    absorbed = _context_years(raws, toks, bounds)
    out: list[ParsedDate] = []
    for i, r in enumerate(raws):
        if i in absorbed:
            continue
        a, b = idx[toks[r.t0].start], idx[toks[r.t1 - 1].end]
        span = (a, b)
        text = s[a:b]
        assumed = False
        if not _complete(r):
            if default_year is None:
                out.append(ParsedDate(None, None, text, "no_year", False, span))
                continue
            _fill_year(r, default_year)
            assumed = True
        d = _dates(r)
        if d is None:
            out.append(ParsedDate(None, None, text, "unparsed", assumed, span))
        else:
            out.append(ParsedDate(d[0], d[1], text, _status(r), assumed, span))
    return out


def _find(s: str, default_year: int | None, lax: bool) -> list[ParsedDate]:
    t, idx = _clean_mapped(s)
    toks = _tokenize(t)
    raws = _Parser(toks, lax).scan()
    return _resolve(s, t, idx, toks, raws, default_year)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------
_EMPTY_RE = regex.compile(rf"[\s{_DASHES}]*")
_BARE_YEAR_RE = regex.compile(rf"\W*([0-9]{{4}})(?:\s*[{_DASHES}]\s*([0-9]{{4}}))?\W*")


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


_CUT_BEFORE_RE = regex.compile(rf"[\p{{L}}]+[{_DASHES}]$")  # glued: «ль-Ноябрь», not «план - май»
_CUT_AFTER_RE = regex.compile(rf"^[{_DASHES}][\p{{L}}]+")


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
