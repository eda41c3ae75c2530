"""One page without a usable text layer -> the PDF reader's ``PageData``, by OCR.

The page is rendered, deskewed and its ruling lines found
(``extract.raster``); the tables are the grids of those lines, built with
the same ``make_grid`` as for a text PDF.  The lines are then erased, dust
removed, and the whole page read once by Tesseract (``extract.ocr``).
Each recognised word becomes glyphs (its box divided evenly between its
letters, a space before it when Tesseract put it after another word on the
same line), so the rest is the text-PDF reader's own machinery: glyphs to
table cells or to the page, lines, wrapped-line joining, paragraphs,
stitching across pages.  Coordinates are PDF points of the deskewed page.

What OCR adds:

* ``OcrTable.cell_conf``: per cell, the lowest confidence (0..1) of its
  words; it becomes ``Cell.confidence`` (``extract.ocr_stitch``);
* a second look at doubtful numbers: a short cell with a digit read below
  ``RECHECK_CONF``, or a cell with ink but no words, is cropped and read
  again on its own at 1.5x, 2x and 3x; the readings vote, and when they
  disagree the cell's confidence is capped at ``DISAGREE_CONF``;
* digit look-alikes in cells ("З" for 3, "О" for 0) turned into digits with
  a low confidence, and "1260 000" regrouped as "1 260 000";
* specks of dust: lonely specks are painted out before OCR, and "words"
  smaller than any letter (``SPECK_IN``) are dropped;
* font size: every line gets the page's body size unless the median
  height of its words differs from the body's by more than ``SIZE_SNAP``
  (a line of one word is not judged), so the paragraph rules (a change of
  size starts a paragraph) are not fooled by letters with and without
  ascenders or a speck under a word;
* bold: a word whose strokes survive an erosion clearly better than the
  page's typical word (``BOLD_MARGIN``) is bold;
* orientation: a page that reads badly is checked with Tesseract's OSD and
  read again turned upright.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field, fields

import numpy as np

from extract import ocr, raster
from extract.pdf_page import PageData, PTable, make_grid
from extract.pdf_text import Glyph, LTR, build_lines, join_lines, normal_pitch, pitch_limit, pitch_samples

#: How a page is read: "page" = the whole page in one Tesseract run (words go
#: to cells by position), then low-confidence short cells read again on
#: their own; "cells" = every table cell on its own plus the page outside
#: the tables (one run each).  Measured on the scanned sample
#: (bench/bench_ocr.py): both 90/90 numeric fields right; "page" 2.8 s/page
#: in Tesseract, text fields 0.996 similar (80.8 % exact); "cells" 3.3 s/page,
#: 0.992 (84.1 % exact) and worse on the landscape page.  So "page".
OCR_MODE = "page"
#: Cells read with a word below this confidence (0..1), at most
#: ``RECHECK_MAX_CHARS`` characters and a digit (or at most 3 characters) are
#: read again on their own (0: never); numbers are what findings are about.
RECHECK_CONF = 0.80
RECHECK_MAX_CHARS = 40
#: ... enlarged these many times (a reading per zoom; isolated digits read
#: differently at different sizes: "12" read as "42" at 300 dpi was right at
#: 450 and 600), and the readings vote.
RECHECK_ZOOMS = (1.5, 2.0, 3.0)
#: Confidence (0..1) at most of a cell whose readings disagree.
DISAGREE_CONF = 0.6
#: Cell crops: inset from the ruling lines, white margin, least ink (sq. in).
CELL_INSET_IN = 0.01
CROP_PAD_IN = 0.05
MIN_CELL_INK = 0.0004
#: A page whose mean word confidence (0..1) is below this is checked for a
#: wrong orientation (Tesseract OSD, ~1.5 s); OSD is believed from this
#: orientation confidence on.
REORIENT_CONF = 0.6
OSD_MIN_CONF = 2.0
#: Words below this confidence (0..100) that hold no letter or digit are noise.
JUNK_CONF = 50.0
#: A word smaller than this (inches, both sides) is a speck of dust read as
#: a letter: no digit or letter of 8 pt text or larger is that small, and a
#: full stop or comma is read as part of the word before it.
SPECK_IN = 0.045
#: Letters Tesseract's Russian model gives for digits standing alone.
DIGIT_LOOKALIKES = str.maketrans({"З": "3", "з": "3", "О": "0", "о": "0", "б": "6", "Б": "6", "l": "1", "I": "1"})
#: Confidence given to a number whose letters were read as look-alikes.
LOOKALIKE_CONF = 0.5
#: A line's height over the body's that still counts as body text.
SIZE_SNAP = 0.45
#: A word's box (ascender to descender, typically) is about this many em.
WORD_EM = 1.0
#: Stroke-survival ratio (ink left after a 3x3 erosion) above the page's
#: median from which a word is bold (measured: regular 0.55-0.57, bold 0.64-0.70).
BOLD_MARGIN = 0.05
BOLD_MIN_CHARS = 4


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


def _keep(w: ocr.Word, dpi: float) -> bool:
    has_alnum = any(ch.isalnum() for ch in w.text)
    if w.conf < JUNK_CONF and not has_alnum:
        return False
    return max(w.width, w.height) >= SPECK_IN * dpi


_NUMBERISH = re.compile(r"^[\dЗзОоБбlI]*\d[\dЗзОоБбlI]*[.,]?$")
_LONE_LOOKALIKE = re.compile(r"^[ЗО]$")
# "1260 000": the narrow space after a leading "1" lost; thousands groups have 3 digits
_LOST_GROUP_SPACE = re.compile(r"(?<![\d.,])(\d{4,6})(?=(?: \d{3})+(?![\d]))")


def fix_digits(text: str) -> str:
    """A cell's "З" alone, or a token like "1О0", in digits (Tesseract's Russian
    model reads a lone 3 as the letter З and 0 as О); "1260 000" regrouped as
    "1 260 000" (the narrow space after a "1" is often lost)."""
    if _LONE_LOOKALIKE.match(text.strip()):
        return text.strip().translate(DIGIT_LOOKALIKES)
    out = []
    for token in text.split(" "):
        if _NUMBERISH.match(token) and not token.rstrip(".,").isdigit():
            token = token.translate(DIGIT_LOOKALIKES)
        out.append(token)
    text = " ".join(out)
    return _LOST_GROUP_SPACE.sub(lambda m: f"{int(m.group(1)):,}".replace(",", " "), text)


def _bold_flags(words: list[ocr.Word], mask: np.ndarray) -> list[bool]:
    """Bold words: strokes that survive a 3x3 erosion clearly better than the page's.

    Only words of ``BOLD_MIN_CHARS`` letters or more are judged (the ratio
    of a short word depends on its letters); a shorter word takes the
    verdict of the nearest long word on its line.
    """
    import cv2

    eroded = cv2.erode(mask, np.ones((3, 3), np.uint8))
    ratios: list[float | None] = []
    for w in words:
        ink = int(np.count_nonzero(mask[w.top:w.bottom, w.left:w.right]))
        if ink < 20 or len(w.text) < BOLD_MIN_CHARS:
            ratios.append(None)
            continue
        ratios.append(np.count_nonzero(eroded[w.top:w.bottom, w.left:w.right]) / ink)
    known = [r for r in ratios if r is not None]
    if len(known) < 5:
        return [False] * len(words)
    limit = float(np.median(known)) + BOLD_MARGIN
    flags: list[bool | None] = [None if r is None else r >= limit for r in ratios]
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
    for idx in lines.values():
        idx.sort(key=lambda i: words[i].left)
        judged = [k for k, i in enumerate(idx) if flags[i] is not None]
        for k, i in enumerate(idx):
            if flags[i] is None:
                near = min(judged, key=lambda j: (abs(j - k), j > k)) if judged else None
                flags[i] = bool(flags[idx[near]]) if near is not None else False
    return [bool(f) for f in flags]


def _to_glyphs(words: list[ocr.Word], scale: float, bold: list[bool]) -> tuple[list[list[Glyph]], float]:
    """Glyphs per word (in PDF points) and the body font size."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
    boxes: dict[tuple[int, int, int], tuple[int, int]] = {}
    line_h: dict[tuple[int, int, int], float] = {}
    for key, idx in lines.items():
        top = min(words[i].top for i in idx)
        bottom = max(words[i].bottom for i in idx)
        long = [words[i].height for i in idx if len(words[i].text) >= 3] or [words[i].height for i in idx]
        med = float(np.median(long))
        line_h[key] = med
        if bottom - top <= 2.2 * med:  # else not one visual line: keep each word's own box
            boxes[key] = (top, bottom)
    body_px = float(np.median(list(line_h.values()))) if line_h else 30.0
    body = round(body_px / scale / WORD_EM * 2) / 2 or 10.0

    def size_of(key) -> float:
        h_px = line_h[key]
        if len(lines[key]) < 2 or abs(h_px - body_px) <= SIZE_SNAP * body_px:
            return body
        return round(h_px / scale / WORD_EM * 2) / 2 or body

    out: list[list[Glyph]] = [[] for _ in words]
    for key, idx in lines.items():
        idx.sort(key=lambda i: words[i].left)
        for k, i in enumerate(idx):
            w = words[i]
            top, bottom = boxes.get(key, (w.top, w.bottom))
            size = size_of(key)
            t, b = top / scale, bottom / scale
            glyphs = out[i]
            if k:
                x = w.left / scale
                glyphs.append(Glyph(" ", x - 0.1, x, t, b, size, bold[i], LTR))
            n = len(w.text)
            step = w.width / n
            for j, ch in enumerate(w.text):
                x0 = (w.left + j * step) / scale
                glyphs.append(Glyph(ch, x0, x0 + step / scale, t, b, size, bold[i], LTR))
    return out, body


