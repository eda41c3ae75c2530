"""DOCX reader: structure Word gives is kept, nothing hidden is lost, nothing is repeated."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import conftest
from esep.extract import ExtractError, Paragraph, read
from tests.docx_factory import hyperlink, p, run, tbl, tc, tr, write_docx

FOREIGN = conftest.FOREIGN / "python-docx-tests"


def blocks_of(path):
    doc = read(path)
    return doc, [b for b in doc.blocks if not (isinstance(b, Paragraph) and not b.text.strip())]


def test_merged_cells_appear_once_with_spans(tmp_path):
    body = tbl(
        tr(tc("Задача"), tc("Мероприятие"), tc("Индикаторы", span=2)),
        tr(tc("Задача 1", vmerge="restart"), tc("Квест"), tc("100"), tc("166")),
        tr(tc(vmerge="continue"), tc("Церемония"), tc("350"), tc("350")),
        tr(tc("ИТОГО", span=2), tc("450"), tc("516")),
        cols=4,
    )
    doc, blocks = blocks_of(write_docx(tmp_path / "m.docx", body))
    (table,) = blocks
    assert (table.n_rows, table.n_cols) == (4, 4)
    texts = [c.text for c in table.cells()]
    assert texts.count("Задача 1") == 1 and texts.count("Индикаторы") == 1 and texts.count("ИТОГО") == 1
    task = table.rows[1].cells[0]
    assert (task.row, task.col, task.row_span, task.col_span) == (1, 0, 2, 1)
    assert [c.col for c in table.rows[2].cells] == [1, 2, 3]
    header = table.rows[0].cells[2]
    assert (header.col, header.col_span) == (2, 2)
    total = table.rows[3].cells[0]
    assert (total.col_span, table.rows[3].cells[1].col) == (2, 2)
    grid = table.grid()
    assert grid[2][0] is task and grid[0][3] is header
    assert table.text_grid()[2] == ["", "Церемония", "350", "350"]


def test_vertical_merge_interrupted(tmp_path):
    body = tbl(
        tr(tc("A", vmerge="restart"), tc("1")),
        tr(tc(vmerge="continue"), tc("2")),
        tr(tc("B"), tc("3")),
        tr(tc(vmerge="continue"), tc("4")),  # a continue with no open merge above: a cell of its own
        cols=2,
    )
    _, (table,) = blocks_of(write_docx(tmp_path / "v.docx", body))
    a = table.rows[0].cells[0]
    assert a.row_span == 2
    assert [c.text for c in table.rows[2].cells] == ["B", "3"]
    assert [c.col for c in table.rows[3].cells] == [0, 1]


def test_multi_paragraph_cell_keeps_breaks_and_nested_table_stays_inside(tmp_path):
    inner = tbl(tr(tc("inner 1")), tr(tc("inner 2")), cols=1)
    body = tbl(
        tr(tc("Список участников", "Фотографии", "Отчет тренера"), tc("before", inner, "after")),
        cols=2,
    )
    doc, (table,) = blocks_of(write_docx(tmp_path / "n.docx", body))
    first, second = table.rows[0].cells
    assert first.text == "Список участников\nФотографии\nОтчет тренера"
    assert second.text == "before\nafter"
    (nested,) = second.tables
    assert nested.depth == 1 and [c.text for c in nested.cells()] == ["inner 1", "inner 2"]
    assert [t.index for t in doc.tables()] == [0, 1]


def test_hidden_content_is_read_and_deleted_text_is_not(tmp_path):
    sdt_body = (
        '<w:sdt><w:sdtPr/><w:sdtContent>' + p("Грантополучатель: ОЮЛ «ГАМО»") + "</w:sdtContent></w:sdt>"
    )
    inline_sdt = p(run("Сумма гранта: "), '<w:sdt><w:sdtContent>' + run("5 000 000 тенге") + "</w:sdtContent></w:sdt>")
    tracked = p(
        run("Охват "),
        '<w:ins w:id="1" w:author="a">' + run("595") + "</w:ins>",
        '<w:del w:id="2" w:author="a"><w:r><w:delText>550</w:delText></w:r></w:del>',
        '<w:smartTag w:uri="x" w:element="y">' + run(" человек") + "</w:smartTag>",
    )
    box = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        "<wps:wsp><wps:txbx><w:txbxContent>" + p("Текст в рамке") + "</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        "<w:txbxContent>" + p("Текст в рамке") + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    cell_sdt = tbl(tr(tc('<w:p><w:sdt><w:sdtContent>' + run("в ячейке") + "</w:sdtContent></w:sdt></w:p>")), cols=1)
    body = sdt_body + inline_sdt + tracked + p(run("Якорь"), box) + cell_sdt
    doc, blocks = blocks_of(write_docx(tmp_path / "h.docx", body, header_text="КОЛОНТИТУЛ"))
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts == [
        "Грантополучатель: ОЮЛ «ГАМО»",
        "Сумма гранта: 5 000 000 тенге",
        "Охват 595 человек",
        "Якорь",
        "Текст в рамке",
    ]
    assert blocks[-1].rows[0].cells[0].text == "в ячейке"
    assert "КОЛОНТИТУЛ" not in str(doc.to_dict())


def test_hyperlinks_relationship_and_field(tmp_path):
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://t.me/msugamo" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("телеграм канал")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    body = tbl(
        tr(tc(p("13 апреля ", hyperlink("https://www.facebook.com/394868790880352/posts/x", "rId7"))), tc(p(run("Ссылка: "), field))),
        cols=2,
    )
    _, (table,) = blocks_of(
        write_docx(tmp_path / "l.docx", body, links={"rId7": "https://www.facebook.com/394868790880352/posts/x?d=n"})
    )
    c0, c1 = table.rows[0].cells
    assert c0.text == "13 апреля https://www.facebook.com/394868790880352/posts/x"
    assert [(l.text, l.target) for l in c0.links] == [
        ("https://www.facebook.com/394868790880352/posts/x", "https://www.facebook.com/394868790880352/posts/x?d=n")
    ]
    assert c1.text == "Ссылка: телеграм канал"  # the field instruction is not text
    assert [(l.text, l.target) for l in c1.links] == [("телеграм канал", "https://t.me/msugamo")]


def test_body_order_and_grid_before(tmp_path):
    body = p("до") + tbl(tr(tc("a"), tc("b"), tc("c")), tr(tc("e"), tc("f"), grid_before=1), cols=3) + p("после")
    _, blocks = blocks_of(write_docx(tmp_path / "o.docx", body))
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert [(c.col, c.text) for c in blocks[1].rows[1].cells] == [(1, "e"), (2, "f")]


def test_absurd_grid_span_is_bounded(tmp_path):
    body = tbl(tr(tc("x", span=2_000_000_000), tc("y")), cols=2)
    doc, (table,) = blocks_of(write_docx(tmp_path / "s.docx", body))
    assert table.n_cols <= 512
    assert any("gridSpan" in n for n in doc.notes)


def test_deeply_nested_tables_are_bounded(tmp_path):
    inner = p("core")
    for _ in range(60):  # deeper than the reader follows, within what the XML parser accepts
        inner = tbl(tr(tc(inner)), cols=1)
    doc = read(write_docx(tmp_path / "deep.docx", inner))
    assert any("nested deeper" in n for n in doc.notes)
    assert max(t.depth for t in doc.tables()) < 40


def test_absurdly_deep_xml_is_a_clean_error(tmp_path):
    inner = p("core")
    for _ in range(300):
        inner = tbl(tr(tc(inner)), cols=1)
    with pytest.raises(ExtractError, match="deep.docx: "):
        read(write_docx(tmp_path / "deep.docx", inner))


def test_long_vertically_merged_table_is_linear(tmp_path):
    rows = [tr(tc("Задача", vmerge="restart"), tc("0"))]
    rows += [tr(tc(vmerge="continue"), tc(str(i))) for i in range(1, 5000)]
    _, (table,) = blocks_of(write_docx(tmp_path / "big.docx", tbl(*rows, cols=2)))
    assert table.n_rows == 5000 and table.rows[0].cells[0].row_span == 5000
    assert sum(1 for _ in table.cells()) == 5001


@pytest.mark.parametrize("path", sorted(FOREIGN.glob("*.docx")), ids=lambda p: p.name)
def test_foreign_docx_files_read(path):
    doc = read(path)
    assert doc.source_format == "docx"
    for table in doc.tables():
        seen = set()
        for cell in table.cells():  # a merged cell is anchored once: no grid position twice
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    assert (r, c) not in seen
                    seen.add((r, c))


def test_foreign_merged_and_nested_structure():
    doc = read(FOREIGN / "tbl-cell-access.docx")
    tables = list(doc.tables())
    assert [(c.text, c.row_span, c.col_span) for c in tables[1].rows[1].cells] == [("4", 1, 2), ("6", 1, 1)]
    assert [(c.text, c.row_span) for c in tables[2].rows[1].cells] == [("4", 1), ("5", 2), ("6", 1)]
    assert [(c.text, c.row_span, c.col_span) for c in tables[3].rows[1].cells] == [("4", 2, 2), ("6", 1, 1)]
    nested = read(FOREIGN / "blk-paras-and-tables.docx")
    outer = [t for t in nested.tables() if t.depth == 0][1]
    cell = outer.rows[0].cells[0]
    assert cell.text == "Text before\nText after"
    assert [c.text for c in cell.tables[0].cells()] == ["Table", "Between"]
    links = read(FOREIGN / "par-hyperlinks.docx")
    found = [(l.text, l.target) for b in links.paragraphs() for l in b.links]
    assert ("awesome hyperlink", "http://yahoo.com/") in found and len(found) == 4
    hdr = read(FOREIGN / "hdr-header-footer.docx")
    assert all("header" not in b.text.lower() or "section" in b.text.lower() for b in hdr.paragraphs())
