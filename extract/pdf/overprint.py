"""Text runs drawn over each other on one line stay whole, one after the other.

The characters of one visual line are normally put in reading order by
their x position.  When two runs of text are drawn over the same place
(text that overflowed its box onto another's and was not clipped, a
stamp over a field, a producer that draws a line twice with different
content), sorting the characters of both by x mixes them letter by letter
into garbage ("Rpeasruelnttss" for "results" drawn over "Parents").

So a line of upright text is first checked for overprinting: at least
``OVERPRINT_PAIRS`` pairs of neighbouring characters (in x order) that
cover more than ``OVERPRINT_SHARE`` of the narrower one's width and are
not the same glyph drawn twice (fake bold, which the line builder drops);
one tight pair is kerning or two columns touching.  Only then is it split
into the runs the content stream drew (characters whose stream positions
follow each other and do not jump back more than a font size), and the
runs are laid out in layers: each run, in drawing order, joins the first
layer it overlaps nowhere.  Every layer becomes a line of its own, in the
order it was started, so a run is never cut; within a run the drawing
order is the reading order (a font with wrong widths overlaps its own
letters).  A run that repeats, over the same place, the text of a run
already laid out is that text drawn twice (a shadow) and is dropped.

Text clipped away is not here at all: ``extract.pdf.clip`` leaves it out
before lines are built.  This is for text that is really drawn.
"""

from __future__ import annotations

from esep.extract.pdf.glyphs import Glyph

# Two characters overprint when they share more than this part of the narrower one's width ...
OVERPRINT_SHARE = 0.5
# ... and a line is overprinted when at least this many pairs do.
OVERPRINT_PAIRS = 2
# The same glyph drawn again within this many points is fake bold, not overprinting.
DUPLICATE_SHIFT = 0.7
# Runs of one layer may touch by this many points (kerning at their ends).
LAYER_TOUCH = 0.5
# A run repeating an earlier run's text over more than this share of its width is a shadow.
SHADOW_SHARE = 0.5


def _duplicate(a: Glyph, b: Glyph) -> bool:
    return a.text == b.text and abs(a.x0 - b.x0) < DUPLICATE_SHIFT and abs(a.top - b.top) < DUPLICATE_SHIFT


def overprinted(line: list[Glyph]) -> bool:
    """Do characters of ``line`` (sorted by x0) overlap other characters?"""
    prev = None
    pairs = 0
    for g in line:
        if g.text.isspace():
            continue
        if prev is not None:
            narrow = min(g.x1 - g.x0, prev.x1 - prev.x0)
            if narrow > 0 and prev.x1 - g.x0 > OVERPRINT_SHARE * narrow and not _duplicate(prev, g):
                pairs += 1
                if pairs >= OVERPRINT_PAIRS:
                    return True
        if prev is None or g.x1 > prev.x1:
            prev = g
    return False


def stream_runs(line: list[Glyph]) -> list[list[Glyph]]:
    """The runs of ``line`` as the content stream drew them, each in drawing order.

    A run goes on while the next glyph is the next one in the stream and
    does not jump back more than a font size (a font whose widths are
    wrong draws its own text a little over itself; a second run drawn over
    the first starts further back).
    """
    runs: list[list[Glyph]] = []
    for g in sorted(line, key=lambda g: g.seq):
        cur = runs[-1] if runs else None
        if cur is not None and g.seq - cur[-1].seq == 1 and g.x0 >= cur[-1].x0 - max(g.size, cur[-1].size):
            cur.append(g)
        else:
            runs.append([g])
    return runs


def _span(run: list[Glyph]) -> tuple[float, float]:
    ink = [g for g in run if not g.text.isspace()] or run
    return min(g.x0 for g in ink), max(g.x1 for g in ink)


def layers(line: list[Glyph]) -> list[list[Glyph]]:
    """``line`` (upright glyphs sorted by x0) as one or more lines of whole runs (see the module docstring)."""
    if len(line) < 2 or any(g.seq < 0 for g in line) or not overprinted(line):
        return [line]
    runs = stream_runs(line)
    if len(runs) == 1:
        return runs  # one run over itself: its drawing order is its reading order
    out: list[list[tuple[float, list[Glyph]]]] = []  # layers of (start, run)
    seen: list[tuple[str, float, float]] = []
    for run in runs:
        a0, a1 = _span(run)
        text = "".join(g.text for g in run).strip()
        if any(text == t and min(a1, b1) - max(a0, b0) > SHADOW_SHARE * (a1 - a0) for t, b0, b1 in seen):
            continue  # the same text drawn again over itself
        seen.append((text, a0, a1))
        for layer in out:
            if all(min(a1, _span(r)[1]) - max(a0, r0) <= LAYER_TOUCH for r0, r in layer):
                layer.append((a0, run))
                break
        else:
            out.append([(a0, run)])
    return [[g for _, run in sorted(layer, key=lambda item: item[0]) for g in run] for layer in out]
