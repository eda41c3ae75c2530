"""``datapackage.json``: the dataset described as a Frictionless Data Package.

Written beside the table files by every dataset version ``esep ingest``
and ``esep watch`` commit and by ``esep extract --out``.  Every table file
written (Parquet, and CSV when asked for) is a resource whose schema
gives each column's type, description and allowed values (from the
pydantic models, through ``schemas.columns``), the table's primary key,
and the foreign key of every child table's ``report_id`` to ``reports``.
The CSV for Excel is described as written: UTF-8 with a byte-order mark,
``;`` between cells, a decimal comma, timestamps as ``YYYY-MM-DD HH:MM:SS``.
"""

from __future__ import annotations

import json
import os
from typing import Iterable

from esep.schemas import CHILD_TABLES, SCHEMA_VERSION, TABLES, parser_version
from esep.schemas.columns import Column, primary_key, table_columns, table_description

FILENAME = "datapackage.json"

#: Column kind -> Table Schema type.
_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean",
          "date": "date", "timestamp": "datetime",
          "float_list": "array"}  # Table Schema's array: JSON text in CSV


def _field(column: Column, excel: bool, parquet: bool) -> dict:
    kind = _TYPES[column.kind]
    if column.kind == "float_list" and parquet:
        # a Parquet list<double>: frictionless reads it through pandas as an
        # array object no Table Schema type accepts, so it is described as any
        kind = "any"
    field: dict = {"name": column.name, "type": kind}
    if column.description:
        field["description"] = column.description
    if column.kind == "timestamp":
        # Parquet keeps the type; CSV text is "2024-05-01 10:00:00[.ffffff]Z",
        # and for Excel "2024-05-01 10:00:00" (UTC)
        field["format"] = "%Y-%m-%d %H:%M:%S" if excel else "any"
    if column.kind == "float" and excel:
        field["decimalChar"] = ","
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.values:
        constraints["enum"] = list(column.values)
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(table: str, excel: bool, reports_resource: str | None, parquet: bool) -> dict:
    schema: dict = {"fields": [_field(c, excel, parquet) for c in table_columns(table)],
                    # Parquet has real nulls, but tools that read it through pandas
                    # (frictionless among them) see a null number as NaN
                    "missingValues": ["", "nan"] if parquet else [""]}
    keys = primary_key(table)
    if keys:
        schema["primaryKey"] = list(keys)
    if table in CHILD_TABLES and reports_resource:
        schema["foreignKeys"] = [{"fields": ["report_id"],
                                  "reference": {"resource": reports_resource, "fields": ["report_id"]}}]
    return schema


def _resource(table: str, filename: str, name: str, excel: bool, reports_resource: str | None) -> dict:
    resource: dict = {"name": name, "path": filename, "profile": "tabular-data-resource",
                      "description": table_description(table)}
    if filename.endswith(".parquet"):
        resource.update(format="parquet", mediatype="application/vnd.apache.parquet")
    else:
        resource.update(format="csv", mediatype="text/csv", encoding="utf-8-sig" if excel else "utf-8")
        if excel:
            resource["dialect"] = {"delimiter": ";"}
    resource["schema"] = _schema(table, excel, reports_resource, filename.endswith(".parquet"))
    return resource


def package(tables: Iterable[str], formats: Iterable[str]) -> dict:
    """The descriptor of the files of ``tables`` written in ``formats``
    (``writers.dataset.PARQUET``, ``CSV`` or ``EXCEL``).

    Parquet resources are named after their table (``reports``), CSV ones
    ``reports-csv`` beside Parquet or ``reports`` alone."""
    from esep.writers.dataset import CSV, EXCEL, PARQUET

    formats, tables = set(formats), [t for t in TABLES if t in set(tables)]
    files = [("parquet", False)] if PARQUET in formats else []
    if EXCEL in formats or CSV in formats:
        files.append(("csv", EXCEL in formats))
    resources = []
    for ext, excel in files:
        suffix = f"-{ext}" if ext != "parquet" and PARQUET in formats else ""
        reports = f"reports{suffix}" if "reports" in tables else None
        for table in tables:
            resources.append(_resource(table, f"{table}.{ext}", table + suffix, excel, reports))
    return {
        "name": "esep-dataset",
        "title": "Programme reports on state grants to NGOs (esep dataset)",
        "description": "One row per report in `reports`; every other table joins to it on `report_id`. "
                       "Written by esep; the columns are described in its docs/schema.md.",
        "esep": {"schema_version": SCHEMA_VERSION, "parser_version": parser_version()},
        "resources": resources,
    }


def write_datapackage(directory: str, tables: Iterable[str], formats: Iterable[str]) -> str:
    """Write ``directory/datapackage.json`` describing the files of
    ``tables`` in ``formats`` there; its path."""
    path = os.path.join(directory, FILENAME)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fp:
        json.dump(package(tables, formats), fp, ensure_ascii=False, indent=1)
        fp.write("\n")
    os.replace(tmp, path)
    return path
