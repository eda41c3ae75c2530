"""OCR words -> what the PDF reader's text machinery eats, and the small repairs.

* ``keep``: "words" that are specks of dust or stray marks are dropped;
* ``fix_digits``: digit look-alikes in a table cell ("З" for 3, "О" for 0)
  and a lost thin space in a number ("1260 000") are repaired;
* ``bold_flags``: bold words, from how well their strokes survive an erosion;
* ``to_glyphs``: each word becomes glyphs (its box divided evenly between
  its letters, a space before it when Tesseract put it after another word
  on the same line) with one font size per line, snapped to the page's body
  size, so the paragraph rules are not fooled by letters with and without
  ascenders.
"""

from __future__ import annotations

import re

import numpy as np

from esep.extract.ocr import engine as ocr
from esep.extract.pdf.glyphs import LTR, Glyph

#: Words below this confidence (0..100) that hold no letter or digit are noise.
JUNK_CONF = 50.0
#: A word smaller than this (inches, both sides) is a speck of dust read as
#: a letter: no digit or letter of 8 pt text or larger is that small, and a
#: full stop or comma is read as part of the word before it.
SPECK_IN = 0.045
#: Letters Tesseract's Russian model gives for digits standing alone.
DIGIT_LOOKALIKES = str.maketrans({"З": "3", "з": "3", "О": "0", "о": "0", "б": "6", "Б": "6", "l": "1", "I": "1"})
#: Confidence given to a number whose letters were read as look-alikes.
LOOKALIKE_CONF = 0.5
#: A line's height over the body's that still counts as body text.
SIZE_SNAP = 0.45
#: A word's box (ascender to descender, typically) is about this many em.
WORD_EM = 1.0
#: Stroke-survival ratio (ink left after a 3x3 erosion) above the page's
#: median from which a word is bold (measured: regular 0.55-0.57, bold 0.64-0.70).
BOLD_MARGIN = 0.05
BOLD_MIN_CHARS = 4


def keep(w: ocr.Word, dpi: float) -> bool:
    """False for a speck read as a letter, or an unsure mark that is no letter or digit."""
    has_alnum = any(ch.isalnum() for ch in w.text)
    if w.conf < JUNK_CONF and not has_alnum:
        return False
    return max(w.width, w.height) >= SPECK_IN * dpi


_NUMBERISH = re.compile(r"^[\dЗзОоБбlI]*\d[\dЗзОоБбlI]*[.,]?$")
_LONE_LOOKALIKE = re.compile(r"^[ЗО]$")
# "1260 000": the narrow space after a leading "1" lost; thousands groups have 3 digits
_LOST_GROUP_SPACE = re.compile(r"(?<![\d.,])(\d{4,6})(?=(?: \d{3})+(?![\d]))")


def fix_digits(text: str) -> str:
    """A cell's "З" alone, or a token like "1О0", in digits (Tesseract's Russian
    model reads a lone 3 as the letter З and 0 as О); "1260 000" regrouped as
    "1 260 000" (the narrow space after a "1" is often lost)."""
    if _LONE_LOOKALIKE.match(text.strip()):
        return text.strip().translate(DIGIT_LOOKALIKES)
    out = []
    for token in text.split(" "):
        if _NUMBERISH.match(token) and not token.rstrip(".,").isdigit():
            token = token.translate(DIGIT_LOOKALIKES)
        out.append(token)
    text = " ".join(out)
    return _LOST_GROUP_SPACE.sub(lambda m: f"{int(m.group(1)):,}".replace(",", " "), text)


def bold_flags(words: list[ocr.Word], mask: np.ndarray) -> list[bool]:
    """Bold words: strokes that survive a 3x3 erosion clearly better than the page's.

    Only words of ``BOLD_MIN_CHARS`` letters or more are judged (the ratio
    of a short word depends on its letters); a shorter word takes the
    verdict of the nearest long word on its line.
    """
    import cv2

    eroded = cv2.erode(mask, np.ones((3, 3), np.uint8))
    ratios: list[float | None] = []
    for w in words:
        ink = int(np.count_nonzero(mask[w.top:w.bottom, w.left:w.right]))
        if ink < 20 or len(w.text) < BOLD_MIN_CHARS:
            ratios.append(None)
            continue
        ratios.append(np.count_nonzero(eroded[w.top:w.bottom, w.left:w.right]) / ink)
    known = [r for r in ratios if r is not None]
    if len(known) < 5:
        return [False] * len(words)
    limit = float(np.median(known)) + BOLD_MARGIN
    flags: list[bool | None] = [None if r is None else r >= limit for r in ratios]
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
    for idx in lines.values():
        idx.sort(key=lambda i: words[i].left)
        judged = [k for k, i in enumerate(idx) if flags[i] is not None]
        for k, i in enumerate(idx):
            if flags[i] is None:
                near = min(judged, key=lambda j: (abs(j - k), j > k)) if judged else None
                flags[i] = bool(flags[idx[near]]) if near is not None else False
    return [bool(f) for f in flags]


def to_glyphs(words: list[ocr.Word], scale: float, bold: list[bool]) -> tuple[list[list[Glyph]], float]:
    """Glyphs per word (in PDF points) and the body font size."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
    boxes: dict[tuple[int, int, int], tuple[int, int]] = {}
    line_h: dict[tuple[int, int, int], float] = {}
    for key, idx in lines.items():
        top = min(words[i].top for i in idx)
        bottom = max(words[i].bottom for i in idx)
        long = [words[i].height for i in idx if len(words[i].text) >= 3] or [words[i].height for i in idx]
        med = float(np.median(long))
        line_h[key] = med
        if bottom - top <= 2.2 * med:  # else not one visual line: keep each word's own box
            boxes[key] = (top, bottom)
    body_px = float(np.median(list(line_h.values()))) if line_h else 30.0
    body = round(body_px / scale / WORD_EM * 2) / 2 or 10.0

    def size_of(key) -> float:
        h_px = line_h[key]
        if len(lines[key]) < 2 or abs(h_px - body_px) <= SIZE_SNAP * body_px:
            return body
        return round(h_px / scale / WORD_EM * 2) / 2 or body

    out: list[list[Glyph]] = [[] for _ in words]
    for key, idx in lines.items():
        idx.sort(key=lambda i: words[i].left)
        for k, i in enumerate(idx):
            w = words[i]
            top, bottom = boxes.get(key, (w.top, w.bottom))
            size = size_of(key)
            t, b = top / scale, bottom / scale
            glyphs = out[i]
            if k:
                x = w.left / scale
                glyphs.append(Glyph(" ", x - 0.1, x, t, b, size, bold[i], LTR))
            n = len(w.text)
            step = w.width / n
            for j, ch in enumerate(w.text):
                x0 = (w.left + j * step) / scale
                glyphs.append(Glyph(ch, x0, x0 + step / scale, t, b, size, bold[i], LTR))
    return out, body
