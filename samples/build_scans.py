#!/usr/bin/env python3
"""Build the scanned and legacy-Word samples from the DOCX samples.

    .venv/bin/python samples/build_scans.py      # needs LibreOffice (soffice)

Outputs (next to this file unless --out is given):
    final_eco_mangystau_scan.pdf   final_eco_mangystau.docx -> PDF (LibreOffice)
                                   -> pages rasterised at SCAN_DPI, each turned
                                   by a small angle, blurred, noised and specked
                                   like a flatbed scan, saved as an image-only PDF
                                   (one grey JPEG per page, no text layer)
    final_kk_zhasyl_dala.doc       final_kk_zhasyl_dala.docx saved by LibreOffice
                                   as a Word 97-2003 document

Deterministic for one LibreOffice / pypdfium2 / Pillow version: fixed random
seed, fixed PDF dates.  LibreOffice runs through ``extract.convert.office`` (private
profile, no network, time limit).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

SCAN_SOURCE = "final_eco_mangystau.docx"
SCAN_NAME = "final_eco_mangystau_scan.pdf"
DOC_SOURCE = "final_kk_zhasyl_dala.docx"
DOC_NAME = "final_kk_zhasyl_dala.doc"

SEED = 20230115
SCAN_DPI = 200
ANGLES = (1.3, -0.9, 1.7, -1.4, 0.8, -1.8, 1.1)  # degrees, counter-clockwise, per page
SHIFT_PX = 12  # the sheet sits up to this many pixels off centre
PAPER = 242  # grey level of the paper
BLUR_RADIUS = 0.6
NOISE_SIGMA = 6.0
SPECKLES_PER_PAGE = 500
JPEG_QUALITY = 50
PDF_DATE = dt.datetime(2023, 1, 15, 10, 0, 0).timetuple()  # Pillow wants a struct_time


def _soffice(src: Path, kind: str, target: str, dest: Path) -> Path:
    from esep.extract.convert import external
    from esep.extract.convert.office import soffice_convert

    with external.WorkDir("esep-samples-") as workdir:
        produced = soffice_convert(src, kind, target, workdir, timeout=300)
        shutil.copyfile(produced, dest)
    return dest


def _degrade(page: Image.Image, angle: float, rng: np.random.Generator) -> Image.Image:
    """One clean grey page -> what a flatbed scanner would give back."""
    w, h = page.size
    dx, dy = (int(v) for v in rng.integers(-SHIFT_PX, SHIFT_PX + 1, size=2))
    img = page.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255, translate=(dx, dy))
    img = img.filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
    a = np.asarray(img, dtype=np.float32)
    # ink is never pure black nor paper pure white; the paper is slightly uneven
    a = 18 + a * (PAPER - 18) / 255.0
    yy = np.linspace(-1, 1, h, dtype=np.float32)[:, None]
    xx = np.linspace(-1, 1, w, dtype=np.float32)[None, :]
    a -= 6 * (xx * xx + 0.5 * yy * yy)
    a += rng.normal(0.0, NOISE_SIGMA, size=a.shape).astype(np.float32)
    # dust: small dark specks, a few larger ones
    n = SPECKLES_PER_PAGE
    ys = rng.integers(0, h, size=n)
    xs = rng.integers(0, w, size=n)
    radius = rng.choice([0, 0, 0, 1, 1, 2], size=n)
    shade = rng.integers(20, 140, size=n)
    for y, x, r, s in zip(ys, xs, radius, shade):
        a[max(0, y - r): y + r + 1, max(0, x - r): x + r + 1] = s
    # the scanner's shadow along the left edge
    a[:, :6] = np.minimum(a[:, :6], 90)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode="L")


def build_scan(out: Path) -> Path:
    with __import__("tempfile").TemporaryDirectory(prefix="esep-scan-") as tmp:
        pdf_path = _soffice(HERE / SCAN_SOURCE, "docx", "pdf", Path(tmp) / "clean.pdf")
        return scan_pdf(pdf_path, out / SCAN_NAME, title="final_eco_mangystau (scan)")


def scan_pdf(pdf_path: Path, dest: Path, *, title: str, seed: int = SEED) -> Path:
    """A text PDF -> its scanned copy: pages rasterised at SCAN_DPI and degraded like a
    flatbed scan, saved as an image-only PDF (one grey JPEG per page)."""
    import pypdfium2 as pdfium

    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(pdf_path))
    pages = []
    try:
        for i in range(len(pdf)):
            bitmap = pdf[i].render(scale=SCAN_DPI / 72, grayscale=True)
            clean = bitmap.to_pil().convert("L")
            pages.append(_degrade(clean, ANGLES[i % len(ANGLES)], rng))
    finally:
        pdf.close()
    # the PDF writer stores each page as a JPEG (DCTDecode) at this quality
    pages[0].save(
        dest, format="PDF", save_all=True, append_images=pages[1:], resolution=SCAN_DPI, quality=JPEG_QUALITY,
        title=title, producer="esep samples/build_scans.py",
        creationDate=PDF_DATE, modDate=PDF_DATE,
    )
    return dest


def build_doc(out: Path) -> Path:
    return _soffice(HERE / DOC_SOURCE, "docx", "doc:MS Word 97", out / DOC_NAME)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: samples/)")
    ap.add_argument("--only", choices=("scan", "doc"), help="build one of the two")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    built = []
    if args.only in (None, "scan"):
        built.append(build_scan(args.out))
    if args.only in (None, "doc"):
        built.append(build_doc(args.out))
    for path in built:
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
