"""Cells of a borderless table zone, and its ``PTable``
(``extract.pdf.borderless.find``).

Rows come from ``borderless.rows``.  Within a row, the columns that no
piece of text runs across are separate cells; the others are one cell
merged over them.  Vertically merged cells cannot be seen without rules:

* a cell runs down into the next row when its text visibly goes on there
  (``borderless.rows``: a full line of running text, then lower case);
* in a header row, an empty cell under a header cell belongs to it, and so
  does one whose text goes on with it in lower case (a sub-header under a
  merged header cell covers other columns);
* in an ordinary row (not set in bold), empty leading cells belong to the
  cells above them when two or more leading columns are empty, and an
  empty cell belongs to the cell above it in a column whose cells run down
  over rows elsewhere in the table: that is how a borderless table groups
  rows under one "№" or task;
* a row whose only text is centred over the table is a title row across it.

The cells get the same geometry facts as the ruled path's (column edges
CELL_PADDING from the text, row edges between the lines or on a rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from esep.extract.pdf.borderless.lines import Rule, TextLine
from esep.extract.pdf.borderless.rows import GOES_ON, UNSURE, Piece, lower, mark_pieces, numeric, pieces_of, row_tops
from esep.extract.pdf.borderless.zones import RULE_WIDTH_SHARE, Zone
from esep.extract.pdf.page_tables import PCell, PTable
from esep.extract.pdf.settings import TextSettings
from esep.extract.pdf.glyphs import Glyph

# Cell padding left and right of the text (Word's and LibreOffice's
# default, 0.19 cm): where a column's edge is put next to its text.
CELL_PADDING = 5.4
# A title row's text is centred on the table within this share of its width.
TITLE_CENTRE = 0.1
# A header is at most this many rows above a rule across the table.
MAX_HEADER_ROWS = 4


@dataclass(slots=True)
class _Cell:
    """A cell being built: anchored in row r over columns c0..c1."""

    r: int
    c0: int
    c1: int
    rs: int = 1
    pieces: list[Piece] = field(default_factory=list)
    runs_on: bool = False  # went on into a row below by its text


def _runs_on(cell: _Cell, line: list[Piece], marks: dict[int, int], row: list[list[Piece]], above: list[list[Piece]]) -> bool:
    """Does the text of ``cell`` visibly go on in ``line``, the first line of
    the next row (``row``: that row's lines, ``above``: the row's above)?
    Not beside a row of figures: its label is its own (a sub-line «из них
    …» under «…, в том числе:»)."""
    inside = [p for p in line if cell.c0 <= p.c0 and p.c1 <= cell.c1]
    if not (cell.pieces and inside and marks.get(inside[0].c0, UNSURE) == GOES_ON):
        return False
    return not _row_of_figures(cell, row, above)


def _row_of_figures(cell: _Cell, row: list[list[Piece]], above: list[list[Piece]]) -> bool:
    """Is the text of ``row`` outside ``cell``'s columns all figures (one at
    least), or the same text as above it in its column (a unit repeated)?"""
    others = [p for line in row for p in line if p.c1 < cell.c0 or p.c0 > cell.c1]
    before = {(p.c0, p.c1, p.text) for line in above for p in line}
    figures = sum(1 for p in others if numeric(p.text))
    return figures > 0 and all(numeric(p.text) or (p.c0, p.c1, p.text) in before for p in others)


def _build_cells(pieces: list[list[Piece]], marks: list[dict[int, int]], tops: list[int], n_cols: int) -> list[list[_Cell]]:
    """The grid of cells, row by row: the cells that run on from above, then
    the columns left, one cell per run of columns that text joins."""
    grid: list[list[_Cell]] = []
    ends = tops[1:] + [len(pieces)]
    for r, (a, b) in enumerate(zip(tops, ends)):
        row: list[_Cell | None] = [None] * n_cols
        if r:
            for cell in {id(c): c for c in grid[-1]}.values():
                if _runs_on(cell, pieces[a], marks[a], pieces[a:b], pieces[tops[r - 1] : a]):
                    cell.rs += 1
                    cell.runs_on = True
                    for c in range(cell.c0, cell.c1 + 1):
                        row[c] = cell
        joined = [False] * n_cols
        for line in pieces[a:b]:
            for p in line:
                if row[p.c0] is None:
                    for k in range(p.c0, p.c1):
                        joined[k] = True
        c = 0
        while c < n_cols:
            if row[c] is not None:
                c += 1
                continue
            c1 = c
            while c1 + 1 < n_cols and row[c1 + 1] is None and joined[c1]:
                c1 += 1
            cell = _Cell(r, c, c1)
            for k in range(c, c1 + 1):
                row[k] = cell
            c = c1 + 1
        for line in pieces[a:b]:
            for p in line:
                row[p.c0].pieces.append(p)  # type: ignore[union-attr]
        grid.append(row)  # type: ignore[arg-type]
    return grid


def _merge_down(grid: list[list[_Cell]], r: int, cell: _Cell, first_row: int = 0, onto_empty: bool = False) -> bool:
    """Merge ``cell`` of row r into the cell above it, if that one covers the
    same columns, is anchored in ``first_row`` or below and holds text; or,
    ``onto_empty``, is ``first_row``'s own cell, empty: the first body row
    of a part may be a row a page break split, its text on the page
    before, and the merge carries over when the parts are stitched."""
    if grid[r][cell.c0] is not cell:
        return False
    above = grid[r - 1][cell.c0]
    if above.r < first_row or above.c0 != cell.c0 or above.c1 != cell.c1:
        return False
    if not (above.pieces or above.rs > 1 or (onto_empty and above.r == first_row)):
        return False
    above.rs += 1
    above.pieces.extend(cell.pieces)
    for c in range(cell.c0, cell.c1 + 1):
        grid[r][c] = above
    return True


def _header_rows(lines: list[TextLine], tops: list[int], grid: list[list[_Cell]], rules: list[Rule], x0: float, x1: float) -> int:
    """Rows above a rule across the table near its top, or the leading rows
    set in bold above one that is not."""
    for rule in rules:
        if min(rule.x1, x1) - max(rule.x0, x0) < RULE_WIDTH_SHARE * (x1 - x0):
            continue
        k = next((i for i, ln in enumerate(lines) if (ln.top + ln.bottom) / 2 > rule.y), None)
        if k and k in tops and tops.index(k) <= MAX_HEADER_ROWS:
            return tops.index(k)
    h = 0
    for row in grid:
        own = [p for cell in {id(c): c for c in row}.values() for p in cell.pieces]
        if not own or not all(p.bold for p in own):
            break
        h += 1
    return h if h < len(grid) else 0


def _group_rows(grid: list[list[_Cell]], header: int) -> None:
    """Cells that belong to the cell above them (module docstring)."""
    for r in range(1, header):
        for cell in list({id(c): c for c in grid[r]}.values()):
            if cell.r == r and (not cell.pieces or lower(cell.pieces[0].text)):
                _merge_down(grid, r, cell)
    running = {cell.c0 for row in grid[header:] for cell in row if cell.runs_on}
    for r in range(max(header, 1), len(grid)):
        row = grid[r]
        own = [c for c in {id(c): c for c in row}.values() if c.r == r]
        texts = [p for c in own for p in c.pieces]
        if not texts or all(p.bold for p in texts):
            continue
        lead: list[_Cell] = []
        c = 0
        while c < len(row) and (row[c].r != r or not row[c].pieces):
            if row[c].r == r:
                lead.append(row[c])
            c = row[c].c1 + 1
        if lead and c >= 2:
            for cell in lead:
                _merge_down(grid, r, cell, header, onto_empty=True)
        for cell in own:
            if not cell.pieces and cell.c0 in running:
                _merge_down(grid, r, cell, header)


def _widen_title_rows(grid: list[list[_Cell]], xb: list[float]) -> None:
    """A row whose only text is one cell merged over columns, centred on the
    table or set from its first column, is a title row across the whole
    table ("Публикации партнеров и СМИ", "Задача 1: …"): its empty cells
    belong to it."""
    mid, width = (xb[0] + xb[-1]) / 2, xb[-1] - xb[0]
    for r, row in enumerate(grid):
        cells = list({id(c): c for c in row}.values())
        if any(c.r != r for c in cells):
            continue
        text = [c for c in cells if c.pieces]
        if len(text) != 1 or text[0].c0 == text[0].c1 or len(cells) == 1:
            continue
        words = [w for p in text[0].pieces for w in p.words]
        centre = (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2
        if text[0].c0 == 0 or abs(centre - mid) <= TITLE_CENTRE * width:
            title = text[0]
            title.c0, title.c1 = 0, len(row) - 1
            row[:] = [title] * len(row)


def _edges(zone: Zone, lines: list[TextLine]) -> list[float]:
    """x of the column edges: CELL_PADDING left of a column's text set flush
    left, else CELL_PADDING right of the text before it (at most the middle
    of a narrow gutter); the table's sides from its rules."""
    words = [w for ln in lines for w in ln.words]
    left = min(w.x0 for w in words)
    right = max(w.x1 for w in words)
    x0 = min((r.x0 for r in zone.rules), default=left - CELL_PADDING)
    x1 = max((r.x1 for r in zone.rules), default=right + CELL_PADDING)
    if zone.outer is not None:
        x0, x1 = min(x0, zone.outer[0]), max(x1, zone.outer[1])
    xb = [min(x0, left)]
    for b in zone.bounds:
        pad = min(CELL_PADDING, (b.hi - b.lo) / 2)
        x = b.at if b.at is not None else (b.hi - pad if b.flush else b.lo + pad)
        xb.append(max(x, xb[-1] + 0.01))
    xb.append(max(x1, right, xb[-1] + 0.01))
    return xb


