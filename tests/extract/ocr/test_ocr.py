"""OCR of pages without a usable text layer: triage, image grid, Tesseract, confidence.

Small synthetic scans are made at test time (reportlab page -> pypdfium2
raster -> turned, noised -> image-only PDF).  The bundled scanned sample
is tested in tests/extract/ocr/test_ocr_scan.py.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pytest

from esep.extract import read

from esep.extract.ocr import engine as ocr

from esep.extract.ocr import page as ocr_page

from esep.extract.ocr import triage as ocr_triage

from esep.extract.ocr import words as ocr_words

from esep.extract.ocr import raster
from esep.extract.errors import LimitExceeded, MissingComponent
from tests.pdf_factory import PdfBuilder, dejavu_available

from tests.conftest import REPO  # noqa: E402
SAMPLES = REPO / "samples"
HAVE_TESSERACT = shutil.which("tesseract") is not None
needs_tesseract = pytest.mark.skipif(not HAVE_TESSERACT, reason="Tesseract is not installed")
needs_dejavu = pytest.mark.skipif(not dejavu_available(), reason="DejaVu fonts (fonts-dejavu-core) missing")

A4 = (595.0, 842.0)
TABLE = [
    [{"text": "№", "rs": 2}, {"text": "Көрсеткіш", "rs": 2}, {"text": "Индикаторы", "cs": 2}, None],
    [None, None, "план", "факт"],
    ["1.", "Тікелей бенефициарлар", "450", "505"],
    ["2.", "Жанама бенефициарлар", "3 000", "4 200"],
    ["3.", "Штаттық қызметкерлер", "12", "17"],
]


def _text_page(b: PdfBuilder) -> None:
    b.text(60, 60, "ЗАКЛЮЧИТЕЛЬНЫЙ ОТЧЕТ", size=14, bold=True)
    b.text(60, 95, "Грантополучатель: «Жасыл Дала» қоғамдық бірлестігі", size=11)
    b.text(60, 115, "Сумма гранта: 3 450 000 тенге", size=11)
    b.table(60, 150, [40, 220, 110, 110], TABLE, size=11)
    b.text(60, 400, "Барлығы 505 адам қатысты.", size=11)


def _raster(pdf_path: Path, dpi: int = 200, angle: float = 1.2, seed: int = 7) -> list:
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(pdf_path))
    out = []
    for i in range(len(pdf)):
        img = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        a = np.asarray(img, dtype=np.float32) * 0.92 + rng.normal(0, 6, size=(img.height, img.width))
        out.append(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode="L"))
    pdf.close()
    return out


def _image_pdf(images, path: Path, dpi: int = 200) -> Path:
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=80)
    return path


@pytest.fixture(scope="module")
def synthetic_scan(tmp_path_factory) -> Path:
    if not dejavu_available():
        pytest.skip("DejaVu fonts missing")
    root = tmp_path_factory.mktemp("scan")
    b = PdfBuilder(root / "clean.pdf", pagesize=A4, font="DejaVu")
    b.new_page()
    _text_page(b)
    b.save()
    return _image_pdf(_raster(root / "clean.pdf"), root / "scan.pdf")


# ---------------------------------------------------------------- end to end

@needs_tesseract
def test_scanned_page_gives_the_text_pdf_model(synthetic_scan):
    doc = read(synthetic_scan)
    assert doc.source_format == "pdf_scanned" and doc.page_count == 1
    assert any(n.startswith("Page 1 read by OCR (Tesseract rus+kaz): no text layer") for n in doc.notes)
    assert any("Deskewed OCR pages by 1: -1.2" in n for n in doc.notes), doc.notes
    tables = list(doc.tables())
    assert len(tables) == 1
    t = tables[0]
    assert (t.n_rows, t.n_cols) == (5, 4)
    grid = t.text_grid()
    # the numbers (a thin space inside a number may be lost: "4200" for "4 200")
    assert [[v.replace(" ", "") for v in row[2:]] for row in grid[2:]] == [["450", "505"], ["3000", "4200"], ["12", "17"]]
    anchors = {(c.row, c.col): c for c in t.cells()}
    assert anchors[(0, 2)].col_span == 2 and anchors[(0, 0)].row_span == 2 and anchors[(0, 1)].row_span == 2
    assert "Тікелей" in grid[2][1] and "қызметкерлер" in grid[4][1]  # Kazakh letters: rus+kaz
    for c in t.cells():
        assert (c.confidence is None) == (c.text == "")
        assert c.confidence is None or 0.0 <= c.confidence <= 1.0
        assert c.pages == (1,)
        # its box: PDF points on the A4 page (Tesseract's pixels over the render scale)
        assert c.bbox is not None and 0 <= c.bbox.x0 < c.bbox.x1 <= 596 and 0 <= c.bbox.top < c.bbox.bottom <= 842
    assert all(p.bbox is not None and p.bbox.bottom <= 842 for p in doc.paragraphs())
    paras = [p.text for p in doc.paragraphs()]
    assert paras[0] == "ЗАКЛЮЧИТЕЛЬНЫЙ ОТЧЕТ"
    assert "Сумма гранта: 3 450 000 тенге" in paras
    assert paras[-1] == "Барлығы 505 адам қатысты."
    assert next(p for p in doc.paragraphs()).bold  # bold from stroke width


@needs_tesseract
@needs_dejavu
def test_only_the_page_without_text_is_ocrd(tmp_path):
    """A text page and a scanned page: the document stays "pdf", page 2 is OCR'd."""
    b = PdfBuilder(tmp_path / "clean.pdf", pagesize=A4, font="DejaVu")
    b.new_page()
    _text_page(b)
    b.save()
    png = tmp_path / "page.png"
    _raster(tmp_path / "clean.pdf", angle=0.0)[0].save(png)
    mixed = PdfBuilder(tmp_path / "mixed.pdf", pagesize=A4, font="DejaVu")
    mixed.new_page()
    mixed.text(60, 60, "Страница с текстовым слоем: Сумма гранта 5 000 000 тенге", size=11)
    mixed.new_page()
    mixed.c.drawImage(str(png), 0, 0, width=A4[0], height=A4[1])
    mixed.save()
    doc = read(tmp_path / "mixed.pdf")
    assert doc.source_format == "pdf" and doc.page_count == 2
    assert any(n.startswith("Page 2 read by OCR") for n in doc.notes)
    assert not any(n.startswith("Page 1 read by OCR") for n in doc.notes)
    t = next(doc.tables())
    assert t.pages == (2,) and t.text_grid()[2][2:] == ["450", "505"]
    assert next(doc.paragraphs()).text.startswith("Страница с текстовым слоем")


