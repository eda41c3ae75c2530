"""The tables of one PDF page as found: cells on a grid, before stitching.

Merged cells: pdfplumber reports every cell as a bbox; the grid of a table
is the set of distinct left edges (columns) and top edges (rows) of its
cells, and a cell covering several of them gets ``col_span``/``row_span``.
A merged cell is therefore one ``PCell`` anchored at its top-left grid
position.  ``PTable.lookup`` finds the cell under a point by bisection on
the column and row boundaries.  A table drawn inside another's cell is
nested in it (``contains``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from esep.extract.model import BBox, Cell, Hyperlink, Row, Table
from esep.extract.pdf.glyph_lines import Line
from esep.extract.pdf.glyphs import Glyph

@dataclass(slots=True)
class PCell:
    """A cell as found on one page (absolute page coordinates)."""

    r: int
    c: int
    rs: int
    cs: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str = ""
    bold: bool = False
    links: list[Hyperlink] = field(default_factory=list)
    n_lines: int = 0
    last_bottom: float | None = None  # bottom of the lowest text line
    line_height: float = 0.0
    first_line: str = ""  # first visual line (for list-marker checks)
    last_line: str = ""
    first_link: str | None = None  # target of the link the text starts / ends in
    last_link: str | None = None
    tables: list[Table] = field(default_factory=list)

    def box(self) -> BBox:
        """The cell's box on its page (a merged cell's covers its whole span)."""
        return BBox(self.x0, self.top, self.x1, self.bottom)

    def set_lines(self, txt, lines: list[Line]) -> None:
        """The layout facts of the text joined from ``lines`` (``txt`` is
        what ``join_lines`` made of them); the text itself is the caller's."""
        self.bold = txt.bold and bool(txt.text)
        self.n_lines = txt.n_lines
        self.last_bottom = txt.last_bottom
        self.line_height = txt.line_height
        self.first_line = lines[0].text
        self.last_line = lines[-1].text


