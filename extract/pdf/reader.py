"""PDF -> Document, with pdfplumber.

Phase 1, page by page (``extract.pdf.page``): characters (those drawn
outside their clipping path are invisible and left out with a note,
``extract.pdf.clip``), ruled tables (``TABLE_SETTINGS``: lines strategy),
tables without vertical rules in the text left over
(``extract.pdf.borderless.find``; a borderless table open at a page's foot
lends its columns to the next page), link annotations; every character
goes to one table cell or to the text outside tables; cell texts are made
(``extract.pdf.text``: wrapped lines joined with a space, "\\n" only where
a paragraph or list item clearly starts).  A page whose text runs
sideways even after /Rotate is parsed again turned upright.  Each page's
caches are dropped as soon as it is read, so memory stays flat.

Phase 2, the whole document:

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
import re
from dataclasses import dataclass

from esep.extract.errors import CorruptFile, EmptyFile, EncryptedFile, ExtractError, LimitExceeded, MissingComponent
from esep.extract.model import Block, Document, Hyperlink, Paragraph
from esep.extract.pdf.borderless.carry import Carry, open_columns
from esep.extract.pdf.page import TABLE_SETTINGS, PageData, PTable, read_page, upright_page
from esep.extract.pdf.objects import speed_up
from esep.extract.pdf.refs import install as _bound_references
from esep.extract.ocr.parallel import PendingPage
from esep.extract.ocr.reader import PageScanner
from esep.extract.pdf.cuts import CUT_STRONG, CUT_WEAK, resolve_cuts, vocabulary
from esep.extract.pdf.text import Line, hyphen_joins, join_lines, room_before, starts_paragraph

__all__ = ["read_pdf", "TABLE_SETTINGS"]

_bound_references()  # a reference cycle is an error, not an endless loop (extract/pdf_refs.py)

MARGIN_ZONE = 0.12  # share of the page height where headers/footers live
HEADING_RATIO = 1.2
METADATA_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")

_PAGE_NO = re.compile(
    r"^(?:(?:стр\.?|страница|бет|page|p\.|с\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"(?:\s*(?:из|of|/|-тен|-ден)\s*\d{1,4})?(?:\s*(?:бет|стр\.?|page))?$",
    re.I,
)


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


def _read_one(pdf, page, scanner: PageScanner, carry: Carry | PendingPage | None = None) -> PageData:
    if scanner.wants(page):  # no usable text layer: OCR (extract.ocr.reader)
        return scanner.read(page)
    if isinstance(carry, PendingPage):  # the page before is still being OCR'd: its open table is needed now
        before = scanner.wait(carry)
        carry = open_columns(before.tables, before.lines, before.height) if before is not None else None
    more = (carry,) if carry is not None else ()  # the borderless table the previous page left open
    turned, extra = upright_page(pdf, page)
    if turned is None:
        return read_page(page, page.page_number, *more)
    try:
        data = read_page(turned, page.page_number, *more)
    finally:
        _safe_close(turned)
    data.notes.append(f"Page {page.page_number}: text ran sideways; read it turned by {extra} degrees.")
    return data


# ---------------------------------------------------------------------------
# phase 2: headers/footers


def _margin_lines(pd: PageData) -> list[int]:
    """Indices of the first/last two lines of a page if they sit in its margins."""
    top_limit = pd.height * MARGIN_ZONE
    bottom_limit = pd.height * (1 - MARGIN_ZONE)
    first_table = min((t.top for t in pd.tables), default=float("inf"))
    last_table = max((t.bottom for t in pd.tables), default=float("-inf"))
    n = len(pd.lines)
    out = []
    for i in sorted({*range(min(2, n)), *range(max(0, n - 2), n)}):
        ln = pd.lines[i]
        if len(ln.text) > 150:
            continue
        if i < 2 and ln.bottom <= top_limit and ln.bottom <= first_table + 1:
            out.append(i)
        elif i >= n - 2 and ln.top >= bottom_limit and ln.top >= last_table - 1:
            out.append(i)
    return out


def _strip_headers_footers(pages: list[PageData | None]) -> int:
    """Drop page numbers and running headers/footers; return how many lines went.

    A margin line goes when it looks like a page number ("5", "- 5 -",
    "стр. 5 из 9", "5 бет"), when the same text is in the margin of another
    page, or when the same text up to its numbers is in the margin of at
    least three pages and half of the document's pages.
    """
    cands: list[tuple[PageData, int, str, str]] = []
    exact: dict[str, set[int]] = {}
    loose: dict[str, set[int]] = {}
    n_pages = sum(1 for pd in pages if pd is not None)
    for pd in pages:
        if pd is None:
            continue
        for i in _margin_lines(pd):
            text = " ".join(pd.lines[i].text.lower().split())
            sig = re.sub(r"\d+", "#", text)
            cands.append((pd, i, text, sig))
            exact.setdefault(text, set()).add(pd.number)
            loose.setdefault(sig, set()).add(pd.number)
    drop: dict[int, set[int]] = {}
    for pd, i, text, sig in cands:
        if not any(ch.isalnum() for ch in text):
            continue
        if (
            _PAGE_NO.match(text)
            or len(exact[text]) >= 2
            or (len(loose[sig]) >= 3 and len(loose[sig]) * 2 >= n_pages)
        ):
            drop.setdefault(pd.number, set()).add(i)
    n = 0
    for pd in pages:
        if pd is None or pd.number not in drop:
            continue
        gone = drop[pd.number]
        pd.lines = [ln for i, ln in enumerate(pd.lines) if i not in gone]
        n += len(gone)
    return n


# ---------------------------------------------------------------------------
# phase 2: paragraphs


@dataclass
class _Para:
    lines: list[Line]
    top: float
    page: int
    size: float = 0.0
    para: Paragraph | None = None


# Justified text: a line that is not its paragraph's last is stretched to the right
# edge, so one that stops short of it by more than RAGGED_GAP points ends a paragraph
# even where the next word would not have fitted.  A page's text is justified when at
# least JUSTIFIED_SHARE of its longer left-aligned lines end at the edge.
RAGGED_GAP = 2.0
JUSTIFIED_SHARE = 0.5
JUSTIFIED_MIN_LINES = 6


def _justified(pd: PageData, left: float, right: float) -> bool:
    body = [ln for ln in pd.lines if not ln.vertical and ln.x0 - left < 3 and len(ln.text) > 20]
    if len(body) < JUSTIFIED_MIN_LINES:
        return False
    return sum(1 for ln in body if right - ln.x1 <= 1.0) >= JUSTIFIED_SHARE * len(body)


def _ends_short(ln: Line, left: float, right: float, justified: bool) -> bool:
    """``ln`` stops short of the right edge of justified text: the end of a paragraph."""
    return justified and ln.x0 - left < 3 and right - ln.x1 > RAGGED_GAP


def _breaks(prev: Line, ln: Line, limit: float, left: float, right: float, justified: bool = False) -> bool:
    if prev.vertical or ln.vertical:
        return True
    if _ends_short(prev, left, right, justified):
        return True
    if ln.top >= prev.bottom - 0.1 * max(prev.height, ln.height) and starts_paragraph(prev.text, ln.text):
        return True
    h = max(prev.height, ln.height)
    if h > 0 and (ln.top - prev.top) / h > limit:
        return True
    big = max(prev.size, ln.size)
    if abs(prev.size - ln.size) > max(1.0, 0.15 * big):
        return True
    if prev.bold != ln.bold and prev.last_bold != ln.first_bold:
        return True  # a bold line and one that is not, not one bold run going on to the next line
    if ln.x0 - prev.x0 > 8 and prev.x0 - left < 3:
        return True  # first-line indent
    if room_before(prev, ln, left, right) > ln.first_word_w + 0.35 * big + 1.0:
        return True  # the next word would have fitted: the line was ended on purpose
    return False


def _text_bounds(pd: PageData) -> tuple[float, float]:
    """Left and right edge of the page's text outside tables."""
    horiz = [ln for ln in pd.lines if not ln.vertical]
    return min((ln.x0 for ln in horiz), default=0.0), max((ln.x1 for ln in horiz), default=0.0)


