"""``esep report`` and ``esep export``: the click commands."""

from __future__ import annotations

import os
import sys

import click

from esep.outputs.i18n import LANGS


def _fail(message: str) -> None:
    click.echo(f"esep: {message}", err=True)
    sys.exit(1)


def _open(dataset: str):
    from esep.outputs.dataset import DatasetError, open_dataset

    try:
        return open_dataset(dataset)
    except DatasetError as err:
        _fail(str(err))


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _internal(exc: Exception) -> str:
    from esep.fsutil import one_line

    return one_line(f"internal error ({type(exc).__name__}: {exc})")


def write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it."""
    tmp = os.path.join(os.path.dirname(os.path.abspath(path)), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fp:
            fp.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


REPORT_EXAMPLES = """\b
Examples:
  esep report dataset -o summary.html
  esep report dataset -o summary-kk.html --lang kk
  esep report dataset -o /srv/share/summary.html --source-root /srv/reports
"""

EXPORT_EXAMPLES = """\b
Examples:
  esep export dataset --xlsx reports.xlsx
  esep export /srv/reports/dataset --xlsx ~/Desktop/esep-2024.xlsx
"""


@click.command(epilog=REPORT_EXAMPLES)
@click.argument("dataset")
@click.option("-o", "--out", "out", required=True, metavar="FILE",
              help="The HTML file to write (one file: charts, style and figures inside).")
@click.option("--lang", type=click.Choice(LANGS), default="ru", show_default=True,
              help="Language of the page: Russian, Kazakh or English (the data stays as written).")
@click.option("--source-root", metavar="DIR",
              help="Where the source files are, for the page's links [default: the folder DATASET was ingested from].")
def report(dataset: str, out: str, lang: str, source_root: str | None) -> None:
    """Write a summary of DATASET as one HTML page that opens offline.

    Coverage (reports by year, type, language and region; files that could
    not be read, with the reason), plan and fact of participants, reach by
    platform, participants by gender, age and social status, and the
    findings by code and per report.  Every report is counted once (rows of
    reports whose duplicate_of is empty); each report links to its source
    file and each finding to its page.
    """
    from esep.outputs.figures import summarise
    from esep.outputs.html import Linker
    from esep.outputs.page import Page

    data = _open(dataset)
    try:
        summary = summarise(data)
        linker = Linker(os.path.abspath(source_root) if source_root else data.root,
                        os.path.dirname(os.path.abspath(out)))
        document = Page(summary, lang, linker, dataset=dataset, meta=data.meta, version=data.version).document()
    except Exception as exc:  # a bug must still not print a traceback
        _fail(f"{dataset}: {_internal(exc)}")
    try:
        write_atomically(out, document.encode("utf-8"))
    except OSError as exc:
        _fail(f"{out}: cannot write the page ({_reason(exc)})")
    click.echo(f"esep report: {dataset} -> {out} ({summary.counted} reports, {len(summary.failed)} files not read, "
               f"{summary.kpis['kpi_findings']} findings)", err=True)


@click.command(epilog=EXPORT_EXAMPLES)
@click.argument("dataset")
@click.option("--xlsx", "xlsx", required=True, metavar="FILE",
              help="The Excel workbook to write: one sheet per table and a README sheet.")
def export(dataset: str, xlsx: str) -> None:
    """Export DATASET as an Excel workbook.

    One sheet per table (reports, activities, ..., files) with the header
    row frozen, a filter on every column, numbers as numbers and dates as
    dates, and a README sheet describing every column.  Text that begins
    with = + - @ is kept as text, never run as a formula.
    """
    from esep.outputs.workbook import TooLarge, write_workbook

    data = _open(dataset)
    try:
        counts = write_workbook(data, xlsx)
    except TooLarge as err:
        _fail(f"{xlsx}: {err}")
    except OSError as exc:
        _fail(f"{xlsx}: cannot write the workbook ({_reason(exc)})")
    except Exception as exc:  # a bug must still not print a traceback
        _fail(f"{dataset}: {_internal(exc)}")
    summary = ", ".join(f"{name} {n}" for name, n in counts.items())
    click.echo(f"esep export: {dataset} -> {xlsx} ({summary})", err=True)
