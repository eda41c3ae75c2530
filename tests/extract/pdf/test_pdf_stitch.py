"""Tables that run over PDF pages, as Word processors export them, are stitched exactly.

The final report's plan/fact table (samples/content_final_ru.py) is built
with samples/build.py and exported by LibreOffice three ways: its two
header rows repeated on every page (portrait and landscape) and not
repeated.  In every export one activity row is split by a page break and
the task cell, merged down over its activities, goes on over the break;
LibreOffice clips the repeated header (its vertically merged cells no
longer fit) and draws the clipped rest over the first body row.  The
logical table read back must be the DOCX table, cell for cell: the same
anchors, spans and texts (compared without whitespace, since the PDF
wraps words in narrow columns).

A table whose activities go on over the break without a split row, and
the two kinds of first-row-of-a-page the continuation rule must tell
apart, are drawn with reportlab (tests/pdf_factory.py).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from esep.extract import read
from esep.extract.model import Table
from tests.pdf_factory import PdfBuilder, wrap

from tests.conftest import REPO, load_script  # noqa: E402
SAMPLES = REPO / "samples"


def _samples():
    """samples/build.py, samples/docmodel.py and the final report's content, without writing bytecode there."""
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        build = load_script("samples_build", SAMPLES / "build.py")  # puts samples/ on sys.path
        import content_final_ru
        import docmodel
    finally:
        sys.dont_write_bytecode = saved
    if build.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return build, docmodel, content_final_ru


def _squash(text: str) -> str:
    return "".join(text.split())


def _source_cells(table) -> set[tuple[int, int, int, int, str]]:
    """(row, col, row_span, col_span, text without whitespace) of every cell of a docmodel table."""
    grid_rows = []
    for row in table.rows:
        col, cells = 0, []
        for cell in row.cells:
            cells.append((col, cell))
            col += cell.span
        grid_rows.append(cells)
    out = set()
    for r, cells in enumerate(grid_rows):
        for col, cell in cells:
            if cell.vmerge == "continue":
                continue
            span = 1
            if cell.vmerge == "restart":
                while r + span < len(grid_rows) and any(
                    c == col and below.vmerge == "continue" for c, below in grid_rows[r + span]
                ):
                    span += 1
            text = "".join(p.text for p in cell.paras)
            out.add((r, col, span, cell.span, _squash(text)))
    return out


def _read_cells(table: Table) -> set[tuple[int, int, int, int, str]]:
    return {(c.row, c.col, c.row_span, c.col_span, _squash(c.text)) for c in table.cells()}


VARIANTS = {  # name -> (header rows repeated, landscape)
    "repeated": (True, False),
    "repeated_landscape": (True, True),
    "not_repeated": (False, False),
}


@pytest.fixture(scope="module")
def final_exports(tmp_path_factory):
    """name -> (the docmodel plan/fact table, the Document read from the PDF LibreOffice made)."""
    build, docmodel, content = _samples()
    out_dir = tmp_path_factory.mktemp("final_exports")
    made = {}
    for name, (repeated, landscape) in VARIANTS.items():
        doc = copy.deepcopy(content.DOCUMENT)
        doc.landscape = landscape
        plan_fact = [b for b in doc.blocks if isinstance(b, docmodel.Table)][1]
        plan_fact.rows[0].header = plan_fact.rows[1].header = repeated
        docx_path = out_dir / f"{name}.docx"
        build.render_docx(doc, docx_path)
        made[name] = (plan_fact, read(build.export_pdf(docx_path, out_dir / f"{name}.pdf")))
    return made


def _plan_fact(doc) -> Table:
    tables = [t for t in doc.tables() if t.depth == 0]
    return next(t for t in tables if t.n_cols == 7 and any("план" == c.text for c in t.cells()))


@pytest.mark.parametrize("name", list(VARIANTS))
def test_plan_fact_table_over_pages_is_the_docx_table(final_exports, name):
    source, doc = final_exports[name]
    table = _plan_fact(doc)
    assert len(table.pages) >= 2  # it does run over pages
    assert table.n_rows == len(source.rows) == 8  # 2 header rows, 5 activities, the totals row
    assert _read_cells(table) == _source_cells(source)
    # the task cells: «Задача1» over the first two activities, the second task over the next three
    firsts = [c for c in table.cells() if c.col == 0 and c.row >= 2 and c.text]
    assert [(c.row, c.row_span) for c in firsts] == [(2, 2), (4, 3)]
    assert sum(r.fragments - 1 for r in table.rows) >= 1  # a row split by the page was joined


