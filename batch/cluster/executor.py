"""``DaskExecutor``: the batch's tasks on a Dask cluster, outcomes back in the local pool's shape.

``DaskPool.imap_unordered`` takes ``(key, args, kwargs)`` tasks lazily and
yields one ``guard.Outcome`` per task as it ends, like
``guard.WorkerPool``: ``batch.run`` cannot tell them apart.  About two
tasks per worker thread are in flight (one reading, one waiting), so the
workers never wait on the client while it writes rows.

How a file ends on the cluster:

* read (or not) in the worker's guarded child: its outcome, as locally;
* its worker died twice while reading it (``remote``), or the scheduler
  gave up on it first (``KilledWorker``): ``crash`` with the reason;
* the guarded child cannot start on a worker: ``WorkerStartError``
  naming the worker stops the batch, as it does locally;
* the scheduler is lost: ``ClusterLost`` stops the batch; what was read
  is spooled, the dataset is unchanged, the next run goes on.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any, Iterable, Iterator

from esep.batch.cluster import ClusterLost
from esep.batch.cluster.remote import ATTEMPTS, read_guarded
from esep.batch.cluster.wire import RemoteTask, WireOutcome, from_wire
from esep.fsutil import one_line
from esep.guard import CRASH, ERROR, Limits, Outcome, WorkerStartError

#: Tasks in flight per worker thread.
IN_FLIGHT_PER_THREAD = 2


class DaskExecutor:
    """The batch's ``Executor`` (``batch.executor``) on a connected client."""

    def __init__(self, client, label: str):
        self.client = client
        self.label = label  # "the Dask scheduler at tcp://..." or "a local Dask cluster"

    def _nthreads(self) -> dict[str, int]:
        """Threads per worker on the cluster now."""
        try:
            return self.client.nthreads()
        except OSError as exc:  # CommClosedError and timeouts are OSErrors
            raise ClusterLost(f"lost {self.label}: {one_line(str(exc)) or type(exc).__name__}") from None

    def capacity(self, requested: int | None) -> int:
        threads = max(1, sum(self._nthreads().values()))
        return min(requested, threads) if requested else threads

    def describe(self) -> str:
        n = self._nthreads()
        return (f"reading on {self.label}: {len(n)} worker{'s' if len(n) != 1 else ''}, "
                f"{sum(n.values())} thread{'s' if sum(n.values()) != 1 else ''}")

    def pool(self, func, jobs: int, limits: Limits, preload: Iterable[str]) -> "DaskPool":
        return DaskPool(self, func, jobs, limits, tuple(preload))


class DaskPool:
    def __init__(self, executor: DaskExecutor, func, jobs: int, limits: Limits, preload: tuple[str, ...]):
        self.client = executor.client
        self.label = executor.label
        self.func = func
        self.window = max(1, jobs) * IN_FLIGHT_PER_THREAD
        self.limits = limits
        self.preload = preload
        self.run = uuid.uuid4().hex
        self.max_rss = 0
        self._numbers = itertools.count()
        self._flying: dict[str, tuple[Any, Any]] = {}  # Dask key -> (the batch's key, future)

    def __enter__(self) -> "DaskPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Cancel what is still in flight; forget the batch's start records."""
        futures = [f for _k, f in self._flying.values()]
        self._flying.clear()
        if self.client.status != "running":  # the scheduler is gone, and took them with it
            return
        try:
            if futures:
                self.client.cancel(futures, force=True)
            self.client.set_metadata([ATTEMPTS, self.run], None)
        except Exception:  # noqa: BLE001 - the scheduler may be gone: nothing left to tidy there
            pass

    def _submit(self, key: Any, args, kwargs: dict):
        task = RemoteTask(self.run, key, self.func, tuple(args), kwargs, self.limits, self.preload)
        name = f"esep-read-{self.run}-{next(self._numbers)}"
        try:
            future = self.client.submit(read_guarded, task, key=name, pure=False)
        except Exception as exc:  # noqa: BLE001 - a client that lost its scheduler refuses new work
            raise ClusterLost(f"lost {self.label}: {one_line(str(exc)) or type(exc).__name__}") from None
        self._flying[name] = (key, future)
        return future

    def imap_unordered(self, tasks: Iterable[tuple]) -> Iterator[Outcome]:
        """``(key, args[, kwargs])`` tasks -> Outcomes as they end (see the module docs)."""
        from distributed import as_completed

        pending = iter(tasks)
        arrived = as_completed(loop=self.client.loop, with_results=True, raise_errors=False)  # fetched as they end
        exhausted = False

        def fill() -> None:
            nonlocal exhausted
            while not exhausted and len(self._flying) < self.window:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    return
                key, args, *rest = task
                arrived.add(self._submit(key, args, rest[0] if rest else {}))

        fill()
        while self._flying:
            future, result = next(arrived)
            key, _future = self._flying.pop(future.key)
            out = self._outcome(key, future, result)
            fill()  # the next file goes out before this one's rows are written
            yield out

    def _outcome(self, key: Any, future, wire) -> Outcome:
        from distributed import KilledWorker

        if future.status == "finished":
            if not isinstance(wire, WireOutcome):  # pragma: no cover - a worker of another esep
                return Outcome(key, ERROR, error=f"a Dask worker sent {type(wire).__name__} back")
            if wire.max_rss:
                self.max_rss = max(self.max_rss, wire.max_rss)
            return from_wire(key, wire)
        if future.status == "cancelled":  # not by us: the client lost the scheduler
            raise ClusterLost(f"lost {self.label} during the run")
        exc = future.exception()
        if isinstance(exc, WorkerStartError):
            raise WorkerStartError(f"on a Dask worker: {exc}")
        if isinstance(exc, KilledWorker):
            return Outcome(key, CRASH, error=one_line(f"the Dask scheduler stopped retrying it: {exc}"))
        name = type(exc).__name__
        return Outcome(key, ERROR, error=one_line(f"{name}: {exc}" if str(exc) else name), exc_type=name)
