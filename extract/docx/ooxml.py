"""WordprocessingML names the DOCX reader walks by, its bounds, and the
context of one walk (what it needs from the package, what it noticed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """``w:tag`` as lxml names it."""
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = map(
    w, ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
T, TAB, BR, CR, PTAB, NBHYPHEN, SOFTHYPHEN, SYM = map(
    w, ("t", "tab", "br", "cr", "ptab", "noBreakHyphen", "softHyphen", "sym")
)
DEL, DEL_TEXT, INSTR_TEXT, DEL_INSTR, FLD_CHAR, FLD_SIMPLE = map(
    w, ("del", "delText", "instrText", "delInstrText", "fldChar", "fldSimple")
)
HYPERLINK, TXBX_CONTENT, PPR, RPR, TCPR, TRPR = map(
    w, ("hyperlink", "txbxContent", "pPr", "rPr", "tcPr", "trPr")
)
SECT_PR, ALT_CHUNK, MOVE_FROM = w("sectPr"), w("altChunk"), w("moveFrom")
# Parts of a paragraph that hold no body text of their own.
SKIP_INLINE = {DEL, DEL_TEXT, DEL_INSTR, PPR, RPR, MOVE_FROM, w("commentReference"),
                w("footnoteReference"), w("endnoteReference"), w("lastRenderedPageBreak")}
MC_ALT, MC_CHOICE, MC_FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
R_ID = f"{{{R}}}id"
W_VAL = w("val")

MAX_DEPTH = 32  # nesting of tables / content controls followed before bounding
MAX_COLS = 512  # Word itself allows 63
MAX_SPAN = MAX_COLS

HYPERLINK_INSTR = re.compile(r'^\s*HYPERLINK\s+(?:\\[a-z]\s+\S+\s+)*"([^"]*)"(?:\s+\\l\s+"([^"]*)")?', re.I)
HEADING_NAME = re.compile(r"^(?:heading|заголовок|тақырып)\s*(\d)$", re.I)


@dataclass(slots=True)
class Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None
    bold: bool | None = None


@dataclass
class WalkContext:
    """What the walk needs from the package, and what it noticed."""

    links: dict[str, str]
    styles: dict[str, Style]
    notes: list[str] = field(default_factory=list)
    depth_warned: bool = False

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


def is_on(el) -> bool:
    """A toggle property (w:b, w:i ...) is on unless its val says otherwise."""
    return el.get(W_VAL, "true").lower() not in ("0", "false", "off", "none")
