"""The cells of a table being stitched, and how a page's fragment goes on one.

A logical cell (``LCell``) keeps, besides its text, the facts of its
fragment on the latest page it appeared on (``tail_*``): how many lines,
how far its last line ended above the cell's bottom, its line height.
The continuation rule (``extract.pdf.stitch_rules``) reads those.

``absorb`` appends a fragment cell's text to the logical cell: with a
space, or "\\n" when the fragment starts a list item, or nothing after a
hyphenated compound cut by the page or inside a URL link.
"""

from __future__ import annotations

from dataclasses import dataclass

from esep.extract.model import BBox, Hyperlink, Table
from esep.extract.pdf.page_tables import PCell
from esep.extract.pdf.cuts import CUT_WEAK
from esep.extract.pdf.links import continues_link
from esep.extract.pdf.paragraph_breaks import starts_paragraph
from esep.extract.pdf.word_repair import hyphen_joins


@dataclass(slots=True)
class LCell:
    text: str
    row: int
    rs: int
    rx0: float
    rx1: float
    bold: bool
    links: list[Hyperlink]
    tables: list[Table]
    pages: set[int]
    # the fragment on the latest page the cell appeared on
    tail_text: str
    tail_lines: int
    tail_gap: float | None
    tail_lh: float
    first_line: str
    last_line: str
    first_link: str | None
    last_link: str | None
    bbox: BBox  # the cell's box on its first page (a later page's fragment adds no box)

    @classmethod
    def from_part(
        cls, pc: PCell, row: int, left: float, page: int, default_lh: float, rs: int | None = None
    ) -> "LCell":
        """The logical cell begun by page cell ``pc`` (``default_lh``: the line height
        assumed when ``pc`` has no text line to measure)."""
        return cls(
            text=pc.text,
            row=row,
            rs=pc.rs if rs is None else rs,
            rx0=pc.x0 - left,
            rx1=pc.x1 - left,
            bold=pc.bold,
            links=list(pc.links),
            tables=list(pc.tables),
            pages={page},
            tail_text=pc.text,
            tail_lines=pc.n_lines,
            tail_gap=cell_gap(pc),
            tail_lh=pc.line_height or default_lh,
            first_line=pc.first_line,
            last_line=pc.last_line,
            first_link=pc.first_link,
            last_link=pc.last_link,
            bbox=pc.box(),
        )


@dataclass(slots=True)
class LRow:
    cells: list[LCell]
    pages: set[int]
    fragments: int = 1


def cell_gap(pc: PCell) -> float | None:
    return (pc.bottom - pc.last_bottom) if pc.last_bottom is not None else None


def _joiner(t: LCell, fc: PCell) -> tuple[str, bool]:
    """(separator, glued link) between ``t``'s text and the fragment ``fc`` that goes on it."""
    glue = (
        t.last_link is not None
        and t.last_link == fc.first_link
        and bool(t.links)
        and bool(fc.links)
        and continues_link(t.links[-1].text, fc.links[0].text, t.last_link)
    )
    if glue or hyphen_joins(t.last_line, fc.first_line):
        return "", glue
    if starts_paragraph(t.last_line, fc.first_line):
        return "\n", False
    before, after = t.last_line.rstrip()[-1:], fc.first_line.lstrip()[:1]
    if before.isalpha() and after.isalpha() and after.islower():
        return CUT_WEAK, False  # maybe one word the page cut: the document's words decide (extract.pdf.cuts)
    return " ", False


def absorb(t: LCell, fc: PCell, page: int, first: bool) -> None:
    """Append the fragment cell ``fc`` to ``t``; ``first``: the first fragment cell ``t`` gets."""
    if fc.text:
        if not t.text:
            t.text = fc.text
            t.links.extend(fc.links)
        else:
            sep, glue = _joiner(t, fc)
            t.text = t.text + sep + fc.text
            links = list(fc.links)
            if glue and links:
                t.links[-1] = Hyperlink(t.links[-1].text + links[0].text, t.links[-1].target)
                links = links[1:]
            t.links.extend(links)
        t.pages.add(page)
        t.bold = t.bold and fc.bold
        t.tables.extend(fc.tables)
    elif fc.links:
        t.links.extend(fc.links)
    if first:  # the latest fragment is what the next page continues
        t.tail_text = fc.text
        t.tail_lines = fc.n_lines
        t.tail_gap = cell_gap(fc)
        t.tail_lh = fc.line_height or t.tail_lh
        t.first_line = fc.first_line or t.first_line
        t.last_line = fc.last_line or t.last_line
        t.last_link = fc.last_link if fc.text else t.last_link
    elif fc.text:
        t.tail_text = (t.tail_text + " " + fc.text).strip()
