"""writers: dataset tables to Parquet and CSV (plain or for Excel).

Names load lazily: ``writers.rows`` runs inside parsing children, which
must not pay for importing pyarrow.
"""

from importlib import import_module

_NAMES = {
    "DatasetWriter": "esep.writers.dataset",
    "TableWriter": "esep.writers.dataset",
    "PARQUET": "esep.writers.dataset",
    "CSV": "esep.writers.dataset",
    "EXCEL": "esep.writers.dataset",
    "CsvTableWriter": "esep.writers.csv",
    "neutralise": "esep.writers.csv",
    "excel_batch": "esep.writers.csv",
    "BOM": "esep.writers.csv",
    "FORMULA_START": "esep.writers.csv",
    "bundle_rows": "esep.writers.rows",
    "table_schema": "esep.writers.schema",
    "dataset_schemas": "esep.writers.schema",
    "write_datapackage": "esep.writers.datapackage",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(import_module(_NAMES[name]), name)
    raise AttributeError(f"module 'esep.writers' has no attribute {name!r}")
