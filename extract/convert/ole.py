"""Legacy Office files (OLE2 compound documents), checked before LibreOffice sees them.

The OLE2 magic only says "compound document": Word 97-2003, Excel,
PowerPoint, Outlook messages and a password-protected DOCX all start with
it, and so does a file that is the magic followed by garbage.  LibreOffice
"converts" much of that into some DOCX, so a damaged .doc would come out
as a readable non-report.  ``word_document(path)`` opens the container
with olefile and lets through only a Word document whose ``WordDocument``
stream starts with a valid File Information Block (and whose table
stream, for Word 97 and later, is there); everything else is refused with
what it is.
"""

from __future__ import annotations

import os
import struct

from esep.extract.errors import CorruptFile, EncryptedFile, NotADocument
from esep.extract.nondoc import SUFFIX

#: wIdent of the File Information Block: Word 97-2003, Word 6/95.
WORD97, WORD6 = 0xA5EC, 0xA5DC
FIB_FLAGS_OFFSET = 0x0A
F_ENCRYPTED = 0x0100
F_WHICH_TABLE = 0x0200
FIB_MIN_BYTES = 32

#: streams of other compound documents, and what they are
_OTHER = (
    (("Workbook",), "spreadsheet (Excel XLS)"),
    (("Book",), "spreadsheet (Excel 5/95 XLS)"),
    (("PowerPoint Document",), "presentation (PowerPoint PPT)"),
    (("__properties_version1.0",), "Outlook message (MSG)"),
    (("VisioDocument",), "Visio drawing"),
)


def word_document(path: str | os.PathLike) -> None:
    """Return when ``path`` is a Word 97-2003 (or 6/95) document LibreOffice
    may convert; raise ``CorruptFile`` / ``EncryptedFile`` / ``NotADocument``
    with what it is otherwise."""
    import olefile

    try:
        ole = olefile.OleFileIO(os.fspath(path))
    except MemoryError:
        raise
    except Exception:  # olefile raises OSError, ValueError, IndexError... on damaged containers
        if _says_encrypted_package(path):
            raise EncryptedFile(path, "Word document is encrypted with a password") from None
        raise CorruptFile(path, "damaged Word document (not a readable OLE2 container)") from None
    try:
        if ole.exists("EncryptedPackage"):
            raise EncryptedFile(path, "Word document is encrypted with a password")
        if ole.exists("WordDocument"):
            _check_fib(path, ole)
            return
        for streams, what in _OTHER:
            if all(ole.exists(s) for s in streams):
                raise NotADocument(path, f"{what}, {SUFFIX}")
        raise CorruptFile(path, "damaged Word document (no WordDocument stream)")
    finally:
        ole.close()


def _check_fib(path, ole) -> None:
    try:
        size = ole.get_size("WordDocument")
        with ole.openstream("WordDocument") as stream:
            fib = stream.read(FIB_MIN_BYTES)
    except MemoryError:
        raise
    except Exception as exc:
        raise CorruptFile(path, f"damaged Word document (WordDocument stream: {_reason(exc)})") from None
    if size < FIB_MIN_BYTES or len(fib) < FIB_MIN_BYTES:
        raise CorruptFile(path, "damaged Word document (WordDocument stream is truncated)")
    ident = struct.unpack_from("<H", fib, 0)[0]
    if ident not in (WORD97, WORD6):
        raise CorruptFile(path, "damaged Word document (WordDocument stream has no valid header)")
    flags = struct.unpack_from("<H", fib, FIB_FLAGS_OFFSET)[0]
    if flags & F_ENCRYPTED:
        raise EncryptedFile(path, "Word document is encrypted with a password")
    if ident == WORD97:
        table = "1Table" if flags & F_WHICH_TABLE else "0Table"
        if not ole.exists(table):
            raise CorruptFile(path, f"damaged Word document (its {table} stream is missing)")


def _says_encrypted_package(path) -> bool:
    """An encrypted DOCX whose container olefile cannot walk still names its stream."""
    from esep.extract.detect import ole_is_encrypted_ooxml

    try:
        with open(path, "rb") as fp:
            return ole_is_encrypted_ooxml(fp)
    except OSError:
        return False


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
