"""Glyphs -> visual lines, for the PDF reader.

A line is a run of characters whose vertical centres agree (horizontal
text), or whose horizontal centres agree (text rotated by 90 degrees, read
bottom-to-top or top-to-bottom as its glyph matrix says).  Words are split
where the gap between two characters is wider than a fraction of the font
size, or at a space character; a gap of several font sizes becomes a tab
outside tables.  Runs of text drawn over each other on one line are kept
whole (``extract.pdf.overprint``); a glyph drawn twice at the same place
(fake bold, a shadow) counts once.

Everything here works on light records made once per character
(``extract.pdf.glyphs.to_glyphs``) and never compares every character with
every other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from esep.extract.pdf.glyphs import BTT, LTR, RTL, TTB, Glyph
from esep.extract.pdf.overprint import layers
from esep.extract.pdf.settings import TextSettings

# A new paragraph starts when the line pitch exceeds


@dataclass(slots=True)
class Line:
    """One visual line of text in a container."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # largest font size on the line
    bold: bool  # every visible glyph bold
    first_word_w: float  # width of the first word (two if the first is tiny)
    first_bold: bool = False  # the first / last visible glyph is bold (where a bold run meets the next line)
    last_bold: bool = False
    vertical: bool = False
    # link index -> display text of that link on this line, in reading order
    link_text: dict[int, str] = field(default_factory=dict)
    first_link: int = -1  # link of the first / last visible glyph
    last_link: int = -1
    first_word: str = ""
    last_word: str = ""
    last_word_w: float = 0.0
    first_char_w: float = 0.0

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _line_from_glyphs(glyphs: list[Glyph], vertical: bool, tabs: bool, settings: TextSettings) -> Line | None:
    """Glyphs already in reading order -> Line (dedupes overprinted glyphs)."""
    word_gap, tab_gap = settings.word_gap_em, settings.tab_gap_em
    parts: list[str] = []
    link_parts: dict[int, list[str]] = {}
    words: list[list] = []  # [text pieces, start, end]
    prev: Glyph | None = None
    pending_space = False
    all_bold = True
    size = 0.0
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    first_link = last_link = -1
    prev_link = -1
    for g in glyphs:
        if g.text.isspace():
            pending_space = True
            continue
        lo, hi = (g.top, g.bottom) if vertical else (g.x0, g.x1)
        if prev is not None:
            if vertical:
                gap = (g.top - prev.bottom) if g.direction == TTB else (prev.top - g.bottom)
                same = g.text == prev.text and abs(g.top - prev.top) < 0.5 and abs(g.x0 - prev.x0) < 0.5
            else:
                gap = g.x0 - prev.x1
                same = g.text == prev.text and abs(g.x0 - prev.x0) < 0.7 and abs(g.top - prev.top) < 0.7
            if same:  # fake bold / shadow: the same glyph drawn twice
                continue
            em = max(g.size, prev.size)
            if pending_space or gap > word_gap * em:
                parts.append("\t" if (tabs and not vertical and gap > tab_gap * em) else " ")
                words.append([[], lo, hi])
                if g.link >= 0 and g.link == prev_link:
                    link_parts[g.link].append(" ")
        else:
            first_link = g.link
            words.append([[], lo, hi])
        word = words[-1]
        word[0].append(g.text)
        if hi > word[2]:
            word[2] = hi
        if lo < word[1]:
            word[1] = lo
        parts.append(g.text)
        pending_space = False
        if not g.bold:
            all_bold = False
        if g.size > size:
            size = g.size
        if g.x0 < x0:
            x0 = g.x0
        if g.x1 > x1:
            x1 = g.x1
        if g.top < y0:
            y0 = g.top
        if g.bottom > y1:
            y1 = g.bottom
        if g.link >= 0:
            link_parts.setdefault(g.link, []).append(g.text)
        last_link = g.link
        prev_link = g.link
        prev = g
    if not words:
        return None
    first, last = words[0], words[-1]
    first_text = "".join(first[0])
    fw = first[2] - first[1]
    if len(words) > 1 and (len(first_text) <= 2 or not any(c.isalpha() for c in first_text)):
        # a preposition or a number is often tied to the next word (NBSP)
        fw = words[1][2] - first[1]
    g0 = glyphs[0] if not glyphs[0].text.isspace() else next(g for g in glyphs if not g.text.isspace())
    assert prev is not None  # there are words, so a last visible glyph
    return Line(
        text="".join(parts),
        x0=x0,
        x1=x1,
        top=y0,
        bottom=y1,
        size=size,
        bold=all_bold,
        first_word_w=max(0.0, fw),
        first_bold=g0.bold,
        last_bold=prev.bold,
        vertical=vertical,
        link_text={k: "".join(v).strip() for k, v in link_parts.items()},
        first_link=first_link,
        last_link=last_link,
        first_word=first_text,
        last_word="".join(last[0]),
        last_word_w=max(0.0, last[2] - last[1]),
        first_char_w=(g0.bottom - g0.top) if vertical else (g0.x1 - g0.x0),
    )


