"""Does a zone of aligned text look like a table?  (``extract.pdf.borderless.find``)

Justified prose, lists with their markers, text set in columns, a
bibliography and typed (monospaced) text all leave aligned white space; a
table has lines with text in two columns or more, two columns of content
besides a column of markers, a column that is not running text, and a
font with letters of different widths.  ``backing_of`` tells what backs
a zone besides its rules: a line of figures set apart, or a bold header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from esep.extract.pdf.borderless.gutters import MIN_GUTTER, Boundary, column_of
from esep.extract.pdf.borderless.lines import TextLine

# A zone is a table with text in two columns or more on this many lines
# at least (two when two rules frame it; one fewer with a line of figures).
MIN_TABLE_LINES = 3
# A column is prose when its lines average this many words or more; a
# zone of prose columns only is text set in columns.
PROSE_WORDS = 7.0
# So is a zone whose every column runs on down the zone (a break, a pitch
# of more than COLUMN_BREAK line heights, after no more than a quarter of
# its lines) in lines that fill this share of its width (a newspaper page).
COLUMN_TEXT_SHARE = 0.75
COLUMN_BREAK = 2.5
# ... of three lines or more, and whose lines hold this many words on average (a column of figures
# runs on down a table of one-line rows, one to three words a line).
RUNNING_WORDS = 4.0
# Text whose letters (this many at least) have one width in this share is
# set in a monospaced font: not a table unless rules frame it.
MONOSPACE_MIN_LETTERS = 40
MONOSPACE_SHARE = 0.9
# A column whose pieces are all one word of at most this many characters,
# each beside text in the next column, holds markers (list numbers,
# bullets, a "№" column).
MARKER_CHARS = 8

# A word that is a figure ("595", "1,5", "30%").
_FIGURE = re.compile(r"^\d[\d.,%]*$")


@dataclass(slots=True)
class _Part:
    """The text of one column on one line."""

    x0: float
    x1: float
    top: float
    height: float


def bold_lines(lines: list[TextLine], first: int, last: int) -> int:
    """How many lines the zone starts with that are all bold (its header)."""
    n = 0
    while first + n <= last and all(w.bold for w in lines[first + n].words):
        n += 1
    return n


def backing_of(lines: list[TextLine], first: int, last: int) -> int:
    """1 if a line of the zone holds figures set apart (a row of counts backs a
    zone as a rule does) or the zone is all bold (a table's header), else 0."""
    if bold_lines(lines, first, last) == last - first + 1:
        return 1
    for ln in lines[first : last + 1]:
        figs = [w for w in ln.words if _FIGURE.match(w.text)]
        if any(b.x0 - a.x1 >= MIN_GUTTER for a, b in zip(figs, figs[1:])):
            return 1
    return 0


def tabular(lines: list[TextLine], bounds: list[Boundary], min_lines: int) -> bool:
    """Lines with text in two columns or more (one fewer when one of them
    holds figures in two columns), a column that is not prose, and two
    columns of content besides the columns of markers (one short word before
    the text of the next column: "1.", "•", "[Cop87]") that are not all
    running text (``_running``: a list, a bibliography, text set in columns
    are not tables)."""
    n_cols = len(bounds) + 1
    multi = 0
    figures = False
    words = [0] * n_cols
    parts: list[list[_Part]] = [[] for _ in range(n_cols)]
    alone = [False] * n_cols  # a piece of the column with nothing in the next one beside it
    short = [True] * n_cols  # every piece of the column one short word (a list marker, a "№")
    for ln in lines:
        cols = [column_of(w.x0, bounds) for w in ln.words]
        for c in set(cols):
            alone[c] = alone[c] or (c + 1) not in cols
            part = [w.text for k, w in zip(cols, ln.words) if k == c]
            short[c] = short[c] and len(part) == 1 and len(part[0]) <= MARKER_CHARS
        if len(set(cols)) >= 2:
            multi += 1
            figures = figures or len({c for c, w in zip(cols, ln.words) if _FIGURE.match(w.text)}) >= 2
        for c in set(cols):
            part = [w for k, w in zip(cols, ln.words) if k == c]
            parts[c].append(_Part(part[0].x0, part[-1].x1, ln.top, ln.height))
        for c in cols:
            words[c] += 1
    if multi < min_lines - (1 if figures else 0):
        return False
    if all(parts[c] and words[c] / len(parts[c]) >= PROSE_WORDS for c in range(n_cols)):
        return False
    running = [_running(parts[c]) and words[c] >= RUNNING_WORDS * len(parts[c]) for c in range(n_cols)]
    labels = [c + 1 < n_cols and not alone[c] and short[c] for c in range(n_cols)]
    content = [c for c in range(n_cols) if parts[c] and not labels[c]]
    return len(content) >= 2 and not all(running[c] for c in content)


def monospaced(lines: list[TextLine]) -> bool:
    """Is the text set in a monospaced font (code, a typed transcript)?  Its
    word spaces line up like the gutters of a table.  Letters of Latin and
    Cyrillic scripts only, in text mostly made of them (CJK fonts set those
    at one width, and their own characters all have one width anyway)."""
    glyphs = [g for ln in lines for w in ln.words for g in w.glyphs if not g.text.isspace()]
    widths = [round(g.x1 - g.x0, 1) for g in glyphs if g.text.isalpha() and ord(g.text[0]) < 0x530]
    if len(widths) < MONOSPACE_MIN_LETTERS or len(widths) * 2 < len(glyphs):
        return False
    most = max(widths.count(v) for v in set(widths))
    return most >= MONOSPACE_SHARE * len(widths)


def _running(parts: list[_Part]) -> bool:
    """Is a column running text: lines that follow one another down the
    column with few breaks, most of them filling its width?  A column of a
    table has white space between its cells where a longer cell beside it
    goes on."""
    if len(parts) < MIN_TABLE_LINES:
        return False
    width = max(p.x1 for p in parts) - min(p.x0 for p in parts)
    fills = sorted(p.x1 - p.x0 for p in parts)
    if fills[len(fills) // 2] < COLUMN_TEXT_SHARE * width:
        return False
    breaks = sum(1 for a, b in zip(parts, parts[1:]) if b.top - a.top > COLUMN_BREAK * max(a.height, b.height))
    return breaks <= (1 - COLUMN_TEXT_SHARE) * len(parts)


