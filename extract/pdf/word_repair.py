"""Words a line end broke: hyphenated compounds, words cut by a narrow column, URLs.

* a line ending in a hyphen attached to a word is joined to the next line
  without a space when that line starts with a letter or digit:
  "Community-" + "центров" -> "Community-центров", "25-" + "26" -> "25-26".
  That is what was written: Word and LibreOffice break a hyphenated
  compound after its hyphen (the DOCX of samples/interim_gamo.pdf has
  "Community-центров", "Западно-Казахстанской", "Апрель-Ноябрь").  The
  hyphen is always kept, so a word hyphenated only for wrapping comes out
  as "органи-зации", for normalisation to repair if it wants;
* a word cut without a hyphen by a too-narrow column is marked
  (``forced_break``) and glued back later when the document's vocabulary
  agrees (``extract.pdf.cuts.resolve_cuts``);
* a URL cut by the line end is glued without a space.
"""

from __future__ import annotations

import re

from esep.extract.pdf.cuts import CUT_STRONG, CUT_WEAK
from esep.extract.pdf.glyph_lines import Line
from esep.extract.pdf.links import looks_like_url
from esep.extract.pdf.settings import TextSettings

_URL_PIECE = re.compile(r"^[A-Za-z0-9%/?=&._~:#+\-!$'()*,;@\[\]]+$")
_URL_HINT = re.compile(r"[%/?=&_#~0-9.-]")
_URL_BREAK_AFTER = "/-%?=&_.#~"


def forced_break(
    prev: Line, ln: Line, tail: str, content: tuple[float, float] | None, settings: TextSettings
) -> str:
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
    if ln.top < prev.top + settings.line_overlap * prev.height:
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
        return CUT_WEAK  # a number held together by no-break spaces, cut in a group: extract.pdf.cuts decides
    width = content[1] - content[0]
    if width <= 0 or prev.last_word_w < settings.cut_word_share * width or prev.last_word_w + ln.first_word_w <= width:
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

