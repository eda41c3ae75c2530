"""A pool of long-lived child processes, each bounded in time and memory.

Every worker applies ``RLIMIT_AS`` to itself and takes one task at a time;
the parent enforces a wall-clock deadline per task.  A worker that runs
past its deadline is killed and replaced; a worker that dies (a crash, the
memory limit turning into ``MemoryError``, a signal) is replaced too.  Each
task ends as exactly one ``Outcome`` and other tasks' results are never
lost.  The worker's own side is ``guard.child``; how a task ended,
``guard.outcome``.

Results cross back pickled, so ``func`` must return picklable values; plain
dicts and lists of built-in types are the cheapest.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

from esep.guard.child import worker_main
from esep.guard.limits import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_S, Limits, default_jobs
from esep.guard.outcome import (
    CRASH,
    ERROR,
    MEMORY,
    OK,
    TIMEOUT,
    GuardError,
    Outcome,
    WorkerStartError,
    death_message,
    was_stopped,
)


class _Worker:
    __slots__ = ("process", "conn", "key", "deadline", "started", "tasks_done", "tmpdir")

    def __init__(self, process, conn, tmpdir: str | None = None):
        self.process = process
        self.conn = conn
        self.tmpdir = tmpdir
        self.key = None
        self.deadline = None
        self.started = 0.0
        self.tasks_done = 0


class _main_not_rerun:
    """multiprocessing re-runs the parent's ``__main__`` script in every new
    child so that functions defined there can be unpickled.  Workers here
    run functions of importable modules, so the script (``esep``, a
    notebook, stdin) is hidden while a worker starts: a worker then never
    depends on the command-line module importing cleanly."""

    def __init__(self, func: Callable):
        self.hide = getattr(func, "__module__", "__main__") != "__main__"
        self.saved = None

    def __enter__(self):
        import sys

        main = sys.modules.get("__main__")
        if self.hide and main is not None:
            self.main = main
            self.saved = (getattr(main, "__spec__", None), main.__dict__.pop("__file__", None))
            main.__spec__ = None
        return self

    def __exit__(self, *exc):
        if self.saved is not None:
            spec, file = self.saved
            self.main.__spec__ = spec
            if file is not None:
                self.main.__file__ = file


def _context(preload: Iterable[str]):
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        preload = list(preload)
        if preload:
            ctx.set_forkserver_preload(preload)
        return ctx
    return mp.get_context("spawn")  # pragma: no cover - not Linux


class WorkerPool:
    """``jobs`` long-lived guarded workers running ``func``.

    >>> with WorkerPool(func, jobs=2, limits=Limits(60, 1 << 30)) as pool:
    ...     for out in pool.imap_unordered((key, (arg,)) for key, arg in items):
    ...         ...

    ``func`` must be importable by name (a module-level function).
    ``preload`` names modules the fork server imports once, so that new
    workers start warm.  A worker is replaced after ``max_tasks_per_worker``
    tasks to bound slow leaks in the libraries it runs.
    """

    def __init__(
        self,
        func: Callable,
        jobs: int | None = None,
        limits: Limits = Limits(DEFAULT_TIMEOUT_S, DEFAULT_MAX_MEMORY),
        *,
        preload: Iterable[str] = (),
        max_tasks_per_worker: int = 500,
        quiet: bool = True,
    ):
        self.func = func
        self.jobs = max(1, jobs or default_jobs())
        self.limits = limits
        self.max_tasks_per_worker = max_tasks_per_worker
        self.quiet = quiet
        self._ctx = _context(preload)
        self._idle: list[_Worker] = []
        self._busy: dict[Any, _Worker] = {}  # conn -> worker
        self.max_rss = 0  # largest worker peak seen, bytes
        self.spawned = 0
        self.start_timeout_s = 60.0

    # -- lifecycle
    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _spawn(self) -> _Worker:
        import tempfile

        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        tmpdir = tempfile.mkdtemp(prefix="esep-worker-")
        proc = self._ctx.Process(
            target=worker_main,
            args=(child_conn, self.func, self.limits.max_memory, self.quiet, tmpdir),
            daemon=True,
            name="esep-guard",
        )
        with _main_not_rerun(self.func):
            proc.start()
        child_conn.close()
        self.spawned += 1
        w = _Worker(proc, parent_conn, tmpdir)
        try:
            ready = parent_conn.poll(self.start_timeout_s) and parent_conn.recv()
        except (EOFError, OSError):
            ready = None
        if not (isinstance(ready, tuple) and ready[:1] == ("ready",)):
            proc.join(timeout=1)
            code = proc.exitcode
            self._discard(w, kill=True)
            how = "did not start in time" if code is None else death_message(code, killed_by_us=False)
            raise WorkerStartError(f"a parsing process cannot start: {how}")
        return w

    def _discard(self, w: _Worker, kill: bool = False) -> None:
        if kill and w.process.is_alive():
            w.process.kill()
        w.process.join(timeout=5)
        if w.process.is_alive():  # pragma: no cover - a child ignoring SIGTERM/close
            w.process.kill()
            w.process.join()
        w.conn.close()
        try:
            w.process.close()
        except ValueError:  # pragma: no cover
            pass
        if w.tmpdir:  # what a killed worker's readers (OCR, LibreOffice) left behind
            import shutil

            shutil.rmtree(w.tmpdir, ignore_errors=True)

    def _retire(self, w: _Worker) -> None:
        try:
            w.conn.send(None)
        except OSError:
            pass
        self._discard(w)

    def close(self) -> None:
        """Stop every worker; busy ones are killed."""
        for w in list(self._busy.values()):
            self._discard(w, kill=True)
        self._busy.clear()
        for w in self._idle:
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in self._idle:
            self._discard(w)
        self._idle.clear()

    # -- running
    def _start(self, key: Any, args: tuple, kwargs: dict) -> None:
        for _attempt in range(3):
            w = self._idle.pop() if self._idle else self._spawn()
            try:
                w.conn.send((args, kwargs))
            except (OSError, EOFError):  # died while idle
                self._discard(w, kill=True)
                continue
            except Exception:  # arguments cannot be pickled: the worker is fine
                self._idle.append(w)
                raise
            w.key = key
            w.started = time.monotonic()
            w.deadline = w.started + self.limits.timeout_s if self.limits.timeout_s else None
            self._busy[w.conn] = w
            return
        raise RuntimeError("cannot start a worker process")

    def _finish(self, w: _Worker) -> Outcome:
        """``w.conn`` is readable or its process is gone."""
        del self._busy[w.conn]
        elapsed = time.monotonic() - w.started
        try:
            kind, payload, exc_type, duration, rss = w.conn.recv()
        except (EOFError, OSError):
            w.process.join(timeout=5)
            exitcode = w.process.exitcode
            message = death_message(exitcode, killed_by_us=False)
            self._discard(w, kill=True)
            return Outcome(w.key, CRASH, error=message, duration_s=elapsed, stopped=was_stopped(exitcode))
        if rss:
            self.max_rss = max(self.max_rss, rss)
        w.tasks_done += 1
        if kind == MEMORY:
            self._discard(w, kill=False)
            return Outcome(w.key, MEMORY, error=self.limits.memory_message(), duration_s=duration, max_rss=rss)
        if w.tasks_done >= self.max_tasks_per_worker:
            self._retire(w)
        else:
            self._idle.append(w)
        if self.limits.timeout_s and duration > self.limits.timeout_s:
            # finished, but later than allowed (the parent was busy when the
            # deadline passed): the same file must get the same verdict
            return Outcome(w.key, TIMEOUT, error=self.limits.timeout_message(), duration_s=duration, max_rss=rss)
        if kind == OK:
            return Outcome(w.key, OK, value=payload, duration_s=duration, max_rss=rss)
        return Outcome(w.key, ERROR, error=payload, exc_type=exc_type, duration_s=duration, max_rss=rss)

    def _expire(self, w: _Worker) -> Outcome:
        del self._busy[w.conn]
        elapsed = time.monotonic() - w.started
        self._discard(w, kill=True)
        return Outcome(w.key, TIMEOUT, error=self.limits.timeout_message(), duration_s=elapsed)

    def imap_unordered(self, tasks: Iterable[tuple]) -> Iterator[Outcome]:
        """Run ``func(*args, **kwargs)`` for each ``(key, args[, kwargs])``.

        Tasks are drawn lazily (at most ``jobs`` in flight), outcomes are
        yielded as they end, in no particular order.
        """
        pending = iter(tasks)
        exhausted = False

        def fill() -> None:
            nonlocal exhausted
            while not exhausted and len(self._busy) < self.jobs:
                try:
                    task = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                key, args, *rest = task
                self._start(key, tuple(args), rest[0] if rest else {})

        while True:
            fill()
            if not self._busy:
                return
            now = time.monotonic()
            deadlines = [w.deadline for w in self._busy.values() if w.deadline is not None]
            timeout = max(0.0, min(deadlines) - now) if deadlines else None
            waitables = []
            for w in self._busy.values():
                waitables.append(w.conn)
                waitables.append(w.process.sentinel)
            ready = set(wait(waitables, timeout))
            now = time.monotonic()
            done: list[Outcome] = []
            for w in list(self._busy.values()):
                if w.conn in ready or w.process.sentinel in ready:
                    # a result may be waiting even when the process has exited
                    done.append(self._finish(w))
                elif w.deadline is not None and now >= w.deadline:
                    done.append(self._expire(w))
            # Idle workers get their next task before the caller handles these
            # outcomes, so that its work (writing rows) overlaps theirs.
            try:
                fill()
            except BaseException:
                yield from done  # what ended is never lost to a failure to start the next
                raise
            yield from done

    def run(self, *args, **kwargs) -> Any:
        """Run one task; return its value or raise GuardError."""
        for out in self.imap_unordered([(None, args, kwargs)]):
            if out.ok:
                return out.value
            raise GuardError(out.error or out.kind, out.kind, out.exc_type)
        raise GuardError("no result", CRASH)  # pragma: no cover


def run_guarded(
    func: Callable,
    *args,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    preload: Iterable[str] = (),
    **kwargs,
) -> Any:
    """``func(*args, **kwargs)`` in a fresh child bounded in time and memory.

    Returns its value; raises GuardError with a one-line message
    (``time limit 60 s exceeded``, ``memory limit 1 GB exceeded``, the
    child's exception as ``ExcType: message``, or how the child died).
    """
    with WorkerPool(func, 1, Limits(timeout_s, max_memory), preload=preload) as pool:
        return pool.run(*args, **kwargs)
