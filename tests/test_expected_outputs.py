"""esep's output for each bundled sample, compared field by field with the
hand-written expectation in samples/expected/<sample file name>.json.

The expected files were written from the documents and normalize/MAPPING.md,
not from esep's output; a failure here lists every field where esep and the
expectation disagree (table, row, field, expected, got).  Ignored: report_id,
source_sha256, parser_version, extracted_at, duplicate_of (decided across a
dataset) and the findings table.

``source_bbox``: the expected files of DOCX and DOC samples give it (null);
those of PDF samples leave it out, since a box is the reader's geometry, not
something to write by hand: their boxes are checked to lie on their page.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from tests.conftest import REPO  # noqa: E402
SAMPLES = REPO / "samples"
EXPECTED = SAMPLES / "expected"

CHILD_TABLES = ["activities", "indicators", "demographics", "publications", "partners", "sections"]
# duplicate_of is decided across a dataset, not read from the document (null for one file)
IGNORED_REPORT_FIELDS = {"report_id", "source_sha256", "parser_version", "extracted_at", "duplicate_of"}
SAMPLE_SUFFIXES = {".docx", ".pdf", ".doc", ".odt", ".rtf"}

NAMES = sorted(p.name[: -len(".json")] for p in EXPECTED.glob("*.json"))
# OCR'd samples: their prose cannot match letter for letter; their numbers,
# structure and provenance are compared by tests/extract/ocr/test_ocr_scan.py.
OCR_SAMPLES = {"final_eco_mangystau_scan.pdf"}
PDF_SAMPLES = [n for n in NAMES if n.endswith(".pdf")]
# what the expected file of a PDF sample leaves out (see the module's docstring)
PDF_UNWRITTEN = {"source_bbox"}


@pytest.fixture(scope="module")
def actual_bundles():
    """One pipeline run per sample for the whole module, made on first use."""
    from esep.pipeline import process_file

    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            bundle = process_file(SAMPLES / name, source_file=name)
            cache[name] = bundle.model_dump(mode="json")
        return cache[name]

    return get


# ------------------------------------------------------------------ helpers

def _same(expected, got) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(expected) is type(got) and expected == got
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return float(expected) == float(got)
    return type(expected) is type(got) and expected == got


def _show(value, other=None, width: int = 160) -> str:
    """repr() of a value; a long string is cut to a window around its first
    difference from `other`."""
    if not isinstance(value, str) or len(value) <= width:
        return repr(value)
    start = 0
    if isinstance(other, str):
        k = next((i for i, (a, b) in enumerate(zip(value, other)) if a != b), min(len(value), len(other)))
        start = max(0, k - width // 3)
    piece = value[start : start + width]
    return (
        ("…" if start else "")
        + repr(piece)
        + ("…" if start + width < len(value) else "")
        + f" (len {len(value)})"
    )


def _where_differs(expected: str, got: str, context: int = 12, limit: int = 8) -> str:
    """The spans where two strings differ (the first `limit`), with a little context each."""
    ops = [op for op in difflib.SequenceMatcher(None, expected, got, autojunk=False).get_opcodes() if op[0] != "equal"]
    spans = [
        f"at {a1}: {expected[max(0, a1 - context):a2 + context]!r} -> {got[max(0, b1 - context):b2 + context]!r}"
        for _, a1, a2, b1, b2 in ops[:limit]
    ]
    more = f"; … {len(ops) - limit} more" if len(ops) > limit else ""
    return f" [{len(ops)} differing span(s): " + "; ".join(spans) + more + "]"


def _row_label(row: dict) -> str:
    """A short identity of a row for the 'missing/extra row' lines."""
    for key in ("title", "name", "label", "heading", "outlet"):
        if row.get(key):
            text = str(row[key])
            return f"{key}={text[:40]!r}" + ("…" if len(text) > 40 else "")
    return "{" + ", ".join(f"{k}={v!r}" for k, v in list(row.items())[:4]) + "}"


def _compare_row(table: str, index, expected: dict, got: dict, ignore=frozenset()) -> list[str]:
    out = []
    for field in list(expected) + [f for f in got if f not in expected]:
        if field in ignore or (field in PDF_UNWRITTEN and field not in expected):
            continue
        if field not in expected:
            out.append(f"{table}[{index}].{field}: not in the expected file (got {_show(got[field])})")
            continue
        if field not in got:
            out.append(f"{table}[{index}].{field}: missing from esep's row (expected {_show(expected[field])})")
            continue
        e, g = expected[field], got[field]
        if not _same(e, g):
            hint = _where_differs(e, g) if isinstance(e, str) and isinstance(g, str) else ""
            out.append(f"{table}[{index}].{field}: expected {_show(e, g)}, got {_show(g, e)}{hint}")
    return out


# Columns that identify a row, used to pair expected and actual rows when esep
# gives the right rows in another order (then the order is one difference and
# the fields are compared row with row, instead of every field of every row
# after the first misplaced one).
IDENTITY = {
    "activities": ("activity_seq",),
    "indicators": ("scope", "source_table", "source_row"),
    "demographics": ("dimension", "category"),
    "publications": ("source_table", "source_row"),
    "partners": ("name",),
    "sections": ("section_key", "heading"),
}


def _pair_by_identity(table: str, exp_rows: list[dict], got_rows: list[dict]):
    """[(expected index, got index)] when every row pairs one to one by its
    identity columns, else None."""
    cols = IDENTITY[table]

    def ident(row):
        return tuple(json.dumps(row.get(c), ensure_ascii=False) for c in cols)

    exp_ids = [ident(r) for r in exp_rows]
    got_ids = [ident(r) for r in got_rows]
    if len(set(exp_ids)) != len(exp_ids) or sorted(exp_ids) != sorted(got_ids):
        return None
    where = {k: j for j, k in enumerate(got_ids)}
    return [(i, where[k]) for i, k in enumerate(exp_ids)]


def compare_bundles(expected: dict, got: dict) -> list[str]:
    """Every difference between an expected bundle and esep's, one line each."""
    diffs = _compare_row("report", "-", expected["report"], got["report"], ignore=IGNORED_REPORT_FIELDS)
    for table in CHILD_TABLES:
        exp_rows = expected.get(table)
        got_rows = got.get(table) or []
        if exp_rows is None:
            diffs.append(f"{table}: not in the expected file")
            continue
        if len(exp_rows) != len(got_rows):
            diffs.append(f"{table}: expected {len(exp_rows)} rows, got {len(got_rows)}")
        pairs = _pair_by_identity(table, exp_rows, got_rows)
        if pairs is not None and any(i != j for i, j in pairs):
            moved = ", ".join(f"{i}->{j}" for i, j in pairs if i != j)
            diffs.append(
                f"{table}: same rows in another order (expected row -> esep's row: {moved}); "
                f"expected order {[_row_label(r) for r in exp_rows]}, "
                f"got {[_row_label(r) for r in got_rows]}"
            )
            for i, j in pairs:
                label = i if i == j else f"{i} (esep row {j})"
                diffs.extend(_compare_row(table, label, exp_rows[i], got_rows[j]))
            continue
        for i, (e, g) in enumerate(zip(exp_rows, got_rows)):
            diffs.extend(_compare_row(table, i, e, g))
        for i in range(len(got_rows), len(exp_rows)):
            diffs.append(f"{table}[{i}]: expected row missing from esep's output: {_row_label(exp_rows[i])}")
        for i in range(len(exp_rows), len(got_rows)):
            diffs.append(f"{table}[{i}]: extra row in esep's output: {_row_label(got_rows[i])}")
    return diffs


