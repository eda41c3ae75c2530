"""What the watcher tells: one JSON line per event to ``--log FILE``, a
short human line on stderr.

JSON keys: ``time`` (UTC, ISO 8601), ``event`` (``started``, ``seen``,
``renamed``, ``ingested``, ``failed``, ``moved``, ``committed``, ``waiting``,
``ignored``, ``left``, ``error``, ``stopped``), ``file`` (path relative to the inbox, as recorded in the
dataset's ``source_file``), ``status`` (the ``files`` status), ``error``
(one line), ``dest`` (where the file went), plus event-specific extras
(``sha256``, ``report_id``, ``inbox``, ``dataset``, ``pid``...).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

from batch.walk import text_name
from extract.errors import one_line, printable_name

#: Events printed on the terminal only with --verbose (unless given a human line).
QUIET_EVENTS = {"seen", "moved", "renamed"}


class Journal:
    def __init__(self, log_path: str | None = None, stream=None, verbose: bool = False):
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.path = os.path.abspath(log_path) if log_path else None
        if self.path:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(self.path, "a", encoding="utf-8"):
                pass  # fails now, not at the first event, when it cannot be written

    def close(self) -> None:
        pass  # nothing held open: the file is opened per line, so logrotate may move it

    def _append(self, line: str) -> None:
        try:
            with open(self.path, "a", encoding="utf-8") as fp:
                fp.write(line)
        except OSError as exc:  # a full disk must not stop the ingestion
            self.say(f"cannot write the log {self.path}: {exc.strerror or exc}")

    def say(self, text: str) -> None:
        """A terminal line only."""
        print(f"esep watch: {text}", file=self.stream, flush=True)

    def event(self, event: str, file: str | None = None, *, status: str | None = None,
              error: str | None = None, dest: str | None = None, human: str | None = None, **extra) -> None:
        if self.path is not None:
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
            self._append(json.dumps(record, ensure_ascii=False) + "\n")
        if human == "" or (event in QUIET_EVENTS and human is None and not self.verbose):
            return  # "": the log file only
        if human is None:
            name = printable_name(file) if file is not None else ""
            human = f"{event} {name}".rstrip()
            if status and event != "failed":
                human += f" ({status})"
            if error:
                human += f": {one_line(error)}"
            if dest:
                human += f" -> {printable_name(dest)}"
        self.say(human)
