"""One PDF page -> tables (with cell text) and the lines outside them.

Per page, pdfplumber is asked once for the characters, once for the tables
(``find_tables`` with ``PdfSettings.ruled``) and once for the link
annotations.  Each character is then put into exactly one container: the
cell of the smallest table whose grid covers its centre (so a table nested
in a cell keeps its own text), or the page outside tables; the characters
outside ruled tables may still form tables without vertical rules
(``extract.pdf.borderless.find``).  Lookups are a
bisection on the table's column and row boundaries, so the work is about
linear in the number of characters.  The tables as found (cells on a grid,
merged cells) are ``extract.pdf.page_tables``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from esep.extract.model import Hyperlink, Table
from esep.extract.pdf.borderless.find import find_borderless
from esep.extract.pdf.clip import clipped_text
from esep.extract.pdf.glyph_lines import Line, build_lines
from esep.extract.pdf.glyphs import Glyph, dominant_rotation, to_glyphs
from esep.extract.pdf.links import page_links
from esep.extract.pdf.page_tables import PTable, contains, make_grid
from esep.extract.pdf.paragraph_breaks import page_gap_limit
from esep.extract.pdf.settings import PdfSettings
from esep.extract.pdf.text import join_lines

# How many runs of clipped (invisible) text a page's note quotes.
CLIPPED_IN_NOTE = 5


@dataclass
class PageData:
    """What phase 1 keeps of a page: small, no pdfplumber objects."""

    number: int
    width: float
    height: float
    lines: list[Line]  # text outside tables, top to bottom
    tables: list[PTable]  # top-level tables, top to bottom
    link_targets: list[str]
    pitch_limit: float
    notes: list[str] = field(default_factory=list)
    orphan_links: int = 0  # links over no text and no cell
    turned: int = 0  # degrees the page was turned to read its sideways text (extract.pdf.unturn)
    shown_size: tuple[float, float] | None = None  # the page's width and height as shown, when turned


def upright_page(pdf, page, settings: PdfSettings):
    """A copy of ``page`` turned so that most of its text is upright, or None.

    pdfplumber applies /Rotate, so a page whose content is drawn sideways
    and then turned upright by /Rotate needs nothing.  This is for the
    opposite case: text that still runs vertically after /Rotate (a
    landscape table put on a portrait page without /Rotate, or a wrong
    /Rotate).  The copy is parsed again with a corrected /Rotate.
    """
    extra = dominant_rotation(page.chars, settings.text.sideways_share)
    if not extra:
        return None, 0
    from esep.extract.pdf.objects import FastCharPage

    po = page.page_obj
    rot = (page.rotation + extra) % 360
    po.attrs = dict(po.attrs)
    po.attrs["Rotate"] = rot
    po.rotate = rot
    return FastCharPage(pdf, po, page_number=page.page_number, initial_doctop=page.initial_doctop), extra


def read_page(page, page_no: int, carry=None, *, settings: PdfSettings) -> PageData:
    """Phase 1 for one (upright) pdfplumber page.  ``carry``: the columns of
    a borderless table the previous page left open (``extract.pdf.borderless.carry``)."""
    chars = page.chars
    found = page.find_tables(settings.ruled.finder_settings())
    slack, text = settings.text.link_slack, settings.text
    raw_links = page_links(page) if page.page_obj.annots else []
    targets = [lk[4] for lk in raw_links]

    px0, ptop, px1, pbottom = page.bbox
    glyphs = [
        g
        for g in to_glyphs(chars)
        if px0 - 1 <= (g.x0 + g.x1) / 2 <= px1 + 1 and ptop - 1 <= (g.top + g.bottom) / 2 <= pbottom + 1
    ]

    tables = [make_grid(page_no, list(t.cells), settings.ruled.grid_tolerance) for t in found if t.cells]
    # smallest first: a nested table claims its characters before its parent
    tables.sort(key=lambda t: (t.x1 - t.x0) * (t.bottom - t.top))
    for t in tables:
        t.glyphs = [[] for _ in t.cells]

    # link rectangles, bucketed by 20 pt bands of the page
    buckets: dict[int, list[int]] = {}
    for i, (x0, top, x1, bottom, _uri) in enumerate(raw_links):
        for band in range(int((top - slack) // 20), int((bottom + slack) // 20) + 1):
            buckets.setdefault(band, []).append(i)

    outside: list[Glyph] = []
    for g in glyphs:
        cx = (g.x0 + g.x1) / 2
        cy = (g.top + g.bottom) / 2
        if buckets:
            for i in buckets.get(int(cy // 20), ()):
                x0, top, x1, bottom, _ = raw_links[i]
                if x0 - slack <= cx <= x1 + slack and top - slack <= cy <= bottom + slack:
                    g.link = i
                    break
        for t in tables:
            if t.x0 <= cx < t.x1 and t.top <= cy < t.bottom:
                idx = t.lookup(cx, cy)
                if idx >= 0:
                    t.glyphs[idx].append(g)
                    break
        else:
            outside.append(g)
    found = find_borderless(page_no, outside, page.horizontal_edges, [(t.x0, t.top, t.x1, t.bottom) for t in tables], carry, settings)
    tables.extend(found.tables)
    outside = found.rest

    # lines everywhere first: the page's normal line pitch decides paragraph gaps
    cell_lines: list[list[list[Line]]] = [[build_lines(gs, text) for gs in t.glyphs] for t in tables]
    out_lines = build_lines(outside, text, tabs=True)
    limit = page_gap_limit(out_lines, cell_lines, text)

    covered_links: set[int] = set()
    for t, per_table in zip(tables, cell_lines):
        for cell, lines in zip(t.cells, per_table):
            if not lines:
                continue
            txt = join_lines(lines, limit, text, targets, box=(cell.x0, cell.x1))
            cell.text = txt.text
            cell.set_lines(txt, lines)
            cell.first_link = targets[txt.first_link] if txt.first_link >= 0 else None
            cell.last_link = targets[txt.last_link] if txt.last_link >= 0 else None
            for idx, disp in txt.links:
                cell.links.append(Hyperlink(text=disp, target=targets[idx]))
            for ln in lines:
                covered_links.update(ln.link_text)
        t.glyphs = []
    for ln in out_lines:
        covered_links.update(ln.link_text)

    # links over no text: keep them on the cell under their centre
    orphans = 0
    for i, (x0, top, x1, bottom, uri) in enumerate(raw_links):
        if i in covered_links:
            continue
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        for t in tables:
            idx = t.lookup(cx, cy)
            if idx >= 0:
                t.cells[idx].links.append(Hyperlink(text="", target=uri))
                break
        else:
            orphans += 1

    # nesting: attach each table to the cell of the smallest table containing it
    top_level: list[PTable] = []
    for i, t in enumerate(tables):
        parent = None
        for j in range(i + 1, len(tables)):
            if contains(tables[j], t):
                idx = tables[j].lookup((t.x0 + t.x1) / 2, (t.top + t.bottom) / 2)
                if idx >= 0:
                    parent = (j, idx)
                    break
        if parent is None:
            top_level.append(t)
        else:
            t.parent = parent
    # convert nested tables innermost first (they are the smaller ones)
    depth_of: dict[int, int] = {}

    def depth(i: int) -> int:
        if i not in depth_of:
            p = tables[i].parent
            depth_of[i] = 0 if p is None else depth(p[0]) + 1
        return depth_of[i]

    children: dict[tuple[int, int], list[tuple[float, float, Table]]] = {}
    for i, t in enumerate(tables):  # ascending area: children before parents
        if t.parent is not None:
            children.setdefault(t.parent, []).append((t.top, t.x0, t.to_model(depth(i))))
            j, idx = t.parent
            kids = sorted(children[t.parent], key=lambda k: (k[0], k[1]))
            tables[j].cells[idx].tables = [k[2] for k in kids]
    top_level.sort(key=lambda t: (t.top, t.x0))
    return PageData(
        number=page_no,
        width=float(page.width),
        height=float(page.height),
        lines=out_lines,
        tables=top_level,
        link_targets=targets,
        pitch_limit=limit,
        notes=_clipped_notes(page, page_no),
        orphan_links=orphans,
    )


def _clipped_notes(page, page_no: int) -> list[str]:
    """A note on the text the page draws outside its clipping path (``extract.pdf.clip``)."""
    clipped = list(getattr(page, "clipped_chars", ()))
    n_ink = sum(1 for ch in clipped if not ch.text.isspace())
    if not n_ink:
        return []
    runs = clipped_text(clipped)
    shown = ", ".join(f"«{r[:40]}»" for r in runs[:CLIPPED_IN_NOTE])
    more = f" and {len(runs) - CLIPPED_IN_NOTE} more" if len(runs) > CLIPPED_IN_NOTE else ""
    return [
        f"Page {page_no}: left out {n_ink} character(s) drawn outside their clipping area "
        f"(not visible): {shown}{more}."
    ]

