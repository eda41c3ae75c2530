"""Boxes of a page read turned upright, put back on the page as it is shown.

``extract.pdf.page.upright_page`` reads a page whose text runs sideways as
a copy turned by 90, 180 or 270 degrees (PDF /Rotate is clockwise).  The
cells and paragraphs read there have boxes in the turned copy's
coordinates; a viewer, and the review screen that shows the analyst the
cell on the page, shows the page unturned.  A box is mapped back here,
once the document is assembled, so every box of a document is on its page
as shown (top-left origin, PDF points).
"""

from __future__ import annotations

from dataclasses import dataclass

from esep.extract.model import BBox, Document, Paragraph, Table


@dataclass(frozen=True, slots=True)
class Turn:
    """A page read turned by ``degrees`` clockwise; ``width`` x ``height``: the page as shown."""

    degrees: int
    width: float
    height: float

    def shown(self, box: BBox) -> BBox:
        """``box`` on the turned copy -> the same box on the page as shown."""
        w, h = self.width, self.height
        if self.degrees == 90:  # shown (x, y) is turned (h - y, x)
            return BBox(box.top, h - box.x1, box.bottom, h - box.x0)
        if self.degrees == 270:  # shown (x, y) is turned (y, w - x)
            return BBox(w - box.bottom, box.x0, w - box.top, box.x1)
        if self.degrees == 180:
            return BBox(w - box.x1, h - box.bottom, w - box.x0, h - box.top)
        return box


def unturn_boxes(doc: Document, turns: dict[int, Turn]) -> None:
    """Map every box read on a turned page (by its first page number) back onto the page as shown."""
    if not turns:
        return
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            turn = turns.get(block.page) if block.page is not None else None
            if turn is not None and block.bbox is not None:
                block.bbox = turn.shown(block.bbox)
        elif isinstance(block, Table):
            for table in block.iter_tables():
                for cell in table.cells():
                    turn = turns.get(cell.pages[0]) if cell.pages else None
                    if turn is not None and cell.bbox is not None:
                        cell.bbox = turn.shown(cell.bbox)
