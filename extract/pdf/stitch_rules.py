"""The two judgements of stitching: a repeated header row, and a row the page broke.

They are pure functions over the few facts they need, so that any kind of
page part -- ruled, OCR'd, or a table whose columns come from text
alignment -- is judged the same way.  ``extract.pdf.stitch`` decides when
two parts are one table and does the merging.

Repeated header rows
--------------------
The first rows of the new part that repeat, in order, the first rows of
the table (up to ``StitchSettings.max_header_rows`` rows, never the first part's last
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
``merge_score`` (3) (``continues`` below).  F's first cell must
sit at the table's left edge, and every non-empty cell of F must sit under
a cell covering P (P's own, or one merged down into P from a row above).

Vetoes -- F is a row of its own when any non-empty cell of F:

1. is wider than the cell above it (less than ``min_under_share`` of its
   width under it): a group title or a column-number row spanning the
   table does not continue one column;
2. sits under a cell that had no text on the previous page (a column that
   was already finished cannot go on);
3. sits under a cell whose text ended well above its cell's bottom on the
   previous page (more than ``cut_gap_lines`` line heights of blank: the
   text was complete, so the page did not cut it) -- this is what stops a
   "№" cell whose number sits at the top of a tall row;
4. sits under a cell that holds a bare row number (2, 2., 2.1): a number
   does not run on to the next page; nor does a cell holding a number only
   go on with one holding a number only (a figure is not the rest of
   another: "3" over "0" in a plan column are two rows);
5. is a new row number in the first column, or starts a totals row
   (``StitchSettings.total_row``: the words are the caller's, the forms'
   «total» labels that the pipeline passes from ``normalize.patterns``);

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from esep.extract.pdf.links import looks_like_url
from esep.extract.pdf.settings import StitchSettings

# The rules' settings when a caller (a test) passes none; the reader always passes its own.
_DEFAULT = StitchSettings()

_SENTENCE_END = re.compile(r"[.!?…]\s*$")
_CONT_PUNCT = ",;:)]»”"
# A row number as a "№" column writes it: 2, 2., 2), 2.1, 2.1.
_ROW_NUMBER = re.compile(r"^\(?\d{1,3}(?:\.\d{1,3})*[.)]?$")


def norm(text: str) -> str:
    """Text compared without case, spaces or punctuation."""
    return re.sub(r"[\W_]+", "", text.lower())


def start_kind(text: str) -> str:
    """'lower' (goes on mid-sentence), 'upper', 'other' or 'none' for how ``text`` starts."""
    t = text.lstrip()
    if not t:
        return "none"
    if looks_like_url(t.split(maxsplit=1)[0]):
        return "other"  # a link starts lowercase whether or not a sentence goes on
    ch = t[0]
    if ch in _CONT_PUNCT:
        return "lower"
    if ch.isalpha():
        return "lower" if ch.islower() else "upper" if ch.isupper() else "other"
    return "other"


_NUMBER_ONLY = re.compile(r"^\s*[-–—]?\s*\d[\d\s.,%]*$")


def _number_under_number(above: str, below: str) -> bool:
    """Two cells that hold a number only: the lower does not go on with the upper."""
    return bool(_NUMBER_ONLY.match(above)) and bool(_NUMBER_ONLY.match(below))


def is_row_number(text: str) -> bool:
    return bool(_ROW_NUMBER.match(text.strip()))


def _starts_total(text: str, settings: StitchSettings) -> bool:
    """The caller's totals pattern (``StitchSettings.total_row``) matches the cell's start."""
    return settings.total_row is not None and settings.total_row.match(text) is not None


# -- repeated header rows ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellSig:
    """A cell of a row as the header comparison sees it: x range from the part's left, normalised text."""

    x0: float
    x1: float
    text: str


def _under(cell: CellSig, row: list[CellSig], tolerance: float) -> CellSig | None:
    best, best_ov = None, tolerance
    for other in row:
        ov = min(cell.x1, other.x1) - max(cell.x0, other.x0)
        if ov > best_ov:
            best, best_ov = other, ov
    return best


