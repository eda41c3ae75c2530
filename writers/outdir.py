"""An output folder (``--out``) made ready, or one line saying why it cannot be used."""

from __future__ import annotations

import os
import tempfile

from esep.fsutil import one_line, printable_name


class OutDirError(Exception):
    """``path`` cannot be used as an output folder; ``reason`` says why, in a few words."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{printable_name(path)}: {reason}")


def os_reason(exc: OSError) -> str:
    """The operating system's words for ``exc`` ("Permission denied", "Read-only file system")."""
    return one_line(exc.strerror or str(exc))


def _first_existing(path: str) -> str:
    while not os.path.lexists(path):
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    return path


def ensure_out_dir(path: str) -> None:
    """Create the folder ``path`` and its parents, or raise ``OutDirError``:
    a file in the way, a place that cannot be written (no permission,
    read-only), a name the file system refuses."""
    full = os.path.abspath(path)
    existing = _first_existing(full)
    if os.path.lexists(existing) and not os.path.isdir(existing):
        where = "" if existing == full else f" ({printable_name(existing)})"
        raise OutDirError(path, f"a file is in the way{where}; the output must be a folder")
    try:
        os.makedirs(full, exist_ok=True)
    except OSError as exc:
        raise OutDirError(path, f"cannot create the folder: {os_reason(exc)}") from None
    try:  # a probe, not os.access(): that cannot tell a read-only file system and ignores ACLs
        with tempfile.TemporaryFile(dir=full):
            pass
    except OSError as exc:
        raise OutDirError(path, f"cannot write in the folder: {os_reason(exc)}") from None
