"""Text cleaning and tolerant match keys (pure functions, no I/O).

``clean_text`` implements the text convention of SCHEMA.md: Unicode NFC,
soft hyphens and zero-width characters removed, every kind of space folded,
runs of white space folded to one space, quotes and guillemets kept as
written.

``fold_for_match`` builds a *key* for tolerant label matching. It is lossy
and only meant to be compared with another key, never stored as a value.
Every character it rewrites is listed in ``FOLD_TABLE``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

__all__ = [
    "INVISIBLE_CHARS",
    "FOLD_TABLE",
    "clean_text",
    "fold_for_match",
]

#: Characters deleted by ``clean_text``. They have no visible width and are
#: left behind by word processors and PDF text layers.
INVISIBLE_CHARS: dict[str, str] = {
    "\u00ad": "soft hyphen (a line-break hint, shows up as 'Туркестан\\xadской')",
    "\u200b": "zero width space",
    "\u200c": "zero width non-joiner",
    "\u200d": "zero width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u2060": "word joiner",
    "\u2061": "function application (invisible)",
    "\u2062": "invisible times",
    "\u2063": "invisible separator",
    "\u2064": "invisible plus",
    "\ufeff": "zero width no-break space / byte order mark",
}

_INVISIBLE_RE = regex.compile("[" + "".join(INVISIBLE_CHARS) + "]")
# Other control characters (C0/C1 except white space) carry no text either.
_CONTROL_RE = regex.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Unicode White_Space (space, tab, \n, \r, \v, \f, \x85, NBSP U+00A0, U+1680,
# U+2000..U+200A en/em/thin/hair spaces, U+2028, U+2029, narrow NBSP U+202F,
# U+205F, U+3000) plus the separators \x1c-\x1f that str.isspace() and
# str.splitlines() also treat as white space. Zero-width characters are not
# white space (they are removed instead).
_WS_RE = regex.compile(r"[\s\x1c-\x1f]+")


# Both functions are pure and see the same cell texts many times over (a
# table is classified against every form, with one to three header rows):
# a cache keeps that from costing more than the reading.  Only texts up to
# CACHE_MAX_CHARS are kept, so the caches stay a few MB whatever a file holds.
CACHE_ENTRIES = 2048
CACHE_MAX_CHARS = 512


def clean_text(s: str, keep_newlines: bool = False) -> str:
    """Return ``s`` cleaned as SCHEMA.md requires for stored text.

    - soft hyphen U+00AD and zero-width/invisible characters
      (``INVISIBLE_CHARS``) are removed, and so are non-white-space control
      characters;
    - the text is put in Unicode NFC;
    - every white space character (NBSP, narrow/thin/figure spaces, tabs,
      ...) counts as a space and runs of them become one ``" "``;
    - the result is stripped.

    With ``keep_newlines=True`` line breaks survive: ``\\r\\n``, ``\\r``,
    U+2028/U+2029, ``\\v``, ``\\f`` and the other ``str.splitlines``
    separators end a line; each line is folded as above and stripped;
    blank lines are dropped, so lines are joined by exactly one ``"\\n"``
    (no empty lines, none at the start or end).

    Quotes and guillemets are kept as written. ``None``-safe callers should
    not pass ``None``; any ``str`` is accepted and nothing raises.
    """
    if len(s) <= CACHE_MAX_CHARS:
        return _clean_cached(s, keep_newlines)
    return _clean(s, keep_newlines)


def _clean(s: str, keep_newlines: bool) -> str:
    s = _INVISIBLE_RE.sub("", s)
    s = _CONTROL_RE.sub("", s)
    s = unicodedata.normalize("NFC", s)
    if not keep_newlines:
        return _WS_RE.sub(" ", s).strip()
    lines = (_WS_RE.sub(" ", line).strip() for line in s.splitlines())
    return "\n".join(line for line in lines if line)


_clean_cached = lru_cache(maxsize=CACHE_ENTRIES)(_clean)


#: Every character ``fold_for_match`` rewrites (after ``casefold``, so only
#: lower-case letters appear as keys). A value of ``""`` deletes the
#: character. Characters not listed are kept if they are letters or digits;
#: anything else (punctuation, symbols such as % № ₸) becomes a space.
FOLD_TABLE: dict[str, str] = {
    # Russian ё is written as е about half of the time.
    "ё": "е",
    # Latin letters whose capitals look exactly like Cyrillic capitals
    # (A B C E H I K M O P T X Y) map to that Cyrillic letter, so a label
    # typed with mixed keyboards gives the same key. The mapping is applied
    # to both sides of a comparison, so Latin words still match each other.
    "a": "а",
    "b": "в",
    "c": "с",
    "e": "е",
    "h": "н",
    "k": "к",
    "m": "м",
    "o": "о",
    "p": "р",
    "t": "т",
    "x": "х",
    "y": "у",
    # Latin i / dotless ı stand for Kazakh і (U+0456) in Kazakh text.
    "i": "і",
    "ı": "і",
    # Old Kazakh "KZ" fonts put ӛ (U+04DB, schwa with diaeresis) where
    # ө (U+04E9, barred o) is meant: «кӛмек» = «көмек».
    "ӛ": "ө",
    "Ӛ": "Ө",  # unreachable after casefold; listed for completeness
    # Dashes and minus signs: one hyphen-minus.
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",  # horizontal bar
    "\u2043": "-",  # hyphen bullet
    "\u2212": "-",  # minus sign
    "\ufe58": "-",  # small em dash
    "\ufe63": "-",  # small hyphen-minus
    "\uff0d": "-",  # fullwidth hyphen-minus
    # Quotes and guillemets are removed (not turned into spaces), so
    # «Эко Мангистау», "Эко Мангистау" and Эко Мангистау give one key.
    '"': "",
    "'": "",
    "`": "",
    "´": "",
    "«": "",
    "»": "",
    "‹": "",
    "›": "",
    "\u2018": "",  # ‘
    "\u2019": "",  # ’
    "\u201a": "",  # ‚
    "\u201b": "",  # ‛
    "\u201c": "",  # “
    "\u201d": "",  # ”
    "\u201e": "",  # „
    "\u201f": "",  # ‟
    "\u2032": "",  # ′
    "\u2033": "",  # ″
    "\uff02": "",  # fullwidth "
}

_FOLD_TRANS = str.maketrans(FOLD_TABLE)
# Letters, digits, white space and "-" survive; everything else -> space.
_NOT_KEY_CHAR_RE = regex.compile(r"[^\p{L}\p{N}\s\-]")
_STRAY_MARK_RE = regex.compile(r"\p{M}")


def fold_for_match(s: str) -> str:
    """A lossy key for tolerant label matching (compare keys with keys).

    Steps, in order:

    1. ``clean_text`` (NFC, invisible characters removed, white space folded);
    2. ``str.casefold``;
    3. ``FOLD_TABLE``: ё->е, Latin look-alikes -> Cyrillic, Latin i -> і,
       old-font ӛ -> ө, all dashes -> ``-``, quotes and guillemets deleted;
    4. combining marks left over after NFC are dropped (e.g. the dot of a
       casefolded Turkish İ); precomposed letters such as й, ә, ө, ү, ұ, қ,
       ғ, ң, һ, і are single code points and are kept;
    5. every other character that is not a letter, digit, space or ``-``
       becomes a space; white space is folded to one space and stripped.

    Kazakh letters are *not* folded to their Russian base letters (ұ/ү
    stay, қ stays); month matching in ``normalize.months`` adds that extra
    tolerance for its own small vocabulary.
    """
    if len(s) <= CACHE_MAX_CHARS:
        return _fold_cached(s)
    return _fold(s)


def _fold(s: str) -> str:
    s = clean_text(s).casefold()
    s = unicodedata.normalize("NFC", s).translate(_FOLD_TRANS)
    s = _STRAY_MARK_RE.sub("", s)
    s = _NOT_KEY_CHAR_RE.sub(" ", s)
    return _WS_RE.sub(" ", s).strip()


_fold_cached = lru_cache(maxsize=CACHE_ENTRIES)(_fold)
