"""How a batch shows itself: a progress bar on a terminal, log lines elsewhere."""

from __future__ import annotations

import sys
import time

from esep.fsutil import printable_name


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    m, s = divmod(seconds, 60)
    if m < 60:
        return f"{m}m{s:02d}s"
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m"


class Reporter:
    """Silent base: the events a batch emits."""

    def ignored(self, source_file: str, reason: str) -> None: ...
    def message(self, text: str) -> None: ...
    def start(self, total: int, jobs: int, decided: dict[str, int]) -> None: ...
    def file_done(self, source_file: str, status: str, error: str | None, *,
                  sha256: str | None = None, report_id: str | None = None) -> None: ...
    def close(self) -> None: ...


class LogReporter(Reporter):
    """Plain lines on stderr: failures as they happen, progress every
    ``every`` seconds and at each tenth of the work."""

    def __init__(self, stream=None, every: float = 5.0, verbose: bool = False):
        self.stream = stream or sys.stderr
        self.every = every
        self.verbose = verbose
        self.total = self.done = self.failed = 0
        self._t0 = self._last = time.monotonic()
        self._next_tenth = 1

    def _line(self, text: str) -> None:
        print(f"esep: {text}", file=self.stream, flush=True)

    def ignored(self, source_file: str, reason: str) -> None:
        self._line(f"ignored {printable_name(source_file)}: {reason}")

    def message(self, text: str) -> None:
        self._line(text)

    def start(self, total: int, jobs: int, decided: dict[str, int]) -> None:
        self.total = total
        self._t0 = self._last = time.monotonic()
        known = ", ".join(f"{n} {k}" for k, n in decided.items() if n)
        self._line(f"reading {total} files with {jobs} process{'es' if jobs != 1 else ''}" + (f" ({known} without reading)" if known else ""))

    def file_done(self, source_file: str, status: str, error: str | None, **ids) -> None:
        self.done += 1
        if status == "failed":
            self.failed += 1
            self._line(f"failed {printable_name(source_file)}: {error}")
        elif self.verbose:
            self._line(f"{status} {printable_name(source_file)}")
        now = time.monotonic()
        tenth = self.done * 10 // max(self.total, 1)
        if now - self._last >= self.every or tenth >= self._next_tenth:
            self._next_tenth = tenth + 1
            self._last = now
            self._line(self.status_text(now))

    def status_text(self, now: float) -> str:
        elapsed = max(now - self._t0, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0
        return (f"{self.done}/{self.total} files read, {self.failed} failed, "
                f"{rate:.1f} files/s, about {_duration(left)} left")


class BarReporter(Reporter):
    """A rich progress bar on a terminal (stderr)."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]reading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TextColumn("{task.fields[rate]} files/s"),
            TimeElapsedColumn(),
            TextColumn("elapsed,"),
            TimeRemainingColumn(),
            TextColumn("left"),
            console=self.console,
            transient=False,
        )
        self.task = None
        self.failed = 0
        self._t0 = time.monotonic()

    def ignored(self, source_file: str, reason: str) -> None:
        from rich.markup import escape

        self.console.print(f"[dim]ignored {escape(printable_name(source_file))}: {escape(reason)}",
                           markup=True, highlight=False)

    def message(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False)

    def start(self, total: int, jobs: int, decided: dict[str, int]) -> None:
        known = ", ".join(f"{n} {k}" for k, n in decided.items() if n)
        self.console.print(f"reading {total} files with {jobs} process{'es' if jobs != 1 else ''}" + (f" ({known} without reading)" if known else ""),
                           markup=False, highlight=False)
        self._t0 = time.monotonic()
        self.progress.start()
        self.task = self.progress.add_task("read", total=total, failed=0, rate="-")

    def file_done(self, source_file: str, status: str, error: str | None, **ids) -> None:
        if status == "failed":
            from rich.markup import escape

            self.failed += 1
            self.progress.console.print(f"[red]failed[/] {escape(printable_name(source_file))}: {escape(str(error))}",
                                        markup=True, highlight=False)
        if self.task is None:
            return
        done = self.progress.tasks[0].completed + 1
        rate = done / max(time.monotonic() - self._t0, 1e-9)
        self.progress.update(self.task, advance=1, failed=self.failed, rate=f"{rate:.1f}")

    def close(self) -> None:
        if self.task is not None:
            self.progress.stop()
            self.task = None
