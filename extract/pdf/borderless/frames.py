"""Small tables framed by rules whose text does not line up
(``extract.pdf.borderless.find``).

Word's and LibreOffice's table with horizontal rules only sets its header
in bold over a rule and draws a second rule, as wide, under its last row.
With one or two body rows nothing lines up from line to line: the header's
words are centred over body text set flush left, and one row has no other
row to line up with, so the gutters' alignment (``borderless.zones``)
places no column.  Inside such a frame the white space that runs through
every line, as wide as the padding of two cells (CELL_GAP), is a column
boundary; the frame is a table when a body line has text in two columns.
"""

from __future__ import annotations

from esep.extract.pdf.borderless.gutters import Boundary, boundaries, column_of, sweep
from esep.extract.pdf.borderless.lines import Rule, TextLine
from esep.extract.pdf.borderless.zones import EDGE_SIZE_CHANGE, RULE_WIDTH_SHARE, Zone, rules_of

# White space between two columns' texts: Word and LibreOffice pad each
# cell 0.19 cm on both sides (10.8 pt between texts); the word spaces of
# justified text are narrower.
CELL_GAP = 10.0
# A header is at most this many bold lines over the header rule ...
MAX_HEADER_LINES = 4
# ... the last of them at most this many line heights above it.
HEADER_RULE_GAP = 1.0


def _mid(line: TextLine) -> float:
    return (line.top + line.bottom) / 2


def _as_wide(a: Rule, b: Rule) -> bool:
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return overlap >= RULE_WIDTH_SHARE * max(a.x1 - a.x0, b.x1 - b.x0)


def _header_start(lines: list[TextLine], body: int, rule: Rule) -> int:
    """The first of the bold lines right over ``rule`` (``body``: the first
    line under it); ``body`` when there are none."""
    above = body - 1
    if above < 0 or rule.y - lines[above].bottom > HEADER_RULE_GAP * lines[above].height:
        return body
    first = body
    while first > 0 and body - first < MAX_HEADER_LINES and _header_line(lines[first - 1], lines[first]):
        first -= 1
    return first


def _header_line(line: TextLine, below: TextLine) -> bool:
    """Is ``line`` a header line over ``below``: bold, in its font size, no
    white line between them?"""
    same_size = abs(line.size - below.size) <= EDGE_SIZE_CHANGE * max(line.size, below.size)
    close = below.top - line.bottom <= HEADER_RULE_GAP * line.height
    return same_size and close and all(w.bold for w in line.words)


def _frame_bounds(part: list[TextLine], offset: int) -> list[Boundary]:
    """Boundaries from the white space CELL_GAP wide that runs through every line of ``part``."""
    whole = [g for g in sweep(part, set()) if g.first == 0 and g.last == len(part) - 1 and g.hi - g.lo >= CELL_GAP]
    bounds = boundaries(whole)
    for b in bounds:
        b.first += offset
        b.last += offset
    return bounds


def framed_zones(lines: list[TextLine], rules: list[Rule], zones: list[Zone], breaks: set[int]) -> list[Zone]:
    """Zones of the frames (bold header, rule, body, rule) no zone holds."""
    taken = {i for z in zones for i in range(z.first, z.last + 1)}
    out: list[Zone] = []
    for top, bottom in zip(rules, rules[1:]):
        if not _as_wide(top, bottom):
            continue
        body = [i for i, ln in enumerate(lines) if top.y < _mid(ln) < bottom.y]
        if not body:
            continue
        first, last = _header_start(lines, body[0], top), body[-1]
        if first == body[0] or taken & set(range(first, last + 1)) or breaks & set(range(first + 1, last + 1)):
            continue
        bounds = _frame_bounds(lines[first : last + 1], first)
        if not bounds or not any(len({column_of(w.x0, bounds) for w in lines[i].words}) >= 2 for i in body):
            continue
        framed_by = rules_of(lines, first, last, rules)
        if len(framed_by) < 2:
            continue
        out.append(Zone(first, last, bounds, framed_by, True))
        taken.update(range(first, last + 1))
    return out
