"""datapackage.json: written with every dataset and by esep extract --out,
valid for the frictionless library, and its checks are real."""

from __future__ import annotations

import json
import shutil

import frictionless
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from esep.cli import main
from esep.schemas import CHILD_TABLES, TABLES
from tests.conftest import SAMPLES
from tests.sample_dataset import ingest_samples


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return ingest_samples(tmp_path_factory.mktemp("dp"), "--excel")


def _errors(report) -> list[str]:
    return [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors][:10]


def test_ingest_writes_a_valid_package_of_every_table_file(dataset):
    path = dataset / "datapackage.json"
    assert path.is_symlink() and (dataset / "current" / "datapackage.json").is_file()
    report = frictionless.validate(str(path))
    assert report.valid, _errors(report)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == [*TABLES, *(f"{t}-csv" for t in TABLES)]
    by_name = {r["name"]: r for r in descriptor["resources"]}
    assert by_name["reports"]["schema"]["primaryKey"] == ["report_id"]
    assert by_name["activities"]["schema"]["primaryKey"] == ["report_id", "activity_seq"]
    for table in CHILD_TABLES:
        assert by_name[table]["schema"]["foreignKeys"] == [
            {"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["report_id"]}}]
        assert by_name[f"{table}-csv"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "reports-csv"
    for resource in descriptor["resources"]:
        assert resource["description"]
        assert all(f.get("description") for f in resource["schema"]["fields"]), resource["name"]
    excel = by_name["reports-csv"]
    assert excel["encoding"] == "utf-8-sig" and excel["dialect"] == {"delimiter": ";"}
    status = next(f for f in by_name["files"]["schema"]["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"][:2] == ["ok", "failed"]


def test_package_reads_back_the_rows_as_written(dataset):
    package = frictionless.Package(str(dataset / "datapackage.json"))
    files = package.get_resource("files").read_rows()
    assert sorted(r["status"] for r in files) == ["failed", "ok", "ok", "ok", "ok"]
    reports = {r["source_file"]: r for r in package.get_resource("reports-csv").read_rows()}
    gamo = reports["interim_gamo.docx"]
    assert gamo["grant_amount_kzt"] == 29364470 and gamo["agreement_date"].isoformat() == "2022-03-31"
    assert gamo["extracted_at"].year >= 2024


def test_validation_catches_a_row_whose_report_is_missing(dataset, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree((dataset / "current").resolve(), copy)
    path = copy / "findings.parquet"
    table = pq.read_table(path)
    ids = table.column("report_id").to_pylist()
    ids[0] = "0000000000000000"
    pq.write_table(table.set_column(0, "report_id", pa.array(ids, pa.string())), path)
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert {e.type for task in report.tasks for e in task.errors} == {"foreign-key"}


def test_extract_out_writes_a_valid_package(tmp_path):
    out = tmp_path / "one"
    result = CliRunner().invoke(main, ["extract", str(SAMPLES / "final_kk_zhasyl_dala.docx"), "--out", str(out), "--csv"])
    assert result.exit_code == 0, result.output
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "files" not in {r["name"] for r in descriptor["resources"]}
    assert {r["path"] for r in descriptor["resources"]} == {
        f"{t}.{ext}" for t in ["reports", *CHILD_TABLES] for ext in ("parquet", "csv")}
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, _errors(report)


@pytest.mark.parametrize("flavour", ["csv", "excel"])
def test_a_box_validates_and_reads_back_as_a_list(tmp_path, flavour):
    import datetime as dt

    from esep.schemas import Activity, Report, ReportBundle
    from esep.writers import DatasetWriter, bundle_rows
    from esep.writers.datapackage import write_datapackage

    box = [56.7, 102.3, 538.6, 130.1]
    report = Report(report_id="0123456789abcdef", source_file="a.pdf", source_sha256="0" * 64, source_format="pdf",
                    report_type="interim", parser_version="0", extracted_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    bundle = ReportBundle(report=report, activities=[
        Activity(activity_seq=1, source_page=1, source_table=0, source_row=1, source_bbox=box),
        Activity(activity_seq=2, source_page=1, source_table=0, source_row=2)])
    writer = DatasetWriter(str(tmp_path), ["reports", *CHILD_TABLES], ["parquet", flavour])
    writer.write_rows(bundle_rows(bundle))
    writer.close()
    write_datapackage(str(tmp_path), ["reports", *CHILD_TABLES], ["parquet", flavour])
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, _errors(report)
    rows = frictionless.Package(str(tmp_path / "datapackage.json")).get_resource("activities-csv").read_rows()
    assert [r["source_bbox"] for r in rows] == [box, None]
