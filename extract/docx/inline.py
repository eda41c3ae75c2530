"""A DOCX paragraph: its text, hyperlinks, text boxes, boldness and heading level.

``Inline`` collects a paragraph in one pass: runs, tracked insertions,
smart tags, inline content controls, simple and complex HYPERLINK fields
(deletions and field instructions skipped, hidden text left out); text
boxes are handed back so the body walk makes them paragraphs of their own
(one copy: ``mc:Choice``, never its ``mc:Fallback`` twin).
"""

from __future__ import annotations

import re

from esep.extract.docx.ooxml import (
    BR, CR, DEL_INSTR, DEL_TEXT, FLD_CHAR, FLD_SIMPLE, HEADING_NAME, HYPERLINK, HYPERLINK_INSTR, INSTR_TEXT,
    MAX_DEPTH, MC_ALT, MC_CHOICE, MC_FALLBACK, NBHYPHEN, P, PPR, PTAB, R_ID, RPR, SKIP_INLINE, SOFTHYPHEN, SYM,
    T, TAB, TBL, TXBX_CONTENT, W_VAL, WalkContext, is_on, w,
)
from esep.extract.model import Hyperlink, Paragraph


class Inline:
    """Collects a paragraph's text, hyperlinks and text boxes in one pass."""

    __slots__ = ("parts", "links", "boxes", "fields", "bold_runs", "plain_runs", "ctx")

    def __init__(self, ctx: WalkContext):
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
            if tag in SKIP_INLINE:
                continue
            if tag == w("r"):
                self._run(child, depth, bold_default)
            elif tag == HYPERLINK:
                start = len(self.parts)
                self.walk(child, depth + 1, bold_default)
                target = self.ctx.links.get(child.get(R_ID, ""), "")
                anchor = child.get(w("anchor"))
                if not target and anchor:
                    target = "#" + anchor
                if target:
                    self.links.append(Hyperlink(text=self.text_since(start).strip(), target=target))
            elif tag == FLD_SIMPLE:
                start = len(self.parts)
                self.walk(child, depth + 1, bold_default)
                m = HYPERLINK_INSTR.match(child.get(w("instr"), ""))
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
            b = rpr.find(w("b"))
            if b is not None:
                bold = is_on(b)
            if rpr.find(w("vanish")) is not None and is_on(rpr.find(w("vanish"))):
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
                if child.get(w("type")) != "page":
                    self._emit("\n")
            elif tag == NBHYPHEN:
                self._emit("-")
            elif tag == SYM:
                self._emit(_sym(child))
            elif tag == INSTR_TEXT:
                if self.fields and self.fields[-1][1] == "instr":
                    self.fields[-1][0] += child.text or ""
            elif tag == FLD_CHAR:
                self._fld_char(child.get(w("fldCharType")))
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
            m = HYPERLINK_INSTR.match(instr)
            if m and phase == "result":
                self.links.append(_field_link(m, self.text_since(start)))


def _field_link(m: re.Match, display: str) -> Hyperlink:
    target = m.group(1)
    if m.group(2):
        target = f"{target}#{m.group(2)}" if target else f"#{m.group(2)}"
    return Hyperlink(text=display.strip(), target=target)


def _sym(el) -> str:
    code = el.get(w("char"), "")
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # symbol-font private range: not text
        return ""
    return chr(value) if 0x20 <= value < 0x110000 and not 0xD800 <= value < 0xE000 else ""


def paragraph(p, ctx: WalkContext, depth: int) -> tuple[Paragraph, list]:
    style_id = None
    ppr = p.find(PPR)
    outline = None
    bold_default = False
    if ppr is not None:
        ps = ppr.find(w("pStyle"))
        if ps is not None:
            style_id = ps.get(W_VAL)
        lvl = ppr.find(w("outlineLvl"))
        if lvl is not None and (v := lvl.get(W_VAL, "")).isdigit():
            outline = int(v)
    style_name, style_outline, style_bold = _resolve_style(style_id, ctx)
    if style_bold:
        bold_default = True
    inline = Inline(ctx)
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


def _resolve_style(style_id: str | None, ctx: WalkContext) -> tuple[str, int | None, bool]:
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
    m = HEADING_NAME.match(style_name.strip())
    if m:
        return max(1, int(m.group(1)))
    if style_name.strip().lower() in ("title", "название", "заглавие"):
        return 1
    if outline is not None and 0 <= outline < 9:
        return outline + 1
    return None
