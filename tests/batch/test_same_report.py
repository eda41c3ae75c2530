"""One report, one row: the same report kept as DOCX, PDF and DOC is counted once,
in the dataset (reports.duplicate_of, same_report) and by esep check.

The samples include interim_gamo.docx with its PDF export and
final_kk_zhasyl_dala.docx with its .doc; they are ingested once for the
module (with a file that cannot be read), through the CLI.
"""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from esep.cli import main
from esep.normalize.same_report import FigureDigest, find_copies
from tests.conftest import SAMPLES

COPIES = {"interim_gamo.pdf": "interim_gamo.docx", "final_kk_zhasyl_dala.doc": "final_kk_zhasyl_dala.docx"}
BROKEN = "broken.pdf"


def esep(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def tables(ds, *names: str) -> dict[str, list[dict]]:
    return {n: pq.read_table(ds / f"{n}.parquet").to_pylist() for n in names}


def copies_in(ds) -> dict[str, str | None]:
    """source_file -> source_file of the report it is a copy of (None: counted)."""
    reports = tables(ds, "reports")["reports"]
    by_id = {r["report_id"]: r["source_file"] for r in reports}
    return {r["source_file"]: by_id.get(r["duplicate_of"]) if r["duplicate_of"] else None for r in reports}


def same_report_findings(ds) -> dict[str, str]:
    reports = {r["report_id"]: r["source_file"] for r in tables(ds, "reports")["reports"]}
    return {reports[f["report_id"]]: f["value"] for f in tables(ds, "findings")["findings"]
            if f["code"] == "same_report"}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("root")
    for name in (*COPIES, *COPIES.values()):
        shutil.copyfile(SAMPLES / name, root / name)
    (root / BROKEN).write_bytes(b"%PDF-1.4\n this is not a PDF\n")
    ds = root.parent / "dataset"
    res = esep("ingest", root, "-o", ds, "--jobs", "2")
    assert res.exit_code == 1, res.output  # the broken file failed; the rest is written
    return ds


# ------------------------------------------------------------------ the dataset

def test_copies_of_one_sample_are_counted_once(dataset):
    assert copies_in(dataset) == {**COPIES, **{kept: None for kept in COPIES.values()}}
    assert same_report_findings(dataset) == COPIES
    finding = next(f for f in tables(dataset, "findings")["findings"] if f["code"] == "same_report")
    assert finding["severity"] == "info" and finding["location"] == "dataset"


def test_readme_queries_count_each_report_once(dataset):
    """The pandas query of the README: participants per grantee, each report once."""
    reports = pd.read_parquet(dataset / "reports.parquet")
    activities = pd.read_parquet(dataset / "activities.parquet")
    reports = reports[reports.duplicate_of.isna()]
    assert sorted(reports.source_file) == sorted(COPIES.values())
    acts = activities.merge(reports[["report_id", "grantee"]], on="report_id")
    totals = acts.groupby("grantee")[["participants_planned", "participants_actual"]].sum()
    kk = totals.loc[totals.index.str.contains("Жасыл Дала")]
    assert kk.values.tolist() == [[450, 505]]  # not 900 and 1,010: the .doc is the same report


def test_a_later_copy_is_marked_and_removing_the_kept_file_promotes_it(tmp_path):
    root, ds = tmp_path / "root", tmp_path / "ds"
    root.mkdir()
    shutil.copyfile(SAMPLES / "interim_gamo.pdf", root / "interim_gamo.pdf")
    assert esep("ingest", root, "-o", ds, "--jobs", "1").exit_code == 0
    assert copies_in(ds) == {"interim_gamo.pdf": None}
    # the DOCX arrives later: it is the one kept (DOCX before PDF), the PDF becomes the copy
    shutil.copyfile(SAMPLES / "interim_gamo.docx", root / "interim_gamo.docx")
    res = esep("ingest", root, "-o", ds, "--jobs", "1")
    assert res.exit_code == 0 and "reading 1 files" in res.stderr
    assert copies_in(ds) == {"interim_gamo.pdf": "interim_gamo.docx", "interim_gamo.docx": None}
    assert esep("ingest", root, "-o", ds).exit_code == 0  # a re-run decides the same, never repeats
    assert same_report_findings(ds) == {"interim_gamo.pdf": "interim_gamo.docx"}
    # the kept file goes: the copy is the report again
    (root / "interim_gamo.docx").unlink()
    assert esep("ingest", root, "-o", ds, "--prune").exit_code == 0
    assert copies_in(ds) == {"interim_gamo.pdf": None}
    assert same_report_findings(ds) == {}


# ------------------------------------------------------------------ which reports are copies

def _report(rid: str, fmt: str, **header) -> dict:
    base = dict(report_id=rid, source_file=f"{rid}.{fmt}", source_format=fmt, report_type="final",
                grantee="НУ «Эко»", agreement_number="43", agreement_date=None, report_year=2022,
                grant_amount_kzt=5_000_000)
    return {**base, **header}


def _digest(*actual: int) -> FigureDigest:
    d = FigureDigest()
    for seq, n in enumerate(actual, 1):
        d.add("activities", {"activity_seq": seq, "participants_planned": 50, "participants_actual": n})
    return d


def test_the_kept_copy_is_docx_then_text_pdf_then_doc_then_scan():
    reports = [_report("s", "pdf_scanned"), _report("d", "doc"), _report("p", "pdf"), _report("x", "docx")]
    copies = find_copies(reports, {r["report_id"]: _digest(27, 52) for r in reports})
    assert copies.duplicate_of == {"s": "x", "d": "x", "p": "x"}
    assert [f["code"] for f in copies.findings()] == ["same_report"] * 3
    without_docx = find_copies(reports[:3], {r: _digest(27, 52) for r in "sdp"})
    assert without_docx.duplicate_of == {"s": "p", "d": "p"}


def test_reports_that_differ_are_never_merged():
    a, b = _report("a", "docx"), _report("b", "pdf_scanned")
    assert find_copies([a, b], {"a": _digest(27, 52), "b": _digest(27, 52)}).duplicate_of == {"b": "a"}
    # one misread digit in a figure: two reports (the cross-report checks look at them)
    assert find_copies([a, b], {"a": _digest(27, 52), "b": _digest(27, 62)}).duplicate_of == {}
    assert find_copies([a, b], {"a": _digest(27, 52), "b": _digest(27, 52, 1)}).duplicate_of == {}
    # a header field differs: another report of the grant, or another grantee
    for change in ({"report_type": "interim"}, {"grantee": "ОЮЛ «Другой»"}, {"report_year": 2023},
                   {"grant_amount_kzt": 5_000_001}, {"agreement_number": "44"}):
        other = _report("b", "pdf", **change)
        assert find_copies([a, other], {"a": _digest(27, 52), "b": _digest(27, 52)}).duplicate_of == {}, change
    # nothing to compare (no figures, no grantee, not a report): never a copy
    assert find_copies([a, b], {"a": _digest(), "b": _digest()}).duplicate_of == {}
    nameless = [_report("a", "docx", grantee=None), _report("b", "pdf", grantee=None)]
    assert find_copies(nameless, {"a": _digest(1), "b": _digest(1)}).duplicate_of == {}
    unknown = [_report("a", "docx", report_type="unknown"), _report("b", "pdf", report_type="unknown")]
    assert find_copies(unknown, {"a": _digest(1), "b": _digest(1)}).duplicate_of == {}


def test_the_order_rows_arrive_in_does_not_matter():
    rows = [{"activity_seq": i, "participants_actual": 10 * i} for i in range(1, 4)]
    forward, backward = FigureDigest(), FigureDigest()
    for r in rows:
        forward.add("activities", r)
    for r in reversed(rows):
        backward.add("activities", r)
    assert forward == backward


# ------------------------------------------------------------------ esep check

def test_check_counts_each_report_once_and_lists_failed_files(dataset):
    res = esep("check", dataset)
    assert res.exit_code == 0, res.output
    text = res.stdout
    assert text.splitlines()[0] == "2 reports (2 more files are copies of one of them, counted once); 1 file failed"
    assert "Files that failed (not in the dataset):\n  broken.pdf: " in text
    failed_line = next(line for line in text.splitlines() if line.startswith("  broken.pdf: "))
    error = tables(dataset, "files")["files"]
    assert failed_line == f"  broken.pdf: {next(f['error'] for f in error if f['source_file'] == BROKEN)}"
    for copy, kept in COPIES.items():
        assert f"  {copy} = {kept}" in text
        assert f"\n{copy} (" not in text  # a copy's findings are not listed again


def test_check_json_keeps_the_datasets_numbering_and_the_text_counts_from_1(dataset):
    summary = json.loads(esep("check", dataset, "--format", "json").stdout)
    assert summary["reports_counted"] == 2
    assert summary["failed_files"][0]["source_file"] == BROKEN
    assert {c["source_file"]: c["kept_file"] for c in summary["copies"]} == COPIES
    gamo = next(r for r in summary["reports"] if r["source_file"] == "interim_gamo.docx")
    swapped = next(f for f in gamo["findings"] if f["code"] == "reach_count_swapped")
    table, row = swapped["source_table"], swapped["source_row"]
    assert swapped["location"] == f"table {table} row {row}"  # SCHEMA.md: from 0
    text = esep("check", dataset, "--code", "reach_count_swapped").stdout
    assert f"reach_count_swapped          table {table + 1} row {row + 1}\n" in text
    assert "numbered from 1 here" in text


def test_check_fail_on_sets_the_exit_status(dataset, tmp_path):
    assert esep("check", dataset).exit_code == 0
    assert esep("check", dataset, "--fail-on", "error").exit_code == 1  # a file failed
    # a report alone (esep extract --out): warnings, no error
    out = tmp_path / "one"
    assert esep("extract", SAMPLES / "interim_gamo.docx", "-o", out).exit_code == 0
    assert esep("check", out, "--fail-on", "error").exit_code == 0
    assert esep("check", out, "--fail-on", "warning").exit_code == 1
    assert esep("check", out, "--fail-on", "warning", "--code", "no_such_code").exit_code == 0
    assert esep("check", out, "--fail-on", "fatal").exit_code == 2
