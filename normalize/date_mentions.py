"""Date tokens -> mentions: the grammar of dates as reports write them.

A recursive-descent matcher over the tokens of ``normalize.date_tokens``
finds every date mention: a day, a month or a year, a range of them, a
quarter or half-year, a numeric date, in Russian or Kazakh word order. A
mention's year may still be missing here: ``normalize.date_years`` lends it
one from its sentence and ``normalize.dates`` turns it into calendar days.
See ``normalize.dates`` for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from esep.normalize import months as M
from esep.normalize.date_tokens import DateToken

MIN_YEAR = 1900
MAX_YEAR = 2100
_KK_QUARTER = M.key("тоқсан")


@dataclass(slots=True)
class Point:
    """One end of a mention: any part may be missing."""

    day: int | None
    month: int | None
    year: int | None


@dataclass(slots=True)
class Mention:
    """A date, range or period found in the tokens; its year may still be missing."""

    gran: str  # "day" | "month" | "year"
    start: Point
    end: Point
    is_range: bool
    t0: int  # token index range [t0, t1)
    t1: int
    bare_year: bool = False  # a year alone («2022 года»): may lend its year
    weak_month: bool = False  # month alone, no year: needs a preposition in prose

    def has_year(self) -> bool:
        return self.start.year is not None or self.end.year is not None


class MentionParser:
    """Recursive-descent matcher over the token list."""

    def __init__(self, toks: list[DateToken], lax: bool) -> None:
        self.t = toks
        self.n = len(toks)
        self.lax = lax

    # --- helpers -------------------------------------------------------
    def tok(self, i: int) -> DateToken | None:
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

    def point(self, i: int, allow_day_only: bool) -> tuple[Point, int, str, bool] | None:
        """[day] month [year] -> (Point, next, case, has_ai); with
        ``allow_day_only`` also a day alone (the start of «23-24 мая»)."""
        d = self.day(i)
        if d is not None:
            m = self.month(d[1])
            if m is None:
                if allow_day_only:
                    return Point(d[0], None, None), d[1], "", False
                return None
            y, j = self.trailing_year(m[1])
            return Point(d[0], m[0], y), j, m[2], m[3]
        m = self.month(i)
        if m is None:
            return None
        y, j = self.trailing_year(m[1])
        return Point(None, m[0], y), j, m[2], m[3]

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
    def body(self, i: int) -> tuple[list[Mention], int] | None:
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
        raw = Mention(gran, pt1, Point(pt1.day, pt1.month, pt1.year), False, i, j)
        if gran == "month" and pt1.year is None and not ai1:
            raw.weak_month = True
        return [raw], j

    def day_list(self, i: int) -> tuple[list[Mention], int] | None:
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
                Mention("day", Point(day, last.month, last.year), Point(day, last.month, last.year),
                     False, ti, ti + 1)
                for day, ti in days
            ]
            out.append(Mention("day", last, Point(last.day, last.month, last.year), False, j, end))
            return out, end

    @staticmethod
    def _compatible(a: Point, b: Point) -> bool:
        if b.month is None:
            return False
        if a.day is None and a.month is None:
            return False
        if a.month is None:  # «23-24 мая»: a day, then a full date
            return b.day is not None
        return (a.day is None) == (b.day is None)

    @staticmethod
    def _range(a: Point, b: Point, t0: int, t1: int) -> Mention:
        if a.month is None:
            a = Point(a.day, b.month, None)
        gran = "day" if b.day is not None else "month"
        return Mention(gran, a, b, True, t0, t1)

    def year_first(self, i: int) -> tuple[list[Mention], int] | None:
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
            if raw.is_range and crosses_new_year(raw.start, raw.end):
                raw.end.year = y[0] + 1
        raw.t0 = i
        raw.weak_month = False
        return [raw], j

    def period(self, i: int) -> tuple[list[Mention], int] | None:
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
        return [Mention("month", Point(None, m1, y), Point(None, m2, y), True, i, j)], j

    def numeric(self, i: int) -> tuple[list[Mention], int] | None:
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
                    if crosses_new_year(p1, p2):
                        p1.year = p2.year - 1
                return [Mention("day", p1, p2, True, i, k + 1)], k + 1
        if tk.kind == "dm":
            return None
        return [Mention("day", p1, Point(p1.day, p1.month, p1.year), False, i, i + 1)], i + 1

    def year_only(self, i: int) -> tuple[list[Mention], int] | None:
        """«2022 год», «2022 ж.», «2022-2023 гг.» (a marker is required)."""
        tk = self.tok(i)
        if tk is None or tk.kind != "num" or len(tk.text) != 4:
            return None
        k = self.connector(i + 1)
        if k is not None:
            y2 = self.year(k, need_marker=True)
            y1 = self.year(i, need_marker=False)
            if y1 is not None and y2 is not None and y1[1] == i + 1 and y2[0] >= y1[0]:
                return [Mention("year", Point(None, None, y1[0]), Point(None, None, y2[0]),
                             True, i, y2[1])], y2[1]
        y = self.year(i, need_marker=True)
        if y is None:
            return None
        raw = Mention("year", Point(None, None, y[0]), Point(None, None, y[0]), False, i, y[1])
        raw.bare_year = True
        return [raw], y[1]

    def at(self, i: int) -> tuple[list[Mention], int] | None:
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

    def scan(self) -> list[Mention]:
        out: list[Mention] = []
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


def _longest(*results: tuple[list[Mention], int] | None) -> tuple[list[Mention], int] | None:
    best = None
    for r in results:
        if r is not None and (best is None or r[1] > best[1]):
            best = r
    return best


def _numeric_point(tk: DateToken) -> Point:
    a = tk.nums + (0, 0, 0)
    if tk.kind == "iso":
        return Point(a[2], a[1], a[0])
    if tk.kind == "dm":
        return Point(a[0], a[1], None)
    return Point(a[0], a[1], a[2] if tk.long_year else 2000 + a[2])


def crosses_new_year(a: Point, b: Point) -> bool:
    """A range written without one of its years runs over New Year when its
    end month comes before its start month («28 декабря – 5 января»). A
    reversed range inside one month («24-23 мая») does not wrap: it is
    invalid."""
    return a.month is not None and b.month is not None and b.month < a.month
