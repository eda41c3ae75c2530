"""writers: dataset tables to Parquet and CSV (plain or for Excel).

Names load lazily: ``writers.rows`` runs inside parsing children, which
must not pay for importing pyarrow.
"""

from importlib import import_module

_NAMES = {
    "DatasetWriter": "writers.dataset",
    "TableWriter": "writers.dataset",
    "PARQUET": "writers.dataset",
    "CSV": "writers.dataset",
    "EXCEL": "writers.dataset",
    "CsvTableWriter": "writers.csv",
    "neutralise": "writers.csv",
    "excel_batch": "writers.csv",
    "BOM": "writers.csv",
    "FORMULA_START": "writers.csv",
    "bundle_rows": "writers.rows",
    "table_schema": "writers.schema",
    "dataset_schemas": "writers.schema",
    "write_datapackage": "writers.datapackage",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(import_module(_NAMES[name]), name)
    raise AttributeError(f"module 'writers' has no attribute {name!r}")
