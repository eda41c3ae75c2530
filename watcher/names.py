"""Which inbox names are taken, and ``name (1).ext`` for a clash."""

from __future__ import annotations

import os

from esep.watcher.settings import IGNORED_NAMES, IGNORED_PREFIXES, IGNORED_SUFFIXES

NAME_MAX = 255  # bytes, most file systems


def ignored_name(name: str) -> str | None:
    """Why a file name is not a report to take, or None."""
    low = name.lower()
    if low.startswith(IGNORED_PREFIXES):
        return "hidden, lock or temporary file"
    if low.endswith(IGNORED_SUFFIXES):
        return "temporary or partial download"
    if low in IGNORED_NAMES:
        return "system file"
    return None


def ignored_rel(rel: str) -> str | None:
    """Like ``ignored_name`` for a path relative to the inbox: a hidden
    folder anywhere on the way hides the file too."""
    parts = rel.split(os.sep)
    for part in parts[:-1]:
        if part.startswith("."):
            return "inside a hidden folder"
    return ignored_name(parts[-1])


def _bytes_len(name: str) -> int:
    return len(name.encode("utf-8", "surrogateescape"))


def numbered(name: str, n: int, reserve: int = 0) -> str:
    """``report.pdf`` -> ``report (n).pdf`` (n = 0: unchanged), shortened so
    that the name plus ``reserve`` bytes (e.g. ``.error.txt``) fits."""
    stem, ext = os.path.splitext(name)
    if not stem:  # ".docx" alone: no stem to number
        stem, ext = name, ""
    tag = f" ({n})" if n else ""
    while stem and _bytes_len(stem + tag + ext) + reserve > NAME_MAX:
        stem = stem[:-1]
    if not stem:  # absurd extension: number the whole thing, shortened
        stem, ext = name[: max(1, NAME_MAX - reserve - len(tag) - 8)], ""
    return stem + tag + ext


def numbered_rel(rel: str, n: int, reserve: int = 0) -> str:
    head, tail = os.path.split(rel)
    return os.path.join(head, numbered(tail, n, reserve)) if head else numbered(tail, n, reserve)
