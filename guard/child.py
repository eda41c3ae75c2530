"""The child side of the guard: a worker bounds itself, then runs tasks.

``worker_main`` is what a new worker process runs: it ignores Ctrl-C (the
parent handles it), dies with its parent, keeps its temporary files in a
folder of its own, silences its output, applies ``RLIMIT_AS`` to itself,
then takes one task at a time from its pipe and sends back how each ended
(``guard.outcome`` kinds).  A ``MemoryError`` ends the worker after its
report: the heap may be fragmented or half-built.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Callable

from esep.fsutil import one_line, peak_rss
from esep.guard.outcome import ERROR, MEMORY, OK


def _apply_memory_limit(max_memory: int | None) -> None:
    if not max_memory:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _die_with_parent() -> None:
    """Linux: get SIGKILL when the parent goes, so a child stuck in a loop
    never outlives a killed batch."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:  # pragma: no cover - not Linux
        pass


def _silence_output() -> None:
    """Libraries print warnings; a child must not write to the terminal
    (``esep extract`` owns stdout).  Set ESEP_DEBUG=1 to keep stderr."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    if not os.environ.get("ESEP_DEBUG"):
        os.dup2(devnull, 2)
    os.close(devnull)


def _private_tmp(tmpdir: str | None) -> None:
    """Temporary files of this worker (and of the programs it runs) go to a
    folder the parent removes when the worker ends, killed or not."""
    if tmpdir:
        import tempfile

        os.environ["TMPDIR"] = tmpdir
        tempfile.tempdir = tmpdir


def worker_main(conn, func: Callable, max_memory: int | None, quiet: bool, tmpdir: str | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _die_with_parent()
    _private_tmp(tmpdir)
    if quiet:
        _silence_output()
    _apply_memory_limit(max_memory)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        args, kwargs = msg
        started = time.perf_counter()
        exc_type = None
        try:
            kind, payload = OK, func(*args, **kwargs)
        except MemoryError:
            kind, payload = MEMORY, None
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never fatal
            exc_type = type(exc).__name__
            kind, payload = ERROR, one_line(f"{exc_type}: {exc}" if str(exc) else exc_type)
        elapsed = time.perf_counter() - started
        try:
            conn.send((kind, payload, exc_type, elapsed, peak_rss()))
        except MemoryError:
            payload = None
            conn.send((MEMORY, None, None, elapsed, peak_rss()))
            return
        except Exception as exc:  # result cannot be pickled
            conn.send((ERROR, one_line(f"result cannot be sent back: {exc}"), type(exc).__name__, elapsed, None))
        if kind == MEMORY:
            return  # start afresh: the heap may be fragmented or half-built
