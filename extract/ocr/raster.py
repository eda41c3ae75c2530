"""Page images: render, deskew, find the ruling lines and the table grid.

Everything here works on a grey page image (numpy uint8, 0 = ink) in
pixels; ``extract.ocr.page`` turns the results into PDF points.

* ``render``: pypdfium2 at ``RENDER_DPI`` (fewer dots for huge pages, so a
  page never exceeds ``MAX_PIXELS``), grey.
* ``deskew``: the angle that makes the rows of ink sharpest (the variance of
  the horizontal projection profile, searched coarse then fine within
  ``MAX_SKEW_DEG``); ruling lines and text baselines both vote.  The image
  is turned back by it about its centre (white fill).
* ``ink``: an adaptive threshold (local mean over ~1/6 inch) after a 3x3
  median, so uneven paper and speckle noise do not become ink.
* ``ruling_lines``: morphological opening with a long thin kernel
  (``LINE_MIN_IN`` inches) keeps horizontal / vertical strokes that no
  letter has; small gaps along a line (JPEG, noise) are closed first.
* ``find_grids``: each connected set of ruling lines that spans at least
  ``TABLE_MIN_IN`` in both directions is a table.  Its row and column
  boundaries are the clustered positions of its line segments; a
  boundary between two neighbouring grid cells exists when the line mask
  covers at least ``WALL_COVER`` of it, and cells not separated by a wall
  are one merged cell (union-find), so spans come out as they are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RENDER_DPI = 300
MAX_PIXELS = 40_000_000  # ~ A3 at 300 dpi
MAX_SKEW_DEG = 5.0
SKEW_COARSE_STEP = 0.25
SKEW_FINE_STEP = 0.02
SKEW_DPI = 100  # resolution the angle is searched at
MIN_SKEW_DEG = 0.03  # smaller angles are left alone
LINE_MIN_IN = 0.4  # shortest ruling line, inches
LINE_GAP_IN = 0.03  # gaps along a line closed after the opening
TABLE_MIN_IN = 0.5  # a table spans at least this in both directions
CLUSTER_IN = 0.035  # line positions closer than this are one boundary
WALL_COVER = 0.6  # share of a cell edge the line mask must cover
ERASE_PAD_PX = 2  # ruling lines are erased this much wider before OCR
SPECK_MAX_IN = 0.03  # a speck of dust fits in a square this wide
SPECK_NEAR_IN = 0.05  # ... and has no other ink this close


@dataclass
class Grid:
    """A table found on the page image (pixels of the deskewed image)."""

    x0: int
    y0: int
    x1: int
    y1: int
    xs: list[int]  # column boundaries
    ys: list[int]  # row boundaries
    cells: list[tuple[int, int, int, int]]  # (x0, y0, x1, y1) of each (merged) cell


def render(pdf, index: int, dpi: int = RENDER_DPI) -> tuple[np.ndarray, float]:
    """(grey image, pixels per PDF point) of page ``index`` of a pypdfium2 document."""
    page = pdf[index]
    try:
        w, h = page.get_size()
        scale = dpi / 72.0
        if w * h * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / max(w * h, 1.0)) ** 0.5
        bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=True)
        arr = bitmap.to_numpy()
        if arr.ndim == 3:
            arr = arr[..., 0] if arr.shape[2] == 1 else arr.mean(axis=2)
        img = np.ascontiguousarray(arr, dtype=np.uint8)
    finally:
        page.close()
    return img, scale


def _cv2():
    import cv2

    cv2.setNumThreads(1)
    return cv2


def _profile_score(cv2, binary: np.ndarray, angle: float) -> float:
    h, w = binary.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(binary, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    prof = rot.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(prof)).sum())


def estimate_skew(gray: np.ndarray, dpi: float) -> float:
    """Degrees to turn the image counter-clockwise so that its lines run level."""
    cv2 = _cv2()
    f = min(1.0, SKEW_DPI / dpi)
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
    _t, binary = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if binary.sum() < 50:
        return 0.0
    best, best_score = 0.0, -1.0
    for a in np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 1e-9, SKEW_COARSE_STEP):
        s = _profile_score(cv2, binary, float(a))
        if s > best_score:
            best, best_score = float(a), s
    # refine at a finer resolution (twice the dots) around the coarse optimum
    f2 = min(1.0, 2 * SKEW_DPI / dpi)
    if f2 != f:
        small = cv2.resize(gray, None, fx=f2, fy=f2, interpolation=cv2.INTER_AREA) if f2 < 1 else gray
        _t, binary = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    lo = best - SKEW_COARSE_STEP
    fine_best, fine_score = best, -1.0
    for a in np.arange(lo, best + SKEW_COARSE_STEP + 1e-9, SKEW_FINE_STEP):
        s = _profile_score(cv2, binary, float(a))
        if s > fine_score:
            fine_best, fine_score = float(a), s
    return round(fine_best, 3)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Turn the image counter-clockwise by ``angle`` degrees about its centre."""
    if abs(angle) < MIN_SKEW_DEG:
        return gray
    cv2 = _cv2()
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def deskew(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    angle = estimate_skew(gray, dpi)
    return rotate(gray, angle), angle


def ink(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Binary ink mask (255 = ink)."""
    cv2 = _cv2()
    smooth = cv2.medianBlur(gray, 3)
    block = int(dpi / 6) | 1
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def ruling_lines(mask: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) line masks."""
    cv2 = _cv2()
    length = max(10, int(LINE_MIN_IN * dpi))
    gap = max(1, int(LINE_GAP_IN * dpi))
    # open first (a long run of ink in one pixel row or column: no letter has
    # one), then close the small breaks noise left along a line
    horiz = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vert = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    return horiz, vert


def _cluster(values: list[float], tol: float) -> list[int]:
    """Cluster sorted positions; each cluster's median."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [int(round(float(np.median(c)))) for c in out]


def _segments(cv2, mask: np.ndarray, horizontal: bool) -> list[tuple[float, int, int]]:
    """(position across, start, end along) of each line segment in a mask."""
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if horizontal:
            out.append((y + h / 2.0, int(x), int(x + w)))
        else:
            out.append((x + w / 2.0, int(y), int(y + h)))
    return out


def _covered(strip: np.ndarray, axis: int) -> float:
    """Share of positions along a strip where any line pixel is present."""
    if strip.size == 0:
        return 0.0
    return float(strip.any(axis=axis).mean())


def find_grids(horiz: np.ndarray, vert: np.ndarray, dpi: float) -> list[Grid]:
    cv2 = _cv2()
    both = cv2.bitwise_or(horiz, vert)
    pad = max(1, int(0.01 * dpi))
    joined = cv2.dilate(both, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * pad + 1, 2 * pad + 1)))
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(joined, connectivity=8)
    min_size = TABLE_MIN_IN * dpi
    tol = CLUSTER_IN * dpi
    grids = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < min_size or h < min_size:
            continue
        x0, y0, x1, y1 = int(x), int(y), int(x + w), int(y + h)
        hs = [s for s in _segments(cv2, horiz[y0:y1, x0:x1], True)]
        vs = [s for s in _segments(cv2, vert[y0:y1, x0:x1], False)]
        if len(hs) < 2 or len(vs) < 2:
            continue
        ys = [y0 + v for v in _cluster([s[0] for s in hs], tol)]
        xs = [x0 + v for v in _cluster([s[0] for s in vs], tol)]
        if len(xs) < 2 or len(ys) < 2:
            continue
        grid = _cells(horiz, vert, xs, ys, pad)
        if grid:
            grids.append(Grid(xs[0], ys[0], xs[-1], ys[-1], xs, ys, grid))
    grids.sort(key=lambda g: (g.y0, g.x0))
    return grids


def _cells(horiz, vert, xs: list[int], ys: list[int], pad: int) -> list[tuple[int, int, int, int]]:
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(nr):
        ya, yb = ys[r], ys[r + 1]
        inset = max(pad, (yb - ya) // 10)
        for c in range(nc):
            xa, xb = xs[c], xs[c + 1]
            if c + 1 < nc:  # wall on the right?
                x = xs[c + 1]
                strip = vert[ya + inset: yb - inset, max(0, x - 2 * pad): x + 2 * pad + 1]
                if _covered(strip, 1) < WALL_COVER:
                    union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr:  # wall below?
                y = ys[r + 1]
                xin = max(pad, (xb - xa) // 10)
                strip = horiz[max(0, y - 2 * pad): y + 2 * pad + 1, xa + xin: xb - xin]
                if _covered(strip, 0) < WALL_COVER:
                    union(r * nc + c, (r + 1) * nc + c)
    groups: dict[int, list[int]] = {}
    for k in range(nr * nc):
        groups.setdefault(find(k), []).append(k)
    out = []
    for members in groups.values():
        rows = [k // nc for k in members]
        cols = [k % nc for k in members]
        out.append((xs[min(cols)], ys[min(rows)], xs[max(cols) + 1], ys[max(rows) + 1]))
    out.sort(key=lambda b: (b[1], b[0]))
    return out


def erase_lines(gray: np.ndarray, horiz: np.ndarray, vert: np.ndarray) -> np.ndarray:
    """The page with its ruling lines painted white (for OCR)."""
    cv2 = _cv2()
    lines = cv2.bitwise_or(horiz, vert)
    k = 2 * ERASE_PAD_PX + 1
    lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    out = gray.copy()
    out[lines > 0] = 255
    return out


def despeckle(gray: np.ndarray, mask: np.ndarray, dpi: float) -> np.ndarray:
    """Paint white the specks of dust: tiny blobs with no other ink near them.

    A full stop or the dot of a letter sits next to the letters it belongs
    to and stays.
    """
    cv2 = _cv2()
    n, labels, stats, _c = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return gray
    small_side = max(2, int(SPECK_MAX_IN * dpi))
    small = (stats[:, cv2.CC_STAT_WIDTH] <= small_side) & (stats[:, cv2.CC_STAT_HEIGHT] <= small_side)
    small[0] = False
    if not small.any():
        return gray
    is_small = small[labels]
    big = mask.copy()
    big[is_small] = 0
    r = max(1, int(SPECK_NEAR_IN * dpi))
    near = cv2.dilate(big, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1, 2 * r + 1)))
    touched = np.zeros(n, dtype=bool)
    touched[np.unique(labels[(near > 0) & is_small])] = True
    lonely = np.flatnonzero(small & ~touched)
    out = gray.copy()
    h, w = gray.shape
    for i in lonely:  # the speck's box and a pixel around it (the mask lost its soft edge)
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        out[max(0, y - 1): min(h, y + bh + 1), max(0, x - 1): min(w, x + bw + 1)] = 255
    return out