def _row_edges(zone: Zone, lines: list[TextLine], tops: list[int], rules: list[Rule]) -> list[float]:
    yb = [lines[0].top - 1.0]
    for k in tops[1:]:
        y = (lines[k - 1].bottom + lines[k].top) / 2
        between = [r.y for r in rules if lines[k - 1].top < r.y < lines[k].bottom]
        yb.append(between[0] if between else y)
    bottom = lines[-1].bottom + 1.0
    if zone.closed:
        bottom = max(bottom, min(r.y for r in zone.rules if r.y > lines[-1].top))
    yb.append(bottom)
    for i in range(1, len(yb)):  # lines may overlap a little; keep the edges in order
        yb[i] = max(yb[i], yb[i - 1] + 0.01)
    return yb


def build_table(page_no: int, zone: Zone, lines: list[TextLine], rules: list[Rule], settings: TextSettings) -> PTable:
    """The PTable of a zone (``lines``: the zone's lines; ``rules``: the rules
    of the page that lie across it)."""
    n_cols = len(zone.bounds) + 1
    mids = [b.mid for b in zone.bounds]
    pieces = [pieces_of(i, ln, mids) for i, ln in enumerate(lines)]
    xb = _edges(zone, lines)
    line_marks, reshaped = mark_pieces(pieces, n_cols, [x - CELL_PADDING for x in xb[1:]], settings)
    inside = [r for r in rules if lines[0].bottom < r.y < lines[-1].top]
    tops = row_tops(lines, pieces, line_marks, reshaped, inside)
    grid = _build_cells(pieces, line_marks, tops, n_cols)
    _widen_title_rows(grid, xb)
    header = _header_rows(lines, tops, grid, inside, xb[0], xb[-1])
    _group_rows(grid, header)
    yb = _row_edges(zone, lines, tops, inside)
    cells: list[PCell] = []
    glyphs: list[list[Glyph]] = []
    index: dict[int, int] = {}
    table_grid = [[-1] * n_cols for _ in grid]
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if id(cell) not in index:
                index[id(cell)] = len(cells)
                cells.append(
                    PCell(cell.r, cell.c0, cell.rs, cell.c1 - cell.c0 + 1, xb[cell.c0], xb[cell.c1 + 1],
                          yb[cell.r], yb[cell.r + cell.rs])
                )
                glyphs.append([g for p in cell.pieces for w in p.words for g in w.glyphs])
            table_grid[r][c] = index[id(cell)]
    return PTable(
        page_no, xb[0], yb[0], xb[-1], yb[-1], xb, yb, cells, table_grid,
        glyphs=glyphs, borderless=True,
        gaps=[(b.lo, b.hi) for b in zone.bounds],
    )
