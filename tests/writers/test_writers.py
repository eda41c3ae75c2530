"""writers: arrow schemas from the models, streaming Parquet, CSV and CSV for Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from esep.schemas import CHILD_TABLES, TABLES, Activity, Finding, Report, ReportBundle
from esep.writers import BOM, DatasetWriter, bundle_rows, neutralise, table_schema
from esep.writers.dataset import TableWriter

UTC = dt.timezone.utc
BOX = [56.7, 102.3, 538.6, 130.1]
HOSTILE = ["=1+2", "+7 701 123 45 67", "-5%", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"]


def test_schema_types_follow_the_models():
    s = table_schema("reports")
    assert s.names == list(Report.model_fields)
    assert s.field("grant_amount_kzt").type == pa.int64()
    assert s.field("agreement_date").type == pa.date32()
    assert s.field("extracted_at").type == pa.timestamp("us", tz="UTC")
    assert not s.field("report_id").nullable and s.field("grantee").nullable
    ind = table_schema("indicators")
    assert ind.field("planned").type == pa.float64()
    assert ind.field("is_minimum").type == pa.bool_()
    assert table_schema("files").field("ingested_at").type == pa.timestamp("us", tz="UTC")


@pytest.mark.parametrize("table", list(CHILD_TABLES))
def test_child_tables_start_with_report_id_and_end_with_provenance(table):
    s = table_schema(table)
    assert s.names[0] == "report_id"
    assert s.names[-4:] == ["source_page", "source_table", "source_row", "source_bbox"]
    assert s.field("source_bbox").type == pa.list_(pa.float64())
    assert set(s.names) == {"report_id", *TABLES[table].model_fields}


def _bundle(text: str = "Тест") -> ReportBundle:
    report = Report(
        report_id="0123456789abcdef", source_file="папка/отчёт.docx", source_sha256="0123456789abcdef" * 4,
        source_format="docx", report_type="interim", grantee=text, grant_amount_kzt=1877057,
        agreement_date=dt.date(2022, 3, 31), parser_version="0.1.0",
        extracted_at=dt.datetime(2024, 5, 1, 10, 30, tzinfo=UTC),
    )
    return ReportBundle(
        report=report,
        activities=[Activity(activity_seq=1, title=text, description="строка 1\nстрока 2",
                             date_start=dt.date(2022, 5, 23), cost_kzt=1260000, source_table=2, source_row=1,
                             source_page=2, source_bbox=BOX)],
        findings=[Finding(severity="warning", code="plan_not_met", message="m", value="+7 701")],
    )


def test_bundle_rows_carry_report_id():
    rows = bundle_rows(_bundle())
    assert set(rows) == {"reports", *CHILD_TABLES}
    assert rows["activities"][0]["report_id"] == "0123456789abcdef"
    assert rows["partners"] == []


def test_parquet_keeps_text_exactly_and_empty_tables_have_files(tmp_path):
    w = DatasetWriter(str(tmp_path), ["reports", *CHILD_TABLES], ["parquet"])
    for text in HOSTILE:
        w.write_rows(bundle_rows(_bundle(text)))
    rows = w.close()
    assert rows["reports"] == len(HOSTILE) and rows["partners"] == 0
    got = pq.read_table(tmp_path / "reports.parquet")
    assert got.schema == table_schema("reports")
    assert got.column("grantee").to_pylist() == HOSTILE
    act = pq.read_table(tmp_path / "activities.parquet").to_pylist()[0]
    assert act["description"] == "строка 1\nстрока 2" and act["date_start"] == dt.date(2022, 5, 23)
    empty = pq.read_table(tmp_path / "partners.parquet")
    assert empty.num_rows == 0 and empty.schema == table_schema("partners")


def test_rows_stream_in_row_groups(tmp_path):
    w = DatasetWriter(str(tmp_path), ["findings"], ["parquet"], batch_rows=100)
    for i in range(1050):
        w["findings"].write_rows([{"report_id": f"{i:016x}", "severity": "info", "code": "c", "message": "m"}])
    assert len(w["findings"]._buffer) < 100  # flushed as it goes
    w.close()
    meta = pq.ParquetFile(tmp_path / "findings.parquet").metadata
    assert meta.num_rows == 1050 and meta.num_row_groups >= 10


def test_long_rows_are_flushed_by_size_too(tmp_path):
    """Rows of long narrative text leave the buffer once it holds about
    batch_bytes of text, long before batch_rows rows."""
    w = TableWriter(str(tmp_path), "findings", batch_rows=1000, batch_bytes=100_000)
    long = "Проведён круглый стол с участием местных исполнительных органов. " * 150  # ~10 KB
    for i in range(95):
        w.write_rows([{"report_id": f"{i:016x}", "severity": "info", "code": "c", "message": long}])
        assert w._buffered_bytes < 100_000 + 11_000 and len(w._buffer) <= 10
    w.close()
    meta = pq.ParquetFile(tmp_path / "findings.parquet").metadata
    assert meta.num_rows == 95 and meta.num_row_groups >= 9
    assert pq.read_table(tmp_path / "findings.parquet").column("message")[94].as_py() == long


def test_all_buffers_share_one_budget(tmp_path):
    """Every table under its own limit could still add up; the writer keeps
    their sum under one budget by writing out the fullest."""
    w = DatasetWriter(str(tmp_path), ["reports", *CHILD_TABLES], ["parquet"], budget_bytes=200_000)
    text = "Описание мероприятия, проведённого в рамках проекта. " * 20
    for i in range(60):
        rows = bundle_rows(_bundle(text))
        for table in rows.values():
            for row in table:
                row["report_id"] = f"{i:016x}"
        w.write_rows(rows)
        assert sum(t._buffered_bytes for t in w.tables.values()) <= 200_000
    rows = w.close()
    assert rows["reports"] == 60
    assert pq.ParquetFile(tmp_path / "reports.parquet").metadata.num_row_groups > 1


def test_plain_csv_is_utf8_and_unchanged(tmp_path):
    w = DatasetWriter(str(tmp_path), ["reports", *CHILD_TABLES], ["parquet", "csv"])
    w.write_rows(bundle_rows(_bundle("=1+2")))
    w.close()
    raw = (tmp_path / "reports.csv").read_bytes()
    assert not raw.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0]["grantee"] == "=1+2" and rows[0]["source_file"] == "папка/отчёт.docx"
    acts = list(csv.DictReader(io.StringIO((tmp_path / "activities.csv").read_text("utf-8"))))
    assert acts[0]["description"] == "строка 1\nстрока 2"


def _excel_rows(path):
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    text = raw[len(BOM):].decode("utf-8")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_excel_csv_neutralises_formula_cells(tmp_path):
    w = DatasetWriter(str(tmp_path), ["reports", *CHILD_TABLES], ["parquet", "excel"])
    for text in HOSTILE + ["Общественный фонд «Жарқын»", "1 = 1"]:
        w.write_rows(bundle_rows(_bundle(text)))
    w.close()
    rows = _excel_rows(tmp_path / "reports.csv")
    grantees = [r["grantee"] for r in rows]
    assert grantees[: len(HOSTILE)] == ["'" + t for t in HOSTILE]
    assert grantees[-2:] == ["Общественный фонд «Жарқын»", "1 = 1"]
    assert all(r["grant_amount_kzt"] == "1877057" for r in rows)      # numbers stay numbers
    assert rows[0]["agreement_date"] == "2022-03-31"
    assert rows[0]["extracted_at"] == "2024-05-01 10:30:00"
    assert rows[0]["source_file"] == "папка/отчёт.docx"                  # Cyrillic intact
    findings = _excel_rows(tmp_path / "findings.csv")
    assert findings[0]["value"] == "'+7 701"                              # the phone-number case
    # Parquet beside it keeps the text exactly
    assert pq.read_table(tmp_path / "reports.parquet").column("grantee").to_pylist()[: len(HOSTILE)] == HOSTILE


def test_excel_csv_writes_decimal_comma(tmp_path):
    w = DatasetWriter(str(tmp_path), ["indicators"], ["excel"])
    w["indicators"].write_rows([{"report_id": "r", "scope": "project", "name": "n", "planned": 12.5,
                                 "actual": -3.0, "is_minimum": True}])
    w.close()
    row = _excel_rows(tmp_path / "indicators.csv")[0]
    assert row["planned"] == "12,5" and row["actual"] == "-3"
    assert not (tmp_path / "indicators.parquet").exists()


@given(st.one_of(st.none(), st.text()))
def test_neutralise_is_safe_and_reversible(text):
    out = neutralise(text)
    if text is None:
        assert out is None
        return
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out == text or (out == "'" + text)


@pytest.mark.parametrize("flavour", ["csv", "excel"])
def test_a_box_is_a_list_in_parquet_and_json_text_in_csv(tmp_path, flavour):
    w = DatasetWriter(str(tmp_path), ["reports", *CHILD_TABLES], ["parquet", flavour])
    w.write_rows(bundle_rows(_bundle()))
    w.close()
    assert pq.read_table(tmp_path / "activities.parquet").column("source_bbox").to_pylist() == [BOX]
    text = (tmp_path / "activities.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";" if flavour == "excel" else ","))
    assert rows[0]["source_bbox"] == "[56.7, 102.3, 538.6, 130.1]"  # decimal points in the Excel CSV too
    findings = list(csv.DictReader(io.StringIO((tmp_path / "findings.csv").read_bytes().decode("utf-8-sig")),
                                   delimiter=";" if flavour == "excel" else ","))
    assert findings[0]["source_bbox"] == ""  # null, as every other empty value


def test_old_tables_missing_a_column_are_conformed(tmp_path):
    """A version written before a column existed is copied forward with nulls."""
    from esep.writers.dataset import TableWriter

    old = pa.RecordBatch.from_pylist([{"report_id": "r", "severity": "info", "code": "c", "message": "m"}])
    w = TableWriter(str(tmp_path), "findings")
    w.write_batch(old)
    w.close()
    got = pq.read_table(tmp_path / "findings.parquet").to_pylist()[0]
    assert got["value"] is None and got["code"] == "c"