@needs_tesseract
@needs_dejavu
def test_a_page_scanned_sideways_is_turned_upright(tmp_path):
    from PIL import Image

    b = PdfBuilder(tmp_path / "clean.pdf", pagesize=A4, font="DejaVu")
    b.new_page()
    _text_page(b)
    b.save()
    page = _raster(tmp_path / "clean.pdf", angle=0.8)[0].transpose(Image.Transpose.ROTATE_90)
    doc = read(_image_pdf([page], tmp_path / "sideways.pdf"))
    assert any("the scan was turned; read it turned 90 degrees clockwise" in n for n in doc.notes), doc.notes
    grid = next(doc.tables()).text_grid()
    assert grid[2][2:] == ["450", "505"]


# ------------------------------------------------------- missing or too slow

@needs_tesseract
def test_missing_tesseract_names_the_packages(synthetic_scan, monkeypatch, tmp_path):
    monkeypatch.setattr(ocr, "_CHECKED", None)
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(MissingComponent) as err:
        read(synthetic_scan)
    msg = str(err.value)
    assert "tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz" in msg and "\n" not in msg
    # a file that needs no OCR is not affected
    assert read(SAMPLES / "interim_gamo.pdf").source_format == "pdf"


@needs_tesseract
def test_missing_language_data_names_it(synthetic_scan, monkeypatch):
    monkeypatch.setattr(ocr, "_CHECKED", None)
    monkeypatch.setattr(ocr, "LANGUAGES", ("rus", "kaz", "zzz"))
    with pytest.raises(MissingComponent) as err:
        read(synthetic_scan)
    assert "no zzz language data" in str(err.value) and "tesseract-ocr-kaz" in str(err.value)


@needs_tesseract
def test_ocr_over_its_time_limit_fails_cleanly(synthetic_scan, monkeypatch):
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT_S", 0.01)
    with pytest.raises(LimitExceeded) as err:
        read(synthetic_scan)
    assert "OCR of page 1 took longer than 0.01 s and was stopped" in str(err.value)
    assert "\n" not in str(err.value)


# ------------------------------------------------------------------ triage

KAZAKH = (
    "Тікелей бенефициарлардың саны, оның ішінде халықтың әлеуметтік осал санаттарынан 20 адам. "
    "Жанама бенефициарлардың саны (БАҚ-та жариялау есебінен) 4 200. Қамтылған ҮЕҰ саны 3. "
    "Әлеуметтік жоба серіктестерінің саны 2. Іс-шаралар Түркістан қаласында өтті."
)


@pytest.mark.parametrize("text", [
    "Количество прямых бенефициаров, в том числе: 550 человек. Фактическое исполнение составляет 595.",
    KAZAKH,
    "• Стоимость 1 260 000 тенге; т.е. 3 шт. в г. Актау, тел. +7 701 223 2025, www.gamo.kz",
])
def test_good_text_layers_are_kept(text):
    assert ocr_triage.assess_text(text) is None


