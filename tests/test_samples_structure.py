"""The reader's view of every bundled sample: exact logical structure.

The interim report exists as a DOCX and as the PDF LibreOffice exported
from it, so the PDF reader is held to the DOCX: same tables, same merged
cells, same cell text (up to white space), with the rows that broke across
pages stitched back.
"""

from __future__ import annotations

import regex
import pytest

from esep.extract import read
from tests.conftest import SAMPLES


def shape(path):
    doc = read(path)
    return doc, [
        (
            t.n_rows,
            t.n_cols,
            sorted((c.row, c.col, c.row_span, c.col_span) for c in t.cells() if c.is_merged),
        )
        for t in doc.tables()
    ]


FINAL_RESULTS_HEADER = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 2, 1), (0, 3, 2, 1), (0, 4, 1, 2), (0, 6, 2, 1)]

EXPECTED = {
    "final_eco_mangystau.docx": [
        (2, 2, []),  # Цель проекта / Достигнутый результат
        (8, 7, FINAL_RESULTS_HEADER + [(2, 0, 2, 1), (2, 2, 2, 1), (2, 3, 2, 1),
                                       (4, 0, 3, 1), (4, 2, 3, 1), (4, 3, 3, 1)]),
        (12, 5, []),  # social and economic effect
        (2, 3, []),  # gender
        (2, 11, []),  # social status
        (2, 8, []),  # age
        (2, 4, []),  # partners
        (3, 9, [(2, 0, 1, 3), (2, 3, 1, 2), (2, 5, 1, 4)]),  # future projects
    ],
    "final_kk_zhasyl_dala.docx": [
        (2, 2, []),
        (7, 7, FINAL_RESULTS_HEADER + [(2, 0, 2, 1), (2, 2, 2, 1), (2, 3, 2, 1),
                                       (4, 0, 2, 1), (4, 2, 2, 1), (4, 3, 2, 1)]),
        (12, 5, []),
        (2, 3, []),
        (2, 11, []),
        (2, 8, []),
        (3, 4, []),
        (3, 9, [(2, 0, 1, 9)]),
    ],
    "interim_gamo.docx": [
        (6, 9, [(4, 0, 2, 1), (4, 1, 2, 1)]),  # № and Задача of задача 4 over its two activities
        (27, 5, [(17, 0, 1, 5)]),  # «Публикации партнеров и СМИ» across the table
    ],
}
EXPECTED["final_2024_sana_pavlodar.docx"] = [
    (5, 2, []),  # the header: label | value
    (2, 2, []),  # Цель проекта / Достигнутый результат
    (11, 6, [(1, 0, 1, 6), (6, 0, 1, 6), (10, 0, 1, 2)]),  # task rows across the table, «Итого» over № and title
    (12, 5, []),  # social and economic effect
    (22, 2, []),  # the participants, downwards
    (5, 4, []),  # partners, with №
]
EXPECTED["interim_gamo.pdf"] = EXPECTED["interim_gamo.docx"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_structure(name):
    doc, tables = shape(SAMPLES / name)
    assert tables == EXPECTED[name]
    assert [t.index for t in doc.tables()] == list(range(len(tables)))


@pytest.mark.parametrize("name", ["final_eco_mangystau.docx", "final_kk_zhasyl_dala.docx"])
def test_merged_task_text_is_not_repeated(name):
    doc = read(SAMPLES / name)
    results = list(doc.tables())[1]
    texts = [c.text for c in results.cells() if c.text.strip()]
    tasks = [c.text for c in results.cells() if c.col == 0 and c.row >= 2 and c.text.strip()]
    assert len(tasks) == 2
    for text in tasks + [c.text for c in results.rows[0].cells]:
        assert texts.count(text) == 1, text


def squash(text: str) -> str:
    return regex.sub(r"\s+", "", text)


def test_pdf_reads_like_the_docx_it_was_exported_from():
    pdf = read(SAMPLES / "interim_gamo.pdf")
    docx = read(SAMPLES / "interim_gamo.docx")
    assert pdf.page_count == 9
    for tp, td in zip(pdf.tables(), docx.tables()):
        for rp, rd in zip(tp.rows, td.rows):
            assert [(c.col, squash(c.text)) for c in rp.cells] == [(c.col, squash(c.text)) for c in rd.cells]


def test_pdf_rows_broken_across_pages_are_stitched():
    pdf = read(SAMPLES / "interim_gamo.pdf")
    works, media = list(pdf.tables())
    assert works.pages == (1, 2, 3, 4, 5) and media.pages == (6, 7, 8, 9)
    assert [(i, r.fragments, r.pages) for i, r in enumerate(works.rows) if r.fragments > 1] == [
        (1, 2, (1, 2)), (2, 3, (2, 3, 4)), (3, 2, (4, 5))
    ]
    assert [(i, r.fragments, r.pages) for i, r in enumerate(media.rows) if r.fragments > 1] == [
        (8, 2, (6, 7)), (18, 2, (7, 8)), (26, 2, (8, 9))
    ]
    # the header repeated on pages 2-5 is dropped: one header row, six logical rows
    assert works.rows[0].cells[0].text == "№" and sum(1 for r in works.rows if r.cells and r.cells[0].text == "№") == 1


def test_pdf_links_land_on_their_cells():
    pdf = read(SAMPLES / "interim_gamo.pdf")
    media = list(pdf.tables())[1]
    first = media.rows[2].cells[4]
    assert first.links and first.links[0].target.startswith("https://www.facebook.com/394868790880352/posts/pfbid0jraSd")
    targets = {l.target for c in media.cells() for l in c.links}
    assert len(targets) == 24
