"""Where a batch's per-file work runs: this machine's guarded pool, or a cluster.

``batch.run.ingest`` keeps one orchestration (plan, spool, one writer,
progress, summary) and asks an ``Executor`` only two things: how many
files it can read at once, and a pool with ``imap_unordered`` of
``guard.Outcome`` over ``(key, args, kwargs)`` tasks.  ``LocalExecutor``
is ``guard.WorkerPool`` on this machine (the default);
``batch.cluster.DaskExecutor`` sends the same tasks to Dask workers, each
of which runs them in esep's own guarded child.

``page_workers_for`` is the batch's tail rule: when fewer files than
cores remain, the last files' scanned pages are OCR'd side by side
(``extract.ocr.parallel``), so the tail does not wait on one long scan.
"""

from __future__ import annotations

from typing import Any, Callable, ContextManager, Iterable, Iterator, Protocol

from esep.guard import Limits, Outcome, WorkerPool, default_jobs


class Pool(Protocol):
    """What the batch reads outcomes from (``guard.WorkerPool`` is one)."""

    max_rss: int

    def imap_unordered(self, tasks: Iterable[tuple]) -> Iterator[Outcome]: ...


class Executor(Protocol):
    def capacity(self, requested: int | None) -> int:
        """Files read at once: ``requested`` (``--jobs``) or what is there."""

    def pool(self, func: Callable[..., Any], jobs: int, limits: Limits,
             preload: Iterable[str]) -> ContextManager[Pool]: ...


class LocalExecutor:
    """The guarded worker pool on this machine."""

    def capacity(self, requested: int | None) -> int:
        return requested or default_jobs()

    def pool(self, func, jobs, limits, preload) -> WorkerPool:
        return WorkerPool(func, jobs, limits, preload=preload)


def page_workers_for(position: int, total: int, jobs: int) -> int:
    """Page threads for the file at ``position`` (0-based) of ``total``
    read ``jobs`` at a time: 1 while files keep every core busy; in the
    tail, the cores the files after it leave free (the last file gets all
    of them, the one before half...)."""
    left = total - position  # this file and the ones after it
    return max(1, jobs // left) if left < jobs else 1


def tail_kwargs(position: int, total: int, jobs: int) -> dict:
    """Extra arguments of ``batch.work.read_report`` for that file: none
    unless it gets page threads, so tasks stay as they were."""
    n = page_workers_for(position, total, jobs)
    return {"page_workers": n} if n > 1 else {}
