"""Indirect references that cannot loop: a bounded resolver for pdfminer.

pdfminer resolves a reference with ``while isinstance(x, PDFObjRef): x =
x.resolve()`` (``resolve1``, ``resolve_all``, and pdfplumber's copies of
them).  When object 6 is ``7 0 R`` and object 7 is ``6 0 R`` -- a stream
whose ``/Length`` is such a pair is enough -- that loop never ends: the
file held a worker until the time limit.  ``install()`` makes
``PDFObjRef.resolve`` follow a chain of references itself, remembering the
objects it passed, and raise ``PDFReferenceCycle`` when the chain comes
back to one of them or grows longer than ``MAX_CHAIN``; every caller's
loop then gets a value (or the error) at once.  A chain without a cycle
resolves to the same value as before.
"""

from __future__ import annotations

from pdfminer.pdfexceptions import PDFException
from pdfminer.pdftypes import PDFObjRef

#: Longest chain of references to references followed (real files use one or two).
MAX_CHAIN = 64


class PDFReferenceCycle(PDFException):
    """Indirect objects that refer to each other in a circle.  Not a
    PDFSyntaxError: pdfminer catches those while looking an object up and
    carries on with nothing, which would read the page as empty."""


_original_resolve = PDFObjRef.resolve


def _bounded_resolve(self: PDFObjRef, default: object = None):
    value = _original_resolve(self, default)
    if not isinstance(value, PDFObjRef):
        return value
    chain = [self.objid]
    while isinstance(value, PDFObjRef):
        if value.objid in chain or len(chain) >= MAX_CHAIN:
            path = " -> ".join(f"{n} 0 R" for n in [*chain, value.objid][-6:])
            raise PDFReferenceCycle(f"object reference cycle ({path})")
        chain.append(value.objid)
        value = _original_resolve(value, default)
    return value


def install() -> None:
    """Make every ``PDFObjRef.resolve`` bounded (idempotent)."""
    PDFObjRef.resolve = _bounded_resolve  # type: ignore[method-assign]
