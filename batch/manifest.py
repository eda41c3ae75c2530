"""The manifest: what the last run knew about each source file.

``_manifest.parquet`` sits inside each dataset version, so data and
manifest are swapped together and can never disagree.  It is the ``files``
table plus each file's size and mtime, which let a re-run recognise an
unchanged file without hashing it (for a member of a ZIP archive: its
archive's, and ``member``, where it is inside), and ``stopped``: the file
failed because its parser was stopped by a signal, not because of it.
"""

from __future__ import annotations

import os

import pyarrow as pa
import pyarrow.parquet as pq

from esep.writers.schema import table_schema

MANIFEST = "_manifest.parquet"


def manifest_schema() -> pa.Schema:
    schema = table_schema("files")
    schema = schema.append(pa.field("size", pa.int64())).append(pa.field("mtime_ns", pa.int64()))
    schema = schema.append(pa.field("member", pa.string()))  # where a ZIP member is inside (batch.archives)
    # failed because its parser was stopped by a signal (guard.Outcome.stopped), not by the file:
    # esep watch reads such a file again
    return schema.append(pa.field("stopped", pa.bool_()))


def load_manifest(version_dir: str | None) -> dict[str, dict]:
    """source_file -> manifest row ({} for a new dataset)."""
    if not version_dir:
        return {}
    path = os.path.join(version_dir, MANIFEST)
    if not os.path.exists(path):
        return {}
    rows: dict[str, dict] = {}
    for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
        for row in batch.to_pylist():
            rows[row["source_file"]] = row
    return rows


def load_owners(version_dir: str | None) -> dict[str, str] | None:
    """report_id -> source_file of the reports table (None without one)."""
    if not version_dir:
        return None
    path = os.path.join(version_dir, "reports.parquet")
    if not os.path.exists(path):
        return None
    owners: dict[str, str] = {}
    pf = pq.ParquetFile(path)
    for batch in pf.iter_batches(batch_size=50_000, columns=["report_id", "source_file"]):
        for rid, name in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()):
            owners[rid] = name
    return owners
