"""Stitch the parts of one logical table that a PDF spreads over pages.

When two parts are one table
----------------------------
The reader offers a part for stitching only when it is the first block of
page n+1 and the previous table is the last block of page n (page numbers
and running headers/footers, which the reader drops, do not count).  The
part is then the same table when its column layout matches: the same
width and the same vertical rules, compared relative to the table's left
edge within the table's column tolerance (``COLUMN_TOLERANCE`` points for
ruled parts; a reader whose parts have looser columns passes its own),
and mirrored margins may shift a table sideways by up to ``MAX_SHIFT``.
One layout may have rules the other lacks (a page whose rows all merge
two columns); the logical table then gets the union of the rules.  A part
without vertical rules (``extract.pdf.borderless.find``) is compared by the
white space between its columns instead, and its column edges are moved
onto the table's (``extract.pdf.borderless.stitch``); a borderless part
whose first row is a header of its own (all bold, not the table's header
repeated) starts a new table.  Cells of two parts
are matched by how much their x ranges overlap, never by their index, so
parts whose boundaries differ a little still line up.

Repeated header rows
--------------------
The first rows of the new part that repeat, in order, the first rows of
the table (up to ``MAX_HEADER_ROWS`` rows, never the first part's last
row) are dropped.  A row repeats a header row when each of its non-empty
cells reads (without case, spaces or punctuation) as the header cell at
its place or as the start of it, and it has text in at least half of the
header row's filled cells.  "The start of it": LibreOffice repeats a
header whose cells are merged vertically in a row only as high as the
first page's second header row, clipped, so a header cell may show only
its first lines; the clipped rest is invisible and the reader never sees
it (``extract.pdf.clip``).  Rows dropped together must not leave a cell that
spans into the rows kept.

Rows broken by the page (continuation rows)
-------------------------------------------
The first remaining row F of the new part is merged into the table's last
row P when no veto stops it and the evidence scores at least
``MERGE_SCORE`` (3) (``extract.pdf.stitch_rules``).  F's first cell must
sit at the table's left edge, and every non-empty cell of F must sit under
a cell covering P (P's own, or one merged down into P from a row above).

Vetoes -- F is a row of its own when any non-empty cell of F:

1. is wider than the cell above it (less than ``MIN_UNDER_SHARE`` of its
   width under it): a group title or a column-number row spanning the
   table does not continue one column;
2. sits under a cell that had no text on the previous page (a column that
   was already finished cannot go on);
3. sits under a cell whose text ended well above its cell's bottom on the
   previous page (more than ``CUT_GAP_LINES`` line heights of blank: the
   text was complete, so the page did not cut it) -- this is what stops a
   "№" cell whose number sits at the top of a tall row;
4. sits under a cell that holds a bare row number (2, 2., 2.1): a number
   does not run on to the next page; nor does a cell holding a number only
   go on with one holding a number only (a figure is not the rest of
   another: "3" over "0" in a plan column are two rows);
5. is a new row number in the first column, or starts a totals row
   (Итого/Всего/Барлығы/Жиыны/Total);

or when F looks like a genuine new row: two or more filled cells, most of
them starting with a capital, filling more than half as many cells as P
had on its page -- unless the page cut through P (every cell F goes on
reached its bottom, one of them over two or more lines) and a cell of F
goes on in lower case: names and abbreviations start cells with capitals
(«Мангистауской области | поддержка | НПО»), but a new row does not start
a cell mid-sentence.

The first column may continue: a task column merged vertically over
several activities, broken by the page, goes on in F's first cell (its
label on one page, the task's text, even capitalised, on the next).
Vetoes 3-5 are what
keep a "№" column from continuing, and a fragment with text in its first
column is vetoed unless its cells go on mid-sentence (the +3 below), or
the first-column cell above it is merged over two or more rows and its
text filled it to the bottom (a task text longer than its activities,
cut by the page), or the page cut through the row: every cell the
fragment goes on reached its bottom, the fragment fills at most half as
many of the other cells as the row had, and its first cell does not
start with a capital («Insta:» / «@gamoaktau», a link going on below the
date).  A first column is where a new row most plainly starts, and an
ordinary last row always "ran to the bottom" (its height is its tallest
text), so its geometry alone proves nothing.

Evidence points:

* +3 at least half of F's cells that start with a letter start with a
  lowercase one (or with , ; : ) »), i.e. the text goes on mid-sentence;
* +2 P is itself already stitched from fragments (a row running over
  several pages: each page's fragment continues the previous one);
* +1 P's first cell is non-empty (a numbered row, the kind that breaks);
* +1 none of the continued P cells ends with . ! ? or …;
* +1 F is sparse: at most half as many filled cells as P had on its page;
* +1 every continued P cell filled its cell to the bottom with 2+ lines.

A genuine next row under vertically merged "№"/"Задача" cells (an empty
first cell, as in the seed's "Медиаплан" row) starts its cells with
capitals and fills most columns: vetoed.  A row broken mid-sentence
scores 3+ from the lowercase start alone, and a long description running
over several pages scores 3 from +2 and +1.

When F stays a row of its own, a cell of F that is empty, merged down over
two or more rows of the new part, and sits exactly under a cell with text
merged down over two or more rows to the end of the previous page, is the
rest of that merged cell (a task cell whose activities go on over the
break): the logical cell spans F's rows too.  An empty cell one row high
proves nothing (a totals row leaves its first cells blank) and stays.  So
is a first-column cell of F whose text starts in lower case under a
first-column cell whose text ran to its bottom unfinished: the task text,
longer than the rows it had on the page, going on beside the next activity
(``merged_text_goes_on``); its text joins the cell above.

Merging appends each fragment cell's text to the cell above it, with a
space, or "\\n" when the fragment starts a list item, or nothing after a
hyphenated compound cut by the page or inside a URL link; it unions the
pages and counts ``Row.fragments``.  A cell of F merged down over more
rows of the new part (the task cell that goes on over the next
activities) makes the logical cell it continues span those rows as well.
A cell's ``pages`` are the pages its text came from; a row's ``pages``
are every page it appears on.
"""

