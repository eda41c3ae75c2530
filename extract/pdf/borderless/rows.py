"""Rows of a borderless table zone (``extract.pdf.borderless.find``).

Columns are given (``borderless.zones``).  Each line's words are cut
into pieces at the column boundaries; a piece whose words run over a
boundary belongs to a cell merged over columns.  Each piece is marked by
how it follows the piece above it (``marks``): after white space larger
than the line pitch inside a cell (``extract.pdf.paragraph_breaks.pitch_limit``), or where a
merged cell begins or splits (a new block); a number under a number; a
capital after a full stop; text that visibly goes on (``goes_on``); or
unsure.

A row starts (``row_tops``) on a line where the first column starts a
block or a number (a "№" or a label), where two columns or more start a
block or a number and no more columns go on than start, where a merged
cell begins or splits, under a rule, under the bold lines a table starts
with (its header), on a bold line under plain text in two columns or more
(a title row, a total), or under a one-line row with text in the same
three columns or more when no column's text goes on or starts in lower
case (a table of one-line rows), or on a line that repeats the row's first
line column for column.  Text that runs on in one column while
others start (a second paragraph of a cell) stays in its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from esep.extract.pdf.borderless.lines import Rule, TextLine, Word
from esep.extract.pdf.paragraph_breaks import normal_pitch, pitch_limit, starts_paragraph
from esep.extract.pdf.settings import TextSettings
from esep.extract.pdf.word_repair import hyphen_joins

# Pieces of one line are cut at a boundary only across white space at
# least this wide (a word space in a merged cell is narrower).
MIN_CUT_GAP = 4.0
# A line under a one-line row with text in the same columns, this many or
# more, where no column's text goes on, starts a row (a table of one-line
# rows).
ROW_OF_LINES = 3
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
# ... or it shows this many lines that wrap (``_Column._seen_wrapping``).
WRAP_SEEN = 2
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


def pieces_of(i: int, line: TextLine, mids: list[float]) -> list[Piece]:
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


def numeric(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _text_mark(prev: Piece, p: Piece, col: _Column) -> int:
    if _goes_on(prev, p, col):
        return GOES_ON
    if numeric(p.text) and numeric(prev.text):
        return NEW_NUMBER
    first = p.text.lstrip()[:1]
    if first.isupper() and prev.text.rstrip()[-1:] in SENTENCE_END:
        return NEW_SENTENCE
    if (first.isupper() or first.isdigit()) and not _full(prev, p, col, max(col.right, col.cell_right)):
        return NEW_SENTENCE  # the line above broke where the next word would have fitted in its cell
    return UNSURE


@dataclass(slots=True)
class _Column:
    """A column's text: its extent, and whether it is running text that
    wraps or one-line values."""

    left: float = float("inf")
    right: float = float("-inf")
    widths: list[float] = field(default_factory=list)
    words: int = 0
    # lines of several words that go on in lower case on the next line:
    # (the line's right end, the width of the next line's first word)
    breaks: list[tuple[float, float]] = field(default_factory=list)
    cell_right: float = float("-inf")  # where the cell's text must end, from the column edges

    @property
    def wraps(self) -> bool:
        if not self.widths:
            return False
        widths = sorted(self.widths)
        full = widths[len(widths) // 2] >= WRAPPING_FILL * (self.right - self.left)
        return full or self.words >= WRAPPING_WORDS * len(self.widths) or self._seen_wrapping()

    def _seen_wrapping(self) -> bool:
        """Narrow columns of long words fill their lines little: WRAP_SEEN
        lines of several words whose next line goes on in lower case with a
        word that would not have fitted after them show the text wraps."""
        return sum(1 for x1, w in self.breaks if self.right - x1 < w) >= WRAP_SEEN


def _columns(pieces: list[list[Piece]]) -> dict[tuple[int, int], _Column]:
    """The text of each column, and of each run of columns a merged cell
    covers, keyed by (first, last) column."""
    cols: dict[tuple[int, int], _Column] = {}
    latest: dict[tuple[int, int], Piece] = {}
    for line in pieces:
        for p in line:
            key = (p.c0, p.c1)
            col = cols.setdefault(key, _Column())
            col.left = min(col.left, p.words[0].x0)
            col.right = max(col.right, p.words[-1].x1)
            col.widths.append(p.words[-1].x1 - p.words[0].x0)
            col.words += len(p.words)
            prev = latest.get(key)
            if prev is not None and prev.line == p.line - 1 and len(prev.words) >= 2 and lower(p.text):
                col.breaks.append((prev.words[-1].x1, p.words[0].x1 - p.words[0].x0))
            latest[key] = p
    return cols


def mark_pieces(
    pieces: list[list[Piece]], n_cols: int, text_ends: list[float], settings: TextSettings
) -> tuple[list[dict[int, int]], set[int]]:
    """Per line: column -> how the piece there follows the one above it
    (AFTER_GAP .. GOES_ON).  And the lines where a cell merged over columns
    begins or splits into columns.  ``text_ends``: how far right the text of
    each column may run (its edge less the cell's padding)."""
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
    limit = pitch_limit(normal_pitch(samples, settings), settings)
    cols = _columns(pieces)
    for (_c0, c1), col in cols.items():
        col.cell_right = text_ends[c1]
    marks: list[dict[int, int]] = [{} for _ in pieces]
    reshaped: set[int] = set()
    last: list[Piece | None] = [None] * n_cols  # the latest piece over each column
    for line in pieces:
        for p in line:
            # the piece above: the latest one over any of its columns (a merged
            # cell's lines may start or end in different columns)
            above = [q for q in last[p.c0 : p.c1 + 1] if q is not None]
            prev = max(above, key=lambda q: q.line) if above else None
            if prev is not None and (prev.c0, prev.c1) != (p.c0, p.c1) and _reshapes(prev, p, pieces[p.line], pieces[prev.line]):
                mark = AFTER_GAP
                reshaped.add(p.line)
            elif prev is None or (p.top - prev.top) / max(p.height, prev.height, 0.1) > limit:
                mark = AFTER_GAP
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


def row_tops(lines: list[TextLine], pieces: list[list[Piece]], marks: list[dict[int, int]], reshaped: set[int], rules: list[Rule]) -> list[int]:
    """First lines of the rows (see the module docstring)."""
    forced = {0}
    for r in rules:
        k = next((i for i, ln in enumerate(lines) if (ln.top + ln.bottom) / 2 > r.y), None)
        if k:
            forced.add(k)
    header_end = _header_end(pieces) or 0
    # a rule under the header ends it, and so does a block the first column
    # starts among the bold lines (a bold title row under the header)
    ended = [i for i in range(1, header_end) if marks[i].get(0, UNSURE) >= NEW_NUMBER]
    if header_end <= min((forced - {0}) | set(ended), default=header_end):
        forced.add(header_end)
    for i in range(1, len(pieces)):  # a bold row after plain text: a title or a total
        line, above = pieces[i], pieces[i - 1]
        if line and all(p.bold for p in line) and not any(p.bold for p in above):
            if len(line) >= 2 or line[0].c1 > line[0].c0:
                forced.add(i)
    tops = []
    for i, line_marks in enumerate(marks):
        per_piece = [line_marks[p.c0] for p in pieces[i]]  # a merged cell's text counts once
        strong = sum(1 for m in per_piece if m >= NEW_NUMBER)
        weak = sum(1 for m in per_piece if m == NEW_SENTENCE)
        going = sum(1 for m in per_piece if m == GOES_ON)
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
                and not any(lower(p.text) for p in pieces[i])
            )
            or (tops and _repeats(pieces[i], pieces[tops[-1]]))
        ):
            tops.append(i)
    return tops


def _repeats(line: list[Piece], row_start: list[Piece]) -> bool:
    """Does ``line`` repeat the first line of the row above, the same text in
    the same columns, two columns or more?  Then the row starts again (two
    publications of one outlet and title); wrapped text does not repeat its
    own first line."""
    key = [(p.c0, p.c1, p.text) for p in line]
    return len(key) >= 2 and key == [(p.c0, p.c1, p.text) for p in row_start]


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
    return _full(prev, nxt, col, col.right)


def _full(prev: Piece, nxt: Piece, col: _Column, right: float) -> bool:
    """Would the first word of ``nxt`` and a space not have fitted after
    ``prev`` within the column's text up to ``right`` (on either side of a
    centred line)?"""
    first, last = prev.words[0], prev.words[-1]
    room = right - last.x1
    if first.x0 - col.left > 1.0:
        room += first.x0 - col.left
    after = nxt.words[0]
    return room < (after.x1 - after.x0) + WORD_SPACE_EM * (after.bottom - after.top)


def lower(text: str) -> bool:
    ch = text.lstrip()[:1]
    return ch.isalpha() and ch.islower()
