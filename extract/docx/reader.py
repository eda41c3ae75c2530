"""DOCX -> Document, walking python-docx's lxml tree ourselves.

python-docx's high-level API loses content here (PRIOR_ART.md §4): merged
cells come back once per grid position, content controls and text boxes
vanish, vMerge is quadratic.  So python-docx only opens the package (parts,
relationships, styles) and this module walks ``w:body`` in order:

* ``w:p`` -> Paragraph (runs, tracked insertions, smart tags, inline
  content controls, simple and complex HYPERLINK fields; deletions and
  field instructions skipped); text boxes become their own paragraphs
  right after the paragraph that anchors them (one copy: ``mc:Choice``,
  never its ``mc:Fallback`` twin);
* ``w:tbl`` -> Table with ``gridSpan``/``vMerge`` resolved so that a merged
  cell appears once with its spans; nested tables stay inside their cell;
* ``w:sdt``, ``w:customXml`` -> their content, in place.

Headers, footers, footnotes and comments live in other parts and are never
read into the body.  External relationships (linked templates, images,
``altChunk`` subdocuments) are never followed: a hyperlink's target is
recorded as text, nothing is fetched.

Hostile input: the container passes ``check_zip`` first; then any
XML part that declares a DTD (``<!DOCTYPE``, which Word never writes) is
refused before python-docx parses anything, so no entity (XXE, billion
laughs), external DTD or attribute default can play a part.  python-docx's
own parser loads no DTD, uses no network and does no XInclude; its limits
(256 levels of nesting, 10 MB text nodes) end as ``LimitExceeded``.

This module opens the package and walks the body; the rest of the room:
``safety`` (the DTD refusal, the parser's limits), ``package`` (link
targets, styles, core properties), ``inline`` (a paragraph), ``grid`` (a
table and its merge grid), ``ooxml`` (the names walked by, the bounds, the
walk's context).
"""

from __future__ import annotations

import os

from esep.extract.archive.guard import check_zip
from esep.extract.docx.grid import CellContent, read_table, set_depths
from esep.extract.docx.inline import paragraph
from esep.extract.docx.ooxml import (
    ALT_CHUNK, CUSTOM_XML, MAX_DEPTH, MC_ALT, MC_CHOICE, MC_FALLBACK, P, SDT, SDT_CONTENT, TBL, WalkContext, w,
)
from esep.extract.docx.package import core_metadata, external_links, styles
from esep.extract.docx.safety import refuse_dtds, xml_limit
from esep.extract.errors import CorruptFile, ExtractError, LimitExceeded, UnsupportedFormat
from esep.extract.model import Document, Hyperlink, Table


# --------------------------------------------------------------------- opening


def read_docx(path: str | os.PathLike) -> Document:
    check_zip(path)
    refuse_dtds(path)
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            package = docx.Document(os.fspath(path))
        except PackageNotFoundError:
            raise CorruptFile(path, "not a readable Word package") from None
        except ValueError as exc:  # e.g. a macro-enabled or template content type
            raise UnsupportedFormat(path, f"not a Word document ({exc})") from None
        body = package.element.body
        ctx = WalkContext(links=external_links(package.part), styles=styles(package))
        blocks: list = []
        walk_body(body, ctx, blocks, depth=0)
        for block in blocks:
            if isinstance(block, Table):
                set_depths(block, 0)
        metadata = core_metadata(package)
    except ExtractError:
        raise
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # lxml syntax errors, missing parts, broken rels ...
        limit = xml_limit(exc)
        if limit:
            raise LimitExceeded(path, limit) from None
        raise CorruptFile(path, f"damaged Word document ({type(exc).__name__}: {exc})") from None
    return Document(
        path=os.fspath(path),
        source_format="docx",
        blocks=blocks,
        page_count=None,
        notes=ctx.notes,
        metadata=metadata,
    )


# --------------------------------------------------------------------- body walk


def walk_body(parent, ctx: WalkContext, out: list, depth: int) -> None:
    """Append the blocks under ``parent`` (body, sdtContent, cell) to ``out``."""
    if depth > MAX_DEPTH:
        ctx.note(f"content nested deeper than {MAX_DEPTH} levels was not read")
        return
    for child in parent:
        tag = child.tag
        if tag == P:
            para, boxes = paragraph(child, ctx, depth)
            out.append(para)
            for box in boxes:
                walk_body(box, ctx, out, depth + 1)
        elif tag == TBL:
            out.append(read_table(child, ctx, depth, cell_content))
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                walk_body(content, ctx, out, depth + 1)
        elif tag in (CUSTOM_XML, w("ins"), MC_ALT) or tag == MC_CHOICE:
            if tag == MC_ALT:
                choice = child.find(MC_CHOICE)
                target = choice if choice is not None else child.find(MC_FALLBACK)
                if target is not None:
                    walk_body(target, ctx, out, depth + 1)
            else:
                walk_body(child, ctx, out, depth + 1)
        elif tag == ALT_CHUNK:
            ctx.note("an embedded altChunk sub-document was not followed")


def cell_content(tc, ctx: WalkContext, depth: int) -> CellContent:
    """What a table cell holds: its paragraphs' text and links, its nested tables."""
    blocks: list = []
    walk_body(tc, ctx, blocks, depth + 1)
    texts: list[str] = []
    links: list[Hyperlink] = []
    nested: list[Table] = []
    bold_paras = plain_paras = 0
    for block in blocks:
        if isinstance(block, Table):
            nested.append(block)
        else:
            texts.append(block.text)
            links.extend(block.links)
            if block.text.strip():
                if block.bold:
                    bold_paras += 1
                else:
                    plain_paras += 1
    # Word always ends a cell with a paragraph; a trailing empty one is not content.
    while texts and not texts[-1].strip():
        texts.pop()
    return CellContent("\n".join(texts), links, nested, bold_paras > 0 and plain_paras == 0)