@pytest.mark.parametrize("text, reason", [
    ("(cid:31)(cid:45)(cid:12)(cid:7) (cid:22)(cid:5)(cid:9) 550 (cid:3)(cid:8)(cid:1)(cid:30) 595", "(cid:N)"),
    ("Ïðîãðàììíûé îò÷åò î ðåàëèçàöèè ñîöèàëüíîãî ïðîåêòà Ýêî Ìàíãèñòàó 2022 ãîä", "mojibake"),
    ("".join(" " if ch in "әғқңөұүһӘҒҚҢӨҰҮҺ" else ch for ch in KAZAKH), "Kazakh letters lost"),
    ("".join("" if ch in "әғқңөұүһӘҒҚҢӨҰҮҺ" else ch for ch in KAZAKH), "Kazakh letters lost"),
    ("Тiкелей бенефициарлардыѓ саны, оныѓ iшiнде халыќтыѓ ђлеуметтiк осал санаттарынан. "
     "Жанама бенефициарлардыѓ саны. Ќамтылѓан ЎЕЎ саны. Ђлеуметтiк жоба серiктестерiнiѓ саны.",
     "no Russian or Kazakh alphabet"),
    ("\ufffd\ufffd\ufffd\ufffd \ufffd\ufffd\ufffd \ufffd\ufffd 550 \ufffd\ufffd\ufffd 595 \ufffd\ufffd", "replacement"),
])
def test_broken_text_layers_go_to_ocr(text, reason):
    found = ocr_triage.assess_text(text)
    assert found is not None and reason in found, found


RUSSIAN_WITH_KAZAKH_NAMES = " ".join(
    f"В рамках проекта {i + 1}-го этапа общественное объединение «Мейірім» и фонд «Біз біргеміз» провели "
    "встречу с родителями детей с инвалидностью, обсудили план работы на следующий квартал, распределили "
    "обязанности между волонтёрами и подготовили отчёт о проделанной работе для заказчика."
    for i in range(8)
)


def test_kazakh_names_in_russian_prose_do_not_send_a_page_to_ocr():
    # 8 x «Мейірім», «Біз», «біргеміз» (і, none of ә ғ қ ң ө ұ ү һ) among ~280 Russian words
    words = RUSSIAN_WITH_KAZAKH_NAMES.split()
    assert 250 <= len(words) <= 320 and sum("і" in w.lower() for w in words) == 24
    assert ocr_triage.assess_text(RUSSIAN_WITH_KAZAKH_NAMES) is None


def test_kazakh_prose_without_its_letters_in_a_russian_page_still_goes_to_ocr():
    lost = "".join("" if ch in "әғқңөұүһӘҒҚҢӨҰҮҺ" else ch for ch in KAZAKH)
    found = ocr_triage.assess_text(" ".join([lost, RUSSIAN_WITH_KAZAKH_NAMES[:600], lost]))
    assert found is not None and "Kazakh letters lost" in found, found


def test_triage_on_the_samples():
    import pdfplumber

    with pdfplumber.open(SAMPLES / "interim_gamo.pdf") as pdf:
        assert [ocr_triage.assess(p) for p in pdf.pages] == [None] * len(pdf.pages)
    with pdfplumber.open(SAMPLES / "final_eco_mangystau_scan.pdf") as pdf:
        assert {ocr_triage.assess(p) for p in pdf.pages} == {"no text layer (a scanned image)"}


# ------------------------------------------------------------ image grid

