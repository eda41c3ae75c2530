"""Recognise a file's format from its bytes, never from its name."""

from __future__ import annotations

import zipfile
import zlib
from typing import BinaryIO

PDF = "pdf"
DOCX = "docx"
#: A DOCX in the ISO/IEC 29500 Strict format (other namespaces; python-docx reads only Transitional).
DOCX_STRICT = "docx_strict"
ODT = "odt"
DOC = "doc"
RTF = "rtf"
JPEG = "jpeg"
PNG = "png"
TIFF = "tiff"
IMAGE_KINDS = (JPEG, PNG, TIFF)
#: ZIP containers that are not documents esep reads, and ZIP archives of files.
XLSX, PPTX, OOXML, ODF, ZIP = "xlsx", "pptx", "ooxml", "odf", "zip"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # classic and BigTIFF
_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_STRICT_MARKS = (b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
                 b"http://purl.oclc.org/ooxml/wordprocessingml/main")


def sniff(head: bytes) -> str | None:
    """Classify by the first bytes alone; ZIP containers return ``"zip"``."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return DOC
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] in _TIFF_MAGIC:
        return TIFF
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
    """What a ZIP container is, by the members it holds: ``DOCX``,
    ``DOCX_STRICT``, ``ODT``, ``XLSX``, ``PPTX``, ``OOXML`` (another Office
    Open XML package), ``ODF`` (another OpenDocument), or ``ZIP`` (an
    archive of files); None when it cannot be opened as a ZIP.

    Runs before ``zipguard.check_zip``, so members are read capped: an entry
    may inflate to far more than it declares."""
    try:
        with zipfile.ZipFile(fp) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return DOCX_STRICT if _is_strict(zf, names) else DOCX
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                mime = _peek(zf, "mimetype", 200).strip() if info.file_size < 200 else b""
                if mime == _ODT_MIME and "content.xml" in names:
                    return ODT
                if mime.startswith(b"application/vnd.oasis.opendocument."):
                    return ODF
            if "xl/workbook.xml" in names:
                return XLSX
            if "ppt/presentation.xml" in names:
                return PPTX
            # Some producers name the main part differently; [Content_Types] says.
            if "[Content_Types].xml" in names:
                ct = _peek(zf, "[Content_Types].xml", 1_000_000)
                if b"wordprocessingml.document.main" in ct:
                    return DOCX_STRICT if _is_strict(zf, names) else DOCX
                if b"spreadsheetml" in ct or b"ms-excel" in ct:
                    return XLSX
                if b"presentationml" in ct or b"ms-powerpoint" in ct:
                    return PPTX
                return OOXML
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error, KeyError):
        return None
    return ZIP


def _peek(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """The first ``cap`` bytes of a member (nothing of an encrypted one)."""
    from esep.extract.archive.guard import read_capped

    if zf.getinfo(name).flag_bits & 0x1:
        return b""
    return read_capped(zf, name, cap)


def _is_strict(zf: zipfile.ZipFile, names: set[str]) -> bool:
    """Strict OOXML names its main part with purl.oclc.org relationships and
    namespaces.  A part that cannot be read says "not Strict": the DOCX
    reader's ``zipguard.check_zip`` will say what is wrong with it."""
    for part in ("_rels/.rels", "word/document.xml"):
        if part not in names:
            continue
        try:
            head = _peek(zf, part, 64 * 1024)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error):
            return False
        if any(mark in head for mark in _STRICT_MARKS):
            return True
    return False
