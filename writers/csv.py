"""CSV flavours: plain UTF-8, and CSV for Excel.

Excel flavour (``excel=True``):
- UTF-8 with a byte-order mark, so Excel reads Cyrillic and Kazakh letters
  correctly instead of guessing a code page;
- ``;`` between cells and ``,`` as the decimal mark (the list and decimal
  separators of Russian and Kazakh regional settings, which Excel uses to
  split a CSV it opens by double click), CRLF line ends;
- timestamps as ``YYYY-MM-DD HH:MM:SS`` (UTC), which Excel reads as a date;
- formula neutralising: a text cell beginning with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return gets a leading ``'`` so that a report's
  text (a phone number "+7 701 ...", "=HYPERLINK(...)") can never run as a
  formula.  Only text columns are touched: numbers stay numbers.

Both flavours write a list of numbers (``source_bbox``) as JSON text,
``[56.7, 102.3, 538.6, 130.1]`` (decimal points also for Excel: the text is
one value, not numbers Excel should read), the Data Package's ``array``.

Parquet and JSON keep text exactly; only Excel CSV is neutralised.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_RE = r"^[=+\-@\t\r]"
BOM = b"\xef\xbb\xbf"


def neutralise(text):
    """``"=1+2"`` -> ``"'=1+2"``; other values unchanged (None stays None)."""
    if isinstance(text, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def _neutralise_array(arr: pa.Array) -> pa.Array:
    hit = pc.match_substring_regex(arr, _FORMULA_RE)
    if not pc.any(hit).as_py():
        return arr
    quoted = pc.binary_join_element_wise(pa.scalar("'"), arr, "")
    return pc.if_else(hit, quoted, arr)


def list_text(values) -> str | None:
    """A list of numbers as the CSV and the workbook write it: JSON text (None stays None)."""
    return None if values is None else json.dumps([float(v) for v in values])


def _is_list(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t)


def _text_lists(batch: pa.RecordBatch) -> pa.RecordBatch:
    """``batch`` with its list columns as JSON text."""
    if not any(_is_list(f.type) for f in batch.schema):
        return batch
    arrays = [pa.array([list_text(v) for v in col.to_pylist()], pa.string()) if _is_list(col.type) else col
              for col in batch.columns]
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)


def csv_schema(schema: pa.Schema) -> pa.Schema:
    """The schema of the CSV text: list columns are text."""
    return pa.schema([f.with_type(pa.string()) if _is_list(f.type) else f for f in schema])


def _excel_array(arr: pa.Array) -> pa.Array:
    t = arr.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return _neutralise_array(arr)
    if pa.types.is_floating(t):
        text = pc.cast(arr, pa.string())
        return pc.replace_substring(text, ".", ",")
    if pa.types.is_timestamp(t):
        seconds = pc.cast(arr, pa.timestamp("s", tz=t.tz), safe=False)
        return pc.strftime(seconds, format="%Y-%m-%d %H:%M:%S")
    return arr


def excel_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch as Excel should see it (see module docs)."""
    arrays = [_excel_array(batch.column(i)) for i in range(batch.num_columns)]
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)


def excel_schema(schema: pa.Schema) -> pa.Schema:
    fields = []
    for f in schema:
        if pa.types.is_floating(f.type) or pa.types.is_timestamp(f.type):
            f = f.with_type(pa.string())
        fields.append(f)
    return pa.schema(fields)


class CsvTableWriter:
    """Streams record batches of one table to a CSV file."""

    def __init__(self, path, schema: pa.Schema, *, excel: bool = False):
        self.excel = excel
        self._fp = open(path, "wb")
        schema = csv_schema(schema)
        if excel:
            self._fp.write(BOM)
            options = pacsv.WriteOptions(delimiter=";", eol="\r\n")
            schema = excel_schema(schema)
        else:
            options = pacsv.WriteOptions()
        self._writer = pacsv.CSVWriter(self._fp, schema, write_options=options)

    def write_batch(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            batch = _text_lists(batch)
            self._writer.write_batch(excel_batch(batch) if self.excel else batch)

    def close(self) -> None:
        self._writer.close()
        self._fp.flush()
        self._fp.close()
