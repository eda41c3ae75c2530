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

Hostile input: the container passes ``zipguard.check_zip`` first; then any
XML part that declares a DTD (``<!DOCTYPE``, which Word never writes) is
refused before python-docx parses anything, so no entity (XXE, billion
laughs), external DTD or attribute default can play a part.  python-docx's
own parser loads no DTD, uses no network and does no XInclude; its limits
(256 levels of nesting, 10 MB text nodes) end as ``LimitExceeded``.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field

from esep.extract.errors import CorruptFile, ExtractError, LimitExceeded, UnsupportedFormat
from esep.extract.model import Cell, Document, Hyperlink, Paragraph, Row, Table
from esep.extract.archive.guard import check_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = map(
    _w, ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
T, TAB, BR, CR, PTAB, NBHYPHEN, SOFTHYPHEN, SYM = map(
    _w, ("t", "tab", "br", "cr", "ptab", "noBreakHyphen", "softHyphen", "sym")
)
DEL, DEL_TEXT, INSTR_TEXT, DEL_INSTR, FLD_CHAR, FLD_SIMPLE = map(
    _w, ("del", "delText", "instrText", "delInstrText", "fldChar", "fldSimple")
)
HYPERLINK, TXBX_CONTENT, PPR, RPR, TCPR, TRPR = map(
    _w, ("hyperlink", "txbxContent", "pPr", "rPr", "tcPr", "trPr")
)
SECT_PR, ALT_CHUNK, MOVE_FROM = _w("sectPr"), _w("altChunk"), _w("moveFrom")
# Parts of a paragraph that hold no body text of their own.
_SKIP_INLINE = {DEL, DEL_TEXT, DEL_INSTR, PPR, RPR, MOVE_FROM, _w("commentReference"),
                _w("footnoteReference"), _w("endnoteReference"), _w("lastRenderedPageBreak")}
MC_ALT, MC_CHOICE, MC_FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
R_ID = f"{{{R}}}id"
W_VAL = _w("val")

MAX_DEPTH = 32  # nesting of tables / content controls followed before bounding
MAX_COLS = 512  # Word itself allows 63
MAX_SPAN = MAX_COLS

_HYPERLINK_INSTR = re.compile(r'^\s*HYPERLINK\s+(?:\\[a-z]\s+\S+\s+)*"([^"]*)"(?:\s+\\l\s+"([^"]*)")?', re.I)
_HEADING_NAME = re.compile(r"^(?:heading|заголовок|тақырып)\s*(\d)$", re.I)


@dataclass(slots=True)
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None
    bold: bool | None = None


@dataclass
class _Ctx:
    """What the walk needs from the package, and what it noticed."""

    links: dict[str, str]
    styles: dict[str, _Style]
    notes: list[str] = field(default_factory=list)
    depth_warned: bool = False

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


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
        ctx = _Ctx(links=_external_links(package.part), styles=_styles(package))
        blocks: list = []
        _walk_body(body, ctx, blocks, depth=0)
        for block in blocks:
            if isinstance(block, Table):
                _set_depths(block, 0)
        metadata = _core_metadata(package)
    except ExtractError:
        raise
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # lxml syntax errors, missing parts, broken rels ...
        limit = _xml_limit(exc)
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


class _PrologEnd(Exception):
    def __init__(self, doctype: bool):
        self.doctype = doctype


class _PrologTarget:
    """lxml parser target that stops at the DOCTYPE or at the root element."""

    def doctype(self, *_args) -> None:
        raise _PrologEnd(True)

    def start(self, *_args) -> None:
        raise _PrologEnd(False)

    def end(self, _tag) -> None: ...
    def data(self, _data) -> None: ...
    def comment(self, _text) -> None: ...
    def pi(self, *_args) -> None: ...
    def close(self) -> None: ...


def _declares_dtd(member) -> bool:
    """Does this ZIP member start as XML with a DOCTYPE?  Reads only its
    prolog (up to the root element); what is not XML is left to python-docx."""
    from lxml import etree

    first = member.read(1 << 16)
    if not first.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and not first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    parser = etree.XMLParser(
        target=_PrologTarget(), resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        chunk = first
        while chunk:
            parser.feed(chunk)
            chunk = member.read(1 << 16)
        parser.close()
    except _PrologEnd as end:
        return end.doctype
    except Exception:  # not XML after all, or broken: python-docx judges it
        return False
    return False


def refuse_dtds(path) -> None:
    """Refuse a package any of whose XML parts declares a DTD."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                with zf.open(info) as member:
                    if _declares_dtd(member):
                        raise CorruptFile(
                            path,
                            f"XML part {info.filename!r} declares a DTD (<!DOCTYPE>), which Word never "
                            "writes: refused",
                        )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise CorruptFile(path, f"damaged ZIP container ({exc})") from None


def _xml_limit(exc: BaseException) -> str | None:
    """The reason to report when lxml stopped at one of its limits."""
    if type(exc).__name__ != "XMLSyntaxError":
        return None
    msg = str(exc)
    if "Excessive depth" in msg:
        return "XML nested deeper than 256 levels (the parser's limit)"
    if "Resource limit exceeded" in msg or "huge" in msg.lower():
        return "an XML text or attribute larger than 10 MB (the parser's limit)"
    if "amplification" in msg:
        return "XML entities expand past the parser's limit"
    return None


def _external_links(part) -> dict[str, str]:
    links = {}
    for rid, rel in part.rels.items():
        if rel.reltype.endswith("/hyperlink"):
            try:
                links[rid] = rel.target_ref
            except Exception:  # pragma: no cover - a broken relationship
                continue
    return links


def _styles(package) -> dict[str, _Style]:
    out: dict[str, _Style] = {}
    try:
        root = package.styles.element
    except Exception:
        return out
    for st in root.iter(_w("style")):
        sid = st.get(_w("styleId"))
        if not sid:
            continue
        s = _Style()
        name = st.find(_w("name"))
        s.name = name.get(W_VAL, "") if name is not None else ""
        based = st.find(_w("basedOn"))
        s.based_on = based.get(W_VAL) if based is not None else None
        lvl = st.find(f"{PPR}/{_w('outlineLvl')}")
        if lvl is not None and (v := lvl.get(W_VAL, "")).isdigit():
            s.outline = int(v)
        b = st.find(f"{RPR}/{_w('b')}")
        if b is not None:
            s.bold = _on(b)
        out[sid] = s
    return out


def _core_metadata(package) -> dict[str, str]:
    meta: dict[str, str] = {}
    try:
        cp = package.core_properties
        for key in ("title", "author", "last_modified_by"):
            value = getattr(cp, key, None)
            if value:
                meta[key] = str(value)[:500]
        for key in ("created", "modified"):
            value = getattr(cp, key, None)
            if value:
                meta[key] = value.isoformat()
    except Exception:  # core properties are optional and often malformed
        pass
    return meta


def _on(el) -> bool:
    """A toggle property (w:b, w:i ...) is on unless its val says otherwise."""
    return el.get(W_VAL, "true").lower() not in ("0", "false", "off", "none")


# --------------------------------------------------------------------- body walk


def _walk_body(parent, ctx: _Ctx, out: list, depth: int) -> None:
    """Append the blocks under ``parent`` (body, sdtContent, cell) to ``out``."""
    if depth > MAX_DEPTH:
        ctx.note(f"content nested deeper than {MAX_DEPTH} levels was not read")
        return
    for child in parent:
        tag = child.tag
        if tag == P:
            para, boxes = _paragraph(child, ctx, depth)
            out.append(para)
            for box in boxes:
                _walk_body(box, ctx, out, depth + 1)
        elif tag == TBL:
            out.append(_table(child, ctx, depth))
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _walk_body(content, ctx, out, depth + 1)
        elif tag in (CUSTOM_XML, _w("ins"), MC_ALT) or tag == MC_CHOICE:
            if tag == MC_ALT:
                choice = child.find(MC_CHOICE)
                target = choice if choice is not None else child.find(MC_FALLBACK)
                if target is not None:
                    _walk_body(target, ctx, out, depth + 1)
            else:
                _walk_body(child, ctx, out, depth + 1)
        elif tag == ALT_CHUNK:
            ctx.note("an embedded altChunk sub-document was not followed")


# ----------------------------------------------------------------- paragraphs


class _Inline:
    """Collects a paragraph's text, hyperlinks and text boxes in one pass."""

    __slots__ = ("parts", "links", "boxes", "fields", "bold_runs", "plain_runs", "ctx")

    def __init__(self, ctx: _Ctx):
        self.parts: list[str] = []
        self.links: list[Hyperlink] = []
        self.boxes: list = []
        # complex-field stack: [instruction, phase ('instr'|'result'), start index in parts]
        self.fields: list[list] = []
        self.bold_runs = 0
        self.plain_runs = 0
        self.ctx = ctx

    def text_since(self, start: int) -> str:
        return "".join(self.parts[start:])

    def walk(self, el, depth: int, bold_default: bool) -> None:
        if depth > MAX_DEPTH:
            self.ctx.note(f"content nested deeper than {MAX_DEPTH} levels was not read")
            return
        for child in el:
            tag = child.tag
            if tag in _SKIP_INLINE:
                continue
            if tag == _w("r"):
                self._run(child, depth, bold_default)
            elif tag == HYPERLINK:
                start = len(self.parts)
                self.walk(child, depth + 1, bold_default)
                target = self.ctx.links.get(child.get(R_ID, ""), "")
                anchor = child.get(_w("anchor"))
                if not target and anchor:
                    target = "#" + anchor
                if target:
                    self.links.append(Hyperlink(text=self.text_since(start).strip(), target=target))
            elif tag == FLD_SIMPLE:
                start = len(self.parts)
                self.walk(child, depth + 1, bold_default)
                m = _HYPERLINK_INSTR.match(child.get(_w("instr"), ""))
                if m:
                    self.links.append(_field_link(m, self.text_since(start)))
            elif tag == MC_ALT:
                choice = child.find(MC_CHOICE)
                target = choice if choice is not None else child.find(MC_FALLBACK)
                if target is not None:
                    self.walk(target, depth + 1, bold_default)
            elif tag == TXBX_CONTENT:
                self.boxes.append(child)
            elif tag in (P, TBL):  # a paragraph inside a drawing: handled through txbxContent
                continue
            else:  # w:ins, w:smartTag, w:sdt/w:sdtContent, w:customXml, drawings, ...
                self.walk(child, depth + 1, bold_default)

    def _run(self, run, depth: int, bold_default: bool) -> None:
        rpr = run.find(RPR)
        bold = bold_default
        if rpr is not None:
            b = rpr.find(_w("b"))
            if b is not None:
                bold = _on(b)
            if rpr.find(_w("vanish")) is not None and _on(rpr.find(_w("vanish"))):
                return  # hidden text is not shown to the reader of the report
        had_text = False
        for child in run:
            tag = child.tag
            if tag == T:
                if child.text:
                    self._emit(child.text)
                    had_text = had_text or bool(child.text.strip())
            elif tag == TAB or tag == PTAB:
                self._emit("\t")
            elif tag in (BR, CR):
                if child.get(_w("type")) != "page":
                    self._emit("\n")
            elif tag == NBHYPHEN:
                self._emit("-")
            elif tag == SYM:
                self._emit(_sym(child))
            elif tag == INSTR_TEXT:
                if self.fields and self.fields[-1][1] == "instr":
                    self.fields[-1][0] += child.text or ""
            elif tag == FLD_CHAR:
                self._fld_char(child.get(_w("fldCharType")))
            elif tag in (DEL_TEXT, DEL_INSTR, RPR, SOFTHYPHEN):
                continue
            else:  # drawings, pictures, embedded objects: look for text boxes
                self.walk((child,), depth + 1, bold_default)
        if had_text:
            if bold:
                self.bold_runs += 1
            else:
                self.plain_runs += 1

    def _emit(self, text: str) -> None:
        if self.fields and self.fields[-1][1] == "instr":
            return  # text inside a field instruction is not shown
        self.parts.append(text)

    def _fld_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(["", "instr", len(self.parts)])
        elif kind == "separate" and self.fields:
            self.fields[-1][1] = "result"
            self.fields[-1][2] = len(self.parts)
        elif kind == "end" and self.fields:
            instr, phase, start = self.fields.pop()
            m = _HYPERLINK_INSTR.match(instr)
            if m and phase == "result":
                self.links.append(_field_link(m, self.text_since(start)))


def _field_link(m: re.Match, display: str) -> Hyperlink:
    target = m.group(1)
    if m.group(2):
        target = f"{target}#{m.group(2)}" if target else f"#{m.group(2)}"
    return Hyperlink(text=display.strip(), target=target)


def _sym(el) -> str:
    code = el.get(_w("char"), "")
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # symbol-font private range: not text
        return ""
    return chr(value) if 0x20 <= value < 0x110000 and not 0xD800 <= value < 0xE000 else ""


def _paragraph(p, ctx: _Ctx, depth: int) -> tuple[Paragraph, list]:
    style_id = None
    ppr = p.find(PPR)
    outline = None
    bold_default = False
    if ppr is not None:
        ps = ppr.find(_w("pStyle"))
        if ps is not None:
            style_id = ps.get(W_VAL)
        lvl = ppr.find(_w("outlineLvl"))
        if lvl is not None and (v := lvl.get(W_VAL, "")).isdigit():
            outline = int(v)
    style_name, style_outline, style_bold = _resolve_style(style_id, ctx)
    if style_bold:
        bold_default = True
    inline = _Inline(ctx)
    inline.walk(p, depth, bold_default)
    text = "".join(inline.parts)
    level = _heading_level(style_name, outline if outline is not None else style_outline)
    para = Paragraph(
        text=text,
        heading_level=level,
        bold=inline.bold_runs > 0 and inline.plain_runs == 0,
        style=style_name or None,
        links=inline.links,
    )
    return para, inline.boxes


def _resolve_style(style_id: str | None, ctx: _Ctx) -> tuple[str, int | None, bool]:
    """Name, outline level and boldness of a paragraph style, following basedOn.

    The chain is bounded (a cycle in style inheritance stops, it does not loop).
    """
    name, outline, bold = "", None, None
    seen: set[str] = set()
    sid = style_id
    while sid and sid not in seen and len(seen) < 20:
        seen.add(sid)
        st = ctx.styles.get(sid)
        if st is None:
            break
        if not name:
            name = st.name
        if outline is None:
            outline = st.outline
        if bold is None:
            bold = st.bold
        sid = st.based_on
    return name, outline, bool(bold)


def _heading_level(style_name: str, outline: int | None) -> int | None:
    m = _HEADING_NAME.match(style_name.strip())
    if m:
        return max(1, int(m.group(1)))
    if style_name.strip().lower() in ("title", "название", "заглавие"):
        return 1
    if outline is not None and 0 <= outline < 9:
        return outline + 1
    return None


# --------------------------------------------------------------------- tables


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


def _table(tbl, ctx: _Ctx, depth: int) -> Table:
    grid_cols = len(tbl.findall(f"{_w('tblGrid')}/{_w('gridCol')}"))
    width_cap = min(max(grid_cols, 1), MAX_COLS) if grid_cols else MAX_COLS
    rows: list[Row] = []
    open_v: dict[int, Cell] = {}  # grid column -> anchor of a running vertical merge
    n_cols = grid_cols
    for r, tr in enumerate(_iter_flat(tbl, TR)):
        trpr = tr.find(TRPR)
        col = _int_attr(trpr.find(_w("gridBefore")) if trpr is not None else None)
        col = min(max(col, 0), MAX_COLS)
        cells: list[Cell] = []
        touched: set[int] = set()
        for tc in _iter_flat(tr, TC):
            tcpr = tc.find(TCPR)
            span = _int_attr(tcpr.find(_w("gridSpan")) if tcpr is not None else None, 1)
            if span < 1:
                span = 1
            limit = max(width_cap - col, 1) if grid_cols else MAX_SPAN
            if span > limit:
                ctx.note(f"a gridSpan of {span} was bounded to the table's {max(grid_cols, col + 1)} columns")
                span = limit
            vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
            vstate = None
            if vmerge is not None:
                vstate = vmerge.get(W_VAL, "continue")
            anchor = open_v.get(col)
            if vstate == "continue" and anchor is not None and anchor.col_span == span:
                anchor.row_span = r - anchor.row + 1
                extra = _cell_content(tc, ctx, depth)
                if extra[0].strip():
                    # Word hides the text of a continued cell; keep it rather than lose it.
                    anchor.text = f"{anchor.text}\n{extra[0]}" if anchor.text else extra[0]
                    ctx.note("text inside a vertically merged (continued) cell was appended to the merged cell")
                touched.update(range(col, col + span))
            else:
                text, links, nested, bold = _cell_content(tc, ctx, depth)
                cell = Cell(text=text, row=r, col=col, col_span=span, links=links, tables=nested, bold=bold)
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


def _set_depths(table: Table, depth: int) -> None:
    table.depth = depth
    for cell in table.cells():
        for nested in cell.tables:
            _set_depths(nested, depth + 1)


def _cell_content(tc, ctx: _Ctx, depth: int) -> tuple[str, list[Hyperlink], list[Table], bool]:
    blocks: list = []
    _walk_body(tc, ctx, blocks, depth + 1)
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
    return "\n".join(texts), links, nested, bold_paras > 0 and plain_paras == 0
