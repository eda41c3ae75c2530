"""``esep export DATASET --xlsx FILE``: the dataset as an Excel workbook.

A README sheet first (what the workbook is, every column of every table
with its type and meaning, the finding codes), then one sheet per table
in the dataset's order.  Each table sheet has its header row frozen, a
filter on every column and column widths fitted to the text.  Numbers are
numbers, dates are dates (timestamps in UTC), Cyrillic and Kazakh text is
kept exactly.  A text cell that Excel would read as a formula or an error
(``=...``, ``+7 701 ...``, ``-``, ``@...``, ``#N/A``) is stored as text and
marked with Excel's quote prefix: it shows as written and never runs.
The workbook is streamed (openpyxl's write-only mode), row by row.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Iterator

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from esep.outputs.dataset import Dataset
from esep.schemas import SCHEMA_VERSION, TABLES
from esep.schemas.codes import FINDING_KINDS
from esep.schemas.columns import table_columns, table_description
from esep.writers.csv import list_text

#: Data rows a sheet can hold (Excel's 1,048,576 rows less the header).
MAX_ROWS = 1_048_575
#: Characters a cell can hold.
MAX_CELL = 32_767
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH = 6, 60
WIDTH_SAMPLE = 2000
TEXT_CUT = "…"
BOLD = Font(bold=True)


class TooLarge(Exception):
    """A table has more rows than an Excel sheet holds."""


def _needs_quote(text: str) -> bool:
    return text.startswith(FORMULA_START) or text in ERROR_CODES


class _Cells:
    """Python values -> what openpyxl writes, counting what had to change."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.cut = 0          # texts longer than a cell holds, cut
        self.cleaned = 0      # texts with control characters Excel refuses, removed

    def text(self, value: str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            self.cleaned += 1
        if len(value) > MAX_CELL:
            value = value[: MAX_CELL - 1] + TEXT_CUT
            self.cut += 1
        if not _needs_quote(value):
            return value
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"      # never a formula or an error value
        cell.quotePrefix = True   # and Excel keeps it text when the cell is edited
        return cell

    def value(self, value, money: bool = False):
        if value is None or value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, float) and value != value:  # NaN
            return None
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, (list, tuple, np.ndarray)):  # source_bbox: JSON text, as in the CSV
            return list_text(value)
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)  # Excel has no time zones
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()
        if money and isinstance(value, int):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = "#,##0"
            return cell
        return value


def _width(frame: pd.DataFrame, column: str) -> float:
    sample = frame[column].head(WIDTH_SAMPLE).dropna()
    longest = int(sample.astype(str).str.len().max()) if len(sample) else 0
    if len(sample) and isinstance(sample.iloc[0], (dt.datetime, pd.Timestamp)):
        longest = 19
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(column) + 2, longest + 2)))


def _header(sheet, names: list[str]) -> list:
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = BOLD
        cells.append(cell)
    return cells


def _rows(frame: pd.DataFrame, cells: _Cells) -> Iterator[list]:
    money = [c.endswith("_kzt") for c in frame.columns]
    for record in frame.itertuples(index=False, name=None):
        yield [cells.value(v, m) for v, m in zip(record, money)]


def _table_sheet(book: Workbook, name: str, frame: pd.DataFrame) -> _Cells:
    sheet = book.create_sheet(name)
    columns = list(frame.columns)
    for i, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = _width(frame, column)
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A1:{last}{len(frame) + 1}"
    cells = _Cells(sheet)
    sheet.append(_header(sheet, columns))
    for row in _rows(frame, cells):
        sheet.append(row)
    return cells


def _readme(book: Workbook, dataset: Dataset, counts: dict[str, int]) -> None:
    sheet = book.create_sheet("README", 0)
    for letter, width in zip("ABCDE", (16, 26, 12, 9, 100)):
        sheet.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    cells = _Cells(sheet)

    def line(*values, bold: bool = False) -> None:
        row = []
        for v in values:
            cell = cells.value(v)
            if not isinstance(cell, Cell):
                cell = WriteOnlyCell(sheet, value=cell)
            if bold:
                cell.font = BOLD
            cell.alignment = wrap
            row.append(cell)
        sheet.append(row)

    line("esep dataset", bold=True)
    line("dataset", dataset.path)
    line("version", dataset.version or "—")
    line("written", (dataset.meta.get("created_at") or "—")[:19].replace("T", " ") + " UTC")
    line("schema", SCHEMA_VERSION)
    line("exported", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S") + " UTC")
    line("rows", ", ".join(f"{t} {n}" for t, n in counts.items()))
    line("notes", "", "", "", "One sheet per table; every other table joins to reports on report_id. "
         "Timestamps are UTC. A null is an empty cell, never 0. Text that begins with = + - @ is stored as "
         "text (Excel's quote prefix), never as a formula. Texts longer than an Excel cell holds (32,767 "
         "characters) end with «…»; the Parquet files keep them whole.")
    sheet.append([])
    line("table", "column", "type", "may be null", "meaning", bold=True)
    for table in TABLES:
        line(table, "", "", "", table_description(table), bold=True)
        known = {c.name for c in table_columns(table)}
        for c in table_columns(table):
            meaning = c.description + (f" (one of: {', '.join(map(str, c.values))})" if c.values else "")
            line(table, c.name, c.kind, "" if c.required else "yes", meaning)
        for extra in (n for n in dataset[table].columns if n not in known):
            line(table, extra, "", "yes", "a column of the dataset that this version of esep does not describe")
    sheet.append([])
    line("finding code", "severity", "scope", "", "meaning", bold=True)
    for code, kind in FINDING_KINDS.items():
        line(code, kind.severity, kind.scope, "", kind.meaning)


def write_workbook(dataset: Dataset, path: str) -> dict[str, int]:
    """Write the workbook to ``path`` (through a temporary file beside it);
    rows per table.  ``TooLarge`` when a table does not fit a sheet."""
    counts = {table: len(dataset[table]) for table in TABLES}
    for table, n in counts.items():
        if n > MAX_ROWS:
            raise TooLarge(f"table {table} has {n:,} rows, more than an Excel sheet holds ({MAX_ROWS:,}); "
                           f"use the dataset's Parquet or CSV files")
    book = Workbook(write_only=True)
    for table in TABLES:
        _table_sheet(book, table, dataset[table])
    _readme(book, dataset, counts)
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        book.save(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return counts
