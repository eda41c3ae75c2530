"""JPEG, PNG and TIFF scans -> Document, through the scanned-PDF OCR path.

An image file is a scan with no text layer: each of its pages
(``extract.ocr.image_pages``: size limits, EXIF orientation, resolution) is
read by ``extract.ocr.page.read_page_image`` exactly as an image-only PDF
page is (deskew, ruling lines and table grids, Tesseract ``rus+kaz``,
confidences, upright turn), and the pages go through the PDF reader's
second phase (``extract.pdf.assemble``): paragraphs, headers and
footers, tables stitched across pages.  ``source_format`` is ``image``.

One file is one document: photos of a report's pages kept as separate
files are separate documents, never merged by name (a note says so); a
multi-page TIFF or a PDF holds a whole report.
"""

from __future__ import annotations

import os

from esep.extract.ocr import engine as ocr
from esep.extract.errors import CorruptFile
from esep.extract.ocr.image_pages import info, open_image, page
from esep.extract.model import Document
from esep.extract.pdf.page import PageData
from esep.extract.pdf.settings import DEFAULT_SETTINGS, PdfSettings

SOURCE_FORMAT = "image"


def _reason(fmt: str, declared: float | None) -> str:
    if declared:
        return f"{fmt} image file, {declared:.0f} dpi"
    return f"{fmt} image file, resolution not given (read as an A4 page)"


def read_image(path: str | os.PathLike, settings: PdfSettings = DEFAULT_SETTINGS) -> Document:
    """Read an image file as a scanned document (one page per frame); ``settings``:
    the tolerances of reading its text and stitching its tables (``extract.pdf.settings``)."""
    from esep.extract.convert.external import WorkDir
    from esep.extract.ocr.page import read_page_image
    from esep.extract.ocr.parallel import PendingPage, page_queue
    from esep.extract.ocr.reader import ocr_notes
    from esep.extract.ocr.stitch import OcrLogicalTable
    from esep.extract.pdf.assemble import assemble

    im = open_image(path)
    results: list[PageData | None] = []
    reasons: dict[int, str] = {}
    stats: list = []
    failures: list[tuple[int, str]] = []
    try:
        meta = info(path, im)
        ocr.tesseract(path)  # before any page: say what to install
        with WorkDir("esep-ocr-") as workdir, page_queue(workdir, path, settings) as queue:
            for index in range(meta.pages):
                try:
                    image = page(path, im, meta.format, index)
                except CorruptFile as err:  # one damaged frame of a multi-page TIFF
                    failures.append((index + 1, err.reason))
                    results.append(None)
                    continue
                reasons[image.number] = _reason(meta.format, image.declared_dpi)
                if queue is not None:  # the tail of a batch: pages side by side (extract.ocr.parallel)
                    results.append(queue.submit(image.gray, image.dpi / 72.0, image.number))
                    continue
                data, st = read_page_image(image.gray, image.dpi / 72.0, image.number, workdir, path, settings)
                del image  # one page image in memory at a time
                results.append(data)
                stats.append(st)
            for i, item in enumerate(results):
                if isinstance(item, PendingPage):
                    results[i], st = queue.result(item)
                    stats.append(st)
    finally:
        im.close()
    notes = _failure_notes(path, failures, len(results), meta.format)
    notes.extend(ocr_notes(reasons, stats))
    if len(results) == 1:
        notes.append("One image file is one document: photos of a report's pages kept as separate files "
                     "are read as separate documents (a multi-page TIFF or a PDF holds a whole report).")
    return assemble(path, results, notes, OcrLogicalTable, SOURCE_FORMAT, {"Format": meta.format}, settings)


def _failure_notes(path, failures: list[tuple[int, str]], n_pages: int, fmt: str) -> list[str]:
    if not failures:
        return []
    if len(failures) * 2 > n_pages:
        no, why = failures[0]
        if n_pages == 1:
            raise CorruptFile(path, why)
        raise CorruptFile(path, f"{len(failures)} of {n_pages} pages of the {fmt} image could not be read "
                                f"(page {no}: {why})")
    return [f"Page {no} could not be read ({why[:120]}); its content is missing." for no, why in failures]

