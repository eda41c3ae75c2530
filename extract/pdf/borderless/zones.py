"""Table zones of a page: runs of lines held together by column boundaries,
cut where a table ends, trimmed to the table's lines and kept only when
they look tabular (``extract.pdf.borderless.find`` has the whole story)."""

from __future__ import annotations

from dataclasses import dataclass

from esep.extract.pdf.borderless.gutters import (
    Boundary,
    Gutter,
    aligned,
    boundaries,
    column_align,
    crosses,
    drop_empty_columns,
    reads_on,
    sweep,
)
from esep.extract.pdf.borderless.lines import Rule, TextLine
from esep.extract.pdf.borderless.tabular import MIN_TABLE_LINES, backing_of, bold_lines, monospaced, tabular

# A gutter is a column boundary when the text beside it lines up on this
# many lines (``gutters.aligned``); on 2 where something backs the zone
# (``_need``).
MIN_GUTTER_LINES = 3
# A boundary that lives fewer lines than this and is crossed by the text
# just above and just below it is white space inside a cell; one that runs
# through a whole zone of this many lines needs 2 aligned lines.
MIN_BOUNDARY_LINES = 6
# A zone is a table with at least this many columns (two when two rules
# frame it).
MIN_COLUMNS = 3
# A horizontal rule belongs to a zone when it is at least this share of the
# zone's width.
RULE_WIDTH_SHARE = 0.8
# A rule as wide as a zone and within this many line heights under its
# last line belongs to it (the rule under its last row).
RULE_BELOW = 1.5
# A rule with more white space than this (in line heights) under it ends
# the table above it; a header rule has the first body row right under it.
RULE_GAP_BELOW = 0.5
# A line at the top or bottom of a zone in a font size that differs by more
# than this share is not part of the table (a heading, the prose after it).
EDGE_SIZE_CHANGE = 0.15
# A line further than this many line heights from the zone's other lines,
# at the top or bottom of the zone, is not part of the table (a running
# header, a page number).
MAX_EDGE_GAP = 3.0
# A zone is cut in two where its columns change at most this many times.
MAX_SPLITS = 4
# A zone is cut where this many boundaries start after a boundary ends or
# after a white line of this many line heights (``_structure_change``).
STRUCTURE_NEW = 2
WHITE_LINE = 1.0



@dataclass(slots=True)
class Zone:
    """Lines first..last of the page that form one table part."""

    first: int
    last: int
    bounds: list[Boundary]
    rules: list[Rule]  # rules as wide as the zone, over it or right under it
    closed: bool  # a rule right under its last line: the table's bottom is there
    outer: tuple[float, float] | None = None  # the table's sides, when known (carried)


def _group(gutters: list[Gutter]) -> list[list[Gutter]]:
    """Gutters whose lives share a line, transitively: candidate zones."""
    out: list[list[Gutter]] = []
    end = -1
    for g in sorted(gutters, key=lambda g: g.first):
        if out and g.first <= end:
            out[-1].append(g)
            end = max(end, g.last)
        else:
            out.append([g])
            end = g.last
    return out


def _extent(lines: list[TextLine], first: int, last: int) -> tuple[float, float]:
    part = lines[first : last + 1]
    return min(ln.x0 for ln in part), max(ln.x1 for ln in part)


def _wide(rule: Rule, x0: float, x1: float) -> bool:
    return min(rule.x1, x1) - max(rule.x0, x0) >= RULE_WIDTH_SHARE * (x1 - x0)


def rules_of(lines: list[TextLine], first: int, last: int, rules: list[Rule]) -> list[Rule]:
    """Rules as wide as lines first..last, from just above the first line to
    just under the last one."""
    x0, x1 = _extent(lines, first, last)
    top = lines[first].top - lines[first].height
    bottom = lines[last].bottom + RULE_BELOW * lines[last].height
    return [r for r in rules if top <= r.y <= bottom and _wide(r, x0, x1)]


def cuts(lines: list[TextLine], gutters: list[Gutter], rules: list[Rule], first: int, last: int) -> list[int]:
    """Lines first..last of a candidate zone that start another zone.

    A table is set in one font size: a change of more than EDGE_SIZE_CHANGE
    between two lines starts a new zone.  And a rule ends a table when
    white space follows it (Word and LibreOffice need a paragraph between
    two tables; a header rule has the first body row right under it) and
    the columns under it are not those above it.
    """
    cuts = set()
    for k in range(first + 1, last + 1):
        a, b = lines[k - 1].size, lines[k].size
        if abs(a - b) > EDGE_SIZE_CHANGE * max(a, b):
            cuts.add(k)
    for r in rules:
        if not lines[first].top < r.y < lines[last].top:
            continue
        k = next(i for i in range(first, last + 1) if (lines[i].top + lines[i].bottom) / 2 > r.y)
        if k == first or lines[k].top - r.y <= RULE_GAP_BELOW * lines[k].height:
            continue
        above = [g for g in gutters if g.first < k <= g.last + 1]
        below = [g for g in gutters if g.first >= k and g.first <= k + 1]
        same = sum(1 for g in below if any(g.lo < h.hi and h.lo < g.hi for h in above))
        if same * 2 < len(below) or not below:
            cuts.add(k)
    return sorted(cuts)