def test_clipped_header_text_is_noted_not_read(final_exports):
    _source, doc = final_exports["repeated"]
    clipped = [n for n in doc.notes if "outside their clipping area" in n]
    assert clipped and all("(not visible)" in n for n in clipped)
    body = [c.text for c in _plan_fact(doc).cells() if c.row >= 2]
    assert not any(t.startswith("результат ") for t in body)  # the clipped header line is not in a body cell


def test_extracted_activities_match_the_docx_expectation(final_exports):
    from esep.normalize import normalize

    _source, doc = final_exports["repeated"]
    bundle = normalize(doc, source_file="repeated.pdf", sha256="0" * 64, extracted_at=dt.datetime.now(dt.timezone.utc))
    got = bundle.model_dump(mode="json")["activities"]
    expected = json.loads((SAMPLES / "expected" / "final_eco_mangystau.docx.json").read_text())["activities"]
    keys = ("activity_seq", "task_number", "title", "participants_planned", "participants_actual", "outcome")
    assert [{k: a[k] for k in keys} for a in got] == [{k: a[k] for k in keys} for a in expected]
    assert [_squash(a["task"]) for a in got] == [_squash(a["task"]) for a in expected]


# --------------------------------------------------------------- reportlab

W4 = [150, 200, 60, 60]
HEAD = ["Task", "Activity", "Plan", "Fact"]


def _task_lines(n: int) -> list[str]:
    return wrap(" ".join(f"improve the skills of press officers in region {i}" for i in range(n)), W4[0])


