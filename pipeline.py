"""One file through the whole pipeline: bytes -> Document -> ReportBundle.

Thin on purpose: ``esep extract``, ``esep ingest`` and ``esep watch`` all
call ``process_file`` so that a file gives the same rows whichever way it
arrives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat

from batch.walk import text_name
from extract import read
from extract.errors import CorruptFile, UnsupportedFormat
from schemas import ReportBundle


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fp:
        while block := fp.read(chunk):
            h.update(block)
    return h.hexdigest()


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
    from normalize import normalize

    _check_regular(path)
    sha = sha256 or sha256_file(path)
    doc = read(path)
    if source_file is None:  # the file name, with invalid UTF-8 bytes as \\xNN (as esep ingest records it)
        source_file = text_name(os.path.basename(os.fsdecode(path)))
    return normalize(
        doc,
        source_file=source_file,
        sha256=sha,
        extracted_at=extracted_at or dt.datetime.now(dt.timezone.utc),
    )


def _check_regular(path: str | os.PathLike) -> None:
    """Refuse what is not a regular file before opening it: reading a FIFO
    blocks until someone writes, a device like /dev/zero never ends."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise CorruptFile(path, f"cannot open: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise UnsupportedFormat(path, "is a directory")
    if not stat.S_ISREG(mode):
        raise UnsupportedFormat(path, "not a regular file (a FIFO, socket or device)")
