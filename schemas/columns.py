"""The columns of every dataset table, described from the pydantic models.

``table_columns("activities")`` lists the columns in the order the dataset
writes them (``report_id`` first in child tables, the provenance columns
last), each with its type, whether it may be null, its description and,
for a closed set of values, the values.  The schema reference
(``schemas.reference``) and the Data Package (``writers.datapackage``)
are both written from it.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass

from esep.schemas import CHILD_TABLES, PRIMARY_KEYS, REPORT_ID_DESCRIPTION, TABLES

PROVENANCE = ("source_page", "source_table", "source_row", "source_bbox")

#: Python type of a field -> the type name used in the reference.
_KINDS = {str: "str", int: "int", float: "float", bool: "bool", dt.date: "date", dt.datetime: "timestamp"}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str                 # str, int, float, bool, date, timestamp, float_list (a list of numbers)
    required: bool            # never null (a non-null default such as ``is_minimum = False`` included)
    description: str
    values: tuple = ()        # the allowed values, for a closed set


def _kind(annotation) -> tuple[str, bool, tuple]:
    """(kind, nullable, allowed values) of a field annotation."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        annotation = args[0]
    values: tuple = ()
    if typing.get_origin(annotation) is list and typing.get_args(annotation) == (float,):
        return "float_list", nullable, values
    if typing.get_origin(annotation) is typing.Literal:
        values = typing.get_args(annotation)
        annotation = type(values[0])
    if annotation not in _KINDS:
        raise TypeError(f"no column type for {annotation!r}")
    return _KINDS[annotation], nullable, values


def table_columns(table: str) -> list[Column]:
    """The columns of one dataset table, in the order they are written."""
    model = TABLES[table]
    own, provenance = [], []
    for name, info in model.model_fields.items():
        kind, nullable, values = _kind(info.annotation)
        required = not nullable and (info.is_required() or info.default is not None)
        column = Column(name, kind, required, info.description or "", values)
        (provenance if name in PROVENANCE else own).append(column)
    head = [Column("report_id", "str", True, REPORT_ID_DESCRIPTION)] if table in CHILD_TABLES else []
    return head + own + provenance


def table_description(table: str) -> str:
    """The table's own description: its model's docstring, on one line."""
    return " ".join((TABLES[table].__doc__ or "").split())


def primary_key(table: str) -> tuple[str, ...]:
    return PRIMARY_KEYS.get(table, ())