def repeats_header(row: list[CellSig], header: list[CellSig], tolerance: float, settings: StitchSettings = _DEFAULT) -> bool:
    """Is ``row`` (of a later part) the header row ``header`` drawn again?

    Every non-empty cell of ``row`` reads, normalised, as the header cell at
    its place or as the start of it (a repeated header clipped by a shorter
    row), and it shows text in at least ``min_header_share`` of the header
    row's filled cells: one matching word does not make a header.
    """
    filled = [c for c in row if c.text]
    header_filled = [c for c in header if c.text]
    if not filled or not header_filled or len(filled) < settings.min_header_share * len(header_filled):
        return False
    for cell in filled:
        twin = _under(cell, header, tolerance)
        if twin is None or not twin.text.startswith(cell.text):
            return False
    return True


# -- continuation rows ------------------------------------------------------


class Tail(Protocol):
    """What the rule reads of a logical cell: its text, and its fragment on the latest page."""

    text: str
    tail_text: str
    tail_lines: int
    tail_gap: float | None  # cell bottom - bottom of its last text line on that page
    tail_lh: float


@dataclass(frozen=True, slots=True)
class Piece:
    """A non-empty cell of the fragment row and the logical cell above it."""

    text: str
    target: Tail
    is_lead: bool  # in the table's first column
    under: float  # share of the fragment cell's width that lies under ``target``


@dataclass(frozen=True, slots=True)
class Fragment:
    """The first row of a new page part, seen against the table's last row."""

    pieces: list[Piece]
    prev_fragments: int  # how many page fragments the last row already has
    prev_lead: Tail | None  # the last row's first-column cell
    prev_lead_rows: int  # how many rows, down to the last, that cell is merged over
    prev_filled: int  # cells of the last row (first column aside) with text on their page


def _cut(t: Tail, settings: StitchSettings) -> bool:
    """The page may have cut ``t``'s text (it did not end well above the cell bottom)."""
    return t.tail_gap is None or t.tail_gap <= settings.cut_gap_lines * t.tail_lh + settings.cut_gap_pad


def _filled(t: Tail, settings: StitchSettings) -> bool:
    """``t``'s text ran to the bottom of its cell over 2+ lines."""
    return t.tail_lines >= 2 and t.tail_gap is not None and t.tail_gap <= settings.full_gap_lines * t.tail_lh + settings.full_gap_pad


def vetoed(f: Fragment, settings: StitchSettings = _DEFAULT) -> bool:
    """A fragment that can never go on the last row (see the module docstring)."""
    for p in f.pieces:
        t = p.target
        if p.under < settings.min_under_share or not t.tail_text or not _cut(t, settings):
            return True
        if is_row_number(t.tail_text) or _starts_total(p.text, settings) or _number_under_number(t.tail_text, p.text):
            return True
        if p.is_lead and is_row_number(p.text):
            return True  # a new number in the first column
    kinds = [start_kind(p.text) for p in f.pieces]
    if _cut_mid_sentence(f, kinds, settings):
        return False
    n = len(f.pieces)
    if n >= 2 and kinds.count("upper") * 2 > n and n * 2 > f.prev_filled:
        return True  # a genuine new row
    lead = next((p for p in f.pieces if p.is_lead), None)
    if lead is None or _mid_sentence(kinds):
        return False
    # no mid-sentence evidence: only a merged first-column cell the page visibly cut goes on,
    # or a row the page cut through (every cell of it filled to its bottom) that goes on with
    # a few cells, its first not a capitalised start («Insta:» / «@gamoaktau»)
    if f.prev_lead_rows >= 2 and _filled(lead.target, settings):
        return False
    return not _cut_through(f, lead, settings)


def _cut_through(f: Fragment, lead: Piece, settings: StitchSettings) -> bool:
    others = len(f.pieces) - 1
    return (
        start_kind(lead.text) != "upper"
        and others * 2 <= f.prev_filled
        and all(_touches(p.target, settings) for p in f.pieces)
    )


