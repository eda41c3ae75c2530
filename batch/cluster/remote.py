"""What runs on a Dask worker: one file in esep's guarded child, and the start check.

Each worker thread keeps one long-lived ``guard.WorkerPool`` child, so a
file read on the cluster is bounded in time and memory exactly as on this
machine, and a file that crashes its parser costs that child, never the
Dask worker.

A Dask worker that dies in the middle of a file (killed, its machine
lost) makes the scheduler run the file again elsewhere.  Each start is
recorded on the scheduler (its metadata, under the batch's token): a file
whose worker died once is read once more; at its third start it is not
read again but ends ``crash`` naming the workers lost, so one bad file
cannot take the cluster's workers down one after another.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid
from dataclasses import dataclass

from esep.batch.cluster.wire import RemoteTask, WireOutcome, to_wire
from esep.guard import CRASH, WorkerPool

#: Starts of one file on a worker: the first and one retry.
MAX_STARTS = 2
#: Scheduler metadata holding the starts: [ATTEMPTS, run, key, start] -> worker address.
ATTEMPTS = "esep-attempts"

_per_thread = threading.local()


def _allow_children() -> None:
    """Dask starts its workers as daemonic processes, and multiprocessing
    refuses to start children from one.  The guard's children die with the
    worker anyway (they are killed when their fork server goes, and the
    worker's exit stops them), so the flag is lifted."""
    import multiprocessing as mp

    me = mp.current_process()
    if me.daemon:
        me.daemon = False


def _pool(task: RemoteTask) -> WorkerPool:
    """This thread's guarded child, started anew when the batch's function
    or limits differ from the last one's."""
    want = (task.func, task.limits, task.preload)
    held = getattr(_per_thread, "held", None)
    if held is not None and held[0] == want:
        return held[1]
    if held is not None:
        held[1].close()
    _allow_children()
    pool = WorkerPool(task.func, 1, task.limits, preload=task.preload)
    _per_thread.held = (want, pool)
    return pool


def _record_start(task: RemoteTask, worker: str) -> list[str]:
    """The workers that started this file before (recorded on the
    scheduler, oldest first); this start is added.  The record and the
    look-up go out together, one round trip (each start is its own entry,
    named by when it began, so the two cannot mix up).  Without a way to
    record it, []: the scheduler's own limit on lost workers still applies."""
    from distributed import get_client

    keys = [ATTEMPTS, task.run, str(task.key)]
    mine = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"

    async def look_and_record(scheduler):
        seen, _ = await asyncio.gather(scheduler.get_metadata(keys=keys, default=None),
                                       scheduler.set_metadata(keys=[*keys, mine], value=worker))
        return seen

    try:
        client = get_client()
        seen = client.sync(look_and_record, client.scheduler)
    except Exception:  # noqa: BLE001 - a record the scheduler cannot keep must not stop the file
        return []
    if not isinstance(seen, dict):
        return []
    return [who for when, who in sorted(seen.items()) if when != mine]


def lost_message(workers: list[str]) -> str:
    return (f"the Dask worker reading it was lost {len(workers)} times ({', '.join(workers)}); "
            "not tried again")


def read_guarded(task: RemoteTask) -> WireOutcome:
    """The Dask task: ``task.func`` on one file in this thread's guarded child."""
    from distributed import get_worker

    worker = get_worker().address
    before = _record_start(task, worker)
    if len(before) >= MAX_STARTS:
        return WireOutcome(CRASH, error=lost_message(before), worker=worker)
    outcomes = list(_pool(task).imap_unordered([(task.key, task.args, task.kwargs)]))
    return to_wire(outcomes[0], worker)


# ------------------------------------------------------------------ start check


@dataclass(frozen=True)
class WorkerCheck:
    parser_version: str
    problem: str | None = None  # why ROOT cannot be read here, on one line


def check_worker(root: str, names: list[str]) -> WorkerCheck:
    """Runs on every worker before a batch: can it read ROOT, and is it the
    same folder as the client's (``names``: entries the client sees at its
    top; a worker that sees none of them has an empty mount point or
    another folder)?"""
    from esep.schemas import parser_version
    from esep.writers.outdir import os_reason

    pv = parser_version()
    try:
        seen = set(os.listdir(root))
    except OSError as exc:
        return WorkerCheck(pv, os_reason(exc))
    if names and not seen:
        return WorkerCheck(pv, "the folder is empty there (the archive not mounted?)")
    if names and not seen.intersection(names):
        return WorkerCheck(pv, "it holds other files there than on this machine (another folder?)")
    return WorkerCheck(pv)
