"""Where a paragraph ends, inside a cell and in the text outside tables.

A "\\n" is put where a new paragraph clearly starts: the line begins with
a list marker (``1.`` ``2)`` ``•`` ..., or a dash after a line that ended
a clause), the vertical distance to the previous line is well above the
page's normal line pitch, or the previous line stopped early although the
next line's first word would have fitted on it (so the writer broke the
line).  Outside tables a change of font size or weight, a first-line
indent, and a line that stops short of the right edge of justified text
end a paragraph too (``line_ends_paragraph``).
"""

from __future__ import annotations

import re
from typing import Sequence

from esep.extract.pdf.glyph_lines import Line

# A new paragraph starts when the line pitch exceeds
# max(PARA_PITCH_MIN, normal pitch * PARA_PITCH_FACTOR), in line heights.
PARA_PITCH_MIN = 1.5
PARA_PITCH_FACTOR = 1.3
DEFAULT_PITCH = 1.2

_NUM_MARKER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[IVXLC]{1,5}\.|[a-zа-яёәғқңөұүһі]\))(?:\s|$)", re.I)
_BULLET_MARKER = re.compile(r"^[•·▪●○■□◦►▸✓✔➢➤\uf0b7\uf0a7\uf0d8\uf076\uf0fc*](?:\s|$)?")
_DASH_MARKER = re.compile(r"^[-–—‒](?:\s|$)")
_CLAUSE_END = re.compile(r"[.;:!?…]\s*$")


def marker_kind(text: str) -> str | None:
    """``'num'``, ``'bullet'``, ``'dash'`` or None for how a line starts."""
    if not text:
        return None
    if _BULLET_MARKER.match(text):
        return "bullet"
    if _NUM_MARKER.match(text):
        return "num"
    if _DASH_MARKER.match(text):
        return "dash"
    return None


def starts_paragraph(prev_text: str | None, text: str) -> bool:
    """Does ``text`` begin a list item / new paragraph after ``prev_text``?

    Numbers and bullets always do; a dash only after a line that ended a
    clause (``:`` ``;`` ``.``) or that was itself a dash item, because a
    wrapped line may well begin with the dash of "составил – 3,1 балла".
    """
    kind = marker_kind(text)
    if kind in ("num", "bullet"):
        return True
    if kind == "dash":
        if prev_text is None:
            return True
        return bool(_CLAUSE_END.search(prev_text)) or marker_kind(prev_text) == "dash"
    return False


def pitch_samples(lines: Sequence[Line]) -> list[float]:
    """Line pitch / line height ratios between consecutive horizontal lines."""
    out = []
    for a, b in zip(lines, lines[1:]):
        if a.vertical or b.vertical:
            continue
        h = max(a.height, b.height)
        if h <= 0:
            continue
        r = (b.top - a.top) / h
        if 0.8 <= r <= 3.0:
            out.append(r)
    return out


def normal_pitch(samples: list[float]) -> float:
    """The page's ordinary line pitch in line heights (30th percentile)."""
    if len(samples) < 3:
        return DEFAULT_PITCH
    s = sorted(samples)
    return s[int(len(s) * 0.3)]


def room_before(prev: Line, line: Line, left: float, right: float) -> float:
    """Free width ``prev`` left on its line (both sides when centred/right-aligned)."""
    room = right - prev.x1
    if prev.x0 - left > 3 and line.x0 - left > 3:  # neither line starts at the left edge
        room += prev.x0 - left
    return room


def para_break(prev: Line, line: Line, pitch_limit: float, left: float, right: float) -> bool:
    """Does ``line`` start a new paragraph after ``prev`` (same container)?"""
    if prev.vertical or line.vertical:
        return False
    if starts_paragraph(prev.text, line.text):
        return True
    h = max(prev.height, line.height)
    if h > 0 and (line.top - prev.top) / h > pitch_limit:
        return True
    # the writer broke the line although the next word would have fitted
    em = max(prev.size, line.size)
    return room_before(prev, line, left, right) > line.first_word_w + 0.35 * em + 1.0


def page_gap_limit(out_lines: Sequence[Line], cell_lines: Sequence[Sequence[Sequence[Line]]]) -> float:
    """The gap that starts a new paragraph on a page, from its normal line pitch.

    ``cell_lines``: per table, per cell, its lines.  Lines everywhere count:
    text outside tables and every cell with more than one line.
    """
    samples = pitch_samples(out_lines)
    for per_table in cell_lines:
        for lines in per_table:
            if len(lines) > 1:
                samples.extend(pitch_samples(lines))
    return pitch_limit(normal_pitch(samples))


def pitch_limit(normal: float) -> float:
    return max(PARA_PITCH_MIN, normal * PARA_PITCH_FACTOR)


# Justified text: a line that is not its paragraph's last is stretched to the right
# edge, so one that stops short of it by more than RAGGED_GAP points ends a paragraph
# even where the next word would not have fitted.  A page's text is justified when at
# least JUSTIFIED_SHARE of its longer left-aligned lines end at the edge.
RAGGED_GAP = 2.0
JUSTIFIED_SHARE = 0.5
JUSTIFIED_MIN_LINES = 6


def is_justified(lines: Sequence[Line], left: float, right: float) -> bool:
    body = [ln for ln in lines if not ln.vertical and ln.x0 - left < 3 and len(ln.text) > 20]
    if len(body) < JUSTIFIED_MIN_LINES:
        return False
    return sum(1 for ln in body if right - ln.x1 <= 1.0) >= JUSTIFIED_SHARE * len(body)


def ends_short(ln: Line, left: float, right: float, justified: bool) -> bool:
    """``ln`` stops short of the right edge of justified text: the end of a paragraph."""
    return justified and ln.x0 - left < 3 and right - ln.x1 > RAGGED_GAP


def line_ends_paragraph(prev: Line, ln: Line, limit: float, left: float, right: float, justified: bool = False) -> bool:
    """Does ``ln`` start a new paragraph after ``prev`` in the text outside tables?"""
    if prev.vertical or ln.vertical:
        return True
    if ends_short(prev, left, right, justified):
        return True
    if ln.top >= prev.bottom - 0.1 * max(prev.height, ln.height) and starts_paragraph(prev.text, ln.text):
        return True
    h = max(prev.height, ln.height)
    if h > 0 and (ln.top - prev.top) / h > limit:
        return True
    big = max(prev.size, ln.size)
    if abs(prev.size - ln.size) > max(1.0, 0.15 * big):
        return True
    if prev.bold != ln.bold and prev.last_bold != ln.first_bold:
        return True  # a bold line and one that is not, not one bold run going on to the next line
    if ln.x0 - prev.x0 > 8 and prev.x0 - left < 3:
        return True  # first-line indent
    if room_before(prev, ln, left, right) > ln.first_word_w + 0.35 * big + 1.0:
        return True  # the next word would have fitted: the line was ended on purpose
    return False

