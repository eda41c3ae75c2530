"""PDF reader: tables by their rules, stitching across pages, text, links, errors.

Most tests build a small PDF with tests/pdf_factory.py (reportlab), so the
geometry is known exactly.  The sweep over pdfplumber's own test PDFs runs
in two child processes with a per-file alarm, so a hang fails the test
instead of stalling the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from esep.extract.errors import CorruptFile, EmptyFile, EncryptedFile
from esep.extract.model import Paragraph, Table
from esep.extract.pdf.reader import read_pdf
from tests.conftest import FOREIGN, REPO
from tests.pdf_factory import PdfBuilder, dejavu_available, encrypted, wrap

PLUMBER = FOREIGN / "pdfplumber-tests"

W5 = [40, 150, 220, 110, 70]  # No | Task | Event | Date | Count
HEAD = ["No", "Task", "Event", "Date", "Count"]


def tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def paragraphs(doc) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def fill_to(bottom: float, top: float, leading: float = 11.25, pad: float = 3.0) -> int:
    """How many text lines fill a cell from ``top`` to ``bottom``."""
    return int((bottom - top - 2 * pad) // leading)


def assert_consistent(t: Table) -> None:
    """Every cell inside the grid, anchored in its row, no two cells overlapping."""
    seen: dict[tuple[int, int], object] = {}
    for r, row in enumerate(t.rows):
        for c in row.cells:
            assert c.row == r
            assert 0 <= c.col and c.col + c.col_span <= t.n_cols
            assert c.row + c.row_span <= t.n_rows
            for rr in range(c.row, c.row + c.row_span):
                for cc in range(c.col, c.col + c.col_span):
                    assert (rr, cc) not in seen, f"cells overlap at {(rr, cc)}"
                    seen[(rr, cc)] = c


# ---------------------------------------------------------------------------
# stitching


def test_repeated_one_row_header_is_dropped(tmp_path):
    b = PdfBuilder(tmp_path / "h1.pdf")
    b.new_page()
    b.table(40, 40, W5, [HEAD] + [[str(i), f"Task {i}", f"Event {i}", "May", str(i * 10)] for i in (1, 2, 3)])
    b.text(420, 570, "1")
    b.new_page()
    b.table(40, 40, W5, [HEAD] + [[str(i), f"Task {i}", f"Event {i}", "June", str(i * 10)] for i in (4, 5)])
    b.text(420, 570, "2")
    doc = read_pdf(b.save())

    assert doc.source_format == "pdf" and doc.page_count == 2
    (t,) = tables(doc)
    grid = t.text_grid()
    assert grid[0] == HEAD
    assert [row[0] for row in grid] == ["No", "1", "2", "3", "4", "5"]
    assert t.pages == (1, 2)
    assert [r.pages for r in t.rows] == [(1,), (1,), (1,), (1,), (2,), (2,)]
    assert all(r.fragments == 1 for r in t.rows)
    assert paragraphs(doc) == []  # the page numbers went
    assert any("page-number" in n for n in doc.notes)
    assert_consistent(t)


def test_repeated_two_row_header_is_dropped(tmp_path):
    widths = [40, 200, 80, 80]
    header = [
        [{"text": "No", "rs": 2}, {"text": "Indicator", "rs": 2}, {"text": "Value", "cs": 2}, None],
        [None, None, "Plan", "Fact"],
    ]
    b = PdfBuilder(tmp_path / "h2.pdf")
    b.new_page()
    b.table(40, 40, widths, header + [["1", "Trainings", "14", "4"], ["2", "Participants", "280", "82"]])
    b.new_page()
    b.table(40, 40, widths, header + [["3", "Consultations", "20", "22"]])
    doc = read_pdf(b.save())

    (t,) = tables(doc)
    assert t.n_rows == 5 and t.n_cols == 4
    assert [row[1] for row in t.text_grid()] == ["Indicator", "", "Trainings", "Participants", "Consultations"]
    top = t.rows[0].cells
    assert [(c.text, c.row_span, c.col_span) for c in top] == [("No", 2, 1), ("Indicator", 2, 1), ("Value", 1, 2)]
    assert [c.text for c in t.rows[1].cells] == ["Plan", "Fact"]
    assert t.rows[4].pages == (2,)
    assert_consistent(t)


def _broken_row_pdf(path, second_page_rows, first_tail=None):
    """Row 1 fills page 1 to the bottom; page 2 repeats the header then ``second_page_rows``."""
    b = PdfBuilder(path)
    b.new_page()
    top = 40
    rows_top = top + 17.25  # header: one line + padding
    n = fill_to(560, rows_top)
    words = " ".join(f"the work of part {i} goes on and" for i in range(3 * n))
    desc = wrap(words, W5[2])[:n]
    if first_tail:
        desc[-1] = first_tail
    b.table(40, top, W5, [HEAD, ["1", "Community centres", {"lines": desc}, "May-June 2022", "30"]],
            heights=[17.25, 560 - rows_top])
    b.new_page()
    b.table(40, 40, W5, [HEAD] + second_page_rows)
    return b.save()


def test_row_broken_across_pages_is_merged(tmp_path):
    path = _broken_row_pdf(
        tmp_path / "broken.pdf",
        [["", "", "on into the next page.", "", ""], ["2", "Trainings", "Fourteen trainings", "May 2022", "82"]],
    )
    doc = read_pdf(path)
    (t,) = tables(doc)
    assert t.n_rows == 3  # header, the merged row, row 2
    row = t.rows[1]
    assert row.fragments == 2 and row.pages == (1, 2)
    desc = row.cells[2]
    n = fill_to(560, 57.25)
    first_page = " ".join(wrap(" ".join(f"the work of part {i} goes on and" for i in range(3 * n)), W5[2])[:n])
    assert desc.text == first_page + " on into the next page."
    assert desc.pages == (1, 2)
    assert row.cells[0].text == "1" and row.cells[0].pages == (1,)
    assert row.cells[3].text == "May-June 2022"
    assert [c.text for c in t.rows[2].cells][:2] == ["2", "Trainings"]
    assert t.rows[2].fragments == 1
    assert_consistent(t)


def test_continuation_that_starts_a_list_item_keeps_a_newline(tmp_path):
    path = _broken_row_pdf(
        tmp_path / "list.pdf",
        [["", "", "2. second item of the list", "", ""]],
        first_tail="1. first item of the list",
    )
    (t,) = tables(read_pdf(path))
    assert t.rows[1].fragments == 2
    assert t.rows[1].cells[2].text.endswith("1. first item of the list\n2. second item of the list")


def test_row_running_over_three_pages(tmp_path):
    b = PdfBuilder(tmp_path / "three.pdf")
    desc1 = wrap(" ".join(f"part {i} of the description and" for i in range(200)), W5[2])[: fill_to(560, 57.25)]
    b.new_page()
    b.table(40, 40, W5, [HEAD, ["1", "Trainings", {"lines": desc1}, "May", "82"]], heights=[17.25, 560 - 57.25])
    b.new_page()
    desc2 = wrap(" ".join(f"more of part {i} and" for i in range(300)), W5[2])[: fill_to(560, 57.25) - 1]
    desc2.append("the part that ends.")
    b.table(40, 40, W5, [HEAD, ["", "", {"lines": desc2}, "", ""]], heights=[17.25, 560 - 57.25])
    b.new_page()
    b.table(40, 40, W5, [HEAD, ["", "", "Second paragraph of the text.", "", ""], ["2", "Fair", "Final fair", "June", "5"]])
    doc = read_pdf(b.save())
    (t,) = tables(doc)
    assert t.n_rows == 3
    assert t.rows[1].fragments == 3 and t.rows[1].pages == (1, 2, 3)
    assert t.rows[1].cells[2].text.endswith("that ends. Second paragraph of the text.")
    assert t.rows[1].cells[2].pages == (1, 2, 3)
    assert t.rows[2].cells[0].text == "2"
    assert_consistent(t)


def test_new_row_with_empty_first_cell_is_not_merged(tmp_path):
    # The second event of task 1: No and Task are merged over both rows in the
    # source, so on the new page the row starts with empty cells.
    b = PdfBuilder(tmp_path / "genuine.pdf")
    b.new_page()
    b.table(40, 40, W5, [HEAD, ["1", "Task one", "Event A", "May 2022", "10"]])
    b.new_page()
    b.table(40, 40, W5, [HEAD, ["", "", "Event B", "June 2022", "20"], ["2", "Task two", "Event C", "July", "5"]])
    doc = read_pdf(b.save())
    (t,) = tables(doc)
    assert [row[2] for row in t.text_grid()] == ["Event", "Event A", "Event B", "Event C"]
    assert all(r.fragments == 1 for r in t.rows)
    assert t.rows[2].pages == (2,)


def test_totals_row_is_not_merged(tmp_path):
    path = _broken_row_pdf(tmp_path / "total.pdf", [["", "Total", "", "", "112"]])
    (t,) = tables(read_pdf(path))
    assert t.n_rows == 3
    assert t.rows[2].cells[1].text == "Total" and t.rows[1].fragments == 1


def test_different_tables_on_consecutive_pages_are_not_stitched(tmp_path):
    b = PdfBuilder(tmp_path / "two.pdf")
    b.new_page()
    b.table(40, 40, W5, [HEAD, ["1", "Task", "Event", "May", "3"]])
    b.new_page()
    b.table(40, 40, [150, 200, 90, 90, 60], [["Outlet", "Title", "Reach", "Count", "Date"], ["Fb", "Post", "327", "1", "13 April"]])
    doc = read_pdf(b.save())
    t1, t2 = tables(doc)
    assert (t1.pages, t2.pages) == ((1,), (2,))
    assert (t1.index, t2.index) == (0, 1)
    assert t2.text_grid()[0][0] == "Outlet"


def test_text_between_tables_prevents_stitching(tmp_path):
    b = PdfBuilder(tmp_path / "between.pdf")
    b.new_page()
    b.table(40, 40, W5, [HEAD, ["1", "Task", "Event", "May", "3"]])
    b.new_page()
    b.text(40, 40, "2. Media coverage", size=12, bold=True)
    b.table(40, 70, W5, [HEAD, ["1", "Task", "Event", "May", "3"]])
    doc = read_pdf(b.save())
    kinds = [type(x).__name__ for x in doc.blocks]
    assert kinds == ["Table", "Paragraph", "Table"]
    assert doc.blocks[1].text == "2. Media coverage" and doc.blocks[1].bold


# ---------------------------------------------------------------------------
# cells


def test_merged_cells_appear_once_with_spans(tmp_path):
    b = PdfBuilder(tmp_path / "merged.pdf")
    b.new_page()
    b.table(40, 40, [100, 100, 100, 100], [
        ["A", {"text": "B over two columns", "cs": 2}, None, "D"],
        [{"text": "E over two rows", "rs": 2}, "F", "G", "H"],
        [None, "J", "K", "L"],
    ])
    (t,) = tables(read_pdf(b.save()))
    assert t.n_rows == 3 and t.n_cols == 4
    cells = list(t.cells())
    assert len(cells) == 10  # 12 grid positions, two of them covered
    b2 = next(c for c in cells if c.text == "B over two columns")
    assert (b2.row, b2.col, b2.row_span, b2.col_span) == (0, 1, 1, 2)
    e = next(c for c in cells if c.text == "E over two rows")
    assert (e.row, e.col, e.row_span, e.col_span) == (1, 0, 2, 1)
    grid = t.grid()
    assert grid[0][2] is b2 and grid[2][0] is e
    assert [c.text for c in t.rows[2].cells] == ["J", "K", "L"]
    assert_consistent(t)


def test_wrapped_lines_join_with_space_and_paragraphs_keep_newline(tmp_path):
    b = PdfBuilder(tmp_path / "wrap.pdf")
    b.new_page()
    b.table(40, 40, [100, 100, 70, 200], [[
        {"lines": wrap("Four community centres were created in four regions", 100)},
        {"lines": ["1. Signed memorandum"] + wrap("2. List of the online conference participants;", 100) + ["- photos;"]},
        {"lines": ["Community-", "centres opened"]},
        {"lines": wrap("A first paragraph that fills its line, then after a gap", 200) + ["a second one"],
         "tops": [3, 14.25, 40]},
    ]], heights=[60])
    (t,) = tables(read_pdf(b.save()))
    a, lists, hyphen, gap = t.rows[0].cells
    assert a.text == "Four community centres were created in four regions"
    assert lists.text == "1. Signed memorandum\n2. List of the online conference participants;\n- photos;"
    # a compound broken after its hyphen is joined as written
    assert hyphen.text == "Community-centres opened"
    assert gap.text == "A first paragraph that fills its line, then after a gap\na second one"


def test_word_cut_by_a_too_narrow_column_is_glued(tmp_path):
    # LibreOffice/Word cut a word wider than its column where the line is full.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    word = "Participants"
    width = stringWidth("Participa", "Helvetica", 9) + 6.5  # room for "Participa" only
    b = PdfBuilder(tmp_path / "cut.pdf")
    b.new_page()
    b.table(40, 40, [width, 200], [
        [{"lines": ["Participa", "nts"]}, "Number of participants in the trainings"],
        [{"lines": ["Some", "words"]}, "Participants"],
    ])
    (t,) = tables(read_pdf(b.save()))
    assert t.rows[0].cells[0].text == word
    assert t.rows[1].cells[0].text == "Some words"  # an ordinary wrap stays two words


def test_cut_resolution_uses_the_document_vocabulary():
    from esep.extract.pdf.cuts import CUT_STRONG, CUT_WEAK, resolve_cuts, vocabulary

    vocab = vocabulary(["мероприятия проведены", "социальные сети", "Стоимость"])
    assert resolve_cuts(f"мероприя{CUT_WEAK}тия", vocab) == "мероприятия"
    assert resolve_cuts(f"социальные{CUT_STRONG}сети", vocab) == "социальные сети"
    assert resolve_cuts(f"исполнени{CUT_STRONG}я", vocab) == "исполнения"  # unknown: short tail glued
    assert resolve_cuts(f"Стоимость{CUT_STRONG}мероприят{CUT_STRONG}ия", vocab) == "Стоимость мероприятия"
    assert resolve_cuts(f"пост{CUT_WEAK}анонс", vocab) == "пост анонс"


def test_libreoffice_report_sample():
    """samples/interim_gamo.pdf: LibreOffice's export of a landscape report whose
    work table runs over five pages (header repeated, rows broken by pages)."""
    doc = read_pdf(REPO / "samples" / "interim_gamo.pdf")
    work, media = tables(doc)
    assert (work.n_rows, work.n_cols, work.pages) == (6, 9, (1, 2, 3, 4, 5))
    assert [r.fragments for r in work.rows] == [1, 2, 3, 2, 1, 1]
    assert [r.pages for r in work.rows] == [(1,), (1, 2), (2, 3, 4), (4, 5), (5,), (5,)]
    assert [c.text for c in work.rows[0].cells][3:6] == [
        "Срок исполнения мероприятия",
        "Уровень достижения целевых индикаторов по продуктам социального проекта",
        "Количество участников",
    ]
    desc = work.rows[1].cells[6].text
    assert "направленных на создание модели развития местного сообщества. С целью" in desc
    # the "Медиаплан" row: a new row under the merged No/Task cells, not a continuation
    no_cell, task = work.rows[4].cells[:2]
    assert (no_cell.text, no_cell.row_span, task.row_span) == ("4", 2, 2)
    assert work.rows[5].cells[0].col == 2 and work.rows[5].cells[0].text == "Медиаплан"
    assert_consistent(work)

    assert (media.n_rows, media.n_cols, media.pages) == (27, 5, (6, 7, 8, 9))
    assert media.rows[0].cells[3].text == "Количество публикаций"
    split = media.rows[8]
    assert split.fragments == 2 and split.pages == (6, 7)
    url = ("https://gamo.kz/community-%d1%86%d0%b5%d0%bd%d1%82%d1%80%d1%8b-%d0%bd%d1%87%d0%b0%d0%bb%d0%b8-"
           "%d1%81%d0%b2%d0%bc%d1%8e-%d1%80%d0%b1%d0%b1%d0%be%d1%82%d1%83/")
    cell = split.cells[4]
    assert cell.text == "12 мая\n" + url and [lk.text for lk in cell.links] == [url]
    assert cell.links[0].target.lower() == url
    assert media.rows[17].cells[0].col_span == 5  # "Публикации партнеров и СМИ"
    assert_consistent(media)
    texts = [p.text for p in paragraphs(doc)]
    assert texts[:3] == ["Приложение № 4", "к договору о предоставлении гранта", "от «31» марта 2022 года № 43"]
    assert "1. Информация о выполненных работах" in texts


def test_link_annotation_on_cell(tmp_path):
    b = PdfBuilder(tmp_path / "link.pdf")
    b.new_page()
    url = "https://www.facebook.com/394868790880352/posts/pfbid0jraSdRUjfw"
    b.table(40, 40, [120, 200, 60], [
        ["Outlet", "Link", "Reach"],
        ["Fb: @GAMO", {"lines": ["https://www.facebook.com/39486879", "0880352/posts/pfbid0jraSdRUjfw"], "link": url}, "327"],
        ["Site", {"text": "see the post", "link": "https://gamo.kz/2753-2/"}, "1"],
    ])
    (t,) = tables(read_pdf(b.save()))
    cell = t.rows[1].cells[1]
    assert cell.text == url  # a URL wrapped inside its link is glued back
    assert [(lk.text, lk.target) for lk in cell.links] == [(url, url)]
    site = t.rows[2].cells[1]
    assert [(lk.text, lk.target) for lk in site.links] == [("see the post", "https://gamo.kz/2753-2/")]
    assert t.rows[1].cells[0].links == []


def test_nested_table_stays_in_its_cell(tmp_path):
    b = PdfBuilder(tmp_path / "nested.pdf")
    b.new_page()
    b.table(40, 40, [100, 300], [["Outer A", "Outer B"], ["Outer C", {"lines": ["Before inner"]}]], heights=[20, 100])
    b.table(150, 80, [100, 100], [["in 1", "in 2"], ["in 3", "in 4"]])
    (t,) = tables(read_pdf(b.save()))
    assert t.n_rows == 2 and t.n_cols == 2
    host = t.rows[1].cells[1]
    assert host.text == "Before inner"
    (inner,) = host.tables
    assert inner.depth == 1 and inner.text_grid() == [["in 1", "in 2"], ["in 3", "in 4"]]
    doc = read_pdf(b.path)
    assert [x.index for x in doc.tables()] == [0, 1]


# ---------------------------------------------------------------------------
# text outside tables, pages


def test_paragraphs_interleave_with_tables_in_reading_order(tmp_path):
    body = ("The grant recipient reports on the work done in the period. " * 6).strip()
    lines = textwrap.wrap(body, 110)
    b = PdfBuilder(tmp_path / "order.pdf")
    b.new_page()
    b.text(40, 40, "INTERIM PROGRAMME REPORT", size=16, bold=True)
    b.lines(40, 70, lines, size=10)
    b.text(40, 150, "1. Information on the work done", size=10, bold=True)
    bottom = b.table(40, 170, W5, [HEAD, ["1", "Task", "Event", "May", "3"]])
    b.text(40, bottom + 20, "Text after the table on page one.")
    b.text(420, 570, "- 1 -")
    b.new_page()
    b.text(40, 40, "Text on page two.")
    b.text(40, 54, "Second paragraph starts after a short line.")
    b.text(420, 570, "- 2 -")
    doc = read_pdf(b.save())
    kinds = [(type(x).__name__, getattr(x, "page", None) or x.pages) for x in doc.blocks]
    assert kinds == [
        ("Paragraph", 1), ("Paragraph", 1), ("Paragraph", 1), ("Table", (1,)),
        ("Paragraph", 1), ("Paragraph", 2), ("Paragraph", 2),
    ]
    title, body_p, label, _t, after, p2a, p2b = doc.blocks
    assert title.text == "INTERIM PROGRAMME REPORT" and title.bold and title.heading_level == 1
    assert body_p.text == body and not body_p.bold and body_p.heading_level is None
    assert label.text == "1. Information on the work done" and label.bold
    assert after.text == "Text after the table on page one."
    assert p2a.text == "Text on page two."
    assert p2b.text == "Second paragraph starts after a short line."


def test_link_in_paragraph(tmp_path):
    b = PdfBuilder(tmp_path / "plink.pdf")
    b.new_page()
    w = b.text(40, 40, "Channel: ")
    b.text(40 + w, 40, "https://t.me/msugamo", link="https://t.me/msugamo")
    (p,) = paragraphs(read_pdf(b.save()))
    assert p.text == "Channel: https://t.me/msugamo"
    assert [(lk.text, lk.target) for lk in p.links] == [("https://t.me/msugamo", "https://t.me/msugamo")]


def _rotation_pdf(path, rotate, sideways):
    b = PdfBuilder(path)
    b.new_page(rotate=rotate, sideways=sideways)
    b.text(40, 40, "Landscape report")
    b.table(40, 70, W5, [HEAD, ["1", "Task", {"text": "Event", "link": "https://example.org/e"}, "May", "3"]])
    return b.save()


def _without_boxes(d):
    """A block's dict without its boxes (``bbox`` keys, at any depth)."""
    if isinstance(d, dict):
        return {k: _without_boxes(v) for k, v in d.items() if k != "bbox"}
    if isinstance(d, list):
        return [_without_boxes(v) for v in d]
    return d


