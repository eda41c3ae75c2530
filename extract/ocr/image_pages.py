"""The pages of an image file (JPEG, PNG, TIFF) as grey images ready for OCR.

Each frame of the file is a page (a multi-page TIFF from a scanner, one
page for a JPEG or PNG).  For each:

* its size is checked before it is decoded: more than ``MAX_PAGE_PIXELS``
  (a crafted 60,000 x 60,000 PNG is a few KB) or ``MAX_PAGES`` frames is
  refused with ``LimitExceeded``; a large JPEG is decoded reduced
  (libjpeg's own 1/2..1/8 scaling);
* a phone photo is turned the way its EXIF orientation says;
* transparency is laid on white paper, and every colour or bit depth
  becomes 8-bit grey;
* its resolution is the one the file declares when that gives a page of a
  plausible size (``PLAUSIBLE_LONG_SIDE_IN``); otherwise (no resolution,
  or a camera's nominal 72 dpi) the page is taken to be A4;
* it is resampled to ``TARGET_DPI``, the resolution PDF pages are rendered
  at for OCR, so a scan reads the same from a TIFF as from a PDF (pixel
  areas, no smoothing: see ``resample``).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from esep.extract.errors import CorruptFile, LimitExceeded
from esep.extract.ocr.raster import MAX_PIXELS, RENDER_DPI

MAX_PAGES = 200
MAX_PAGE_PIXELS = 100_000_000
TARGET_DPI = RENDER_DPI
A4_LONG_SIDE_IN = 11.69
PLAUSIBLE_LONG_SIDE_IN = (4.0, 18.0)  # A6 to A3 and a little more
MAX_UPSCALE = 4.0
FORMAT_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "TIFF": "TIFF"}


@dataclass
class ImagePage:
    number: int          # 1-based
    gray: np.ndarray     # uint8, 0 = ink
    dpi: float           # of ``gray``
    declared_dpi: float | None  # what the file said, when it was believed


@dataclass
class ImageInfo:
    format: str          # JPEG, PNG, TIFF
    pages: int


def open_image(path: str | os.PathLike):
    """A Pillow image, or ``CorruptFile`` / ``LimitExceeded``."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im = Image.open(os.fspath(path))
    except Image.DecompressionBombError:
        raise LimitExceeded(path, f"image is larger than {MAX_PAGE_PIXELS:,} pixels") from None
    except UnidentifiedImageError:  # its message repeats the path
        raise CorruptFile(path, "damaged image (no JPEG, PNG or TIFF image can be decoded from it)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptFile(path, f"damaged image ({_reason(exc)})") from None
    return im


def info(path, im) -> ImageInfo:
    fmt = FORMAT_NAMES.get(im.format or "", im.format or "image")
    try:
        pages = int(getattr(im, "n_frames", 1) or 1)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptFile(path, f"damaged {fmt} image ({_reason(exc)})") from None
    if pages > MAX_PAGES:
        raise LimitExceeded(path, f"{fmt} image has {pages:,} pages (limit {MAX_PAGES})")
    return ImageInfo(fmt, pages)


def page(path, im, fmt: str, index: int) -> ImagePage:
    """Frame ``index`` (0-based) of an open image as a grey page at ``TARGET_DPI``."""
    from PIL import Image, ImageOps

    try:
        im.seek(index)
        w, h = im.size
        if w * h > MAX_PAGE_PIXELS:
            raise LimitExceeded(path, f"page {index + 1} of the {fmt} image is {w:,} x {h:,} pixels "
                                      f"(limit {MAX_PAGE_PIXELS:,})")
        if w < 1 or h < 1:
            raise CorruptFile(path, f"page {index + 1} of the {fmt} image is empty")
        declared = _declared_dpi(im)
        if fmt == "JPEG" and w * h > MAX_PIXELS:
            im.draft("L", (w // 2, h // 2))  # decoded reduced: far less memory
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = ImageOps.exif_transpose(im) if index == 0 else im.copy()
        gray = _to_gray(frame)
    except (LimitExceeded, CorruptFile):
        raise
    except Image.DecompressionBombError:
        raise LimitExceeded(path, f"image is larger than {MAX_PAGE_PIXELS:,} pixels") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        raise CorruptFile(path, f"damaged {fmt} image (page {index + 1}: {_reason(exc)})") from None
    if declared is not None:  # scaled like the pixels when decoded reduced
        declared *= max(gray.shape) / max(w, h)
        if not _plausible(gray.shape, declared):
            declared = None
    dpi = declared or max(gray.shape) / A4_LONG_SIDE_IN
    gray, dpi = resample(gray, dpi)
    return ImagePage(index + 1, gray, dpi, declared)


def _declared_dpi(im) -> float | None:
    raw = im.info.get("dpi")
    try:
        x = float(raw[0]) if isinstance(raw, (tuple, list)) else float(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return x if np.isfinite(x) and x > 1 else None


def _plausible(shape: tuple[int, int], dpi: float) -> bool:
    long_side_in = max(shape) / dpi
    return PLAUSIBLE_LONG_SIDE_IN[0] <= long_side_in <= PLAUSIBLE_LONG_SIDE_IN[1]


def _to_gray(frame) -> np.ndarray:
    from PIL import Image

    mode = frame.mode
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(paper, rgba).convert("L"), dtype=np.uint8).copy()
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(frame, dtype=np.float64)
        top = 65535.0 if mode.startswith("I;16") or arr.max(initial=0) > 255 else 255.0
        return np.clip(arr * (255.0 / top), 0, 255).astype(np.uint8)
    return np.asarray(frame.convert("L"), dtype=np.uint8).copy()


def resample(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """The page at ``TARGET_DPI`` (at most ``MAX_UPSCALE`` times larger, and
    never over ``MAX_PIXELS``)."""
    import cv2

    h, w = gray.shape
    f = min(TARGET_DPI / dpi, MAX_UPSCALE)
    if w * h * f * f > MAX_PIXELS:
        f = (MAX_PIXELS / (w * h)) ** 0.5
    if abs(f - 1.0) < 0.1:
        return gray, dpi
    size = (max(1, int(round(w * f))), max(1, int(round(h * f))))
    # INTER_AREA both ways: enlarging, it keeps edges sharp, so a 1-pixel
    # ruling line of a 200-dpi scan stays a line (smoothing filters turn it
    # into a grey smear the ink threshold can break, splitting table rows)
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), dpi * f


def pages(path: str | os.PathLike) -> Iterator[ImagePage]:
    """Every page of an image file, one at a time."""
    im = open_image(path)
    try:
        meta = info(path, im)
        for i in range(meta.pages):
            yield page(path, im, meta.format, i)
    finally:
        im.close()


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
