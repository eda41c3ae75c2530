"""Characters drawn outside the clipping path are not on the page: leave them out.

pdfminer reads clipping paths (``W`` / ``W*``) and ignores them, so text a
producer drew and then clipped away comes out as if it were shown.
LibreOffice does this with a repeated table header whose vertically merged
cells no longer fit their (shorter) row: it clips each header cell to its
box and draws the cell's whole text anyway, so the next line of the header
lands, invisible, on the first body row and was mixed into its text.

Here the interpreter keeps, in the graphics state (saved by ``q``, restored
by ``Q``, inherited by form XObjects), the bounding box of the intersection
of the clipping paths set so far, in device space.  A character whose centre
lies more than ``CLIP_SLACK`` points outside that box is invisible: the
device does not add it to the page's layout and lists it in ``clipped``.
The bounding box of a path contains the path, so a character left out is
certainly outside the clip; a character inside the box of a non-rectangular
clip may still be hidden and is kept (nothing visible is ever dropped).
"""

from __future__ import annotations

from dataclasses import dataclass

from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
from pdfminer.utils import apply_matrix_pt
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

# A glyph whose centre is at most this far outside the clip still counts as shown.
CLIP_SLACK = 1.0

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in device space (y up)


@dataclass(frozen=True, slots=True)
class ClippedChar:
    """A character the page draws outside its clipping path (pdfminer's y-up space)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


class ClipState(PDFGraphicState):
    """pdfminer's graphics state plus the clip box (None: the whole page)."""

    def __init__(self, clip: Box | None = None) -> None:
        super().__init__()
        self.clip = clip

    def copy(self) -> "ClipState":
        obj = ClipState(self.clip)
        for name in vars(self):
            setattr(obj, name, getattr(self, name))
        return obj


def _intersect(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, max(x0, x1), max(y0, y1))


def path_box(path, ctm) -> Box | None:
    """Device-space bounding box of a pdfminer path (all its points, control points too)."""
    xs: list[float] = []
    ys: list[float] = []
    for seg in path:
        coords = seg[1:]
        for i in range(0, len(coords) - 1, 2):
            x, y = apply_matrix_pt(ctm, (coords[i], coords[i + 1]))
            xs.append(x)
            ys.append(y)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


class ClipInterpreter(PDFPageInterpreter):
    """A page interpreter that keeps the clip box in its graphics state."""

    _inherited_clip: Box | None = None

    def dup(self) -> "ClipInterpreter":
        child = super().dup()
        assert isinstance(child, ClipInterpreter)
        child._inherited_clip = getattr(self.graphicstate, "clip", None)  # a form XObject stays clipped
        return child

    def init_state(self, ctm) -> None:
        super().init_state(ctm)
        self.graphicstate = ClipState(self._inherited_clip)

    def _clip_to_path(self) -> None:
        box = path_box(self.curpath, self.ctm)
        if box is not None and isinstance(self.graphicstate, ClipState):
            self.graphicstate.clip = _intersect(self.graphicstate.clip, box)

    def do_W(self) -> None:
        self._clip_to_path()

    def do_W_a(self) -> None:
        self._clip_to_path()


def outside(clip: Box, x0: float, y0: float, x1: float, y1: float) -> bool:
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (
        cx < clip[0] - CLIP_SLACK
        or cx > clip[2] + CLIP_SLACK
        or cy < clip[1] - CLIP_SLACK
        or cy > clip[3] + CLIP_SLACK
    )


class VisibleDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device that leaves out characters outside the clip."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.clipped: list[ClippedChar] = []

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        objs = self.cur_item._objs
        before = len(objs)
        adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        clip = getattr(graphicstate, "clip", None)
        if clip is not None and len(objs) > before:
            item = objs[-1]
            if outside(clip, item.x0, item.y0, item.x1, item.y1):
                del objs[-1]
                self.clipped.append(ClippedChar(item.get_text(), item.x0, item.y0, item.x1, item.y1))
        return adv


def clipped_text(chars: list[ClippedChar]) -> list[str]:
    """The clipped characters as runs of text, in the order they were drawn.

    A run goes on while each character follows the previous one on its line
    (a line break of the clipped text, a jump back or up, starts a new run).
    """
    runs: list[str] = []
    cur: list[str] = []
    prev: ClippedChar | None = None
    for ch in chars:
        if prev is not None:
            h = max(prev.y1 - prev.y0, ch.y1 - ch.y0, 1.0)
            same_line = abs((ch.y0 + ch.y1) - (prev.y0 + prev.y1)) / 2 < 0.5 * h
            if not same_line or ch.x0 < prev.x0 or ch.x0 - prev.x1 > h:
                runs.append("".join(cur))
                cur = []
        cur.append(ch.text)
        prev = ch
    if cur:
        runs.append("".join(cur))
    return [r for r in (" ".join(run.split()) for run in runs) if r]


def visible_layout(page):
    """(pdfminer layout of a pdfplumber ``page`` without clipped characters, the clipped ones)."""
    device = VisibleDevice(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    interpreter = ClipInterpreter(page.pdf.rsrcmgr, device)
    interpreter.process_page(page.page_obj)
    return device.get_result(), device.clipped
