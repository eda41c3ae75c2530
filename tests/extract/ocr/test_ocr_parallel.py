"""The pages of one scan OCR'd side by side give the document read page by page.

The scan is two pages of samples/final_eco_mangystau_scan.pdf (pypdfium2),
read once in turn and once with two page threads (extract.ocr.parallel);
the batch asks for page threads only at its tail (batch.executor).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from esep.batch.executor import page_workers_for, tail_kwargs
from esep.extract.ocr import parallel as ocr_parallel
from tests.conftest import SAMPLES

SCAN = SAMPLES / "final_eco_mangystau_scan.pdf"
CORES = len(os.sched_getaffinity(0))


def two_page_scan(path) -> None:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(SCAN))
    new = pdfium.PdfDocument.new()
    new.import_pages(src, [0, 1])
    new.save(str(path))
    new.close()
    src.close()


def read_rows(path, workers: int):
    """(document, rows per table without the time of extraction)."""
    from esep.extract import read
    from esep.normalize import normalize
    from esep.writers.rows import bundle_rows

    with ocr_parallel.page_workers(workers):
        doc = read(path)
    bundle = normalize(doc, source_file="scan.pdf", sha256="0" * 64,
                       extracted_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    return doc, bundle_rows(bundle)


@pytest.fixture(scope="module")
def readings(tmp_path_factory):
    path = tmp_path_factory.mktemp("scan") / "scan.pdf"
    two_page_scan(path)
    submitted: list[int] = []
    real_submit = ocr_parallel.PageQueue.submit

    def spy(self, gray, scale, page_no, seconds_before=0.0):
        submitted.append(page_no)
        return real_submit(self, gray, scale, page_no, seconds_before)

    in_turn = read_rows(path, 1)
    ocr_parallel.PageQueue.submit = spy
    try:
        side_by_side = read_rows(path, 2)
    finally:
        ocr_parallel.PageQueue.submit = real_submit
    return in_turn, side_by_side, submitted


@pytest.mark.skipif(CORES < 2, reason="one core: pages are read in turn")
def test_pages_read_side_by_side_give_the_rows_read_in_turn(readings):
    (doc1, rows1), (doc2, rows2), submitted = readings
    assert submitted == [1, 2]  # both pages went to the threads
    assert doc1.source_format == doc2.source_format == "pdf_scanned" and doc1.page_count == 2
    assert doc2.notes == doc1.notes
    assert rows2 == rows1
    assert rows1["reports"][0]["grantee"] and rows1["activities"]  # a real reading, not two empty pages


def test_a_page_failing_side_by_side_is_noted_as_in_turn(tmp_path, monkeypatch):
    """Page 2 of 3 cannot be read: the same note, in the same place, either way."""
    import pypdfium2 as pdfium

    from esep.extract import read
    from esep.extract.ocr import page as ocr_page
    from esep.extract.ocr.page import OcrStats
    from esep.extract.pdf.page import PageData

    src = pdfium.PdfDocument(str(SCAN))
    new = pdfium.PdfDocument.new()
    new.import_pages(src, [0, 1, 2])
    new.save(str(tmp_path / "three.pdf"))

    def fake(gray, scale, page_no, workdir, path, settings):
        if page_no == 2:
            raise ValueError("bad raster")
        return (PageData(page_no, 595.0, 842.0, [], [], [], 10.0),
                OcrStats(page_no, 0.0, 0.0, 0.0, 0, None))

    monkeypatch.setattr(ocr_page, "read_page_image", fake)
    notes = []
    for workers in (1, 2):
        with ocr_parallel.page_workers(workers):
            notes.append(read(tmp_path / "three.pdf").notes)
    assert notes[0] == notes[1]
    assert "Page 2 could not be read (ValueError: bad raster); its content is missing." in notes[0]


def test_page_threads_only_at_the_tail_of_a_batch():
    # 10 files, 2 at a time: only the last one gets both cores
    assert [page_workers_for(k, 10, 2) for k in range(10)] == [1] * 9 + [2]
    # 4 at a time: the last gets 4, the one before 2, the third from the end 1
    assert [page_workers_for(k, 10, 4) for k in range(6, 10)] == [1, 1, 2, 4]
    assert [page_workers_for(k, 3, 1) for k in range(3)] == [1, 1, 1]
    assert tail_kwargs(0, 10, 2) == {} and tail_kwargs(9, 10, 2) == {"page_workers": 2}


def test_page_threads_are_bounded():
    with ocr_parallel.page_workers(64):
        assert ocr_parallel.current_page_workers() == min(ocr_parallel.MAX_PAGE_WORKERS, CORES)
    assert ocr_parallel.current_page_workers() == 1


def test_the_pages_of_a_tiff_go_side_by_side_and_come_back_in_order(tmp_path, monkeypatch):
    """Page 1 takes longest, so the threads finish out of order; the document does not."""
    import time

    from PIL import Image

    from esep.extract import read
    from esep.extract.ocr import page as ocr_page
    from esep.extract.ocr.page import OcrStats
    from esep.extract.pdf.page import PageData

    frames = [Image.new("L", (850, 1100), 255) for _ in range(3)]
    frames[0].save(tmp_path / "three.tif", save_all=True, append_images=frames[1:], dpi=(100, 100))

    def fake(gray, scale, page_no, workdir, path, settings):
        time.sleep(0.3 if page_no == 1 else 0.0)
        return (PageData(page_no, 612.0, 792.0, [], [], [], 10.0, notes=[f"read page {page_no}"]),
                OcrStats(page_no, 0.0, 0.0, 0.0, 0, None))

    monkeypatch.setattr(ocr_page, "read_page_image", fake)
    submitted = []
    real_submit = ocr_parallel.PageQueue.submit
    monkeypatch.setattr(ocr_parallel.PageQueue, "submit",
                        lambda self, gray, scale, page_no, seconds_before=0.0:
                        submitted.append(page_no) or real_submit(self, gray, scale, page_no, seconds_before))
    docs = []
    for workers in (1, 2):
        with ocr_parallel.page_workers(workers):
            docs.append(read(tmp_path / "three.tif"))
    assert submitted == ([1, 2, 3] if CORES >= 2 else [])
    assert docs[0].notes == docs[1].notes
    assert [n for n in docs[1].notes if n.startswith("read page")] == ["read page 1", "read page 2", "read page 3"]


def test_a_text_page_after_a_page_being_ocrd_waits_for_its_open_table(tmp_path, monkeypatch):
    """Scan, text, scan: the text page needs what the scan before it left open, so it waits."""
    import time

    import pypdfium2 as pdfium

    from esep.extract import read
    from esep.extract.ocr import page as ocr_page
    from esep.extract.ocr.page import OcrStats
    from esep.extract.pdf.page import PageData

    new = pdfium.PdfDocument.new()
    new.import_pages(pdfium.PdfDocument(str(SCAN)), [0])
    new.import_pages(pdfium.PdfDocument(str(SAMPLES / "interim_gamo.pdf")), [0])
    new.import_pages(pdfium.PdfDocument(str(SCAN)), [1])
    new.save(str(tmp_path / "mixed.pdf"))

    def fake(gray, scale, page_no, workdir, path, settings):
        time.sleep(0.3 if page_no == 1 else 0.0)
        return (PageData(page_no, 595.0, 842.0, [], [], [], 10.0, notes=[f"read page {page_no}"]),
                OcrStats(page_no, 0.0, 0.0, 0.0, 0, None))

    monkeypatch.setattr(ocr_page, "read_page_image", fake)
    docs = []
    for workers in (1, 2):
        with ocr_parallel.page_workers(workers):
            docs.append(read(tmp_path / "mixed.pdf"))
    assert docs[1] == docs[0]
    assert [n for n in docs[1].notes if n.startswith("read page")] == ["read page 1", "read page 3"]
    assert docs[1].tables()  # the text page's own tables are there
