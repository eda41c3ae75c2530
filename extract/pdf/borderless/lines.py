"""Words, visual lines and horizontal rules of a PDF page, for the
borderless table finder (``extract.pdf.borderless.find``)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from esep.extract.pdf.glyphs import LTR, Glyph
from esep.extract.pdf.settings import TextSettings

# Horizontal rules shorter than this (points) are not table rules.
MIN_RULE = 20.0
# Segments of one rule: the same height within this, gaps up to RULE_JOIN.
RULE_Y_TOLERANCE = 1.0
RULE_JOIN = 3.0
# An underline lies in the lower half of a line's box (or this far under
# it) and under its words for at least this share of its length.
UNDERLINE_DROP = 1.0
UNDERLINE_COVER = 0.8


@dataclass(slots=True)
class Word:
    """Characters between two word gaps on one visual line."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    bold: bool
    glyphs: list[Glyph]  # the word's glyphs and the spaces after it


@dataclass(slots=True)
class TextLine:
    """One visual line across the page, its words left to right."""

    top: float
    bottom: float
    words: list[Word]
    size: float  # the largest font size on the line

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1


@dataclass(slots=True)
class Rule:
    """A horizontal rule (segments joined) outside ruled tables."""

    x0: float
    x1: float
    y: float


def _words(glyphs: list[Glyph], word_gap_em: float) -> list[Word]:
    """Glyphs of one line, sorted by x0 -> words (one pass: this runs on
    every character of every page)."""
    out: list[Word] = []
    word: Word | None = None
    prev_x1 = prev_size = 0.0
    spaced = False
    for g in glyphs:
        text = g.text
        if text.isspace():
            if word is not None:
                word.glyphs.append(g)
            spaced = True
            continue
        size = g.size if g.size > prev_size else prev_size
        if word is None or spaced or g.x0 - prev_x1 > word_gap_em * size:
            word = Word(g.x0, g.x1, g.top, g.bottom, text, g.bold, [g])
            out.append(word)
        else:
            word.glyphs.append(g)
            word.text += text
            if g.x1 > word.x1:
                word.x1 = g.x1
            if g.top < word.top:
                word.top = g.top
            if g.bottom > word.bottom:
                word.bottom = g.bottom
            if not g.bold:
                word.bold = False
        prev_x1, prev_size = g.x1, g.size
        spaced = False
    return out


def text_lines(glyphs: list[Glyph], settings: TextSettings) -> tuple[list[TextLine], list[Glyph]]:
    """Upright glyphs -> visual lines, top to bottom; and the glyphs left aside
    (turned text, lines of spaces only)."""
    upright = [g for g in glyphs if g.direction == LTR]
    aside = [g for g in glyphs if g.direction != LTR] if len(upright) != len(glyphs) else []
    upright.sort(key=lambda g: g.top + g.bottom)
    clusters: list[list[Glyph]] = []
    cur: list[Glyph] = []
    cur_mid = cur_h = 0.0
    for g in upright:
        mid = (g.top + g.bottom) / 2
        h = g.bottom - g.top
        if cur and abs(mid - cur_mid) <= settings.line_overlap * max(h, cur_h, 0.1):
            cur.append(g)
            cur_h = max(cur_h, h)
        else:
            if cur:
                clusters.append(cur)
            cur, cur_mid, cur_h = [g], mid, h
    if cur:
        clusters.append(cur)
    lines: list[TextLine] = []
    for cl in clusters:
        cl.sort(key=lambda g: g.x0)
        words = _words(cl, settings.word_gap_em)
        if not words:
            aside.extend(cl)
            continue
        size = max(g.size for g in cl)
        lines.append(TextLine(min(w.top for w in words), max(w.bottom for w in words), words, size))
    lines.sort(key=lambda ln: ln.top)
    return lines, aside


def page_rules(edges: list[dict], covered: list[tuple[float, float, float, float]]) -> list[Rule]:
    """Horizontal edges of the page outside the boxes ``covered`` (ruled
    tables), segments of one rule joined, top to bottom."""
    segs = []
    for e in edges:
        x0, x1, y = float(e["x0"]), float(e["x1"]), float(e["top"])
        if x1 - x0 < 1:
            continue
        if any(b[0] - 1 <= x0 and x1 <= b[2] + 1 and b[1] - 1 <= y <= b[3] + 1 for b in covered):
            continue
        segs.append((y, x0, x1))
    segs.sort()
    out: list[Rule] = []
    for y, x0, x1 in segs:
        for r in reversed(out[-8:]):
            if abs(r.y - y) <= RULE_Y_TOLERANCE and x0 <= r.x1 + RULE_JOIN and x1 >= r.x0 - RULE_JOIN:
                r.x0, r.x1 = min(r.x0, x0), max(r.x1, x1)
                break
        else:
            out.append(Rule(x0, x1, y))
    return [r for r in out if r.x1 - r.x0 >= MIN_RULE]


def underlines(rules: list[Rule], lines: list[TextLine]) -> set[int]:
    """Indices of the rules that underline text (a link, an underlined word):
    in the lower half of a line's box, under that line's words."""
    out: set[int] = set()
    tops = [ln.top for ln in lines]
    for k, r in enumerate(rules):
        i = bisect_right(tops, r.y) - 1
        for ln in lines[max(0, i - 1) : i + 1]:
            if not (ln.top + 0.5 * ln.height < r.y <= ln.bottom + UNDERLINE_DROP):
                continue
            covered = sum(max(0.0, min(w.x1, r.x1) - max(w.x0, r.x0)) for w in ln.words)
            if covered >= UNDERLINE_COVER * (r.x1 - r.x0):
                out.add(k)
    return out