@dataclass(slots=True)
class PTable:
    """A table as found on one page (ruled, or borderless)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    xb: list[float]  # column boundaries, left to right (n_cols + 1)
    yb: list[float]  # row boundaries, top to bottom (n_rows + 1)
    cells: list[PCell]
    grid: list[list[int]]  # [row][col] -> index into cells, -1 where no cell
    parent: tuple[int, int] | None = None  # (table, cell) it is nested in
    glyphs: list[list[Glyph]] = field(default_factory=list)
    # found from the alignment of its text (extract.pdf.borderless.find): its
    # column edges may differ by a few points between pages; ``gaps`` are
    # the white space [lo, hi] of its inner column edges
    borderless: bool = False
    gaps: list[tuple[float, float]] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.yb) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xb) - 1

    def rows(self) -> list[list[PCell]]:
        out: list[list[PCell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.r].append(cell)
        for row in out:
            row.sort(key=lambda c: c.c)
        return out

    def lookup(self, x: float, y: float) -> int:
        xb, yb = self.xb, self.yb
        if x < xb[0] or x >= xb[-1] or y < yb[0] or y >= yb[-1]:
            return -1
        c = bisect_right(xb, x) - 1
        r = bisect_right(yb, y) - 1
        if c >= len(self.grid[0]) or r >= len(self.grid):
            return -1
        return self.grid[r][c]

    def to_model(self, depth: int) -> Table:
        """A single-page table as a model Table (used for nested tables)."""
        rows = []
        for row_cells in self.rows():
            cells = [
                Cell(
                    text=c.text,
                    row=c.r,
                    col=c.c,
                    row_span=c.rs,
                    col_span=c.cs,
                    pages=(self.page,),
                    links=list(c.links),
                    tables=list(c.tables),
                    bold=c.bold,
                    bbox=c.box(),
                )
                for c in row_cells
            ]
            rows.append(Row(cells=cells, pages=(self.page,)))
        return Table(rows=rows, n_cols=self.n_cols, pages=(self.page,), depth=depth)

def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def make_grid(page_no: int, bboxes: list[tuple[float, float, float, float]], tolerance: float) -> PTable:
    """Cell boxes -> a table on a grid; boundaries closer than ``tolerance`` (pt) are one grid line."""
    xs = _cluster([b[0] for b in bboxes], tolerance)
    ys = _cluster([b[1] for b in bboxes], tolerance)
    right = max(b[2] for b in bboxes)
    bottom = max(b[3] for b in bboxes)
    if right - xs[-1] > tolerance:
        xb = xs + [right]
    else:  # degenerate: a cell of zero width at the right edge
        xb = xs[:-1] + [right]
    if bottom - ys[-1] > tolerance:
        yb = ys + [bottom]
    else:
        yb = ys[:-1] + [bottom]
    n_cols, n_rows = len(xb) - 1, len(yb) - 1
    grid = [[-1] * n_cols for _ in range(n_rows)]
    cells: list[PCell] = []
    for b in sorted(bboxes, key=lambda b: (b[1], b[0])):
        c0 = bisect_right(xb, b[0] + tolerance) - 1
        r0 = bisect_right(yb, b[1] + tolerance) - 1
        c1 = bisect_left(xb, b[2] - tolerance)
        r1 = bisect_left(yb, b[3] - tolerance)
        c0 = min(max(c0, 0), n_cols - 1)
        r0 = min(max(r0, 0), n_rows - 1)
        c1 = min(max(c1, c0 + 1), n_cols)
        r1 = min(max(r1, r0 + 1), n_rows)
        if grid[r0][c0] != -1:
            continue  # overlapping duplicate; the first one wins
        idx = len(cells)
        cells.append(PCell(r0, c0, r1 - r0, c1 - c0, b[0], b[2], b[1], b[3]))
        for r in range(r0, r1):
            grow = grid[r]
            for c in range(c0, c1):
                if grow[c] == -1:
                    grow[c] = idx
    # Renumber rows/cols so that every row and column has an anchored cell
    # (boundaries that only come from a degenerate sliver are dropped).
    used_rows = sorted({c.r for c in cells})
    used_cols = sorted({c.c for c in cells})
    if len(used_rows) != n_rows or len(used_cols) != n_cols:
        rmap = {r: i for i, r in enumerate(used_rows)}
        cmap = {c: i for i, c in enumerate(used_cols)}
        new_yb = [yb[r] for r in used_rows] + [yb[-1]]
        new_xb = [xb[c] for c in used_cols] + [xb[-1]]
        for cell in cells:
            r_end = bisect_left(used_rows, cell.r + cell.rs)
            c_end = bisect_left(used_cols, cell.c + cell.cs)
            cell.r, cell.c = rmap[cell.r], cmap[cell.c]
            cell.rs, cell.cs = max(1, r_end - cell.r), max(1, c_end - cell.c)
        xb, yb = new_xb, new_yb
        grid = [[-1] * (len(xb) - 1) for _ in range(len(yb) - 1)]
        for idx, cell in enumerate(cells):
            for r in range(cell.r, cell.r + cell.rs):
                for c in range(cell.c, cell.c + cell.cs):
                    if grid[r][c] == -1:
                        grid[r][c] = idx
    return PTable(page_no, xb[0], yb[0], xb[-1], yb[-1], xb, yb, cells, grid)


def contains(outer: PTable, inner: PTable, tol: float = 1.0) -> bool:
    return (
        not outer.borderless
        and inner.x0 >= outer.x0 - tol
        and inner.x1 <= outer.x1 + tol
        and inner.top >= outer.top - tol
        and inner.bottom <= outer.bottom + tol
        and (inner.x1 - inner.x0) * (inner.bottom - inner.top)
        < (outer.x1 - outer.x0) * (outer.bottom - outer.top)
    )

