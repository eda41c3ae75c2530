"""The PDF reader's OCR side: which pages to OCR, and reading them.

``PageScanner`` is created once per PDF by ``extract.pdf.reader``.  For
each page, ``wants(page)`` applies ``extract.ocr.triage``; a page that
needs OCR is read by ``read(page)`` (``extract.ocr.page``) into the same
``PageData`` as a text page, so paragraphs, tables and stitching are
built the same way.  The pypdfium2 document and the private working
directory are opened on the first OCR page only.

A document where more than half of the pages were OCR'd is a
``pdf_scanned`` document; the notes say which pages were OCR'd and why.

When the context asks for it (``extract.ocr.parallel``: the tail of a
batch), ``read`` renders the page and hands it to threads, returning a
``PendingPage``; ``finish`` then puts each page's reading in its place,
in page order.
"""

from __future__ import annotations

import os

from esep.extract.ocr import engine as ocr

from esep.extract.ocr import triage as ocr_triage
from esep.extract.errors import CorruptFile, LimitExceeded, MissingComponent
from esep.extract.ocr.parallel import PageQueue, PendingPage, current_page_workers
from esep.extract.pdf.page import PageData
from esep.extract.pdf.settings import PdfSettings
from esep.extract.pdf.stitch import LogicalTable

#: Share of OCR'd pages above which the document is ``pdf_scanned``.
SCANNED_SHARE = 0.5


def _ranges(pages: list[int]) -> str:
    out, start, prev = [], None, None
    for p in pages:
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = p
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(out)


class PageScanner:
    def __init__(self, path, settings: PdfSettings):
        self.path = path
        self.settings = settings
        self.reasons: dict[int, str] = {}
        self.stats: list = []
        self._pdf = None
        self._workdir = None
        self._queue: PageQueue | None = None

    # -- triage -------------------------------------------------------------

    def wants(self, page) -> bool:
        reason = ocr_triage.assess(page)
        if reason is None:
            return False
        ocr.tesseract(self.path)  # fail now, naming what to install
        self.reasons[page.page_number] = reason
        return True

    # -- reading ------------------------------------------------------------

    def _open(self) -> None:
        if self._pdf is not None:
            return
        import pypdfium2 as pdfium

        from esep.extract.convert.external import WorkDir

        try:
            self._pdf = pdfium.PdfDocument(os.fspath(self.path) if not isinstance(self.path, bytes) else self.path)
        except Exception as exc:
            raise CorruptFile(self.path, f"cannot render the PDF for OCR ({type(exc).__name__}: {exc})") from None
        self._workdir = WorkDir("esep-ocr-")
        self._workdir.__enter__()
        workers = current_page_workers()
        if workers > 1:
            self._queue = PageQueue(workers, self._workdir.path, self.path, self.settings)

    def read(self, page) -> PageData | PendingPage:
        from esep.extract.ocr.page import read_scanned_page

        self._open()
        if self._queue is not None:
            return self._submit(page.page_number)
        data, stats = read_scanned_page(
            self._pdf, page.page_number - 1, page.page_number, self._workdir.path, self.path, self.settings
        )
        self.stats.append(stats)
        return data

    def _submit(self, page_no: int) -> PendingPage:
        import time

        from esep.extract.ocr import raster

        start = time.monotonic()
        gray, scale = raster.render(self._pdf, page_no - 1)  # here: pdfium is not thread-safe
        return self._queue.submit(gray, scale, page_no, seconds_before=time.monotonic() - start)

    def wait(self, pending: PendingPage) -> PageData | None:
        """The reading of a page handed to the threads, waited for; None when
        it failed (``finish`` records why), as a page read in turn would
        leave nothing open for the next."""
        try:
            data, _stats = self._queue.result(pending)
        except (MemoryError, MissingComponent, LimitExceeded):
            raise
        except Exception:  # noqa: BLE001 - recorded by finish()
            return None
        return data

    def finish(self, results: list, failures: list[tuple[int, BaseException]]) -> None:
        """Pages read side by side into their places in ``results``; a page
        whose reading failed becomes None and a ``failures`` entry, exactly
        as when it is read in turn (``failures`` ends in page order)."""
        if self._queue is None:
            return
        read = []
        for i, item in enumerate(results):
            if not isinstance(item, PendingPage):
                continue
            try:
                data, stats = self._queue.result(item)
            except (MemoryError, MissingComponent, LimitExceeded):
                raise
            except Exception as exc:
                failures.append((item.page_no, exc))
                results[i] = None
                continue
            results[i] = data
            read.append(stats)
        self.stats.extend(read)
        self.stats.sort(key=lambda s: s.page)
        failures.sort(key=lambda f: f[0])

    def close(self) -> None:
        if self._queue is not None:
            self._queue.close()
            self._queue = None
        if self._pdf is not None:
            try:
                self._pdf.close()
            except Exception:
                pass
            self._pdf = None
        if self._workdir is not None:
            self._workdir.__exit__(None, None, None)
            self._workdir = None

    # -- the document -------------------------------------------------------

    @property
    def used(self) -> bool:
        return bool(self.reasons)

    def table_class(self):
        if not self.used:
            return LogicalTable
        from esep.extract.ocr.stitch import OcrLogicalTable

        return OcrLogicalTable

    def source_format(self, n_pages: int) -> str:
        return "pdf_scanned" if len(self.reasons) > SCANNED_SHARE * n_pages else "pdf"

    def notes(self) -> list[str]:
        return ocr_notes(self.reasons, self.stats)


def ocr_notes(reasons: dict[int, str], stats: list) -> list[str]:
    """What the notes say about OCR'd pages: which pages and why, deskew
    angles, the fence Tesseract ran in (``stats``: ``OcrStats``)."""
    if not reasons:
        return []
    from esep.extract.convert.external import isolation

    by_reason: dict[str, list[int]] = {}
    for no, reason in sorted(reasons.items()):
        by_reason.setdefault(reason, []).append(no)
    out = []
    for reason, pages in by_reason.items():
        label = "Page" if len(pages) == 1 else "Pages"
        out.append(f"{label} {_ranges(pages)} read by OCR (Tesseract {'+'.join(ocr.LANGUAGES)}): {reason}.")
    skew = [f"{s.page}: {s.angle:+.2f}°" for s in stats if abs(s.angle) >= 0.05]
    if skew:
        out.append("Deskewed OCR pages by " + ", ".join(skew) + ".")
    out.append(f"OCR ran with the {isolation()[1]}.")
    return out
