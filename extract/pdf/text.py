"""Characters -> lines -> text, for the PDF reader.

pdfplumber gives characters with their boxes; this module turns the
characters of one container (a table cell, or the page outside tables)
into visual lines and then into text with paragraph breaks:

* a line is a run of characters whose vertical centres agree (horizontal
  text), or whose horizontal centres agree (text rotated by 90 degrees,
  read bottom-to-top or top-to-bottom as its glyph matrix says);
* words are split where the gap between two characters is wider than a
  fraction of the font size, or at a space character; a gap of several
  font sizes becomes a tab outside tables;
* wrapped lines of one paragraph are joined with a space.  A "\\n" is put
  where a new paragraph clearly starts: the line begins with a list marker
  (``1.`` ``2)`` ``•`` ..., or a dash after a line that ended a clause),
  the vertical distance to the previous line is well above the page's
  normal line pitch, or the previous line stopped early although the next
  line's first word would have fitted on it (so the writer broke the line);
* a line ending in a hyphen attached to a word is joined to the next line
  without a space when that line starts with a letter or digit:
  "Community-" + "центров" -> "Community-центров", "25-" + "26" -> "25-26".
  That is what was written: Word and LibreOffice break a hyphenated
  compound after its hyphen (the DOCX of samples/interim_gamo.pdf has
  "Community-центров", "Западно-Казахстанской", "Апрель-Ноябрь").  The
  hyphen is always kept, so a word hyphenated only for wrapping comes out
  as "органи-зации", for normalisation to repair if it wants;
* a word cut without a hyphen by a too-narrow column is glued back when
  the geometry and the document's vocabulary agree (``forced_break``,
  ``resolve_cuts``);
* a line that ends inside a URL link that goes on in the next line
  (same target) is joined without a space, so a wrapped URL stays whole.

Everything here works on light records made once per character
(``extract.pdf.glyphs.to_glyphs``) and never compares every character
with every other.  Runs of text drawn over each other on one line are
kept whole (``extract.pdf.overprint``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from esep.extract.pdf.cuts import CUT_STRONG, CUT_WEAK
from esep.extract.pdf.glyphs import BTT, LTR, RTL, TTB, Glyph
from esep.extract.pdf.overprint import layers

# A character starts a new word when the gap before it exceeds this share
# of the font size (a space is ~0.25-0.3 em; letters are closer than 0.1 em).
WORD_GAP_EM = 0.18
# Outside tables a gap this many font sizes wide is a tab stop.
TAB_GAP_EM = 2.5
# Two characters are on one line when their vertical centres differ by
# less than this share of the taller character's height.
LINE_OVERLAP = 0.5
# A new paragraph starts when the line pitch exceeds
# max(PARA_PITCH_MIN, normal pitch * PARA_PITCH_FACTOR), in line heights.
PARA_PITCH_MIN = 1.5
PARA_PITCH_FACTOR = 1.3
DEFAULT_PITCH = 1.2

_NUM_MARKER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[IVXLC]{1,5}\.|[a-zа-яёәғқңөұүһі]\))(?:\s|$)", re.I)
_BULLET_MARKER = re.compile(r"^[•·▪●○■□◦►▸✓✔➢➤\uf0b7\uf0a7\uf0d8\uf076\uf0fc*](?:\s|$)?")
_DASH_MARKER = re.compile(r"^[-–—‒](?:\s|$)")
_CLAUSE_END = re.compile(r"[.;:!?…]\s*$")
_URLISH = re.compile(r"^(?:https?://|www\.|ftp://|mailto:)\S*$", re.I)


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


def looks_like_url(text: str) -> bool:
    return bool(_URLISH.match(text))


def continues_link(before: str, piece: str, target: str) -> bool:
    """Is ``piece`` the next part of a link's display text ``before``, with no space?

    True when together they read as a URL, or (for a fragment cut out of
    the middle of a URL) when they are, ignoring case, a piece of the
    link's target.
    """
    joined = before + piece
    if not joined or any(ch.isspace() for ch in joined):
        return False
    if looks_like_url(joined):
        return True
    return len(joined) >= 6 and joined.lower() in target.lower()


# --------------------------------------------------------------------------
# lines


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


def _line_from_glyphs(glyphs: list[Glyph], vertical: bool, tabs: bool) -> Line | None:
    """Glyphs already in reading order -> Line (dedupes overprinted glyphs)."""
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
            if pending_space or gap > WORD_GAP_EM * em:
                parts.append("\t" if (tabs and not vertical and gap > TAB_GAP_EM * em) else " ")
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


def build_lines(glyphs: list[Glyph], tabs: bool = False) -> list[Line]:
    """Glyphs of one container -> lines, top to bottom (vertical text after)."""
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
            if cur and abs(mid - cur_mid) <= LINE_OVERLAP * max(h, cur_h, 0.1):
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
            made = [ln for ln in (_line_from_glyphs(run, False, tabs) for run in runs) if ln is not None]
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
            if cur and abs(mid - cur_mid) <= LINE_OVERLAP * max(w, cur_w, 0.1):
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
            line = _line_from_glyphs(cl, vertical=True, tabs=False)
            if line is not None:
                vlines.append(line)
        # bottom-to-top text reads its lines left to right, top-to-bottom text right to left
        vlines.sort(key=lambda ln: ln.x0, reverse=btt_votes * 2 < len(vclusters))
        lines.extend(vlines)
    return lines


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


@dataclass(slots=True)
class Text:
    """Text of one container with what stitching and links need to know."""

    text: str
    bold: bool
    links: list[tuple[int, str]]  # (link index, display text) in reading order, one per link run
    n_lines: int
    last_bottom: float | None
    line_height: float
    first_link: int
    last_link: int


_URL_PIECE = re.compile(r"^[A-Za-z0-9%/?=&._~:#+\-!$'()*,;@\[\]]+$")
_URL_HINT = re.compile(r"[%/?=&_#~0-9.-]")
_URL_BREAK_AFTER = "/-%?=&_.#~"


def forced_break(prev: Line, ln: Line, tail: str, content: tuple[float, float] | None) -> str:
    """How the line break between ``prev`` and ``ln`` is to be joined.

    Returns "" (glue: a URL cut by the line end), CUT_STRONG / CUT_WEAK
    (maybe one word cut in two), or " " (an ordinary break).

    LibreOffice and Word cut a word that is wider than its (narrow) column
    where the line is full, without a hyphen: "исполнени" + "я".  A cut is
    possible when the previous line is full (its free space is narrower
    than the next line's first glyph), the word and the next line's first
    word together are wider than the column (else the word would have moved
    down whole) and the letters go on (lower case after a letter, digit
    after digit, capitals after an all-capital word).  STRONG: the word
    filled its line alone; WEAK: it started after other words.  A URL
    (``tail`` is the text's last token) is glued when it ends in a URL
    separator, or fills its line, and the next line starts with URL
    characters.
    """
    w1, w2 = prev.last_word, ln.first_word
    if not w1 or not w2 or prev.vertical or ln.vertical:
        return " "
    if ln.top < prev.top + LINE_OVERLAP * prev.height:
        return " "  # not the next line down: overprinted runs of one line (extract.pdf.overprint)
    slack = None
    if content is not None:
        slack = (content[1] - prev.x1) + max(0.0, prev.x0 - content[0])
    full = slack is not None and slack < ln.first_char_w
    if looks_like_url(tail):
        if _URL_PIECE.match(w2) and _URL_HINT.search(w2) and (tail[-1] in _URL_BREAK_AFTER or full):
            return ""
        return " "
    if not full:
        return " "
    if w1[-1].isdigit() and w2[0].isdigit():
        return CUT_WEAK  # a number held together by no-break spaces, cut in a group: pdf_cuts decides
    width = content[1] - content[0]
    if width <= 0 or prev.last_word_w < 0.4 * width or prev.last_word_w + ln.first_word_w <= width:
        return " "
    a, b = w1[-1], w2[0]
    if not (
        (a.isalpha() and b.isalpha() and b.islower())
        or (a.isdigit() and b.isdigit())
        or (a.isupper() and b.isupper() and w1.isupper() and len(w1) >= 2)
    ):
        return " "
    return CUT_STRONG if prev.text.strip() == w1 else CUT_WEAK


_HYPHENS = "-\u2010\u2011"


def hyphen_joins(prev_text: str, next_text: str) -> bool:
    """A line ending in a hyphen attached to a word, followed by a word: no space.

    Word processors break a hyphenated compound after its hyphen
    ("Community-" / "центров", "Западно-" / "Казахстанской", "25-" / "26",
    "Апрель-" / "Ноябрь"); what was written is "Community-центров".  A dash
    standing alone ("составил -") is not a hyphen.
    """
    p = prev_text.rstrip()
    n = next_text.lstrip()
    return len(p) >= 2 and p[-1] in _HYPHENS and p[-2].isalnum() and bool(n) and n[0].isalnum()


def join_lines(
    lines: Sequence[Line],
    limit: float,
    link_targets: Sequence[str] | None = None,
    breaks: bool = True,
    box: tuple[float, float] | None = None,
) -> Text:
    """Join a container's lines into text with "\\n" between paragraphs.

    ``link_targets[i]`` is the URI of link ``i``; the pieces of one link on
    consecutive lines (LibreOffice and Word write one annotation per line
    or block of lines) become one link run, and a URL cut by the line end
    inside its link is glued back without a space.  ``box`` is the cell's
    (x0, x1), which lets a word cut in a too-narrow column be glued back
    (``forced_break``).
    """
    if not lines:
        return Text("", False, [], 0, None, 0.0, -1, -1)
    horiz = [ln for ln in lines if not ln.vertical]
    right = max(ln.x1 for ln in horiz) if horiz else 0.0
    left = min(ln.x0 for ln in horiz) if horiz else 0.0
    content = None
    if box is not None and horiz:
        pad = min(max(min(ln.x0 for ln in horiz) - box[0], 0.0), 12.0)
        content = (box[0] + pad, box[1] - pad)
        # the cell's own width tells where a line could have gone on
        right = max(right, content[1])
    out: list[str] = []
    runs: list[list] = []  # [first link index, target, text, index of the last line]
    prev: Line | None = None
    tail = ""
    heights = []
    for i, ln in enumerate(lines):
        heights.append(ln.height if not ln.vertical else (ln.x1 - ln.x0))
        glued = False
        sep = " "
        if prev is not None:
            if (
                link_targets is not None
                and prev.last_link >= 0
                and ln.first_link >= 0
                and link_targets[prev.last_link] == link_targets[ln.first_link]
                and runs
                and runs[-1][1] == link_targets[ln.first_link]
            ):
                glued = continues_link(runs[-1][2], ln.link_text.get(ln.first_link, ""), runs[-1][1])
            if glued:
                sep = ""
            elif hyphen_joins(prev.text, ln.text):
                sep, glued = "", True
            else:
                sep = forced_break(prev, ln, tail, content)
                glued = sep != " "
            if glued:
                if sep:
                    out.append(sep)
            elif breaks and para_break(prev, ln, limit, left, right):
                out.append("\n")
            else:
                out.append(" ")
        out.append(ln.text)
        tokens = ln.text.split()
        if tokens:
            tail = tail + tokens[0] if (glued and len(tokens) == 1) else tokens[-1]
        for idx, piece in ln.link_text.items():
            if not piece:
                continue
            target = link_targets[idx] if link_targets is not None else str(idx)
            last = runs[-1] if runs else None
            if last is not None and last[1] == target and last[3] >= i - 1:
                joined = last[2] + piece
                if glued:
                    last[2] = last[2] + sep + piece
                else:
                    last[2] = joined if looks_like_url(joined) else last[2] + " " + piece
                last[3] = i
            else:
                runs.append([idx, target, piece, i])
        prev = ln
    heights.sort()
    return Text(
        text="".join(out).strip(),
        bold=all(ln.bold for ln in lines),
        links=[(r[0], r[2].strip()) for r in runs],
        n_lines=len(lines),
        last_bottom=max(ln.bottom for ln in horiz) if horiz else None,
        line_height=heights[len(heights) // 2] if heights else 0.0,
        first_link=lines[0].first_link,
        last_link=lines[-1].last_link,
    )
