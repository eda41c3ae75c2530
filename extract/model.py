"""The neutral document model every reader produces.

A ``Document`` is an ordered list of blocks: ``Paragraph`` and ``Table``.
Nothing here knows about report forms; normalisation reads this model and
never asks which file format it came from.

Tables keep merged cells *once*: a cell is anchored at its top-left grid
position (``row``, ``col``) and covers ``row_span`` x ``col_span`` grid
positions.  ``Table.grid()`` gives the positional view (every covered grid
position points at its anchor cell) for code that wants "column j of row i".

Provenance: pages are 1-based and empty for formats without pages (DOCX);
``Table.index`` is the 0-based position of the table among all tables of
the document in reading order (nested tables included, depth first);
row indices are after merged-cell resolution and page stitching.  A PDF
or OCR cell and a PDF paragraph keep their ``BBox`` in PDF points on their
first page (DOCX has none).  ``Provenance`` is the one type that says where
something was read; ``Table.provenance`` and ``Paragraph.provenance`` hand
it to normalisation, which carries it to every schema row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Union


@dataclass(frozen=True, slots=True)
class BBox:
    """A box on a page in PDF points, origin at the page's top left (pdfplumber's ``x0, top, x1, bottom``).

    Born-digital PDF: pdfplumber's coordinates of the page as read (after
    /Rotate, or after the reader turned a sideways page upright).  A PDF
    page read by OCR: Tesseract's pixel boxes divided by the render scale
    (pixels per point), so the box lies on the same page in points.  An
    image file (JPEG/PNG/TIFF) has no points of its own: pixels are turned
    into points at 72 per inch of the image's declared resolution, or, when
    it declares none (or an implausible one), of the resolution the image
    reader assumes to read the image as an A4 page (``extract.ocr.image_pages``)
    -- the same scale the page's text was read with, never raw pixels, so
    that every box of every format is in points.
    """

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: "BBox | None") -> "BBox":
        if other is None:
            return self
        return BBox(min(self.x0, other.x0), min(self.top, other.top),
                    max(self.x1, other.x1), max(self.bottom, other.bottom))

    def as_list(self) -> list[float]:
        """``[x0, top, x1, bottom]`` to a tenth of a point (what the outputs write)."""
        return [round(v, 1) for v in (self.x0, self.top, self.x1, self.bottom)]


def union_of(boxes: "Iterable[BBox | None]") -> BBox | None:
    """The smallest box holding every box given (None when none is given)."""
    out: BBox | None = None
    for box in boxes:
        if box is not None:
            out = box.union(out)
    return out


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value was read: the one provenance type from reader to schema row.

    ``pages`` are 1-based (empty for DOCX); ``bbox`` is on ``pages[0]`` in PDF
    points (None for DOCX, or when the reader had no box); ``table`` is the
    document-wide table index, ``row`` and ``col`` the grid position after
    merged cells and page stitching (None for prose); ``confidence`` is OCR's
    (0..1) and None for a text layer.
    """

    pages: tuple[int, ...] = ()
    bbox: BBox | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    confidence: float | None = None

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None

    @property
    def location(self) -> str:
        """``table 3 row 5 page 2``, ``page 2`` or ``text``: a finding's location."""
        parts = []
        if self.table is not None:
            parts.append(f"table {self.table}")
            if self.row is not None:
                parts.append(f"row {self.row}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        return " ".join(parts) if parts else "text"


@dataclass(slots=True)
class Hyperlink:
    """A link as shown (``text``) and where it points (``target``)."""

    text: str
    target: str

    def to_dict(self) -> dict:
        return {"text": self.text, "target": self.target}


@dataclass(slots=True)
class Cell:
    """One table cell, anchored at grid position (row, col).

    ``text`` keeps paragraph breaks as ``\\n``.  ``tables`` holds nested
    tables (their text is *not* folded into ``text``).  ``confidence`` is
    set by OCR (0..1) and None for text read from a text layer.  ``bbox``
    is the cell's box on its first page (PDF and OCR; None for DOCX).
    """

    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    pages: tuple[int, ...] = ()
    links: list[Hyperlink] = field(default_factory=list)
    tables: list["Table"] = field(default_factory=list)
    bold: bool = False
    confidence: float | None = None
    bbox: BBox | None = None

    @property
    def is_merged(self) -> bool:
        return self.row_span > 1 or self.col_span > 1

    def to_dict(self) -> dict:
        d: dict = {
            "text": self.text,
            "row": self.row,
            "col": self.col,
            "row_span": self.row_span,
            "col_span": self.col_span,
            "pages": list(self.pages),
        }
        if self.links:
            d["links"] = [link.to_dict() for link in self.links]
        if self.tables:
            d["tables"] = [t.to_dict() for t in self.tables]
        if self.bold:
            d["bold"] = True
        if self.confidence is not None:
            d["confidence"] = self.confidence
        if self.bbox is not None:
            d["bbox"] = self.bbox.as_list()
        return d


@dataclass(slots=True)
class Row:
    """A logical row: the cells anchored in it, left to right.

    ``fragments`` counts the physical rows it was stitched from (a row
    broken across a page is one logical row made of two fragments).
    """

    cells: list[Cell]
    pages: tuple[int, ...] = ()
    fragments: int = 1

    def to_dict(self) -> dict:
        d: dict = {"cells": [c.to_dict() for c in self.cells], "pages": list(self.pages)}
        if self.fragments != 1:
            d["fragments"] = self.fragments
        return d


@dataclass(slots=True)
class Table:
    rows: list[Row]
    n_cols: int
    index: int = -1
    pages: tuple[int, ...] = ()
    depth: int = 0  # 0 for body tables, 1 for a table nested in a cell, ...

    kind = "table"

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row.cells

    def grid(self) -> list[list[Cell | None]]:
        """n_rows x n_cols matrix; covered positions point at their anchor.

        Positions no cell covers (ragged rows) are None.
        """
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in self.rows]
        for cell in self.cells():
            for r in range(cell.row, min(cell.row + cell.row_span, len(grid))):
                for c in range(cell.col, min(cell.col + cell.col_span, self.n_cols)):
                    grid[r][c] = cell
        return grid

    def text_grid(self) -> list[list[str]]:
        """Like ``grid()`` but text, with a merged cell's text only at its anchor."""
        out = [[""] * self.n_cols for _ in self.rows]
        for cell in self.cells():
            if cell.row < len(out) and cell.col < self.n_cols:
                out[cell.row][cell.col] = cell.text
        return out

    def provenance(self, row: int | None = None, col: int | None = None) -> Provenance:
        """Where row ``row`` (column ``col``) of this table was read; the whole table without them.

        The box is the cell's (a row's: its cells' on the row's first page).
        """
        if row is None or not 0 <= row < len(self.rows):
            return Provenance(pages=self.pages, table=self.index)
        line = self.rows[row]
        first = line.pages[:1]
        cells = [c for c in line.cells if col is None or c.col <= col < c.col + c.col_span]
        if col is not None and not cells:
            cells = [c for c in self.cells() if c.row <= row < c.row + c.row_span
                     and c.col <= col < c.col + c.col_span]
        on_first = [c for c in cells if not first or not c.pages or c.pages[0] == first[0]]
        confidences = [c.confidence for c in cells if c.confidence is not None]
        return Provenance(pages=line.pages or self.pages, bbox=union_of(c.bbox for c in on_first),
                          table=self.index, row=row, col=col,
                          confidence=min(confidences) if confidences else None)

    def iter_tables(self) -> Iterator["Table"]:
        """This table and every table nested in it, depth first."""
        yield self
        for cell in self.cells():
            for nested in cell.tables:
                yield from nested.iter_tables()

    def to_dict(self) -> dict:
        return {
            "type": "table",
            "index": self.index,
            "n_rows": self.n_rows,
            "n_cols": self.n_cols,
            "pages": list(self.pages),
            "depth": self.depth,
            "rows": [r.to_dict() for r in self.rows],
        }