def test_rotated_pages_read_like_upright_ones(tmp_path):
    plain = read_pdf(_rotation_pdf(tmp_path / "plain.pdf", 0, False))
    turned = read_pdf(_rotation_pdf(tmp_path / "turned.pdf", 90, False))  # /Rotate shows it upright
    sideways = read_pdf(_rotation_pdf(tmp_path / "sideways.pdf", 90, True))  # text runs sideways
    want = [b.to_dict() for b in plain.blocks]
    assert [b.to_dict() for b in turned.blocks] == want
    # the same text; its boxes are on the page as shown (checked below)
    assert [_without_boxes(b.to_dict()) for b in sideways.blocks] == [_without_boxes(d) for d in want]
    assert tables(plain)[0].rows[1].cells[2].links[0].target == "https://example.org/e"
    assert any("sideways" in n for n in sideways.notes)


@pytest.mark.parametrize("rotate", [90, 270])
def test_a_sideways_pages_boxes_are_on_the_page_as_shown(tmp_path, rotate):
    """Read turned upright, a sideways page's cells and paragraphs keep boxes on the page a viewer
    shows: each box holds the characters of its text there (pdfplumber's, unturned)."""
    import pdfplumber

    path = _rotation_pdf(tmp_path / "sideways.pdf", rotate, True)
    doc = read_pdf(path)
    assert any("sideways" in n for n in doc.notes)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"].strip()]
    boxed = [(c.text, c.bbox) for t in doc.tables() for c in t.cells() if c.text.strip()]
    boxed += [(p.text, p.bbox) for p in doc.paragraphs()]
    assert len(boxed) >= 10
    for text, box in boxed:
        assert box is not None and box.x0 < box.x1 and box.top < box.bottom
        inside = "".join(c["text"] for c in chars
                         if box.x0 - 0.5 <= (c["x0"] + c["x1"]) / 2 <= box.x1 + 0.5
                         and box.top - 0.5 <= (c["top"] + c["bottom"]) / 2 <= box.bottom + 0.5)
        assert sorted(inside) == sorted(text.replace(" ", "").replace("\n", "")), (text, box)