def _split(lines: list[TextLine], gutters: list[Gutter], rules: list[Rule]) -> list[tuple[int, int]]:
    first = min(g.first for g in gutters)
    last = max(g.last for g in gutters)
    out, a = [], first
    for k in cuts(lines, gutters, rules, first, last):
        out.append((a, k - 1))
        a = k
    out.append((a, last))
    return [(a, b) for a, b in out if b > a]


def _strong(gutters: list[Gutter], backing: int) -> list[Gutter]:
    need = 2 if backing else MIN_GUTTER_LINES
    return [g for g in gutters if g.align >= need]


def _interior(b: Boundary, lines: list[TextLine], first: int, last: int) -> bool:
    """A short boundary crossed by text just above and just below it: white
    space inside one cell (a river of justified text), not a column edge."""
    if b.last - b.first + 1 >= MIN_BOUNDARY_LINES:
        return False
    return b.first > first and b.last < last and crosses(lines[b.first - 1], b) and crosses(lines[b.last + 1], b)


def _edge_line(lines: list[TextLine], i: int, j: int, bounds: list[Boundary], rules: list[Rule]) -> bool:
    """Is line i (at the edge of a zone, j its neighbour inside) not part of
    the table: one run of text across most columns (a line of a merged row
    has white space at a boundary, and a rule of the zone may part it from
    j: the first row under a header rule), in another font size, or far
    from the rest?"""
    lo, hi = sorted((lines[i].top, lines[j].top))
    ruled = any(lo < r.y < hi for r in rules)
    ws = lines[i].words
    parted = any(a.x1 <= b.mid <= c.x0 for a, c in zip(ws, ws[1:]) for b in bounds)
    n_cross = 0 if ruled or parted else sum(1 for b in bounds if crosses(lines[i], b))
    if bounds and n_cross * 2 >= len(bounds):
        return True
    a, b = lines[i].size, lines[j].size
    if abs(a - b) > EDGE_SIZE_CHANGE * max(a, b):
        return True
    gap = abs(lines[j].top - lines[i].top) - lines[i].height
    return gap > MAX_EDGE_GAP * max(lines[i].height, lines[j].height)


def _zone_gutters(lines: list[TextLine], first: int, last: int) -> list[Gutter]:
    """The gutters of lines first..last alone, their alignment counted there."""
    part = lines[first : last + 1]
    out = sweep(part, set())
    for g in out:
        g.align = aligned(g, part)
        g.first += first
        g.last += first
    return out


def _need(b: Boundary, first: int, last: int, backing: int, header: int) -> int:
    """Lines of aligned text a boundary needs: MIN_GUTTER_LINES, or 2 in a
    zone with two backings (rules across it, a line of figures), when it
    runs through a whole zone that has one or MIN_BOUNDARY_LINES lines (a
    "№" column with one number, a header over a page's foot), or through
    the bold header of two lines or more the zone starts with."""
    whole = b.first == first and b.last == last
    through_header = header >= 2 and b.first == first and b.last >= first + header - 1
    if backing >= 2 or through_header or (whole and (backing or last - first + 1 >= MIN_BOUNDARY_LINES)):
        return 2
    return MIN_GUTTER_LINES


def _raw_bounds(lines: list[TextLine], gutters: list[Gutter], first: int, last: int, backing: int) -> list[Boundary]:
    """The candidate boundaries of lines first..last, before the weak ones go."""
    strong = _strong(gutters, backing or (bold_lines(lines, first, last) >= 2))
    return [b for b in boundaries(strong) if not _interior(b, lines, first, last)]


def _bounds(lines: list[TextLine], gutters: list[Gutter], first: int, last: int, backing: int) -> list[Boundary]:
    """The column boundaries of lines first..last (``backing``: ``_need``)."""
    header = bold_lines(lines, first, last)
    bounds = _raw_bounds(lines, gutters, first, last, backing)
    while True:
        bounds = drop_empty_columns(bounds, lines[first : last + 1])
        weak = [
            k for k in range(len(bounds))
            if column_align(bounds, k, lines) < _need(bounds[k], first, last, backing, header)
            or reads_on(bounds, k, lines[first : last + 1])
        ]
        if not weak:
            return bounds
        k = min(weak, key=lambda k: bounds[k].lines)
        bounds = bounds[:k] + bounds[k + 1 :]


