"""Typed reader errors whose message is one printable line naming the file."""

from __future__ import annotations

import os


def printable_name(path: str | os.PathLike | bytes) -> str:
    """A file name safe to print on one line.

    Control characters (newlines, escape codes) and undecodable bytes are
    shown as escapes, so a hostile name cannot break a log line or a
    terminal.
    """
    if isinstance(path, bytes):
        text = path.decode("utf-8", "backslashreplace")
    else:
        text = os.fspath(path)
        if isinstance(text, bytes):  # pragma: no cover - fspath of a bytes PathLike
            text = text.decode("utf-8", "backslashreplace")
        # surrogateescape'd bytes from the file system -> \xNN
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code < 0xA0 or ch in "\u2028\u2029":
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str, limit: int = 300) -> str:
    """Collapse a reason to one printable line of bounded length."""
    text = " ".join(printable_name(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
