"""Typed values out of cell text, with a finding for every one that cannot be read.

The parsers in ``numbers``/``dates`` never guess; these wrappers decide
what a failure means in context (a count column that says "много" is a
finding; an indicator written as prose is not) and record it.
"""

from __future__ import annotations

import regex

from esep.extract.model import Provenance
from esep.normalize.context import Ctx
from esep.normalize.dates import ParsedDate, parse_date
from esep.normalize.numbers import ParsedNumber, parse_number
from esep.normalize.text import clean_text

_DASH_ONLY = regex.compile(r"^[\s\-–—−_.]*$")

#: A number read by OCR from a cell whose confidence (0..1, the lowest of its
#: words) is below this gets a ``low_confidence`` finding; the value is kept.
LOW_CONFIDENCE = 0.80


def confidence_of(cell, row: int | None = None) -> float | None:
    """The OCR confidence of a table cell (None: not OCR'd, or not anchored in ``row``)."""
    if cell is None or (row is not None and getattr(cell, "row", row) != row):
        return None
    return getattr(cell, "confidence", None)


def check_confidence(ctx: Ctx, confidence: float | None, prov: Provenance, what: str, text: str | None) -> None:
    """Record a ``low_confidence`` finding for a number OCR was unsure of."""
    if confidence is not None and confidence < LOW_CONFIDENCE:
        ctx.finding("low_confidence",
                    f"The {what} was read by OCR with low confidence ({confidence:.2f}); check it on the page.",
                    prov, clean_text(text or ""))


def text_or_none(text: str | None, keep_newlines: bool = False) -> str | None:
    """Cleaned text, or None for blank and dash-only cells."""
    if text is None:
        return None
    cleaned = clean_text(text, keep_newlines=keep_newlines)
    if not cleaned or _DASH_ONLY.match(cleaned):
        return None
    return cleaned


def number(ctx: Ctx, text: str | None, prov: Provenance, what: str, *, required: bool = True,
           confidence: float | None = None) -> ParsedNumber | None:
    """A number from a cell; None when blank/dash.  Unreadable -> finding (when required).

    ``confidence`` is the cell's OCR confidence: a number read below
    ``LOW_CONFIDENCE`` is returned with a ``low_confidence`` finding.
    """
    cleaned = text_or_none(text)
    if cleaned is None:
        return None
    parsed = parse_number(cleaned)
    if parsed.status == "number" and parsed.value is not None:
        check_confidence(ctx, confidence, prov, what, cleaned)
        return parsed
    if parsed.status in ("empty", "dash"):
        return None
    if required:
        ctx.finding("unparsed_number", f"The {what} could not be read as a number.", prov, cleaned)
    return parsed


def count(ctx: Ctx, text: str | None, prov: Provenance, what: str, *, confidence: float | None = None) -> int | None:
    parsed = number(ctx, text, prov, what, confidence=confidence)
    if parsed is None or parsed.value is None:
        return None
    value = parsed.value
    if isinstance(value, float) and not value.is_integer():
        ctx.finding("unparsed_number", f"The {what} is not a whole number.", prov, clean_text(text or ""))
        return None
    return int(value)


def money(ctx: Ctx, text: str | None, prov: Provenance, what: str, *, confidence: float | None = None) -> int | None:
    parsed = number(ctx, text, prov, what, confidence=confidence)
    if parsed is None or parsed.value is None:
        return None
    if parsed.unit not in (None, "kzt"):
        ctx.finding("unparsed_number", f"The {what} is not a sum in tenge.", prov, clean_text(text or ""))
        return None
    return int(round(parsed.value))


def date(ctx: Ctx, text: str | None, prov: Provenance, what: str) -> ParsedDate | None:
    cleaned = text_or_none(text)
    if cleaned is None:
        return None
    parsed = parse_date(cleaned, ctx.report_year)
    if parsed.start is None:
        ctx.finding("unparsed_date", f"The {what} could not be read as a date.", prov, cleaned)
        return None
    return parsed
