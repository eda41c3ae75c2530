"""Image files as scans (issue 13): JPEG, PNG and multi-page TIFF.

The OCR'd test is one TIFF of the first three pages of the scanned sample
(samples/final_eco_mangystau_scan.pdf: its page images, 200 dpi), read
once for the module and held to the scan's expected output on those pages
the way tests/extract/ocr/test_ocr_scan.py holds the PDF: numbers >= 95 % exactly
right, the same rows with the same provenance.  One small PNG goes through
esep ingest.  Everything else (sizes, resolution, orientation,
transparency, limits) is checked on the page images, without OCR.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from esep.extract import CorruptFile, LimitExceeded, read
from esep.extract.ocr.image_pages import A4_LONG_SIDE_IN, MAX_PAGES, TARGET_DPI, pages
from tests.conftest import SAMPLES
from tests.batch.test_ingest import esep, files_by_name, read_tables

SCAN = SAMPLES / "final_eco_mangystau_scan.pdf"
EXPECTED = SAMPLES / "expected" / "final_eco_mangystau_scan.pdf.json"
TIFF_PAGES = 3
HAVE_TESSERACT = bool(shutil.which("tesseract"))
needs_ocr = pytest.mark.skipif(not HAVE_TESSERACT, reason="Tesseract is not installed")


def scan_page_images(n: int):
    """The first ``n`` page images of the scanned sample, as Pillow images (their JPEG bytes decoded)."""
    import pdfplumber
    from PIL import Image

    with pdfplumber.open(SCAN) as pdf:
        return [Image.open(io.BytesIO(page.images[0]["stream"].get_rawdata())) for page in pdf.pages[:n]]


def expected_on_pages(n: int) -> dict:
    """The scan's expected output restricted to its first ``n`` pages."""
    exp = json.loads(EXPECTED.read_text(encoding="utf-8"))
    out = {k: [r for r in v if r.get("source_page") is not None and r["source_page"] <= n] if isinstance(v, list) else v
           for k, v in exp.items()}
    out["report"] = {**exp["report"], "page_count": n}
    return out


@pytest.fixture(scope="module")
def tiff_scan(tmp_path_factory):
    """(document model, bundle as JSON) of the TIFF, OCR'd once."""
    from esep.normalize import normalize
    from esep.pipeline import sha256_file

    path = tmp_path_factory.mktemp("images") / "scan.tif"
    first, *rest = scan_page_images(TIFF_PAGES)
    first.save(path, save_all=True, append_images=rest, compression="tiff_deflate", dpi=(200, 200))
    doc = read(path)
    bundle = normalize(doc, source_file=path.name, sha256=sha256_file(path),
                       extracted_at=dt.datetime.now(dt.timezone.utc))
    return doc, bundle.model_dump(mode="json")


# ------------------------------------------------------------- the TIFF, OCR'd


@needs_ocr
def test_a_tiff_of_the_scan_reads_like_the_scanned_pdf(tiff_scan):
    from tests.extract.ocr.test_ocr_scan import _bench

    doc, got = tiff_scan
    expected = expected_on_pages(TIFF_PAGES)
    right, total, misses = _bench().numeric_score(expected, got)
    assert total >= 40
    assert right / total >= 0.95, f"{right}/{total} numeric fields right; misses:\n  " + "\n  ".join(misses)
    report = got["report"]
    assert report["source_format"] == "image" and report["page_count"] == TIFF_PAGES
    assert report["report_type"] == "final" and report["grant_amount_kzt"] == 5000000
    for table in ("activities", "indicators", "sections"):
        assert len(got[table]) == len(expected[table]), table
    for table in ("activities", "indicators"):
        want = [(r["source_page"], r["source_table"], r["source_row"]) for r in expected[table]]
        have = [(r["source_page"], r["source_table"], r["source_row"]) for r in got[table]]
        assert have == want, table


@needs_ocr
def test_each_tiff_page_is_a_page_read_by_the_ocr_path(tiff_scan):
    doc, _got = tiff_scan
    assert doc.source_format == "image" and doc.page_count == TIFF_PAGES
    assert f"Pages 1-{TIFF_PAGES} read by OCR (Tesseract rus+kaz): TIFF image file, 200 dpi." in doc.notes
    assert any(n.startswith("Deskewed OCR pages by") for n in doc.notes)
    results = list(doc.tables())[1]
    assert results.pages == (2, 3) and results.rows[3].fragments == 2  # stitched across the page break
    cells = [c for t in doc.tables() for c in t.cells() if c.text]
    assert cells and all(c.confidence is not None for c in cells)


