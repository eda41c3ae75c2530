"""The staging folder ``DATASET/.watch/staging``: files taken from the
inbox wait there, under their path relative to the inbox, until an ingest
run has committed them; then they go to processed/ or failed/.

Every step is a rename and can be repeated after a crash:

- ``take``: inbox -> staging (no overwrite; a clash in staging gets
  ``name (1).ext``);
- ``reserve_names``: a staged file whose name the dataset already records
  with *other bytes* is renamed ``name (1).ext`` first, so that a new
  report with an old report's name is added, never mistaken for a new
  version of it (which ``esep ingest`` would let replace the old rows);
- ``finish``: once a version recording a staged file (same name, size and
  mtime) is current, the file moves to ``processed/<date>/<path>`` (status
  ok, duplicate, skipped) or ``failed/<date>/<path>`` with
  ``<name>.error.txt`` beside it (failed).  A file no version records
  stays staged and is ingested again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass

from esep.batch.archives import archive_verdict, members_by_archive
from esep.batch.walk import walk
from esep.fsutil import hash_file, printable_name, text_name
from esep.watcher.journal import Journal
from esep.watcher.moves import COPY_PREFIX, move_unique, rename_noreplace, write_new
from esep.watcher.names import numbered_rel
from esep.watcher.settings import DATE_FORMAT, ERROR_SUFFIX, MAX_ATTEMPTS, STAGING_DIR, WATCH_DIR

def source_name(rel: str) -> str:
    """The ``source_file`` batch records for a path relative to the root."""
    return "/".join(text_name(p) for p in rel.split(os.sep))


@dataclass
class Outcome:
    moved: int = 0
    failed: int = 0
    left: int = 0     # not recorded yet: ingest again
    errors: int = 0   # could not be moved out: try again later


class Staging:
    def __init__(self, dataset: str, processed: str, failed: str, journal: Journal):
        self.dir = os.path.join(dataset, WATCH_DIR, STAGING_DIR)
        self.processed = processed
        self.failed = failed
        self.journal = journal
        self.attempts: Counter[str] = Counter()

    def prepare(self) -> None:
        """Create the folder; drop half-made copies of a killed run (their
        source is still where it was)."""
        os.makedirs(self.dir, exist_ok=True)
        for folder, dirs, files in os.walk(self.dir):
            for name in files:
                if name.startswith(COPY_PREFIX):
                    try:
                        os.unlink(os.path.join(folder, name))
                    except OSError:
                        pass

    def files(self):
        return list(walk(self.dir))

    def is_empty(self) -> bool:
        return next(iter(walk(self.dir)), None) is None

    # ------------------------------------------------------------ in
    def take(self, path: str, rel: str) -> str:
        """Move one complete file from the inbox in; returns its staged path.
        Raises OSError (FileNotFoundError when it has gone)."""
        return move_unique(path, self.dir, rel)

    def reserve_names(self, manifest: dict[str, dict]) -> None:
        staged = self.files()
        names = {f.source_file for f in staged}
        for f in staged:
            row = manifest.get(f.source_file)
            if row is None:
                continue
            try:
                sha = hash_file(f.path)[0]
            except OSError:
                continue  # the ingest run reports it
            if sha == row.get("source_sha256"):
                continue  # the same bytes again: skipped/duplicate, not a new report
            rel = os.path.relpath(f.path, self.dir)
            n = 1
            while True:
                cand = numbered_rel(rel, n)
                n += 1
                cand_name = source_name(cand)
                other = manifest.get(cand_name)
                if cand_name in names or os.path.lexists(os.path.join(self.dir, cand)):
                    continue
                if other is not None and other.get("source_sha256") != sha:
                    continue
                try:
                    rename_noreplace(f.path, os.path.join(self.dir, cand))
                except FileExistsError:
                    continue
                break
            names.discard(f.source_file)
            names.add(cand_name)
            self.journal.event("renamed", f.source_file, dest=cand_name, sha256=sha,
                               human=f"renamed {printable_name(f.source_file)} -> {printable_name(cand_name)}: "
                                     f"the dataset already has another file under that name")

    # ------------------------------------------------------------ out
    @staticmethod
    def recorded(f, row: dict | None) -> bool:
        """Does this manifest row record this staged file as it is now?  A
        parser killed by our own stop does not count: read it again (SIGTERM
        sent to the whole process group, e.g. by systemd's default KillMode,
        reaches the parsers too; the manifest says ``stopped``)."""
        return (row is not None and row.get("size") == f.size and row.get("mtime_ns") == f.mtime_ns
                and not (row.get("status") == "failed" and row.get("stopped")))

    def all_recorded(self, manifest: dict[str, dict]) -> bool:
        return all(self.recorded(f, manifest.get(f.source_file)) for f in self.files())

    def finish(self, manifest: dict[str, dict], stopping: bool) -> Outcome:
        """Move every staged file the dataset records to processed/ or failed/."""
        day = dt.date.today().strftime(DATE_FORMAT)
        out = Outcome()
        members = members_by_archive(manifest)  # a ZIP archive fails when a file inside it failed
        for f in self.files():
            row = manifest.get(f.source_file)
            rel = os.path.relpath(f.path, self.dir)
            if not self.recorded(f, row):
                # not ingested as it is now, or its parser was killed by our own stop
                self.attempts[f.source_file] += 1
                if stopping or self.attempts[f.source_file] < MAX_ATTEMPTS:
                    out.left += 1
                    continue
                row = {"status": "failed", "source_sha256": None,
                       "error": f"not recorded by the dataset after {MAX_ATTEMPTS} ingest runs"}
            status, error = archive_verdict(row, members.get(f.source_file))
            self.attempts.pop(f.source_file, None)
            extra = {"sha256": row.get("source_sha256"), "report_id": row.get("report_id")}
            try:
                if status == "failed":
                    error = error or "unknown error"
                    self.journal.event("failed", f.source_file, status=status, error=error, human="", **extra)
                    note = _error_note(f.source_file, error, row)
                    dest = move_unique(f.path, os.path.join(self.failed, day), rel, reserve=ERROR_SUFFIX,
                                       before=lambda d: write_new(d + ERROR_SUFFIX, note))
                    out.failed += 1
                else:
                    self.journal.event("ingested", f.source_file, status=status, human="", **extra)
                    dest = move_unique(f.path, os.path.join(self.processed, day), rel)
            except OSError as exc:  # processed/ or failed/ not writable: stays staged, retried later
                out.errors += 1
                self.journal.event("error", f.source_file, status=status,
                                   error=f"cannot move out of staging: {exc.strerror or exc}")
                continue
            out.moved += 1
            shown = os.path.relpath(dest, os.path.dirname(self.failed if status == "failed" else self.processed))
            human = (f"failed {printable_name(f.source_file)}: {error} -> {printable_name(shown)}" if status == "failed"
                     else f"{status} {printable_name(f.source_file)} -> {printable_name(shown)}")
            self.journal.event("moved", f.source_file, status=status, dest=dest, human=human)
        self._prune_empty_dirs()
        return out

    def _prune_empty_dirs(self) -> None:
        for folder, dirs, files in os.walk(self.dir, topdown=False):
            if folder != self.dir and not dirs and not files:
                try:
                    os.rmdir(folder)
                except OSError:
                    pass


def _error_note(source_file: str, error: str, row: dict) -> str:
    lines = [
        error,
        "",
        f"file: {source_file}",
        f"sha256: {row.get('source_sha256') or 'unknown'}",
        f"failed at: {dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}",
        f"parser version: {row.get('parser_version') or 'unknown'}",
        "",
        "esep watch could not ingest this file; the reason is also in the dataset's files table.",
        "Fix it and drop it in the inbox again to retry.",
    ]
    return "\n".join(lines) + "\n"
