"""``esep ingest ROOT --out DATASET``: the click command."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import click

from esep.guard.options import limit_options, limits_from


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.0f} MB"


def format_summary(s) -> str:
    c = s.counts
    lines = [
        f"esep ingest: {sum(c.values())} files in {s.seconds:.1f} s"
        + (f" ({s.files_read / s.seconds:.1f} files/s" + (f", {s.pages_read / s.seconds:.1f} pages/s" if s.pages_read else "")
           + " read)" if s.files_read and s.seconds > 0 else ""),
        "  files: " + ", ".join(f"{k} {c.get(k, 0)}" for k in ("ok", "failed", "duplicate", "skipped", "ignored"))
        + (f"; {s.ignored} entries ignored (links, special files)" if s.ignored else ""),
        "  rows: " + ", ".join(f"{t} {n}" for t, n in s.rows.items()),
        f"  dataset: {s.dataset} (version {s.version})",
    ]
    mem = f"  peak memory: {_mb(s.peak_rss)} main process"
    if s.worker_peak_rss:
        mem += f", {_mb(s.worker_peak_rss)} largest worker ({s.jobs} worker{'s' if s.jobs != 1 else ''})"
    lines.append(mem)
    return "\n".join(lines)


UNCHANGED = "; the dataset is unchanged, files already read are kept for the next run"


def _cluster_option(ctx, param, value):
    """``--cluster``: checked here (a usage error, status 2), without Dask."""
    if value is None:
        return None
    from esep.batch.cluster import cluster_address

    try:
        return cluster_address(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _executor(cluster, root, jobs, reporter):
    """Where the files are read: None (this machine's pool) or a checked Dask cluster."""
    if cluster is None:
        from contextlib import nullcontext

        return nullcontext(None)
    from esep.batch.cluster import open_cluster

    return _announced(open_cluster(cluster, root, jobs), reporter)


@contextmanager
def _announced(opening, reporter):
    with opening as executor:
        reporter.message(executor.describe())
        yield executor


@click.command(epilog="""Examples:

\b
  esep ingest reports/ -o dataset/
  esep ingest reports/ -o dataset/ --excel --include '*.docx' --include '*.pdf'
  esep ingest reports/ -o dataset/ --log - | jq -c 'select(.event == "failed")'
""")
@click.argument("root", type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=str))
@click.option("--out", "-o", "out", required=True, metavar="DATASET",
              type=click.Path(path_type=str),  # checked by the store: one line, status 1
              help="Dataset folder to create or update.")
@click.option("--csv", "csv_", is_flag=True, help="Also write CSV (UTF-8) beside the Parquet files.")
@click.option("--excel", is_flag=True,
              help="Write the CSV for Excel: UTF-8 with BOM, ';' separated, decimal comma, "
                   "formula cells (= + - @) neutralised. Implies --csv.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Parallel parsing processes [default: all cores].")
@limit_options
@click.option("--include", "include", multiple=True, metavar="GLOB",
              help="Only files whose name matches GLOB (repeatable, e.g. --include '*.pdf' --include '*.docx'); "
                   "others are passed over, not logged as failed.")
@click.option("--force", is_flag=True, help="Read every file again, ignoring the manifest.")
@click.option("--retry-failed", is_flag=True, help="Read again files that failed and have not changed.")
@click.option("--prune", is_flag=True, help="Drop the rows of files no longer under ROOT (kept by default).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar [default: when stderr is a terminal; log lines otherwise].")
@click.option("--log", "log_file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
              help="Append one JSON line per event to FILE (as esep watch does); '-' writes them to standard "
                   "output (the summary then goes to stderr).")
@click.option("--verbose", "-v", is_flag=True, help="Log every file, not only failures.")
@click.option("--cluster", metavar="ADDRESS", callback=_cluster_option,
              help="Read the files on the workers of the Dask scheduler at ADDRESS (tcp://HOST:8786), which "
                   "must see ROOT at the same path; 'local' starts a Dask cluster on this machine, with --jobs "
                   "workers. Needs: pip install \"esep[dask]\".")
def ingest(root, out, csv_, excel, jobs, timeout, max_memory, include, force, retry_failed, prune, progress,
           log_file, verbose, cluster):
    """Read every report under ROOT into the dataset DATASET.

    Re-running reads only new and changed files.  Exit status: 0 when every
    file was ingested, 1 when some failed (the rest are written) or DATASET
    cannot be used, 2 on bad usage.
    """
    from esep.batch.events import EventLog, EventReporter
    from esep.batch.progress import BarReporter, LogReporter
    from esep.batch.cluster import ClusterError, ClusterLost
    from esep.batch.run import Options, ingest as run_ingest
    from esep.batch.store import StoreError
    from esep.guard import WorkerStartError
    from esep.writers.dataset import CSV, EXCEL, PARQUET
    from esep.writers.outdir import OutDirError

    formats = [PARQUET]
    if excel:
        formats.append(EXCEL)
    elif csv_:
        formats.append(CSV)
    options = Options(
        root=os.path.abspath(root) if cluster else root, out=out, formats=tuple(formats), jobs=jobs,
        limits=limits_from(timeout, max_memory),
        force=force, retry_failed=retry_failed, prune=prune, include=tuple(include),
    )
    try:
        events = EventLog(log_file, on_error=lambda text: click.echo(f"esep: {text}", err=True))
    except OutDirError as exc:
        fail(f"--log {exc}")
    if progress is None:
        progress = sys.stderr.isatty()
    reporter = EventReporter(BarReporter() if progress else LogReporter(verbose=verbose), events)
    events.write("started", root=os.path.abspath(root), dataset=os.path.abspath(out), pid=os.getpid())

    def stop(code: int, reason: str, error: str | None = None) -> None:
        if error:
            events.write("error", error=error)
        events.write("stopped", reason=reason, exit_status=code)
        if error:
            click.echo(f"esep: {error}", err=True)
        sys.exit(code)

    try:
        with _executor(cluster, root, jobs, reporter) as executor:
            summary = run_ingest(options, reporter, executor=executor)
    except ClusterError as exc:  # unreachable, a worker that cannot read ROOT, the scheduler lost
        stop(1, "error", str(exc) + (UNCHANGED if isinstance(exc, ClusterLost) else ""))
    except StoreError as exc:  # a file in the way, no permission, someone else's folder, another esep writing
        stop(1, "error", str(exc))
    except WorkerStartError as exc:
        stop(1, "error", f"{exc}{UNCHANGED}")
    except KeyboardInterrupt:
        stop(130, "interrupted", "interrupted; the dataset is unchanged, the next run resumes")
    events.write("committed", version=summary.version, counts=summary.counts, rows=summary.rows,
                 seconds=round(summary.seconds, 3), dataset=summary.dataset)
    click.echo(format_summary(summary), err=events.to_stdout)
    stop(summary.exit_code, "done")


def fail(message: str) -> None:
    click.echo(f"esep: {message}", err=True)
    sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    ingest()
