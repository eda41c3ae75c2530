"""Boxes travel from the document model to the schema rows (``source_bbox``).

The PDF readers do not give every cell its box yet, so the documents here
get their boxes by hand: a sample DOCX is read as it is, then every cell
and paragraph is given a page and a box, as a PDF reader would, and the
document is normalised.  Each box says where its cell is (x from its
columns, y from its rows, each table lower down), so the test knows every
row's box without asking the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from esep.extract.model import BBox, Cell, Document, Paragraph, Row, Table
from esep.extract.reader import read
from esep.normalize import normalize
from esep.normalize.stitch import join_split_tables
from esep.normalize.tables import classify
from tests.conftest import SAMPLES

PAGE = 3
CHILD_TABLES = ("activities", "indicators", "demographics", "publications", "partners", "sections", "findings")


def _cell_box(table: int, row: int, col: int, row_span: int = 1, col_span: int = 1) -> list[float]:
    """``[x0, top, x1, bottom]`` of a cell: 50 points a column, 20 a row, each table 1000 points lower."""
    return [40.0 + 50 * col, 1000.0 * table + 20 * row, 40.0 + 50 * (col + col_span), 1000.0 * table + 20 * (row + row_span)]


def _paragraph_box(i: int) -> list[float]:
    return [30.0, 0.5 * i, 500.0, 0.5 * i + 0.4]


def _boxed(doc: Document) -> Document:
    """``doc`` with a page and a box on every cell, row and paragraph."""
    for table in doc.tables():
        table.pages = (PAGE,)
        for row in table.rows:
            row.pages = (PAGE,)
            for cell in row.cells:
                cell.pages = (PAGE,)
                cell.bbox = BBox(*_cell_box(table.index, cell.row, cell.col, cell.row_span, cell.col_span))
    for i, para in enumerate(doc.paragraphs()):
        para.page = PAGE
        para.bbox = BBox(*_paragraph_box(i))
    return doc


def _row_box(table: Table, row: int) -> list[float]:
    """The box of a table row: around the cells anchored in it."""
    cells = table.rows[row].cells
    boxes = [_cell_box(table.index, c.row, c.col, c.row_span, c.col_span) for c in cells]
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


@pytest.fixture(scope="module", params=["final_eco_mangystau.docx", "interim_gamo.docx"])
def boxed_report(request):
    doc = _boxed(read(SAMPLES / request.param))
    bundle = normalize(doc, source_file=request.param, sha256="0" * 64,
                       extracted_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    return doc, bundle.model_dump(mode="json")


def test_every_row_read_from_a_table_carries_its_rows_box(boxed_report):
    doc, got = boxed_report
    tables = {t.index: t for t in doc.tables()}
    from_rows = [(name, row) for name in CHILD_TABLES for row in got[name]
                 if row["source_table"] is not None and row["source_row"] is not None]
    assert len(from_rows) > 10
    for name, row in from_rows:
        expected = _row_box(tables[row["source_table"]], row["source_row"])
        assert (row["source_page"], row["source_bbox"]) == (PAGE, expected), (name, row)


def test_a_row_read_from_prose_carries_its_paragraphs_box(boxed_report):
    doc, got = boxed_report
    paragraphs = {tuple(_paragraph_box(i)): p.text for i, p in enumerate(doc.paragraphs())}
    prose = [(name, row) for name in CHILD_TABLES for row in got[name]
             if row["source_table"] is None and row["source_bbox"] is not None]
    for name, row in prose:
        assert row["source_page"] == PAGE and tuple(row["source_bbox"]) in paragraphs, (name, row)
        if name == "sections":  # the box of the paragraph its heading opens
            assert row["heading"].rstrip(":") in paragraphs[tuple(row["source_bbox"])], row
    if got["sections"]:
        assert any(name == "sections" for name, _ in prose)


def test_a_finding_about_a_whole_table_has_no_box(boxed_report):
    _, got = boxed_report
    for f in got["findings"]:
        if f["source_table"] is not None and f["source_row"] is None:
            assert f["source_bbox"] is None, f


def _table(rows: list[list[str]], index: int, page: int) -> Table:
    out = []
    for r, texts in enumerate(rows):
        cells = [Cell(text=t, row=r, col=c, pages=(page,), bbox=BBox(*_cell_box(index, r, c)))
                 for c, t in enumerate(texts)]
        out.append(Row(cells=cells, pages=(page,)))
    return Table(rows=out, n_cols=len(rows[0]), index=index, pages=(page,))


def test_a_table_split_across_pages_gives_each_row_its_own_tables_page_and_box():
    first = _table([["№", "Наименование мероприятия", "План", "Факт"], ["1.1", "Тренинг", "20", "22"]], 0, 1)
    second = _table([["1.2", "Форум", "50", "48"]], 1, 2)
    doc = Document(path="x.pdf", source_format="pdf", blocks=[first, Paragraph("", page=1), second])
    (view,) = join_split_tables(doc, {0: classify(first), 1: classify(second)})
    got = [(p.pages, p.table, p.row, p.bbox.as_list()) for p in (view.prov(r) for r in view.data_rows())]
    assert got == [((1,), 0, 1, _cell_box(0, 1, 0)[:2] + _cell_box(0, 1, 3)[2:]),
                   ((2,), 1, 0, _cell_box(1, 0, 0)[:2] + _cell_box(1, 0, 3)[2:])]
