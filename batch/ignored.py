"""Which files that were not read are failures, and which are just not documents.

A real folder of reports also holds spreadsheets, presentations, notes,
code, data files and archives in other formats.  The reader says so by its
content (``extract.errors.NotADocument``, and ``EmptyFile`` for an empty
file); such a file is logged ``ignored`` with that reason and does not
make the exit status 1.  ``failed`` stays for documents that could not be
read -- and a file whose *name* says it is a document (``report.docx``,
``scan.pdf``) is one: when its content is text or nothing, it is a
damaged or mislabelled report someone must look at, so it fails.
"""

from __future__ import annotations

import posixpath

#: ExtractError codes that mean "not a document esep reads".
IGNORABLE_CODES = frozenset({"not_a_document", "empty"})

#: Name endings of the documents esep reads (and of ZIP archives of them).
DOCUMENT_SUFFIXES = frozenset({
    ".docx", ".docm", ".dotx", ".doc", ".dot", ".pdf", ".rtf", ".odt",
    ".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".zip",
})


def named_as_document(source_file: str) -> bool:
    """Does the last part of the name end like a document esep reads?"""
    last = source_file.rsplit("!/", 1)[-1]
    return posixpath.splitext(last)[1].lower() in DOCUMENT_SUFFIXES


def unread_status(code: str | None, source_file: str) -> str:
    """``ignored`` or ``failed`` for a file the reader refused with ``code``."""
    if code in IGNORABLE_CODES and not named_as_document(source_file):
        return "ignored"
    return "failed"