def test_foreign_rotated_page_has_the_same_tables():
    a = read_pdf(PLUMBER / "nics-background-checks-2015-11.pdf")
    b = read_pdf(PLUMBER / "nics-background-checks-2015-11-rotated.pdf")
    # the same table; the boxes differ, each on its own page as shown
    ta, tb = [_without_boxes(t.to_dict()) for t in a.tables()], [_without_boxes(t.to_dict()) for t in b.tables()]
    assert ta == tb and len(ta) == 1
    t = tables(a)[0]
    assert (t.n_rows, t.n_cols) == (17, 25)
    # two centred title lines in a 25-column cell: the first ends where the second would have fitted
    assert t.text_grid()[0][0] == "NICS Firearm Background Checks\nNovember - 2015"
    assert t.rows[0].cells[0].col_span == 25
    assert_consistent(t)


@pytest.mark.skipif(not dejavu_available(), reason="DejaVuSans not installed")
def test_cyrillic_and_kazakh_cells(tmp_path):
    b = PdfBuilder(tmp_path / "kz.pdf", font="DejaVu")
    b.new_page()
    b.text(40, 30, "ПРОМЕЖУТОЧНЫЙ ПРОГРАММНЫЙ ОТЧЕТ", size=12, bold=True)
    b.table(40, 60, [30, 120, 200], [
        [{"text": "№", "bold": True}, {"text": "Задача", "bold": True}, {"text": "Жобаның атауы", "bold": True}],
        ["1", {"lines": ["Создание 4 Community-", "центров в регионах"]}, "Қызылорда облысында өткен тренинг"],
    ])
    doc = read_pdf(b.save())
    (p,) = paragraphs(doc)
    assert p.text == "ПРОМЕЖУТОЧНЫЙ ПРОГРАММНЫЙ ОТЧЕТ" and p.bold
    (t,) = tables(doc)
    assert t.text_grid() == [
        ["№", "Задача", "Жобаның атауы"],
        ["1", "Создание 4 Community-центров в регионах", "Қызылорда облысында өткен тренинг"],
    ]
    assert all(c.bold for c in t.rows[0].cells) and not any(c.bold for c in t.rows[1].cells)


