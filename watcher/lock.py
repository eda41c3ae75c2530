"""One watcher per dataset: ``DATASET/.watch.lock``, flocked for the
watcher's lifetime and naming its process.

The lock is released by the kernel when the process ends, however it ends
(SIGKILL included), so a stale lock file never blocks the next start.  It
is a different file from the dataset's own ``.lock`` (held by
``batch.store.Store`` only while a run writes a version), so ``esep
ingest`` by hand still works while the watcher waits for files.
"""

from __future__ import annotations

import os

from esep.fsutil import LockHeld, lock_holder, take_lock
from esep.watcher.settings import LOCK_FILE


class AlreadyWatched(Exception):
    def __init__(self, dataset: str, pid: str | None):
        self.dataset, self.pid = dataset, pid
        who = f"process {pid}" if pid else "another process"
        super().__init__(f"{dataset} is already watched by {who}")


class WatchLock:
    def __init__(self, dataset: str):
        self.dataset = dataset
        self.path = os.path.join(dataset, LOCK_FILE)
        self.fd: int | None = None

    def acquire(self) -> "WatchLock":
        try:
            self.fd = take_lock(self.path)
        except LockHeld:
            raise AlreadyWatched(self.dataset, lock_holder(self.path)) from None
        return self

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