@dataclass(slots=True)
class Paragraph:
    """Text outside tables.

    ``heading_level`` is 1.. for headings when the format says so (a Word
    heading style, a PDF font size far above the body), else None.
    ``bold`` is True when every visible run is bold.
    """

    text: str
    page: int | None = None
    heading_level: int | None = None
    bold: bool = False
    style: str | None = None
    links: list[Hyperlink] = field(default_factory=list)
    bbox: BBox | None = None  # PDF: the paragraph's box on its page; None for DOCX

    kind = "paragraph"

    @property
    def provenance(self) -> Provenance:
        return Provenance(pages=(self.page,) if self.page is not None else (), bbox=self.bbox)

    def to_dict(self) -> dict:
        d: dict = {"type": "paragraph", "text": self.text, "page": self.page}
        if self.heading_level is not None:
            d["heading_level"] = self.heading_level
        if self.bold:
            d["bold"] = True
        if self.style:
            d["style"] = self.style
        if self.links:
            d["links"] = [link.to_dict() for link in self.links]
        if self.bbox is not None:
            d["bbox"] = self.bbox.as_list()
        return d


Block = Union[Paragraph, Table]


@dataclass(slots=True)
class Document:
    """What a reader saw in one file.

    ``source_format`` is one of docx, pdf, pdf_scanned, doc, odt, rtf, image.
    ``notes`` records what the reader noticed and worked around (content it
    skipped, pages it could not read): one short English sentence each.
    """

    path: str
    source_format: str
    blocks: list[Block]
    page_count: int | None = None
    notes: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        """Every table, nested ones included, in reading order."""
        for block in self.blocks:
            if isinstance(block, Table):
                yield from block.iter_tables()

    def number_tables(self) -> None:
        """Give every table its document-wide ``index`` (reading order, depth first)."""
        for i, table in enumerate(self.tables()):
            table.index = i

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "source_format": self.source_format,
            "page_count": self.page_count,
            "metadata": dict(self.metadata),
            "notes": list(self.notes),
            "blocks": [b.to_dict() for b in self.blocks],
        }
