"""A second look at the table cells whose numbers OCR was unsure of.

A short cell with a digit read below ``RECHECK_CONF``, or a cell with ink
but no words, is cropped (inside its ruling lines, with a white margin) and
read again on its own at each of ``RECHECK_ZOOMS`` (isolated digits read
differently at different sizes), all crops in one Tesseract run.  The
readings, the page's own included, vote; the winner's words are kept, and
when the readings disagree the cell's confidence is capped at
``DISAGREE_CONF``: the value is uncertain whatever Tesseract's score says.
"""

from __future__ import annotations

import os

import numpy as np

from esep.extract.ocr import engine as ocr
from esep.extract.ocr.words import fix_digits, keep

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


def ocr_cells(clean, text_mask, boxes, dpi, workdir, path, page_no, tag,
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


def min_conf(words: list[ocr.Word]) -> float | None:
    return min((w.conf for w in words), default=None)


def _reading(words: list[ocr.Word]) -> str:
    return fix_digits(" ".join(w.text for w in words)).replace(" ", "")


def recheck(placed, tables, px_boxes, clean, text_mask, dpi, workdir, path, page_no):
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
            low = min_conf(ws)
            chars = sum(len(w.text) for w in ws)
            if not ws or (low is not None and low < RECHECK_CONF * 100 and chars <= RECHECK_MAX_CHARS
                          and (chars <= 3 or any(ch.isdigit() for ch in _reading(ws)))):
                keys.append((ti, ci))
                boxes.append(box)
    if not keys:
        return placed
    again = ocr_cells(clean, text_mask, boxes, dpi, workdir, path, page_no, "recheck", RECHECK_ZOOMS)
    replace: dict[tuple[int, int], list[ocr.Word]] = {}
    for k, key in enumerate(keys):
        readings = [by_cell.get(key, [])]
        readings += [[w for w in again.get((k, z), []) if keep(w, dpi)] for z in RECHECK_ZOOMS]
        readings = [r for r in readings if r]
        if not readings:
            continue
        votes: dict[str, list[list[ocr.Word]]] = {}
        for r in readings:
            votes.setdefault(_reading(r), []).append(r)
        text, group = max(votes.items(), key=lambda kv: (len(kv[1]), max(min_conf(r) or 0 for r in kv[1])))
        best = max(group, key=lambda r: min_conf(r) or 0)
        if len(votes) > 1:
            cap = DISAGREE_CONF * 100
            for w in best:
                w.conf = min(w.conf, cap)
        replace[key] = best
    out = [(where, w) for where, w in placed if where not in replace]
    for key, ws in replace.items():
        out.extend((key, w) for w in ws)
    return out