def _page_items(pd: PageData) -> list[tuple[float, object]]:
    """Paragraphs and tables of one page, top to bottom."""
    items: list[tuple[float, object]] = []
    left, right = _text_bounds(pd)
    justified = _justified(pd, left, right)
    tables = list(pd.tables)
    ti = 0
    cur: list[Line] = []

    def flush():
        if cur:
            items.append((cur[0].top, _Para(list(cur), cur[0].top, pd.number)))
            cur.clear()

    for ln in pd.lines:
        while ti < len(tables) and tables[ti].top <= ln.top:
            flush()
            items.append((tables[ti].top, tables[ti]))
            ti += 1
        if cur and _breaks(cur[-1], ln, pd.pitch_limit, left, right, justified):
            flush()
        cur.append(ln)
    flush()
    while ti < len(tables):
        items.append((tables[ti].top, tables[ti]))
        ti += 1
    return items


def _goes_on(prev: _Para, prev_page: PageData, nxt: _Para, page: PageData) -> bool:
    """Does ``nxt``, the first paragraph of a page, go on with ``prev``, the last one of
    the page before?  Yes when the last line before the break was full (the writer
    did not end it: the next word did not fit), and the new page's first line
    neither starts a paragraph (indent, list marker) nor changes size or weight."""
    last, first = prev.lines[-1], nxt.lines[0]
    if last.vertical or first.vertical or starts_paragraph(last.text, first.text):
        return False
    left, right = _text_bounds(prev_page)
    n_left, _ = _text_bounds(page)
    if _ends_short(last, left, right, _justified(prev_page, left, right)):
        return False
    big = max(last.size, first.size)
    if abs(last.size - first.size) > max(1.0, 0.15 * big):
        return False
    if last.bold != first.bold and last.last_bold != first.first_bold:
        return False
    if first.x0 - n_left > 3 or last.x0 - left > 3 and len(prev.lines) == 1:
        return False  # an indented first line, or a centred one-line paragraph
    return room_before(last, first, left, right) <= first.first_word_w + 0.35 * big + 1.0


