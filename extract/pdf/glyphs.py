"""Characters as light glyph records, for the PDF reader.

pdfplumber gives one dict per character; ``to_glyphs`` turns each into a
``Glyph`` once (ligatures expanded, direction read from the text matrix,
boldness from the font name, its place in the content stream kept), and
everything after works on these.  ``dominant_rotation`` tells whether a
page's text runs sideways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

try:  # pdfplumber's own table of ligature expansions
    from pdfplumber.utils.text import LIGATURES as _LIGATURES
except Exception:  # pragma: no cover - older pdfplumber
    _LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

# Direction of a glyph's baseline, from its text matrix (PDF space, y up).
LTR, BTT, TTB, RTL = 0, 1, 2, 3

_BOLD_CACHE: dict[str, bool] = {}
_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|,b$|-b$", re.I)


def is_bold_font(fontname: str | None) -> bool:
    if not fontname:
        return False
    hit = _BOLD_CACHE.get(fontname)
    if hit is None:
        hit = _BOLD_CACHE[fontname] = bool(_BOLD_RE.search(fontname))
    return hit


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    direction: int
    link: int = -1  # index into the page's link list, -1 for none
    seq: int = -1  # position in the page's content stream (-1: unknown, as for OCR words)


def glyph_direction(matrix: Sequence[float] | None) -> int:
    if not matrix:
        return LTR
    a, b = matrix[0], matrix[1]
    if abs(a) >= abs(b):
        return LTR if a >= 0 else RTL
    return BTT if b > 0 else TTB


def to_glyphs(chars: Iterable[dict]) -> list[Glyph]:
    """pdfplumber char dicts -> Glyphs (ligatures expanded, empty chars dropped)."""
    out: list[Glyph] = []
    append = out.append
    bold_cache = _BOLD_CACHE
    ligatures = _LIGATURES
    for seq, ch in enumerate(chars):
        text = ch["text"]
        if not text:
            continue
        if text in ligatures:
            text = ligatures[text]
        top = ch["top"]
        bottom = ch["bottom"]
        size = ch.get("size") or (bottom - top) or 1.0
        font = ch.get("fontname") or ""
        bold = bold_cache.get(font)
        if bold is None:
            bold = is_bold_font(font)
        m = ch.get("matrix")
        if m and m[1] == 0 and m[0] > 0:
            direction = LTR
        else:
            direction = glyph_direction(m)
        append(Glyph(text, ch["x0"], ch["x1"], top, bottom, size if size > 0 else -size, bold, direction, -1, seq))
    return out


def dominant_rotation(chars: Sequence[dict], share: float, sample: int = 500) -> int:
    """Extra /Rotate (0, 90, 180, 270) that makes most of a page's text upright.

    Returns 0 unless more than ``share`` of the (sampled) visible characters run
    in one non-upright direction (turned, not mirrored: a mirrored page stays
    as it is).
    """
    n = len(chars)
    if not n:
        return 0
    step = max(1, n // sample)
    counts = [0, 0, 0, 0, 0]  # LTR, BTT, TTB, RTL, mirrored
    for i in range(0, n, step):
        ch = chars[i]
        text = ch.get("text") or ""
        if not text or text.isspace():
            continue
        m = ch.get("matrix")
        if m and m[0] * m[3] - m[1] * m[2] < 0:
            counts[4] += 1  # mirrored glyphs: no rotation makes them upright
        else:
            counts[glyph_direction(m)] += 1
    total = sum(counts)
    if not total:
        return 0
    best = max(range(4), key=counts.__getitem__)
    if best == LTR or counts[best] <= share * total:
        return 0
    return {BTT: 90, TTB: 270, RTL: 180}[best]


