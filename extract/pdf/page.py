"""One PDF page -> tables (with cell text) and the lines outside them.

Per page, pdfplumber is asked once for the characters, once for the tables
(``find_tables`` with ``TABLE_SETTINGS``) and once for the link
annotations.  Each character is then put into exactly one container: the
cell of the smallest table whose grid covers its centre (so a table nested
in a cell keeps its own text), or the page outside tables; the characters
outside ruled tables may still form tables without vertical rules
(``extract.pdf.borderless.find``).  Lookups are a
bisection on the table's column and row boundaries, so the work is about
linear in the number of characters.

Merged cells: pdfplumber reports every cell as a bbox; the grid of a table
is the set of distinct left edges (columns) and top edges (rows) of its
cells, and a cell covering several of them gets ``col_span``/``row_span``.
A merged cell is therefore one ``PCell`` anchored at its top-left grid
position.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from pdfminer.pdftypes import resolve1

from esep.extract.model import Cell, Hyperlink, Row, Table
from esep.extract.pdf.clip import clipped_text
from esep.extract.pdf.glyphs import Glyph, dominant_rotation, to_glyphs
from esep.extract.pdf.text import Line, build_lines, join_lines, page_gap_limit

# Ruled tables only: cells come from drawn lines and rectangle edges.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
# Boundaries of one table closer than this are one grid line.
GRID_TOLERANCE = 0.5
# How many runs of clipped (invisible) text a page's note quotes.
CLIPPED_IN_NOTE = 5
# A link rectangle is widened by this much when deciding which glyphs it covers.
LINK_SLACK = 1.0


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
                )
                for c in row_cells
            ]
            rows.append(Row(cells=cells, pages=(self.page,)))
        return Table(rows=rows, n_cols=self.n_cols, pages=(self.page,), depth=depth)


@dataclass
class PageData:
    """What phase 1 keeps of a page: small, no pdfplumber objects."""

    number: int
    width: float
    height: float
    lines: list[Line]  # text outside tables, top to bottom
    tables: list[PTable]  # top-level tables, top to bottom
    link_targets: list[str]
    pitch_limit: float
    notes: list[str] = field(default_factory=list)
    orphan_links: int = 0  # links over no text and no cell


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def make_grid(page_no: int, bboxes: list[tuple[float, float, float, float]]) -> PTable:
    xs = _cluster([b[0] for b in bboxes], GRID_TOLERANCE)
    ys = _cluster([b[1] for b in bboxes], GRID_TOLERANCE)
    right = max(b[2] for b in bboxes)
    bottom = max(b[3] for b in bboxes)
    if right - xs[-1] > GRID_TOLERANCE:
        xb = xs + [right]
    else:  # degenerate: a cell of zero width at the right edge
        xb = xs[:-1] + [right]
    if bottom - ys[-1] > GRID_TOLERANCE:
        yb = ys + [bottom]
    else:
        yb = ys[:-1] + [bottom]
    n_cols, n_rows = len(xb) - 1, len(yb) - 1
    grid = [[-1] * n_cols for _ in range(n_rows)]
    cells: list[PCell] = []
    for b in sorted(bboxes, key=lambda b: (b[1], b[0])):
        c0 = bisect_right(xb, b[0] + GRID_TOLERANCE) - 1
        r0 = bisect_right(yb, b[1] + GRID_TOLERANCE) - 1
        c1 = bisect_left(xb, b[2] - GRID_TOLERANCE)
        r1 = bisect_left(yb, b[3] - GRID_TOLERANCE)
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


def _contains(outer: PTable, inner: PTable, tol: float = 1.0) -> bool:
    return (
        not outer.borderless
        and inner.x0 >= outer.x0 - tol
        and inner.x1 <= outer.x1 + tol
        and inner.top >= outer.top - tol
        and inner.bottom <= outer.bottom + tol
        and (inner.x1 - inner.x0) * (inner.bottom - inner.top)
        < (outer.x1 - outer.x0) * (outer.bottom - outer.top)
    )


def _num(v) -> float:
    v = resolve1(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("not a number")
    return float(v)


def _text(v) -> str | None:
    v = resolve1(v)
    if isinstance(v, bytes):
        if v.startswith((b"\xfe\xff", b"\xff\xfe")):
            return v.decode("utf-16", "replace")
        try:
            return v.decode("utf-8")
        except UnicodeDecodeError:
            return v.decode("latin-1")
    if isinstance(v, str):
        return v
    return None


def _page_links(page) -> list[tuple[float, float, float, float, str]]:
    """URI link annotations of a page, in the page's (rotated) coordinates.

    Read shallowly: pdfplumber's ``page.hyperlinks`` resolves every object
    an annotation refers to and can recurse without end (/P -> page ->
    /Annots -> ...), as federal-register-2020-17221.pdf shows.
    """
    raw = resolve1(page.page_obj.annots)
    if not isinstance(raw, list):
        return []
    rotation = page.rotation
    width, height = page.width, page.height
    root_h = page.root_page.height
    out = []
    for ref in raw[:5000]:
        try:
            a = resolve1(ref)
            if not isinstance(a, dict):
                continue
            action = resolve1(a.get("A"))
            if not isinstance(action, dict):
                continue
            uri = _text(action.get("URI"))
            if not uri or not uri.strip():
                continue
            rect = resolve1(a.get("Rect"))
            if not isinstance(rect, (list, tuple)) or len(rect) != 4:
                continue
            xa, ya, xb, yb = (_num(v) for v in rect)
        except Exception:
            continue
        pts = []
        for pt in ((xa, ya), (xb, yb)):  # as pdfplumber turns annotation points
            turns = rotation // 90
            for i in range(turns):
                x, y = pt
                comp = width if i == turns % 2 else height
                pt = (y, comp - x)
            pts.append(pt)
        x0, x1 = sorted((pts[0][0], pts[1][0]))
        y0, y1 = sorted((pts[0][1], pts[1][1]))
        out.append((x0, root_h - y1, x1, root_h - y0, " ".join(uri.split())))
    return out


def upright_page(pdf, page):
    """A copy of ``page`` turned so that most of its text is upright, or None.

    pdfplumber applies /Rotate, so a page whose content is drawn sideways
    and then turned upright by /Rotate needs nothing.  This is for the
    opposite case: text that still runs vertically after /Rotate (a
    landscape table put on a portrait page without /Rotate, or a wrong
    /Rotate).  The copy is parsed again with a corrected /Rotate.
    """
    extra = dominant_rotation(page.chars)
    if not extra:
        return None, 0
    from esep.extract.pdf.objects import FastCharPage

    po = page.page_obj
    rot = (page.rotation + extra) % 360
    po.attrs = dict(po.attrs)
    po.attrs["Rotate"] = rot
    po.rotate = rot
    return FastCharPage(pdf, po, page_number=page.page_number, initial_doctop=page.initial_doctop), extra


def read_page(page, page_no: int, carry=None) -> PageData:
    """Phase 1 for one (upright) pdfplumber page.  ``carry``: the columns of
    a borderless table the previous page left open (pdf_borderless_carry)."""
    chars = page.chars
    found = page.find_tables(TABLE_SETTINGS)
    raw_links = _page_links(page) if page.page_obj.annots else []
    targets = [lk[4] for lk in raw_links]

    px0, ptop, px1, pbottom = page.bbox
    glyphs = [
        g
        for g in to_glyphs(chars)
        if px0 - 1 <= (g.x0 + g.x1) / 2 <= px1 + 1 and ptop - 1 <= (g.top + g.bottom) / 2 <= pbottom + 1
    ]

    tables = [make_grid(page_no, list(t.cells)) for t in found if t.cells]
    # smallest first: a nested table claims its characters before its parent
    tables.sort(key=lambda t: (t.x1 - t.x0) * (t.bottom - t.top))
    for t in tables:
        t.glyphs = [[] for _ in t.cells]

    # link rectangles, bucketed by 20 pt bands of the page
    buckets: dict[int, list[int]] = {}
    for i, (x0, top, x1, bottom, _uri) in enumerate(raw_links):
        for band in range(int((top - LINK_SLACK) // 20), int((bottom + LINK_SLACK) // 20) + 1):
            buckets.setdefault(band, []).append(i)

    outside: list[Glyph] = []
    for g in glyphs:
        cx = (g.x0 + g.x1) / 2
        cy = (g.top + g.bottom) / 2
        if buckets:
            for i in buckets.get(int(cy // 20), ()):
                x0, top, x1, bottom, _ = raw_links[i]
                if x0 - LINK_SLACK <= cx <= x1 + LINK_SLACK and top - LINK_SLACK <= cy <= bottom + LINK_SLACK:
                    g.link = i
                    break
        for t in tables:
            if t.x0 <= cx < t.x1 and t.top <= cy < t.bottom:
                idx = t.lookup(cx, cy)
                if idx >= 0:
                    t.glyphs[idx].append(g)
                    break
        else:
            outside.append(g)
    from esep.extract.pdf.borderless.find import find_borderless  # it builds PTables: imported here, not at the top

    found = find_borderless(page_no, outside, page.horizontal_edges, [(t.x0, t.top, t.x1, t.bottom) for t in tables], carry)
    tables.extend(found.tables)
    outside = found.rest

    # lines everywhere first: the page's normal line pitch decides paragraph gaps
    cell_lines: list[list[list[Line]]] = [[build_lines(gs) for gs in t.glyphs] for t in tables]
    out_lines = build_lines(outside, tabs=True)
    limit = page_gap_limit(out_lines, cell_lines)

    covered_links: set[int] = set()
    for t, per_table in zip(tables, cell_lines):
        for cell, lines in zip(t.cells, per_table):
            if not lines:
                continue
            txt = join_lines(lines, limit, targets, box=(cell.x0, cell.x1))
            cell.text = txt.text
            cell.set_lines(txt, lines)
            cell.first_link = targets[txt.first_link] if txt.first_link >= 0 else None
            cell.last_link = targets[txt.last_link] if txt.last_link >= 0 else None
            for idx, disp in txt.links:
                cell.links.append(Hyperlink(text=disp, target=targets[idx]))
            for ln in lines:
                covered_links.update(ln.link_text)
        t.glyphs = []
    for ln in out_lines:
        covered_links.update(ln.link_text)

    # links over no text: keep them on the cell under their centre
    orphans = 0
    for i, (x0, top, x1, bottom, uri) in enumerate(raw_links):
        if i in covered_links:
            continue
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        for t in tables:
            idx = t.lookup(cx, cy)
            if idx >= 0:
                t.cells[idx].links.append(Hyperlink(text="", target=uri))
                break
        else:
            orphans += 1

    # nesting: attach each table to the cell of the smallest table containing it
    top_level: list[PTable] = []
    for i, t in enumerate(tables):
        parent = None
        for j in range(i + 1, len(tables)):
            if _contains(tables[j], t):
                idx = tables[j].lookup((t.x0 + t.x1) / 2, (t.top + t.bottom) / 2)
                if idx >= 0:
                    parent = (j, idx)
                    break
        if parent is None:
            top_level.append(t)
        else:
            t.parent = parent
    # convert nested tables innermost first (they are the smaller ones)
    depth_of: dict[int, int] = {}

    def depth(i: int) -> int:
        if i not in depth_of:
            p = tables[i].parent
            depth_of[i] = 0 if p is None else depth(p[0]) + 1
        return depth_of[i]

    children: dict[tuple[int, int], list[tuple[float, float, Table]]] = {}
    for i, t in enumerate(tables):  # ascending area: children before parents
        if t.parent is not None:
            children.setdefault(t.parent, []).append((t.top, t.x0, t.to_model(depth(i))))
            j, idx = t.parent
            kids = sorted(children[t.parent], key=lambda k: (k[0], k[1]))
            tables[j].cells[idx].tables = [k[2] for k in kids]
    top_level.sort(key=lambda t: (t.top, t.x0))
    return PageData(
        number=page_no,
        width=float(page.width),
        height=float(page.height),
        lines=out_lines,
        tables=top_level,
        link_targets=targets,
        pitch_limit=limit,
        notes=_clipped_notes(page, page_no),
        orphan_links=orphans,
    )


def _clipped_notes(page, page_no: int) -> list[str]:
    """A note on the text the page draws outside its clipping path (``extract.pdf.clip``)."""
    clipped = list(getattr(page, "clipped_chars", ()))
    n_ink = sum(1 for ch in clipped if not ch.text.isspace())
    if not n_ink:
        return []
    runs = clipped_text(clipped)
    shown = ", ".join(f"«{r[:40]}»" for r in runs[:CLIPPED_IN_NOTE])
    more = f" and {len(runs) - CLIPPED_IN_NOTE} more" if len(runs) > CLIPPED_IN_NOTE else ""
    return [
        f"Page {page_no}: left out {n_ink} character(s) drawn outside their clipping area "
        f"(not visible): {shown}{more}."
    ]