def _join_across_pages(prev: Paragraph, nxt: Paragraph, prev_line: str, next_line: str) -> None:
    sep = "" if hyphen_joins(prev_line, next_line) else " "
    prev.text = prev.text + sep + nxt.text
    prev.links.extend(nxt.links)
    prev.bold = prev.bold and nxt.bold


def _make_paragraph(p: _Para, targets: list[str]) -> Paragraph | None:
    txt = join_lines(p.lines, float("inf"), targets, breaks=False)
    if not txt.text:
        return None
    p.size = max(ln.size for ln in p.lines)
    return Paragraph(
        text=txt.text,
        page=p.page,
        bold=txt.bold,
        links=[Hyperlink(text=disp, target=targets[idx]) for idx, disp in txt.links],
    )


def _assign_headings(paras: list[_Para]) -> None:
    weights: dict[float, int] = {}
    for p in paras:
        if p.para is None:
            continue
        key = round(p.size * 2) / 2
        weights[key] = weights.get(key, 0) + len(p.para.text)
    if sum(weights.values()) < 200:
        return
    body = max(weights, key=weights.__getitem__)
    sizes = sorted(
        {round(p.size * 2) / 2 for p in paras if p.para is not None and p.size >= HEADING_RATIO * body},
        reverse=True,
    )
    level = {s: min(i + 1, 6) for i, s in enumerate(sizes)}
    for p in paras:
        if p.para is None or len(p.para.text) > 300:
            continue
        key = round(p.size * 2) / 2
        if key in level:
            p.para.heading_level = level[key]


# ---------------------------------------------------------------------------
# entry point


