"""``pipeline.process_file`` under the guard, for ``esep extract``.

The guard (``esep.guard``) knows nothing of files or readers: it runs a
function in a child bounded in time and memory.  What reading one file in
that child means (the modules to preload, the errors that cross back) is
the pipeline's, and lives here.
"""

from __future__ import annotations

import os

from esep.extract.errors import ExtractError, LimitExceeded
from esep.guard import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_S, MEMORY, TIMEOUT, GuardError, run_guarded

#: Modules the fork server imports once so each worker starts warm.
PRELOAD = ("esep.pipeline", "esep.extract", "esep.normalize", "esep.schemas")


def _process_file_task(path: str, source_file: str | None, sha256: str | None):
    """Runs in the child.  ExtractError does not pickle (its __init__ takes
    two arguments), so it crosses back as a tagged tuple."""
    from esep.pipeline import process_file

    try:
        return ("ok", process_file(path, source_file=source_file, sha256=sha256))
    except ExtractError as err:
        return ("extract_error", type(err).__name__, err.reason)


def _rebuild(path, class_name: str, reason: str) -> ExtractError:
    import esep.extract.errors as errors
    cls = getattr(errors, class_name, ExtractError)
    if not (isinstance(cls, type) and issubclass(cls, ExtractError)):
        cls = ExtractError
    return cls(path, reason)


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
            _process_file_task, path, source_file, sha256,
            timeout_s=timeout_s, max_memory=max_memory, preload=PRELOAD,
        )
    except GuardError as err:
        if err.kind in (TIMEOUT, MEMORY):
            raise LimitExceeded(path, str(err)) from None
        raise ExtractError(path, f"internal error: {err}") from None
    if result[0] == "ok":
        return result[1]
    raise _rebuild(path, result[1], result[2])
