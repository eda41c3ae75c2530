"""Tables without vertical rules (extract/pdf/borderless/).

The sample reports are built again with their tables set without vertical
rules (samples/build.py, Table.borders "rules": a rule under the header and
one under the last row; "none": no rules) at 8.5 pt and exported with
LibreOffice, once for the module.  Small reportlab PDFs
(tests/pdf_factory.py) pin down the geometry for the cases that must stay
prose.
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from esep.extract.model import Paragraph, Table
from esep.extract.pdf.reader import read_pdf
from tests.conftest import FOREIGN, SAMPLES, load_script
from tests.pdf_factory import PdfBuilder, wrap

EXPECTED = SAMPLES / "expected"
PLUMBER = FOREIGN / "pdfplumber-tests"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """name -> (PDF path, the document model it was built from)."""
    build = load_script("samples_build", SAMPLES / "build.py")
    if build.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    final = load_script("content_final_ru", SAMPLES / "content_final_ru.py")
    interim = load_script("content_interim_ru", SAMPLES / "content_interim_ru.py")
    out = tmp_path_factory.mktemp("borderless")
    made = {}
    for name, module, borders, repeat_header in (
        ("final_rules", final, "rules", True),
        ("final_none", final, "none", True),
        ("interim_rules", interim, "rules", True),
        ("interim_rules_no_header", interim, "rules", False),
        ("interim_none_no_header", interim, "none", False),
    ):
        doc = copy.deepcopy(module.DOCUMENT)
        for block in doc.blocks:
            if type(block).__name__ == "Table":
                block.borders, block.font_size = borders, 8.5
                for row in block.rows:
                    row.header = row.header and repeat_header
        docx_path = out / f"{name}.docx"
        build.render_docx(doc, docx_path)
        made[name] = (build.export_pdf(docx_path, out / f"{name}.pdf"), doc)
    return made


def tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def paragraphs(doc) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def _key(text: str) -> str:
    """Cell text up to line wrapping: no spaces, hyphens or line breaks."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def truth(spec) -> dict[tuple[int, int], tuple[str, int, int]]:
    """(row, col) -> (text, row span, col span) of a samples/docmodel table,
    rows without any text left out (a PDF does not show them)."""
    rows = [r for r in spec.rows if any(p.text.strip() for c in r.cells for p in c.paras) or any(c.vmerge for c in r.cells)]
    out: dict[tuple[int, int], tuple[str, int, int]] = {}
    anchor: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(rows):
        col = 0
        for cell in row.cells:
            if cell.vmerge == "continue":
                a = anchor[col]
                text, rs, cs = out[a]
                out[a] = (text, rs + 1, cs)
            else:
                out[(r, col)] = (" ".join(p.text for p in cell.paras), 1, cell.span)
                anchor[col] = (r, col)
            col += cell.span
    return out


def read(table: Table) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {(c.row, c.col): (c.text, c.row_span, c.col_span) for row in table.rows for c in row.cells}


def differences(want, got) -> list:
    out = []
    for k in sorted(set(want) | set(got)):
        a, b = want.get(k), got.get(k)
        if a is None or b is None:
            if _key((a or b)[0]):
                out.append((k, a, b))
        elif _key(a[0]) != _key(b[0]) or a[1:] != b[1:]:
            out.append((k, a, b))
    return out


def column_texts(cells: dict) -> list[str]:
    """All the text of each column, top to bottom (where rows split, text
    must still land in its column)."""
    cols: dict[int, str] = {}
    for (r, c), (text, _rs, _cs) in sorted(cells.items()):
        cols[c] = cols.get(c, "") + _key(text)
    return [cols[c] for c in sorted(cols)]


def spec_tables(doc_spec):
    return [b for b in doc_spec.blocks if type(b).__name__ == "Table"]


# ---------------------------------------------------------------------------
# the sample reports without vertical rules


def test_final_report_rules_tables_are_the_documents_tables(built):
    """Every table of the final report, set with horizontal rules only, reads
    as the document's table (cell texts up to wrapping, row counts, spans).
    The work table's first task cell runs over a page break, which the
    page stitching does not join yet: there its text must still stay in its
    column."""
    path, spec = built["final_rules"]
    doc = read_pdf(path)
    got = [t for t in tables(doc) if t.depth == 0]
    want = spec_tables(spec)
    assert len(got) == len(want) == 8
    for i, (w, g) in enumerate(zip(want, got)):
        if i == 1:  # the work table: 2 header rows, 5 activities, ИТОГО
            assert column_texts(read(g)) == column_texts(truth(w))
            assert [c.text for c in g.rows[-1].cells][3:6] == ["ИТОГО", "550", "595"]
            continue
        assert differences(truth(w), read(g)) == [], f"table {i}"


