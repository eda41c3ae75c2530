"""Table zones of a page: runs of lines held together by column boundaries,
cut where a table ends, trimmed to the table's lines and kept only when
they look tabular (``extract.pdf_borderless`` has the whole story)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.pdf_borderless_gutters import (
    MIN_GUTTER,
    Boundary,
    Gutter,
    aligned,
    boundaries,
    column_align,
    column_of,
    crosses,
    drop_empty_columns,
    reads_on,
    sweep,
)
from extract.pdf_borderless_lines import Rule, TextLine

# A gutter is a column boundary when it runs down this many lines and the
# text beside it lines up on as many (``gutters.aligned``); 2 in a zone
# framed by rules.
MIN_GUTTER_LINES = 3
# A boundary that lives fewer lines than this and is crossed by the text
# just above and just below it is white space inside a cell.
MIN_BOUNDARY_LINES = 6
# A zone is a table with at least this many columns (two with rules) ...
MIN_COLUMNS = 3
# ... and at least this many lines with text in two columns or more (two
# with rules).
MIN_TABLE_LINES = 3
# A horizontal rule belongs to a zone when it is at least this share of the
# zone's width.
RULE_WIDTH_SHARE = 0.8
# A rule under a zone closes it when it is within this many line heights
# of its last line.
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
# A column is prose when its lines average this many words or more; a
# zone of prose columns only is text set in columns.
PROSE_WORDS = 7.0
# So is a zone whose every column runs on down the zone (a break, a pitch
# of more than COLUMN_BREAK line heights, after no more than a quarter of
# its lines) in lines that fill this share of its width (a newspaper page).
COLUMN_TEXT_SHARE = 0.75
COLUMN_BREAK = 2.5
# ... and whose lines hold this many words on average (a column of figures
# runs on down a table of one-line rows, one to three words a line).
RUNNING_WORDS = 4.0
# Text whose letters (this many at least) have one width in this share is
# set in a monospaced font: not a table unless rules frame it.
MONOSPACE_MIN_LETTERS = 40
MONOSPACE_SHARE = 0.9
# A zone is cut in two where its columns change at most this many times.
MAX_SPLITS = 4
# A column whose pieces are all one word of at most this many characters,
# each beside text in the next column, holds markers (list numbers,
# bullets, a "№" column).
MARKER_CHARS = 8


# A word that is a figure ("595", "1,5", "30%").
_FIGURE = re.compile(r"^\d[\d.,%]*$")


@dataclass(slots=True)
class Zone:
    """Lines first..last of the page that form one table part."""

    first: int
    last: int
    bounds: list[Boundary]
    rules: list[Rule]  # rules as wide as the zone, over it or right under it
    closed: bool  # a rule under its last line ends the table
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


def _bold_lines(lines: list[TextLine], first: int, last: int) -> int:
    """How many lines the zone starts with that are all bold (its header)."""
    n = 0
    while first + n <= last and all(w.bold for w in lines[first + n].words):
        n += 1
    return n


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


def _bounds(lines: list[TextLine], gutters: list[Gutter], first: int, last: int, backing: int) -> list[Boundary]:
    """The column boundaries of lines first..last (``backing``: ``_need``)."""
    header = _bold_lines(lines, first, last)
    bounds = [b for b in boundaries(_strong(gutters, backing or (header >= 2))) if not _interior(b, lines, first, last)]
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


def _figures(lines: list[TextLine], first: int, last: int) -> int:
    """1 if a line of the zone holds figures set apart (a row of counts backs a
    zone as a rule does) or the zone is all bold (a table's header), else 0."""
    if _bold_lines(lines, first, last) == last - first + 1:
        return 1
    for ln in lines[first : last + 1]:
        figs = [w for w in ln.words if _FIGURE.match(w.text)]
        if any(b.x0 - a.x1 >= MIN_GUTTER for a, b in zip(figs, figs[1:])):
            return 1
    return 0


def _settle(lines: list[TextLine], rules: list[Rule], first: int, last: int, depth: int = 0) -> list[Zone]:
    """Trim a candidate zone to its table lines and keep it if it is
    tabular; a zone whose columns change at a line (no boundary runs on
    across it) is two zones."""
    for _ in range(3):  # trimming may change the framing, and back
        gutters = _zone_gutters(lines, first, last)
        backing = len(rules_of(lines, first, last, rules)) + _figures(lines, first, last)
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
    bounds = _bounds(lines, gutters, first, last, len(framed_by) + _figures(lines, first, last))
    cut = _column_change(bounds, first, last)
    if cut is not None and depth < MAX_SPLITS:
        return _settle(lines, rules, first, cut - 1, depth + 1) + _settle(lines, rules, cut, last, depth + 1)
    if not bounds or (len(bounds) + 1 < MIN_COLUMNS and len(framed_by) < 2):
        return []
    if not _tabular(lines[first : last + 1], bounds, 2 if len(framed_by) >= 2 else MIN_TABLE_LINES):
        return []
    if len(framed_by) < 2 and _monospaced(lines[first : last + 1]):
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


def closed_by_rule(lines: list[TextLine], first: int, last: int, rules: list[Rule]) -> bool:
    """Does a rule under lines first..last end the table?  A rule under a
    header that ends a page (all bold, no rule above it) is its header rule."""
    if not any(r.y > lines[last].bottom for r in rules):
        return False
    inner = any(r.y < lines[last].top for r in rules)
    bold = all(w.bold for ln in lines[first : last + 1] for w in ln.words)
    return inner or not bold


def _tabular(lines: list[TextLine], bounds: list[Boundary], min_lines: int) -> bool:
    """Lines with text in two columns or more (one fewer when one of them
    holds figures in two columns), a column that is not prose, and two
    columns of content besides the columns of markers (one short word before
    the text of the next column: "1.", "•", "[Cop87]") that are not all
    running text (``_running``: a list, a bibliography, text set in columns
    are not tables)."""
    n_cols = len(bounds) + 1
    multi = 0
    figures = False
    words = [0] * n_cols
    parts: list[list[tuple[float, float, float, float]]] = [[] for _ in range(n_cols)]
    alone = [False] * n_cols  # a piece of the column with nothing in the next one beside it
    short = [True] * n_cols  # every piece of the column one short word (a list marker, a "№")
    for ln in lines:
        cols = [column_of(w.x0, bounds) for w in ln.words]
        for c in set(cols):
            alone[c] = alone[c] or (c + 1) not in cols
            part = [w.text for k, w in zip(cols, ln.words) if k == c]
            short[c] = short[c] and len(part) == 1 and len(part[0]) <= MARKER_CHARS
        if len(set(cols)) >= 2:
            multi += 1
            figures = figures or len({c for c, w in zip(cols, ln.words) if _FIGURE.match(w.text)}) >= 2
        for c in set(cols):
            part = [w for k, w in zip(cols, ln.words) if k == c]
            parts[c].append((part[0].x0, part[-1].x1, ln.top, ln.height))
        for c in cols:
            words[c] += 1
    if multi < min_lines - (1 if figures else 0):
        return False
    if all(parts[c] and words[c] / len(parts[c]) >= PROSE_WORDS for c in range(n_cols)):
        return False
    running = [_running(parts[c]) and words[c] >= RUNNING_WORDS * len(parts[c]) for c in range(n_cols)]
    labels = [c + 1 < n_cols and not alone[c] and short[c] for c in range(n_cols)]
    content = [c for c in range(n_cols) if parts[c] and not labels[c]]
    return len(content) >= 2 and not all(running[c] for c in content)


def _monospaced(lines: list[TextLine]) -> bool:
    """Is the text set in a monospaced font (code, a typed transcript)?  Its
    word spaces line up like the gutters of a table.  Letters of Latin and
    Cyrillic scripts only, in text mostly made of them (CJK fonts set those
    at one width, and their own characters all have one width anyway)."""
    glyphs = [g for ln in lines for w in ln.words for g in w.glyphs if not g.text.isspace()]
    widths = [round(g.x1 - g.x0, 1) for g in glyphs if g.text.isalpha() and ord(g.text[0]) < 0x530]
    if len(widths) < MONOSPACE_MIN_LETTERS or len(widths) * 2 < len(glyphs):
        return False
    most = max(widths.count(v) for v in set(widths))
    return most >= MONOSPACE_SHARE * len(widths)


def _running(parts: list[tuple[float, float, float, float]]) -> bool:
    """Is a column running text: lines that follow one another down the
    column with few breaks, most of them filling its width?  (x0, x1, top,
    height) per line.  A column of a table has white space between its
    cells where a longer cell beside it goes on."""
    if len(parts) < MIN_TABLE_LINES:
        return False
    width = max(p[1] for p in parts) - min(p[0] for p in parts)
    fills = sorted(p[1] - p[0] for p in parts)
    if fills[len(fills) // 2] < COLUMN_TEXT_SHARE * width:
        return False
    breaks = sum(1 for a, b in zip(parts, parts[1:]) if b[2] - a[2] > COLUMN_BREAK * max(a[3], b[3]))
    return breaks <= (1 - COLUMN_TEXT_SHARE) * len(parts)


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
