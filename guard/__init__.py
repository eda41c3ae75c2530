"""guard: run untrusted parsing in child processes bounded in time and memory.

PRIOR_ART §12: pdfminer can loop forever and a ZIP or Flate stream can
inflate to gigabytes, so no file is parsed in the process that holds the
batch.  ``WorkerPool`` keeps N long-lived children (``esep ingest``,
``esep watch``); ``run_guarded`` runs one call in a fresh child.
The guard runs any importable function and knows nothing of files or
readers: ``esep.guarded`` is ``pipeline.process_file`` under it, for
``esep extract``; ``batch.work`` is what an ingest's workers run.
"""

from esep.guard.limits import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT_S,
    Limits,
    default_jobs,
    format_size,
    parse_size,
)
from esep.guard.outcome import (
    CRASH,
    ERROR,
    MEMORY,
    OK,
    TIMEOUT,
    GuardError,
    Outcome,
    WorkerStartError,
)
from esep.guard.pool import WorkerPool, run_guarded

__all__ = [
    "WorkerPool",
    "Outcome",
    "GuardError",
    "WorkerStartError",
    "Limits",
    "run_guarded",
    "parse_size",
    "format_size",
    "default_jobs",
    "DEFAULT_TIMEOUT_S",
    "DEFAULT_MAX_MEMORY",
    "OK",
    "ERROR",
    "TIMEOUT",
    "MEMORY",
    "CRASH",
]
