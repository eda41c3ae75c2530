"""The pages of one scan OCR'd side by side, when cores would otherwise idle.

A batch runs one file per core.  At its tail, when fewer files than cores
remain, a 40-page scan would keep one core busy for minutes while the
others wait; the batch then asks for its pages to be read in parallel
(``page_workers``, a setting of the current context, so no reader's
signature changes).  ``PageQueue`` does it with threads: nearly all of a
page's time is spent in Tesseract, a program of its own, and in OpenCV,
both outside the interpreter lock.

What stays one at a time: the caller renders each page (pypdfium2 is not
thread-safe) and takes the results back in page order, so a document is
the same whether its pages were read one by one or side by side.  Each
page gets a working folder of its own (the fenced programs write fixed
file names).  At most two pages per thread wait rendered, so memory stays
bounded however long the scan.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from esep.extract.pdf.settings import PdfSettings

#: More threads than this buy little (the machine's cores are the limit)
#: and each one reserves address space under the parsing child's limit.
MAX_PAGE_WORKERS = 4
#: Rendered pages waiting per thread, at most.
BACKLOG_PER_WORKER = 2

_PAGE_WORKERS: ContextVar[int] = ContextVar("esep_ocr_page_workers", default=1)


@contextlib.contextmanager
def page_workers(n: int) -> Iterator[None]:
    """Within the block, a scan's pages are OCR'd by up to ``n`` threads."""
    token = _PAGE_WORKERS.set(max(1, int(n)))
    try:
        yield
    finally:
        _PAGE_WORKERS.reset(token)


def current_page_workers() -> int:
    """Threads for the pages of the scan being read: what the context asks
    for, never more than ``MAX_PAGE_WORKERS`` or this machine's cores."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(_PAGE_WORKERS.get(), MAX_PAGE_WORKERS, cores))


@dataclass
class PendingPage:
    """A page handed to the threads; ``PageQueue.result`` gives its reading."""

    page_no: int
    future: Future


class PageQueue:
    """Up to ``workers`` pages OCR'd at once by ``extract.ocr.page.read_page_image``."""

    def __init__(self, workers: int, workdir: str, path, settings: PdfSettings):
        import ctypes  # noqa: F401 - imported here so the fenced programs' pre-exec step never imports
        import resource  # noqa: F401 - (a fork while another thread imports could hang)

        self.workers = workers
        self.workdir = workdir
        self.path = path
        self.settings = settings
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="esep-ocr-page")
        self._open: list[Future] = []

    def submit(self, gray: np.ndarray, scale: float, page_no: int, seconds_before: float = 0.0) -> PendingPage:
        """Queue a rendered page (``seconds_before``: what rendering it took,
        counted in its statistics as a page read in turn counts it)."""
        self._open = [f for f in self._open if not f.done()]
        while len(self._open) >= self.workers * BACKLOG_PER_WORKER:
            wait(self._open, return_when=FIRST_COMPLETED)
            self._open = [f for f in self._open if not f.done()]
        future = self._pool.submit(self._read, gray, scale, page_no, seconds_before)
        self._open.append(future)
        return PendingPage(page_no, future)

    def _read(self, gray: np.ndarray, scale: float, page_no: int, seconds_before: float):
        from esep.extract.ocr.page import read_page_image

        own = tempfile.mkdtemp(prefix=f"page-{page_no}-", dir=self.workdir)
        try:
            data, stats = read_page_image(gray, scale, page_no, own, self.path, self.settings)
        finally:
            shutil.rmtree(own, ignore_errors=True)
        stats.seconds_total += seconds_before
        return data, stats

    @staticmethod
    def result(pending: PendingPage):
        """``(PageData, OcrStats)`` of the page, or the exception reading it raised."""
        return pending.future.result()

    def close(self) -> None:
        """Pages not started are dropped; pages being read are waited for
        (their programs end within their own time limit)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def page_queue(workdir: str, path, settings: PdfSettings) -> Iterator[PageQueue | None]:
    """A PageQueue when the context asks for page threads, else None."""
    workers = current_page_workers()
    if workers < 2:
        yield None
        return
    queue = PageQueue(workers, workdir, path, settings)
    try:
        yield queue
    finally:
        queue.close()
