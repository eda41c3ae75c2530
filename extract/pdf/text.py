"""A container's lines -> its text, for the PDF reader.

pdfplumber gives characters with their boxes; the reader turns the
characters of one container (a table cell, or the page outside tables)
into visual lines (``extract.pdf.glyph_lines``) and ``join_lines`` here
turns those into text with paragraph breaks:

* wrapped lines of one paragraph are joined with a space; a "\\n" is put
  where a new paragraph clearly starts (``extract.pdf.paragraph_breaks``);
* a line ending in a hyphen attached to a word is joined to the next line
  without a space, and a word cut without a hyphen by a too-narrow column
  is glued back when the geometry and the document's vocabulary agree
  (``extract.pdf.word_repair``, ``extract.pdf.cuts``);
* a line that ends inside a URL link that goes on in the next line (same
  target) is joined without a space, so a wrapped URL stays whole
  (``extract.pdf.links``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from esep.extract.pdf.glyph_lines import Line
from esep.extract.pdf.links import continues_link, looks_like_url
from esep.extract.pdf.paragraph_breaks import para_break
from esep.extract.pdf.settings import TextSettings
from esep.extract.pdf.word_repair import forced_break, hyphen_joins


@dataclass(slots=True)
class Text:
    """Text of one container with what stitching and links need to know."""

    text: str
    bold: bool
    links: list[tuple[int, str]]  # (link index, display text) in reading order, one per link run
    n_lines: int
    last_bottom: float | None
    line_height: float
    first_link: int
    last_link: int


def join_lines(
    lines: Sequence[Line],
    limit: float,
    settings: TextSettings,
    link_targets: Sequence[str] | None = None,
    breaks: bool = True,
    box: tuple[float, float] | None = None,
) -> Text:
    """Join a container's lines into text with "\\n" between paragraphs.

    ``link_targets[i]`` is the URI of link ``i``; the pieces of one link on
    consecutive lines (LibreOffice and Word write one annotation per line
    or block of lines) become one link run, and a URL cut by the line end
    inside its link is glued back without a space.  ``box`` is the cell's
    (x0, x1), which lets a word cut in a too-narrow column be glued back
    (``forced_break``).
    """
    if not lines:
        return Text("", False, [], 0, None, 0.0, -1, -1)
    horiz = [ln for ln in lines if not ln.vertical]
    right = max(ln.x1 for ln in horiz) if horiz else 0.0
    left = min(ln.x0 for ln in horiz) if horiz else 0.0
    content = None
    if box is not None and horiz:
        pad = min(max(min(ln.x0 for ln in horiz) - box[0], 0.0), settings.max_cell_padding)
        content = (box[0] + pad, box[1] - pad)
        # the cell's own width tells where a line could have gone on
        right = max(right, content[1])
    out: list[str] = []
    runs: list[list] = []  # [first link index, target, text, index of the last line]
    prev: Line | None = None
    tail = ""
    heights = []
    for i, ln in enumerate(lines):
        heights.append(ln.height if not ln.vertical else (ln.x1 - ln.x0))
        glued = False
        sep = " "
        if prev is not None:
            if (
                link_targets is not None
                and prev.last_link >= 0
                and ln.first_link >= 0
                and link_targets[prev.last_link] == link_targets[ln.first_link]
                and runs
                and runs[-1][1] == link_targets[ln.first_link]
            ):
                glued = continues_link(runs[-1][2], ln.link_text.get(ln.first_link, ""), runs[-1][1])
            if glued:
                sep = ""
            elif hyphen_joins(prev.text, ln.text):
                sep, glued = "", True
            else:
                sep = forced_break(prev, ln, tail, content, settings)
                glued = sep != " "
            if glued:
                if sep:
                    out.append(sep)
            elif breaks and para_break(prev, ln, limit, left, right, settings):
                out.append("\n")
            else:
                out.append(" ")
        out.append(ln.text)
        tokens = ln.text.split()
        if tokens:
            tail = tail + tokens[0] if (glued and len(tokens) == 1) else tokens[-1]
        for idx, piece in ln.link_text.items():
            if not piece:
                continue
            target = link_targets[idx] if link_targets is not None else str(idx)
            last = runs[-1] if runs else None
            if last is not None and last[1] == target and last[3] >= i - 1:
                joined = last[2] + piece
                if glued:
                    last[2] = last[2] + sep + piece
                else:
                    last[2] = joined if looks_like_url(joined) else last[2] + " " + piece
                last[3] = i
            else:
                runs.append([idx, target, piece, i])
        prev = ln
    heights.sort()
    return Text(
        text="".join(out).strip(),
        bold=all(ln.bold for ln in lines),
        links=[(r[0], r[2].strip()) for r in runs],
        n_lines=len(lines),
        last_bottom=max(ln.bottom for ln in horiz) if horiz else None,
        line_height=heights[len(heights) // 2] if heights else 0.0,
        first_link=lines[0].first_link,
        last_link=lines[-1].last_link,
    )
