"""Build small PDFs for the PDF reader's tests (reportlab canvas).

Coordinates are given from the top-left corner of the page *as displayed*,
in points, like pdfplumber reports them.  A table is drawn the way Word
and LibreOffice draw one: every cell's four borders as stroked lines,
text lines top-aligned inside a padding, one link annotation per text
line of a link.

    b = PdfBuilder(path)                 # A4 landscape by default
    b.new_page()
    b.text(40, 40, "Title", size=14, bold=True)
    bottom = b.table(40, 80, [40, 200, 120], [
        ["№", "Task", "Date"],
        ["1", {"lines": ["long text", "wrapped"], "rs": 2}, "May"],
        ["2", None, "June"],              # None: covered by a span
    ])
    b.save()

Rotated pages: ``new_page(rotate=90)`` makes a portrait page whose
/Rotate shows the content upright as landscape (what print drivers do);
``new_page(rotate=90, sideways=True)`` draws normally and only sets
/Rotate, so a viewer shows the text sideways (pdfplumber's
nics-...-rotated.pdf).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEJAVU_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def dejavu_available() -> bool:
    return os.path.exists(DEJAVU) and os.path.exists(DEJAVU_BOLD)


_registered = False


def _register_dejavu() -> None:
    global _registered
    if _registered:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVu", DEJAVU))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", DEJAVU_BOLD))
    _registered = True


def wrap(text: str, width: float, size: float = 9, font: str = "Helvetica", pad: float = 3.0) -> list[str]:
    """Greedy word wrap of ``text`` into a cell ``width`` wide, as a word processor would."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    room = width - 2 * pad
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if cur and stringWidth(cand, font, size) > room:
            lines.append(cur)
            cur = word
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


