"""Number text -> tokens: digit groups read into exact values.

The first step of reading a number cell (``normalize.numbers``): the cleaned
text is cut into tokens (numbers with their sign and a glued case ending,
«№ 43» references, words, «%», «₸», brackets, «+»), and every number's
digits are read with the thousands separators and decimal marks described
in ``normalize.numbers``; an ambiguous «1.234» keeps both readings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from esep.normalize.text import fold_for_match

_TOKEN_RE = regex.compile(
    rf"""
    (?P<ref>(?:№|(?<!\p{{L}})N[oо]?\.?|\#)\s?[0-9]+)
  | (?P<num>(?P<sign>(?<![\p{{L}}\p{{N}}])[\-\u2212](?=[0-9]))?
        [0-9]+(?:(?:[.,]|\x20(?=[0-9]{{3}}(?![0-9])))[0-9]+)*)
        (?:-(?P<sfx>\p{{L}}{{1,4}})(?![\p{{L}}\p{{M}}]))?
  | (?P<word>[\p{{L}}\p{{M}}]+(?:-[\p{{L}}\p{{M}}]+)*)
  | (?P<pct>%)
  | (?P<tenge>₸)
  | (?P<open>[(\[])
  | (?P<close>[)\]])
  | (?P<plus>\+)
  | (?P<other>\S)
    """,
    regex.VERBOSE,
)
_MAX_DIGITS = 40


@dataclass(slots=True)
class NumberToken:
    """One token of a cell; numbers carry their exact value (None when unreadable)."""

    kind: str
    text: str
    key: str = ""  # folded word
    value: Decimal | None = None  # numbers
    frac: int = 0
    alts: tuple[Decimal, ...] = ()  # both readings of an ambiguous «1.234»


_NO_NUMBER: tuple[None, int, tuple[Decimal, ...]] = (None, 0, ())


def _read_digits(body: str) -> tuple[Decimal | None, int, tuple[Decimal, ...]]:
    """Digits with separators -> (value, fraction digits, ()), or (None, n,
    readings) when ambiguous, or (None, 0, ()) when the shape is no number
    («15.09.2022»)."""
    if sum(c.isdigit() for c in body) > _MAX_DIGITS:
        return _NO_NUMBER
    if " " in body:
        groups = body.split(" ")
        last = groups[-1]
        frac = ""
        for sep in ",.":
            if sep in last:
                last, frac = last.split(sep, 1)
                break
        groups[-1] = last
        if (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])
                or any(not g.isdigit() for g in groups) or (frac and not frac.isdigit())):
            return _NO_NUMBER
        return _dec("".join(groups), frac), len(frac), ()
    dots, commas = body.count("."), body.count(",")
    if not dots and not commas:
        return _dec(body, ""), 0, ()
    if dots and commas:
        dec_sep = "." if body.rfind(".") > body.rfind(",") else ","
        th_sep = "," if dec_sep == "." else "."
        if body.count(dec_sep) != 1:
            return _NO_NUMBER
        int_part, frac = body.split(dec_sep)
        groups = int_part.split(th_sep)
        if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
            return _NO_NUMBER
        return _dec("".join(groups), frac), len(frac), ()
    sep = "." if dots else ","
    parts = body.split(sep)
    if len(parts) > 2:  # «1.234.567»: thousands
        if not 1 <= len(parts[0]) <= 3 or any(len(g) != 3 for g in parts[1:]):
            return _NO_NUMBER
        return _dec("".join(parts), ""), 0, ()
    int_part, frac = parts
    if sep == "." and len(frac) == 3 and 1 <= len(int_part) <= 3 and int_part[0] != "0":
        # «1.234»: 1.234 or 1234? Refuse to guess.
        return None, 3, (_dec(int_part, frac), _dec(int_part + frac, ""))
    return _dec(int_part, frac), len(frac), ()


def _dec(int_part: str, frac: str) -> Decimal:
    return Decimal(f"{int_part}.{frac}" if frac else int_part)


def tokenize(t: str) -> list[NumberToken]:
    toks: list[NumberToken] = []
    for m in _TOKEN_RE.finditer(t):
        text = m.group()
        if m.group("num") is not None:
            tok = NumberToken("num", text)
            sign = m.group("sign") or ""
            value, tok.frac, tok.alts = _read_digits(m.group("num")[len(sign):])
            if value is not None:
                tok.value = -value if sign else value
        elif m.group("word") is not None:
            tok = NumberToken("word", text, key=fold_for_match(text))
        else:
            tok = NumberToken(m.lastgroup or "other", text)
        toks.append(tok)
    return toks
