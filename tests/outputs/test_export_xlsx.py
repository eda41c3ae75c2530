"""esep export --xlsx: a real workbook, read back with openpyxl and pandas."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from esep.cli import main
from esep.schemas import TABLES
from esep.schemas.columns import table_columns
from tests.sample_dataset import ingest_samples

# What a partner row of a real report may hold, and Excel must not run.
TRAPS = {
    "contacts": "+7 701 123 45 67, info@example.kz",
    "note": "=HYPERLINK(\"http://example.invalid\",\"нажмите\")",
    "role": "-",
    "name": "@жастар_орталығы",
}
BOX = [56.7, 102.3, 538.6, 130.1]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    dataset = ingest_samples(tmp_path_factory.mktemp("xlsx"))
    path = (dataset / "current").resolve() / "partners.parquet"
    table = pq.read_table(path)
    for column, text in TRAPS.items():
        values = table.column(column).to_pylist()
        values[0] = text
        table = table.set_column(table.schema.get_field_index(column), column, pa.array(values, pa.string()))
    pq.write_table(table, path)
    path = (dataset / "current").resolve() / "activities.parquet"  # a box, as a PDF row has
    table = pq.read_table(path)
    boxes = table.column("source_bbox").to_pylist()
    boxes[0] = BOX
    table = table.set_column(table.schema.get_field_index("source_bbox"), "source_bbox",
                             pa.array(boxes, pa.list_(pa.float64())))
    pq.write_table(table, path)
    return dataset


@pytest.fixture(scope="module")
def book(dataset, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("book") / "отчёты.xlsx"
    result = CliRunner().invoke(main, ["export", str(dataset), "--xlsx", str(path)])
    assert result.exit_code == 0, result.output
    return path


def parquet(dataset: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(dataset / f"{table}.parquet")


def test_one_sheet_per_table_after_the_readme(book, dataset):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["README", *TABLES]
    for table in TABLES:
        ws = wb[table]
        frame = parquet(dataset, table)
        header = [c.value for c in ws[1]]
        assert header == list(frame.columns)
        assert all(c.font.bold for c in ws[1])
        assert ws.max_row == len(frame) + 1
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{len(frame) + 1}"
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(len(header))]
        assert all(6 <= w <= 60 for w in widths), (table, widths)


def test_numbers_are_numbers_and_dates_are_dates(book):
    wb = openpyxl.load_workbook(book)
    ws = wb["reports"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c for c in row))) for row in ws.iter_rows(min_row=2)]
    gamo = next(r for r in rows if r["source_file"].value == "interim_gamo.docx")
    assert gamo["grant_amount_kzt"].value == 29364470 and gamo["grant_amount_kzt"].data_type == "n"
    assert gamo["grant_amount_kzt"].number_format == "#,##0"
    assert gamo["report_year"].value == 2022
    assert gamo["agreement_date"].is_date and gamo["agreement_date"].value == dt.datetime(2022, 3, 31)
    assert gamo["extracted_at"].is_date and gamo["extracted_at"].value.year >= 2024
    assert gamo["agreement_number"].value == "43" and gamo["agreement_number"].data_type == "s"
    assert gamo["signatory"].value is not None and gamo["page_count"].value is None  # null stays empty


def test_pandas_reads_back_the_same_values(book, dataset):
    sheets = pd.read_excel(book, sheet_name=None, dtype={"agreement_number": str})
    for table in ("reports", "activities", "demographics"):
        got, want = sheets[table], parquet(dataset, table)
        assert len(got) == len(want)
        for column in want.columns:
            if column == "source_bbox":  # a list, written as JSON text
                boxes = [None if pd.isna(v) else json.loads(v) for v in got[column]]
                assert boxes == [None if v is None else list(v) for v in want[column]], table
            elif want[column].dtype.kind in "iuf":
                assert got[column].fillna(-1).tolist() == want[column].fillna(-1).tolist(), (table, column)
            elif want[column].dtype == object or str(want[column].dtype) in ("str", "string"):
                if isinstance(want[column].dropna().iloc[0] if want[column].notna().any() else "", dt.date):
                    continue
                assert got[column].fillna("").astype(str).tolist() == want[column].fillna("").astype(str).tolist(), \
                    (table, column)
    acts = sheets["activities"]
    assert acts["source_bbox"][0] == "[56.7, 102.3, 538.6, 130.1]"
    assert acts["participants_actual"].dtype.kind in "if"
    assert pd.api.types.is_datetime64_any_dtype(acts["date_start"])


def test_cyrillic_and_kazakh_text_intact(book, dataset):
    wb = openpyxl.load_workbook(book)
    got = sorted(c.value for c in wb["reports"]["G"][1:])
    assert got == sorted(parquet(dataset, "reports")["grantee"].tolist())
    assert "«Жасыл Дала» қоғамдық бірлестігі" in got


def test_text_that_looks_like_a_formula_stays_text(book):
    wb = openpyxl.load_workbook(book)
    ws = wb["partners"]
    header = [c.value for c in ws[1]]
    first = dict(zip(header, ws[2]))
    for column, text in TRAPS.items():
        cell = first[column]
        assert cell.value == text and cell.data_type == "s", column
        assert cell.quotePrefix, column
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    frame = pd.read_excel(book, sheet_name="partners")
    assert frame.loc[0, "note"] == TRAPS["note"] and frame.loc[0, "contacts"] == TRAPS["contacts"]


def test_readme_sheet_describes_every_column(book, dataset):
    wb = openpyxl.load_workbook(book)
    rows = [[c.value for c in row] for row in wb["README"].iter_rows()]
    described = {(r[0], r[1]): r[4] for r in rows if r[1]}
    for table in TABLES:
        for column in table_columns(table):
            assert described[(table, column.name)] == column.description + (
                f" (one of: {', '.join(map(str, column.values))})" if column.values else "")
        for column in parquet(dataset, table).columns:  # whatever the dataset has, duplicate_of included
            assert described[(table, column)]
    assert any(r[0] == "plan_not_met" for r in rows)


def test_bad_input_is_one_line_and_status_1(dataset, tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["export", str(tmp_path), "--xlsx", str(tmp_path / "x.xlsx")])
    assert missing.exit_code == 1 and "no reports.parquet" in missing.output
    unwritable = runner.invoke(main, ["export", str(dataset), "--xlsx", str(tmp_path)])  # a folder
    assert unwritable.exit_code == 1 and "cannot write the workbook" in unwritable.output
    for result in (missing, unwritable):
        assert result.output.strip().count("\n") == 0 and "Traceback" not in result.output
    assert not list(tmp_path.glob(".*.tmp"))


def test_help_ends_with_examples():
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.output.rstrip().endswith("esep export /srv/reports/dataset --xlsx ~/Desktop/esep-2024.xlsx")
