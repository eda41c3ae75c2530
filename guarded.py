"""Reading a file in a guarded child: what the child sends back, and
``pipeline.process_file`` under the guard for ``esep extract``.

The guard (``esep.guard``) knows nothing of files or readers: it runs a
function in a child bounded in time and memory and says how the call
ended (``guard.Outcome``).  What reading one file in that child means is
the pipeline's, and lives here: every task that reads a file in a guarded
child (``esep extract`` here, ``esep ingest``'s ``batch.work.read_report``
and ``batch.archives.list_task``, locally or on a Dask worker) returns one
typed result:

* ``Read(value)``: the file was read; ``value`` is what the task made of
  it (a ``ReportBundle``, a report's rows, an archive's listing);
* ``Unreadable(error_class, reason, code)``: it cannot be read -- an
  ``ExtractError`` in the child, or the guard stopping the child (a time
  or memory limit, a crash).  The error crosses back as its class name,
  reason and code because ``ExtractError`` itself does not pickle (its
  ``__init__`` takes two arguments); ``Unreadable.error(path)`` rebuilds it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar, Union

import esep.extract.errors as errors
from esep.extract.errors import ExtractError, LimitExceeded
from esep.guard import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT_S,
    ERROR,
    MEMORY,
    TIMEOUT,
    GuardError,
    Outcome,
    run_guarded,
)

T = TypeVar("T")

#: Modules the fork server imports once so each worker starts warm.
PRELOAD = ("esep.pipeline", "esep.extract", "esep.normalize", "esep.schemas")


@dataclass(frozen=True)
class Read(Generic[T]):
    """The child read the file: ``value`` is what its task made of it."""

    value: T


@dataclass(frozen=True)
class Unreadable:
    """The file cannot be read: ``error_class`` names the ``ExtractError``
    subclass, ``reason`` is one line, ``code`` the class's code
    (``batch.ignored`` decides ``ignored`` or ``failed`` by it)."""

    error_class: str
    reason: str
    code: str

    @classmethod
    def of(cls, err: ExtractError) -> "Unreadable":
        return cls(type(err).__name__, err.reason, err.code)

    @classmethod
    def stopped(cls, kind: str, reason: str) -> "Unreadable":
        """The guard stopped the child (an ``Outcome.kind`` other than ok):
        a time or memory limit is ``LimitExceeded``, anything else (the
        task raised, the child died) ``ExtractError``."""
        error = LimitExceeded if kind in (TIMEOUT, MEMORY) else ExtractError
        return cls(error.__name__, reason, error.code)

    def error(self, path: str | os.PathLike) -> ExtractError:
        """The exception the child caught, rebuilt for ``path``."""
        error = getattr(errors, self.error_class, ExtractError)
        if not (isinstance(error, type) and issubclass(error, ExtractError)):
            error = ExtractError
        return error(path, self.reason)


ReadResult = Union[Read[T], Unreadable]


def read_in_child(task: Callable[..., T], *args, **kwargs) -> ReadResult[T]:
    """``Read(task(...))``, or ``Unreadable`` when it raises ``ExtractError``.
    Called in the child, by the function the guard runs."""
    try:
        return Read(task(*args, **kwargs))
    except ExtractError as err:
        return Unreadable.of(err)


def result_of(out: Outcome) -> ReadResult[Any]:
    """The result a guarded read task's ``Outcome`` carries, or why there
    is none.  A task that raised is a bug, not the file's fault: its
    reason says ``internal error``."""
    if out.ok and isinstance(out.value, (Read, Unreadable)):
        return out.value
    if out.ok:
        return Unreadable.stopped(ERROR, f"internal error: the task returned {type(out.value).__name__}")
    if out.kind == ERROR:
        return Unreadable.stopped(ERROR, f"internal error: {out.error}")
    return Unreadable.stopped(out.kind, out.error or out.kind)


# ------------------------------------------------------------------ esep extract


def process_file_task(path: str, source_file: str | None, sha256: str | None) -> ReadResult:
    """Runs in the child: ``pipeline.process_file``."""
    from esep.pipeline import process_file

    return read_in_child(process_file, path, source_file=source_file, sha256=sha256)


def guarded_process_file(
    path: str | os.PathLike,
    *,
    source_file: str | None = None,
    sha256: str | None = None,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
):
    """``pipeline.process_file`` in a child process; returns the ReportBundle.

    Raises ``ExtractError`` (one line naming the file) when the file cannot
    be read, ``LimitExceeded`` for ``time limit 60 s exceeded`` /
    ``memory limit 1 GB exceeded``, and ``ExtractError`` with the child's
    exception or death for anything else.
    """
    path = os.fspath(path)
    try:
        result = run_guarded(
            process_file_task, path, source_file, sha256,
            timeout_s=timeout_s, max_memory=max_memory, preload=PRELOAD,
        )
    except GuardError as err:
        reason = str(err) if err.kind in (TIMEOUT, MEMORY) else f"internal error: {err}"
        raise Unreadable.stopped(err.kind, reason).error(path) from None
    if isinstance(result, Unreadable):
        raise result.error(path)
    return result.value