def _settle(lines: list[TextLine], rules: list[Rule], first: int, last: int, depth: int = 0) -> list[Zone]:
    """Trim a candidate zone to its table lines and keep it if it is
    tabular; a zone whose columns change at a line (no boundary runs on
    across it) is two zones."""
    for _ in range(3):  # trimming may change the framing, and back
        gutters = _zone_gutters(lines, first, last)
        backing = len(rules_of(lines, first, last, rules)) + backing_of(lines, first, last)
        bounds = _bounds(lines, gutters, first, last, backing)
        was = (first, last)
        wide = rules_of(lines, first, last, rules)
        while first < last and _edge_line(lines, first, first + 1, bounds, wide):
            first += 1
        while last > first and _edge_line(lines, last, last - 1, bounds, wide):
            last -= 1
        if (first, last) == was:
            break
    if last <= first:
        return []
    gutters = _zone_gutters(lines, first, last)
    framed_by = rules_of(lines, first, last, rules)
    backing = len(framed_by) + backing_of(lines, first, last)
    bounds = _bounds(lines, gutters, first, last, backing)
    cut = _column_change(bounds, first, last)
    if cut is None:
        cut = _structure_change(lines, _raw_bounds(lines, gutters, first, last, backing), first, last)
    if cut is not None and depth < MAX_SPLITS:
        return _settle(lines, rules, first, cut - 1, depth + 1) + _settle(lines, rules, cut, last, depth + 1)
    if not bounds or (len(bounds) + 1 < MIN_COLUMNS and len(framed_by) < 2):
        return []
    if not tabular(lines[first : last + 1], bounds, 2 if len(framed_by) >= 2 else MIN_TABLE_LINES):
        return []
    if len(framed_by) < 2 and monospaced(lines[first : last + 1]):
        return []
    return [Zone(first, last, bounds, framed_by, closed_by_rule(lines, first, last, framed_by))]


def _column_change(bounds: list[Boundary], first: int, last: int) -> int | None:
    """A line where every boundary above it ends and every one under it
    starts: two blocks of text in different columns (a list over a "label:
    value" block), not one table.  A table's boundaries run through its rows
    (those of its header may end where a merged body begins, but the
    body's run up through the header)."""
    for k in sorted({b.first for b in bounds} | {b.last + 1 for b in bounds}):
        if first < k <= last and not any(b.first < k <= b.last for b in bounds):
            return k
    return None


def _structure_change(lines: list[TextLine], bounds: list[Boundary], first: int, last: int) -> int | None:
    """A line where the column structure changes: STRUCTURE_NEW or more
    boundaries start on it, outnumbering those that run on across it, and
    a boundary ends right above it (or on it: the first line of the next
    table may leave its white space free) or a white line parts it from
    the line above (a block of "label | value" over a table of many
    columns, whose first boundary may fall in the block's wide white
    space).  A table's own boundaries run up through its rows; a
    sub-header's start under a merged header cell while the others run on."""
    for k in sorted({b.first for b in bounds}):
        if not first < k <= last:
            continue
        ended = [b for b in bounds if b.first < k and k - 1 <= b.last <= k]
        started = [b for b in bounds if b.first == k and not any(b.lo < e.hi and e.lo < b.hi for e in ended)]
        through = sum(1 for b in bounds if b.first < k and b.last > k)
        if len(started) < STRUCTURE_NEW or len(started) + len(ended) <= through:
            continue
        white = lines[k].top - lines[k - 1].bottom > WHITE_LINE * lines[k].height
        if ended or (white and len(started) > through):
            return k
    return None


def closed_by_rule(lines: list[TextLine], first: int, last: int, rules: list[Rule]) -> bool:
    """Is the table's bottom on a rule under lines first..last?  A rule under
    a header that ends a page (all bold, no rule above it) is its header
    rule, with the table going on under it."""
    if not any(r.y > lines[last].bottom for r in rules):
        return False
    inner = any(r.y < lines[last].top for r in rules)
    bold = all(w.bold for ln in lines[first : last + 1] for w in ln.words)
    return inner or not bold


def find_zones(lines: list[TextLine], rules: list[Rule], breaks: set[int]) -> list[Zone]:
    """The table zones among the page's lines, top to bottom."""
    gutters = sweep(lines, breaks)
    for g in gutters:
        g.align = aligned(g, lines)
    gutters = [g for g in gutters if g.align >= 2]
    zones: list[Zone] = []
    for group in _group(gutters):
        for a, b in _split(lines, group, rules):
            zones.extend(_settle(lines, rules, a, b))
    return zones