def test_final_report_rules_numbers_and_header(built):
    path, _spec = built["final_rules"]
    work = tables(read_pdf(path))[1]
    header = {(c.row, c.col): (c.text, c.row_span, c.col_span) for c in work.rows[0].cells + work.rows[1].cells}
    assert header[(0, 0)] == ("Задача", 2, 1)
    assert header[(0, 4)] == ("Индикаторы", 1, 2)
    assert (header[(1, 4)][0], header[(1, 5)][0]) == ("план", "факт")
    plan_fact = [(r.cells[-3].text, r.cells[-2].text) for r in work.rows[2:] if len(r.cells) >= 3]
    assert ("100", "166") in plan_fact and ("50", "27") in plan_fact and ("550", "595") in plan_fact


def test_final_report_without_any_rules(built):
    """With no rules at all the multi-column tables are still found; the
    two-column "label: value" table is then prose, as it must be.  The last
    table's header has two one- and two-line cells side by side over a body
    of merged cells, too little to place their boundary without a rule:
    there the text must still all be in the table."""
    path, spec = built["final_none"]
    doc = read_pdf(path)
    got = [t for t in tables(doc) if t.depth == 0]
    want = spec_tables(spec)[1:]  # the 2 x 2 "Цель проекта" table has nothing to show it
    assert len(got) == len(want)
    assert any(p.text.startswith("Цель проекта") for p in paragraphs(doc))
    for i, (w, g) in enumerate(zip(want, got), start=1):
        if i == 1:
            assert column_texts(read(g)) == column_texts(truth(w))
        elif i == 7:
            assert sorted("".join(column_texts(read(g)))) == sorted("".join(column_texts(truth(w))))
        else:
            assert differences(truth(w), read(g)) == [], f"table {i}"


@pytest.mark.parametrize("name", ["interim_rules", "interim_rules_no_header", "interim_none_no_header"])
def test_interim_work_table_has_its_five_rows(built, name):
    """The interim work table runs over four pages; its rows break at the
    page foot with empty "№" and task cells on the next page, with or
    without a repeated header, with or without rules."""
    path, spec = built[name]
    doc = read_pdf(path)
    got = [t for t in tables(doc) if t.depth == 0]
    want = spec_tables(spec)
    assert len(got) == 2
    assert differences(truth(want[0]), read(got[0])) == []
    assert got[0].n_rows == 6
    assert [row[0].text for row in got[0].grid()] == ["№", "1", "2", "3", "4", "4"]  # "4" spans the last two
    assert got[0].rows[2].fragments == 3  # row 2 runs from page 2 to page 4
    assert column_texts(read(got[1])) == column_texts(truth(want[1]))


def _bundle(path) -> dict:
    from esep.pipeline import process_file

    return process_file(path, source_file=path.name).model_dump(mode="json")


def _same(want, got) -> bool:
    if isinstance(want, str) and isinstance(got, str):
        return _key(want) == _key(got)
    return want == got


@pytest.mark.parametrize("name", ["interim_rules", "interim_rules_no_header"])
def test_interim_extracts_like_the_docx(built, name):
    """esep extract: the activities, indicators and demographics of
    samples/expected/interim_gamo.docx.json (numbers exactly, text up to
    line wrapping)."""
    path, _spec = built[name]
    got = _bundle(path)
    want = json.loads((EXPECTED / "interim_gamo.docx.json").read_text(encoding="utf-8"))
    for key in ("activities", "indicators", "demographics"):
        assert len(got[key]) == len(want[key]), key
        for w, g in zip(want[key], got[key]):
            bad = {f: (w[f], g.get(f)) for f in w if f not in ("source_page", "source_bbox") and not _same(w[f], g.get(f))}
            assert bad == {}, key


def test_final_extracts_effect_indicators_and_demographics(built):
    path, _spec = built["final_rules"]
    got = _bundle(path)
    want = json.loads((EXPECTED / "final_eco_mangystau.docx.json").read_text(encoding="utf-8"))
    for key, keep in (
        ("indicators", lambda i: i["scope"] != "activity"),
        ("demographics", lambda d: True),
    ):
        w_rows = [x for x in want[key] if keep(x)]
        g_rows = [x for x in got[key] if keep(x)]
        assert len(g_rows) == len(w_rows), key
        for w, g in zip(w_rows, g_rows):
            bad = {
                f: (w[f], g.get(f))
                for f in w
                if f not in ("source_page", "source_bbox", "source_row", "activity_seq") and not _same(w[f], g.get(f))
            }
            assert bad == {}, key


# ---------------------------------------------------------------------------
# small PDFs of known geometry

PROSE = (
    "The programme brought together journalists, press officers and state bodies of the region "
    "to discuss access to information, and the training sessions were held in two cities with "
    "speakers invited from the capital. Participants rated the sessions highly and asked for "
    "further meetings on the legal aspects of their work, which the organisers promised to hold "
    "in the coming year together with the regional administration and its press service."
)
HEAD = ["No", "Task", "Activity", "Plan", "Fact"]
WIDTHS = [40, 150, 200, 60, 60]


def _cell(text: str, width: float) -> str:
    """``text`` wrapped as a word processor would in a cell ``width`` wide."""
    return "\n".join(wrap(text, width, size=9))


