"""A process and its descendants, read from Linux /proc, for the benchmarks.

A child belongs to the thread that started it: ``/proc/PID/task/TID/children``
lists each thread's own, so every thread is read (a Dask worker starts
esep's guarded children from one of its task threads, not its main one).
"""

from __future__ import annotations

import os

_TICK = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The live children of ``pid``, whichever of its threads started them."""
    out: list[int] = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in threads:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fp:
                out.extend(int(c) for c in fp.read().split())
        except OSError:
            pass
    return out


def tree(pid: int) -> list[int]:
    """``pid`` and all its live descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` itself (not its children); None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fp:
            fields = fp.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


def stolen_seconds() -> float:
    """CPU time the hypervisor gave to others since boot, all CPUs (``steal`` in /proc/stat)."""
    try:
        with open("/proc/stat") as fp:
            fields = fp.readline().split()
        return int(fields[8]) / _TICK
    except (OSError, IndexError, ValueError):
        return 0.0
