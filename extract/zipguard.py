"""Size checks on a ZIP container (DOCX, ODT) before anything parses it.

A DOCX is a ZIP; a crafted one can declare gigabytes in a few megabytes.
``check_zip`` looks only at the central directory (no decompression) and
rejects archives over the limits.  ``zipfile`` itself never returns more
bytes than an entry declares (and fails on the CRC when an entry lies), so
bounding the declared sizes bounds what any later reader inflates.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass

from extract.errors import CorruptFile, EncryptedFile, LimitExceeded


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_entries: int = 5_000
    max_entry_bytes: int = 256 * 2**20  # one inflated part
    max_total_bytes: int = 1 * 2**30  # all parts together
    max_ratio: int = 200  # inflated / compressed, for entries over ratio_floor
    ratio_floor: int = 8 * 2**20


DEFAULT_ZIP_LIMITS = ZipLimits()


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def check_zip(path: str | os.PathLike, limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> list[str]:
    """Raise ``LimitExceeded`` / ``CorruptFile`` for an unsafe archive; return its member names."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise CorruptFile(path, f"damaged ZIP container ({exc})") from None
    except (OSError, ValueError, EOFError) as exc:
        raise CorruptFile(path, f"damaged ZIP container ({exc})") from None
    if len(infos) > limits.max_entries:
        raise LimitExceeded(path, f"ZIP holds {len(infos):,} entries (limit {limits.max_entries:,})")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise EncryptedFile(path, "document is password-protected (encrypted ZIP entry)")
        if info.file_size > limits.max_entry_bytes:
            raise LimitExceeded(
                path,
                f"ZIP entry {info.filename!r} would inflate to {_mb(info.file_size)} "
                f"(limit {_mb(limits.max_entry_bytes)})",
            )
        if (
            info.file_size > limits.ratio_floor
            and info.compress_size > 0
            and info.file_size / info.compress_size > limits.max_ratio
        ):
            raise LimitExceeded(
                path,
                f"ZIP entry {info.filename!r} has a compression ratio of "
                f"{info.file_size // info.compress_size:,}:1 (a ZIP bomb)",
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise LimitExceeded(
                path, f"ZIP would inflate to over {_mb(limits.max_total_bytes)} in total"
            )
    return [i.filename for i in infos]
