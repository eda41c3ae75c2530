"""A readable text view of a Document (``esep dump``)."""

from __future__ import annotations

from esep.extract.model import Document, Paragraph, Table


def _one_line(text: str, width: int) -> str:
    flat = text.replace("\n", " ⏎ ").replace("\t", " ⇥ ")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _pages(pages) -> str:
    if not pages:
        return ""
    return "p." + ",".join(str(p) for p in pages)


def render_table(table: Table, indent: str = "", width: int = 100) -> list[str]:
    head = f"{indent}[table {table.index}] {table.n_rows} rows x {table.n_cols} cols"
    if table.pages:
        head += f"  {_pages(table.pages)}"
    if table.depth:
        head += f"  (nested, depth {table.depth})"
    lines = [head]
    for r, row in enumerate(table.rows):
        extra = []
        if row.fragments > 1:
            extra.append(f"stitched from {row.fragments} fragments")
        if row.pages and row.pages != table.pages:
            extra.append(_pages(row.pages))
        lines.append(f"{indent}  row {r}" + (f"  ({'; '.join(extra)})" if extra else ""))
        for cell in row.cells:
            span = ""
            if cell.row_span > 1 or cell.col_span > 1:
                span = f" span {cell.row_span}x{cell.col_span}"
            conf = f" conf={cell.confidence:.2f}" if cell.confidence is not None else ""
            lines.append(f"{indent}    c{cell.col}{span}{conf}: {_one_line(cell.text, width)}")
            for link in cell.links:
                lines.append(f"{indent}      link: {_one_line(link.text, 40)} -> {link.target}")
            for nested in cell.tables:
                lines.extend(render_table(nested, indent + "      ", width))
    return lines


def render_text(doc: Document, width: int = 100) -> str:
    pages = f", {doc.page_count} pages" if doc.page_count is not None else ""
    lines = [f"{doc.path} ({doc.source_format}{pages})"]
    for note in doc.notes:
        lines.append(f"note: {note}")
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if not block.text.strip():
                continue
            tags = []
            if block.page is not None:
                tags.append(f"p.{block.page}")
            if block.heading_level:
                tags.append(f"h{block.heading_level}")
            if block.bold:
                tags.append("bold")
            prefix = f"[{' '.join(tags)}] " if tags else ""
            lines.append(prefix + _one_line(block.text, width))
            for link in block.links:
                lines.append(f"    link: {_one_line(link.text, 40)} -> {link.target}")
        else:
            lines.extend(render_table(block, "", width))
    return "\n".join(lines)