class PdfBuilder:
    def __init__(self, path: str | Path, pagesize=landscape(A4), font: str = "Helvetica",
                 encrypt=None):
        self.path = str(path)
        self.default_size = pagesize
        if font == "DejaVu":
            _register_dejavu()
            self.font, self.bold_font = "DejaVu", "DejaVu-Bold"
        else:
            self.font, self.bold_font = font, font + "-Bold"
        self.c = canvas.Canvas(self.path, pagesize=pagesize, encrypt=encrypt)
        self.started = False
        self.height = pagesize[1]
        self.width = pagesize[0]

    # -- pages --------------------------------------------------------------

    def new_page(self, size=None, rotate: int = 0, sideways: bool = False) -> None:
        """Start a page of displayed ``size`` (width, height)."""
        c = self.c
        if self.started:
            c.showPage()
        self.started = True
        w, h = size or self.default_size
        if rotate in (90, 270) and not sideways:
            c.setPageSize((h, w))  # portrait mediabox shown as landscape
            c.setPageRotation(rotate)
            if rotate == 90:
                c.translate(h, 0)
                c.rotate(90)
            else:
                c.translate(0, w)
                c.rotate(-90)
        else:
            c.setPageSize((w, h))
            if rotate:
                c.setPageRotation(rotate)
        self.width, self.height = w, h

    def _y(self, top: float) -> float:
        return self.height - top

    # -- text ---------------------------------------------------------------

    def text(self, x: float, top: float, s: str, size: float = 10, bold: bool = False,
             link: str | None = None) -> float:
        """Draw one line whose glyph tops sit at ``top``; returns its width."""
        c = self.c
        font = self.bold_font if bold else self.font
        c.setFont(font, size)
        base = self._y(top) - size * 0.8
        c.drawString(x, base, s)
        w = c.stringWidth(s, font, size)
        if link:
            c.linkURL(link, (x, base - size * 0.25, x + w, base + size * 0.85), relative=1)
        return w

    def lines(self, x: float, top: float, lines: list[str], size: float = 10, leading: float | None = None,
              bold: bool = False) -> float:
        leading = leading or size * 1.2
        for i, s in enumerate(lines):
            self.text(x, top + i * leading, s, size=size, bold=bold)
        return top + len(lines) * leading

    # -- tables -------------------------------------------------------------

    def table(self, x: float, top: float, widths: list[float], rows: list[list],
              heights: list[float] | None = None, size: float = 9, leading: float | None = None,
              pad: float = 3.0, borders: str = "grid", vpad: float | None = None) -> float:
        """Draw a table; returns its bottom.

        A cell is a str ("\\n" separates visual lines), a dict with
        ``lines`` / ``text``, ``rs``, ``cs``, ``bold``, ``link``, ``tops``
        (each line's offset from the cell top, instead of even leading),
        or None for a grid position covered by a merged cell.
        ``borders``: "grid" (every cell ruled), "rules" (a rule under the
        first row and one under the last, no vertical rules) or "none".
        ``vpad``: the padding above and under the text (``pad`` if None).
        """
        leading = leading or size * 1.25
        vpad = pad if vpad is None else vpad
        norm: list[list[dict | None]] = []
        for row in rows:
            out = []
            for cell in row:
                if cell is None:
                    out.append(None)
                    continue
                if isinstance(cell, str):
                    cell = {"text": cell}
                cell = dict(cell)
                if "lines" not in cell:
                    text = cell.get("text", "")
                    cell["lines"] = text.split("\n") if text else []
                cell.setdefault("rs", 1)
                cell.setdefault("cs", 1)
                out.append(cell)
            norm.append(out)
        if heights is None:
            heights = []
            for row in norm:
                need = [len(c["lines"]) * leading + 2 * vpad for c in row if c is not None and c["rs"] == 1]
                heights.append(max(need + [leading + 2 * vpad]))
        xs = [x]
        for w in widths:
            xs.append(xs[-1] + w)
        ys = [top]
        for h in heights:
            ys.append(ys[-1] + h)
        c = self.c
        c.setLineWidth(0.5)
        for r, row in enumerate(norm):
            col = 0
            for cell in row:
                if cell is None:
                    col += 1
                    continue
                x0, x1 = xs[col], xs[min(col + cell["cs"], len(widths))]
                t0, t1 = ys[r], ys[min(r + cell["rs"], len(heights))]
                if borders == "grid":
                    for (ax, at, bx, bt) in ((x0, t0, x1, t0), (x0, t1, x1, t1), (x0, t0, x0, t1), (x1, t0, x1, t1)):
                        c.line(ax, self._y(at), bx, self._y(bt))
                tops = cell.get("tops") or [vpad + i * leading for i in range(len(cell["lines"]))]
                for s, off in zip(cell["lines"], tops):
                    self.text(x0 + pad, t0 + off, s, size=size, bold=cell.get("bold", False),
                              link=cell.get("link"))
                col += 1
        if borders == "rules":
            for y in (ys[1], ys[-1]):
                self.rule(xs[0], xs[-1], y)
        return ys[-1]

    @contextmanager
    def clipped(self, x: float, top: float, width: float, height: float):
        """Draw inside ``with``: only what falls in the box shows (as LibreOffice clips a cell)."""
        c = self.c
        c.saveState()
        path = c.beginPath()
        path.rect(x, self._y(top + height), width, height)
        c.clipPath(path, stroke=0, fill=0)
        try:
            yield
        finally:
            c.restoreState()

    def rule(self, x0: float, x1: float, top: float) -> None:
        """A horizontal rule at ``top``."""
        self.c.setLineWidth(0.5)
        self.c.line(x0, self._y(top), x1, self._y(top))

    def justified(self, x: float, top: float, width: float, text: str, size: float = 10,
                  leading: float | None = None) -> float:
        """A paragraph set justified in ``width`` (its last line flush left);
        returns the top of the line after it."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        leading = leading or size * 1.2
        lines = wrap(text, width, size=size, font=self.font, pad=0.0)
        for i, line in enumerate(lines):
            words = line.split()
            y = top + i * leading
            if i == len(lines) - 1 or len(words) == 1:
                self.text(x, y, line, size=size)
                continue
            used = sum(stringWidth(w, self.font, size) for w in words)
            gap = (width - used) / (len(words) - 1)
            at = x
            for w in words:
                self.text(at, y, w, size=size)
                at += stringWidth(w, self.font, size) + gap
        return top + len(lines) * leading

    def save(self) -> str:
        if not self.started:
            self.new_page()
        self.c.save()
        return self.path


def encrypted(user: str, owner: str = "owner", **perms):
    """reportlab encryption settings (``encrypt=`` of PdfBuilder)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    return StandardEncryption(user, owner, **perms)