@needs_ocr
def test_a_png_in_a_folder_is_ingested_as_one_document(tmp_path):
    page = scan_page_images(1)[0]
    root = tmp_path / "root"
    root.mkdir()
    page.crop((0, 0, page.width, page.height // 3)).save(root / "header photo.png", dpi=(200, 200))
    res = esep("ingest", root, "--out", tmp_path / "ds", "--no-progress")
    assert res.returncode == 0, res.stderr
    tables = read_tables(tmp_path / "ds")
    assert files_by_name(tables)["header photo.png"]["status"] == "ok"
    [report] = tables["reports"]
    assert report["source_format"] == "image" and report["page_count"] == 1
    assert report["grantee"] == "Неправительственное учреждение «Эко Мангистау»"


# ------------------------------------------------------------- page images, no OCR


def _save(img, path: Path, **kw) -> Path:
    img.save(path, **kw)
    return path


def test_the_declared_resolution_is_kept_when_it_gives_a_page(tmp_path):
    from PIL import Image

    a4_200 = Image.new("L", (1654, 2339), 255)
    [pg] = pages(_save(a4_200, tmp_path / "a4.png", dpi=(200, 200)))
    assert pg.declared_dpi == pytest.approx(200, rel=0.001) and pg.dpi == pytest.approx(TARGET_DPI, rel=0.01)
    assert pg.gray.shape[0] == pytest.approx(2339 * 1.5, abs=1) and pg.gray.shape[1] == pytest.approx(1654 * 1.5, abs=1)


def test_a_camera_resolution_is_not_believed(tmp_path):
    from PIL import Image

    photo = Image.new("RGB", (2400, 3200), "white")  # a phone photo says 72 dpi: a 44-inch page
    [pg] = pages(_save(photo, tmp_path / "photo.jpg", dpi=(72, 72)))
    assert pg.declared_dpi is None
    assert pg.gray.shape[0] / pg.dpi == pytest.approx(A4_LONG_SIDE_IN, rel=0.01)  # taken as an A4 page
    assert pg.dpi == pytest.approx(TARGET_DPI, rel=0.1)


def test_exif_orientation_turns_a_photo_upright(tmp_path):
    from PIL import Image

    img = Image.new("L", (800, 400), 255)
    img.paste(0, (0, 0, 100, 400))  # a black band on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to view"
    [pg] = pages(_save(img, tmp_path / "turned.jpg", exif=exif, dpi=(100, 100)))
    h, w = pg.gray.shape
    assert h > w  # upright: portrait
    assert pg.gray[: h // 10].mean() < 100 and pg.gray[-h // 10:].mean() > 200  # the band is now on top


def test_transparency_is_white_paper_and_16_bit_grey_is_scaled(tmp_path):
    from PIL import Image

    clear = Image.new("RGBA", (850, 1100), (0, 0, 0, 0))
    [pg] = pages(_save(clear, tmp_path / "clear.png", dpi=(100, 100)))
    assert pg.gray.min() == 255
    deep = Image.fromarray(np.full((1100, 850), 30000, dtype=np.uint16))
    [pg] = pages(_save(deep, tmp_path / "deep.png", dpi=(100, 100)))
    assert pg.gray.dtype == np.uint8 and 100 <= int(pg.gray.mean()) <= 130


def _png_header_only(path: Path, width: int, height: int) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100))
                     + chunk(b"IEND", b""))
    return path


def test_a_pixel_bomb_is_refused_before_it_is_decoded(tmp_path):
    with pytest.raises(LimitExceeded, match="pixels"):
        list(pages(_png_header_only(tmp_path / "bomb.png", 60_000, 60_000)))
    with pytest.raises(LimitExceeded, match=r"12,000 x 10,000 pixels"):
        list(pages(_png_header_only(tmp_path / "big.png", 12_000, 10_000)))


def test_too_many_pages_and_damaged_images(tmp_path):
    from PIL import Image

    frames = [Image.new("L", (8, 8), 255) for _ in range(MAX_PAGES + 1)]
    path = _save(frames[0], tmp_path / "many.tif", save_all=True, append_images=frames[1:])
    with pytest.raises(LimitExceeded, match=rf"TIFF image has {MAX_PAGES + 1} pages \(limit {MAX_PAGES}\)"):
        list(pages(path))
    jpeg = _save(Image.new("L", (400, 600), 128), tmp_path / "whole.jpg")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(jpeg.read_bytes()[:300])
    with pytest.raises(CorruptFile, match="damaged image"):
        list(pages(cut))
    with pytest.raises(CorruptFile, match="damaged image"):
        read(_save_bytes(tmp_path / "scan.png", b"\x89PNG\r\n\x1a\n" + bytes(100)))


def _save_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