from __future__ import annotations

from bisect import bisect_left

from esep.extract.model import Cell, Row, Table
from esep.extract.pdf.borderless.stitch import borderless_fits, grouped_under, snap_columns
from esep.extract.pdf.page import PCell, PTable
from esep.extract.pdf.stitch_cells import LCell, LRow, absorb
from esep.extract.pdf.stitch_rules import (
    MAX_HEADER_ROWS,
    CellSig,
    Fragment,
    Piece,
    continues,
    merged_cell_goes_on,
    merged_text_goes_on,
    norm,
    repeats_header,
)

# Boundaries of two parts closer than this (points) are one column rule.
COLUMN_TOLERANCE = 3.0
# Mirrored margins may shift a part sideways by up to this much.
MAX_SHIFT = 72.0
# How far up the cells merged down into a row are looked for.
MAX_COVER_ROWS = 200


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _shares(fc: PCell, left: float, t: LCell) -> tuple[float, float]:
    """(share of ``fc``'s width under ``t``, share of ``t``'s width over ``fc``)."""
    x0, x1 = fc.x0 - left, fc.x1 - left
    ov = max(0.0, _overlap(x0, x1, t.rx0, t.rx1))
    return ov / max(x1 - x0, 1e-6), ov / max(t.rx1 - t.rx0, 1e-6)


