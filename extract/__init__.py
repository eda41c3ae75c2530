"""extract: file formats -> one neutral document model (see ``extract.model``)."""

from extract.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    ExtractError,
    LimitExceeded,
    MissingComponent,
    NotADocument,
    UnsupportedFormat,
)
from extract.model import Cell, Document, Hyperlink, Paragraph, Row, Table
from extract.reader import read

__all__ = [
    "read",
    "Document",
    "Paragraph",
    "Table",
    "Row",
    "Cell",
    "Hyperlink",
    "ExtractError",
    "EmptyFile",
    "UnsupportedFormat",
    "CorruptFile",
    "EncryptedFile",
    "LimitExceeded",
    "MissingComponent",
    "NotADocument",
]