# ---------------------------------------------------------------------------
# errors


def test_password_protected_pdf_is_encrypted_file(tmp_path):
    b = PdfBuilder(tmp_path / "secret.pdf", encrypt=encrypted("user-pw"))
    b.new_page()
    b.text(40, 40, "secret")
    with pytest.raises(EncryptedFile) as err:
        read_pdf(b.save())
    assert err.value.reason == "PDF is encrypted with a password"
    with pytest.raises(EncryptedFile):
        read_pdf(PLUMBER / "password-example.pdf")


def test_restrictions_with_empty_user_password_are_read(tmp_path):
    b = PdfBuilder(tmp_path / "restricted.pdf", encrypt=encrypted("", "owner-pw", canPrint=0, canCopy=0, canModify=0))
    b.new_page()
    b.table(40, 40, [100, 100], [["Plan", "Fact"], ["14", "4"]])
    doc = read_pdf(b.save())
    assert tables(doc)[0].text_grid() == [["Plan", "Fact"], ["14", "4"]]


def test_truncated_and_garbage_pdfs_are_corrupt(tmp_path):
    src = _rotation_pdf(tmp_path / "ok.pdf", 0, False)
    data = open(src, "rb").read()
    for i, cut in enumerate((len(data) // 3, len(data) // 2, len(data) - 200)):
        bad = tmp_path / f"cut{i}.pdf"
        bad.write_bytes(data[:cut])
        try:
            doc = read_pdf(bad)
        except CorruptFile as exc:
            assert "\n" not in str(exc) and str(bad) in str(exc)
        else:  # pdfminer may recover everything from a cut near the end; then it must be whole
            assert [x.to_dict() for x in doc.blocks] == [x.to_dict() for x in read_pdf(src).blocks]
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(CorruptFile):
        read_pdf(garbage)
    nics = (PLUMBER / "nics-background-checks-2015-11.pdf").read_bytes()
    half = tmp_path / "half.pdf"
    half.write_bytes(nics[: len(nics) // 2])
    with pytest.raises(CorruptFile):
        read_pdf(half)


def test_zero_pages_and_empty_file(tmp_path):
    with pytest.raises(CorruptFile) as err:
        read_pdf(PLUMBER / "issue-297-example.pdf")
    assert "no pages" in err.value.reason
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile):
        read_pdf(empty)


def _three_pages(path):
    b = PdfBuilder(path)
    for word in ("one", "two", "three"):
        b.new_page()
        b.text(40, 100, f"Text of page {word}.")
    return b.save()


def test_one_bad_page_is_noted_and_skipped(tmp_path, monkeypatch):
    import esep.extract.pdf.reader as pr
    real = pr.read_page

    def flaky(page, no, settings):
        if no == 2:
            raise ValueError("broken content stream")
        return real(page, no, settings=settings)

    monkeypatch.setattr(pr, "read_page", flaky)
    doc = read_pdf(_three_pages(tmp_path / "three.pdf"))
    assert [p.text for p in paragraphs(doc)] == ["Text of page one.", "Text of page three."]
    assert doc.page_count == 3
    assert any(n.startswith("Page 2 could not be read") for n in doc.notes)


def test_most_pages_bad_is_corrupt(tmp_path, monkeypatch):
    import esep.extract.pdf.reader as pr
    def broken(page, no, settings):
        raise KeyError("Resources")

    monkeypatch.setattr(pr, "read_page", broken)
    with pytest.raises(CorruptFile) as err:
        read_pdf(_three_pages(tmp_path / "three.pdf"))
    assert "3 of 3 pages could not be read" in err.value.reason


def test_memory_error_is_not_swallowed(tmp_path, monkeypatch):
    import esep.extract.pdf.reader as pr
    def oom(page, no, settings):
        raise MemoryError

    monkeypatch.setattr(pr, "read_page", oom)
    with pytest.raises(MemoryError):
        read_pdf(_three_pages(tmp_path / "three.pdf"))


# ---------------------------------------------------------------------------
# every foreign PDF: reads, or fails with a typed error; never hangs

_SWEEP = r"""
import json, logging, signal, sys, time
logging.disable(logging.CRITICAL)
from esep.extract.reader import read
from esep.extract.errors import ExtractError

class Hang(Exception):
    pass

def alarm(signum, frame):
    raise Hang()

signal.signal(signal.SIGALRM, alarm)
for path in sys.argv[2:]:
    start = time.perf_counter()
    signal.alarm(int(sys.argv[1]))
    out = {"file": path.rsplit("/", 1)[-1]}
    try:
        doc = read(path)
        problems = []
        for t in doc.tables():
            seen = set()
            for r, row in enumerate(t.rows):
                for c in row.cells:
                    ok = c.row == r and 0 <= c.col and c.col + c.col_span <= t.n_cols and c.row + c.row_span <= t.n_rows
                    cover = {(rr, cc) for rr in range(c.row, c.row + c.row_span) for cc in range(c.col, c.col + c.col_span)}
                    if not ok or cover & seen:
                        problems.append(f"table {t.index} row {r} col {c.col}")
                    seen |= cover
        out.update(status="ok", pages=doc.page_count, tables=sum(1 for _ in doc.tables()), problems=problems[:3])
    except Hang:
        out.update(status="hang")
    except ExtractError as exc:
        out.update(status=type(exc).__name__, message=str(exc))
    except BaseException as exc:
        out.update(status="crash", message=f"{type(exc).__name__}: {exc}")
    finally:
        signal.alarm(0)
    out["secs"] = round(time.perf_counter() - start, 2)
    print(json.dumps(out), flush=True)
"""

EXPECTED_ERRORS = {
    "empty.pdf": "EmptyFile",
    "password-example.pdf": "EncryptedFile",
    "issue-297-example.pdf": "CorruptFile",  # its page tree holds no page
}


def test_every_foreign_pdf_reads_or_fails_cleanly():
    files = sorted(PLUMBER.glob("*.pdf"), key=lambda p: -p.stat().st_size)
    assert len(files) >= 40
    groups: list[list[str]] = [[], []]
    sizes = [0, 0]
    for f in files:  # two balanced workers for two cores
        i = sizes.index(min(sizes))
        groups[i].append(str(f))
        sizes[i] += f.stat().st_size
    env = dict(os.environ, PYTHONPATH=str(REPO))
    procs = [
        subprocess.Popen([sys.executable, "-c", _SWEEP, "60", *g], cwd=REPO, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for g in groups
    ]
    results = {}
    for p in procs:
        try:
            out, _ = p.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            p.kill()
            out, _ = p.communicate()
        for line in out.splitlines():
            rec = json.loads(line)
            results[rec["file"]] = rec
    missing = [f.name for f in files if f.name not in results]
    assert not missing, f"no result (hang or crash) for {missing}"
    for name, rec in sorted(results.items()):
        want = EXPECTED_ERRORS.get(name, "ok")
        assert rec["status"] == want, rec
        if want == "ok":
            assert rec["pages"] >= 1 and not rec["problems"], rec
        else:
            assert "\n" not in rec["message"] and name in rec["message"], rec
