"""Rows and cells of a borderless table zone -> a ``PTable``.

Columns are given (``pdf_borderless_zones``); this module finds the rows
and the cells, with the same geometry facts the ruled path has.

* Each line's words are cut into pieces at the column boundaries; a piece
  whose words run over a boundary belongs to a cell merged over columns.
* A piece starts a block in its column when the line pitch above it is
  larger than the pitch of lines inside a cell (``pdf_text.pitch_limit``),
  or when its columns differ from those of the piece above it.
* A row starts on a line where the first column starts a block (a "№" or a
  label), where at least two columns start blocks and no more columns go
  on than start, where a cell merged over columns begins or ends, under a
  rule, under the bold lines a table starts with (its header), on a bold
  line under plain text in two columns or more (a title row, a total), or
  under a one-line row with text in the same three columns or more when no
  column's text goes on or starts in lower case (a table of one-line rows).  Text that runs on in one column while others start (a second
  paragraph of a cell) stays in its cell.
* Vertically merged cells cannot be seen without rules; a cell is taken to
  run down into the next row when its text visibly goes on there (the next
  line starts in lower case or after a hyphen, in the same weight).  Empty
  cells of a header row under a header cell belong to it, and so do those
  that go on with it in lower case (a sub-header under a merged header
  cell covers other columns); empty leading
  cells of an ordinary row (not set in bold) belong to the cells above
  them when two or more leading columns are empty, or when the first
  column's cells run down over rows elsewhere in the table: that is how a
  borderless table groups rows under one "№" / task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.pdf_borderless_gutters import Boundary
from extract.pdf_borderless_lines import Rule, TextLine, Word
from extract.pdf_borderless_zones import RULE_WIDTH_SHARE, Zone
from extract.pdf_page import PCell, PTable
from extract.pdf_text import Glyph, hyphen_joins, normal_pitch, pitch_limit, starts_paragraph

# Cell padding left and right of the text (Word's and LibreOffice's
# default, 0.19 cm): where a column's edge is put next to its text.
CELL_PADDING = 5.4
# Pieces of one line are cut at a boundary only across white space at
# least this wide (a word space in a merged cell is narrower).
MIN_CUT_GAP = 4.0
# A line under a one-line row with text in the same columns, this many or
# more, where no column's text goes on, starts a row (a table of one-line
# rows).
ROW_OF_LINES = 3
# A title row's text is centred on the table within this share of its width.
TITLE_CENTRE = 0.1
# A header is at most this many rows above a rule across the table.
MAX_HEADER_ROWS = 4
# Characters that go on with the text before them.
CONTINUING_PUNCTUATION = ",;:)]»”"
# A word space, in font heights: a line is full when the next line's first
# word and a space would not fit after it.
WORD_SPACE_EM = 0.3
# A column of running text: half its lines fill this share of its width,
# or its lines hold this many words on average (a column of one-word
# values, "человек" over "тенге", holds one).
WRAPPING_FILL = 0.7
WRAPPING_WORDS = 1.5
# A capital after these starts a new sentence.
SENTENCE_END = ".!?…"
# A cell that holds a number only ("350", "1 260 000", "4.", "-").
_NUMBER = re.compile(r"^[-–—]?\s*\d[\d\s.,%]*$|^[-–—]$")


@dataclass(slots=True)
class Piece:
    """The words of one line in one column (or in columns c0..c1 of a merged cell)."""

    line: int
    c0: int
    c1: int
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def height(self) -> float:
        return max(w.bottom for w in self.words) - self.top

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass(slots=True)
class _Cell:
    r: int
    c0: int
    c1: int
    rs: int = 1
    pieces: list[Piece] = field(default_factory=list)
    runs_on: bool = False  # went on into a row below by its text


def _pieces(i: int, line: TextLine, mids: list[float]) -> list[Piece]:
    out: list[Piece] = []
    for w in line.words:
        c0 = sum(1 for m in mids if m <= w.x0)
        c1 = max(c0, sum(1 for m in mids if m < w.x1))
        if out:
            prev = out[-1].words[-1]
            cut = w.x0 - prev.x1 >= MIN_CUT_GAP and any(prev.x1 < m <= w.x0 for m in mids)
            if not cut:
                out[-1].words.append(w)
                out[-1].c1 = max(out[-1].c1, c1)
                continue
        out.append(Piece(i, c0, c1, [w]))
    return out


# How a piece relates to the piece above it in its column (``_marks``).
AFTER_GAP = 4  # white space above it, or a merged cell begins / splits: a new block
NEW_NUMBER = 3  # a number under a number
NEW_SENTENCE = 2  # a capital after a full stop
UNSURE = 1
GOES_ON = 0  # the line above was full and this one goes on in lower case or after a hyphen


def _numeric(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _text_mark(prev: Piece, p: Piece, col: _Column) -> int:
    if _goes_on(prev, p, col):
        return GOES_ON
    if _numeric(p.text) and _numeric(prev.text):
        return NEW_NUMBER
    first = p.text.lstrip()[:1]
    if first.isupper() and prev.text.rstrip()[-1:] in SENTENCE_END:
        return NEW_SENTENCE
    return UNSURE


@dataclass(slots=True)
class _Column:
    """A column's text: its extent, and whether it is running text that
    wraps or one-line values."""

    left: float = float("inf")
    right: float = float("-inf")
    widths: list[float] = field(default_factory=list)
    words: int = 0

    @property
    def wraps(self) -> bool:
        if not self.widths:
            return False
        widths = sorted(self.widths)
        full = widths[len(widths) // 2] >= WRAPPING_FILL * (self.right - self.left)
        return full or self.words >= WRAPPING_WORDS * len(self.widths)


def _columns(pieces: list[list[Piece]]) -> dict[tuple[int, int], _Column]:
    """The text of each column, and of each run of columns a merged cell
    covers, keyed by (first, last) column."""
    cols: dict[tuple[int, int], _Column] = {}
    for line in pieces:
        for p in line:
            col = cols.setdefault((p.c0, p.c1), _Column())
            col.left = min(col.left, p.words[0].x0)
            col.right = max(col.right, p.words[-1].x1)
            col.widths.append(p.words[-1].x1 - p.words[0].x0)
            col.words += len(p.words)
    return cols


def _marks(pieces: list[list[Piece]], n_cols: int) -> tuple[list[dict[int, int]], set[int]]:
    """Per line: column -> how the piece there follows the one above it
    (AFTER_GAP .. GOES_ON).  And the lines where a cell merged over columns
    begins or splits into columns."""
    by_col: list[list[Piece]] = [[] for _ in range(n_cols)]
    for line in pieces:
        for p in line:
            for c in range(p.c0, p.c1 + 1):
                by_col[c].append(p)
    samples = []
    for seq in by_col:
        for a, b in zip(seq, seq[1:]):
            h = max(a.height, b.height)
            if h > 0 and 0.8 <= (b.top - a.top) / h <= 3.0:
                samples.append((b.top - a.top) / h)
    limit = pitch_limit(normal_pitch(samples))
    cols = _columns(pieces)
    marks: list[dict[int, int]] = [{} for _ in pieces]
    reshaped: set[int] = set()
    last: list[Piece | None] = [None] * n_cols  # the latest piece over each column
    for line in pieces:
        for p in line:
            # the piece above: the latest one over any of its columns (a merged
            # cell's lines may start or end in different columns)
            above = [q for q in last[p.c0 : p.c1 + 1] if q is not None]
            prev = max(above, key=lambda q: q.line) if above else None
            if prev is None or (p.top - prev.top) / max(p.height, prev.height, 0.1) > limit:
                mark = AFTER_GAP
            elif (prev.c0, prev.c1) != (p.c0, p.c1) and _reshapes(prev, p, pieces[p.line], pieces[prev.line]):
                mark = AFTER_GAP
                reshaped.add(p.line)
            else:
                mark = _text_mark(prev, p, cols[p.c0, p.c1])
            for c in range(p.c0, p.c1 + 1):
                marks[p.line][c] = mark
        for p in line:
            for c in range(p.c0, p.c1 + 1):
                last[c] = p
    return marks, reshaped


def _reshapes(prev: Piece, p: Piece, line: list[Piece], prev_line: list[Piece]) -> bool:
    """Does a merged cell begin over pieces of the line above, or split into
    pieces of its columns?  A line of a merged cell that is shorter, longer
    or indented (a list inside it) goes on."""
    if sum(1 for q in line if prev.c0 <= q.c0 and q.c1 <= prev.c1) > 1:
        return True
    return sum(1 for q in prev_line if p.c0 <= q.c0 and q.c1 <= p.c1) > 1


def _header_end(pieces: list[list[Piece]]) -> int | None:
    """The first line under the bold lines a zone starts with (its header),
    if the zone goes on in another weight."""
    k = 0
    while k < len(pieces) and pieces[k] and all(p.bold for p in pieces[k]):
        k += 1
    if 0 < k < len(pieces) and not any(p.bold for p in pieces[k]):
        return k
    return None


def _row_tops(lines: list[TextLine], pieces: list[list[Piece]], marks: list[dict[int, int]], reshaped: set[int], rules: list[Rule]) -> list[int]:
    """First lines of the rows (see the module docstring)."""
    forced = {0, _header_end(pieces) or 0}
    for r in rules:
        k = next((i for i, ln in enumerate(lines) if (ln.top + ln.bottom) / 2 > r.y), None)
        if k:
            forced.add(k)
    for i in range(1, len(pieces)):  # a bold row after plain text: a title or a total
        line, above = pieces[i], pieces[i - 1]
        if line and all(p.bold for p in line) and not any(p.bold for p in above):
            if len(line) >= 2 or line[0].c1 > line[0].c0:
                forced.add(i)
    tops = []
    for i, line_marks in enumerate(marks):
        strong = sum(1 for m in line_marks.values() if m >= NEW_NUMBER)
        weak = sum(1 for m in line_marks.values() if m == NEW_SENTENCE)
        going = sum(1 for m in line_marks.values() if m == GOES_ON)
        if (
            i in forced
            or i in reshaped
            or line_marks.get(0, UNSURE) >= NEW_NUMBER
            or (strong >= 2 and strong + weak >= going)
            or (strong + weak >= 2 and going == 0)
            or (
                tops
                and tops[-1] == i - 1
                and going == 0
                and len(line_marks) >= ROW_OF_LINES
                and line_marks.keys() == marks[i - 1].keys()
                and not any(_lower(p.text) for p in pieces[i])
            )
        ):
            tops.append(i)
    return tops


def _goes_on(prev: Piece, nxt: Piece, col: _Column) -> bool:
    """Does ``nxt`` visibly continue the text of ``prev`` (the line above it)?

    After a hyphen that ends a word, yes.  Else ``nxt`` must go on in lower
    case in the same weight, in a column of running text (``_Column.wraps``:
    a column of one-word values, "человек" over "организация", does not go
    on), and the line above must be full: the first word of ``nxt`` and a
    space would not have fitted after it within the column's text (on
    either side of a centred line).
    """
    if prev.bold != nxt.bold or starts_paragraph(prev.text, nxt.text) or prev.text == nxt.text:
        return False
    if hyphen_joins(prev.text, nxt.text):
        return True
    ch = nxt.text.lstrip()[:1]
    if not (ch and ((ch.isalpha() and ch.islower()) or ch in CONTINUING_PUNCTUATION)) or not col.wraps:
        return False
    first, last = prev.words[0], prev.words[-1]
    room = col.right - last.x1
    if first.x0 - col.left > 1.0:
        room += first.x0 - col.left
    after = nxt.words[0]
    return room < (after.x1 - after.x0) + WORD_SPACE_EM * (after.bottom - after.top)


def _runs_on(cell: _Cell, line: list[Piece], marks: dict[int, int]) -> bool:
    """Does the text of ``cell`` visibly go on in ``line`` (the first line of
    the next row)?"""
    inside = [p for p in line if cell.c0 <= p.c0 and p.c1 <= cell.c1]
    return bool(cell.pieces) and bool(inside) and marks.get(inside[0].c0, UNSURE) == GOES_ON


def _build_cells(pieces: list[list[Piece]], marks: list[dict[int, int]], tops: list[int], n_cols: int) -> list[list[_Cell]]:
    grid: list[list[_Cell]] = []
    ends = tops[1:] + [len(pieces)]
    for r, (a, b) in enumerate(zip(tops, ends)):
        row: list[_Cell | None] = [None] * n_cols
        if r:
            for cell in {id(c): c for c in grid[-1]}.values():
                if _runs_on(cell, pieces[a], marks[a]):
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


def _lower(text: str) -> bool:
    ch = text.lstrip()[:1]
    return ch.isalpha() and ch.islower()


def _merge_down(grid: list[list[_Cell]], r: int, cell: _Cell, first_row: int = 0) -> bool:
    """Merge ``cell`` of row r into the cell above it, if that one covers the
    same columns and is anchored in ``first_row`` or below."""
    if grid[r][cell.c0] is not cell:
        return False
    above = grid[r - 1][cell.c0]
    if above.r < first_row or above.c0 != cell.c0 or above.c1 != cell.c1 or not (above.pieces or above.rs > 1):
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
            if cell.r == r and (not cell.pieces or _lower(cell.pieces[0].text)):
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
                _merge_down(grid, r, cell, header)
        for cell in own:
            if not cell.pieces and cell.c0 in running:
                _merge_down(grid, r, cell, header)


def _widen_title_rows(grid: list[list[_Cell]], xb: list[float]) -> None:
    """A row whose only text is one cell merged over columns, centred on the
    table, is a title row across the whole table ("Публикации партнеров и
    СМИ"): its empty cells belong to it."""
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
        if abs(centre - mid) <= TITLE_CENTRE * width:
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


def build_table(page_no: int, zone: Zone, lines: list[TextLine], rules: list[Rule]) -> PTable:
    """The PTable of a zone (``lines``: the zone's lines; ``rules``: the rules
    of the page that lie across it)."""
    n_cols = len(zone.bounds) + 1
    mids = [b.mid for b in zone.bounds]
    pieces = [_pieces(i, ln, mids) for i, ln in enumerate(lines)]
    marks, reshaped = _marks(pieces, n_cols)
    inside = [r for r in rules if lines[0].bottom < r.y < lines[-1].top]
    tops = _row_tops(lines, pieces, marks, reshaped, inside)
    grid = _build_cells(pieces, marks, tops, n_cols)
    xb = _edges(zone, lines)
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
