"""How a guarded task ended: ``Outcome`` and its kinds, and the errors of the guard.

A task ends ``ok`` (its value), ``error`` (it raised), ``timeout``,
``memory`` or ``crash`` (its child died: ``death_message`` says how, and
``was_stopped`` whether a signal that stops processes ended it).
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from typing import Any

OK, ERROR, TIMEOUT, MEMORY, CRASH = "ok", "error", "timeout", "memory", "crash"

#: Signals that stop processes (Ctrl-C, a service manager stopping the whole
#: process group): a child ended by one was stopped, not broken by its task.
STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
#: A child's status when its fork server was stopped under it.
FORK_SERVER_GONE = 255


@dataclass(slots=True)
class Outcome:
    """The end of one task.

    ``kind`` is ``ok`` (``value`` holds the result), ``error`` (``func``
    raised; ``error`` is ``"ExcType: message"`` on one line and
    ``exc_type`` the class name), ``timeout``, ``memory`` or ``crash``.
    ``max_rss`` is the worker's peak resident memory in bytes, when known.
    ``stopped`` (a crash): the child was ended by a signal that stops
    processes, not by what it ran (``STOP_SIGNALS``, or status 255: its
    fork server was stopped); the same task may well succeed when run again.
    """

    key: Any
    kind: str
    value: Any = None
    error: str | None = None
    exc_type: str | None = None
    duration_s: float = 0.0
    max_rss: int | None = None
    stopped: bool = False

    @property
    def ok(self) -> bool:
        return self.kind == OK


class WorkerStartError(RuntimeError):
    """A new worker died before it could take a task: every file would fail
    the same way, so the batch stops instead (usually a broken install)."""


class GuardError(Exception):
    """A guarded call did not return: ``str(err)`` is one line, e.g.
    ``time limit 60 s exceeded``; ``kind`` is the Outcome kind."""

    def __init__(self, message: str, kind: str = ERROR, exc_type: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.exc_type = exc_type


def was_stopped(exitcode: int | None) -> bool:
    """Did a child that ended with ``exitcode`` end by a stop (``Outcome.stopped``)?"""
    return exitcode == FORK_SERVER_GONE or (exitcode is not None and exitcode < 0 and -exitcode in STOP_SIGNALS)


def death_message(exitcode: int | None, killed_by_us: bool) -> str:
    """How a child died, on one line."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory?)" if name == "SIGKILL" and not killed_by_us else ""
        return f"parser process killed by {name}{hint}"
    return f"parser process exited unexpectedly (status {exitcode})"