def _drawn_table(angle: float = 0.0) -> np.ndarray:
    """A white 300 dpi page with a ruled 3x3 table whose top row spans two columns."""
    import cv2

    img = np.full((1200, 1000), 245, np.uint8)
    xs, ys = [100, 300, 600, 900], [200, 300, 400, 500]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 20, 3)
    for i, x in enumerate(xs):
        if i == 2:  # no wall between columns 1 and 2 in the top row
            cv2.line(img, (x, ys[1]), (x, ys[-1]), 20, 3)
        else:
            cv2.line(img, (x, ys[0]), (x, ys[-1]), 20, 3)
    for r, y in enumerate(ys[:-1]):
        cv2.putText(img, f"{r}", (xs[0] + 30, y + 70), cv2.FONT_HERSHEY_SIMPLEX, 2, 20, 4)
    for k in range(12):  # a paragraph of text-like strokes under the table
        cv2.putText(img, "Lorem ipsum dolor sit amet", (100, 620 + 40 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 30, 2)
    if angle:
        img = raster.rotate(img, angle)
    return img


@pytest.mark.parametrize("angle", [0.0, 1.5, -2.2])
def test_deskew_finds_the_angle(angle):
    img = _drawn_table(angle)
    est = raster.estimate_skew(img, 300)
    assert abs(est + angle) <= 0.1, est


def test_grid_with_a_merged_cell():
    img = _drawn_table()
    mask = raster.ink(img, 300)
    h, v = raster.ruling_lines(mask, 300)
    grids = raster.find_grids(h, v, 300)
    assert len(grids) == 1
    g = grids[0]
    assert len(g.xs) == 4 and len(g.ys) == 4
    assert len(g.cells) == 8  # 9 grid cells, two of them one merged cell
    top = [c for c in g.cells if abs(c[1] - 200) < 5]
    assert sorted(c[2] - c[0] for c in top) == [pytest.approx(200, abs=5), pytest.approx(600, abs=5)]


def test_specks_go_letters_stay():
    import cv2

    img = np.full((300, 600), 240, np.uint8)
    cv2.putText(img, "Text.", (50, 150), cv2.FONT_HERSHEY_SIMPLEX, 2, 20, 4)
    img[40:44, 500:504] = 30  # lonely speck
    mask = raster.ink(img, 300)
    clean = raster.despeckle(img, mask, 300)
    assert clean[40:44, 500:504].min() == 255
    assert (clean[100:160, 50:250] < 128).sum() == (img[100:160, 50:250] < 128).sum()


# --------------------------------------------------------------- OCR text

def test_tsv_parsing():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t100\t40\t96.5\tСумма\n"
        "5\t1\t1\t1\t1\t2\t120\t20\t60\t40\t12.0\t \n"
        "5\t2\t1\t1\t1\t1\t5\t5\t30\t30\t88\t550\n"
    ).encode()
    words = ocr.parse_tsv(tsv)
    assert [(w.text, w.conf, w.line) for w in words] == [("Сумма", 96.5, (1, 1, 1, 1)), ("550", 88.0, (2, 1, 1, 1))]
    assert words[0].right == 110 and words[0].bottom == 60


@pytest.mark.parametrize("text, want", [
    ("З", "3"), ("О", "0"), ("1О0", "100"), ("1260 000", "1 260 000"), ("3577 010.", "3 577 010."),
    ("162 990", "162 990"), ("2022 года", "2022 года"), ("Задача 3", "Задача 3"), ("Ол", "Ол"),
])
def test_digit_lookalikes_in_cells(text, want):
    assert ocr_words.fix_digits(text) == want


# ------------------------------------------------------- confidence to findings

def test_low_confidence_number_gets_a_finding():
    from esep.extract.model import Document, Provenance
    from esep.normalize import values
    from esep.normalize.context import Ctx

    ctx = Ctx(doc=Document(path="x.pdf", source_format="pdf_scanned", blocks=[]))
    prov = Provenance(pages=(3,), table=2, row=5)
    assert values.count(ctx, "3", prov, "actual level", confidence=0.5) == 3
    assert values.number(ctx, "550", prov, "planned level", confidence=0.97).value == 550
    assert values.money(ctx, "1 260 000", prov, "cost", confidence=None) == 1260000
    assert values.count(ctx, "—", prov, "blank", confidence=0.1) is None
    assert [(f.code, f.severity, f.location, f.value) for f in ctx.findings] == [
        ("low_confidence", "warning", "table 2 row 5 page 3", "3")
    ]
    assert "0.50" in ctx.findings[0].message


def test_confidence_survives_stitching():
    """A row broken across two OCR'd pages takes the lower confidence of its parts."""
    from esep.extract.ocr.stitch import OcrLogicalTable
    from esep.extract.pdf.page_tables import make_grid
    from esep.extract.pdf.settings import PdfSettings

    def part(page, rows, confs):
        boxes = []
        for r, _row in enumerate(rows):
            boxes += [(50, 100 + 20 * r, 100, 120 + 20 * r), (100, 100 + 20 * r, 300, 120 + 20 * r)]
        t = ocr_page._as_ocr_table(make_grid(page, boxes, PdfSettings().ruled.grid_tolerance))
        for cell, text in zip(t.cells, [x for row in rows for x in row]):
            cell.text = text
        t.cell_conf = confs
        return t

    p1 = part(1, [["№", "Мероприятие"], ["1", "Провести встречу с"]], [0.95, 0.9, 0.97, 0.91])
    p2 = part(2, [["", "журналистами региона"], ["2", "Тренинг"]], [None, 0.62, 0.99, 0.88])
    t = OcrLogicalTable(p1, PdfSettings())
    assert t.compatible(p2)
    t.add_part(p2)
    model = t.to_model()
    assert [[c.text for c in r.cells] for r in model.rows] == [
        ["№", "Мероприятие"], ["1", "Провести встречу с журналистами региона"], ["2", "Тренинг"]]
    assert [[c.confidence for c in r.cells] for r in model.rows] == [[0.95, 0.9], [0.97, 0.62], [0.99, 0.88]]
    assert model.rows[1].fragments == 2
