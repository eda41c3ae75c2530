"""Per page: is the text layer usable, or must the page be read by OCR?

``assess(page)`` looks at a pdfplumber page's characters (and images) and
returns None (read the text layer) or the reason to OCR it:

* **no text layer**: fewer than ``MIN_CHARS`` visible characters while an
  image covers at least ``MIN_IMAGE_COVER`` of the page, or the page is
  drawn with many curves (text converted to outlines);
* **scan with a hidden text layer**: one image covers at least
  ``FULL_IMAGE_COVER`` of the page and there is not a single vector line
  (a scanner's own OCR layer: it has the words but not the tables);
* **(cid:N) glyphs**: pdfminer could not map at least ``CID_SHARE`` of the
  characters to Unicode (a font without /ToUnicode);
* **garbage characters**: at least ``BAD_SHARE`` are U+FFFD, control or
  private-use characters;
* **mojibake**: at least ``MOJIBAKE_SHARE`` of the letters are from
  Latin-1 (À..ÿ), as when cp1251 text is shown as Latin-1 ("Ïðîåêò");
* **Kazakh letters lost**: an old Kazakh font maps ә ғ қ ң ө ұ ү һ to other
  code points or to nothing.  Seen as: Kazakh prose (words with і, which
  cp1251 kept: at least ``KK_I_WORDS_MIN`` different ones, and at least
  ``KK_I_WORD_SHARE`` of the page's Cyrillic words -- Kazakh prose has
  about a fifth to a third, a Russian page naming «Мейірім» or «Біз
  біргеміз» a few times has a handful of a few hundred) but almost none of
  the eight letters cp1251 lacks; or Cyrillic
  words with foreign letters inside them (ђ ѓ ќ ў, Latin-1 letters, ...);
  or many Cyrillic consonant fragments standing alone («леуметтік к мек»).

Thresholds are module constants; every rule needs a minimum number of
cases, so a stray symbol never sends a good page to OCR.
"""

from __future__ import annotations

import re

MIN_CHARS = 10
MIN_IMAGE_COVER = 0.3
FULL_IMAGE_COVER = 0.85
OUTLINE_CURVES = 300
CID_SHARE = 0.03
CID_MIN = 5
BAD_SHARE = 0.05
BAD_MIN = 5
MOJIBAKE_SHARE = 0.3
MIN_LETTERS = 40
KK_I_WORDS_MIN = 5  # different words with і needed before judging the Kazakh letters
KK_I_WORD_SHARE = 0.08  # ... and the share of the Cyrillic words they must make (Kazakh prose, not names)
KK_LETTERS_PER_I_WORD = 0.15  # below this many ә ғ қ ң ө ұ ү һ per і-word: letters lost
FOREIGN_MIN = 5
FOREIGN_SHARE = 0.03
FRAGMENT_MIN = 6
FRAGMENT_SHARE = 0.04

KK_CP1251_MISSING = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
KK_I = set("іІ")
RU_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
KK_LETTERS = KK_CP1251_MISSING | KK_I
_CONSONANTS = set("бвгджзйклмнпрстфхцчшщ")
# consonant-only tokens that are real words or abbreviations
_CONSONANT_WORDS = {
    "в", "к", "с", "ж", "б", "г", "гг", "вв", "млн", "млрд", "тыс", "тг", "км", "м", "см", "мм", "кг",
    "шт", "стр", "тел", "ст", "др", "пр", "тд", "тп", "кв", "вкл", "мкр", "пгт", "рк", "нпо", "смк",
}
_TOKEN = re.compile(r"\S+")
_WORD_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _is_bad(ch: str) -> bool:
    o = ord(ch)
    return ch == "\ufffd" or (o < 0x20 and ch not in "\t\n\r") or 0x7F <= o < 0xA0 or 0xE000 <= o <= 0xF8FF


