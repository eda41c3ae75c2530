"""One watcher per dataset: ``DATASET/.watch.lock``, flocked for the
watcher's lifetime and naming its process.

The lock is released by the kernel when the process ends, however it ends
(SIGKILL included), so a stale lock file never blocks the next start.  It
is a different file from the dataset's own ``.lock`` (held by
``batch.store.Store`` only while a run writes a version), so ``esep
ingest`` by hand still works while the watcher waits for files.
"""

from __future__ import annotations

import errno
import fcntl
import os

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
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise AlreadyWatched(self.dataset, self._holder()) from None
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return self

    def _holder(self) -> str | None:
        try:
            with open(self.path, encoding="ascii", errors="replace") as fp:
                text = fp.read(32).strip()
        except OSError:
            return None
        return text if text.isdigit() else None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
