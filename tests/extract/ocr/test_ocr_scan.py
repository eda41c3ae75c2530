"""The bundled scanned report, samples/final_eco_mangystau_scan.pdf, against its truth.

The scan is final_eco_mangystau.docx printed to PDF, rasterised at 200 dpi,
turned by about 1-2 degrees per page and noised (samples/build_scans.py).
Its expected output (samples/expected/final_eco_mangystau_scan.pdf.json)
is the DOCX's truth with the PDF's page numbers.  OCR cannot be held to
every letter of the prose, so this module checks what matters: numbers
(>= 95 % of numeric fields exactly right), structure and provenance, and
that uncertain numbers are flagged.  The file is OCR'd once for the module.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, load_script  # noqa: E402
SAMPLES = REPO / "samples"
SCAN = SAMPLES / "final_eco_mangystau_scan.pdf"
EXPECTED = SAMPLES / "expected" / "final_eco_mangystau_scan.pdf.json"
DOCX_EXPECTED = SAMPLES / "expected" / "final_eco_mangystau.docx.json"

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")


def _bench():
    return load_script("bench_ocr", REPO / "bench" / "bench_ocr.py")


@pytest.fixture(scope="module")
def scan():
    """(document model, bundle as JSON) of one OCR run."""
    from esep.extract import read
    from esep.normalize import normalize
    from esep.pipeline import sha256_file

    doc = read(SCAN)
    bundle = normalize(doc, source_file=SCAN.name, sha256=sha256_file(SCAN),
                       extracted_at=dt.datetime.now(dt.timezone.utc))
    return doc, bundle.model_dump(mode="json")


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_the_sample_is_an_image_only_scan():
    import pdfplumber

    assert SCAN.stat().st_size < 3 * 2**20
    with pdfplumber.open(SCAN) as pdf:
        assert len(pdf.pages) == 7
        for page in pdf.pages:
            assert not page.chars and not page.lines and not page.rects
            assert len(page.images) == 1


def test_numeric_fields_at_least_95_percent_right(scan, expected):
    _doc, got = scan
    right, total, misses = _bench().numeric_score(expected, got)
    assert total >= 80
    share = right / total
    assert share >= 0.95, f"{right}/{total} = {share:.1%} numeric fields right; misses:\n  " + "\n  ".join(misses)


def test_report_and_row_counts_match_the_docx(scan, expected):
    _doc, got = scan
    docx = json.loads(DOCX_EXPECTED.read_text(encoding="utf-8"))
    report = got["report"]
    assert report["source_format"] == "pdf_scanned"
    assert report["report_type"] == "final" and report["language"] == "ru"
    assert report["page_count"] == 7 and report["grant_amount_kzt"] == 5000000 and report["report_year"] == 2022
    for table in ("activities", "indicators", "demographics", "partners", "sections"):
        assert len(got[table]) == len(docx[table]) == len(expected[table]), table


def test_provenance_matches_the_pages(scan, expected):
    _doc, got = scan
    diffs = []
    for table in ("activities", "indicators", "demographics"):
        for i, (e, g) in enumerate(zip(expected[table], got[table])):
            want = (e["source_page"], e["source_table"], e["source_row"])
            have = (g["source_page"], g["source_table"], g["source_row"])
            if want != have:
                diffs.append(f"{table}[{i}]: expected {want}, got {have}")
    assert not diffs, "\n".join(diffs)


def test_document_model_is_the_text_pdf_one(scan):
    doc, _got = scan
    assert doc.source_format == "pdf_scanned" and doc.page_count == 7
    assert any(n.startswith("Pages 1-7 read by OCR (Tesseract rus+kaz): no text layer") for n in doc.notes)
    tables = list(doc.tables())
    assert [(t.n_rows, t.n_cols) for t in tables] == [
        (2, 2), (8, 7), (12, 5), (2, 3), (2, 11), (2, 8), (2, 4), (5, 9)]
    results = tables[1]
    assert results.pages == (2, 3)
    head = {c.col: c for c in results.rows[0].cells}
    assert head[4].col_span == 2 and head[0].row_span == 2 and head[6].row_span == 2
    assert results.rows[3].fragments == 2 and results.rows[3].pages == (2, 3)  # row broken by the page
    assert tables[2].pages == (3, 4)  # the effect table, its repeated header dropped
    cells = [c for t in tables for c in t.cells() if c.text]
    assert all(c.confidence is not None and 0 <= c.confidence <= 1 for c in cells)
    assert sum(c.confidence >= 0.8 for c in cells) >= 0.7 * len(cells)  # min over the words of a cell


def test_low_confidence_findings_only_where_values_are_uncertain(scan, expected):
    from esep.normalize.values import LOW_CONFIDENCE

    doc, got = scan
    tables = list(doc.tables())
    low = [f for f in got["findings"] if f["code"] == "low_confidence"]
    _right, total, misses = _bench().numeric_score(expected, got)
    # few: uncertainty is the exception on a clean scan
    assert len(low) <= max(3, 0.1 * total), [(f["location"], f["value"]) for f in low]
    # each one is a number in a cell OCR was unsure of
    for f in low:
        row = tables[f["source_table"]].rows[f["source_row"]]
        unsure = [c for c in row.cells if c.confidence is not None and c.confidence < LOW_CONFIDENCE]
        assert any(" ".join(c.text.split()) == f["value"] for c in unsure), f
    # and no wrong number goes unflagged
    flagged = {(f["source_table"], f["source_row"]) for f in got["findings"]
               if f["code"] in ("low_confidence", "unparsed_number")}
    for miss in misses:
        m = re.match(r"(\w+)\[(\d+)\]", miss)
        if not m or m.group(1) == "report":
            continue
        row = expected[m.group(1)][int(m.group(2))]
        assert (row["source_table"], row["source_row"]) in flagged, f"silently wrong: {miss}"


def test_the_scan_is_counted_once_with_its_docx(scan):
    """esep reads the scan's header and every figure as in the DOCX, so it is the same
    report (reports.duplicate_of); a misread figure would have made it a report of its own."""
    from esep.normalize.same_report import digest_of, find_copies
    from esep.pipeline import process_file

    docx = process_file(SAMPLES / "final_eco_mangystau.docx").model_dump(mode="json")
    bundles = {"docx": docx, "scan": scan[1]}
    reports = [{**b["report"], "report_id": name} for name, b in bundles.items()]
    copies = find_copies(reports, {name: digest_of(b) for name, b in bundles.items()})
    assert copies.duplicate_of == {"scan": "docx"}