def build_lines(glyphs: list[Glyph], settings: TextSettings, tabs: bool = False) -> list[Line]:
    """Glyphs of one container -> lines, top to bottom (vertical text after)."""
    overlap = settings.line_overlap
    if not glyphs:
        return []
    horiz = [g for g in glyphs if g.direction == LTR or g.direction == RTL]
    vert = [g for g in glyphs if g.direction == BTT or g.direction == TTB] if len(horiz) != len(glyphs) else []
    lines: list[Line] = []

    if horiz:
        horiz.sort(key=lambda g: (g.top + g.bottom))
        clusters: list[list[Glyph]] = []
        cur: list[Glyph] = []
        cur_mid = cur_h = 0.0
        for g in horiz:
            mid = (g.top + g.bottom) / 2
            h = g.bottom - g.top
            if cur and abs(mid - cur_mid) <= overlap * max(h, cur_h, 0.1):
                cur.append(g)
                if h > cur_h:
                    cur_h = h
            else:
                if cur:
                    clusters.append(cur)
                cur = [g]
                cur_mid, cur_h = mid, h
        if cur:
            clusters.append(cur)
        keyed: list[tuple[float, float, int, Line]] = []
        for cl in clusters:
            cl.sort(key=lambda g: g.x0)
            upright = all(g.direction == LTR for g in cl)  # mirrored text has boxes of its own kind
            runs = layers(cl) if upright else [cl]
            made = [ln for ln in (_line_from_glyphs(run, False, tabs, settings) for run in runs) if ln is not None]
            if made:  # overprinted runs of one line stay together, in drawing order
                top, x0 = min(ln.top for ln in made), min(ln.x0 for ln in made)
                keyed.extend((top, x0, k, ln) for k, ln in enumerate(made))
        keyed.sort(key=lambda item: item[:3])
        lines.extend(item[3] for item in keyed)

    if vert:
        vert.sort(key=lambda g: g.x0 + g.x1)
        vclusters: list[list[Glyph]] = []
        cur = []
        cur_mid = cur_w = 0.0
        for g in vert:
            mid = (g.x0 + g.x1) / 2
            w = g.x1 - g.x0
            if cur and abs(mid - cur_mid) <= overlap * max(w, cur_w, 0.1):
                cur.append(g)
                cur_w = max(cur_w, w)
            else:
                if cur:
                    vclusters.append(cur)
                cur = [g]
                cur_mid, cur_w = mid, w
        if cur:
            vclusters.append(cur)
        vlines: list[Line] = []
        btt_votes = 0
        for cl in vclusters:
            n_btt = sum(1 for g in cl if g.direction == BTT)
            if n_btt * 2 >= len(cl):
                btt_votes += 1
                cl.sort(key=lambda g: -g.bottom)
            else:
                cl.sort(key=lambda g: g.top)
            line = _line_from_glyphs(cl, vertical=True, tabs=False, settings=settings)
            if line is not None:
                vlines.append(line)
        # bottom-to-top text reads its lines left to right, top-to-bottom text right to left
        vlines.sort(key=lambda ln: ln.x0, reverse=btt_votes * 2 < len(vclusters))
        lines.extend(vlines)
    return lines

