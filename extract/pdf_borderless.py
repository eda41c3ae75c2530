"""Tables without vertical rules, found from the alignment of their text.

Many grantees format their tables in Word with no vertical rules: a rule
under the header row and one under the last row ("rules"), or none at all.
pdfplumber's line-based table finding (``pdf_page.TABLE_SETTINGS``) sees no
cells there, so this module looks at the text that no ruled table covers.

Columns
-------
The page's characters are grouped into visual lines and words.  A sweep
down the lines follows the vertical "gutters": strips of white space at
least ``MIN_GUTTER`` wide that the words of consecutive lines do not cross
(a line with an empty cell leaves the whole strip free, so the gutter goes
on through it).  A gutter that lives ``MIN_GUTTER_LINES`` lines or more is
a column boundary candidate; justified prose, whose word spaces never line
up for long, leaves none.  Gutters at the same place whose lives are cut by
a few lines that cross them (a merged cell or a header word over two
columns) are one boundary.  A zone is a run of lines held together by such
boundaries.

A zone is a table only if it looks tabular: ``MIN_COLUMNS`` columns or
more with text on ``MIN_TABLE_LINES`` lines that use two columns or more,
not every column a column of prose, and not a list whose first column is
nothing but list markers.  A two-column zone (a "label: value" block, two
columns of text, a list with a hanging indent) is a table only when two
horizontal rules as wide as the zone frame it.  Lines with tabs in prose
stay prose.

Rows, cells and the grid are made by ``extract.pdf_borderless_grid``; the
result is the same ``PTable`` the ruled path makes (``borderless`` set), so
cell text, page stitching, nesting and links work unchanged.

The work is a sort of the characters and a few passes over the lines, so it
is about linear in the number of characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.pdf_borderless_carry import Carry, carried_zone
from extract.pdf_borderless_lines import page_rules, text_lines, underlines
from extract.pdf_borderless_cells import build_table
from extract.pdf_borderless_zones import find_zones
from extract.pdf_page import PTable
from extract.pdf_text import Glyph


@dataclass
class Borderless:
    """The borderless tables of a page (their glyphs in ``PTable.glyphs``)
    and the glyphs left outside every table."""

    tables: list[PTable]
    rest: list[Glyph]


def find_borderless(
    page_no: int,
    glyphs: list[Glyph],
    edges: list[dict],
    ruled: list[tuple[float, float, float, float]],
    carry: Carry | None = None,
) -> Borderless:
    """Tables without vertical rules among ``glyphs`` (the text no ruled
    table covers).  ``edges``: the page's horizontal edges (pdfplumber);
    ``ruled``: the boxes (x0, top, x1, bottom) of its ruled tables;
    ``carry``: the columns of a borderless table the previous page left
    open (``pdf_borderless_carry``)."""
    if not glyphs:
        return Borderless([], glyphs)
    lines, aside = text_lines(glyphs)
    if len(lines) < 2:
        return Borderless([], glyphs)
    rules = page_rules(edges, ruled)
    under = underlines(rules, lines)
    rules = [r for k, r in enumerate(rules) if k not in under]
    breaks = {
        i for i in range(1, len(lines))
        if any(lines[i - 1].bottom <= box[1] and box[3] <= lines[i].top for box in ruled)
    }
    tables: list[PTable] = []
    used: set[int] = set()
    zones = find_zones(lines, rules, breaks)
    if carry is not None:
        zones = carried_zone(lines, zones, carry, rules, breaks)
    for zone in zones:
        tables.append(build_table(page_no, zone, lines[zone.first : zone.last + 1], rules))
        used.update(range(zone.first, zone.last + 1))
    if not tables:
        return Borderless([], glyphs)
    rest = aside + [g for i, ln in enumerate(lines) if i not in used for w in ln.words for g in w.glyphs]
    return Borderless(tables, rest)
