"""``--log FILE``: one JSON line per event, for `esep ingest` and `esep watch` alike.

JSON keys: ``time`` (UTC, ISO 8601), ``event`` (``started``, ``ingested``,
``failed``, ``committed``, ``ignored``, ``stopped``; the watcher adds
``seen``, ``renamed``, ``moved``, ``waiting``, ``left``, ``error``),
``file`` (path relative to the root or inbox, as recorded in the dataset's
``source_file``), ``status`` (the ``files`` status), ``error`` (one line),
``dest`` (where the file went), plus event-specific extras (``sha256``,
``report_id``, ``dataset``, ``pid``, ``version``, ``counts``...).

``-`` writes the lines to standard output.  A file is opened per line, so
logrotate may move it; a line that cannot be written is reported, never
fatal: the ingestion matters more than its log.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import Callable

from esep.batch.progress import Reporter
from esep.fsutil import one_line, text_name
from esep.writers.outdir import OutDirError, ensure_out_dir, os_reason

STDOUT = "-"


class EventLog:
    """Where JSON lines go: a file (appended), standard output (``-``) or nowhere (None)."""

    def __init__(self, target: str | None, on_error: Callable[[str], None] | None = None):
        """Raises ``OutDirError`` now, not at the first event, when the file cannot be written."""
        self.on_error = on_error or (lambda text: None)
        self.to_stdout = target == STDOUT
        self.path = None if target in (None, STDOUT) else os.path.abspath(target)
        if self.path:
            ensure_out_dir(os.path.dirname(self.path))
            try:
                with open(self.path, "a", encoding="utf-8"):
                    pass
            except OSError as exc:
                raise OutDirError(target, f"cannot write it: {os_reason(exc)}") from None

    @property
    def enabled(self) -> bool:
        return self.to_stdout or self.path is not None

    def write(self, event: str, file: str | None = None, *, status: str | None = None,
              error: str | None = None, dest: str | None = None, **extra) -> None:
        if not self.enabled:
            return
        record = {
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
            "event": event,
            "file": text_name(file) if file is not None else None,
            "status": status,
            "error": one_line(error) if error else None,
            "dest": text_name(dest) if dest is not None else None,
        }
        for k, v in extra.items():
            record[k] = text_name(v) if isinstance(v, str) else v
        line = json.dumps(record, ensure_ascii=False) + "\n"
        if self.to_stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            return
        try:
            with open(self.path, "a", encoding="utf-8") as fp:
                fp.write(line)
        except OSError as exc:  # a full disk must not stop the ingestion
            self.on_error(f"cannot write the log {self.path}: {exc.strerror or exc}")


class EventReporter(Reporter):
    """A batch ``Reporter`` that also writes each file's event to an ``EventLog``:
    ``ignored``, then ``ingested`` (status ok or duplicate) or ``failed`` per file read.
    Everything else goes on to ``inner`` (the progress bar or log lines)."""

    def __init__(self, inner, log: EventLog):
        self.inner = inner
        self.log = log

    def ignored(self, source_file: str, reason: str) -> None:
        self.log.write("ignored", source_file, error=reason)
        self.inner.ignored(source_file, reason)

    def message(self, text: str) -> None:
        self.inner.message(text)

    def start(self, total: int, jobs: int, decided: dict[str, int]) -> None:
        self.inner.start(total, jobs, decided)

    def file_done(self, source_file: str, status: str, error: str | None, *,
                  sha256: str | None = None, report_id: str | None = None) -> None:
        event = "failed" if status == "failed" else "ingested"
        self.log.write(event, source_file, status=status, error=error, sha256=sha256, report_id=report_id)
        self.inner.file_done(source_file, status, error, sha256=sha256, report_id=report_id)

    def close(self) -> None:
        self.inner.close()
