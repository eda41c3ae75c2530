"""esep command line: ``esep dump``, ``esep extract``, ``esep ingest``, ...

Each command is a thin shell over a stage: it parses options, calls the
stage and turns typed errors into a one-line message and an exit status.
"""

from __future__ import annotations

import json
import sys

import click

from esep.extract import ExtractError, read
from esep.fsutil import one_line, printable_name
from esep.guard.limits import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_S, format_size
from esep.guard.options import SizeParam


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog="""Examples:

\b
  esep extract samples/interim_gamo.docx
  esep ingest samples/ -o dataset/ && esep check dataset/
  esep watch inbox/ -o dataset/ --log watch.jsonl
""")
@click.version_option(package_name="esep")
def main() -> None:
    """esep: programme reports on state grants -> one clean, traceable dataset."""


def fail(message: str, code: int = 1) -> None:
    click.echo(f"esep: {message}", err=True)
    sys.exit(code)


def read_or_fail(file: str):
    """Read FILE (as the pipeline does: ``pipeline.pdf_settings``), turning any
    failure into one line and exit status 1."""
    from esep.pipeline import pdf_settings

    try:
        return read(file, pdf_settings=pdf_settings())
    except ExtractError as err:
        fail(str(err))
    except MemoryError:
        fail(f"{printable_name(file)}: out of memory while reading")
    except Exception as exc:  # a reader bug must still not print a traceback
        fail(f"{printable_name(file)}: {one_line(f'internal error ({type(exc).__name__}: {exc})')}")


@main.command(epilog="""Examples:

\b
  esep dump samples/interim_gamo.pdf
  esep dump samples/final_eco_mangystau_scan.pdf | less
  esep dump --json report.docx > report.model.json
""")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the full document model as JSON.")
def dump(file: str, as_json: bool) -> None:
    """Show what the reader saw in FILE: paragraphs and tables with their pages."""
    from esep.extract.render import render_text

    doc = read_or_fail(file)
    if as_json:
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(render_text(doc))


@main.command(epilog="""Examples:

\b
  esep extract samples/interim_gamo.docx
  esep extract samples/interim_gamo.docx | jq '.activities[] | {title, participants_actual}'
  esep extract samples/final_kk_zhasyl_dala.doc -o out/ --excel
""")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--out", "-o", "out_dir", metavar="DIR", type=click.Path(path_type=str),
              help="Write the report's tables into this folder instead of printing JSON.")
@click.option("--csv", "csv_", is_flag=True, help="With --out: CSV (UTF-8) as well as Parquet.")
@click.option("--excel", is_flag=True, help="With --out: CSV that Excel opens in Cyrillic, formulas neutralised.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT_S, show_default=True,
              metavar="SECONDS", help="Wall-clock limit for reading the file (0: none).")
@click.option("--max-memory", type=SizeParam(), default=format_size(DEFAULT_MAX_MEMORY).replace(" ", ""),
              show_default=True, help="Memory limit for the reading process, e.g. 1GB, 512M (0: none).")
def extract(file: str, out_dir: str | None, csv_: bool, excel: bool, timeout: float, max_memory: int) -> None:
    """Read one report FILE into the common schema.

    Prints the report as JSON (the report row and its child tables), or with
    --out writes one Parquet file per table (CSV too with --csv / --excel).
    The file is read in a child process bounded in time and memory, as
    `esep ingest` does.  Exit status 0 on success, 1 when the file cannot be read.
    """
    from esep.guarded import guarded_process_file
    from esep.writers.outdir import OutDirError, ensure_out_dir, os_reason

    if out_dir is not None:  # before reading: an unusable --out is known at once
        try:
            ensure_out_dir(out_dir)
        except OutDirError as err:
            fail(str(err))
    try:
        bundle = guarded_process_file(file, timeout_s=timeout or None, max_memory=max_memory or None)
    except ExtractError as err:
        fail(str(err))
    if out_dir is None:
        click.echo(json.dumps(bundle.model_dump(mode="json"), ensure_ascii=False, indent=1))
        return
    from esep.schemas import CHILD_TABLES
    from esep.writers import CSV, EXCEL, PARQUET, DatasetWriter, bundle_rows

    formats = [PARQUET] + ([EXCEL] if excel else [CSV] if csv_ else [])
    try:
        writer = DatasetWriter(out_dir, ["reports", *CHILD_TABLES], formats)
        try:
            writer.write_rows(bundle_rows(bundle))
        finally:
            counts = writer.close()
        from esep.writers.datapackage import write_datapackage

        write_datapackage(out_dir, ["reports", *CHILD_TABLES], formats)
    except OSError as err:  # e.g. the disk filled up, or a folder named like a table file
        fail(f"{printable_name(out_dir)}: cannot write the tables: {os_reason(err)}")
    summary = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    click.echo(f"esep extract: {printable_name(file)} -> {printable_name(out_dir)} ({summary})", err=True)


@main.command(epilog="""Examples:

\b
  esep check dataset/
  esep check dataset/ --severity warning --code plan_not_met
  esep check dataset/ --format json --fail-on error > findings.json || echo "look at the dataset"
""")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--severity", type=click.Choice(["error", "warning", "info"]), help="Only findings of this severity.")
@click.option("--code", help="Only findings with this code (e.g. plan_not_met).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]),
              help="Exit with status 1 when a file failed or a finding shown is of this severity or worse.")
def check(dataset: str, fmt: str, severity: str | None, code: str | None, fail_on: str | None) -> None:
    """Print the quality findings of DATASET by severity and code, then per report.

    Each report is counted once: a file that is another copy of a report
    (reports.duplicate_of) is listed as a copy, its findings left out.
    Files that could not be read are listed with the reason.  In the text,
    tables and rows are numbered from 1 as in the document; the JSON keeps
    the dataset's numbering (source_table, source_row from 0).

    Exit status: 0, or 1 with --fail-on (see above); 2 when DATASET is not
    an esep dataset.
    """
    from esep.review.findings import DatasetNotFound, exit_status, load, summarise
    from esep.review.render import render_table

    try:
        view = load(dataset)
    except DatasetNotFound as err:
        fail(str(err), 2)
    summary = summarise(view, severity=severity, code=code)
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        click.echo(render_table(summary))
    sys.exit(exit_status(summary, fail_on))


@main.command(epilog="""Examples:

\b
  esep schema > report.schema.json
  esep schema --markdown > docs/schema.md
  esep schema | jq '.properties | keys'
""")
@click.option("--markdown", is_flag=True,
              help="Print the schema reference instead: every dataset table, its columns and the finding codes "
                   "(docs/schema.md is this output).")
def schema(markdown: bool) -> None:
    """Print the JSON Schema of one extracted report (the shape `esep extract` prints)."""
    if markdown:
        from esep.schemas.reference import markdown as reference

        click.echo(reference(), nl=False)
        return
    from esep.schemas import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=1))


from esep.batch.command import ingest  # noqa: E402

main.add_command(ingest)

from esep.watcher.command import watch  # noqa: E402

main.add_command(watch)

from esep.outputs.command import export, report  # noqa: E402

main.add_command(report)
main.add_command(export)


if __name__ == "__main__":  # pragma: no cover
    main()