def test_continued_row_whose_first_cell_is_a_merged_task_cell(tmp_path):
    # page 1 ends inside activity 1; its task cell, merged over activities 1 and 2,
    # goes on at the top of page 2 and still covers activity 2 there
    b = PdfBuilder(tmp_path / "task.pdf")
    b.new_page()
    body_top = 40 + 17.25
    rows_h = 520 - body_top
    n = int((rows_h - 6) // 11.25)
    task = _task_lines(40)
    act = wrap(" ".join(f"training session {i} for journalists and" for i in range(40)), W4[1])
    b.table(40, 40, W4, [HEAD, [{"lines": task[:n]}, {"lines": act[:n]}, "50", "52"]], heights=[17.25, rows_h])
    b.new_page()
    b.table(40, 40, W4, [
        HEAD,
        [{"lines": task[n:n + 3], "rs": 2}, {"lines": act[n:n + 2]}, "", ""],
        [None, "Online webinar on access to information", "30", "41"],
        ["", "", "Total", "93"],
    ])
    doc = read(b.save())
    (t,) = doc.tables()
    assert t.n_rows == 4  # header, activity 1 (two fragments), activity 2, total
    task_cell = t.rows[1].cells[0]
    assert (task_cell.row_span, task_cell.pages) == (2, (1, 2))
    assert task_cell.text == " ".join(task[: n + 3])
    assert t.rows[1].fragments == 2 and t.rows[1].cells[1].text == " ".join(act[: n + 2])
    assert [c.text for c in t.rows[2].cells] == ["Online webinar on access to information", "30", "41"]
    assert [c.text for c in t.rows[3].cells][-2:] == ["Total", "93"]


def test_merged_task_cell_goes_on_over_activities_on_the_next_page(tmp_path):
    # the page breaks between two activities of one task: the rest of the
    # task cell on page 2 is an empty cell merged over the activities there
    b = PdfBuilder(tmp_path / "between.pdf")
    b.new_page()
    acts = [[f"Activity {i}", str(10 + i), str(20 + i)] for i in range(1, 5)]
    first_task = [{"text": "Task 1: media literacy", "rs": 4}, *acts[0]]
    b.table(40, 40, W4, [HEAD, first_task] + [[None, *a] for a in acts[1:]])
    b.new_page()
    b.table(40, 40, W4, [
        HEAD,
        [{"text": "", "rs": 2}, "Activity 5", "15", "25"],
        [None, "Activity 6", "16", "26"],
        ["Task 2: open data", "Activity 7", "17", "27"],
    ])
    (t,) = read(b.save()).tables()
    assert t.n_rows == 8 and all(r.fragments == 1 for r in t.rows)
    firsts = [(c.text, c.row, c.row_span) for c in t.cells() if c.col == 0 and c.row > 0]
    assert firsts == [("Task 1: media literacy", 1, 6), ("Task 2: open data", 7, 1)]


def test_new_number_at_the_top_of_a_page_stays_a_row(tmp_path):
    # the last row of page 1 is one line high, so each of its cells "ran to the
    # bottom"; page 2 starts with row 30, whose texts even start in lower case
    widths = [40, 200, 200, 60]
    head = ["No", "Activity", "Result", "Count"]
    b = PdfBuilder(tmp_path / "number.pdf")
    b.new_page()
    rows = [[str(i), f"seminar {i} in the region", "held as planned", "5"] for i in range(1, 30)]
    b.table(40, 40, widths, [head] + rows)
    b.new_page()
    b.table(40, 40, widths, [head, ["30", "round table with partners", "held online", "7"]])
    (t,) = read(b.save()).tables()
    assert [row[0] for row in t.text_grid()][-3:] == ["28", "29", "30"]
    assert all(r.fragments == 1 for r in t.rows)
    assert t.rows[-1].cells[1].text == "round table with partners"


def test_task_text_longer_than_its_rows_goes_on_beside_the_next_activity():
    """Rows never split (w:cantSplit): the task cell's text, longer than the one
    activity row it had room for, goes on beside the next activity, mid-word. The
    next activity stays a row; the task cell takes the rest of its words and covers it."""
    from dataclasses import dataclass

    from esep.extract.pdf.stitch_rules import merged_text_goes_on

    @dataclass
    class Tail:
        text: str
        tail_text: str
        tail_lines: int
        tail_gap: float | None
        tail_lh: float

    cut = Tail("Задача 1: Организация … в целях осуществл", "в целях осуществл", 8, 2.0, 11.0)
    assert merged_text_goes_on("ения взаимодействия со СМИ.", cut, 1.0, 1.0)
    assert not merged_text_goes_on("Задача 2: Организация", cut, 1.0, 1.0)  # a new task starts
    ended = Tail("Задача 1: Организация церемонии.", "Организация церемонии.", 3, 2.0, 11.0)
    assert not merged_text_goes_on("ения взаимодействия", ended, 1.0, 1.0)  # its text had ended
    short = Tail("Задача 1: Организация", "Организация", 1, 40.0, 11.0)
    assert not merged_text_goes_on("ения взаимодействия", short, 1.0, 1.0)  # it did not reach its bottom
    assert not merged_text_goes_on("ения взаимодействия", cut, 0.5, 1.0)  # not under it


def test_row_the_page_cut_through_goes_on_with_a_few_cells():
    """Every cell of the last row reached its bottom (the page cut through the row) and
    the new page goes on with its outlet's second line and a link only: one row."""
    from dataclasses import dataclass

    from esep.extract.pdf.stitch_rules import Fragment, Piece, continues

    @dataclass
    class Tail:
        text: str
        tail_text: str
        tail_lines: int
        tail_gap: float | None
        tail_lh: float

    outlet, date = Tail("Insta:", "Insta:", 1, 2.5, 10.0), Tail("25 мая", "25 мая", 1, 2.5, 10.0)
    pieces = [Piece("@gamoaktau", outlet, True, 1.0), Piece("https://www.instagram.com/p/x/", date, False, 1.0)]
    assert continues(Fragment(pieces, 1, outlet, 1, prev_filled=3))
    # a new row of its own: a capitalised outlet and most cells filled
    new = [Piece("Сайт gamo.kz", outlet, True, 1.0), Piece("Пост", date, False, 1.0),
           Piece("12", date, False, 1.0), Piece("30 мая", date, False, 1.0)]
    assert not continues(Fragment(new, 1, outlet, 1, prev_filled=3))


def test_row_cut_through_goes_on_though_names_start_with_capitals():
    """«Управление внутренней политики | Заказчик \\ Административная | … с» on one page,
    «Мангистауской области | поддержка | НПО» on the next: one partner row."""
    from dataclasses import dataclass

    from esep.extract.pdf.stitch_rules import Fragment, Piece, continues

    @dataclass
    class Tail:
        text: str
        tail_text: str
        tail_lines: int
        tail_gap: float | None
        tail_lh: float

    name = Tail("Управление внутренней политики", "Управление внутренней политики", 2, 2.0, 11.0)
    role = Tail("Заказчик \\ Административная", "Заказчик \\ Административная", 2, 2.0, 11.0)
    contacts = Tail("+7 701 223 2025 – отдел по работе с", "+7 701 223 2025 – отдел по работе с", 2, 2.0, 11.0)
    frag = [Piece("Мангистауской области", name, True, 1.0), Piece("поддержка", role, False, 1.0),
            Piece("НПО", contacts, False, 1.0)]
    assert continues(Fragment(frag, 1, name, 1, prev_filled=2))
    # the same row complete on its page (its cells ended above the bottom): a new partner row
    done = [Tail(t.text, t.tail_text, 1, 60.0, 11.0) for t in (name, role, contacts)]
    frag2 = [Piece("Акимат области", done[0], True, 1.0), Piece("информационная поддержка", done[1], False, 1.0),
             Piece("+7 7292 50 50 50", done[2], False, 1.0)]
    assert not continues(Fragment(frag2, 1, done[0], 1, prev_filled=2))
