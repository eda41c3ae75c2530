"""extract: file formats -> one neutral document model (see ``extract.model``)."""

from esep.extract.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    ExtractError,
    LimitExceeded,
    MissingComponent,
    NotADocument,
    UnsupportedFormat,
)
from esep.extract.model import Cell, Document, Hyperlink, Paragraph, Row, Table
from esep.extract.reader import read

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
