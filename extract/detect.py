"""Recognise a file's format from its bytes, never from its name."""

from __future__ import annotations

import zipfile
import zlib
from typing import BinaryIO

PDF = "pdf"
DOCX = "docx"
ODT = "odt"
DOC = "doc"
RTF = "rtf"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(head: bytes) -> str | None:
    """Classify by the first bytes alone; ZIP containers return ``"zip"``."""
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return DOC
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return RTF
    # PDF readers accept a header anywhere in the first 1024 bytes.
    if b"%PDF-" in head[:1024]:
        return PDF
    return None


_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def ole_is_encrypted_ooxml(fp: BinaryIO, limit: int = 64 * 2**20) -> bool:
    """An encrypted DOCX is an OLE container holding an ``EncryptedPackage`` stream."""
    fp.seek(0)
    tail = b""
    read = 0
    while read < limit:
        chunk = fp.read(1 << 20)
        if not chunk:
            return False
        if _ENCRYPTED_PACKAGE in tail + chunk:
            return True
        tail = chunk[-len(_ENCRYPTED_PACKAGE):]
        read += len(chunk)
    return False


def zip_kind(fp: BinaryIO) -> str | None:
    """Tell DOCX from ODT (and from any other ZIP) by the members it holds.

    Runs before ``zipguard.check_zip``, so members are read capped: an entry
    may inflate to far more than it declares."""
    from extract.zipguard import read_capped

    try:
        with zipfile.ZipFile(fp) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and "content.xml" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mime = read_capped(zf, "mimetype", 200).strip()
                    if mime == b"application/vnd.oasis.opendocument.text":
                        return ODT
            # Some producers name the main part differently; [Content_Types] says.
            if "[Content_Types].xml" in names:
                info = zf.getinfo("[Content_Types].xml")
                if info.file_size < 1_000_000:
                    ct = read_capped(zf, "[Content_Types].xml", 1_000_000)
                    if b"wordprocessingml.document.main" in ct:
                        return DOCX
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error):
        return None
    return None
