"""The inbox: which files are there, and which are complete.

A file is *complete* when the same (size, mtime_ns, inode) has been
observed for ``settle`` seconds (observations use the monotonic clock, so
a share's skewed clock does not matter) and it opens for reading.  Names
of ``watcher.names.ignored_rel`` (office lock files, partial downloads,
hidden files and folders) are never taken, nor anything that is not a
regular file (links are not followed), nor anything under an excluded
folder (the dataset, processed/ and failed/ when they live inside the
inbox).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import Callable, Iterable

from esep.watcher.names import ignored_rel
from esep.watcher.settings import OPEN_RETRY_S


@dataclass(slots=True)
class Track:
    key: tuple[int, int, int]   # size, mtime_ns, inode
    since: float                # monotonic time the key was first observed
    retry_at: float = 0.0       # did not open: try again from then
    told: bool = False          # that it did not open was reported


def _key(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def can_open(path: str) -> str | None:
    """None when ``path`` opens for reading as a regular file, else why not."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return f"cannot open: {exc.strerror or exc}"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "not a regular file"
    finally:
        os.close(fd)
    return None


class Inbox:
    def __init__(self, root: str, settle: float, exclude: Iterable[str] = (),
                 on_seen: Callable[[str], None] | None = None,
                 on_ignored: Callable[[str, str], None] | None = None):
        self.root = os.path.abspath(root)
        self.settle = settle
        self.exclude = {os.path.realpath(p) for p in exclude}
        self.tracked: dict[str, Track] = {}
        self.on_seen = on_seen or (lambda rel: None)
        self.on_ignored = on_ignored or (lambda rel, why: None)
        self._told: set[str] = set()  # ignored entries already reported

    def rel(self, path: str) -> str:
        return os.path.relpath(path, self.root)

    # ------------------------------------------------------------ discovery
    def _excluded_dir(self, path: str) -> bool:
        return bool(self.exclude) and os.path.realpath(path) in self.exclude

    def _note(self, rel: str, why: str) -> None:
        if rel not in self._told:
            self._told.add(rel)
            self.on_ignored(rel, why)

    def scan(self, start: str | None = None, now: float = 0.0) -> None:
        """Walk the inbox (or one folder of it); start tracking new files
        and forget files that are gone."""
        top = os.path.abspath(start) if start else self.root
        present: set[str] = set()
        stack = [top]
        while stack:
            folder = stack.pop()
            if folder != self.root and self._excluded_dir(folder):
                continue
            try:
                with os.scandir(folder) as it:
                    entries = list(it)
            except OSError:
                continue  # vanished or unreadable: the next scan sees it again
            for entry in entries:
                rel = self.rel(entry.path)
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISDIR(st.st_mode):
                    if not entry.name.startswith(".") and not self._excluded_dir(entry.path):
                        stack.append(entry.path)
                    continue
                why = ignored_rel(rel)
                if why is None and not stat.S_ISREG(st.st_mode):
                    why = "symbolic link, not followed" if stat.S_ISLNK(st.st_mode) else "not a regular file"
                    self._note(rel, why)
                if why is not None:
                    continue
                present.add(entry.path)
                self._observe(entry.path, st, now)
        prefix = top.rstrip(os.sep) + os.sep
        for path in list(self.tracked):
            if path.startswith(prefix) and path not in present:
                del self.tracked[path]

    def touch(self, path: str, now: float) -> None:
        """An event named ``path``: look at it again."""
        path = os.path.abspath(path)
        if not path.startswith(self.root.rstrip(os.sep) + os.sep):
            return
        rel = self.rel(path)
        try:
            st = os.lstat(path)
        except OSError:
            self.tracked.pop(path, None)
            return
        if stat.S_ISDIR(st.st_mode):
            if ignored_rel(rel + os.sep + "x") is None and not self._inside_excluded(path):
                self.scan(path, now)
            return
        if ignored_rel(rel) is not None or self._inside_excluded(path):
            return
        if not stat.S_ISREG(st.st_mode):
            self._note(rel, "symbolic link, not followed" if stat.S_ISLNK(st.st_mode) else "not a regular file")
            return
        self._observe(path, st, now)

    def _inside_excluded(self, path: str) -> bool:
        if not self.exclude:
            return False
        real = os.path.realpath(os.path.dirname(path))
        return any(real == x or real.startswith(x.rstrip(os.sep) + os.sep) for x in self.exclude)

    def _observe(self, path: str, st: os.stat_result, now: float) -> None:
        key = _key(st)
        t = self.tracked.get(path)
        if t is None:
            self.tracked[path] = Track(key, now)
            self.on_seen(self.rel(path))
        elif t.key != key:
            t.key, t.since, t.retry_at = key, now, 0.0

    # ------------------------------------------------------------ settling
    def refresh(self, now: float) -> None:
        """Stat every tracked file again."""
        for path in list(self.tracked):
            try:
                st = os.lstat(path)
            except OSError:
                del self.tracked[path]
                continue
            if not stat.S_ISREG(st.st_mode):
                del self.tracked[path]
                continue
            self._observe(path, st, now)

    def ready(self, now: float, on_blocked: Callable[[str, str], None] | None = None) -> list[str]:
        """Complete files, oldest first."""
        out = []
        for path, t in self.tracked.items():
            if now < t.retry_at or now - t.since < self.settle:
                continue
            why = can_open(path)
            if why is not None:
                t.retry_at = now + OPEN_RETRY_S
                if not t.told and on_blocked:
                    on_blocked(self.rel(path), why)
                t.told = True
                continue
            out.append(path)
        out.sort(key=lambda p: (self.tracked[p].since, p))
        return out

    def settling_within(self, now: float, window: float) -> bool:
        """Will some file not yet complete be complete within ``window``?"""
        return any(t.retry_at <= now and 0 < t.since + self.settle - now <= window
                   for t in self.tracked.values())

    def defer(self, path: str, until: float) -> bool:
        """Do not offer ``path`` again before ``until``; True the first time
        (so that the reason is told once)."""
        t = self.tracked.get(path)
        if t is None:
            return True
        first = not t.told
        t.retry_at, t.told = until, True
        return first

    def forget(self, path: str) -> None:
        self.tracked.pop(path, None)
