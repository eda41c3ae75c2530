"""File-system helpers shared by the pipeline, batch, watcher and guard.

- hashing: ``sha256_file`` (a path's bytes) and ``hash_file`` (the same
  for a file found by a walk, read without following a link or blocking
  on a FIFO, with its size and mtime);
- names: ``text_name`` (a file-system name as valid UTF-8 text, the form
  a dataset records), ``printable_name`` and ``one_line`` (safe to print
  on one line of a log or a terminal);
- durability: ``fsync_file``, ``fsync_dir``, ``fsync_tree``;
- locks: ``take_lock`` (an exclusive ``flock`` naming its process, held
  until its descriptor is closed), ``lock_holder``;
- ``peak_rss``: this process's peak resident memory.

It imports nothing of esep: every stage may use it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from typing import BinaryIO

CHUNK = 1 << 20  # bytes read at a time when hashing


# ------------------------------------------------------------------ hashing


def _sha256_of(fp: BinaryIO, chunk: int = CHUNK) -> str:
    digest = hashlib.sha256()
    while block := fp.read(chunk):
        digest.update(block)
    return digest.hexdigest()


def sha256_file(path: str | os.PathLike, chunk: int = CHUNK) -> str:
    """sha256 (hex) of the file's bytes, read in chunks."""
    with open(path, "rb") as fp:
        return _sha256_of(fp, chunk)


class NotRegular(OSError):
    """``hash_file`` was given something other than a regular file."""


def hash_file(path: str, chunk: int = CHUNK) -> tuple[str, int, int]:
    """(sha256, size, mtime_ns) of a regular file, read without following a
    link and without blocking on a FIFO swapped in since the walk."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(0, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fp:
            return _sha256_of(fp, chunk), st.st_size, st.st_mtime_ns
    finally:
        os.close(fd)


# ------------------------------------------------------------------ names


def text_name(name: str) -> str:
    """A file-system name (maybe with surrogate escapes) as valid UTF-8 text."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def printable_name(path: str | os.PathLike | bytes) -> str:
    """A file name safe to print on one line.

    Control characters (newlines, escape codes) and undecodable bytes are
    shown as escapes, so a hostile name cannot break a log line or a
    terminal.
    """
    if isinstance(path, bytes):
        text = path.decode("utf-8", "backslashreplace")
    else:
        text = os.fspath(path)
        if isinstance(text, bytes):  # pragma: no cover - fspath of a bytes PathLike
            text = text.decode("utf-8", "backslashreplace")
        # surrogateescape'd bytes from the file system -> \xNN
        text = text_name(text)
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code < 0xA0 or ch in "\u2028\u2029":
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str, limit: int = 300) -> str:
    """Collapse a reason to one printable line of bounded length."""
    text = " ".join(printable_name(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ durability


def fsync_file(path: str) -> None:
    """Flush a file's bytes to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: str) -> None:
    """Flush a folder's entries (a rename, a new name) to disk, where the
    file system allows it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def fsync_tree(path: str) -> None:
    """Flush the files directly inside ``path``, then ``path`` itself."""
    for name in os.listdir(path):
        full = os.path.join(path, name)
        if os.path.isfile(full):
            fsync_file(full)
    fsync_dir(path)


# ------------------------------------------------------------------ locks


class LockHeld(Exception):
    """Another process holds the lock at ``path``."""

    def __init__(self, path: str):
        super().__init__(f"{printable_name(path)} is held by another process")
        self.path = path


def take_lock(path: str) -> int:
    """Hold an exclusive ``flock`` on ``path`` (created if need be) and write
    this process's id into it; return the descriptor: closing it (or the
    process ending, however it ends) releases the lock.  ``LockHeld`` when
    another process holds it; OSError when the file cannot be opened."""
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise LockHeld(path) from None
        raise
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def lock_holder(path: str) -> str | None:
    """The process id written into the lock file at ``path``, if readable."""
    try:
        with open(path, encoding="ascii", errors="replace") as fp:
            text = fp.read(32).strip()
    except OSError:
        return None
    return text if text.isdigit() else None


# ------------------------------------------------------------------ memory


def peak_rss() -> int | None:
    """This process's peak resident memory in bytes (None where unknown)."""
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except Exception:  # pragma: no cover - not POSIX
        return None
