"""One logical table split into two physical tables by a stray paragraph.

Word users break a long table by pressing Enter in it, or paste its second
half after an empty line; converters cut a table at a page break.  A table
continues the table before it when only stray lines stand between them (an
empty line, a page number, «Продолжение таблицы», a short line that is no
heading, form instruction or table caption), it has the same columns, and
either it has no header of its own (it is no table kind by itself and fills
the previous table's columns) or it repeats the same header.  The joined
view reads the rows of both; every row keeps its own physical table and row
as provenance (``TableView.prov``).
"""

from __future__ import annotations

from dataclasses import replace

import regex

from esep.extract.model import Document, Paragraph, Row, Table
from esep.normalize.labels import matcher
from esep.normalize.sections import heading_of
from esep.normalize.table_meaning import row_keys
from esep.normalize.table_view import RowOrigin, TableView
from esep.normalize.text import clean_text

#: kinds whose rows can run on into a following table
CONTINUABLE = frozenset({"works", "results", "effect", "publications", "partners", "participants", "proposals"})
MAX_STRAY_LINES = 2
MAX_STRAY_CHARS = 80
_CAPTION = regex.compile(r"^\s*(?:таблица|кесте)\b", regex.I)


def _is_stray(para: Paragraph) -> bool:
    text = clean_text(para.text)
    if not text or not regex.search(r"\p{L}", text):
        return True  # empty, or a page number
    if matcher("TABLE_CONTINUED").at_start(text) is not None:
        return True
    if len(text) > MAX_STRAY_CHARS or _CAPTION.match(text) or text.endswith(":"):
        return False
    return heading_of(text, para) is None and matcher("FORM_BOILERPLATE").best(text) is None


def _fills_columns(view: TableView, table: Table) -> bool:
    """Some row of ``table`` has text in two or more of the view's columns."""
    grid = table.grid()
    columns = set(view.columns.values())
    for row in grid:
        filled = {c for c in columns if c < len(row) and row[c] is not None and row[c].text.strip()}
        if len(filled) >= 2:
            return True
    return False


def _same_header(view: TableView, own: TableView | None, table: Table) -> bool:
    if own is None or own.kind != view.kind or own.header_rows != view.header_rows:
        return False
    if not view.header_rows:  # rows read downwards (category | count): no header to repeat
        return True
    grid = table.grid()
    return all(row_keys(grid, r) == row_keys(view.grid, r) for r in range(view.header_rows))


def continues(view: TableView, table: Table, own: TableView | None, between: list[Paragraph]) -> bool:
    """Does ``table`` (classified on its own as ``own``) carry on ``view``?"""
    if view.kind not in CONTINUABLE or table.n_cols != view.table.n_cols:
        return False
    if len([p for p in between if clean_text(p.text)]) > MAX_STRAY_LINES or not all(_is_stray(p) for p in between):
        return False
    if own is None:
        return _fills_columns(view, table)
    return _same_header(view, own, table)


def join(view: TableView, table: Table) -> TableView:
    """``view`` with the rows of ``table`` appended (cells moved down, provenance kept)."""
    offset = view.table.n_rows
    rows = list(view.table.rows) + [
        Row(cells=[replace(c, row=c.row + offset) for c in row.cells], pages=row.pages, fragments=row.fragments)
        for row in table.rows
    ]
    pages = tuple(dict.fromkeys(view.table.pages + table.pages))
    joined = Table(rows=rows, n_cols=view.table.n_cols, index=view.table.index, pages=pages, depth=view.table.depth)
    origins = (view.origins or [RowOrigin(view.table, r) for r in range(offset)]) + [
        RowOrigin(table, r) for r in range(table.n_rows)
    ]
    return replace(view, table=joined, origins=origins, _grid=None)


def join_split_tables(doc: Document, views: dict[int, TableView | None]) -> list[TableView]:
    """The views of the document's top-level tables, in order, split tables joined.

    ``views``: table index -> its own classification (None: no kind).
    """
    out: list[TableView] = []
    last: TableView | None = None
    between: list[Paragraph] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            between.append(block)
            continue
        if not isinstance(block, Table) or block.depth:
            continue
        own = views.get(block.index)
        if last is not None and continues(last, block, own, between):
            last = join(last, block)
            out[-1] = last
        elif own is not None:
            out.append(own)
            last = own
        else:
            last = None
        between = []
    return out
