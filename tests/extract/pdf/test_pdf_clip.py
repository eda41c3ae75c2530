"""Text the page does not show is not read, and text drawn over text is not mixed.

extract/pdf_clip.py leaves out characters drawn outside the clipping path
(with a note); extract/pdf_overprint.py keeps runs drawn over each other
whole.  The PDFs are drawn with reportlab (tests/pdf_factory.py).
"""

from __future__ import annotations

from esep.extract import read
from esep.extract.pdf.glyphs import LTR, Glyph
from esep.extract.pdf.overprint import layers
from tests.pdf_factory import PdfBuilder

WIDTHS = [160, 160]


def _two_row_table(b: PdfBuilder, body: str) -> None:
    b.table(40, 40, WIDTHS, [["", "Plan"], [body, "12"]], heights=[20, 20])


def test_text_outside_its_clip_is_left_out_and_noted(tmp_path):
    # a header cell clipped to its box draws its second line anyway, over the body row below
    b = PdfBuilder(tmp_path / "clip.pdf")
    b.new_page()
    _two_row_table(b, "Parents of pupils")
    with b.clipped(40, 40, 160, 20):
        b.text(43, 43, "Short results", size=9)
        b.text(43, 63.5, "to the events", size=9)  # past the cell's bottom: invisible
    doc = read(b.save())
    (t,) = doc.tables()
    assert t.text_grid() == [["Short results", "Plan"], ["Parents of pupils", "12"]]
    (note,) = [n for n in doc.notes if "clipping area" in n]
    assert note == (
        "Page 1: left out 11 character(s) drawn outside their clipping area (not visible): «to the events»."
    )


def test_nested_clips_and_restored_state(tmp_path):
    # the clip holds only until the graphics state is restored; clips intersect
    b = PdfBuilder(tmp_path / "nested.pdf")
    b.new_page()
    with b.clipped(40, 40, 300, 100):
        with b.clipped(200, 40, 300, 100):
            b.text(100, 60, "left out", size=10)
            b.text(250, 60, "kept", size=10)
    b.text(100, 200, "free again", size=10)
    doc = read(b.save())
    assert [p.text for p in doc.paragraphs()] == ["kept", "free again"]


def test_runs_drawn_over_each_other_stay_whole(tmp_path):
    b = PdfBuilder(tmp_path / "over.pdf")
    b.new_page()
    _two_row_table(b, "")
    b.text(43, 23 + 40, "Parents of pupils", size=9)
    b.text(45, 23.2 + 40, "results (to events)", size=9)  # not clipped: really drawn over it
    (t,) = read(b.save()).tables()
    assert t.text_grid()[1] == ["Parents of pupils\nresults (to events)", "12"]  # one run, then the other


def _glyphs(text: str, x: float, seq: int, step: float = 5.0) -> list[Glyph]:
    return [
        Glyph(ch, x + i * step, x + (i + 1) * step, 10, 20, 10, False, LTR, -1, seq + i) for i, ch in enumerate(text)
    ]


def test_fake_bold_and_touching_columns_are_no_overprinting():
    bold = sorted(_glyphs("Total", 0, 0) + [g for g in _glyphs("Total", 0.3, 100)], key=lambda g: g.x0)
    assert layers(bold) == [bold]
    touching = sorted(_glyphs("unit.", 0, 0) + _glyphs("(b)", 24.0, 50), key=lambda g: g.x0)
    assert layers(touching) == [touching]


def test_a_run_drawn_twice_in_the_same_place_is_read_once():
    twice = sorted(_glyphs("map", 0, 0) + _glyphs("map", 1.5, 10), key=lambda g: g.x0)
    (layer,) = layers(twice)
    assert "".join(g.text for g in layer) == "map"
