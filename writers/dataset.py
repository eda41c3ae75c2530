"""Write a dataset: one file per table, streamed in batches.

``DatasetWriter(directory, formats)`` opens every table at once; rows (or
record batches copied from an older dataset) are appended table by table
and flushed as Parquet row groups / CSV chunks every ``batch_rows`` rows
or ``BATCH_BYTES`` of text, so memory does not grow with the size of the
dataset.  A table that gets
no row still gets a file with its full schema.
"""

from __future__ import annotations

import os
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from esep.writers.csv import CsvTableWriter
from esep.writers.schema import table_schema

PARQUET, CSV, EXCEL = "parquet", "csv", "excel"

#: A table's buffer is also written out once its text reaches this many
#: bytes: rows of narrative text are large, and a row count alone would let
#: eight buffers of long rows fill up as a batch goes on.
BATCH_BYTES = 1 << 20
#: And all the buffers of a dataset together hold at most about this much.
BUDGET_BYTES = 4 << 20


def _row_weight(row: dict) -> int:
    """About what a buffered row weighs in memory (its strings, two bytes a
    character for Cyrillic, plus the dict slot and object of each value);
    cheap enough to run on every row."""
    return sum(2 * len(v) + 64 if type(v) is str else 64 for v in row.values())


def conform(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """``batch`` with exactly ``schema``'s columns: missing ones (a table
    written by an older schema version) become nulls, extra ones go."""
    arrays = []
    for f in schema:
        i = batch.schema.get_field_index(f.name)
        if i < 0:
            arrays.append(pa.nulls(batch.num_rows, f.type))
        else:
            col = batch.column(i)
            arrays.append(col if col.type == f.type else col.cast(f.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


class TableWriter:
    """One table in one or more formats."""

    def __init__(self, directory: str, table: str, formats: Iterable[str] = (PARQUET,), *,
                 schema: pa.Schema | None = None, batch_rows: int = 1000, batch_bytes: int = BATCH_BYTES):
        self.table = table
        self.schema = schema or table_schema(table)
        self.batch_rows = batch_rows
        self.batch_bytes = batch_bytes
        self.rows_written = 0
        self._buffer: list[dict] = []
        self._buffered_bytes = 0
        self._sinks = []
        self.paths: list[str] = []
        formats = set(formats)
        if PARQUET in formats:
            path = os.path.join(directory, f"{table}.parquet")
            self._sinks.append(pq.ParquetWriter(path, self.schema, compression="zstd"))
            self.paths.append(path)
        if CSV in formats or EXCEL in formats:
            path = os.path.join(directory, f"{table}.csv")
            self._sinks.append(CsvTableWriter(path, self.schema, excel=EXCEL in formats))
            self.paths.append(path)

    def write_rows(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self._buffer.append(row)
            self._buffered_bytes += _row_weight(row)
        if len(self._buffer) >= self.batch_rows or self._buffered_bytes >= self.batch_bytes:
            self.flush()

    def write_batch(self, batch: pa.RecordBatch | pa.Table) -> None:
        """Append arrow data that already has this table's schema."""
        self.flush()
        if isinstance(batch, pa.Table):
            for b in batch.to_batches(max_chunksize=self.batch_rows):
                self._write(b)
        else:
            self._write(batch)

    def flush(self) -> None:
        if self._buffer:
            batch = pa.RecordBatch.from_pylist(self._buffer, schema=self.schema)
            self._buffer = []
            self._buffered_bytes = 0
            self._write(batch)

    def _write(self, batch: pa.RecordBatch) -> None:
        if not batch.num_rows:
            return
        if batch.schema != self.schema:
            batch = conform(batch, self.schema)
        for sink in self._sinks:
            sink.write_batch(batch)
        self.rows_written += batch.num_rows

    def close(self) -> None:
        self.flush()
        for sink in self._sinks:
            sink.close()
        self._sinks = []


class DatasetWriter:
    """Every table of ``tables`` in ``directory``."""

    def __init__(self, directory: str, tables: Iterable[str], formats: Iterable[str] = (PARQUET,), *,
                 batch_rows: int = 1000, budget_bytes: int = BUDGET_BYTES):
        self.directory = directory
        self.budget_bytes = budget_bytes
        os.makedirs(directory, exist_ok=True)
        self.tables: dict[str, TableWriter] = {
            name: TableWriter(directory, name, formats, batch_rows=batch_rows) for name in tables
        }

    def __getitem__(self, table: str) -> TableWriter:
        return self.tables[table]

    def write_rows(self, tables: dict[str, list[dict]]) -> None:
        for name, rows in tables.items():
            if rows:
                self.tables[name].write_rows(rows)
        # One budget for all buffers: without it eight buffers fill and empty
        # out of step, and the parent's peak is whenever they happen to be
        # full together -- more likely the longer the batch.
        buffered = sum(w._buffered_bytes for w in self.tables.values())
        while buffered > self.budget_bytes:
            fullest = max(self.tables.values(), key=lambda w: w._buffered_bytes)
            buffered -= fullest._buffered_bytes
            fullest.flush()

    def close(self) -> dict[str, int]:
        """Close every file; rows written per table."""
        for w in self.tables.values():
            w.close()
        return {name: w.rows_written for name, w in self.tables.items()}

    def paths(self) -> list[str]:
        return [p for w in self.tables.values() for p in w.paths]
