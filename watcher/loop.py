"""The watcher's main loop: find complete files, stage a batch, ingest it,
move it out; repeat until stopped.

One thread does everything that changes files (the watchdog thread only
collects paths to look at), so there is never more than one step under
way and a signal only sets a flag: SIGTERM or SIGINT lets the current
ingest run commit and its files move out, then the loop ends (exit 0).
A second signal interrupts at once (exit 130): the dataset keeps its last
version and staged files wait for the next start, as after SIGKILL.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field

from esep.batch.manifest import load_manifest
from esep.batch.progress import Reporter
from esep.batch.run import Options, ingest
from esep.batch.store import Store, StoreBusy
from esep.fsutil import printable_name
from esep.guard import Limits
from esep.watcher import settings as S
from esep.watcher.events import EventSource
from esep.watcher.inbox import Inbox
from esep.watcher.journal import Journal
from esep.watcher.staging import Staging
from esep.writers.dataset import PARQUET


@dataclass
class WatchSettings:
    inbox: str
    dataset: str
    processed: str
    failed: str
    settle: float = S.SETTLE_S
    poll: float | None = None          # seconds: poll only; None: events (+ a slow rescan)
    once: bool = False
    formats: tuple[str, ...] = (PARQUET,)
    jobs: int | None = None
    limits: Limits = field(default_factory=Limits)


class _BatchReporter(Reporter):
    """What ``batch.run.ingest`` says during a run, passed to the journal."""

    def __init__(self, journal: Journal):
        self.journal = journal

    def ignored(self, source_file: str, reason: str) -> None:
        self.journal.say(f"ignored {printable_name(source_file)}: {reason}")

    def message(self, text: str) -> None:
        self.journal.say(text)


class Watcher:
    def __init__(self, cfg: WatchSettings, journal: Journal):
        self.cfg = cfg
        self.journal = journal
        self.stop_signal: str | None = None
        self.failed_files = 0
        self.ingested_files = 0
        self.staging = Staging(cfg.dataset, cfg.processed, cfg.failed, journal)
        exclude = [cfg.dataset, cfg.processed, cfg.failed]
        self.inbox = Inbox(cfg.inbox, cfg.settle, exclude=exclude,
                           on_seen=lambda rel: journal.event("seen", rel),
                           on_ignored=lambda rel, why: journal.event(
                               "ignored", rel, error=why, human=None if journal.verbose else ""))
        self.events = EventSource(cfg.inbox)
        self.tick = max(S.MIN_TICK_S, min(S.TICK_S, cfg.settle / 4, cfg.poll / 2 if cfg.poll else S.TICK_S))
        self._retry_staging_at = 0.0
        self.ingest_errors = 0  # consecutive ingest runs that raised

    # ------------------------------------------------------------ signals
    def _on_signal(self, signum, frame) -> None:
        if self.stop_signal is not None:
            raise KeyboardInterrupt  # the second one: stop now
        self.stop_signal = signal.Signals(signum).name

    @property
    def stopping(self) -> bool:
        return self.stop_signal is not None

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping:
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, self.tick))

    # ------------------------------------------------------------ one batch
    def _manifest(self) -> dict[str, dict]:
        return load_manifest(Store(self.cfg.dataset).current_dir())

    def _ingest_staging(self) -> bool:
        """One ingest run over the staging folder; False when stopped while
        the dataset was busy (the files stay staged)."""
        options = Options(root=self.staging.dir, out=self.cfg.dataset, formats=self.cfg.formats,
                          jobs=self.cfg.jobs, limits=self.cfg.limits, retry_failed=True)
        told = False
        while True:
            try:
                summary = ingest(options, _BatchReporter(self.journal))
            except StoreBusy as exc:
                if not told:
                    self.journal.event("waiting", error=str(exc),
                                       human="dataset busy (another esep process is writing it); waiting")
                    told = True
                if self.stopping:
                    return False
                self._sleep(S.BUSY_RETRY_S)
                continue
            except Exception as exc:
                # nothing was committed: the files stay staged, so trying again is safe
                what = f"{type(exc).__name__}: {exc}"
                if self.stopping:  # e.g. the stop reached the parsers' fork server too
                    self.journal.event("error", error=f"ingest run cut short by the stop: {what}",
                                       human="the stop cut the ingest run short; staged files wait for the next start")
                    return False
                self.ingest_errors += 1
                if self.ingest_errors >= S.MAX_INGEST_ERRORS:
                    raise  # something lasting: exit 1 (a service manager restarts us)
                self.journal.event("error", error=f"ingest run failed: {what}",
                                   human=f"ingest run failed ({printable_name(what)}); trying again in "
                                         f"{S.INGEST_RETRY_S:g} s")
                self._sleep(S.INGEST_RETRY_S)
                if self.stopping:
                    return False
                continue
            self.ingest_errors = 0
            counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items() if v)
            self.journal.event("committed", version=summary.version, counts=summary.counts,
                               seconds=round(summary.seconds, 3),
                               human=(f"dataset version {summary.version} ({counts}; {summary.seconds:.1f} s)"
                                      if self.journal.verbose else ""))
            return True

    def drain_staging(self) -> None:
        """Ingest what is staged and move it out (a pass or a few)."""
        for _ in range(S.MAX_ATTEMPTS + 1):
            if self.staging.is_empty():
                return
            manifest = self._manifest()
            self.staging.reserve_names(manifest)
            if not self.staging.all_recorded(manifest):
                n = len(self.staging.files())
                self.journal.say(f"ingesting {n} file{'s' if n != 1 else ''}")
                if not self._ingest_staging():
                    return
                manifest = self._manifest()
            out = self.staging.finish(manifest, self.stopping)
            self.failed_files += out.failed
            self.ingested_files += out.moved - out.failed
            if out.errors:
                self._retry_staging_at = time.monotonic() + S.STUCK_RETRY_S
                return
            if not out.left or self.stopping:
                return

    def take(self, ready: list[str]) -> None:
        for path in ready:
            rel = self.inbox.rel(path)
            try:
                self.staging.take(path, rel)
            except FileNotFoundError:
                self.inbox.forget(path)  # gone before we took it: someone else's business
            except OSError as exc:  # e.g. the inbox is not writable: left there, tried again later
                if self.inbox.defer(path, time.monotonic() + S.STUCK_RETRY_S):
                    self.journal.event("error", rel, error=f"cannot take it from the inbox: {exc.strerror or exc}")
            else:
                self.inbox.forget(path)

    # ------------------------------------------------------------ the loop
    def run(self) -> int:
        old = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            return self._run()
        finally:
            for s, h in old.items():
                signal.signal(s, h)
            self.events.stop()

    def _run(self) -> int:
        cfg = self.cfg
        self.staging.prepare()
        poll = cfg.poll
        mode = "once" if cfg.once else (f"polling every {poll:g} s" if poll else "file-system events")
        self.journal.event("started", inbox=cfg.inbox, dataset=cfg.dataset, processed=cfg.processed,
                           failed=cfg.failed, pid=os.getpid(), settle=cfg.settle, mode=mode,
                           human=f"watching {cfg.inbox} -> {cfg.dataset} ({mode}; settle {cfg.settle:g} s)")
        if not cfg.once and not poll:  # before the first scan: nothing slips in between
            why = self.events.start()
            if why is not None:
                poll = S.FALLBACK_POLL_S
                self.journal.say(f"no file-system events ({why}); polling every {poll:g} s")
        self.drain_staging()  # what a killed run left
        now = time.monotonic()
        self.inbox.scan(now=now)
        next_scan = now + (poll or S.RESCAN_S)
        once_until = now + cfg.settle * S.ONCE_SETTLE_FACTOR + self.tick
        first_ready: float | None = None
        while not self.stopping:
            now = time.monotonic()
            for path in self.events.drain():
                self.inbox.touch(path, now)
            if not cfg.once and now >= next_scan:
                self.inbox.scan(now=now)
                next_scan = now + (poll or S.RESCAN_S)
            if now >= self._retry_staging_at and not self.staging.is_empty():
                self.drain_staging()
                continue
            self.inbox.refresh(now)
            ready = self.inbox.ready(now, on_blocked=lambda rel, why: self.journal.event(
                "waiting", rel, error=why, human=f"waiting for {printable_name(rel)}: {why}"))
            if ready:
                first_ready = first_ready or now
                more_coming = (len(ready) < S.MAX_BATCH_FILES and now - first_ready < S.BATCH_MAX_WAIT_S
                               and self.inbox.settling_within(now, S.BATCH_WAIT_S))
                if not more_coming:
                    self.take(ready[: S.MAX_BATCH_FILES])
                    first_ready = None
                    self._retry_staging_at = 0.0
                    self.drain_staging()
                    continue
            else:
                first_ready = None
            if cfg.once and (not self.inbox.tracked or now >= once_until) and not ready:
                break
            time.sleep(self.tick)
        for path in sorted(self.inbox.tracked):
            if cfg.once:
                rel = self.inbox.rel(path)
                self.journal.event("left", rel, error="not complete yet",
                                   human=f"left {printable_name(rel)} for the next run: not complete yet")
        why = self.stop_signal or ("once" if cfg.once else "stopped")
        left = len(self.staging.files())
        self.journal.event("stopped", reason=why, ingested=self.ingested_files, failed=self.failed_files,
                           staged=left,
                           human=f"stopped ({why}): {self.ingested_files} ingested, {self.failed_files} failed"
                                 + (f", {left} staged for the next start" if left else ""))
        if cfg.once and self.failed_files:
            return 1
        return 0
