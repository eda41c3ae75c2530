"""One page without a usable text layer -> the PDF reader's ``PageData``, by OCR.

The page is rendered, deskewed and its ruling lines found
(``extract.ocr.raster``); the tables are the grids of those lines, built with
the same ``make_grid`` as for a text PDF.  The lines are then erased, dust
removed, and the whole page read once by Tesseract (``extract.ocr.engine``).
Each recognised word becomes glyphs (its box divided evenly between its
letters, a space before it when Tesseract put it after another word on the
same line), so the rest is the text-PDF reader's own machinery: glyphs to
table cells or to the page, lines, wrapped-line joining, paragraphs,
stitching across pages.  Coordinates are PDF points of the deskewed page.

What OCR adds:

* ``OcrTable.cell_conf``: per cell, the lowest confidence (0..1) of its
  words; it becomes ``Cell.confidence`` (``extract.ocr.stitch``);
* a second look at doubtful numbers (``extract.ocr.cells``);
* word repairs, bold, and font sizes that the paragraph rules can trust
  (``extract.ocr.words``);
* orientation: a page that reads badly is checked with Tesseract's OSD and
  read again turned upright.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, fields

import numpy as np

from esep.extract.ocr import engine as ocr

from esep.extract.ocr import raster
from esep.extract.ocr.cells import RECHECK_CONF, ocr_cells, recheck
from esep.extract.ocr.words import LOOKALIKE_CONF, bold_flags, fix_digits, keep, to_glyphs
from esep.extract.pdf.page import PageData
from esep.extract.pdf.page_tables import PTable, make_grid
from esep.extract.pdf.glyph_lines import build_lines
from esep.extract.pdf.glyphs import Glyph
from esep.extract.pdf.paragraph_breaks import page_gap_limit
from esep.extract.pdf.settings import PdfSettings
from esep.extract.pdf.text import join_lines

#: How a page is read: "page" = the whole page in one Tesseract run (words go
#: to cells by position), then low-confidence short cells read again on
#: their own; "cells" = every table cell on its own plus the page outside
#: the tables (one run each).  Measured on the scanned sample
#: (bench/bench_ocr.py): both 90/90 numeric fields right; "page" 2.8 s/page
#: in Tesseract, text fields 0.996 similar (80.8 % exact); "cells" 3.3 s/page,
#: 0.992 (84.1 % exact) and worse on the landscape page.  So "page".
OCR_MODE = "page"
#: A page whose mean word confidence (0..1) is below this is checked for a
#: wrong orientation (Tesseract OSD, ~1.5 s); OSD is believed from this
#: orientation confidence on.
REORIENT_CONF = 0.6
OSD_MIN_CONF = 2.0


@dataclass


class OcrTable(PTable):
    """A table found on a page image: a PTable plus each cell's confidence."""

    cell_conf: list = field(default_factory=list)


@dataclass


class OcrStats:
    page: int
    angle: float
    seconds_ocr: float
    seconds_total: float
    words: int
    mean_conf: float | None
    turned: int = 0


def _as_ocr_table(t: PTable) -> OcrTable:
    return OcrTable(**{f.name: getattr(t, f.name) for f in fields(PTable)})


def read_scanned_page(
    pdf, index: int, page_no: int, workdir: str, path, settings: PdfSettings
) -> tuple[PageData, OcrStats]:
    """OCR page ``index`` of an open pypdfium2 document.

    A page that reads badly (mean word confidence under ``REORIENT_CONF``) is
    asked for its orientation (Tesseract's OSD); when OSD says it is turned
    (scanned sideways or upside down), it is turned upright and read again,
    and the better reading is kept.
    """
    start = time.monotonic()
    gray, scale = raster.render(pdf, index)
    data, stats = read_page_image(gray, scale, page_no, workdir, path, settings)
    stats.seconds_total = time.monotonic() - start
    return data, stats


def read_page_image(
    gray: np.ndarray, scale: float, page_no: int, workdir: str, path, settings: PdfSettings
) -> tuple[PageData, OcrStats]:
    """OCR one grey page image (``scale``: pixels per PDF point), turned
    upright first when it reads badly (see ``read_scanned_page``).  Also the
    way image files (``extract.ocr.image_reader``) are read."""
    import cv2

    start = time.monotonic()
    data, stats = _read_image(gray, scale, page_no, workdir, path, settings)
    if stats.mean_conf is None or stats.mean_conf < REORIENT_CONF:
        turn = _osd_rotation(gray, scale * 72.0, workdir, path, page_no)
        if turn:
            code = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}[turn]
            data2, stats2 = _read_image(cv2.rotate(gray, code), scale, page_no, workdir, path, settings)
            if (stats2.mean_conf or 0) > (stats.mean_conf or 0):
                data, stats = data2, stats2
                stats.turned = turn
                data.notes.append(f"Page {page_no}: the scan was turned; read it turned {turn} degrees clockwise.")
            stats.seconds_ocr += stats2.seconds_ocr if stats is not stats2 else 0.0
    stats.seconds_total = time.monotonic() - start
    return data, stats


def _osd_rotation(gray: np.ndarray, dpi: float, workdir: str, path, page_no: int) -> int:
    """Degrees (clockwise) that Tesseract's orientation detection says the page needs, or 0."""
    import cv2

    name = os.path.join(workdir, f"osd-{page_no}.pgm")
    cv2.imwrite(name, gray)
    try:
        found = ocr.orientation(name, workdir, dpi=int(round(dpi)), path=path, what=f"orientation of page {page_no}")
    finally:
        os.unlink(name)
    if found is None:
        return 0
    rotate, confidence = found
    return rotate if rotate in (90, 180, 270) and confidence >= OSD_MIN_CONF else 0


