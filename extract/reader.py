"""``read(path)``: detect the format from the bytes and hand the file to its reader."""

from __future__ import annotations

import os
import stat

from extract import detect
from extract.errors import CorruptFile, EmptyFile, EncryptedFile, ExtractError, UnsupportedFormat
from extract.model import Document


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


def read(path: str | os.PathLike) -> Document:
    """Read one file into a ``Document``.

    Raises an ``ExtractError`` subclass (one-line message naming the file)
    for anything that cannot be read; never returns partial garbage.
    """
    check_regular(path)
    try:
        with open(path, "rb") as fp:
            head = fp.read(1024)
            if not head:
                raise EmptyFile(path, "file is empty")
            kind = detect.sniff(head)
            if kind == "zip":
                fp.seek(0)
                kind = detect.zip_kind(fp)
                if kind is None:
                    raise UnsupportedFormat(path, "ZIP archive that is neither DOCX nor ODT (or a damaged one)")
            elif kind == detect.DOC and detect.ole_is_encrypted_ooxml(fp):
                raise EncryptedFile(path, "Word document is encrypted with a password")
    except ExtractError:
        raise
    except IsADirectoryError:
        raise UnsupportedFormat(path, "is a directory") from None
    except OSError as exc:
        raise CorruptFile(path, f"cannot open: {exc.strerror or exc}") from None

    if kind == detect.DOCX:
        from extract.docx_reader import read_docx

        doc = read_docx(path)
    elif kind == detect.PDF:
        from extract.pdf_reader import read_pdf

        doc = read_pdf(path)
    elif kind in (detect.DOC, detect.RTF, detect.ODT):
        from extract.convert import convert_to_docx

        doc = convert_to_docx(path, kind)
    else:
        raise UnsupportedFormat(path, "not a DOCX or PDF file (format recognised from its content)")
    doc.number_tables()
    return doc
