"""One consistent snapshot of a dataset, read for the analyst's outputs.

``open_dataset(path)`` accepts what ``esep ingest`` / ``esep watch`` write
(the ``current`` link is resolved once, so every table comes from the same
version) and what ``esep extract --out`` writes (a plain folder of table
files, without ``files``).  A table missing from the folder is read as
empty, with its schema; a column an older version lacks is added as nulls;
a column the schema does not know yet (``reports.duplicate_of`` before it
joins the models) is kept as it is.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from esep.schemas import TABLES
from esep.writers.schema import table_schema

#: The column that says a report is another copy of one already counted.
DUPLICATE_OF = "duplicate_of"


class DatasetError(Exception):
    """The dataset cannot be read; the message is one line naming it and why."""


@dataclass
class Dataset:
    path: str                      # as the user gave it
    directory: str                 # the version folder the tables were read from
    tables: dict[str, pd.DataFrame]
    meta: dict = field(default_factory=dict)   # _meta.json of the version, where there is one

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]

    @property
    def version(self) -> str | None:
        name = os.path.basename(self.directory)
        return (name.lstrip("0") or "0") if name.isdigit() else None

    @property
    def root(self) -> str | None:
        """The folder the reports were ingested from, where recorded."""
        return self.meta.get("root")


def _version_dir(path: str) -> str:
    if not os.path.exists(path):
        raise DatasetError(f"{path}: no such folder")
    if not os.path.isdir(path):
        raise DatasetError(f"{path}: not a folder (give the dataset folder written by esep ingest)")
    current = os.path.join(path, "current")
    directory = os.path.realpath(current) if os.path.isdir(current) else path
    if not os.path.isfile(os.path.join(directory, "reports.parquet")):
        raise DatasetError(f"{path}: no reports.parquet (not an esep dataset?)")
    return directory


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """The schema's columns in order (missing ones as nulls), then any extra."""
    columns, names = [], []
    for f in schema:
        i = table.schema.get_field_index(f.name)
        columns.append(pa.nulls(table.num_rows, f.type) if i < 0 else table.column(i))
        names.append(f.name)
    for name in table.column_names:
        if name not in names:
            columns.append(table.column(name))
            names.append(name)
    return pa.table(columns, names=names)


def _read(directory: str, table: str) -> pd.DataFrame:
    path = os.path.join(directory, f"{table}.parquet")
    schema = table_schema(table)
    try:
        data = pq.read_table(path) if os.path.isfile(path) else schema.empty_table()
    except (OSError, pa.ArrowException) as exc:
        raise DatasetError(f"{path}: cannot be read ({' '.join(str(exc).split())})") from None
    return _conform(data, schema).to_pandas(types_mapper=_nullable)


def _nullable(arrow_type: pa.DataType):
    """Integers stay integers with nulls (pandas' Int64), text stays text."""
    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    return None


def open_dataset(path: str) -> Dataset:
    """Read every table of the dataset at ``path``; ``DatasetError`` if it cannot be."""
    directory = _version_dir(path)
    meta: dict = {}
    meta_path = os.path.join(directory, "_meta.json")
    if os.path.isfile(meta_path):
        try:
            with open(meta_path, encoding="utf-8") as fp:
                meta = json.load(fp)
        except (OSError, ValueError):
            meta = {}
    tables = {name: _read(directory, name) for name in TABLES}
    return Dataset(path=path, directory=directory, tables=tables, meta=meta if isinstance(meta, dict) else {})


def counted_reports(dataset: Dataset) -> pd.DataFrame:
    """The reports counted once: rows whose ``duplicate_of`` is null (all of
    them in a dataset written before the column existed)."""
    reports = dataset["reports"]
    if DUPLICATE_OF not in reports.columns:
        return reports
    return reports[reports[DUPLICATE_OF].isna()]


def counted(dataset: Dataset, table: str) -> pd.DataFrame:
    """The rows of a child table that belong to a counted report."""
    ids = set(counted_reports(dataset)["report_id"])
    rows = dataset[table]
    return rows[rows["report_id"].isin(ids)]
