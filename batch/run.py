"""``ingest(options)``: a folder of reports -> a dataset, incrementally.

1. open the dataset folder (lock, clean what a killed run left);
2. walk the root; a file whose size and mtime match the manifest keeps its
   sha256, any other is hashed;
3. plan (``batch.plan``): which files to read, which old rows to drop;
4. write a new version beside the current one: the old rows that stay
   (streamed batch by batch), then the rows of each file read, as results
   arrive from the guarded worker pool; every result is also spooled so
   that a run after a crash does not read that file again;
5. write ``files`` and the manifest, then swap the version in atomically.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import shutil
import time
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from esep.batch import work as _work
from esep.batch.archives import expand_archives, task_kwargs
from esep.batch.executor import Executor, LocalExecutor, tail_kwargs
from esep.batch.facts import DatasetFacts, without_dataset_findings
from esep.batch.ignored import unread_status
from esep.batch.manifest import load_manifest, load_owners, manifest_schema
from esep.batch.plan import Candidate, make_plan
from esep.batch.progress import Reporter
from esep.batch.store import Store
from esep.batch.version import VersionWriter
from esep.fsutil import hash_file, peak_rss
from esep.batch.walk import describe_os_error, walk
from esep.batch.work import ReportRows, result_as_json, result_from_json
from esep.guard import Limits, default_jobs
from esep.guarded import Read, ReadResult, result_of
from esep.schemas import CHILD_TABLES, SCHEMA_VERSION, parser_version
from esep.writers.datapackage import write_datapackage
from esep.writers.dataset import PARQUET, TableWriter

DATA_TABLES = ("reports", *CHILD_TABLES)
STATUSES = ("ok", "failed", "duplicate", "skipped", "ignored")

#: The function a worker runs per file; tests swap it for a slow one.
DEFAULT_WORK = _work.read_report


@dataclass
class Options:
    root: str
    out: str
    formats: tuple[str, ...] = (PARQUET,)
    jobs: int | None = None
    limits: Limits = field(default_factory=Limits)
    force: bool = False
    retry_failed: bool = False
    prune: bool = False
    batch_rows: int = 1000  # rows buffered per table before a row group is written: bounds memory
    include: tuple[str, ...] = ()  # file-name globs; empty: every file


@dataclass
class Summary:
    dataset: str
    version: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    rows: dict[str, int] = field(default_factory=dict)
    files_read: int = 0
    pages_read: int = 0
    ignored: int = 0
    seconds: float = 0.0
    peak_rss: int = 0          # the main process, bytes
    worker_peak_rss: int = 0   # the largest worker, bytes
    jobs: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.counts.get("failed") else 0


def _spooled_result(data) -> ReadResult[ReportRows] | None:
    """The result in a spool entry; None when there is none to use."""
    if data is None:
        return None
    try:
        return result_from_json(data)
    except ValueError:  # torn or foreign: read the file again
        return None


def _copy_old(cur: str | None, writer: VersionWriter, drop: set[str], owner_changes: dict[str, str],
              batch_rows: int, facts: DatasetFacts) -> None:
    """Stream the rows that stay from the current version into the new one."""
    if not cur:
        return
    drop_set = pa.array(sorted(drop), pa.string()) if drop else None
    for table in DATA_TABLES:
        path = os.path.join(cur, f"{table}.parquet")
        if not os.path.exists(path):
            continue
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
            if drop_set is not None:
                keep = pc.invert(pc.is_in(batch.column("report_id"), value_set=drop_set))
                batch = batch.filter(keep)
            if table == "reports" and owner_changes and batch.num_rows:
                ids = batch.column("report_id").to_pylist()
                names = batch.column("source_file").to_pylist()
                names = [owner_changes.get(i, n) for i, n in zip(ids, names)]
                idx = batch.schema.get_field_index("source_file")
                batch = batch.set_column(idx, "source_file", pa.array(names, pa.string()))
            if table == "findings":
                batch = without_dataset_findings(batch)  # recomputed over the new version below
            facts.add_batch(table, batch)
            writer[table].write_batch(batch)


def _identify(options: Options, store: Store, prev: dict[str, dict], reporter: Reporter) -> tuple[list[Candidate], int]:
    exclude = set()
    st = os.stat(store.root)
    exclude.add((st.st_dev, st.st_ino))
    ignored = 0

    def on_ignored(rel: str, reason: str) -> None:
        nonlocal ignored
        ignored += 1
        reporter.ignored(rel, reason)

    found: list[Candidate] = []
    for f in walk(options.root, exclude=exclude, on_ignored=on_ignored):
        if options.include and not any(fnmatch.fnmatch(os.path.basename(f.source_file).lower(), g.lower())
                                        for g in options.include):
            continue  # not asked for: neither read nor logged
        c = Candidate(f.path, f.source_file, f.size, f.mtime_ns)
        p = prev.get(f.source_file)
        if (p is not None and not options.force and p.get("source_sha256")
                and p.get("size") == f.size and p.get("mtime_ns") == f.mtime_ns):
            c.sha256 = p["source_sha256"]
            c.unchanged = True
        else:
            try:
                c.sha256, c.size, c.mtime_ns = hash_file(f.path)
            except OSError as exc:
                c.error = describe_os_error(exc)
        found.append(c)
    return found, ignored


def ingest(options: Options, reporter: Reporter | None = None, work=None,
           executor: Executor | None = None) -> Summary:
    """Run one batch; see the module docs.  Raises ``batch.store.StoreError``
    when the dataset folder cannot be used.  ``executor``: where files are
    read (``batch.executor``; default: the guarded pool on this machine)."""
    t0 = time.monotonic()
    reporter = reporter or Reporter()
    work = work or DEFAULT_WORK
    executor = executor or LocalExecutor()
    pv = parser_version()
    summary = Summary(dataset=os.path.abspath(options.out))
    with Store(options.out) as store:
        cur = store.current_dir()
        prev = load_manifest(cur)
        candidates, summary.ignored = _identify(options, store, prev, reporter)
        archives = expand_archives(candidates, prev, jobs=options.jobs or default_jobs(), limits=options.limits,
                                   force=options.force, retry_failed=options.retry_failed, parser_version=pv,
                                   reporter=reporter)
        plan = make_plan(
            archives.candidates, prev, parser_version=pv, owners=load_owners(cur),
            force=options.force, retry_failed=options.retry_failed, prune=options.prune,
        )
        plan.rows.extend(archives.rows)  # the archives themselves (their members are planned above)
        plan.vanished = [r for r in plan.vanished if r["source_file"] not in archives.names]
        del candidates, prev, archives
        now = dt.datetime.now(dt.timezone.utc)
        files_rows: list[dict] = []
        for row in plan.rows:
            if row.get("ingested_at") is None:
                row["ingested_at"] = now
            files_rows.append(row)
            summary.counts[row["status"]] += 1

        tmp = store.new_version_dir()
        committed = False
        try:
            writer = VersionWriter(tmp, options.formats, batch_rows=options.batch_rows)
            facts = DatasetFacts()
            _copy_old(cur, writer, plan.drop, plan.owner_changes, options.batch_rows, facts)

            def record(group: list[Candidate], result: ReadResult[ReportRows], duration: int | None,
                       stopped: bool = False) -> None:
                at = dt.datetime.now(dt.timezone.utc)
                if isinstance(result, Read):
                    tables = result.value.tables
                    tables["reports"][0]["source_file"] = group[0].source_file
                    writer.write_rows(tables)
                    for name, rows in tables.items():
                        facts.add_rows(name, rows)
                    rid, pages = group[0].report_id, result.value.page_count
                    summary.files_read += 1
                    summary.pages_read += pages or 0
                    statuses = [("ok", None)] + [("duplicate", None)] * (len(group) - 1)
                else:
                    rid, pages = None, None
                    error = result.reason or "unknown error"
                    statuses = [(unread_status(result.code, c.source_file), error) for c in group]
                for i, (c, (status, error)) in enumerate(zip(group, statuses)):
                    files_rows.append({
                        "source_file": c.source_file, "source_sha256": c.sha256, "report_id": rid,
                        "status": status, "error": error, "page_count": pages,
                        "duration_ms": duration if i == 0 else 0, "parser_version": pv,
                        "ingested_at": at, "size": c.size, "mtime_ns": c.mtime_ns, "member": c.member,
                        "stopped": stopped or None,
                    })
                    summary.counts[status] += 1
                    reporter.file_done(c.source_file, status, error, sha256=c.sha256, report_id=rid)

            groups = list(plan.read.values())
            spooled = [i for i, g in enumerate(groups) if store.spool_has(g[0].sha256)]
            spooled_set = set(spooled)
            to_run = [i for i in range(len(groups)) if i not in spooled_set]
            jobs = max(1, min(executor.capacity(options.jobs), len(to_run) or 1))
            summary.jobs = jobs
            decided: dict[str, int] = {}
            for row in plan.rows:
                decided[row["status"]] = decided.get(row["status"], 0) + 1
            reporter.start(sum(len(g) for g in groups), jobs, decided)
            for i in spooled:  # what a killed run had already read, loaded one at a time
                entry = store.spool_get(groups[i][0].sha256, pv)
                result = _spooled_result(entry)
                if result is None:
                    to_run.append(i)
                else:
                    record(groups[i], result, entry.get("duration_ms"), bool(entry.get("stopped")))
                    groups[i] = None
            del spooled, spooled_set
            if to_run:
                from esep.batch.work import PRELOAD

                tasks = ((i, (groups[i][0].path, groups[i][0].source_file, groups[i][0].sha256),
                          {**task_kwargs(groups[i][0]), **tail_kwargs(k, len(to_run), jobs)})
                         for k, i in enumerate(to_run))
                with executor.pool(work, jobs, options.limits, PRELOAD) as pool:
                    for out in pool.imap_unordered(tasks):
                        group = groups[out.key]
                        result = result_of(out)
                        duration = int(round(out.duration_s * 1000))
                        store.spool_put(group[0].sha256, pv, {**result_as_json(result), "duration_ms": duration,
                                                              "stopped": out.stopped})
                        record(group, result, duration, out.stopped)
                        groups[out.key] = None  # let it go
                    summary.worker_peak_rss = pool.max_rss
            reporter.close()

            files_rows.extend(plan.vanished)
            files_rows.sort(key=lambda r: r["source_file"])
            files = TableWriter(tmp, "files", options.formats, batch_rows=options.batch_rows)
            files.write_rows(files_rows)
            files.close()
            manifest = TableWriter(tmp, "_manifest", (PARQUET,), schema=manifest_schema(),
                                   batch_rows=options.batch_rows)
            manifest.write_rows(files_rows)
            manifest.close()
            review = facts.review()  # checks across reports, copies of one report
            writer.write_rows({"findings": review.findings})
            summary.rows = writer.close(review.duplicate_of)
            summary.rows["files"] = files.rows_written
            write_datapackage(tmp, [*DATA_TABLES, "files"], options.formats)
            _write_meta(tmp, summary, options, pv)
            summary.version = store.commit(tmp)
            committed = True
            store.spool_clear()
        finally:
            reporter.close()
            if not committed:
                shutil.rmtree(tmp, ignore_errors=True)
    summary.seconds = time.monotonic() - t0
    summary.peak_rss = peak_rss() or 0
    return summary


def _write_meta(tmp: str, summary: Summary, options: Options, pv: str) -> None:
    meta = {
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "parser_version": pv,
        "schema_version": SCHEMA_VERSION,
        "root": os.path.abspath(options.root),
        "formats": list(options.formats),
        "rows": summary.rows,
        "counts": summary.counts,
    }
    with open(os.path.join(tmp, "_meta.json"), "w", encoding="utf-8") as fp:
        json.dump(meta, fp, ensure_ascii=False, indent=1)
