"""Tables of a variant: columns in any order, one or two header rows, the layout's rules.

A table is described as a list of ``Column``s (key, header label, relative
width, an optional group label for a two-level header such as «Индикаторы»
over «план | факт») and rows of ``{column key: Cell}``; ``build_table`` puts
the columns in the layout's order, writes the header rows (repeated on every
page or not), marks rows that may not break across pages, and scales the
widths to the page.  Full-width rows (a task row across the table) are
``FullRow``s.
"""

from __future__ import annotations

from dataclasses import dataclass

from docmodel import C, CONT, Cell, R, T, Table

from variants.layout import Layout

PORTRAIT_WIDTH_CM = 16.5
LANDSCAPE_WIDTH_CM = 25.2


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float  # relative
    group: str | None = None  # a label spanning this column and its group neighbours


@dataclass
class FullRow:
    """A row merged across the whole table (a task row, a divider)."""

    cell: Cell


def header_cell(*lines, **kw) -> Cell:
    return C(*lines, bold=True, align="center", **kw)


def ordered(columns: list[Column], order: tuple[str, ...] | None) -> list[Column]:
    """``columns`` in ``order`` (keys); keys not named keep their place at the end."""
    if not order:
        return columns
    by_key = {c.key: c for c in columns}
    out = [by_key[k] for k in order if k in by_key]
    return out + [c for c in columns if c.key not in order]


def page_width(layout: Layout) -> float:
    return LANDSCAPE_WIDTH_CM if layout.format == "pdf_landscape" else PORTRAIT_WIDTH_CM


def build_table(columns: list[Column], rows: list, layout: Layout, *, order: tuple[str, ...] | None = None,
                font_size: float | None = None, header: bool = True) -> Table:
    cols = ordered(columns, order if layout.column_order == "shuffled" else None)
    total = sum(c.width for c in cols)
    widths = [round(c.width / total * page_width(layout), 2) for c in cols]
    repeat = layout.header_repeat == "yes"
    body_split = layout.split_rows == "no"
    out_rows = _header_rows(cols, repeat) if header else []
    for row in rows:
        if isinstance(row, FullRow):
            cell = row.cell
            cell.span = len(cols)
            out_rows.append(R(cell))
        else:
            cells = [row.get(c.key) or C("") for c in cols]
            out_rows.append(R(*cells))
        out_rows[-1].cant_split = body_split
    size = font_size or (8.5 if layout.borders == "rules" else 10)
    return T(widths, out_rows, font_size=size, borders=layout.borders)


def _header_rows(cols: list[Column], repeat: bool) -> list:
    groups = [c.group for c in cols]
    if not any(groups):
        return [R(*[header_cell(c.label) for c in cols], header=repeat)]
    top, bottom = [], []
    i = 0
    while i < len(cols):
        g = cols[i].group
        if g is None:
            top.append(header_cell(cols[i].label, vmerge="restart"))
            bottom.append(CONT())
            i += 1
            continue
        j = i
        while j < len(cols) and cols[j].group == g:
            bottom.append(header_cell(cols[j].label))
            j += 1
        top.append(header_cell(g, span=j - i))
        i = j
    return [R(*top, header=repeat), R(*bottom, header=repeat)]


def merged_down(cells_by_row: list[dict], key: str, starts: set[int], texts: dict[int, Cell]) -> None:
    """Put a vertically merged cell in column ``key``: ``texts[r]`` at each start row, continued below."""
    for r, row in enumerate(cells_by_row):
        if isinstance(row, FullRow):
            continue
        if r in starts:
            cell = texts[r]
            cell.vmerge = "restart"
            row[key] = cell
        else:
            row[key] = CONT()


def lines(text: str | None) -> list[str]:
    """A cell's paragraphs from a text with ``\\n`` between them."""
    return (text or "").split("\n")