def read_pdf(path: str | os.PathLike) -> Document:
    """Read a born-digital PDF into a ``Document`` (source_format "pdf")."""
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
    scanner = PageScanner(path)
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
            speed_up(page)  # pdfplumber's objects built faster, clipped text left out (extract/pdf_objects.py)
        metadata = _metadata(pdf)
        results: list[PageData | None] = []
        failures: list[tuple[int, BaseException]] = []
        carry: Carry | None = None
        for page in pages:
            try:
                results.append(_read_one(pdf, page, scanner, carry))
                last = results[-1]  # a page being OCR'd side by side stands for its open table until needed
                carry = last if isinstance(last, PendingPage) else open_columns(last.tables, last.lines, last.height)
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
    return assemble(path, results, notes, scanner.table_class(), scanner.source_format(n_pages), metadata)


def assemble(path, results: list[PageData | None], notes: list[str], table_class, source_format: str,
             metadata: dict[str, str]) -> Document:
    """Phase 2 over the pages read (None: a page that could not be read):
    headers and footers, paragraphs, tables stitched across pages, headings.
    The image reader (``extract.ocr.image_reader``) builds its documents here too."""
    n_pages = len(results)
    for pd in results:
        if pd is not None:
            notes.extend(pd.notes)
    dropped = _strip_headers_footers(results)
    if dropped:
        notes.append(f"Dropped {dropped} page-number or running header/footer line(s).")
    orphans = sum(pd.orphan_links for pd in results if pd is not None)
    if orphans:
        notes.append(f"{orphans} link(s) outside tables cover no text and were left out.")

    blocks: list[Block] = []
    paras: list[_Para] = []
    open_table = None
    open_para: tuple[_Para, PageData] | None = None  # the last block of the page before, a paragraph
    for pd in results:
        if pd is None:
            open_table = open_para = None
            continue
        items = _page_items(pd)
        for j, (_top, item) in enumerate(items):
            if isinstance(item, PTable):
                if j == 0 and open_table is not None and open_table.compatible(item):
                    open_table.add_part(item)
                else:
                    open_table = table_class(item)
                    blocks.append(open_table)  # type: ignore[arg-type]
            else:
                assert isinstance(item, _Para)
                item.para = _make_paragraph(item, pd.link_targets)
                if item.para is None:
                    continue
                if j == 0 and open_para is not None and _goes_on(open_para[0], open_para[1], item, pd):
                    before = open_para[0]
                    _join_across_pages(before.para, item.para, before.lines[-1].text, item.lines[0].text)
                    before.lines = [*before.lines, *item.lines]
                    item = before
                else:
                    paras.append(item)
                    blocks.append(item.para)
                open_table = None
                open_para = (item, pd)  # its last line is on this page
        if not items or not isinstance(items[-1][1], PTable):
            open_table = None
        if not items or not isinstance(items[-1][1], _Para):
            open_para = None
    _assign_headings(paras)

    out: list[Block] = [b if isinstance(b, Paragraph) else b.to_model() for b in blocks]  # type: ignore[union-attr]
    doc = Document(
        path=os.fspath(path) if not isinstance(path, bytes) else path.decode("utf-8", "surrogateescape"),
        source_format=source_format,
        blocks=out,
        page_count=n_pages,
        notes=notes,
        metadata=metadata,
    )
    _resolve_cuts(doc)
    doc.number_tables()
    return doc


def _resolve_cuts(doc: Document) -> None:
    """Decide every possibly-cut word (pdf_text.resolve_cuts) with the document's vocabulary."""
    cells = [c for t in doc.tables() for c in t.cells()]
    paras = list(doc.paragraphs())
    texts = [c.text for c in cells] + [p.text for p in paras]
    if not any(CUT_STRONG in t or CUT_WEAK in t for t in texts):
        return
    vocab = vocabulary(texts)
    for holder in [*cells, *paras]:
        holder.text = resolve_cuts(holder.text, vocab)
        for i, link in enumerate(holder.links):
            if CUT_STRONG in link.text or CUT_WEAK in link.text:
                holder.links[i] = Hyperlink(resolve_cuts(link.text, vocab), link.target)


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
