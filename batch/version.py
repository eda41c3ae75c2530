"""The data tables of one dataset version, written as rows arrive.

Child tables stream straight into their files.  The ``reports`` table
waits: its ``duplicate_of`` column says which reports are copies of
another (``normalize.same_report``), which is known only once every report
of the version has been seen.  So reports rows go to a staging Parquet
file first and are copied, with that column set, into ``reports.parquet``
(and ``.csv``) when the version is closed.  One row per report: the second
pass costs little next to the child tables.
"""

from __future__ import annotations

import os
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from esep.schemas import CHILD_TABLES
from esep.writers.dataset import PARQUET, DatasetWriter, TableWriter
from esep.writers.schema import table_schema

STAGED_REPORTS = "_reports.staged"


def with_duplicate_of(batch: pa.RecordBatch, duplicate_of: dict[str, str]) -> pa.RecordBatch:
    """``batch`` of reports rows with ``duplicate_of`` set from the mapping (null for the rest)."""
    ids = batch.column("report_id").to_pylist()
    column = pa.array([duplicate_of.get(i) for i in ids], pa.string())
    return batch.set_column(batch.schema.get_field_index("duplicate_of"), "duplicate_of", column)


class VersionWriter:
    """``reports`` and every child table of one version in ``directory``."""

    def __init__(self, directory: str, formats: Iterable[str], *, batch_rows: int = 1000):
        self.directory = directory
        self.formats = tuple(formats)
        self.batch_rows = batch_rows
        self.children = DatasetWriter(directory, CHILD_TABLES, self.formats, batch_rows=batch_rows)
        self.staged = TableWriter(directory, STAGED_REPORTS, (PARQUET,), schema=table_schema("reports"),
                                  batch_rows=batch_rows)

    def __getitem__(self, table: str) -> TableWriter:
        return self.staged if table == "reports" else self.children[table]

    def write_rows(self, tables: dict[str, list[dict]]) -> None:
        if tables.get("reports"):
            self.staged.write_rows(tables["reports"])
        self.children.write_rows({name: rows for name, rows in tables.items() if name != "reports"})

    def close(self, duplicate_of: dict[str, str]) -> dict[str, int]:
        """Close every file, writing ``reports`` with ``duplicate_of``; rows written per table."""
        counts = self.children.close()
        self.staged.close()
        staged = os.path.join(self.directory, f"{STAGED_REPORTS}.parquet")
        reports = TableWriter(self.directory, "reports", self.formats, batch_rows=self.batch_rows)
        try:
            for batch in pq.ParquetFile(staged).iter_batches(batch_size=self.batch_rows):
                reports.write_batch(with_duplicate_of(batch, duplicate_of))
        finally:
            reports.close()
        os.unlink(staged)
        return {"reports": reports.rows_written, **counts}
