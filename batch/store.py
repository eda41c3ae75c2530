"""The dataset directory: versions, an atomically swapped pointer, a lock.

Layout of DATASET::

    .esep-dataset          marker: this folder is an esep dataset
    .lock                  flock held by the one run writing it
    versions/000007/       one complete dataset: <table>.parquet [.csv],
                           files.parquet, _manifest.parquet, _meta.json
    versions/.tmp-<pid>-*  a version being written (never read)
    current -> versions/000007
    reports.parquet -> current/reports.parquet   (one link per table file)
    .spool/                parse results of a run not yet committed

A run writes a whole new version beside the current one, fsyncs it,
renames it into place and then replaces the ``current`` link with
``rename(2)``, which is atomic: a reader (or a crash) sees either the old
version or the new one, complete.  The version before stays on disk until
the next commit, for readers that resolved ``current`` just before the
swap.  The next run removes what a killed run left (temporary versions,
a version renamed but never made current).
"""

from __future__ import annotations

import json
import os
import re
import shutil

from esep.fsutil import LockHeld, fsync_dir, fsync_tree, printable_name, take_lock
from esep.writers.outdir import OutDirError, ensure_out_dir, os_reason

MARKER = ".esep-dataset"
VERSIONS = "versions"
CURRENT = "current"
SPOOL = ".spool"
_VERSION_RE = re.compile(r"^\d{6,}$")


class StoreError(Exception):
    """The dataset folder cannot be used (a file in the way, not ours, not writable)."""


class StoreBusy(StoreError):
    """Another esep process is writing the dataset (it holds the lock)."""


