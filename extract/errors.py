"""Typed reader errors whose message is one printable line naming the file."""

from __future__ import annotations

import os

from esep.fsutil import one_line, printable_name


class ExtractError(Exception):
    """A file could not be read.  ``str(err)`` is ``"<file>: <reason>"``."""

    code = "unreadable"

    def __init__(self, path: str | os.PathLike | bytes, reason: str):
        self.path = path
        self.reason = one_line(reason)
        super().__init__(f"{printable_name(path)}: {self.reason}")


class EmptyFile(ExtractError):
    code = "empty"


class UnsupportedFormat(ExtractError):
    code = "unsupported_format"


class NotADocument(UnsupportedFormat):
    """The content is something esep does not read at all (a spreadsheet,
    a presentation, plain text, code, an archive format other than ZIP),
    not a damaged document.  ``esep ingest`` logs such a file as
    ``ignored`` unless its name says it is a document."""

    code = "not_a_document"


class CorruptFile(ExtractError):
    code = "corrupt"


class EncryptedFile(ExtractError):
    code = "encrypted"


class LimitExceeded(ExtractError):
    """A size, count or nesting limit was hit before or while parsing."""

    code = "limit_exceeded"


class MissingComponent(ExtractError):
    """An external program (Tesseract, LibreOffice) the file needs is absent."""

    code = "missing_component"
