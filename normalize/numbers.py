"""Numbers as reports write them -> values (pure functions, no I/O).

``parse_number`` reads one cell («1 877 057 тенге», «не менее 550», «4,8
балла», «90%», «-») into a ``ParsedNumber``; ``parse_money`` and
``parse_count`` are the strict helpers for money (whole tenge) and head
counts; ``parse_unit`` reads a unit cell («человек», «тенге»). None of them
raises on any string.

The cell is cut into tokens by ``normalize.number_tokens`` (which reads the
digit groups); the words around a number (units, multipliers, qualifiers,
number words) are the data of ``normalize.number_words``.

A number is never silently wrong: when a cell holds several numbers
(«1 книга на двух языках; Тираж 30 шт», «4,9 баллов из 5 (99%)») or a
number written ambiguously, the status is ``"unparsed"`` and the numbers
seen are listed in ``candidates``.

Decisions on ambiguous input:

- Thousands separators: any white space (space, NBSP U+00A0, narrow NBSP
  U+202F, thin space U+2009, ...) between digit groups of exactly three
  («1 877 057»); dots when there are at least two of them («1.234.567»);
  commas when there are at least two («1,234,567»).
- The decimal mark is the comma, always: «3,07» = 3.07 and «1,234» =
  1.234 (not 1234). A single dot is decimal too («4.8», «0.125»), except
  a single dot followed by exactly three digits after a 1-3 digit integer
  part («1.234»), which could be either and is ``"unparsed"`` with both
  readings in ``candidates``. With both marks («1.234,56», «1,234.56») the
  last one is the decimal mark.
- «1 260 000,00» is the integer 1260000: ``value`` is an ``int`` whenever
  the fraction is zero, else a ``float``; ``decimal`` keeps the exact value.
- «тыс.», «мың» multiply by 1 000, «млн» by 10^6, «млрд» by 10^9 («1,5 млн
  тенге» = 1500000).
- Percentages keep their number: «90%» -> 90 with unit ``percent``.
- «2-х», «100-ден»: letters glued to a number with a hyphen are a case
  ending. «350 (триста пятьдесят)»: a bracket of number words right after
  the number restates it and is ignored. «№ 43» is a reference, not a
  quantity, and is ignored.
- Number words elsewhere («двух», «одна», «екі») count as numbers, so
  «1 книга на двух языках» is ``"unparsed"``; a cell without digits is
  ``"unparsed"`` (number words alone are not read).
- Money (``parse_money``) is rounded half up to whole tenge
  («1 260 000,50» -> 1260001); more than two decimals without a multiplier
  («1,234 тенге») is not money -> None.
- Counts (``parse_count``) must be whole and non-negative; «3,07» -> None.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from esep.normalize.number_tokens import NumberToken, tokenize
from esep.normalize.number_words import (
    COPY_BEATS,
    FILLER_WORDS,
    FOLDED_MULTIPLIERS,
    MAX_PREFIXES,
    MAX_SUFFIXES,
    MIN_PREFIXES,
    MIN_SUFFIXES,
    MULTIPLIERS,
    NUMBER_WORDS,
    QUALIFIER_WORDS,
    UNIT_WORDS,
    UNITS,
    is_number_word,
    prefix_kind,
    suffix_kinds,
    unit_of_word,
)
from esep.normalize.text import clean_text

__all__ = [
    "ParsedNumber",
    "parse_number",
    "parse_money",
    "parse_count",
    "parse_unit",
    "STATUSES",
    "UNITS",
    "UNIT_WORDS",
    "MULTIPLIERS",
    "MIN_PREFIXES",
    "MAX_PREFIXES",
    "MIN_SUFFIXES",
    "MAX_SUFFIXES",
    "NUMBER_WORDS",
]

# ---------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------
#: Every ``ParsedNumber.status``:
STATUSES: dict[str, str] = {
    "number": "exactly one number was read: value is set",
    "empty": "nothing written: value None",
    "dash": "only a dash («-», «—», «–»): explicitly nothing, value None",
    "unparsed": "no number, several numbers, or an ambiguous one: value None",
}


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """One value read from a cell.

    ``value`` is an ``int`` when whole («1 260 000,00» -> 1260000) and a
    ``float`` otherwise; ``decimal`` is the exact value. ``unit`` is one
    of ``UNITS`` or None. ``from_prose`` is True when the cell has words
    other than qualifiers, units and multipliers around the number
    («Количество участников не менее 100 представителей СМИ»).
    ``candidates`` lists the numbers seen when the status is ``"unparsed"``.
    ``fraction_digits`` is how many decimals were written.
    """

    value: int | float | None
    status: str
    text: str
    is_minimum: bool = False
    is_maximum: bool = False
    unit: str | None = None
    decimal: Decimal | None = None
    multiplier: int = 1
    fraction_digits: int = 0
    from_prose: bool = False
    candidates: tuple[int | float, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True unless the cell could not be read (number, empty or dash)."""
        return self.status != "unparsed"

    @property
    def is_integer(self) -> bool:
        return isinstance(self.value, int)


_DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_ONLY_DASHES_RE = regex.compile(rf"[{_DASH_CHARS}\s]+")
_CTX = decimal.Context(prec=200, Emax=10_000, Emin=-10_000)


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------
def _to_value(d: Decimal) -> int | float:
    if d == d.to_integral_value(context=_CTX):
        return int(d)
    return float(d)


def _restating_brackets(toks: list[NumberToken]) -> set[int]:
    """Indices of the tokens of brackets that restate a number in words:
    «350 (триста пятьдесят)», «10 (оннан) артық емес». The bracket must
    hold only number words; right after a number, number words with a
    Kazakh case ending count too."""
    skip: set[int] = set()
    i = 0
    while i < len(toks):
        if toks[i].kind == "open":
            loose = i > 0 and toks[i - 1].kind == "num"
            j = i + 1
            while j < len(toks) and toks[j].kind == "word" and is_number_word(toks[j].key, loose):
                j += 1
            if j > i + 1 and j < len(toks) and toks[j].kind == "close":
                skip.update(range(i, j + 1))
                i = j + 1
                continue
        i += 1
    return skip


def _words_before(toks: list[NumberToken], i: int, limit: int = 5) -> list[str]:
    """Up to ``limit`` folded words directly before token i (stops at
    anything that is not a word)."""
    out: list[str] = []
    j = i - 1
    while j >= 0 and toks[j].kind == "word" and len(out) < limit:
        out[:0] = toks[j].key.split()
        j -= 1
    return out


def _words_after(toks: list[NumberToken], i: int, skip: set[int], limit: int = 5) -> list[str]:
    """Up to ``limit`` folded words after token i (dots, commas and
    restating brackets skipped)."""
    out: list[str] = []
    j = i + 1
    while j < len(toks) and len(out) < limit:
        tk = toks[j]
        if j in skip:
            pass
        elif tk.kind == "word":
            out.extend(tk.key.split())
        elif not (tk.kind == "other" and tk.text in ".,"):
            break
        j += 1
    return out


