"""A borderless table that goes on from the previous page.

A page in the middle of a long borderless table may hold nothing but a few
of its columns (one long cell in two columns, say) and no header, so its
own text need not look tabular.  When the previous page ended with a
borderless table at its foot (a rule under it may be the last row's rule,
drawn under each piece of a row a page break splits), its column edges are
carried over (``open_columns``): the lines at the top of the page that fit them (no
more than a few words across an edge, the same font size, no rule that
ends a table) are that table's next part (``carried_zone``), with the
carried edges added to whatever columns the page's own text shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from esep.extract.pdf.borderless.gutters import Boundary, merge_bounds
from esep.extract.pdf.borderless.lines import Rule, TextLine
from esep.extract.pdf.borderless.rows import numeric
from esep.extract.pdf.borderless.zones import EDGE_SIZE_CHANGE, MAX_EDGE_GAP, RULE_GAP_BELOW, Zone, closed_by_rule, rules_of

# A word crosses a carried column edge when it reaches this far over it.
EDGE_SLACK = 1.0


@dataclass(slots=True)
class Carry:
    """Column edges (x) and the white space around them, of the borderless
    table left open at the bottom of the previous page."""

    edges: list[float]
    gaps: list[tuple[float, float]]  # the white space around each edge on that page
    outer: tuple[float, float]  # the table's left and right sides
    header: str = ""  # the text of its header rows (bold) on that page, squeezed ("" if none)


def _squeeze(text: str) -> str:
    """Text without spaces, line breaks or hyphens, in lower case: the header
    repeated on another page wraps its words alike, but compares whole."""
    return re.sub(r"[\s\-\u00ad]+", "", text).lower()


def _header_text(table) -> str:
    """The text of a PTable's leading rows whose cells are all bold."""
    out = []
    for row in table.rows():
        filled = [c for c in row if c.text]
        if not filled or not all(c.bold for c in filled):
            break
        out.extend(c.text for c in filled)
    return _squeeze(" ".join(out))


def open_columns(tables: list, lines: list, height: float, footer_share: float) -> Carry | None:
    """The columns of a page's last table if it is borderless and nothing
    but a footer follows it (``tables``: the page's PTables, ``lines``: its
    lines outside tables, ``height``: the page's; text in the ``footer_share`` of
    the page's height at its bottom, a page number or a footer, does not close it)."""
    if not tables:
        return None
    last = max(tables, key=lambda t: t.bottom)
    if not last.borderless or last.n_cols < 2:
        return None
    if any(ln.top > last.bottom and ln.top < height * (1 - footer_share) for ln in lines):
        return None
    return Carry(list(last.xb[1:-1]), list(last.gaps), (last.xb[0], last.xb[-1]), _header_text(last))


def _crossed(line: TextLine, edges: list[float]) -> int:
    return sum(1 for x in edges if any(w.x0 < x - EDGE_SLACK and w.x1 > x + EDGE_SLACK for w in line.words))


def _columns_used(line: TextLine, edges: list[float]) -> int:
    return len({sum(1 for x in edges if x <= (w.x0 + w.x1) / 2) for w in line.words})


def _fits(line: TextLine, edges: list[float]) -> bool:
    return _crossed(line, edges) * 2 < len(edges)


def _near(bd: Boundary, gap: tuple[float, float], match: float) -> bool:
    """A column boundary of the page's own text is a carried one: their white space overlaps or comes ``match`` close."""
    return min(bd.hi, gap[1]) - max(bd.lo, gap[0]) > -match


def _spanning_row(line: TextLine, below: TextLine) -> bool:
    """A line across the columns right over the carried table, in its font
    size: a row merged over the columns ("Публикации партнеров и СМИ")."""
    close = below.top - line.bottom <= 0.5 * below.height
    return close and abs(line.size - below.size) <= EDGE_SIZE_CHANGE * max(line.size, below.size)


def _other_header(line: TextLine, carry: Carry) -> bool:
    """Is ``line`` a header row of another table: bold words in two columns
    or more, no figures (a bold total is no header), and not the carried
    table's header repeated (its words are not all in it)?"""
    if not carry.header or not all(w.bold for w in line.words) or _columns_used(line, carry.edges) < 2:
        return False
    if any(numeric(w.text) for w in line.words):
        return False
    return any(_squeeze(w.text) not in carry.header for w in line.words)


def _ends_table(rule: Rule, below: TextLine) -> bool:
    return below.top - rule.y > RULE_GAP_BELOW * below.height


def carried_zone(
    lines: list[TextLine], zones: list[Zone], carry: Carry, rules: list[Rule], breaks: set[int], match: float
) -> list[Zone]:
    """``zones`` with the top of the page joined to the carried table."""
    a = 0
    while a < len(lines) and not _fits(lines[a], carry.edges):
        a += 1
    if a >= len(lines) or (zones and zones[0].first < a):
        return zones
    if a == 1 and _spanning_row(lines[0], lines[1]):
        a = 0
    if _other_header(lines[a], carry):
        return zones  # the page opens with a table of its own
    b = a
    while b + 1 < len(lines):
        nxt = lines[b + 1]
        gap = nxt.top - lines[b].bottom
        if (
            b + 1 in breaks
            or not _fits(nxt, carry.edges)
            or abs(nxt.size - lines[a].size) > EDGE_SIZE_CHANGE * max(nxt.size, lines[a].size)
            or gap > MAX_EDGE_GAP * max(nxt.height, lines[b].height)
            or any(lines[b].bottom < r.y < nxt.top + 1 and _ends_table(r, nxt) for r in rules)
        ):
            break
        b += 1
    side_by_side = any(_columns_used(lines[i], carry.edges) >= 2 for i in range(a, b + 1))
    inside = all(w.x0 >= carry.edges[0] for ln in lines[a : b + 1] for w in ln.words)
    if not (side_by_side or inside):
        return zones  # text from the left margin in one column: nothing shows the table goes on
    own = [z for z in zones if z.first <= b]
    rest = [z for z in zones if z.first > b]
    if any(z.last > b for z in own):  # the page's own table goes on below: take it whole
        b = max(z.last for z in own)
    found = merge_bounds([bd for z in own for bd in z.bounds])
    # the page's own boundaries are the better measure, but white space over
    # several carried edges is that of empty columns: the carried edges place them
    bounds = [bd for bd in found if sum(1 for gap in carry.gaps if _near(bd, gap, match)) < 2]
    for x, gap in zip(carry.edges, carry.gaps):
        if not any(_near(bd, gap, match) for bd in bounds):
            bounds.append(Boundary(gap[0], gap[1], a, b, b - a + 1, x))
    bounds.sort(key=lambda bd: bd.mid)
    framed_by = rules_of(lines, a, b, rules)
    return [Zone(a, b, bounds, framed_by, closed_by_rule(lines, a, b, framed_by), carry.outer)] + rest
