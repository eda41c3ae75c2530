"""Date text -> tokens, keeping offsets into the string as written.

The first step of reading dates (``normalize.dates``): invisible characters
are dropped and white space made plain while every kept character remembers
its index in the original string (so a date found can be cut out of the text
as written), then the cleaned text is cut into tokens: URLs, numeric dates
(``15.09.2022``, ``2022-09-15``, ``15.09``), numbers, words (with their month
if they name one), dashes, quotes and other punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from esep.normalize import months as M
from esep.normalize.text import INVISIBLE_CHARS

_NEWLINES = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def clean_mapped(s: str) -> tuple[str, list[int]]:
    """Drop invisible characters, turn white space into " " or "\\n", and
    keep for every kept character its index in ``s`` (plus len(s) at the
    end) so spans can be mapped back."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(s):
        if ch in INVISIBLE_CHARS:
            continue
        if ch in _NEWLINES:
            ch = "\n"
        elif ch == "\t":
            pass  # kept: a tab separates table cells in text dumps
        elif ch.isspace():
            ch = " "
        out.append(ch)
        idx.append(i)
    idx.append(len(s))
    return "".join(out), idx


DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_TOKEN_RE = regex.compile(
    rf"""
    (?P<url>(?:https?://|www\.)\S+)
  | (?P<iso>(?<![0-9.])[0-9]{{4}}(?P<isep>[-./])[0-9]{{1,2}}(?P=isep)[0-9]{{1,2}}(?![0-9]))
  | (?P<dmy>(?<![0-9.])[0-9]{{1,2}}(?P<dsep>[./-])[0-9]{{1,2}}(?P=dsep)(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9]))
  | (?P<dm>(?<![0-9.])[0-9]{{1,2}}\.[0-9]{{1,2}}(?![0-9]|\.[0-9]))
  | (?P<num>[0-9]+)
  | (?P<word>[\p{{L}}\p{{M}}]+)
  | (?P<dash>[{DASHES}])
  | (?P<quote>[«»"“”„‟'‘’‚‹›])
  | (?P<punct>\S)
    """,
    regex.VERBOSE,
)
_DIGITS_RE = regex.compile(r"[0-9]+")


@dataclass(slots=True)
class DateToken:
    """One token of the cleaned text; ``start``/``end`` are offsets in it."""

    kind: str  # url iso dmy dm num word dash quote punct
    text: str
    start: int  # offsets in the cleaned string
    end: int
    key: str = ""  # months.key(text) for words
    month: M.MonthWord | None = None
    nums: tuple[int, ...] = ()  # numbers of num/iso/dmy/dm tokens
    long_year: bool = False  # dmy: the year has 4 digits


def tokenize(t: str) -> list[DateToken]:
    toks: list[DateToken] = []
    for m in _TOKEN_RE.finditer(t):
        kind = m.lastgroup  # the outer group: inner ones (isep, dsep) close before it
        text = m.group()
        tok = DateToken(kind, text, m.start(), m.end())
        if kind == "word":
            tok.key = M.key(text)
            tok.month = M.month_word(text)
        elif kind in ("num", "iso", "dmy", "dm"):
            digits = _DIGITS_RE.findall(text)
            # Long digit runs are never days or years (and int() of a huge
            # string would raise), so they get no value.
            if all(len(x) <= 6 for x in digits):
                tok.nums = tuple(int(x) for x in digits)
                tok.long_year = len(digits[-1]) == 4
        toks.append(tok)
    return toks
