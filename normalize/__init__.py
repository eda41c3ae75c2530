"""normalize: the neutral document model -> the common schema.

``normalize(doc, ...)`` is the only entry point; it never asks which file
format a table came from.
"""

from esep.normalize.report import normalize

__all__ = ["normalize"]
