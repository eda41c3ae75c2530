"""A tiny document model for the sample reports.

The content modules (content_*.py) describe a report with these classes and
helper functions only; build.py turns the description into a .docx with
python-docx plus raw OXML.  Nothing here knows about python-docx.

Conventions
- A string given where a paragraph is expected becomes one paragraph.
- A table cell is a list of paragraphs: each line of a multi-line cell in
  the seed is its own paragraph.
- Merges are written the way Word stores them: ``span`` = w:gridSpan
  (horizontal), ``vmerge`` = w:vMerge "restart" on the first cell and
  "continue" on the cells below it (vertical).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None  # set: the run is a w:hyperlink to this target


@dataclass
class Para:
    runs: list[Run]
    bold: bool = False
    italic: bool = False
    align: str | None = None  # left | center | right | both
    size: float | None = None  # pt; None = the document's / table's size
    tab_cm: float | None = None  # one left tab stop
    first_indent_cm: float | None = None
    space_before: float | None = None  # pt
    space_after: float | None = None  # pt
    keep_next: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Cell:
    paras: list[Para]
    span: int = 1  # w:gridSpan
    vmerge: str | None = None  # "restart" | "continue"
    shade: str | None = None  # fill colour, hex


@dataclass
class Row:
    cells: list[Cell]
    header: bool = False  # w:tblHeader: repeat this row at the top of each page
    cant_split: bool = False  # w:cantSplit: never break this row across pages


@dataclass
class Table:
    widths_cm: list[float]  # the grid columns
    rows: list[Row]
    font_size: float | None = None
    # "grid": every cell ruled (Word's "Table Grid"); "rules": no vertical
    # rules, one rule under the header rows and one under the last row (a
    # borderless Word table as many grantees format it); "none": no rules.
    # True / False are read as "grid" / "none".
    borders: bool | str = True
    align: str = "left"  # table alignment on the page: left | center


@dataclass
class PageBreak:
    pass


@dataclass
class Document:
    blocks: list  # Para | Table | PageBreak
    title: str
    author: str
    created: str  # ISO date-time, fixed so that the build is deterministic
    language: str = "ru-RU"
    landscape: bool = False
    margins_cm: tuple = (2.0, 1.5, 2.0, 3.0)  # top, right, bottom, left
    font: str = "Times New Roman"
    size: float = 12
    default_align: str | None = None  # alignment of body paragraphs without one
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- helpers

def B(text: str) -> Run:
    return Run(text, bold=True)


def I(text: str) -> Run:  # noqa: E743 - short on purpose, like B
    return Run(text, italic=True)


def BI(text: str) -> Run:
    return Run(text, bold=True, italic=True)


def Link(url: str, text: str | None = None) -> Run:
    """A hyperlink; the shown text is the URL itself unless given."""
    return Run(url if text is None else text, url=url)


def P(*parts, **fmt) -> Para:
    """A paragraph from strings and Runs."""
    runs = [Run(p) if isinstance(p, str) else p for p in parts]
    return Para(runs or [Run("")], **fmt)


def _para(x, **fmt) -> Para:
    if isinstance(x, Para):
        return x
    if isinstance(x, Run):
        return Para([x], **fmt)
    return P(x, **fmt)


def C(*lines, span: int = 1, vmerge: str | None = None, shade: str | None = None, **fmt) -> Cell:
    """A cell; every positional argument is one paragraph (str, Run or Para).

    Keyword formatting (bold, italic, align, size) applies to the paragraphs
    made from strings/Runs here.
    """
    paras = [_para(x, **fmt) for x in lines] or [P("", **fmt)]
    return Cell(paras, span=span, vmerge=vmerge, shade=shade)


def CONT(span: int = 1) -> Cell:
    """The continuation of a vertically merged cell (w:vMerge without val)."""
    return Cell([P("")], span=span, vmerge="continue")


def R(*cells: Cell, header: bool = False) -> Row:
    return Row(list(cells), header=header)


def T(widths_cm, rows, **kw) -> Table:
    return Table(list(widths_cm), list(rows), **kw)