def _page_words(img: np.ndarray, workdir: str, dpi: float, path, page_no: int) -> list:
    """Tesseract's words for one page image (written uncompressed: 10x faster than PNG)."""
    import cv2

    name = os.path.join(workdir, f"page-{page_no}.pgm")
    cv2.imwrite(name, img)
    try:
        return ocr.read_words([name], workdir, dpi=int(round(dpi)), path=path, what=f"OCR of page {page_no}")[0]
    finally:
        os.unlink(name)


def _read_image(
    gray: np.ndarray, scale: float, page_no: int, workdir: str, path, settings: PdfSettings
) -> tuple[PageData, OcrStats]:
    """One page image -> PageData (see the module docstring)."""
    import cv2

    start = time.monotonic()
    dpi = scale * 72.0
    page_h, page_w = gray.shape[0] / scale, gray.shape[1] / scale
    gray, angle = raster.deskew(gray, dpi)
    mask = raster.ink(gray, dpi)
    horiz, vert = raster.ruling_lines(mask, dpi)
    grids = raster.find_grids(horiz, vert, dpi)
    clean = raster.erase_lines(gray, horiz, vert)
    text_mask = mask.copy()
    text_mask[clean == 255] = 0
    clean = raster.despeckle(clean, text_mask, dpi)
    text_mask[clean == 255] = 0

    tables: list[OcrTable] = []
    px_boxes: list[list[tuple[int, int, int, int]]] = []
    for g in grids:
        boxes = [(x0 / scale, y0 / scale, x1 / scale, y1 / scale) for x0, y0, x1, y1 in g.cells]
        t = _as_ocr_table(make_grid(page_no, boxes, settings.ruled.grid_tolerance))
        tables.append(t)
        # the cells as make_grid ordered them, back in pixels
        px_boxes.append([(int(round(c.x0 * scale)), int(round(c.top * scale)), int(round(c.x1 * scale)),
                          int(round(c.bottom * scale))) for c in t.cells])

    t_ocr = time.monotonic()
    # words by container: (table index, cell index) or None for the page outside tables
    placed: list[tuple[tuple[int, int] | None, ocr.Word]] = []
    if OCR_MODE == "cells" and tables:
        outside_img = clean.copy()
        for g in grids:
            outside_img[g.y0:g.y1 + 1, g.x0:g.x1 + 1] = 255
        page_words = _page_words(outside_img, workdir, dpi, path, page_no)
        placed.extend((None, w) for w in page_words)
        for ti, boxes in enumerate(px_boxes):
            for (ci, _z), ws in ocr_cells(clean, text_mask, boxes, dpi, workdir, path, page_no, f"t{ti}").items():
                placed.extend(((ti, ci), w) for w in ws)
    else:
        page_words = _page_words(clean, workdir, dpi, path, page_no)
        for w in page_words:
            cx = (w.left + w.right) / 2 / scale
            cy = (w.top + w.bottom) / 2 / scale
            where = None
            for ti, t in enumerate(tables):
                if t.x0 <= cx < t.x1 and t.top <= cy < t.bottom:
                    ci = t.lookup(cx, cy)
                    if ci >= 0:
                        where = (ti, ci)
                        break
            placed.append((where, w))
    placed = [(where, w) for where, w in placed if keep(w, dpi)]
    if RECHECK_CONF > 0 and tables:
        placed = recheck(placed, tables, px_boxes, clean, text_mask, dpi, workdir, path, page_no)
    seconds_ocr = time.monotonic() - t_ocr

    words = [w for _where, w in placed]
    bold = bold_flags(words, text_mask)
    glyphs_of, _body = to_glyphs(words, scale, bold)
    per_cell: list[list[list[Glyph]]] = [[[] for _ in t.cells] for t in tables]
    per_cell_conf: list[list[float | None]] = [[None] * len(t.cells) for t in tables]
    outside: list[Glyph] = []
    for (where, w), glyphs in zip(placed, glyphs_of):
        if where is None:
            outside.extend(glyphs)
            continue
        ti, ci = where
        per_cell[ti][ci].extend(glyphs)
        c = per_cell_conf[ti][ci]
        conf = w.conf / 100.0
        per_cell_conf[ti][ci] = conf if c is None else min(c, conf)

    text = settings.text
    cell_lines = [[build_lines(gs, text) for gs in cells] for cells in per_cell]
    out_lines = build_lines(outside, text, tabs=True)
    limit = page_gap_limit(out_lines, cell_lines, text)
    for t, per_table, confs in zip(tables, cell_lines, per_cell_conf):
        t.cell_conf = [round(c, 3) if c is not None else None for c in confs]
        for k, (cell, lines) in enumerate(zip(t.cells, per_table)):
            if not lines:
                continue
            txt = join_lines(lines, limit, text, [], box=(cell.x0, cell.x1))
            cell.text = fix_digits(txt.text)
            if cell.text.replace(" ", "") != txt.text.replace(" ", ""):  # letters read as digits
                t.cell_conf[k] = min(t.cell_conf[k] if t.cell_conf[k] is not None else 1.0, LOOKALIKE_CONF)
            cell.set_lines(txt, lines)
    tables.sort(key=lambda t: (t.top, t.x0))
    confs = [w.conf for w in words]
    stats = OcrStats(
        page=page_no,
        angle=angle,
        seconds_ocr=seconds_ocr,
        seconds_total=time.monotonic() - start,
        words=len(words),
        mean_conf=round(float(np.mean(confs)) / 100.0, 3) if confs else None,
    )
    data = PageData(
        number=page_no,
        width=float(page_w),
        height=float(page_h),
        lines=out_lines,
        tables=list(tables),
        link_targets=[],
        pitch_limit=limit,
    )
    return data, stats