def _touches(t: Tail, settings: StitchSettings) -> bool:
    """``t``'s text reached the bottom of its cell (one line or more)."""
    return t.tail_gap is not None and t.tail_gap <= settings.full_gap_lines * t.tail_lh + settings.full_gap_pad


def _cut_mid_sentence(f: Fragment, kinds: list[str], settings: StitchSettings) -> bool:
    """The page cut through the row (every cell it goes on reached its bottom, one of them
    over 2+ lines) and a cell of the fragment goes on in lower case: names and
    abbreviations may start the other cells with capitals («Мангистауской области |
    поддержка | НПО»), but a new row does not start a cell in the middle of a sentence."""
    return (
        "lower" in kinds
        and all(_touches(p.target, settings) for p in f.pieces)
        and any(p.target.tail_lines >= 2 for p in f.pieces)
    )


def _mid_sentence(kinds: list[str]) -> bool:
    """At least half of the cells that start with a letter go on mid-sentence."""
    lower, upper = kinds.count("lower"), kinds.count("upper")
    return lower > 0 and lower * 2 >= lower + upper


def score(f: Fragment, settings: StitchSettings = _DEFAULT) -> int:
    """The evidence points of a fragment that no veto stopped."""
    points = 0
    kinds = [start_kind(p.text) for p in f.pieces]
    if _mid_sentence(kinds) or _cut_mid_sentence(f, kinds, settings):
        points += 3
    if f.prev_fragments > 1:
        points += 2
    if f.prev_lead is not None and f.prev_lead.text:
        points += 1
    if not any(_SENTENCE_END.search(p.target.text) for p in f.pieces):
        points += 1
    if sum(1 for p in f.pieces if not p.is_lead) * 2 <= f.prev_filled:  # both sides without the first column
        points += 1
    if all(_filled(p.target, settings) for p in f.pieces):
        points += 1
    return points


def continues(f: Fragment, settings: StitchSettings = _DEFAULT) -> bool:
    """Does the fragment row go on the table's last row?"""
    return bool(f.pieces) and not vetoed(f, settings) and score(f, settings) >= settings.merge_score


def merged_cell_goes_on(
    text: str, rows_spanned: int, target: Tail, target_rows: int, under: float, over: float, settings: StitchSettings = _DEFAULT
) -> bool:
    """Is an empty first-row cell of a new part the rest of a merged cell above it?

    The fragment row is a row of its own, but a cell of it that is empty,
    merged down over 2+ rows of the new part, and sits exactly under
    (``under``/``over``: shares of each one's width under the other) a
    cell with text that was merged down over 2+ rows to the previous page's
    end, is that cell going on over the break (a task cell over several
    activities).  One row on either side proves nothing: an empty cell
    one row high is as often a cell left blank (a totals row).
    """
    return (
        not text
        and rows_spanned >= 2
        and target_rows >= 2
        and bool(target.text)
        and min(under, over) >= settings.min_under_share
    )


def merged_text_goes_on(
    text: str, target: Tail, under: float, over: float, settings: StitchSettings = _DEFAULT
) -> bool:
    """Is the first-column cell of a new row on the new page the rest of the text of the
    first-column cell above it?

    A task cell merged down over several activities whose text is longer than the
    rows it had room for on a page goes on beside the next activity on the new page,
    mid-word or mid-sentence («…в целях осуществл» / «ения взаимодействия …»), while
    the rest of the row is a row of its own.  The cell above must have run to its
    bottom with text not ended by a full stop, the new cell must start in lower case
    and sit exactly under it: a first column is where a new row most plainly starts,
    and a new row's first cell does not start in the middle of a word.
    """
    if not text or start_kind(text) != "lower" or min(under, over) < settings.min_under_share:
        return False
    if not target.tail_text or _SENTENCE_END.search(target.text):
        return False
    gap = target.tail_gap
    return gap is not None and gap <= settings.full_gap_lines * target.tail_lh + settings.full_gap_pad

