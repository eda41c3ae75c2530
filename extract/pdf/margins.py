"""Page numbers and running headers/footers of a PDF, dropped before paragraphs are made.

Short lines in the top or bottom 12 % of a page, above/below every table,
that look like a page number or repeat on another page are dropped (the
reader notes how many).
"""

from __future__ import annotations

import re

from esep.extract.pdf.page import PageData
from esep.extract.pdf.settings import ParagraphSettings

_PAGE_NO = re.compile(
    r"^(?:(?:стр\.?|страница|бет|page|p\.|с\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"(?:\s*(?:из|of|/|-тен|-ден)\s*\d{1,4})?(?:\s*(?:бет|стр\.?|page))?$",
    re.I,
)


def _margin_lines(pd: PageData, settings: ParagraphSettings) -> list[int]:
    """Indices of the first/last two lines of a page if they sit in its margins."""
    top_limit = pd.height * settings.margin_zone
    bottom_limit = pd.height * (1 - settings.margin_zone)
    first_table = min((t.top for t in pd.tables), default=float("inf"))
    last_table = max((t.bottom for t in pd.tables), default=float("-inf"))
    n = len(pd.lines)
    out = []
    for i in sorted({*range(min(2, n)), *range(max(0, n - 2), n)}):
        ln = pd.lines[i]
        if len(ln.text) > settings.margin_line_max:
            continue
        if i < 2 and ln.bottom <= top_limit and ln.bottom <= first_table + 1:
            out.append(i)
        elif i >= n - 2 and ln.top >= bottom_limit and ln.top >= last_table - 1:
            out.append(i)
    return out


def strip_headers_footers(pages: list[PageData | None], settings: ParagraphSettings) -> int:
    """Drop page numbers and running headers/footers; return how many lines went.

    A margin line goes when it looks like a page number ("5", "- 5 -",
    "стр. 5 из 9", "5 бет"), when the same text is in the margin of another
    page, or when the same text up to its numbers is in the margin of at
    least three pages and half of the document's pages.
    """
    cands: list[tuple[PageData, int, str, str]] = []
    exact: dict[str, set[int]] = {}
    loose: dict[str, set[int]] = {}
    n_pages = sum(1 for pd in pages if pd is not None)
    for pd in pages:
        if pd is None:
            continue
        for i in _margin_lines(pd, settings):
            text = " ".join(pd.lines[i].text.lower().split())
            sig = re.sub(r"\d+", "#", text)
            cands.append((pd, i, text, sig))
            exact.setdefault(text, set()).add(pd.number)
            loose.setdefault(sig, set()).add(pd.number)
    drop: dict[int, set[int]] = {}
    for pd, i, text, sig in cands:
        if not any(ch.isalnum() for ch in text):
            continue
        if (
            _PAGE_NO.match(text)
            or len(exact[text]) >= 2
            or (len(loose[sig]) >= 3 and len(loose[sig]) * 2 >= n_pages)
        ):
            drop.setdefault(pd.number, set()).add(i)
    n = 0
    for pd in pages:
        if pd is None or pd.number not in drop:
            continue
        gone = drop[pd.number]
        pd.lines = [ln for i, ln in enumerate(pd.lines) if i not in gone]
        n += len(gone)
    return n

