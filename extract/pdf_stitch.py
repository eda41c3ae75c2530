"""Stitch the parts of one logical table that a PDF spreads over pages.

When two parts are one table
----------------------------
The reader offers a part for stitching only when it is the first block of
page n+1 and the previous table is the last block of page n (page numbers
and running headers/footers, which the reader drops, do not count).  The
part is then the same table when its column layout matches: the same
width and the same vertical rules, compared relative to the table's left
edge within ``COLUMN_TOLERANCE`` points (mirrored margins may shift a
table sideways by up to ``MAX_SHIFT``).  One layout may have rules the
other lacks (a page whose rows all merge two columns); the logical table
then gets the union of the rules.  A part without vertical rules
(``extract.pdf_borderless``) is compared by the white space between its
columns instead, and its column edges are moved onto the table's
(``extract.pdf_borderless_stitch``).

Repeated header rows
--------------------
The first rows of the new part that repeat, in order, the first rows of
the table (text compared without case, spaces or punctuation; up to
``MAX_HEADER_ROWS`` rows, so a two-row header and a column-number row are
caught) are dropped.

Rows broken by the page (continuation rows)
-------------------------------------------
The first remaining row F of the new part is merged into the table's last
row P when *all* of these hold:

1. F's first cell (the "№" column) is empty and F has some text;
2. every non-empty cell of F sits under a cell of P that had text on the
   previous page (a column that was already finished cannot go on);
3. no veto: F is not a totals row (Итого/Всего/Барлығы/Жиыны/Total), no
   non-empty cell of F continues a P cell whose text ended well above
   the bottom of its cell on the previous page (more than three line
   heights of blank space: that text was complete, so a page break did
   not cut it), and no cell of F holding a number only sits under a P
   cell holding a number only (a figure is not the rest of another one);

and the evidence scores at least ``MERGE_SCORE`` (3):

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
capitals and fills most columns, so it scores 1-2 and stays a row.  A row
broken mid-sentence scores 3+ from the lowercase start alone, and a long
description running over several pages scores 3 from +2 and +1.

Merging appends each fragment cell's text to the cell above it, with a
space, or "\\n" when the fragment starts a list item, or nothing after a
hyphenated compound cut by the page or inside a URL link; it unions the
pages and counts ``Row.fragments``.  A cell's
``pages`` are the pages its text came from; a row's ``pages`` are every
page it appears on.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from extract.model import Cell, Hyperlink, Row, Table
from extract.pdf_borderless_stitch import borderless_fits, snap_columns
from extract.pdf_page import PCell, PTable
from extract.pdf_text import continues_link, hyphen_joins, starts_paragraph

COLUMN_TOLERANCE = 3.0
MAX_SHIFT = 72.0
MAX_HEADER_ROWS = 5
MERGE_SCORE = 3

_TOTAL_RE = re.compile(r"^\s*(итого|всего|барлығы|барлыгы|жиыны|жиынтығы|total)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…]\s*$")
_CONT_PUNCT = ",;:)]»”"


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


_NUMBER_ONLY = re.compile(r"^\s*[-–—]?\s*\d[\d\s.,%]*$")


def _number_under_number(above: str, below: str) -> bool:
    """Two cells that hold a number only: the lower one does not go on with
    the upper one ("3" over "0" in a "plan" column are two rows)."""
    return bool(_NUMBER_ONLY.match(above)) and bool(_NUMBER_ONLY.match(below))


def _start_kind(text: str) -> str:
    t = text.lstrip()
    if not t:
        return "none"
    ch = t[0]
    if ch in _CONT_PUNCT:
        return "lower"
    if ch.isalpha():
        return "lower" if ch.islower() else "upper" if ch.isupper() else "other"
    return "other"


@dataclass(slots=True)
class LCell:
    text: str
    row: int
    rs: int
    rx0: float
    rx1: float
    bold: bool
    links: list[Hyperlink]
    tables: list[Table]
    pages: set[int]
    # the fragment on the latest page the cell appeared on
    tail_text: str
    tail_lines: int
    tail_gap: float | None
    tail_lh: float
    first_line: str
    last_line: str
    first_link: str | None
    last_link: str | None

    @classmethod
    def from_part(cls, pc: PCell, row: int, left: float, page: int, rs: int | None = None) -> "LCell":
        return cls(
            text=pc.text,
            row=row,
            rs=pc.rs if rs is None else rs,
            rx0=pc.x0 - left,
            rx1=pc.x1 - left,
            bold=pc.bold,
            links=list(pc.links),
            tables=list(pc.tables),
            pages={page},
            tail_text=pc.text,
            tail_lines=pc.n_lines,
            tail_gap=(pc.bottom - pc.last_bottom) if pc.last_bottom is not None else None,
            tail_lh=pc.line_height or 10.0,
            first_line=pc.first_line,
            last_line=pc.last_line,
            first_link=pc.first_link,
            last_link=pc.last_link,
        )


@dataclass(slots=True)
class LRow:
    cells: list[LCell]
    pages: set[int]
    fragments: int = 1


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


class LogicalTable:
    """A table being assembled from one or more page parts."""

    def __init__(self, part: PTable):
        self.rows: list[LRow] = []
        self.pages: set[int] = set()
        self.width = part.x1 - part.x0
        self.left = part.x0
        self.last_page = part.page
        self.bounds: list[float] = [x - part.x0 for x in part.xb]
        self.last_part = part
        rows = part.rows()
        self.header_sigs = [self._sig(r) for r in rows[:MAX_HEADER_ROWS]]
        self._append(part, rows, 0)

    # -- layout -----------------------------------------------------------

    @staticmethod
    def _sig(row: list[PCell]) -> tuple[str, ...]:
        return tuple(_norm(c.text) for c in row)

    def _match_bounds(self, other: list[float]) -> tuple[int, int]:
        """(boundaries of ``other`` not in the table, table boundaries not in ``other``)."""
        mine = self.bounds
        extra = sum(1 for x in other if not any(abs(x - y) <= COLUMN_TOLERANCE for y in mine))
        missing = sum(1 for y in mine if not any(abs(x - y) <= COLUMN_TOLERANCE for x in other))
        return extra, missing

    def compatible(self, part: PTable) -> bool:
        if part.page != self.last_page + 1:
            return False
        if part.borderless or self.last_part.borderless:
            return borderless_fits(self.last_part, part)
        if abs((part.x1 - part.x0) - self.width) > COLUMN_TOLERANCE:
            return False
        if abs(part.x0 - self.left) > MAX_SHIFT:
            return False
        extra, missing = self._match_bounds([x - part.x0 for x in part.xb])
        return extra == 0 or missing == 0

    # -- assembly ---------------------------------------------------------

    def _append(self, part: PTable, rows: list[list[PCell]], first_local: int,
                leftovers: list[tuple[int, PCell, int]] | None = None) -> None:
        """Append part rows ``rows[first_local:]`` as new logical rows."""
        base = len(self.rows) - first_local
        n_local = len(rows)
        extra_cells: dict[int, list[LCell]] = {}
        for local_row, pc, rs in leftovers or ():
            extra_cells.setdefault(local_row, []).append(
                LCell.from_part(pc, base + local_row, part.x0, part.page, rs=rs)
            )
            extra_cells[local_row][-1].text = ""
            extra_cells[local_row][-1].tail_text = ""
            extra_cells[local_row][-1].links = []
            extra_cells[local_row][-1].tables = []
            extra_cells[local_row][-1].pages = set()
        for lr in range(first_local, n_local):
            cells = [
                LCell.from_part(pc, base + lr, part.x0, part.page, rs=min(pc.rs, n_local - lr))
                for pc in rows[lr]
            ]
            cells.extend(extra_cells.get(lr, ()))
            cells.sort(key=lambda c: c.rx0)
            self.rows.append(LRow(cells=cells, pages={part.page}))
        self.pages.add(part.page)
        self.last_page = part.page
        self.left = part.x0

    def add_part(self, part: PTable) -> None:
        """Stitch a compatible part from the next page onto this table."""
        if part.borderless or self.last_part.borderless:
            snap_columns(part, self.last_part)
        self.last_part = part
        extra, _missing = self._match_bounds([x - part.x0 for x in part.xb])
        if extra:
            merged = sorted(self.bounds + [x - part.x0 for x in part.xb])
            self.bounds = []
            for x in merged:
                if not self.bounds or x - self.bounds[-1] > COLUMN_TOLERANCE:
                    self.bounds.append(x)
        rows = part.rows()
        k = 0
        while (
            k < len(rows)
            and k < len(self.header_sigs)
            and any(self.header_sigs[k])
            and self._sig(rows[k]) == self.header_sigs[k]
        ):
            k += 1
        self.pages.add(part.page)
        if k >= len(rows):
            self.last_page = part.page
            self.left = part.x0
            return
        leftovers: list[tuple[int, PCell, int]] = []
        first = k
        if self.rows and self._continues(rows[k], part):
            leftovers = self._merge(rows[k], part)
            first = k + 1
        self._append(part, rows, first, leftovers)

    def _covering(self, r: int) -> list[LCell]:
        out = []
        for i in range(r, max(-1, r - 200), -1):
            for c in self.rows[i].cells:
                if c.row + c.rs > r:
                    out.append(c)
        out.sort(key=lambda c: c.rx0)
        return out

    def _targets(self, frag: list[PCell], left: float, cover: list[LCell]) -> dict[int, LCell] | None:
        out: dict[int, LCell] = {}
        for i, fc in enumerate(frag):
            fx0, fx1 = fc.x0 - left, fc.x1 - left
            best, best_ov = None, COLUMN_TOLERANCE
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

    def _continues(self, frag: list[PCell], part: PTable) -> bool:
        """The continuation rule (see the module docstring)."""
        if not frag:
            return False
        first = min(frag, key=lambda c: c.x0)
        if first.x0 - part.x0 > COLUMN_TOLERANCE or first.text:
            return False
        filled = [(i, fc) for i, fc in enumerate(frag) if fc.text]
        if not filled:
            return False
        last = len(self.rows) - 1
        cover = self._covering(last)
        if not cover:
            return False
        targets = self._targets(frag, part.x0, cover)
        if targets is None:
            return False
        lead = cover[0] if cover[0].rx0 <= COLUMN_TOLERANCE else None
        continued = []
        for i, fc in filled:
            t = targets.get(i)
            if t is None or not t.tail_text or t is lead:
                return False
            if _TOTAL_RE.match(fc.text) or _number_under_number(t.tail_text, fc.text):
                return False
            if t.tail_gap is not None and t.tail_gap > 3 * t.tail_lh + 6:
                return False
            continued.append(t)
        prow = self.rows[last]
        score = 0
        kinds = [_start_kind(fc.text) for _, fc in filled]
        lower, upper = kinds.count("lower"), kinds.count("upper")
        if lower and lower * 2 >= lower + upper:
            score += 3
        if prow.fragments > 1:
            score += 2
        if lead is not None and lead.text:
            score += 1
        if not any(_SENTENCE_END.search(t.text) for t in continued):
            score += 1
        p_filled = sum(1 for c in cover if c.tail_text and c is not lead)
        if len(filled) * 2 <= p_filled:
            score += 1
        if all(
            t.tail_lines >= 2 and t.tail_gap is not None and t.tail_gap <= 1.5 * t.tail_lh + 4 for t in continued
        ):
            score += 1
        return score >= MERGE_SCORE

    def _merge(self, frag: list[PCell], part: PTable) -> list[tuple[int, PCell, int]]:
        """Merge fragment row ``frag`` into the last row; return leftover spans."""
        last = len(self.rows) - 1
        cover = self._covering(last)
        targets = self._targets(frag, part.x0, cover) or {}
        leftovers: list[tuple[int, PCell, int]] = []
        seen: set[int] = set()
        for i, fc in enumerate(frag):
            t = targets.get(i)
            if fc.rs > 1:
                leftovers.append((fc.r + 1, fc, fc.rs - 1))
            if t is None:
                continue
            if fc.text:
                if not t.text:
                    t.text = fc.text
                    t.links.extend(fc.links)
                else:
                    glue = (
                        t.last_link is not None
                        and t.last_link == fc.first_link
                        and bool(t.links)
                        and bool(fc.links)
                        and continues_link(t.links[-1].text, fc.links[0].text, t.last_link)
                    )
                    if glue or hyphen_joins(t.last_line, fc.first_line):
                        sep = ""
                    elif starts_paragraph(t.last_line, fc.first_line):
                        sep = "\n"
                    else:
                        sep = " "
                    t.text = t.text + sep + fc.text
                    links = list(fc.links)
                    if glue and links:
                        t.links[-1] = Hyperlink(t.links[-1].text + links[0].text, t.links[-1].target)
                        links = links[1:]
                    t.links.extend(links)
                t.pages.add(part.page)
                t.bold = t.bold and fc.bold
                t.tables.extend(fc.tables)
            elif fc.links:
                t.links.extend(fc.links)
            if id(t) not in seen:  # the latest fragment is what the next page continues
                seen.add(id(t))
                t.tail_text = fc.text
                t.tail_lines = fc.n_lines
                t.tail_gap = (fc.bottom - fc.last_bottom) if fc.last_bottom is not None else None
                t.tail_lh = fc.line_height or t.tail_lh
                t.first_line = fc.first_line or t.first_line
                t.last_line = fc.last_line or t.last_line
                t.last_link = fc.last_link if fc.text else t.last_link
            elif fc.text:
                t.tail_text = (t.tail_text + " " + fc.text).strip()
        for lc in cover:  # cells the fragment did not reach were finished
            if id(lc) not in seen:
                lc.tail_text = ""
        row = self.rows[last]
        row.pages.add(part.page)
        row.fragments += 1
        return leftovers

    # -- output -----------------------------------------------------------

    def to_model(self) -> Table:
        bounds = self.bounds
        n_cols = max(1, len(bounds) - 1)

        def col_of(x: float) -> int:
            i = bisect_left(bounds, x - COLUMN_TOLERANCE)
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
