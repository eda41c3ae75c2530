"""Column boundaries from white space (``extract.pdf.borderless.find``).

``sweep`` follows the gutters, strips of white space that consecutive lines
leave free; ``aligned`` / ``column_align`` count the lines whose text beside
a gutter lines up; ``boundaries`` joins the gutters at one place into a
column boundary; ``reads_on`` and ``drop_empty_columns`` drop boundaries
that are not column edges (white space inside running text, a second
boundary with no text between it and the first).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from esep.extract.pdf.borderless.lines import TextLine

# A gutter (a column boundary candidate) is a vertical strip of white
# space at least this wide (points) between the words of a line.  Word
# spaces are 2-4 pt; Word and LibreOffice put 2 x 0.19 cm (10.8 pt) of cell
# padding between the texts of two columns.
MIN_GUTTER = 4.0
# A gutter is a column boundary only if the text beside it lines up: on
# enough of its lines (``borderless.zones.MIN_GUTTER_LINES``) the words
# next to it start, end or are centred within ALIGN_TOLERANCE points of one
# another.  Word and LibreOffice place a column's lines exactly; the words
# that happen to flank a river of white space in justified prose are not.
ALIGN_TOLERANCE = 0.3
# Text reads on across a boundary (``reads_on``) when the gap there is no
# wider than this many of the line's word gaps, on this share of its lines.
READ_ON_GAP = 1.6
READ_ON_SHARE = 0.3


@dataclass(slots=True)
class Gutter:
    """White space [lo, hi] that lines first..last (indices) leave free."""

    lo: float
    hi: float
    first: int
    last: int
    align: int = 0  # lines whose text beside it lines up (``aligned``)

    @property
    def lines(self) -> int:
        return self.last - self.first + 1


@dataclass(slots=True)
class Boundary:
    """A column boundary of a zone: the white space [lo, hi] that all its
    gutters share, and the lines first..last it runs through."""

    lo: float
    hi: float
    first: int
    last: int
    lines: int  # lines on which it is free
    at: float | None = None  # the column edge, when known (carried from the page before)
    flush: bool = False  # the text right of it starts at ``hi`` (set flush left)

    @property
    def mid(self) -> float:
        return self.at if self.at is not None else (self.lo + self.hi) / 2


def _free(line: TextLine) -> list[tuple[float, float]]:
    """White space of a line: between its words (gaps of MIN_GUTTER or more)
    and on both sides of it (open-ended)."""
    ws = line.words
    out = [(float("-inf"), ws[0].x0)]
    for a, b in zip(ws, ws[1:]):
        if b.x0 - a.x1 >= MIN_GUTTER:
            out.append((a.x1, b.x0))
    out.append((ws[-1].x1, float("inf")))
    return out


def sweep(lines: list[TextLine], breaks: set[int]) -> list[Gutter]:
    """Every gutter of ``lines`` that lives two lines or more.

    A gutter is born in the white space between two words of a line and
    lives while the next lines leave part of it (MIN_GUTTER wide) free; it
    narrows to what they all leave free, and splits when a line's words
    leave two separate pieces.  ``breaks``: indices of lines that start
    afresh (after a ruled table or a wide vertical gap).
    """
    done: list[Gutter] = []
    active: list[Gutter] = []
    for i, line in enumerate(lines):
        if i in breaks:
            done.extend(active)
            active = []
        free = _free(line)
        nxt: list[Gutter] = []
        j = 0
        for g in active:  # both lists are sorted left to right
            while j < len(free) and free[j][1] <= g.lo:
                j += 1
            k = j
            alive = False
            while k < len(free) and free[k][0] < g.hi:
                lo, hi = max(g.lo, free[k][0]), min(g.hi, free[k][1])
                if hi - lo >= MIN_GUTTER:
                    nxt.append(Gutter(lo, hi, g.first, i))
                    alive = True
                k += 1
            if not alive:
                done.append(g)
        for lo, hi in free[1:-1]:
            # a gap much wider than the gutters going on through it may hold
            # another one (a gutter born in a heading's word space must not
            # swallow the table's)
            if not any(g.lo < hi and lo < g.hi and g.hi - g.lo >= hi - lo - MIN_GUTTER for g in nxt):
                nxt.append(Gutter(lo, hi, i, i))
        # gutters narrowed to the same white space (the same word edges) are
        # one: keep the oldest
        nxt.sort(key=lambda g: (g.lo, g.hi, g.first))
        active = [g for n, g in enumerate(nxt) if n == 0 or (g.lo, g.hi) != (nxt[n - 1].lo, nxt[n - 1].hi)]
    done.extend(active)
    return [g for g in done if g.lines >= 2]


def _mode_count(values: list[float]) -> int:
    """How many of ``values`` lie within ALIGN_TOLERANCE of one another, at most."""
    if not values:
        return 0
    values = sorted(values)
    best = 0
    j = 0
    for i, v in enumerate(values):
        while values[j] < v - ALIGN_TOLERANCE:
            j += 1
        best = max(best, i - j + 1)
    return best


def aligned(g: Gutter, lines: list[TextLine]) -> int:
    """On how many lines does the text on one side of the gutter line up
    (left, right or centre)?"""
    lefts, rights, mids_r, mids_l = [], [], [], []
    for line in lines[g.first : g.last + 1]:
        ws = line.words
        k = 0
        while k < len(ws) and ws[k].x1 <= g.lo + 0.01:
            k += 1
        if k > 0:  # the piece left of the gutter
            a = k - 1
            while a > 0 and ws[a].x0 - ws[a - 1].x1 < MIN_GUTTER:
                a -= 1
            rights.append(ws[k - 1].x1)
            mids_l.append((ws[a].x0 + ws[k - 1].x1) / 2)
        if k < len(ws):  # the piece right of it
            b = k
            while b + 1 < len(ws) and ws[b + 1].x0 - ws[b].x1 < MIN_GUTTER:
                b += 1
            lefts.append(ws[k].x0)
            mids_r.append((ws[k].x0 + ws[b].x1) / 2)
    return alignment(lefts, rights, mids_r, mids_l)


def alignment(*edge_lists: list[float]) -> int:
    """The most lines whose edges agree, over the edge lists."""
    return max(_mode_count(values) for values in edge_lists)


def boundaries(gutters: list[Gutter]) -> list[Boundary]:
    """Gutters at the same place -> one boundary (the white space they share).

    The best aligned gutters place the boundaries; a weaker gutter joins the
    one boundary it overlaps, and one that overlaps two (the white space of
    an empty cell, which spans a column) places none.
    """
    out: list[Boundary] = []
    for g in sorted(gutters, key=lambda g: (-g.align, -g.lines, g.lo)):
        hits = [b for b in out if g.lo < b.hi and b.lo < g.hi]
        if len(hits) > 1:
            continue
        if hits:
            b = hits[0]
            if min(b.hi, g.hi) - max(b.lo, g.lo) < MIN_GUTTER / 2:
                continue  # they hardly share any white space
            b.lo, b.hi = max(b.lo, g.lo), min(b.hi, g.hi)
            b.first, b.last = min(b.first, g.first), max(b.last, g.last)
            b.lines += g.lines
        else:
            out.append(Boundary(g.lo, g.hi, g.first, g.last, g.lines))
    out.sort(key=lambda b: b.lo)
    return out


def column_of(x: float, bounds: list[Boundary]) -> int:
    return sum(1 for b in bounds if x >= b.hi)


def column_align(bounds: list[Boundary], k: int, lines: list[TextLine]) -> int:
    """``aligned`` for boundary k, counting only the text of the two columns
    it separates (the text of a column further away lines up for itself).
    Notes on the boundary whether the column right of it is set flush left."""
    b = bounds[k]
    left_lo = bounds[k - 1].hi if k > 0 else float("-inf")
    right_hi = bounds[k + 1].lo if k + 1 < len(bounds) else float("inf")
    lefts, rights, mids_r, mids_l = [], [], [], []
    flush_ends: set[int] = set()
    for ln in lines[b.first : b.last + 1]:
        left = [w for w in ln.words if w.x0 >= left_lo - 0.01 and w.x1 <= b.lo + 0.01]
        right = [w for w in ln.words if w.x0 >= b.hi - 0.01 and w.x1 <= right_hi + 0.01]
        if left:
            rights.append(left[-1].x1)
            mids_l.append((left[0].x0 + left[-1].x1) / 2)
        if right:
            lefts.append(right[0].x0)
            mids_r.append((right[0].x0 + right[-1].x1) / 2)
            if right[0].x0 - b.hi <= ALIGN_TOLERANCE:
                flush_ends.add(round(right[-1].x1))
    # set flush left: lines of different lengths start at hi (the same
    # centred figure on every line starts at one x too)
    b.flush = len(flush_ends) >= 2
    return alignment(lefts, rights, mids_r, mids_l)


def drop_empty_columns(bounds: list[Boundary], lines: list[TextLine]) -> list[Boundary]:
    """Two boundaries with no word between them on any line bound no column:
    keep the one that runs through more lines."""
    while len(bounds) > 1:
        filled = [False] * (len(bounds) - 1)
        for ln in lines:
            for w in ln.words:
                k = column_of(w.x0, bounds)
                if 0 < k < len(bounds) and w.x1 <= bounds[k].lo + 0.01:
                    filled[k - 1] = True
        if all(filled):
            break
        k = filled.index(False)
        weaker = k if bounds[k].lines < bounds[k + 1].lines else k + 1
        bounds = bounds[:weaker] + bounds[weaker + 1 :]
    return bounds


def crosses(line: TextLine, b: Boundary) -> bool:
    """Does a word of ``line`` lie across the white space of ``b``?"""
    return any(w.x0 < b.hi and w.x1 > b.lo for w in line.words)


def merge_bounds(bounds: list[Boundary]) -> list[Boundary]:
    """Boundaries of several zones joined: overlapping ones are one."""
    out: list[Boundary] = []
    for b in sorted(bounds, key=lambda b: b.lo):
        last = out[-1] if out else None
        if last is not None and b.lo < last.hi and last.lo < b.hi:
            last.lo, last.hi = max(last.lo, b.lo), min(last.hi, b.hi)
            last.first, last.last = min(last.first, b.first), max(last.last, b.last)
            last.lines += b.lines
            last.flush = last.flush or b.flush
        else:
            out.append(Boundary(b.lo, b.hi, b.first, b.last, b.lines, b.at, b.flush))
    return out


def reads_on(bounds: list[Boundary], k: int, lines: list[TextLine]) -> bool:
    """Does the text read on across boundary k as one line of running text?

    On a line with words on both sides, the gap across the boundary is then
    no wider than READ_ON_GAP times the line's word spaces (its gaps inside
    columns): a river of a justified paragraph, a hanging indent's first
    word.  Between the cells of a table the gap is much wider than a word
    space.  True when that holds on two lines or more and on READ_ON_SHARE
    of the lines it separates (lines that start with a bullet or a short
    list number set off by a tab do not count).
    """
    b = bounds[k]
    mids = sorted(o.mid for o in bounds)
    left_lo = bounds[k - 1].hi if k > 0 else float("-inf")
    right_hi = bounds[k + 1].lo if k + 1 < len(bounds) else float("inf")
    both = on = 0
    for ln in lines:
        ws = ln.words
        i = next((i for i, w in enumerate(ws) if w.x0 >= b.hi - 0.01), None)
        if not i or ws[i - 1].x1 > b.lo + 0.01 or ws[i - 1].x0 < left_lo - 0.01 or ws[i].x1 > right_hi + 0.01:
            continue
        if len(ws[i - 1].text) <= 2 and (i == 1 or ws[i - 2].x1 < left_lo):
            continue  # a bullet or a list number, set off by a tab
        both += 1
        gaps = sorted(  # the word spaces of the line: gaps no boundary lies in
            c.x0 - a.x1
            for a, c in zip(ws, ws[1:])
            if c.x0 > a.x1 and bisect_left(mids, a.x1) == bisect_right(mids, c.x0)
        )
        if gaps and ws[i].x0 - ws[i - 1].x1 <= READ_ON_GAP * gaps[len(gaps) // 2]:
            on += 1
    return on >= 2 and on >= READ_ON_SHARE * both
