"""What crosses between the client and a Dask worker, per file.

``RemoteTask`` goes out: the batch's task (``func``, ``args``, ``kwargs``:
the same as for the local pool) with the guard's limits.  ``WireOutcome``
comes back: a ``guard.Outcome`` whose value (the task's typed result,
``batch.work.ReportRows`` read or the file ``Unreadable``) is the spool's
JSON text (``batch.work.result_as_json``, ``batch.store.dumps``), so rows
travel as one compact string per file, never as pickled objects, and the
client decodes them with the same code that reads the spool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from esep.batch.store import dumps, loads
from esep.batch.work import result_as_json, result_from_json
from esep.guard import ERROR, Limits, Outcome


@dataclass(frozen=True)
class RemoteTask:
    run: str                  # the batch's token: names its tasks and their attempt records
    key: Any                  # the batch's key of the file
    func: Callable[..., Any]  # importable by name on the workers (batch.work.read_report)
    args: tuple
    kwargs: dict
    limits: Limits
    preload: tuple[str, ...]


@dataclass(frozen=True)
class WireOutcome:
    kind: str                       # guard's: ok, error, timeout, memory, crash
    payload: str | None = None      # the value as JSON text (kind ok)
    error: str | None = None
    exc_type: str | None = None
    duration_s: float = 0.0
    max_rss: int | None = None
    worker: str = ""                # the Dask worker that read it
    stopped: bool = False           # guard's: a crash by a stop signal


def to_wire(out: Outcome, worker: str) -> WireOutcome:
    payload = None
    if out.ok:
        try:
            payload = dumps(result_as_json(out.value))
        except (TypeError, ValueError) as exc:  # the same verdict the local pool gives a value it cannot send
            return WireOutcome(ERROR, error=f"result cannot be sent back: {exc}", exc_type=type(exc).__name__,
                               duration_s=out.duration_s, max_rss=out.max_rss, worker=worker)
    return WireOutcome(out.kind, payload, out.error, out.exc_type, out.duration_s, out.max_rss, worker, out.stopped)


def from_wire(key: Any, w: WireOutcome) -> Outcome:
    value = result_from_json(loads(w.payload)) if w.payload is not None else None
    return Outcome(key, w.kind, value=value, error=w.error, exc_type=w.exc_type,
                   duration_s=w.duration_s, max_rss=w.max_rss, stopped=w.stopped)
