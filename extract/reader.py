"""``read(path)``: detect the format from the bytes and hand the file to its reader."""

from __future__ import annotations

import os
import stat

from esep.extract import detect
from esep.extract.errors import CorruptFile, EmptyFile, ExtractError, NotADocument, UnsupportedFormat
from esep.extract.model import Document
from esep.extract.nondoc import SUFFIX, describe, describe_zip
from esep.extract.pdf.settings import DEFAULT_SETTINGS, PdfSettings

#: Bytes looked at to tell the format (PDF allows its header within the first 1024).
HEAD_BYTES = 4096
CONVERTED = (detect.DOC, detect.RTF, detect.ODT, detect.DOCX_STRICT)


def check_regular(path: str | os.PathLike) -> None:
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


def identify(path: str | os.PathLike) -> str:
    """The document format of ``path`` by its content (``extract.detect``
    kinds), or a typed error: ``EmptyFile``, ``NotADocument`` for content
    esep does not read (with what it is), ``CorruptFile`` for a ZIP that
    cannot be opened, ``UnsupportedFormat`` for a ZIP archive of files."""
    try:
        with open(path, "rb") as fp:
            head = fp.read(HEAD_BYTES)
            if not head:
                raise EmptyFile(path, "file is empty")
            kind = detect.sniff(head)
            if kind == "zip":
                fp.seek(0)
                kind = detect.zip_kind(fp)
    except ExtractError:
        raise
    except IsADirectoryError:
        raise UnsupportedFormat(path, "is a directory") from None
    except OSError as exc:
        raise CorruptFile(path, f"cannot open: {exc.strerror or exc}") from None
    if kind is None and head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise CorruptFile(path, "damaged ZIP container (neither a readable DOCX or ODT nor a ZIP archive)")
    if kind == detect.ZIP:
        raise UnsupportedFormat(path, "ZIP archive of files, not a document: "
                                      "esep ingest and esep watch read the documents inside it")
    if kind is None or describe_zip(kind):
        what = describe_zip(kind) if kind else describe(head)
        raise NotADocument(path, f"{what}, {SUFFIX}")
    return kind


def read(path: str | os.PathLike, *, pdf_settings: PdfSettings | None = None) -> Document:
    """Read one file into a ``Document``.

    ``pdf_settings``: the tolerances of PDF page reading and stitching, and
    the caller's totals pattern (``extract.pdf.settings``); for PDFs and
    scanned images.  None: the defaults.

    Raises an ``ExtractError`` subclass (one-line message naming the file)
    for anything that cannot be read; never returns partial garbage.
    """
    check_regular(path)
    kind = identify(path)
    if kind == detect.DOCX:
        from esep.extract.docx.reader import read_docx

        doc = read_docx(path)
    elif kind == detect.PDF:
        from esep.extract.pdf.reader import read_pdf

        doc = read_pdf(path, pdf_settings or DEFAULT_SETTINGS)
    elif kind in CONVERTED:
        from esep.extract.convert.office import convert_to_docx

        doc = convert_to_docx(path, kind)
    elif kind in detect.IMAGE_KINDS:
        from esep.extract.ocr.image_reader import read_image

        doc = read_image(path, pdf_settings or DEFAULT_SETTINGS)
    else:  # pragma: no cover - identify() returns only the kinds above
        raise UnsupportedFormat(path, f"no reader for {kind}")
    doc.number_tables()
    return doc
