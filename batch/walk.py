"""Find the files under a root, safely.

- never follows a symbolic link (so it cannot leave the root, and a link
  loop cannot trap it); links are reported as ignored;
- FIFOs, sockets and devices are recognised by ``lstat`` and never opened;
- office lock and temporary files (``~$x.docx``, ``.~lock.x.docx#``) and
  hidden entries (names starting with ``.``) are not source files;
- any name is handled: spaces, Cyrillic, newlines, escape codes, invalid
  UTF-8 (kept as surrogate escapes, so the file can still be opened),
  255-byte names.  ``source_file`` is the text form recorded in the
  dataset: ``/``-separated, invalid bytes written as ``\\xNN``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import Callable, Iterator

from esep.fsutil import one_line, text_name

IGNORED_NAMES = {"Thumbs.db", "desktop.ini"}


@dataclass(slots=True)
class Found:
    path: str          # absolute path, usable with open()
    source_file: str   # path relative to the root, as recorded
    size: int
    mtime_ns: int


def is_ignored_name(name: str) -> bool:
    return name.startswith((".", "~$")) or name in IGNORED_NAMES


def walk(
    root: str,
    *,
    exclude: set[tuple[int, int]] = frozenset(),
    on_ignored: Callable[[str, str], None] | None = None,
) -> Iterator[Found]:
    """Regular files under ``root``, depth first in name order.

    ``exclude`` holds (st_dev, st_ino) of directories to leave out (the
    dataset itself when it lives inside the root).  ``on_ignored(rel,
    reason)`` hears about every entry that is passed over for a reason
    worth telling (links, special files, unreadable folders).
    """
    root = os.path.abspath(root)
    note = on_ignored or (lambda rel, why: None)
    st = os.stat(root)
    visited = {(st.st_dev, st.st_ino)} | set(exclude)
    stack: list[tuple[Iterator[os.DirEntry], str]] = []

    def push(path: str, rel: str) -> None:
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            note(rel or ".", f"cannot list folder: {exc.strerror or exc}")
            return
        stack.append((iter(entries), rel))

    push(root, "")
    while stack:
        it, rel = stack[-1]
        entry = next(it, None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if is_ignored_name(name):
            continue
        child = f"{rel}/{text_name(name)}" if rel else text_name(name)
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            note(child, f"cannot stat: {exc.strerror or exc}")
            continue
        mode = st.st_mode
        if stat.S_ISLNK(mode):
            note(child, "symbolic link, not followed")
        elif stat.S_ISDIR(mode):
            key = (st.st_dev, st.st_ino)
            if key not in visited:
                visited.add(key)
                push(entry.path, child)
        elif stat.S_ISREG(mode):
            yield Found(entry.path, child, st.st_size, st.st_mtime_ns)
        else:
            note(child, "not a regular file (FIFO, socket or device)")


def describe_os_error(exc: OSError) -> str:
    return one_line(f"cannot read: {exc.strerror or exc}")
