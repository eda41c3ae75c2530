"""The committed sample reports in samples/ exist, are valid, and are what
samples/build.py makes.  Fast; needs no LibreOffice (the PDF is only read)."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import docx
import docx.table
import docx.text.paragraph
import pdfplumber
import pytest
from docx.oxml.ns import qn

from tests.conftest import REPO, load_script  # noqa: E402
SAMPLES = REPO / "samples"
SEEDS = REPO.parent / "shared" / "seeds"
if not SEEDS.exists():
    SEEDS = Path("/work/shared/seeds")

DOCX_FILES = ["final_eco_mangystau.docx", "interim_gamo.docx", "final_kk_zhasyl_dala.docx",
              "final_2024_sana_pavlodar.docx"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _load_build():
    return load_script("samples_build", SAMPLES / "build.py")


def _cell_texts(table):
    """Rows of cell texts, one entry per w:tc (merged cells appear once per tc)."""
    return [
        ["\n".join(p.text for p in docx.table._Cell(tc, table).paragraphs) for tc in tr.tc_lst]
        for tr in table._tbl.tr_lst
    ]


def _merges(table):
    spans, vmerges = [], []
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            if tc.grid_span > 1:
                spans.append((r, col, tc.grid_span))
            if tc.vMerge is not None:
                vmerges.append((r, col, tc.vMerge))
            col += tc.grid_span
    return spans, vmerges


@pytest.mark.parametrize("name", DOCX_FILES)
def test_docx_is_a_valid_package(name):
    path = SAMPLES / name
    assert path.is_file(), f"missing {path}: run samples/build.py"
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "docProps/core.xml"} <= names
    d = docx.Document(path)
    assert d.paragraphs and d.tables


def test_pdf_is_landscape_with_links():
    path = SAMPLES / "interim_gamo.pdf"
    assert path.is_file()
    assert path.read_bytes()[:5] == b"%PDF-"
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 5
        assert all(p.width > p.height for p in pdf.pages)
        uris = {a["uri"] for p in pdf.pages for a in p.annots if a.get("uri")}
        assert "https://t.me/msugamo" in uris
        assert len(uris) == 26
        text = pdf.pages[0].extract_text()
        assert "ПРОМЕЖУТОЧНЫЙ ПРОГРАММНЫЙ ОТЧЕТ" in text
        # the work table's rows run on over pages: a continuation with an empty № cell
        continued = 0
        for page in pdf.pages[1:5]:
            for t in page.extract_tables():
                if len(t[0]) == 9 and (t[0][0] or "").strip() == "№" and len(t) > 1:
                    continued += not (t[1][0] or "").strip()
        assert continued >= 3


def test_final_ru_structure():
    d = docx.Document(SAMPLES / "final_eco_mangystau.docx")
    assert [p.text for p in d.paragraphs[:2]] == ["ЗАКЛЮЧИТЕЛЬНЫЙ", "ПРОГРАММНЫЙ ОТЧЕТ"]
    assert "Сумма гранта: 5\u00a0000\u00a0000 тенге " in [p.text for p in d.paragraphs]
    assert len(d.tables) == 8
    results = d.tables[1]
    spans, vmerges = _merges(results)
    assert (0, 4, 2) in spans  # Индикаторы over план | факт
    restarts = {(r, c) for r, c, v in vmerges if v == "restart"}
    assert {(2, 0), (2, 2), (2, 3), (4, 0), (4, 2), (4, 3)} <= restarts
    assert _cell_texts(results)[-1][3:6] == ["ИТОГО", "550", "595"]
    spans, _ = _merges(d.tables[7])
    assert [s[2] for s in spans] == [3, 2, 4]


def test_interim_structure():
    d = docx.Document(SAMPLES / "interim_gamo.docx")
    sec = d.sections[0]
    assert sec.page_width > sec.page_height
    work, pubs = d.tables
    first = work._tbl.tr_lst[0]
    assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    assert not work._tbl.xpath(".//w:cantSplit")
    _, vmerges = _merges(work)
    assert (4, 0, "restart") in vmerges and (5, 1, "continue") in vmerges
    rows = _cell_texts(pubs)
    assert rows[1][0] == "из них:"
    assert ["Публикации партнеров и СМИ"] in rows
    assert ["Fb: @GAMO.Mangystau", "Пост про тренинги", "1", "152"] in [r[:4] for r in rows]
    xml = zipfile.ZipFile(SAMPLES / "interim_gamo.docx").read("word/document.xml").decode()
    assert xml.count("<w:hyperlink ") == 26
    rels = d.part.rels.values()
    links = {r.target_ref for r in rels if r.reltype.endswith("/hyperlink")}
    assert all(r.is_external for r in rels if r.reltype.endswith("/hyperlink"))
    assert "https://www.instagram.com/p/Cq4MuD9cmHal&id=100024377170297&sfnsn=mo" in links


def test_kazakh_numbers():
    d = docx.Document(SAMPLES / "final_kk_zhasyl_dala.docx")
    texts = [p.text for p in d.paragraphs]
    assert texts[:2] == ["ҚОРЫТЫНДЫ", "БАҒДАРЛАМАЛЫҚ ЕСЕП"]
    assert "Гранттың сомасы: 3\u00a0450\u00a0000 теңге" in texts
    num = lambda s: int(re.sub(r"\s", "", s))  # noqa: E731
    tables = [_cell_texts(t) for t in d.tables]
    results, effect, gender, status, ages = tables[1], tables[2], tables[3], tables[4], tables[5]
    facts = [num(r[5]) for r in results[2:-1]]
    plans = [num(r[4]) for r in results[2:-1]]
    assert results[-1][3:6] == ["БАРЛЫҒЫ", str(sum(plans)), str(sum(facts))] == ["БАРЛЫҒЫ", "450", "505"]
    money = {r[0]: num(r[4]) for r in effect[1:] if r[2] == "теңге"}
    assert money["6."] + money["7."] + money["8."] == 3_450_000
    total = num(gender[1][0])
    assert total == 505 == sum(map(num, gender[1][1:])) == sum(map(num, status[1][1:]))
    assert num(ages[1][0]) == 505 and sum(map(num, ages[1][1:])) == 495  # the deliberate inconsistency


@pytest.mark.skipif(not (SEEDS / "final_report_eco_mangystau.txt").exists(), reason="shared/seeds not available")
def test_final_ru_reads_back_as_the_seed():
    """Paragraphs, then table cells as "\\t" + lines with a blank line after each
    row: the seed's own text layout.  Only the future-projects table's last row
    differs (the seed has a stray space before a cell tab)."""
    d = docx.Document(SAMPLES / "final_eco_mangystau.docx")
    out = []
    for el in d.element.body.iterchildren():
        if el.tag == W + "p":
            out.append(docx.text.paragraph.Paragraph(el, d).text + "\n")
        elif el.tag == W + "tbl":
            for row in _cell_texts(docx.table.Table(el, d)):
                out.extend("\t" + cell + "\n" for cell in row)
                out.append("\n")
    ours = "".join(out).split("\n")
    seed = (SEEDS / "final_report_eco_mangystau.txt").read_text(encoding="utf-8").split("\n")
    assert ours[:370] == seed[:370]


def test_docx_files_match_a_fresh_build(tmp_path):
    build = _load_build()
    assert build.main(["--no-pdf", "--out", str(tmp_path)]) == 0
    for name in DOCX_FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), f"{name} is stale: rerun samples/build.py"
    sys.modules.pop("samples_build", None)
