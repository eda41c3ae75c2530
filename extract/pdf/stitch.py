"""Stitch the parts of one logical table that a PDF spreads over pages.

When two parts are one table
----------------------------
The reader offers a part for stitching only when it is the first block of
page n+1 and the previous table is the last block of page n (page numbers
and running headers/footers, which the reader drops, do not count).  The
part is then the same table when its column layout matches: the same
width and the same vertical rules, compared relative to the table's left
edge within the table's column tolerance (``StitchSettings.column_tolerance`` points for
ruled parts; a reader whose parts have looser columns passes its own),
and mirrored margins may shift a table sideways by up to ``StitchSettings.max_shift``.
One layout may have rules the other lacks (a page whose rows all merge
two columns); the logical table then gets the union of the rules.  A part
without vertical rules (``extract.pdf.borderless.find``) is compared by the
white space between its columns instead, and its column edges are moved
onto the table's (``extract.pdf.borderless.stitch``); a borderless part
whose first row is a header of its own (all bold, not the table's header
repeated) starts a new table.  Cells of two parts
are matched by how much their x ranges overlap, never by their index, so
parts whose boundaries differ a little still line up.

The two judgements -- a repeated header row, and a row the page broke
(continuation rows) -- are documented and held in ``extract.pdf.stitch_rules``.

Merging appends each fragment cell's text to the cell above it, with a
space, or "\\n" when the fragment starts a list item, or nothing after a
hyphenated compound cut by the page or inside a URL link; it unions the
pages and counts ``Row.fragments``.  A cell of the fragment row merged down over more
rows of the new part (the task cell that goes on over the next
activities) makes the logical cell it continues span those rows as well.
A cell's ``pages`` are the pages its text came from; a row's ``pages``
are every page it appears on.
"""

from __future__ import annotations

from bisect import bisect_left

from esep.extract.model import Cell, Row, Table
from esep.extract.pdf.borderless.stitch import borderless_fits, grouped_under, snap_columns
from esep.extract.pdf.page_tables import PCell, PTable
from esep.extract.pdf.settings import PdfSettings
from esep.extract.pdf.stitch_cells import LCell, LRow, absorb
from esep.extract.pdf.stitch_rules import (
    CellSig,
    Fragment,
    Piece,
    continues,
    merged_cell_goes_on,
    merged_text_goes_on,
    norm,
    repeats_header,
)

def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _shares(fc: PCell, left: float, t: LCell) -> tuple[float, float]:
    """(share of ``fc``'s width under ``t``, share of ``t``'s width over ``fc``)."""
    x0, x1 = fc.x0 - left, fc.x1 - left
    ov = max(0.0, _overlap(x0, x1, t.rx0, t.rx1))
    return ov / max(x1 - x0, 1e-6), ov / max(t.rx1 - t.rx0, 1e-6)


class LogicalTable:
    """A table being assembled from one or more page parts.

    ``settings``: the reader's (``StitchSettings`` for the rules,
    ``BorderlessSettings.gap_tolerance`` for parts without rules);
    ``column_tolerance``: how far apart (points) the column boundaries and
    edges of two parts may be and still be one column (by default
    ``StitchSettings.column_tolerance``).
    """

    def __init__(self, part: PTable, settings: PdfSettings, column_tolerance: float | None = None):
        self.settings = settings.stitch
        self.gap_tolerance = settings.borderless.gap_tolerance
        self.tol = self.settings.column_tolerance if column_tolerance is None else column_tolerance
        self.rows: list[LRow] = []
        self.pages: set[int] = set()
        self.width = part.x1 - part.x0
        self.left = part.x0
        self.last_page = part.page
        self.bounds: list[float] = [x - part.x0 for x in part.xb]
        self.last_part = part
        rows = part.rows()
        n_header = min(self.settings.max_header_rows, len(rows) - 1)  # the last row is no header
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
            return borderless_fits(self.last_part, part, self.gap_tolerance) and not self._opens_other_table(part)
        if abs((part.x1 - part.x0) - self.width) > self.tol:
            return False
        if abs(part.x0 - self.left) > self.settings.max_shift:
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
        return not (self.header and repeats_header(self._sigs(rows[0], part.x0), self.header[0], self.tol, self.settings))

    # -- assembly ---------------------------------------------------------

    def _append(self, part: PTable, rows: list[list[PCell]], first_local: int) -> None:
        """Append part rows ``rows[first_local:]`` as new logical rows."""
        base = len(self.rows) - first_local
        n_local = len(rows)
        lh = self.settings.default_line_height
        for lr in range(first_local, n_local):
            cells = [
                LCell.from_part(pc, base + lr, part.x0, part.page, lh, rs=min(pc.rs, n_local - lr))
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
        while k < limit and repeats_header(self._sigs(rows[k], left), self.header[k], self.tol, self.settings):
            k += 1
        while k and any(c.r + c.rs > k for row in rows[:k] for c in row):
            k -= 1  # a cell of the dropped rows would span into the rows kept
        return k

    def add_part(self, part: PTable) -> None:
        """Stitch a compatible part from the next page onto this table."""
        if part.borderless or self.last_part.borderless:
            snap_columns(part, self.last_part, self.gap_tolerance)
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
        for i in range(r, max(-1, r - self.settings.max_cover_rows), -1):
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
        return continues(fragment, self.settings)

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
                if (id(fc) in grouped and t.text) or merged_cell_goes_on(fc.text, fc.rs, t, last - t.row + 1, under, over, self.settings):
                    t.rs = last + 1 - t.row + fc.rs  # F becomes row last + 1
                    t.tail_text, t.tail_gap = "", None  # its text ended on the previous page
                    continue
                if fc.x0 - part.x0 <= self.tol and merged_text_goes_on(fc.text, t, under, over, self.settings):
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
                row.cells.append(LCell.from_part(fc, last, part.x0, part.page, self.settings.default_line_height))
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
                        bbox=lc.bbox,
                    )
                )
            cells.sort(key=lambda c: c.col)
            rows.append(Row(cells=cells, pages=tuple(sorted(lrow.pages)), fragments=lrow.fragments))
        return Table(rows=rows, n_cols=n_cols, pages=tuple(sorted(self.pages)), depth=0)
