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
from esep.extract.pdf.settings import PdfSettings, TextSettings

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


def normal_pitch(samples: list[float], settings: TextSettings) -> float:
    """The page's ordinary line pitch in line heights (30th percentile)."""
    if len(samples) < 3:
        return settings.default_pitch
    s = sorted(samples)
    return s[int(len(s) * 0.3)]


def room_before(prev: Line, line: Line, left: float, right: float, settings: TextSettings) -> float:
    """Free width ``prev`` left on its line (both sides when centred/right-aligned)."""
    room = right - prev.x1
    slack = settings.edge_slack
    if prev.x0 - left > slack and line.x0 - left > slack:  # neither line starts at the left edge
        room += prev.x0 - left
    return room


def broken_early(prev: Line, line: Line, left: float, right: float, settings: TextSettings) -> bool:
    """The writer ended ``prev`` although ``line``'s first word would have fitted on it."""
    em = max(prev.size, line.size)
    room = room_before(prev, line, left, right, settings)
    return room > line.first_word_w + settings.early_break_em * em + settings.early_break_pad


def para_break(prev: Line, line: Line, pitch_limit: float, left: float, right: float, settings: TextSettings) -> bool:
    """Does ``line`` start a new paragraph after ``prev`` (same container)?"""
    if prev.vertical or line.vertical:
        return False
    if starts_paragraph(prev.text, line.text):
        return True
    h = max(prev.height, line.height)
    if h > 0 and (line.top - prev.top) / h > pitch_limit:
        return True
    return broken_early(prev, line, left, right, settings)


def page_gap_limit(
    out_lines: Sequence[Line], cell_lines: Sequence[Sequence[Sequence[Line]]], settings: TextSettings
) -> float:
    """The gap that starts a new paragraph on a page, from its normal line pitch.

    ``cell_lines``: per table, per cell, its lines.  Lines everywhere count:
    text outside tables and every cell with more than one line.
    """
    samples = pitch_samples(out_lines)
    for per_table in cell_lines:
        for lines in per_table:
            if len(lines) > 1:
                samples.extend(pitch_samples(lines))
    return pitch_limit(normal_pitch(samples, settings), settings)


def pitch_limit(normal: float, settings: TextSettings) -> float:
    """The line pitch (in line heights) above which a new paragraph starts."""
    return max(settings.para_pitch_min, normal * settings.para_pitch_factor)


# Justified text: a line that is not its paragraph's last is stretched to the right
# edge, so one that stops short of it by more than ``ParagraphSettings.ragged_gap``
# points ends a paragraph even where the next word would not have fitted.


def is_justified(lines: Sequence[Line], left: float, right: float, settings: PdfSettings) -> bool:
    """At least ``justified_share`` of the page's longer left-aligned lines end at the right edge."""
    slack, ps = settings.text.edge_slack, settings.paragraphs
    body = [ln for ln in lines if not ln.vertical and ln.x0 - left < slack and len(ln.text) > 20]
    if len(body) < ps.justified_min_lines:
        return False
    return sum(1 for ln in body if right - ln.x1 <= 1.0) >= ps.justified_share * len(body)


def ends_short(ln: Line, left: float, right: float, justified: bool, settings: PdfSettings) -> bool:
    """``ln`` stops short of the right edge of justified text: the end of a paragraph."""
    return justified and ln.x0 - left < settings.text.edge_slack and right - ln.x1 > settings.paragraphs.ragged_gap


def size_changes(a: Line, b: Line, settings: PdfSettings) -> bool:
    """The font sizes of two lines differ enough to make them two paragraphs."""
    ps = settings.paragraphs
    return abs(a.size - b.size) > max(ps.size_change_pt, ps.size_change_em * max(a.size, b.size))


def line_ends_paragraph(
    prev: Line, ln: Line, limit: float, left: float, right: float, justified: bool, settings: PdfSettings
) -> bool:
    """Does ``ln`` start a new paragraph after ``prev`` in the text outside tables?"""
    if prev.vertical or ln.vertical:
        return True
    if ends_short(prev, left, right, justified, settings):
        return True
    if ln.top >= prev.bottom - 0.1 * max(prev.height, ln.height) and starts_paragraph(prev.text, ln.text):
        return True
    h = max(prev.height, ln.height)
    if h > 0 and (ln.top - prev.top) / h > limit:
        return True
    if size_changes(prev, ln, settings):
        return True
    if prev.bold != ln.bold and prev.last_bold != ln.first_bold:
        return True  # a bold line and one that is not, not one bold run going on to the next line
    if ln.x0 - prev.x0 > settings.paragraphs.indent and prev.x0 - left < settings.text.edge_slack:
        return True  # first-line indent
    if broken_early(prev, ln, left, right, settings.text):
        return True  # the next word would have fitted: the line was ended on purpose
    return False