class LogicalTable:
    """A table being assembled from one or more page parts.

    ``column_tolerance``: how far apart (points) the column boundaries and
    edges of two parts may be and still be one column.
    """

    def __init__(self, part: PTable, column_tolerance: float = COLUMN_TOLERANCE):
        self.tol = column_tolerance
        self.rows: list[LRow] = []
        self.pages: set[int] = set()
        self.width = part.x1 - part.x0
        self.left = part.x0
        self.last_page = part.page
        self.bounds: list[float] = [x - part.x0 for x in part.xb]
        self.last_part = part
        rows = part.rows()
        n_header = min(MAX_HEADER_ROWS, len(rows) - 1)  # the last row is no header
        self.header = [self._sigs(r, part.x0) for r in rows[:n_header]]
        self._append(part, rows, 0)

    # -- layout -----------------------------------------------------------

    @staticmethod
    def _sigs(row: list[PCell], left: float) -> list[CellSig]:
        return [CellSig(c.x0 - left, c.x1 - left, norm(c.text)) for c in row]

    def _match_bounds(self, other: list[float]) -> tuple[int, int]:
        """(boundaries of ``other`` not in the table, table boundaries not in ``other``)."""
        mine, tol = self.bounds, self.tol
        extra = sum(1 for x in other if not any(abs(x - y) <= tol for y in mine))
        missing = sum(1 for y in mine if not any(abs(x - y) <= tol for x in other))
        return extra, missing

    def compatible(self, part: PTable) -> bool:
        if part.page != self.last_page + 1:
            return False
        if part.borderless or self.last_part.borderless:
            return borderless_fits(self.last_part, part) and not self._opens_other_table(part)
        if abs((part.x1 - part.x0) - self.width) > self.tol:
            return False
        if abs(part.x0 - self.left) > MAX_SHIFT:
            return False
        extra, missing = self._match_bounds([x - part.x0 for x in part.xb])
        return extra == 0 or missing == 0

    def _opens_other_table(self, part: PTable) -> bool:
        """A part whose first row is a header (two or more cells, all bold) that does
        not repeat this table's header starts a table of its own: without rules, the
        white space of two tables set one under the other may well line up.  But a
        table that has shown nothing but its header goes on with it."""
        rows = part.rows()
        first = [c for c in rows[0] if c.text] if rows else []
        if len(first) < 2 or not all(c.bold for c in first):
            return False
        if all(c.bold for row in self.rows for c in row.cells if c.text):
            return False  # the table so far is a header: a page break split its row
        return not (self.header and repeats_header(self._sigs(rows[0], part.x0), self.header[0], self.tol))

    # -- assembly ---------------------------------------------------------

    def _append(self, part: PTable, rows: list[list[PCell]], first_local: int) -> None:
        """Append part rows ``rows[first_local:]`` as new logical rows."""
        base = len(self.rows) - first_local
        n_local = len(rows)
        for lr in range(first_local, n_local):
            cells = [
                LCell.from_part(pc, base + lr, part.x0, part.page, rs=min(pc.rs, n_local - lr))
                for pc in rows[lr]
            ]
            cells.sort(key=lambda c: c.rx0)
            self.rows.append(LRow(cells=cells, pages={part.page}))
        self.pages.add(part.page)
        self.last_page = part.page
        self.left = part.x0

    def _union_bounds(self, part: PTable) -> None:
        merged = sorted(self.bounds + [x - part.x0 for x in part.xb])
        self.bounds = []
        for x in merged:
            if not self.bounds or x - self.bounds[-1] > self.tol:
                self.bounds.append(x)

    def _repeated_header_rows(self, rows: list[list[PCell]], left: float) -> int:
        """How many of the part's first ``rows`` repeat the table's header rows."""
        k = 0
        limit = min(len(rows), len(self.header))
        while k < limit and repeats_header(self._sigs(rows[k], left), self.header[k], self.tol):
            k += 1
        while k and any(c.r + c.rs > k for row in rows[:k] for c in row):
            k -= 1  # a cell of the dropped rows would span into the rows kept
        return k

    def add_part(self, part: PTable) -> None:
        """Stitch a compatible part from the next page onto this table."""
        if part.borderless or self.last_part.borderless:
            snap_columns(part, self.last_part)
        self.last_part = part
        extra, _missing = self._match_bounds([x - part.x0 for x in part.xb])
        if extra:
            self._union_bounds(part)
        rows = part.rows()
        k = self._repeated_header_rows(rows, part.x0)
        self.pages.add(part.page)
        if k >= len(rows):
            self.last_page = part.page
            self.left = part.x0
            return
        first = k
        if self.rows and self._continues(rows[k], part):
            self._merge(rows[k], part)
            first = k + 1
        elif self.rows:
            rows[k] = self._carry_merged(rows[k], part)
        self._append(part, rows, first)

    def _covering(self, r: int) -> list[LCell]:
        """The cells that cover logical row ``r`` (its own and those merged down into it), left to right."""
        out = []
        for i in range(r, max(-1, r - MAX_COVER_ROWS), -1):
            for c in self.rows[i].cells:
                if c.row + c.rs > r:
                    out.append(c)
        out.sort(key=lambda c: c.rx0)
        return out

    def _targets(self, frag: list[PCell], left: float, cover: list[LCell]) -> dict[int, LCell] | None:
        """Fragment cell index -> the covering cell it sits under; None if a filled cell sits under none."""
        out: dict[int, LCell] = {}
        for i, fc in enumerate(frag):
            fx0, fx1 = fc.x0 - left, fc.x1 - left
            best, best_ov = None, self.tol
            for lc in cover:
                ov = _overlap(fx0, fx1, lc.rx0, lc.rx1)
                if ov > best_ov:
                    best, best_ov = lc, ov
            if best is None:
                if fc.text:
                    return None
                continue
            out[i] = best
        return out

    def _lead(self, cover: list[LCell]) -> LCell | None:
        return cover[0] if cover and cover[0].rx0 <= self.tol else None

    def _continues(self, frag: list[PCell], part: PTable) -> bool:
        """The continuation rule (see the module docstring)."""
        if not frag or min(c.x0 for c in frag) - part.x0 > self.tol:
            return False
        last = len(self.rows) - 1
        cover = self._covering(last)
        targets = self._targets(frag, part.x0, cover)
        if not cover or targets is None:
            return False
        lead = self._lead(cover)
        pieces = []
        for i, fc in enumerate(frag):
            if not fc.text:
                continue
            t = targets.get(i)
            if t is None:
                return False
            under, _over = _shares(fc, part.x0, t)
            pieces.append(Piece(fc.text, t, is_lead=fc.x0 - part.x0 <= self.tol, under=under))
        fragment = Fragment(
            pieces=pieces,
            prev_fragments=self.rows[last].fragments,
            prev_lead=lead,
            prev_lead_rows=(last - lead.row + 1) if lead is not None else 0,
            prev_filled=sum(1 for c in cover if c.tail_text and c is not lead),
        )
        return continues(fragment)

    def _carry_merged(self, frag: list[PCell], part: PTable) -> list[PCell]:
        """Extend the merged cells that go on, empty, over a new row; return the cells left."""
        last = len(self.rows) - 1
        cover = self._covering(last)
        targets = self._targets(frag, part.x0, cover) or {}
        grouped = {id(c) for c in grouped_under(frag)} if part.borderless else set()
        kept = []
        for i, fc in enumerate(frag):
            t = targets.get(i)
            if t is not None:
                under, over = _shares(fc, part.x0, t)
                if (id(fc) in grouped and t.text) or merged_cell_goes_on(fc.text, fc.rs, t, last - t.row + 1, under, over):
                    t.rs = last + 1 - t.row + fc.rs  # F becomes row last + 1
                    t.tail_text, t.tail_gap = "", None  # its text ended on the previous page
                    continue
                if fc.x0 - part.x0 <= self.tol and merged_text_goes_on(fc.text, t, under, over):
                    absorb(t, fc, part.page, first=True)
                    t.rs = last + 1 - t.row + fc.rs
                    continue
            kept.append(fc)
        return kept

    def _merge(self, frag: list[PCell], part: PTable) -> None:
        """Merge fragment row ``frag`` into the last row."""
        last = len(self.rows) - 1
        cover = self._covering(last)
        targets = self._targets(frag, part.x0, cover) or {}
        row = self.rows[last]
        seen: set[int] = set()
        for i, fc in enumerate(frag):
            t = targets.get(i)
            if t is None:  # a column no cell of the last row reached: the fragment's cell starts there
                row.cells.append(LCell.from_part(fc, last, part.x0, part.page))
                row.cells.sort(key=lambda c: c.rx0)
                continue
            if fc.rs > 1:  # merged down on the new page: the logical cell goes on over those rows
                t.rs = max(t.rs, last - t.row + fc.rs)
            absorb(t, fc, part.page, first=id(t) not in seen)
            seen.add(id(t))
        for lc in cover:  # cells the fragment did not reach were finished
            if id(lc) not in seen:
                lc.tail_text = ""
        row.pages.add(part.page)
        row.fragments += 1

    # -- output -----------------------------------------------------------

    def to_model(self) -> Table:
        bounds = self.bounds
        n_cols = max(1, len(bounds) - 1)
        tol = self.tol

        def col_of(x: float) -> int:
            i = bisect_left(bounds, x - tol)
            return min(max(i, 0), n_cols)

        rows = []
        for r, lrow in enumerate(self.rows):
            cells = []
            for lc in lrow.cells:
                c0 = min(col_of(lc.rx0), n_cols - 1)
                c1 = max(col_of(lc.rx1), c0 + 1)
                cells.append(
                    Cell(
                        text=lc.text,
                        row=r,
                        col=c0,
                        row_span=max(1, min(lc.rs, len(self.rows) - r)),
                        col_span=min(c1, n_cols) - c0,
                        pages=tuple(sorted(lc.pages or lrow.pages)),
                        links=lc.links,
                        tables=lc.tables,
                        bold=lc.bold,
                    )
                )
            cells.sort(key=lambda c: c.col)
            rows.append(Row(cells=cells, pages=tuple(sorted(lrow.pages)), fragments=lrow.fragments))
        return Table(rows=rows, n_cols=n_cols, pages=tuple(sorted(self.pages)), depth=0)
