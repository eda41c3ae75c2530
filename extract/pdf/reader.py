"""PDF -> Document, with pdfplumber.

Phase 1, page by page (``extract.pdf.page``): characters (those drawn
outside their clipping path are invisible and left out with a note,
``extract.pdf.clip``), ruled tables (``PdfSettings.ruled``: lines strategy),
tables without vertical rules in the text left over
(``extract.pdf.borderless.find``; a borderless table open at a page's foot
lends its columns to the next page), link annotations; every character
goes to one table cell or to the text outside tables; cell texts are made
(``extract.pdf.text``: wrapped lines joined with a space, "\\n" only where
a paragraph or list item clearly starts).  A page whose text runs
sideways even after /Rotate is parsed again turned upright.  Each page's
caches are dropped as soon as it is read, so memory stays flat.

Phase 2, the whole document (``extract.pdf.assemble``):

* page numbers and running headers/footers (short lines in the top or
  bottom 12 % of a page, above/below every table, that look like a page
  number or repeat on another page) are dropped, with a note;
* lines outside tables become paragraphs (new paragraph on a list marker,
  a gap well above the normal line pitch, a change of font size or
  weight, a first-line indent, or a line the writer broke early), placed
  between the tables by vertical position;
* a table that opens page n+1 right after a table that closed page n is
  stitched onto it when the column layout matches (``extract.pdf.stitch``
  documents the rule, repeated headers and broken rows);
* headings: paragraphs whose font is at least 1.2x the body size get a
  heading level (largest size = 1).

Errors: a password -> ``EncryptedFile``; a damaged or truncated file, no
pages, or most pages unreadable -> ``CorruptFile`` with a short reason.  A
single unreadable page among many is skipped with a note (and no table is
stitched across it).
"""

from __future__ import annotations

import os

from esep.extract.errors import CorruptFile, EmptyFile, EncryptedFile, ExtractError, LimitExceeded, MissingComponent
from esep.extract.model import Document
from esep.extract.ocr.parallel import PendingPage
from esep.extract.ocr.reader import PageScanner
from esep.extract.pdf.unturn import Turn, unturn_boxes
from esep.extract.pdf.assemble import assemble
from esep.extract.pdf.borderless.carry import Carry, open_columns
from esep.extract.pdf.objects import speed_up
from esep.extract.pdf.page import PageData, read_page, upright_page
from esep.extract.pdf.refs import install as _bound_references
from esep.extract.pdf.settings import DEFAULT_SETTINGS, PdfSettings

__all__ = ["read_pdf", "PdfSettings"]

_bound_references()  # a reference cycle is an error, not an endless loop (extract/pdf/refs.py)

METADATA_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")


# ---------------------------------------------------------------------------
# errors


def _reason(exc: BaseException) -> str:
    msg = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {msg}" if msg else name


