"""The schema reference, docs/schema.md, written from the models.

``markdown()`` is what ``esep schema --markdown`` prints: the conventions,
every dataset table with its columns (type, whether it may be null, the
description from the model's ``Field``), its keys, and the finding codes
from the registry in ``schemas.codes``.  docs/schema.md is this text, committed; a test
checks that it is current.
"""

from __future__ import annotations

from esep.schemas import CHILD_TABLES, SCHEMA_VERSION, TABLES
from esep.schemas.codes import FINDING_KINDS
from esep.schemas.columns import Column, primary_key, table_columns, table_description

HEADER = """\
# esep schema reference

<!-- Written by `esep schema --markdown` from the models in schemas/ and the
finding codes in schemas/codes.py; do not edit by hand. After changing them:
esep schema --markdown > docs/schema.md (a test checks this file is current). -->

Schema version {version}. Every report, whatever its format (DOCX, PDF,
scanned PDF, DOC/RTF/ODT) or language (Russian, Kazakh, mixed), is
normalised into the tables below. Analysts' notebooks, dashboards and SQL
read these names: a change here is a breaking change and bumps the schema
version.
"""

SHAPES = """\
## Shapes

- **One report as JSON** (`esep extract FILE`): an object with the key
  `report` (the reports row) and one key per child table, each a list of
  rows without the repeated `report_id`:
  {children}. Its JSON Schema is `esep schema`.
- **A dataset** (`esep ingest`, `esep watch`, `esep extract FILE --out DIR`):
  one file per table, named after it (`reports.parquet`, … and `.csv` on
  request), the `files` table that logs each source file (not written by
  `esep extract`), and `datapackage.json`, a Frictionless Data Package
  describing every table file with these columns, types, descriptions and
  keys.
"""

CONVENTIONS = """\
## Conventions

- Table and column names are English snake_case; values keep the report's
  own language (Russian or Kazakh text is never translated).
- Text is cleaned: Unicode NFC, runs of white space folded to one space,
  soft hyphens and zero-width characters removed, quotes kept as written.
  Line breaks inside a cell become one space unless the column says
  otherwise.
- Money is whole tenge as an integer (`1 877 057 тенге` → 1877057). Counts
  are integers; ratios and scores are floats.
- Dates are ISO `YYYY-MM-DD`; a range fills `*_start` and `*_end`.
  Timestamps are UTC.
- A value the document does not give, or that cannot be read with
  certainty, is null (never 0, never ""), with a finding when it was there
  but unreadable. Values read from the document keep their text as written
  where a `*_text` column exists.
- Every child table row carries `report_id` (joining it to `reports`) and
  its provenance, `source_page`, `source_table`, `source_row` and
  `source_bbox` (where on the page, for a PDF).
- A list of numbers (`source_bbox`) is a list in Parquet and JSON, and
  JSON text in CSV and the workbook (`[56.7, 102.3, 538.6, 130.1]`, a
  decimal point also in the CSV for Excel).
- **null** in the tables below: "yes" means the column may be empty.
"""

_TYPE_NAMES = {"str": "text", "int": "integer", "float": "number", "bool": "boolean",
               "date": "date", "timestamp": "timestamp (UTC)", "float_list": "list of numbers"}


def _cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _column_row(column: Column) -> str:
    meaning = column.description
    if column.values and not all(f"`{v}`" in meaning for v in column.values):
        meaning += ("; " if meaning else "") + "one of " + ", ".join(f"`{v}`" for v in column.values)
    return (f"| `{column.name}` | {_TYPE_NAMES[column.kind]} | {'' if column.required else 'yes'} "
            f"| {_cell(meaning)} |")


def table_section(table: str) -> str:
    lines = [f"## {table}", "", table_description(table), ""]
    keys = primary_key(table)
    if keys:
        lines.append("One row per " + ", ".join(f"`{k}`" for k in keys) + " (primary key).")
    if table in CHILD_TABLES:
        lines.append("`report_id` refers to `reports.report_id`.")
    if keys or table in CHILD_TABLES:
        lines.append("")
    lines += ["| column | type | null | meaning |", "|---|---|---|---|"]
    lines += [_column_row(c) for c in table_columns(table)]
    return "\n".join(lines) + "\n"


def codes_section() -> str:
    lines = [
        "## Finding codes",
        "",
        "The `code` of a `findings` row. Codes are stable: filter on them. "
        "Findings of scope *dataset* compare reports with each other and are "
        "recomputed by every ingest; their `location` is `dataset`.",
        "",
        "| code | severity | scope | meaning |",
        "|---|---|---|---|",
    ]
    for code, kind in FINDING_KINDS.items():
        lines.append(f"| `{code}` | {kind.severity} | {kind.scope} | {_cell(kind.meaning)} |")
    return "\n".join(lines) + "\n"


def markdown() -> str:
    """The whole reference (docs/schema.md)."""
    children = ", ".join(f"`{t}`" for t in CHILD_TABLES)
    toc = "## Tables\n\n" + "\n".join(
        f"- [{t}](#{t}): {table_description(t).split(':')[0].rstrip('.')}" for t in TABLES
    ) + "\n- [Finding codes](#finding-codes)\n"
    parts = [HEADER.format(version=SCHEMA_VERSION), SHAPES.format(children=children), CONVENTIONS, toc]
    parts += [table_section(t) for t in TABLES]
    parts.append(codes_section())
    return "\n".join(parts)