# -------------------------------------------------------------------- tests

def test_every_sample_has_an_expected_output():
    samples = sorted(p.name for p in SAMPLES.iterdir() if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES)
    assert samples, "no sample reports found"
    missing = [s for s in samples if s not in NAMES]
    assert not missing, f"samples without samples/expected/<name>.json: {missing}"
    orphans = [n for n in NAMES if not (SAMPLES / n).exists()]
    assert not orphans, f"expected outputs without a sample file: {orphans}"


@pytest.mark.parametrize("name", NAMES)
def test_expected_file_is_well_formed(name):
    """The expectation itself has every table and column of the schema."""
    from esep.schemas import CHILD_TABLES as MODELS, Report

    data = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    problems = []
    report_fields = set(Report.model_fields) - IGNORED_REPORT_FIELDS
    if set(data["report"]) != report_fields:
        problems.append(f"report columns differ from the schema: {sorted(set(data['report']) ^ report_fields)}")
    for table in CHILD_TABLES:
        fields = set(MODELS[table].model_fields) - (PDF_UNWRITTEN if name in PDF_SAMPLES else set())
        for i, row in enumerate(data.get(table, [])):
            if set(row) != fields:
                problems.append(f"{table}[{i}] columns differ from the schema: {sorted(set(row) ^ fields)}")
            else:
                MODELS[table].model_validate(row)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", [n for n in NAMES if n not in OCR_SAMPLES])
def test_esep_output_matches_expected(name, actual_bundles):
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    got = actual_bundles(name)
    diffs = compare_bundles(expected, got)
    assert not diffs, f"{name}: {len(diffs)} difference(s) from samples/expected/{name}.json\n  " + "\n  ".join(diffs)


def test_docx_rows_have_no_box(actual_bundles):
    """A DOCX has no page geometry: every row's source_bbox is null (and so is its page)."""
    got = actual_bundles("interim_gamo.docx")
    rows = [row for table in (*CHILD_TABLES, "findings") for row in got[table]]
    assert len(rows) > 30 and all("source_bbox" in row for row in rows)
    assert {(row["source_page"], row["source_bbox"]) for row in rows} == {(None, None)}


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_pdf_boxes_lie_on_their_page(name, actual_bundles):
    """Every row a PDF sample reads from a table has a box, a proper box inside its source_page."""
    import pdfplumber

    got = actual_bundles(name)
    from_tables = [row for table in CHILD_TABLES for row in got[table] if row["source_table"] is not None]
    assert from_tables
    assert [row for row in from_tables if row["source_bbox"] is None] == []
    boxed = [row for table in (*CHILD_TABLES, "findings") for row in got[table] if row["source_bbox"] is not None]
    with pdfplumber.open(SAMPLES / name) as pdf:
        sizes = {i + 1: (float(page.width), float(page.height)) for i, page in enumerate(pdf.pages)}
    for row in boxed:
        x0, top, x1, bottom = row["source_bbox"]
        width, height = sizes[row["source_page"]]
        assert 0 <= x0 < x1 <= width + 0.1 and 0 <= top < bottom <= height + 0.1, row
