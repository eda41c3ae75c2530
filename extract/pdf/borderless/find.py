"""Tables without vertical rules, found from the alignment of their text.

Many grantees format their tables in Word with no vertical rules: a rule
under the header row and one under the last row, or no rules at all.
pdfplumber's line-based table finding (``PdfSettings.ruled``) sees no
cells there, so ``find_borderless`` looks at the text that no ruled table
covers.  The modules, in the order they work:

``borderless.lines``
    characters -> visual lines of words; the page's horizontal rules
    (segments joined, underlines of links left out).
``borderless.gutters``
    a sweep down the lines follows the vertical strips of white space that
    consecutive lines leave free ("gutters"); a gutter is a column
    boundary when the text beside it lines up (flush left, flush right or
    centred) on enough lines.  Justified prose leaves short rivers whose
    edges do not line up; a boundary the text reads across at a word space
    is dropped.
``borderless.zones``
    lines held together by boundaries form a zone; zones are cut where the
    font size changes or a rule ends a table, trimmed of the lines at their
    edges that are not table (a paragraph across the columns, a heading, a
    page number), and kept only when they look tabular: three columns or
    more (two when two rules frame them), lines with text in two columns,
    two columns of content besides list markers, not every column running
    text, not a monospaced font.  Rules, a line of figures and a bold
    header back a zone, so that fewer aligned lines place its boundaries.
``borderless.frames``
    a small table framed by rules (a bold header over a rule, its body
    down to a second rule) whose text does not line up: its columns are
    the white space, two cells' padding wide, that runs through every line.
``borderless.rows`` and ``borderless.cells``
    rows from where the columns' text starts (a "№" or a number, two
    columns starting together, a rule, a bold header or total) and cells
    from the text that runs across boundaries; vertically merged cells
    from text that visibly runs on, and from how borderless tables group
    rows (empty leading cells).  The result is the same ``PTable`` the
    ruled path makes, ``borderless`` set, so cell text, nesting and links
    work unchanged.
``extract.pdf.borderless.carry``
    a borderless table left open at a page's foot lends its columns to the
    top of the next page (a page that holds one long cell in two columns
    need not look tabular by itself).
``borderless.stitch``
    the page stitching (``extract.pdf.stitch``) compares borderless parts by the
    white space between their columns and moves their edges onto the
    table's.

Each module's tolerances are named constants at its top.  The work is a
sort of the characters and a few passes over the lines and their gutters,
so it is about linear in the number of characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from esep.extract.pdf.borderless.carry import Carry, carried_zone
from esep.extract.pdf.borderless.frames import framed_zones
from esep.extract.pdf.borderless.lines import page_rules, text_lines, underlines
from esep.extract.pdf.borderless.cells import build_table
from esep.extract.pdf.borderless.zones import find_zones
from esep.extract.pdf.page_tables import PTable
from esep.extract.pdf.settings import PdfSettings
from esep.extract.pdf.glyphs import Glyph


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
    carry: Carry | None,
    settings: PdfSettings,
) -> Borderless:
    """Tables without vertical rules among ``glyphs`` (the text no ruled
    table covers).  ``edges``: the page's horizontal edges (pdfplumber);
    ``ruled``: the boxes (x0, top, x1, bottom) of its ruled tables;
    ``carry``: the columns of a borderless table the previous page left
    open (``extract.pdf.borderless.carry``)."""
    if not glyphs:
        return Borderless([], glyphs)
    lines, aside = text_lines(glyphs, settings.text)
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
        zones = carried_zone(lines, zones, carry, rules, breaks, settings.borderless.carry_match)
    framed = framed_zones(lines, rules, zones, breaks)
    if framed:
        zones = sorted(zones + framed, key=lambda z: z.first)
    for zone in zones:
        tables.append(build_table(page_no, zone, lines[zone.first : zone.last + 1], rules, settings.text))
        used.update(range(zone.first, zone.last + 1))
    if not tables:
        return Borderless([], glyphs)
    rest = aside + [g for i, ln in enumerate(lines) if i not in used for w in ln.words for g in w.glyphs]
    return Borderless(tables, rest)
