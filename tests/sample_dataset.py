"""A small dataset of the samples, for the tests of what is made from a
dataset (summary page, workbook, Data Package).

Three DOCX samples (Russian interim, Russian final, Kazakh final), the PDF
of the interim report (a second copy of the same report, with pages) and
one broken file that fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from esep.cli import main
from tests.conftest import SAMPLES

SAMPLE_FILES = ("interim_gamo.docx", "interim_gamo.pdf", "final_eco_mangystau.docx", "final_kk_zhasyl_dala.docx")
BROKEN = "broken.pdf"


def ingest_samples(base: Path, *options: str) -> Path:
    """Ingest the samples under ``base``; the dataset's folder."""
    root, dataset = base / "reports", base / "dataset"
    root.mkdir(parents=True)
    for name in SAMPLE_FILES:
        shutil.copy(SAMPLES / name, root / name)
    (root / BROKEN).write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    result = CliRunner().invoke(main, ["ingest", str(root), "--out", str(dataset), "--no-progress", *options])
    assert result.exit_code == 1, result.output  # the broken file failed, the rest is written
    return dataset


def mark_copy(dataset: Path, copy: str, original: str) -> None:
    """Set ``reports.duplicate_of`` of the report from file ``copy`` to the
    report of ``original``, adding the column where the dataset lacks it."""
    path = (dataset / "current").resolve() / "reports.parquet"
    table = pq.read_table(path)
    ids = dict(zip(table.column("source_file").to_pylist(), table.column("report_id").to_pylist()))
    values = [ids[original] if name == copy else None for name in table.column("source_file").to_pylist()]
    column = pa.array(values, pa.string())
    if "duplicate_of" in table.column_names:
        table = table.set_column(table.schema.get_field_index("duplicate_of"), "duplicate_of", column)
    else:
        table = table.append_column("duplicate_of", column)
    pq.write_table(table, path)
