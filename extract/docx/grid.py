"""A DOCX table: the merge grid (``gridSpan``, ``vMerge``, ``gridBefore``)
resolved so that a merged cell appears once with its spans.

A vertical merge runs from a ``restart`` cell down through ``continue``
cells of the same column and width, and ends where a row leaves its
column uncovered; text Word hides in a continued cell is kept (appended,
with a note).  Spans and widths are bounded (``MAX_COLS``).  What is
inside a cell (paragraphs, nested tables) is read by the body walk, handed
in as ``read_cell``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from esep.extract.docx.ooxml import (
    CUSTOM_XML, MAX_COLS, MAX_DEPTH, MAX_SPAN, SDT, SDT_CONTENT, TC, TCPR, TR, TRPR, W_VAL, WalkContext, w,
)
from esep.extract.model import Cell, Hyperlink, Row, Table


@dataclass
class CellContent:
    """What a ``w:tc`` holds, read by the body walk."""

    text: str
    links: list[Hyperlink]
    tables: list[Table]
    bold: bool


def _iter_flat(parent, tag: str, depth: int = 0):
    """Children with ``tag``, looking through content controls and custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, SDT_CONTENT, CUSTOM_XML) and depth < MAX_DEPTH:
            yield from _iter_flat(child, tag, depth + 1)


def _int_attr(el, default: int = 0) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W_VAL, default))
    except (TypeError, ValueError):
        return default


def read_table(tbl, ctx: WalkContext, depth: int,
               read_cell: Callable[[object, WalkContext, int], CellContent]) -> Table:
    """The table ``tbl`` (at nesting ``depth``); ``read_cell(tc, ctx, depth)``
    reads what a cell holds."""
    grid_cols = len(tbl.findall(f"{w('tblGrid')}/{w('gridCol')}"))
    width_cap = min(max(grid_cols, 1), MAX_COLS) if grid_cols else MAX_COLS
    rows: list[Row] = []
    open_v: dict[int, Cell] = {}  # grid column -> anchor of a running vertical merge
    n_cols = grid_cols
    for r, tr in enumerate(_iter_flat(tbl, TR)):
        trpr = tr.find(TRPR)
        col = _int_attr(trpr.find(w("gridBefore")) if trpr is not None else None)
        col = min(max(col, 0), MAX_COLS)
        cells: list[Cell] = []
        touched: set[int] = set()
        for tc in _iter_flat(tr, TC):
            tcpr = tc.find(TCPR)
            span = _int_attr(tcpr.find(w("gridSpan")) if tcpr is not None else None, 1)
            if span < 1:
                span = 1
            limit = max(width_cap - col, 1) if grid_cols else MAX_SPAN
            if span > limit:
                ctx.note(f"a gridSpan of {span} was bounded to the table's {max(grid_cols, col + 1)} columns")
                span = limit
            vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
            vstate = None
            if vmerge is not None:
                vstate = vmerge.get(W_VAL, "continue")
            anchor = open_v.get(col)
            if vstate == "continue" and anchor is not None and anchor.col_span == span:
                anchor.row_span = r - anchor.row + 1
                extra = read_cell(tc, ctx, depth).text
                if extra.strip():
                    # Word hides the text of a continued cell; keep it rather than lose it.
                    anchor.text = f"{anchor.text}\n{extra}" if anchor.text else extra
                    ctx.note("text inside a vertically merged (continued) cell was appended to the merged cell")
                touched.update(range(col, col + span))
            else:
                content = read_cell(tc, ctx, depth)
                cell = Cell(text=content.text, row=r, col=col, col_span=span, links=content.links,
                            tables=content.tables, bold=content.bold)
                cells.append(cell)
                for c in range(col, col + span):
                    open_v.pop(c, None)
                if vstate == "restart" or (vstate == "continue" and anchor is None):
                    open_v[col] = cell
                touched.update(range(col, col + span))
            col += span
            if col >= MAX_COLS:
                ctx.note(f"a table row wider than {MAX_COLS} columns was cut")
                break
        # a running vertical merge ends where a row leaves its column uncovered
        for c in [c for c in open_v if c not in touched]:
            open_v.pop(c)
        n_cols = max(n_cols, col)
        rows.append(Row(cells=cells))
    return Table(rows=rows, n_cols=min(n_cols, MAX_COLS))


def set_depths(table: Table, depth: int) -> None:
    """Each table's nesting depth (0: in the body), down through its cells."""
    table.depth = depth
    for cell in table.cells():
        for nested in cell.tables:
            set_depths(nested, depth + 1)