class Store:
    def __init__(self, root: str):
        self.root = os.path.abspath(root)
        self.versions = os.path.join(self.root, VERSIONS)
        self.spool = os.path.join(self.root, SPOOL)
        self._lock_fd: int | None = None

    # ------------------------------------------------------------ opening
    def open(self) -> "Store":
        """Create or adopt the folder, take the lock, clean up leftovers."""
        root = self.root
        try:
            ensure_out_dir(root)
        except OutDirError as exc:
            raise StoreError(str(exc)) from None
        try:
            if not os.path.exists(os.path.join(root, MARKER)) and os.listdir(root):
                raise StoreError(f"{printable_name(root)} is not empty and is not an esep dataset; choose another --out")
            os.makedirs(self.versions, exist_ok=True)
            os.makedirs(self.spool, exist_ok=True)
            marker = os.path.join(root, MARKER)
            if not os.path.exists(marker):
                with open(marker, "w", encoding="utf-8") as fp:
                    json.dump({"format": 1, "doc": "esep dataset; read the tables through the links beside this file"},
                              fp)
            self._lock()
        except OSError as exc:  # e.g. a dataset someone else owns, opened without write permission
            raise StoreError(f"{printable_name(root)}: cannot use the dataset: {os_reason(exc)}") from None
        self.cleanup()
        return self

    def _lock(self) -> None:
        try:
            self._lock_fd = take_lock(os.path.join(self.root, ".lock"))
        except LockHeld:
            raise StoreBusy(f"{self.root} is being written by another esep process") from None

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def __enter__(self) -> "Store":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ versions
    def current_version(self) -> int | None:
        link = os.path.join(self.root, CURRENT)
        try:
            target = os.readlink(link)
        except OSError:
            return None
        name = os.path.basename(target.rstrip("/"))
        if not _VERSION_RE.match(name) or not os.path.isdir(os.path.join(self.versions, name)):
            return None
        return int(name)

    def current_dir(self) -> str | None:
        v = self.current_version()
        return None if v is None else self.version_dir(v)

    def version_dir(self, v: int) -> str:
        return os.path.join(self.versions, f"{v:06d}")

    def _numbered(self) -> list[int]:
        try:
            names = os.listdir(self.versions)
        except FileNotFoundError:
            return []
        return sorted(int(n) for n in names if _VERSION_RE.match(n))

    def cleanup(self, keep_previous: bool = True) -> None:
        """Remove leftovers of killed runs and versions no one needs."""
        current = self.current_version()
        for name in os.listdir(self.versions):
            if name.startswith(".tmp-"):
                shutil.rmtree(os.path.join(self.versions, name), ignore_errors=True)
        numbered = self._numbered()
        older = [v for v in numbered if current is not None and v < current]
        keep = set(older[-1:]) if keep_previous else set()
        for v in numbered:
            if v == current or v in keep:
                continue
            shutil.rmtree(self.version_dir(v), ignore_errors=True)
        stray = os.path.join(self.root, CURRENT + ".new")
        if os.path.lexists(stray):
            os.unlink(stray)

    def new_version_dir(self) -> str:
        import time

        path = os.path.join(self.versions, f".tmp-{os.getpid()}-{time.time_ns()}")
        os.makedirs(path)
        return path

    def commit(self, tmp_dir: str) -> int:
        """Make the complete dataset in ``tmp_dir`` the current version."""
        fsync_tree(tmp_dir)
        numbered = self._numbered()
        v = max(numbered + [self.current_version() or 0]) + 1
        final = self.version_dir(v)
        os.rename(tmp_dir, final)
        fsync_dir(self.versions)
        new_link = os.path.join(self.root, CURRENT + ".new")
        if os.path.lexists(new_link):
            os.unlink(new_link)
        os.symlink(os.path.join(VERSIONS, f"{v:06d}"), new_link)
        os.replace(new_link, os.path.join(self.root, CURRENT))  # the atomic step
        fsync_dir(self.root)
        self._link_tables(final)
        self.cleanup(keep_previous=True)
        return v

    def _link_tables(self, version_dir: str) -> None:
        """``DATASET/<table>.<ext> -> current/<table>.<ext>`` for every table
        file of the version; links to files the version lacks are removed."""
        wanted = {n for n in os.listdir(version_dir) if not n.startswith(("_", "."))}
        for name in os.listdir(self.root):
            full = os.path.join(self.root, name)
            if os.path.islink(full) and name != CURRENT and name not in wanted:
                target = os.readlink(full)
                if target.startswith(CURRENT + "/"):
                    os.unlink(full)
        for name in sorted(wanted):
            full = os.path.join(self.root, name)
            target = f"{CURRENT}/{name}"
            if os.path.islink(full):
                if os.readlink(full) == target:
                    continue
                os.unlink(full)
            elif os.path.lexists(full):
                continue  # someone's own file: never overwritten
            tmp = full + ".new-link"
            if os.path.lexists(tmp):
                os.unlink(tmp)
            os.symlink(target, tmp)
            os.replace(tmp, full)

    # ------------------------------------------------------------ spool
    # Results of files read by a run that has not committed yet, so that the
    # run after a crash does not read them again.  JSON (never pickle: the
    # folder may be shared), with dates tagged.
    def spool_path(self, sha256: str) -> str:
        return os.path.join(self.spool, f"{sha256}.json")

    def spool_has(self, sha256: str) -> bool:
        return os.path.exists(self.spool_path(sha256))

    def spool_get(self, sha256: str, parser_version: str):
        try:
            with open(self.spool_path(sha256), encoding="utf-8") as fp:
                data = loads(fp.read())
        except (OSError, ValueError):  # absent, torn or foreign: read the file again
            return None
        if not isinstance(data, dict) or data.get("parser_version") != parser_version:
            return None
        return data.get("result")

    def spool_put(self, sha256: str, parser_version: str, result) -> None:
        path = self.spool_path(sha256)
        tmp = f"{path}.{os.getpid()}.tmp"
        text = dumps({"parser_version": parser_version, "result": result})
        with open(tmp, "w", encoding="utf-8") as fp:
            fp.write(text)
        os.replace(tmp, path)

    def spool_clear(self) -> None:
        for name in os.listdir(self.spool):
            try:
                os.unlink(os.path.join(self.spool, name))
            except OSError:  # pragma: no cover
                pass


def dumps(value) -> str:
    """The spool's JSON text of a parse result (dates tagged); also how
    results travel back from cluster workers (``batch.cluster``)."""
    # json.dumps, not json.dump: only the one-shot encoder is the C one
    return json.dumps(value, default=_encode, ensure_ascii=False)


def loads(text: str):
    """``dumps`` undone; ValueError when the text is not JSON."""
    return json.loads(text, object_hook=_decode)


def _encode(value):
    import datetime as dt

    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot spool {type(value).__name__}")


def _decode(obj: dict):
    import datetime as dt

    if len(obj) == 1:
        if "$datetime" in obj:
            return dt.datetime.fromisoformat(obj["$datetime"])
        if "$date" in obj:
            return dt.date.fromisoformat(obj["$date"])
    return obj
