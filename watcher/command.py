"""``esep watch INBOX --out DATASET``: the click command."""

from __future__ import annotations

import os
import sys

import click

from esep.guard.options import limit_options, limits_from
from esep.watcher import settings as S


def fail(message: str) -> None:
    click.echo(f"esep watch: {message}", err=True)
    sys.exit(1)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@click.command(epilog="""Examples:

\b
  esep watch /srv/reports/inbox -o /srv/reports/dataset --log /var/log/esep-watch.jsonl
  esep watch /mnt/share/inbox -o dataset/ --poll 10
  esep watch inbox/ -o dataset/ --once --log - | jq -c 'select(.event == "failed")'
""")
@click.argument("inbox", type=click.Path(file_okay=False, dir_okay=True, path_type=str))
@click.option("--out", "-o", "out", required=True, metavar="DATASET",
              type=click.Path(path_type=str),  # checked by the store: one line, status 1
              help="Dataset folder to create or update (the same as esep ingest --out).")
@click.option("--processed", metavar="DIR", type=click.Path(file_okay=False, path_type=str),
              help="Where ingested files go, under their date  [default: 'processed' beside INBOX].")
@click.option("--failed", "failed_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=str),
              help="Where files that could not be read go, with NAME.error.txt  [default: 'failed' beside INBOX].")
@click.option("--settle", type=click.FloatRange(min=0), default=S.SETTLE_S, show_default=True, metavar="SECONDS",
              help="A file is taken once its size and time have not changed for this long.")
@click.option("--poll", type=click.FloatRange(min=0.01), default=None, metavar="SECONDS",
              help="Look for files every SECONDS instead of using file-system events "
                   "(network shares often send none).")
@click.option("--once", is_flag=True, help="Ingest what is in INBOX now, then exit (for cron / systemd timers).")
@click.option("--log", "log_file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
              help="Append one JSON line per event to FILE; '-' writes them to standard output.")
@click.option("--csv", "csv_", is_flag=True, help="Also write CSV (UTF-8) beside the Parquet files.")
@click.option("--excel", is_flag=True, help="Write the CSV for Excel (see esep ingest --excel). Implies --csv.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Parallel parsing processes [default: all cores].")
@limit_options
@click.option("--verbose", "-v", is_flag=True, help="Also print seen, renamed and moved events.")
def watch(inbox, out, processed, failed_dir, settle, poll, once, log_file, csv_, excel, jobs, timeout,
          max_memory, verbose):
    """Ingest every report that appears in INBOX (recursively) into DATASET.

    A file is taken once complete, ingested through the same manifest as
    `esep ingest`, then moved to processed/DATE/ (or to failed/DATE/ with
    NAME.error.txt saying why). Nothing is deleted and no name is
    overwritten. SIGTERM or Ctrl-C finish the current batch, then exit.

    Exit status: 0 when stopped (or, with --once, when every file was
    ingested), 1 when --once moved some file to failed/ or DATASET or
    --log cannot be used, 2 on bad usage or when another watcher already
    holds DATASET (1 too when INBOX is missing: a share not mounted yet).
    """
    from esep.batch.store import Store, StoreBusy, StoreError
    from esep.fsutil import printable_name
    from esep.watcher.journal import Journal
    from esep.watcher.lock import AlreadyWatched, WatchLock
    from esep.watcher.loop import Watcher, WatchSettings
    from esep.writers.dataset import CSV, EXCEL, PARQUET
    from esep.writers.outdir import OutDirError

    if not os.path.isdir(inbox):  # status 1, not 2: a share not mounted yet is worth a retry
        click.echo(f"esep watch: {printable_name(inbox)} is not a folder (not mounted yet?)", err=True)
        sys.exit(1)
    inbox_abs = os.path.realpath(inbox)
    dataset = os.path.abspath(out)
    parent = os.path.dirname(inbox_abs)
    processed = os.path.abspath(processed) if processed else os.path.join(parent, S.PROCESSED_NAME)
    failed = os.path.abspath(failed_dir) if failed_dir else os.path.join(parent, S.FAILED_NAME)
    real_ds = os.path.realpath(dataset)
    if _inside(inbox_abs, real_ds):
        raise click.UsageError("INBOX must not be DATASET or inside it")
    for opt, path in (("--processed", processed), ("--failed", failed)):
        real = os.path.realpath(path)
        if real == inbox_abs:
            raise click.UsageError(f"{opt} must not be INBOX itself")
        if _inside(real, real_ds):
            raise click.UsageError(f"{opt} must not be inside DATASET")

    # the dataset: created (or recognised) the way esep ingest does it
    try:
        Store(dataset).open().close()
    except StoreBusy:
        pass  # an esep ingest is writing it: the watcher waits its turn
    except StoreError as exc:  # a file in the way, no permission, someone else's folder
        fail(str(exc))

    try:
        journal = Journal(log_file, verbose=verbose)
    except OutDirError as exc:
        fail(f"--log {exc}")
    lock = WatchLock(dataset)
    try:
        lock.acquire()
    except OSError as exc:
        fail(f"{printable_name(out)}: cannot use the dataset: {exc.strerror or exc}")
    except AlreadyWatched as exc:
        who = f"process {exc.pid}" if exc.pid else "another process"
        click.echo(f"esep watch: {printable_name(out)} is already watched by {who}", err=True)
        journal.close()
        sys.exit(2)

    formats = [PARQUET] + ([EXCEL] if excel else [CSV] if csv_ else [])
    cfg = WatchSettings(inbox=inbox_abs, dataset=dataset, processed=processed, failed=failed,
                        settle=settle, poll=poll, once=once, formats=tuple(formats), jobs=jobs,
                        limits=limits_from(timeout, max_memory))
    code = 1
    try:
        code = Watcher(cfg, journal).run()
    except KeyboardInterrupt:
        journal.event("stopped", reason="interrupted",
                      human="interrupted; the dataset keeps its last version, staged files wait for the next start")
        code = 130
    except StoreError as exc:
        journal.event("error", error=str(exc), human=f"cannot use the dataset: {exc}")
        code = 1
    except Exception as exc:
        journal.event("error", error=f"internal error ({type(exc).__name__}: {exc})", human="")
        raise
    finally:
        lock.release()
        journal.close()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    watch()
