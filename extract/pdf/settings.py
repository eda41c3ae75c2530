"""Every tolerance of PDF page reading and stitching, in one frozen value.

In the spirit of pdfplumber's ``TableSettings``: ``PdfSettings()`` is what
esep reads with; a caller who needs another value makes one with
``dataclasses.replace`` (or by naming a group's field) and passes it to
``read_pdf(path, settings)`` or ``esep.extract.read(path,
pdf_settings=...)``.  The settings travel as a parameter down to the
functions that use them; nothing reads a module global.

Units: "pt" is a PDF point (1/72 inch) in page space (top-left origin, as
pdfplumber gives boxes); "em" is a share of the font size of the text in
question; "line heights" are multiples of a text line's height; a "share"
is a fraction between 0 and 1.

The groups follow the order in which a page is read: ruled tables
(``RuledTableSettings``), characters into lines and text
(``TextSettings``), the page's text outside tables into paragraphs
(``ParagraphSettings``), tables found from text alignment
(``BorderlessSettings``), and the parts of one table on consecutive pages
stitched together (``StitchSettings``).  The defaults are the values esep
has been measured with; each field says why it has its value.

The only field that is no tolerance is ``StitchSettings.total_row``: the
reader knows nothing of the report forms, so the caller (the pipeline,
from ``normalize.patterns``) supplies the words that open a totals row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RuledTableSettings:
    """Tables drawn with rules: pdfplumber's ``find_tables`` on the "lines" strategy."""

    #: pt.  Parallel rules closer than this are snapped onto one line
    #: (pdfplumber's default; a cell border drawn twice is one border).
    snap_tolerance: float = 3
    #: pt.  Collinear rule segments with a gap up to this are joined
    #: (a border drawn in pieces, cell by cell, is one border).
    join_tolerance: float = 3
    #: pt.  A horizontal and a vertical rule this close count as meeting.
    intersection_tolerance: float = 3
    #: pt.  Rules shorter than this are ignored (underlines of a letter,
    #: the bars of table-like glyphs).
    edge_min_length: float = 3
    #: pt.  Cell edges of one table closer than this are one grid line
    #: (half a point: what rounding in the producer leaves, never two rules).
    grid_tolerance: float = 0.5

    def finder_settings(self) -> dict[str, Any]:
        """The ``table_settings`` dict for pdfplumber's ``Page.find_tables``.

        Ruled tables only: cells come from drawn lines and rectangle edges;
        tables without vertical rules are found from the text
        (``extract.pdf.borderless``).
        """
        return {
            "vertical_strategy": "lines",
            "horizontal_strategy": "lines",
            "snap_tolerance": self.snap_tolerance,
            "join_tolerance": self.join_tolerance,
            "intersection_tolerance": self.intersection_tolerance,
            "edge_min_length": self.edge_min_length,
        }


@dataclass(frozen=True, slots=True)
class TextSettings:
    """Characters -> lines -> text with paragraph breaks (one container: a cell, or the page)."""

    #: em.  A character starts a new word when the gap before it is wider
    #: than this (a space is ~0.25-0.3 em; letters are closer than 0.1 em).
    word_gap_em: float = 0.18
    #: em.  Outside tables a gap this wide is a tab stop ("\\t" in the line).
    tab_gap_em: float = 2.5
    #: share of the taller character's height.  Two characters are on one
    #: line when their vertical centres differ by less than this (half a
    #: line: sub- and superscripts stay on their line, the next line does not).
    line_overlap: float = 0.5
    #: line heights.  A line pitch above max(para_pitch_min, normal pitch *
    #: para_pitch_factor) starts a new paragraph: 1.5 is more than any
    #: single-spaced text, 1.3x the page's own pitch allows for 1.5 spacing.
    para_pitch_min: float = 1.5
    #: see ``para_pitch_min``.
    para_pitch_factor: float = 1.3
    #: line heights.  The normal pitch of a page with fewer than three pitch
    #: samples (single-spaced text at 1.2 line heights, as Word and LibreOffice set it).
    default_pitch: float = 1.2
    #: em, and pt.  A line ends its paragraph when the room left on it is
    #: wider than the next line's first word plus ``early_break_em`` em plus
    #: ``early_break_pad`` pt (the writer broke the line; a space and a margin of error).
    early_break_em: float = 0.35
    #: pt.  See ``early_break_em``.
    early_break_pad: float = 1.0
    #: pt.  A line that starts or ends within this of the text's left edge
    #: is at that edge (centred lines count free room on both sides).
    edge_slack: float = 3.0
    #: pt.  A link rectangle is widened by this much when deciding which
    #: glyphs it covers (annotation rectangles are drawn tight to the text).
    link_slack: float = 1.0
    #: share of the column's width.  A word cut by a narrow column without a
    #: hyphen is a candidate only when it is at least this wide (a short word
    #: at the end of a full line moved down whole).
    cut_word_share: float = 0.4
    #: pt.  The inner padding of a cell is taken from its text's left edge
    #: but never more than this (a cell's text indented on purpose).
    max_cell_padding: float = 12.0
    #: share of the sampled visible characters.  A page whose text runs in
    #: one sideways direction for more than this share, even after /Rotate,
    #: is read again turned upright (a clear majority: a page with a few
    #: vertical table headers stays as it is).
    sideways_share: float = 0.6


