"""Phase 2 of the PDF reader: the pages read -> one Document.

* page numbers and running headers/footers are dropped
  (``extract.pdf.margins``);
* lines outside tables become paragraphs (new paragraph on a list marker,
  a gap well above the normal line pitch, a change of font size or
  weight, a first-line indent, or a line the writer broke early:
  ``extract.pdf.paragraph_breaks``), placed between the tables by
  vertical position; a paragraph that the page break cut goes on with the
  first paragraph of the next page;
* a table that opens page n+1 right after a table that closed page n is
  stitched onto it when the column layout matches (``extract.pdf.stitch``
  documents the rule, repeated headers and broken rows);
* headings: paragraphs whose font is at least 1.2x the body size get a
  heading level (largest size = 1);
* words a narrow column cut in two are decided with the document's
  vocabulary (``extract.pdf.cuts``).

The image reader (``extract.ocr.image_reader``) builds its documents here
too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from esep.extract.model import BBox, Block, Document, Hyperlink, Paragraph
from esep.extract.pdf.cuts import CUT_STRONG, CUT_WEAK, resolve_cuts, vocabulary
from esep.extract.pdf.glyph_lines import Line
from esep.extract.pdf.margins import strip_headers_footers
from esep.extract.pdf.page import PageData
from esep.extract.pdf.page_tables import PTable
from esep.extract.pdf.paragraph_breaks import (
    ends_short,
    is_justified,
    broken_early,
    line_ends_paragraph,
    size_changes,
    starts_paragraph,
)
from esep.extract.pdf.settings import PdfSettings
from esep.extract.pdf.text import join_lines
from esep.extract.pdf.word_repair import hyphen_joins

@dataclass
class _Para:
    lines: list[Line]
    top: float
    page: int
    size: float = 0.0
    para: Paragraph | None = None


def _text_bounds(pd: PageData) -> tuple[float, float]:
    """Left and right edge of the page's text outside tables."""
    horiz = [ln for ln in pd.lines if not ln.vertical]
    return min((ln.x0 for ln in horiz), default=0.0), max((ln.x1 for ln in horiz), default=0.0)


def _page_items(pd: PageData, settings: PdfSettings) -> list[tuple[float, object]]:
    """Paragraphs and tables of one page, top to bottom."""
    items: list[tuple[float, object]] = []
    left, right = _text_bounds(pd)
    justified = is_justified(pd.lines, left, right, settings)
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
        if cur and line_ends_paragraph(cur[-1], ln, pd.pitch_limit, left, right, justified, settings):
            flush()
        cur.append(ln)
    flush()
    while ti < len(tables):
        items.append((tables[ti].top, tables[ti]))
        ti += 1
    return items


def _goes_on(prev: _Para, prev_page: PageData, nxt: _Para, page: PageData, settings: PdfSettings) -> bool:
    """Does ``nxt``, the first paragraph of a page, go on with ``prev``, the last one of
    the page before?  Yes when the last line before the break was full (the writer
    did not end it: the next word did not fit), and the new page's first line
    neither starts a paragraph (indent, list marker) nor changes size or weight."""
    last, first = prev.lines[-1], nxt.lines[0]
    if last.vertical or first.vertical or starts_paragraph(last.text, first.text):
        return False
    left, right = _text_bounds(prev_page)
    n_left, _ = _text_bounds(page)
    if ends_short(last, left, right, is_justified(prev_page.lines, left, right, settings), settings):
        return False
    if size_changes(last, first, settings):
        return False
    if last.bold != first.bold and last.last_bold != first.first_bold:
        return False
    slack = settings.text.edge_slack
    if first.x0 - n_left > slack or last.x0 - left > slack and len(prev.lines) == 1:
        return False  # an indented first line, or a centred one-line paragraph
    return not broken_early(last, first, left, right, settings.text)


def _join_across_pages(prev: Paragraph, nxt: Paragraph, prev_line: str, next_line: str) -> None:
    sep = "" if hyphen_joins(prev_line, next_line) else " "
    prev.text = prev.text + sep + nxt.text
    prev.links.extend(nxt.links)
    prev.bold = prev.bold and nxt.bold


def _make_paragraph(p: _Para, targets: list[str], settings: PdfSettings) -> Paragraph | None:
    txt = join_lines(p.lines, float("inf"), settings.text, targets, breaks=False)
    if not txt.text:
        return None
    p.size = max(ln.size for ln in p.lines)
    return Paragraph(
        text=txt.text,
        page=p.page,
        bold=txt.bold,
        links=[Hyperlink(text=disp, target=targets[idx]) for idx, disp in txt.links],
        bbox=_lines_box(p.lines),
    )


def _lines_box(lines: list[Line]) -> BBox:
    """The box holding ``lines`` (all on one page)."""
    return BBox(min(ln.x0 for ln in lines), min(ln.top for ln in lines),
                max(ln.x1 for ln in lines), max(ln.bottom for ln in lines))


def _assign_headings(paras: list[_Para], heading_ratio: float) -> None:
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
        {round(p.size * 2) / 2 for p in paras if p.para is not None and p.size >= heading_ratio * body},
        reverse=True,
    )
    level = {s: min(i + 1, 6) for i, s in enumerate(sizes)}
    for p in paras:
        if p.para is None or len(p.para.text) > 300:
            continue
        key = round(p.size * 2) / 2
        if key in level:
            p.para.heading_level = level[key]


def assemble(path, results: list[PageData | None], notes: list[str], table_class, source_format: str,
             metadata: dict[str, str], settings: PdfSettings) -> Document:
    """Phase 2 over the pages read (None: a page that could not be read):
    headers and footers, paragraphs, tables stitched across pages, headings.
    ``table_class(part, settings)`` starts a logical table from a page part.
    The image reader (``extract.ocr.image_reader``) builds its documents here too."""
    n_pages = len(results)
    for pd in results:
        if pd is not None:
            notes.extend(pd.notes)
    dropped = strip_headers_footers(results, settings.paragraphs)
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
        items = _page_items(pd, settings)
        for j, (_top, item) in enumerate(items):
            if isinstance(item, PTable):
                if j == 0 and open_table is not None and open_table.compatible(item):
                    open_table.add_part(item)
                else:
                    open_table = table_class(item, settings)
                    blocks.append(open_table)  # type: ignore[arg-type]
            else:
                assert isinstance(item, _Para)
                item.para = _make_paragraph(item, pd.link_targets, settings)
                if item.para is None:
                    continue
                if j == 0 and open_para is not None and _goes_on(open_para[0], open_para[1], item, pd, settings):
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
    _assign_headings(paras, settings.paragraphs.heading_ratio)

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
    """Decide every possibly-cut word (``extract.pdf.cuts.resolve_cuts``) with the document's vocabulary."""
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