def _unwrap(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors in PdfminerException(original).  A
    MemoryError inside is raised as one: the guard reports the memory
    limit, not a damaged page."""
    inner = exc
    if type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException):
        inner = exc.args[0]
    if isinstance(inner, MemoryError):
        raise MemoryError from None
    return inner


def _classify(path, exc: BaseException) -> ExtractError:
    """Map a pdfminer/pdfplumber exception to a typed reader error."""
    inner = _unwrap(exc)
    try:
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except Exception:  # pragma: no cover
        PDFEncryptionError = PDFPasswordIncorrect = ()  # type: ignore[assignment]
    if PDFPasswordIncorrect and isinstance(inner, PDFPasswordIncorrect):
        return EncryptedFile(path, "PDF is encrypted with a password")
    if PDFEncryptionError and isinstance(inner, PDFEncryptionError):
        return EncryptedFile(path, f"PDF is encrypted in a way that cannot be read ({_reason(inner)})")
    return CorruptFile(path, f"damaged PDF ({_reason(inner)})")


def _safe_close(obj) -> None:
    try:
        obj.close()
    except Exception:
        pass


# ---------------------------------------------------------------------------
# phase 1


def _read_one(pdf, page, scanner: PageScanner, carry: Carry | PendingPage | None, settings: PdfSettings) -> PageData:
    if scanner.wants(page):  # no usable text layer: OCR (extract.ocr.reader)
        return scanner.read(page)
    if isinstance(carry, PendingPage):  # the page before is still being OCR'd: its open table is needed now
        before = scanner.wait(carry)
        carry = _open_columns(before, settings) if before is not None else None
    more = (carry,) if carry is not None else ()  # the borderless table the previous page left open
    turned, extra = upright_page(pdf, page, settings)
    if turned is None:
        return read_page(page, page.page_number, *more, settings=settings)
    try:
        data = read_page(turned, page.page_number, *more, settings=settings)
    finally:
        _safe_close(turned)
    data.notes.append(f"Page {page.page_number}: text ran sideways; read it turned by {extra} degrees.")
    data.turned, data.shown_size = extra, (float(page.width), float(page.height))
    return data


# ---------------------------------------------------------------------------
# entry point


def read_pdf(path: str | os.PathLike, settings: PdfSettings = DEFAULT_SETTINGS) -> Document:
    """Read a born-digital PDF into a ``Document`` (source_format "pdf").

    ``settings``: every tolerance of page reading and stitching, and the
    caller's totals pattern (``extract.pdf.settings``).
    """
    try:
        if os.path.getsize(path) == 0:
            raise EmptyFile(path, "file is empty")
    except OSError as exc:
        raise CorruptFile(path, f"cannot open: {exc.strerror or exc}") from None

    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except MemoryError:
        raise
    except OSError as exc:
        raise CorruptFile(path, f"cannot open: {exc.strerror or exc}") from None
    except Exception as exc:
        raise _classify(path, exc) from None

    notes: list[str] = []
    scanner = PageScanner(path, settings)
    try:
        try:
            pages = pdf.pages
        except MemoryError:
            raise
        except Exception as exc:
            raise _classify(path, exc) from None
        if not pages:
            raise CorruptFile(path, "PDF has no pages")
        for page in pages:
            speed_up(page)  # pdfplumber's objects built faster, clipped text left out (extract/pdf/objects.py)
        metadata = _metadata(pdf)
        results: list[PageData | None] = []
        failures: list[tuple[int, BaseException]] = []
        carry: Carry | None = None
        for page in pages:
            try:
                results.append(_read_one(pdf, page, scanner, carry, settings))
                last = results[-1]  # a page being OCR'd side by side stands for its open table until needed
                carry = last if isinstance(last, PendingPage) else _open_columns(last, settings)
            except (MemoryError, MissingComponent, LimitExceeded):
                raise
            except Exception as exc:
                failures.append((page.page_number, _unwrap(exc)))
                results.append(None)
                carry = None
            finally:
                _safe_close(page)
        scanner.finish(results, failures)  # pages OCR'd side by side, if any, into their places
    finally:
        _safe_close(pdf)
        scanner.close()

    n_pages = len(results)
    if failures:
        first_no, first_exc = failures[0]
        if len(failures) * 2 > n_pages:
            raise CorruptFile(
                path,
                f"{len(failures)} of {n_pages} pages could not be read (page {first_no}: {_reason(first_exc)})",
            )
        for no, exc in failures:
            notes.append(f"Page {no} could not be read ({_reason(exc)[:120]}); its content is missing.")

    notes.extend(scanner.notes())
    # the table class carries OCR confidences when pages were OCR'd
    doc = assemble(path, results, notes, scanner.table_class(), scanner.source_format(n_pages), metadata, settings)
    unturn_boxes(doc, {r.number: Turn(r.turned, *r.shown_size) for r in results
                       if isinstance(r, PageData) and r.turned and r.shown_size})
    return doc


def _open_columns(pd: PageData, settings: PdfSettings) -> Carry | None:
    """The borderless table ``pd`` leaves open at its foot, for the next page."""
    return open_columns(pd.tables, pd.lines, pd.height, settings.borderless.footer_share)


def _metadata(pdf) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        meta = pdf.metadata or {}
    except Exception:
        return out
    for key in METADATA_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        text = " ".join(str(value).split())
        if text:
            out[key] = text[:300]
    return out