def parse_number(s: str | None) -> ParsedNumber:
    """Read one number from a cell; see the module docstring for the rules.

    >>> parse_number("Не менее 5 000 человек").value
    5000
    """
    if s is None:
        return ParsedNumber(None, "empty", "")
    if not isinstance(s, str):
        s = str(s)
    t = clean_text(s)
    if not t:
        return ParsedNumber(None, "empty", s)
    if _ONLY_DASHES_RE.fullmatch(t):
        return ParsedNumber(None, "dash", s)

    toks = tokenize(t)
    skip = _restating_brackets(toks)
    nums = [i for i, tk in enumerate(toks) if tk.kind == "num" and i not in skip]

    # A multiplier word right after a number belongs to it («5 тыс.»).
    mult_at = {i: i + 1 for i in nums
               if i + 1 < len(toks) and toks[i + 1].kind == "word" and toks[i + 1].key in FOLDED_MULTIPLIERS}
    number_words = [i for i, tk in enumerate(toks)
                    if tk.kind == "word" and tk.key in NUMBER_WORDS
                    and i not in skip and i not in mult_at.values()]

    if len(nums) != 1 or number_words or toks[nums[0]].value is None:
        candidates: list[int | float] = []
        for i in nums:
            tk = toks[i]
            if tk.value is not None:
                candidates.append(_to_value(tk.value))
            else:
                candidates.extend(_to_value(a) for a in tk.alts)
        return ParsedNumber(None, "unparsed", s, candidates=tuple(candidates))

    i = nums[0]
    tk = toks[i]
    value = tk.value
    assert value is not None
    multiplier = 1
    last = i  # last token of the number (with its multiplier)
    if i in mult_at:
        last = mult_at[i]
        multiplier = FOLDED_MULTIPLIERS[toks[last].key]
        value = _CTX.multiply(value, Decimal(multiplier))

    pre = prefix_kind(_words_before(toks, i))
    post = suffix_kinds(_words_after(toks, last, skip))
    is_min = pre == "min" or "min" in post
    is_max = pre == "max" or "max" in post
    if last + 1 < len(toks) and toks[last + 1].kind == "plus":  # «100+»
        is_min = True

    prose = any(
        w.kind == "word" and j not in skip and j not in (i, last)
        and w.key not in QUALIFIER_WORDS and w.key not in FILLER_WORDS
        and unit_of_word(w.key) is None
        for j, w in enumerate(toks)
    )
    return ParsedNumber(
        value=_to_value(value),
        status="number",
        text=s,
        is_minimum=is_min,
        is_maximum=is_max,
        unit=_find_unit(toks, i, last),
        decimal=value,
        multiplier=multiplier,
        fraction_digits=tk.frac,
        from_prose=prose,
    )


def _find_unit(toks: list[NumberToken], i: int, last: int) -> str | None:
    """The unit word nearest after the number, else nearest before it;
    a copy word anywhere beats a piece counter («Тираж 30 шт»)."""
    def unit_at(j: int) -> str | None:
        tk = toks[j]
        if tk.kind == "pct":
            return "percent"
        if tk.kind == "tenge":
            return "kzt"
        if tk.kind == "word":
            return unit_of_word(tk.key)
        return None

    unit = None
    for j in range(last + 1, len(toks)):
        unit = unit_at(j)
        if unit is not None:
            break
    if unit is None:
        for j in range(i - 1, -1, -1):
            unit = unit_at(j)
            if unit is not None:
                break
    if unit in COPY_BEATS and any(unit_at(j) == "copy" for j in range(len(toks))):
        unit = "copy"
    return unit


def parse_money(s: str | None) -> int | None:
    """Whole tenge, or None when the cell is not exactly one amount.

    «1 877 057 тенге» -> 1877057; «1 260 000,00» -> 1260000; «1,5 млн
    тенге» -> 1500000; half a tenge and more rounds up. None when: no
    single number, a unit other than tenge («90%», «50 человек»), or more
    than two decimals without a multiplier («1,234»).
    """
    p = parse_number(s)
    if p.status != "number" or p.decimal is None:
        return None
    if p.unit not in (None, "kzt"):
        return None
    if p.multiplier == 1 and p.fraction_digits > 2:
        return None
    return int(p.decimal.quantize(Decimal(1), rounding=decimal.ROUND_HALF_UP, context=_CTX))


def parse_count(s: str | None) -> int | None:
    """A head count or number of items, or None.

    None when the cell is not exactly one number, the number is not whole
    («3,07»), negative, or has a unit that is not counted (tenge, percent,
    score).
    """
    p = parse_number(s)
    if p.status != "number" or not isinstance(p.value, int):
        return None
    if p.value < 0 or p.unit in ("kzt", "percent", "score"):
        return None
    return p.value


def parse_unit(s: str | None) -> str | None:
    """The unit named by a unit cell («человек», «тенге», «%», «тыс.
    тенге»), or None when it names none or several different ones
    («организация/человек»)."""
    if not s:
        return None
    toks = tokenize(clean_text(str(s)))
    units = set()
    for tk in toks:
        if tk.kind == "pct":
            units.add("percent")
        elif tk.kind == "tenge":
            units.add("kzt")
        elif tk.kind == "word":
            u = unit_of_word(tk.key)
            if u is not None:
                units.add(u)
    if "copy" in units:
        units.discard("piece")
    return units.pop() if len(units) == 1 else None