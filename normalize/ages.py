"""Age brackets as the forms write them -> (age_min, age_max) and the schema's category.

"от 13-16 лет" -> 13-16, "59 лет и выше" -> 59+, "от 14 до 18 лет" -> 14-18,
"старше 60 лет" -> 61+, "до 18 лет" / "18 жасқа дейін" -> 0-17 (the
patterns are ``patterns.AGE_BRACKET_RES``; the first that matches decides).
"""

from __future__ import annotations

import regex

from esep.normalize import patterns
from esep.normalize.text import clean_text, fold_for_match

_AGE_RES = [(regex.compile(rx), k) for rx, k in patterns.AGE_BRACKET_RES]
_BARE_RES = [(regex.compile(rx), k) for rx, k in patterns.AGE_BRACKET_BARE_RES]
_DASHES = regex.compile(r"[\u2010-\u2015\u2212]")


def age_bracket(label: str, *, bare: bool = False) -> tuple[int | None, int | None] | None:
    """(age_min, age_max) of a bracket header such as "от 13-16 лет", "59 лет и выше".

    ``bare``: the label stands under an age group, so "14-18" and "61+" count too.
    """
    folded = fold_for_match(label)
    # the bare forms keep their "+" ("61+"), which folding drops
    plain = _DASHES.sub("-", clean_text(label).casefold())
    candidates = [(rx, k, folded) for rx, k in _AGE_RES] + [(rx, k, plain) for rx, k in (_BARE_RES if bare else [])]
    for rx, kind, text in candidates:
        m = rx.search(text)
        if not m:
            continue
        groups = m.groupdict()
        lo = int(groups["lo"]) if groups.get("lo") else None
        hi = int(groups["hi"]) if groups.get("hi") else None
        if kind == "above" and lo is not None:
            lo += 1  # "старше 59" -> 60+
        if kind == "below" and hi is not None:
            lo, hi = 0, hi - 1  # "до 18 лет" / "18 жасқа дейін": under 18
        if lo is not None and hi is not None and lo > hi:
            continue
        return lo, hi
    return None


def age_category(age_min: int | None, age_max: int | None) -> str:
    """The schema's key of a bracket: "13-16", "59+" (no lower bound: from 0)."""
    return f"{age_min}+" if age_max is None else f"{age_min if age_min is not None else 0}-{age_max}"
