"""Arrow schemas of the dataset tables, derived from the pydantic models.

str -> string, int -> int64, float -> float64, bool -> bool,
date -> date32, datetime -> timestamp[us, UTC]; Literal[...] of strings ->
string; list[float] -> list<float64>.  Child tables get ``report_id`` as
their first column and their provenance (``source_page``, ``source_table``,
``source_row``, ``source_bbox``) as their last.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from functools import lru_cache

import pyarrow as pa

from esep.schemas import CHILD_TABLES, TABLES

PROVENANCE = ("source_page", "source_table", "source_row", "source_bbox")

_SCALARS = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    dt.date: pa.date32(),
    dt.datetime: pa.timestamp("us", tz="UTC"),
}


def _arrow_type(annotation) -> tuple[pa.DataType, bool]:
    """(arrow type, nullable) of a field annotation."""
    nullable = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        kinds = {type(v) for v in typing.get_args(annotation)}
        if len(kinds) != 1:
            raise TypeError(f"mixed Literal {annotation!r}")
        annotation = kinds.pop()
    if origin is list and typing.get_args(annotation) == (float,):
        return pa.list_(pa.float64()), nullable
    if annotation in _SCALARS:
        return _SCALARS[annotation], nullable
    raise TypeError(f"no arrow type for {annotation!r}")


@lru_cache(maxsize=None)
def table_schema(table: str) -> pa.Schema:
    """The arrow schema of one dataset table (``reports``, ``activities``, ..., ``files``)."""
    model = TABLES[table]
    fields = []
    if table in CHILD_TABLES:
        fields.append(pa.field("report_id", pa.string(), nullable=False))
    own, provenance = [], []
    for name, info in model.model_fields.items():
        typ, nullable = _arrow_type(info.annotation)
        field = pa.field(name, typ, nullable=nullable or not info.is_required())
        (provenance if name in PROVENANCE else own).append(field)
    # the table's own columns first, where an analyst looks; provenance last
    return pa.schema(fields + own + provenance)


def dataset_schemas() -> dict[str, pa.Schema]:
    return {name: table_schema(name) for name in TABLES}
