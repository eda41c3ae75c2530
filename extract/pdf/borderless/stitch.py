"""Stitching the parts of a borderless table (``extract.pdf.borderless.find``)
that a PDF spreads over pages: ``extract.pdf.stitch`` asks these
functions when a part, or the table's latest part, has no vertical rules.
Their column edges come from the text and may differ by a few points from
page to page, so parts are compared by the white space between their
columns, in page coordinates.
"""

from __future__ import annotations

from esep.extract.pdf.page_tables import PCell, PTable

def _gaps(part: PTable) -> list[tuple[float, float]]:
    """White space of a part's inner column edges (a ruled edge is a line)."""
    return part.gaps if part.borderless else [(x, x) for x in part.xb[1:-1]]


def _gap_match(g: tuple[float, float], gaps: list[tuple[float, float]], tolerance: float) -> int:
    """Index of the gap of ``gaps`` that ``g`` lines up with best (overlapping, or
    ``tolerance`` pt apart at most), or -1."""
    best, best_ov = -1, -tolerance
    for j, h in enumerate(gaps):
        ov = min(g[1], h[1]) - max(g[0], h[0])
        if ov > best_ov:
            best, best_ov = j, ov
    return best


def borderless_fits(prev: PTable, part: PTable, tolerance: float) -> bool:
    """Does ``part`` go on with the table whose latest part is ``prev``?

    The white space between their columns must line up; one layout may
    lack some of the other's columns, as with ruled parts.  A rule under
    the part on the page before does not tell: Word and LibreOffice draw
    the last row's rule under each page's piece of a row that a page
    break splits.
    """
    mine, theirs = _gaps(prev), _gaps(part)
    if not mine or not theirs:
        return False
    extra = sum(1 for g in theirs if _gap_match(g, mine, tolerance) < 0)
    missing = sum(1 for g in mine if _gap_match(g, theirs, tolerance) < 0)
    return extra == 0 or missing == 0


def snap_columns(part: PTable, prev: PTable, tolerance: float) -> None:
    """Move the column edges of ``part`` onto those of ``prev`` where their
    white space lines up, so that both parts share one grid."""
    edges = list(part.xb)
    edges[0], edges[-1] = prev.xb[0], prev.xb[-1]
    for i, g in enumerate(_gaps(part)):
        j = _gap_match(g, _gaps(prev), tolerance)
        if j >= 0:
            edges[i + 1] = prev.xb[j + 1]
    if any(b <= a for a, b in zip(edges, edges[1:])):
        return
    for cell in part.cells:
        cell.x0, cell.x1 = edges[cell.c], edges[cell.c + cell.cs]
    part.xb = edges
    part.x0, part.x1 = edges[0], edges[-1]


def grouped_under(frag: list[PCell]) -> list[PCell]:
    """The empty leading cells of a borderless part's first row that belong
    to the cells above them on the page before: where two columns or more
    lead empty before a row's text (not a bold one), a borderless table
    groups the row under the "№" and task above it, as
    ``borderless.cells`` does within a page."""
    cells = sorted(frag, key=lambda c: c.x0)
    n = 0
    while n < len(cells) and not cells[n].text:
        n += 1
    rest = [c for c in cells[n:] if c.text]
    if not rest or all(c.bold for c in rest) or sum(c.cs for c in cells[:n]) < 2:
        return []
    return cells[:n]
