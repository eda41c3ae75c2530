"""One file through the whole pipeline: bytes -> Document -> ReportBundle.

Thin on purpose: ``esep extract``, ``esep ingest`` and ``esep watch`` all
call ``process_file`` so that a file gives the same rows whichever way it
arrives.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re

from esep.extract import read
from esep.extract.pdf.settings import PdfSettings, StitchSettings
from esep.extract.reader import check_regular
from esep.fsutil import sha256_file, text_name
from esep.schemas import ReportBundle


@functools.cache
def pdf_settings() -> PdfSettings:
    """The PDF reader's settings with the forms' totals words (``normalize.patterns``):
    a row that starts with one is never stitched onto the row above it."""
    from esep.normalize import patterns

    words = [w for table in (patterns.TOTAL_ROW, patterns.TOTAL_ROW_STARTS_MORE) for ws in table.values() for w in ws]
    total_row = re.compile(r"^\s*(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)
    return PdfSettings(stitch=StitchSettings(total_row=total_row))


def process_file(
    path: str | os.PathLike,
    *,
    source_file: str | None = None,
    sha256: str | None = None,
    extracted_at: dt.datetime | None = None,
) -> ReportBundle:
    """Read and normalise one file.

    ``source_file`` is the name recorded in the dataset (path relative to
    the ingested root; the file name by default).  Raises
    ``extract.ExtractError`` when the file cannot be read.
    """
    from esep.normalize import normalize

    check_regular(path)  # before hashing: a FIFO would block the hash too
    sha = sha256 or sha256_file(path)
    doc = read(path, pdf_settings=pdf_settings())
    if source_file is None:  # the file name, with invalid UTF-8 bytes as \\xNN (as esep ingest records it)
        source_file = text_name(os.path.basename(os.fsdecode(path)))
    return normalize(
        doc,
        source_file=source_file,
        sha256=sha,
        extracted_at=extracted_at or dt.datetime.now(dt.timezone.utc),
    )

