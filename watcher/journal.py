"""What the watcher tells: one JSON line per event to ``--log FILE`` (or
standard output with ``--log -``; the keys are in ``batch.events``), a
short human line on stderr.
"""

from __future__ import annotations

import sys

from esep.batch.events import EventLog
from esep.fsutil import one_line, printable_name

#: Events printed on the terminal only with --verbose (unless given a human line).
QUIET_EVENTS = {"seen", "moved", "renamed"}


class Journal:
    def __init__(self, log_path: str | None = None, stream=None, verbose: bool = False):
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.log = EventLog(log_path, on_error=self.say)

    def close(self) -> None:
        pass  # nothing held open: the file is opened per line, so logrotate may move it

    def say(self, text: str) -> None:
        """A terminal line only."""
        print(f"esep watch: {text}", file=self.stream, flush=True)

    def event(self, event: str, file: str | None = None, *, status: str | None = None,
              error: str | None = None, dest: str | None = None, human: str | None = None, **extra) -> None:
        self.log.write(event, file, status=status, error=error, dest=dest, **extra)
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
