"""``extract.pdf.stitch.LogicalTable`` that also carries OCR confidence to ``Cell.confidence``.

The stitching rules are the text-PDF reader's, unchanged; this subclass
only remembers, for every logical cell, the lowest confidence of the page
cells it was made of (an ``OcrTable`` part gives its ``cell_conf``; a
text-layer part gives None, i.e. nothing to doubt), and writes it on the
model cells.  A row merged across a page break takes the lower of its two
fragments' confidences.
"""

from __future__ import annotations

from bisect import bisect_left

from esep.extract.model import Table
from esep.extract.pdf.page_tables import PCell, PTable
from esep.extract.pdf.settings import PdfSettings
from esep.extract.pdf.stitch import LogicalTable
from esep.extract.pdf.stitch_cells import LCell


def _min(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _part_conf(part: PTable) -> dict[int, float | None]:
    confs = getattr(part, "cell_conf", None) or []
    return {id(c): (confs[i] if i < len(confs) else None) for i, c in enumerate(part.cells)}


class OcrLogicalTable(LogicalTable):
    def __init__(self, part: PTable, settings: PdfSettings, **kwargs):
        self._conf: dict[int, float | None] = {}
        super().__init__(part, settings, **kwargs)

    def _append(self, part, rows, first_local) -> None:
        before = len(self.rows)
        super()._append(part, rows, first_local)
        confs = _part_conf(part)
        for k, lrow in enumerate(self.rows[before:]):
            local = rows[first_local + k] if first_local + k < len(rows) else []
            for lc in lrow.cells:
                for pc in local:
                    if pc.text == lc.text and abs((pc.x0 - part.x0) - lc.rx0) < 1e-6:
                        self._conf[id(lc)] = confs.get(id(pc))
                        break

    def _merge(self, frag: list[PCell], part: PTable) -> None:
        cover = self._covering(len(self.rows) - 1)
        targets = self._targets(frag, part.x0, cover) or {}
        confs = _part_conf(part)
        super()._merge(frag, part)
        for i, fc in enumerate(frag):
            t: LCell | None = targets.get(i)
            if t is not None and fc.text:
                self._conf[id(t)] = _min(self._conf.get(id(t)), confs.get(id(fc)))

    def to_model(self) -> Table:
        table = super().to_model()
        bounds = self.bounds
        n_cols = max(1, len(bounds) - 1)

        def col_of(x: float) -> int:
            return min(max(bisect_left(bounds, x - self.tol), 0), n_cols - 1)

        for lrow, row in zip(self.rows, table.rows):
            ordered = sorted(lrow.cells, key=lambda lc: col_of(lc.rx0))  # to_model's order
            for lc, cell in zip(ordered, row.cells):
                if lc.text == cell.text:
                    cell.confidence = self._conf.get(id(lc))
        return table