def _rows(n: int, start: int = 1) -> list[list[str]]:
    out = []
    for i in range(start, start + n):
        activity = _cell(f"Activity {i}: a seminar for journalists and press officers held in May", WIDTHS[2])
        out.append([f"{i}.", f"Task {i} of the project", activity, str(10 * i), str(10 * i + 2)])
    return out


def test_prose_lists_and_label_blocks_are_not_tables(tmp_path):
    b = PdfBuilder(tmp_path / "prose.pdf")
    b.new_page()
    top = 40.0
    for _ in range(4):  # justified paragraphs: their word spaces make short rivers
        top = b.justified(40, top, 400, PROSE, size=11) + 8
    words = PROSE.split()
    for i in range(6):  # a bulleted list with a hanging indent
        b.text(40, top, "•", size=11)
        item = " ".join(words[i * 7 : i * 7 + 9 + i % 4])
        top = b.lines(58, top, wrap(item, 300, size=11, pad=0.0), size=11) + 3
    for label, value in (("Grantee:", "Public foundation Eco"), ("Theme:", "Dialogue between state bodies"),
                         ("Amount:", "5 000 000 tenge"), ("Period:", "April - November 2022"),
                         ("Region:", "Mangystau region")):
        b.text(40, top, label, size=11, bold=True)
        b.text(160, top, value, size=11)
        top += 14
    b.new_page()
    for x in (40, 330):  # two columns of text
        t = 40.0
        for _ in range(5):
            t = b.justified(x, t, 250, PROSE, size=10) + 6
    doc = read_pdf(b.save())
    assert tables(doc) == []
    assert any(p.text.startswith("Grantee:") for p in paragraphs(doc))


@pytest.mark.parametrize("borders", ["rules", "none"])
def test_borderless_table_of_known_geometry(tmp_path, borders):
    b = PdfBuilder(tmp_path / f"{borders}.pdf")
    b.new_page()
    b.justified(40, 40, 500, PROSE, size=10)
    bottom = b.table(40, 120, WIDTHS, [HEAD] + _rows(5), borders=borders, vpad=1.0)
    b.justified(40, bottom + 20, 500, PROSE, size=10)
    doc = read_pdf(b.save())
    (t,) = tables(doc)
    grid = t.text_grid()
    assert grid[0] == HEAD
    assert [row[0] for row in grid] == ["No", "1.", "2.", "3.", "4.", "5."]
    assert grid[3] == ["3.", "Task 3 of the project",
                       "Activity 3: a seminar for journalists and press officers held in May", "30", "32"]
    assert len(paragraphs(doc)) == 2


def test_row_broken_by_a_page_with_empty_first_cells_is_stitched(tmp_path):
    """No repeated header; the row goes on with empty "No" and task cells."""
    b = PdfBuilder(tmp_path / "broken.pdf")
    b.new_page()
    text = "Activity 4: a seminar for journalists and press officers which goes on over the page break and ends here"
    lines = wrap(text, WIDTHS[2], size=9)
    rows = [HEAD] + _rows(3) + [["4.", "Task 4 of the project", "\n".join(lines[:2]), "40", "42"]]
    b.table(40, 380, WIDTHS, rows, borders="none", vpad=1.0)
    b.text(420, 570, "1")
    b.new_page()
    rest = [["", "", "\n".join(lines[2:]), "", ""]] + _rows(2, start=5)
    b.table(40, 40, WIDTHS, rest, borders="none", vpad=1.0)
    b.text(420, 570, "2")
    doc = read_pdf(b.save())
    (t,) = tables(doc)
    grid = t.text_grid()
    assert [row[0] for row in grid] == ["No", "1.", "2.", "3.", "4.", "5.", "6."]
    assert grid[4][2] == text
    assert t.rows[4].fragments == 2 and t.rows[4].pages == (1, 2)


def test_two_column_table_needs_its_rules(tmp_path):
    goal = "Dialogue between state bodies and the press"
    result = "Two trainings held for fifty journalists and press officers of the state bodies of the region"
    rows = [["Goal of the project:", _cell(goal, 160)], ["Result:", _cell(result, 160)]]
    found = {}
    for borders in ("rules", "none"):
        b = PdfBuilder(tmp_path / f"two_{borders}.pdf")
        b.new_page()
        b.table(40, 60, [150, 160], rows, borders=borders, vpad=1.0)
        found[borders] = tables(read_pdf(b.save()))
    assert [t.text_grid() for t in found["rules"]] == [[
        ["Goal of the project:", goal],
        ["Result:", result],
    ]]
    assert found["none"] == []


# ---------------------------------------------------------------------------
# third-party PDFs


@pytest.mark.parametrize(
    "name, pages",
    [
        ("federal-register-2020-17221.pdf", (1, 2, 3)),  # three columns of running text
        ("issue-982-example.pdf", (4, 5, 7)),  # two columns, a bibliography, code
        ("scotus-transcript-p1.pdf", (1,)),  # a typed transcript with line numbers
    ],
)
def test_foreign_prose_is_not_a_table(name, pages):
    path = PLUMBER / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    doc = read_pdf(path)
    assert [t for t in tables(doc) if set(t.pages) & set(pages)] == []
