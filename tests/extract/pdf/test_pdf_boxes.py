"""Boxes of cells and paragraphs (``Cell.bbox``, ``Paragraph.bbox``): PDF points,
top-left origin, on the first page of what they hold -- checked against
pdfplumber's own characters of the same text.  OCR'd cells' boxes:
tests/extract/ocr/test_ocr.py."""

from __future__ import annotations

import pdfplumber
import pytest

from esep.extract import read
from esep.extract.model import BBox
from tests.pdf_factory import PdfBuilder

W4 = [40, 200, 200, 60]
HEAD = ["No", "Activity", "Result", "Count"]


def _ink(text: str) -> str:
    return "".join(text.split())


def _chars_in(page, box: BBox) -> str:
    """The visible characters of ``page`` whose centre lies in ``box``, in stream order."""
    return "".join(
        ch["text"] for ch in page.chars
        if not ch["text"].isspace()
        and box.x0 <= (ch["x0"] + ch["x1"]) / 2 <= box.x1
        and box.top <= (ch["top"] + ch["bottom"]) / 2 <= box.bottom
    )


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory):
    """A paragraph and a ruled table with a merged cell; its last row on page 1
    goes on, mid-sentence, at the top of page 2."""
    b = PdfBuilder(tmp_path_factory.mktemp("boxes") / "boxes.pdf")
    b.new_page()
    b.text(40, 40, "Report on the seminars held in the region")
    rows = [
        ["1", {"text": "seminar for teachers\nin two towns", "rs": 2}, "held", "5"],
        ["2", None, "held online", "6"],
        ["3", "round table with the partners\nof the project and the", "the results were\nshared with the", "7"],
    ]
    b.table(40, 70, W4, [HEAD] + rows)
    b.new_page()
    b.table(40, 40, W4, [HEAD, ["", "local press", "press of the town", ""], ["4", "closing meeting", "held", "8"]])
    path = b.save()
    doc = read(path)
    with pdfplumber.open(path) as pdf:
        pages = [(p.width, p.height, p) for p in pdf.pages]
        yield doc, pages


def test_a_cell_box_holds_its_text_on_its_first_page(two_pages):
    doc, pages = two_pages
    (t,) = doc.tables()
    assert t.n_rows == 5  # the broken row 3 is one row
    for cell in t.cells():
        box = cell.bbox
        assert box is not None
        width, height, page = pages[cell.pages[0] - 1] if cell.pages else pages[0]
        assert 0 <= box.x0 < box.x1 <= width and 0 <= box.top < box.bottom <= height
        if cell.text and len(cell.pages) == 1:
            assert _chars_in(page, box) == _ink(cell.text)


def test_a_row_broken_by_the_page_keeps_its_first_page_box(two_pages):
    doc, pages = two_pages
    (t,) = doc.tables()
    broken = t.rows[3]
    assert broken.pages == (1, 2)
    activity = broken.cells[1]
    assert " ".join(activity.text.split()) == "round table with the partners of the project and the local press"
    assert activity.pages == (1, 2)
    page1 = pages[0][2]
    on_page1 = _chars_in(page1, activity.bbox)
    assert on_page1 == _ink("round table with the partners of the project and the")
    assert _ink(activity.text).startswith(on_page1)


def test_a_merged_cell_box_covers_its_rows(two_pages):
    doc, _ = two_pages
    (t,) = doc.tables()
    merged = next(c for c in t.cells() if c.row_span == 2)
    below = next(c for c in t.rows[2].cells if c.col == 2)  # the row it spans into
    above = next(c for c in t.rows[1].cells if c.col == 2)
    assert merged.bbox.top == pytest.approx(above.bbox.top, abs=0.6)
    assert merged.bbox.bottom == pytest.approx(below.bbox.bottom, abs=0.6)


def test_a_paragraph_box_holds_its_text(two_pages):
    doc, pages = two_pages
    (para,) = [p for p in doc.paragraphs() if p.text.startswith("Report")]
    assert para.bbox is not None and para.page == 1
    assert _chars_in(pages[0][2], para.bbox) == _ink(para.text)
    assert para.provenance.bbox == para.bbox

