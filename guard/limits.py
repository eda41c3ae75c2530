"""Limits of one guarded child: wall-clock seconds and address-space bytes.

``parse_size("1GB")`` and ``format_size`` use binary multiples (1 GB = 2**30
bytes), so a limit prints back the way it was written.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30

#: Defaults chosen for a 2-core, 24 GB machine: two workers of 2 GB each
#: leave ample room; a report that needs more than 2 minutes is pathological.
DEFAULT_TIMEOUT_S: float = 120.0
DEFAULT_MAX_MEMORY: int = 2 * GiB

_UNITS = {
    "": 1, "b": 1,
    "k": KiB, "kb": KiB, "kib": KiB,
    "m": MiB, "mb": MiB, "mib": MiB,
    "g": GiB, "gb": GiB, "gib": GiB,
    "t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40,
}
_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")


def parse_size(text: str | int) -> int | None:
    """``"1GB"``, ``"512M"``, ``"1.5 GiB"``, ``"1048576"`` -> bytes.

    ``"0"``, ``"none"``, ``"off"`` and ``"unlimited"`` -> None (no limit).
    Raises ValueError for anything else.
    """
    if isinstance(text, int):
        return text or None
    if text.strip().lower() in ("0", "none", "off", "unlimited"):
        return None
    m = _SIZE_RE.match(text)
    if not m or m.group(2).lower() not in _UNITS:
        raise ValueError(f"not a size: {text!r} (examples: 1GB, 512M, 2GiB)")
    value = int(float(m.group(1)) * _UNITS[m.group(2).lower()])
    if value <= 0:
        return None
    return value


def format_size(n: int) -> str:
    """Bytes -> ``"2 GB"``, ``"512 MB"``, ``"1.5 GB"`` (binary multiples)."""
    for unit, size in (("TB", 1 << 40), ("GB", GiB), ("MB", MiB), ("KB", KiB)):
        if n >= size:
            value = n / size
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{text} {unit}"
    return f"{n} B"


def format_seconds(s: float) -> str:
    return f"{s:g} s"


@dataclass(frozen=True)
class Limits:
    """What one child may spend on one task.  ``None`` disables a limit."""

    timeout_s: float | None = DEFAULT_TIMEOUT_S
    max_memory: int | None = DEFAULT_MAX_MEMORY

    def timeout_message(self) -> str:
        return f"time limit {format_seconds(self.timeout_s or 0)} exceeded"

    def memory_message(self) -> str:
        return f"memory limit {format_size(self.max_memory or 0)} exceeded"


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