@dataclass(frozen=True, slots=True)
class ParagraphSettings:
    """The page's text outside tables -> paragraphs and headings (phase 2)."""

    #: share of the page height.  Page numbers and running headers/footers
    #: live in the top and bottom 12 % of a page (a typical 2 cm margin).
    margin_zone: float = 0.12
    #: characters.  A margin line longer than this is body text, never a
    #: running header or footer.
    margin_line_max: int = 150
    #: ratio to the body size.  A paragraph set at least this much larger
    #: than the body text is a heading (Word's Heading 3 at 14 pt over 11.5 pt body).
    heading_ratio: float = 1.2
    #: pt.  In justified text a line that stops short of the right edge by
    #: more than this ends its paragraph (justified lines reach the edge).
    ragged_gap: float = 2.0
    #: share.  A page's text is justified when at least this share of its
    #: longer left-aligned lines end at the right edge.
    justified_share: float = 0.5
    #: lines.  Fewer long left-aligned lines than this say nothing of justification.
    justified_min_lines: int = 6
    #: pt.  A first line indented this much more than the line before,
    #: which was at the left edge, starts a paragraph (a first-line indent
    #: is 1-1.25 cm; a wrapped list item's hanging text is less).
    indent: float = 8.0
    #: em (share of the larger size) and pt.  Two lines whose font sizes
    #: differ by more than max(size_change_pt, size_change_em * size) are
    #: two paragraphs.
    size_change_em: float = 0.15
    #: pt.  See ``size_change_em``.
    size_change_pt: float = 1.0


@dataclass(frozen=True, slots=True)
class BorderlessSettings:
    """Tables without vertical rules, found from the alignment of their text.

    Only the tolerances at the borders of the borderless finder are here:
    how its parts are matched across a page break.  The finder's inner
    thresholds (gutter widths, alignment counts, row-mark weights) stay
    constants of their modules (``extract.pdf.borderless.*``): each is
    documented there beside the one function that reads it, and they are
    tuned together, not one by one.
    """

    #: pt.  The white space between the columns of two parts of a table on
    #: consecutive pages lines up when it overlaps or comes this close
    #: (borderless column edges move a few points with each page's text).
    gap_tolerance: float = 3.0
    #: share of the page height.  Text in this band at the bottom of a page
    #: (a page number, a footer) does not close a borderless table that runs
    #: to the page's foot: its columns are lent to the next page (the same
    #: band as ``ParagraphSettings.margin_zone``).
    footer_share: float = 0.12
    #: pt.  A column boundary of the next page's own text is one of the
    #: carried table's when their white space overlaps or comes this close.
    carry_match: float = 3.0


@dataclass(frozen=True, slots=True)
class StitchSettings:
    """The parts of one table on consecutive pages -> one logical table."""

    #: pt.  Column boundaries of two parts closer than this are one column
    #: rule (ruled parts; borderless and OCR parts pass their own tolerance).
    column_tolerance: float = 3.0
    #: pt.  Mirrored margins may shift a part sideways by up to this (one inch).
    max_shift: float = 72.0
    #: rows.  How far up the cells merged down into a row are looked for.
    max_cover_rows: int = 200
    #: rows.  Header rows of the first part that a later part may repeat.
    max_header_rows: int = 5
    #: share.  A repeated header row shows text in at least this share of the
    #: header row's filled cells (one matching word does not make a header).
    min_header_share: float = 0.5
    #: points of evidence.  A fragment row goes on the table's last row when
    #: no veto stops it and it scores this much (``extract.pdf.stitch_rules``).
    merge_score: int = 3
    #: line heights, and pt.  Text that ended more than ``cut_gap_lines``
    #: line heights + ``cut_gap_pad`` pt above its cell's bottom was complete:
    #: the page did not cut it.
    cut_gap_lines: float = 3.0
    #: pt.  See ``cut_gap_lines``.
    cut_gap_pad: float = 6.0
    #: share of the fragment cell's width.  A fragment cell continues a cell
    #: only when at least this much of it lies under that cell (a group title
    #: spanning the table does not continue one column).
    min_under_share: float = 0.8
    #: line heights, and pt.  Text within ``full_gap_lines`` line heights +
    #: ``full_gap_pad`` pt of its cell's bottom filled the cell.
    full_gap_lines: float = 1.5
    #: pt.  See ``full_gap_lines``.
    full_gap_pad: float = 4.0
    #: pt.  The line height assumed for a cell with no text line to measure
    #: (an 8-9 pt table font at single spacing).
    default_line_height: float = 10.0
    #: A first cell that starts a total row, supplied by the caller (the
    #: reader knows nothing of the forms' words; the pipeline passes
    #: ``normalize.patterns``' totals).  A fragment row whose cell matches
    #: (``re.match``) is a row of its own, never the rest of the row above.
    #: None: no cell is known to start a totals row.
    total_row: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Every tolerance of PDF page reading and stitching (see the module docstring)."""

    ruled: RuledTableSettings = field(default_factory=RuledTableSettings)
    text: TextSettings = field(default_factory=TextSettings)
    paragraphs: ParagraphSettings = field(default_factory=ParagraphSettings)
    borderless: BorderlessSettings = field(default_factory=BorderlessSettings)
    stitch: StitchSettings = field(default_factory=StitchSettings)


#: The settings esep reads with when the caller passes none.
DEFAULT_SETTINGS = PdfSettings()