def _shift(words: list[ocr.Word], dx: int, dy: int, zoom: float = 1.0) -> list[ocr.Word]:
    """Crop coordinates (of a crop enlarged ``zoom`` times) -> page coordinates."""
    for w in words:
        w.left = int(round(w.left / zoom)) + dx
        w.top = int(round(w.top / zoom)) + dy
        w.width = max(1, int(round(w.width / zoom)))
        w.height = max(1, int(round(w.height / zoom)))
    return words


def _cell_crops(clean: np.ndarray, text_mask: np.ndarray, boxes, dpi: float, workdir: str, tag: str,
                zoom: float = 1.0):
    """Write the inside of each cell box that holds ink; [(box index, file, dx, dy)]."""
    import cv2

    inset = max(2, int(CELL_INSET_IN * dpi))
    pad = max(4, int(CROP_PAD_IN * dpi))
    min_ink = max(12, int(MIN_CELL_INK * dpi * dpi))
    out = []
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        xa, ya, xb, yb = x0 + inset, y0 + inset, x1 - inset, y1 - inset
        if xb - xa < 4 or yb - ya < 4:
            continue
        if int(np.count_nonzero(text_mask[ya:yb, xa:xb])) < min_ink:
            continue
        crop = cv2.copyMakeBorder(clean[ya:yb, xa:xb], pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        if zoom != 1.0:
            crop = cv2.resize(crop, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
        name = os.path.join(workdir, f"{tag}-{k}.pgm")
        cv2.imwrite(name, crop)
        out.append((k, name, xa - pad, ya - pad))
    return out


def _ocr_cells(clean, text_mask, boxes, dpi, workdir, path, page_no, tag,
               zooms: tuple[float, ...] = (1.0,)) -> dict[tuple[int, float], list[ocr.Word]]:
    """Each box's words at each zoom, every crop read on its own (one Tesseract run)."""
    crops = []
    for z in zooms:
        crops += [(k, name, dx, dy, z) for k, name, dx, dy in
                  _cell_crops(clean, text_mask, boxes, dpi, workdir, f"{tag}-{z:g}", z)]
    if not crops:
        return {}
    try:
        found = ocr.read_words([c[1] for c in crops], workdir, dpi=int(round(dpi)), path=path,
                               what=f"OCR of the table cells of page {page_no}")
    finally:
        for c in crops:
            try:
                os.unlink(c[1])
            except OSError:
                pass
    return {(k, z): _shift(ws, dx, dy, z) for (k, _name, dx, dy, z), ws in zip(crops, found)}


def _min_conf(words: list[ocr.Word]) -> float | None:
    return min((w.conf for w in words), default=None)


def read_scanned_page(pdf, index: int, page_no: int, workdir: str, path) -> tuple[PageData, OcrStats]:
    """OCR page ``index`` of an open pypdfium2 document.

    A page that reads badly (mean word confidence under ``REORIENT_CONF``) is
    asked for its orientation (Tesseract's OSD); when OSD says it is turned
    (scanned sideways or upside down), it is turned upright and read again,
    and the better reading is kept.
    """
    import cv2

    start = time.monotonic()
    gray, scale = raster.render(pdf, index)
    data, stats = _read_image(gray, scale, page_no, workdir, path)
    if stats.mean_conf is None or stats.mean_conf < REORIENT_CONF:
        turn = _osd_rotation(gray, scale * 72.0, workdir, path, page_no)
        if turn:
            code = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}[turn]
            data2, stats2 = _read_image(cv2.rotate(gray, code), scale, page_no, workdir, path)
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


def _read_image(gray: np.ndarray, scale: float, page_no: int, workdir: str, path) -> tuple[PageData, OcrStats]:
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
        t = _as_ocr_table(make_grid(page_no, boxes))
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
        name = os.path.join(workdir, f"page-{page_no}.pgm")  # uncompressed: 10x faster to write than PNG
        cv2.imwrite(name, outside_img)
        try:
            page_words = ocr.read_words([name], workdir, dpi=int(round(dpi)), path=path,
                                        what=f"OCR of page {page_no}")[0]
        finally:
            os.unlink(name)
        placed.extend((None, w) for w in page_words)
        for ti, boxes in enumerate(px_boxes):
            for (ci, _z), ws in _ocr_cells(clean, text_mask, boxes, dpi, workdir, path, page_no, f"t{ti}").items():
                placed.extend(((ti, ci), w) for w in ws)
    else:
        name = os.path.join(workdir, f"page-{page_no}.pgm")  # uncompressed: 10x faster to write than PNG
        cv2.imwrite(name, clean)
        try:
            page_words = ocr.read_words([name], workdir, dpi=int(round(dpi)), path=path,
                                        what=f"OCR of page {page_no}")[0]
        finally:
            os.unlink(name)
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
    placed = [(where, w) for where, w in placed if _keep(w, dpi)]
    if RECHECK_CONF > 0 and tables:
        placed = _recheck(placed, tables, px_boxes, clean, text_mask, dpi, workdir, path, page_no)
    seconds_ocr = time.monotonic() - t_ocr

    words = [w for _where, w in placed]
    bold = _bold_flags(words, text_mask)
    glyphs_of, _body = _to_glyphs(words, scale, bold)
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

    cell_lines = [[build_lines(gs) for gs in cells] for cells in per_cell]
    out_lines = build_lines(outside, tabs=True)
    samples = pitch_samples(out_lines)
    for per_table in cell_lines:
        for lines in per_table:
            if len(lines) > 1:
                samples.extend(pitch_samples(lines))
    limit = pitch_limit(normal_pitch(samples))
    for t, per_table, confs in zip(tables, cell_lines, per_cell_conf):
        t.cell_conf = [round(c, 3) if c is not None else None for c in confs]
        for k, (cell, lines) in enumerate(zip(t.cells, per_table)):
            if not lines:
                continue
            txt = join_lines(lines, limit, [], box=(cell.x0, cell.x1))
            cell.text = fix_digits(txt.text)
            if cell.text.replace(" ", "") != txt.text.replace(" ", ""):  # letters read as digits
                t.cell_conf[k] = min(t.cell_conf[k] if t.cell_conf[k] is not None else 1.0, LOOKALIKE_CONF)
            cell.bold = txt.bold and bool(txt.text)
            cell.n_lines = txt.n_lines
            cell.last_bottom = txt.last_bottom
            cell.line_height = txt.line_height
            cell.first_line = lines[0].text
            cell.last_line = lines[-1].text
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


def _reading(words: list[ocr.Word]) -> str:
    return fix_digits(" ".join(w.text for w in words)).replace(" ", "")


def _recheck(placed, tables, px_boxes, clean, text_mask, dpi, workdir, path, page_no):
    """Read again the short cells with a digit read with low confidence, and the
    cells with ink but no words: each on its own, enlarged ``RECHECK_ZOOMS`` times.  The
    readings vote (the page's reading included); the winner's words are kept.
    When the readings disagree, the cell's confidence is at most
    ``DISAGREE_CONF``: the value is uncertain whatever Tesseract's score says.
    """
    by_cell: dict[tuple[int, int], list[ocr.Word]] = {}
    for where, w in placed:
        if where is not None:
            by_cell.setdefault(where, []).append(w)
    keys: list[tuple[int, int]] = []
    boxes: list[tuple[int, int, int, int]] = []
    for ti, cell_boxes in enumerate(px_boxes):
        for ci, box in enumerate(cell_boxes):
            ws = by_cell.get((ti, ci), [])
            low = _min_conf(ws)
            chars = sum(len(w.text) for w in ws)
            if not ws or (low is not None and low < RECHECK_CONF * 100 and chars <= RECHECK_MAX_CHARS
                          and (chars <= 3 or any(ch.isdigit() for ch in _reading(ws)))):
                keys.append((ti, ci))
                boxes.append(box)
    if not keys:
        return placed
    again = _ocr_cells(clean, text_mask, boxes, dpi, workdir, path, page_no, "recheck", RECHECK_ZOOMS)
    replace: dict[tuple[int, int], list[ocr.Word]] = {}
    for k, key in enumerate(keys):
        readings = [by_cell.get(key, [])]
        readings += [[w for w in again.get((k, z), []) if _keep(w, dpi)] for z in RECHECK_ZOOMS]
        readings = [r for r in readings if r]
        if not readings:
            continue
        votes: dict[str, list[list[ocr.Word]]] = {}
        for r in readings:
            votes.setdefault(_reading(r), []).append(r)
        text, group = max(votes.items(), key=lambda kv: (len(kv[1]), max(_min_conf(r) or 0 for r in kv[1])))
        best = max(group, key=lambda r: _min_conf(r) or 0)
        if len(votes) > 1:
            cap = DISAGREE_CONF * 100
            for w in best:
                w.conf = min(w.conf, cap)
        replace[key] = best
    out = [(where, w) for where, w in placed if where not in replace]
    for key, ws in replace.items():
        out.extend((key, w) for w in ws)
    return out