def _is_cyr(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _image_cover(page) -> tuple[float, float]:
    """(total, largest) share of the page area covered by images."""
    area = float(page.width * page.height) or 1.0
    total = largest = 0.0
    x0p, topp, x1p, bottomp = page.bbox
    for im in page.images:
        w = max(0.0, min(im["x1"], x1p) - max(im["x0"], x0p))
        h = max(0.0, min(im["bottom"], bottomp) - max(im["top"], topp))
        a = w * h / area
        total += a
        largest = max(largest, a)
    return min(total, 1.0), largest


def text_of(chars) -> str:
    """The characters in stream order, a space where a gap or a line break is."""
    out: list[str] = []
    prev = None
    for ch in chars:
        t = ch.get("text") or ""
        if prev is not None:
            size = ch.get("size") or 10
            if abs(ch["top"] - prev["top"]) > 0.5 * size or ch["x0"] - prev["x1"] > 0.2 * size:
                out.append(" ")
        out.append(t)
        prev = ch
    return "".join(out)


def _kazakh_letters_lost(text: str, cyr_tokens: list[str]) -> bool:
    """Kazakh prose (words with і, many and varied enough) without ә ғ қ ң ө ұ ү һ."""
    i_tokens = [t for t in cyr_tokens if KK_I & set(t)]
    if len(i_tokens) < KK_I_WORD_SHARE * len(cyr_tokens):
        return False  # a few Kazakh names in Russian prose
    if len({_WORD_EDGES.sub("", t.lower()) for t in i_tokens}) < KK_I_WORDS_MIN:
        return False
    kk8 = sum(1 for ch in text if ch in KK_CP1251_MISSING)
    return kk8 < KK_LETTERS_PER_I_WORD * len(i_tokens)


def assess_text(text: str) -> str | None:
    """The text-only rules (cid, garbage, mojibake, lost Kazakh letters)."""
    visible = [ch for ch in text if not ch.isspace()]
    n = len(visible)
    if n < MIN_CHARS:
        return None
    cid = text.count("(cid:")
    if cid >= CID_MIN and cid / max(1, n - 6 * cid) >= CID_SHARE:
        return f"{cid} glyphs without a Unicode mapping ((cid:N))"
    bad = sum(1 for ch in visible if _is_bad(ch))
    if bad >= BAD_MIN and bad / n >= BAD_SHARE:
        return f"{bad} of {n} characters are replacement, control or private-use characters"
    letters = [ch for ch in visible if ch.isalpha()]
    if len(letters) >= MIN_LETTERS:
        latin1 = sum(1 for ch in letters if "\u00c0" <= ch <= "\u00ff")
        if latin1 / len(letters) >= MOJIBAKE_SHARE:
            return f"mojibake: {latin1} of {len(letters)} letters are Latin-1 accented letters"
    tokens = _TOKEN.findall(text)
    cyr_tokens = [t for t in tokens if sum(1 for ch in t if _is_cyr(ch)) >= 2]
    if not cyr_tokens:
        return None
    if _kazakh_letters_lost(text, cyr_tokens):
        i_words = sum(1 for t in cyr_tokens if KK_I & set(t))
        kk8 = sum(1 for ch in text if ch in KK_CP1251_MISSING)
        return f"Kazakh letters lost: {i_words} Kazakh words but {kk8} of the letters ә ғ қ ң ө ұ ү һ"
    foreign = 0
    for t in cyr_tokens:
        core = t.strip(".,;:!?()«»\"'“”-–—/")
        if any(ch.isalpha() and not (ch in RU_LETTERS or ch in KK_LETTERS or ch.isascii()) for ch in core):
            foreign += 1
    if foreign >= FOREIGN_MIN and foreign / len(cyr_tokens) >= FOREIGN_SHARE:
        return f"{foreign} Cyrillic words hold letters of no Russian or Kazakh alphabet (an old font's mapping)"
    fragments = 0
    cyr_words = [t for t in tokens if t and all(_is_cyr(ch) for ch in t)]
    for t in cyr_words:
        low = t.lower()
        if len(low) <= 3 and all(ch in _CONSONANTS for ch in low) and low not in _CONSONANT_WORDS:
            fragments += 1
    if cyr_words and fragments >= FRAGMENT_MIN and fragments / len(cyr_words) >= FRAGMENT_SHARE:
        return f"{fragments} word fragments of consonants only (letters missing from the text layer)"
    return None


def assess(page) -> str | None:
    """None when the page's text layer is usable, else why it must be OCR'd."""
    chars = page.chars
    visible = sum(1 for ch in chars if (ch.get("text") or "").strip())
    cover, largest = _image_cover(page) if page.images else (0.0, 0.0)
    if visible < MIN_CHARS:
        if cover >= MIN_IMAGE_COVER:
            return "no text layer (a scanned image)"
        if len(page.curves) >= OUTLINE_CURVES:
            return "no text layer (text drawn as outlines)"
        return None
    if largest >= FULL_IMAGE_COVER and not page.lines and not page.rects:
        return "a full-page image whose hidden text layer has no table lines (a scan with OCR text)"
    return assess_text(text_of(chars))
