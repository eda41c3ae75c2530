"""Size checks on a ZIP container (DOCX, ODT) before anything parses it.

A DOCX is a ZIP; a crafted one can declare gigabytes in a few megabytes,
or declare a few kilobytes and inflate to gigabytes.  ``check_zip``:

1. reads the central directory: the number of entries, each entry's
   declared inflated size, the total and the compression ratio are capped;
   only stored and deflated entries are accepted (the only methods OPC and
   ODF allow), and encrypted entries are refused;
2. inflates every deflated entry once, streaming, in 1 MB steps, and stops
   as soon as it gives more bytes than the entry declares.

Step 2 is needed because ``zipfile`` does not bound what it inflates by the
declared size: ``ZipFile.read`` asks zlib for up to 1 GB per call and only
then cuts the result to the declared size (and fails on the CRC), so an
entry that declares 20 KB and inflates to 300 MB costs 300 MB of memory in
whatever reads it (python-docx reads every part).  After ``check_zip`` every
entry is known to inflate to exactly its declared size, so the declared
limits bound what any later reader inflates.  ``read_capped`` reads one
member with a bounded amount of memory, for code that peeks into an
archive before it has been checked.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterator

from esep.extract.errors import CorruptFile, EncryptedFile, LimitExceeded, UnsupportedFormat


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_entries: int = 5_000
    max_entry_bytes: int = 256 * 2**20  # one inflated part
    max_total_bytes: int = 1 * 2**30  # all parts together
    max_ratio: int = 200  # inflated / compressed, for entries over ratio_floor
    ratio_floor: int = 8 * 2**20


DEFAULT_ZIP_LIMITS = ZipLimits()

_STEP = 1 << 20  # most bytes inflated per zlib call
_READ = 1 << 16  # compressed bytes read at a time
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")


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
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsupportedFormat(
                path, f"ZIP entry {info.filename!r} uses compression method {info.compress_type} "
                "(documents use only stored and deflated entries)",
            )
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
    try:
        with open(path, "rb") as fp:
            for info in infos:
                if info.compress_type == zipfile.ZIP_DEFLATED:
                    _check_inflated(path, fp, info)
    except OSError as exc:
        raise CorruptFile(path, f"cannot read: {exc.strerror or exc}") from None
    return [i.filename for i in infos]


def _check_inflated(path, fp, info: zipfile.ZipInfo) -> None:
    """Inflate one entry in bounded steps: no more than it declares, and
    exactly what it declares, with the declared CRC."""
    for _chunk in member_chunks(path, fp, info):
        pass


def member_chunks(path, fp, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The bytes of one stored or deflated entry, at most ~1 MB at a time,
    read from ``fp`` (the open archive).  Never inflates more than the
    entry declares; raises ``LimitExceeded`` when it would, and
    ``CorruptFile`` when the size or CRC does not match, after the last
    chunk (so a consumer must not trust what it got until the end)."""
    fp.seek(info.header_offset)
    head = fp.read(_LOCAL_HEADER.size)
    if len(head) != _LOCAL_HEADER.size or head[:4] != b"PK\x03\x04":
        raise CorruptFile(path, f"damaged ZIP container (no local header for {info.filename!r})")
    name_len, extra_len = _LOCAL_HEADER.unpack(head)[-2:]
    fp.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    declared = info.file_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left = info.compress_size
    size = crc = 0
    try:
        while left > 0 and not (inflater and inflater.eof):
            data = fp.read(min(left, _READ))
            if not data:
                break
            left -= len(data)
            while data and not (inflater and inflater.eof):
                if inflater is None:
                    out, data = data[: declared - size + 1], b""
                else:
                    out = inflater.decompress(data, min(_STEP, declared - size + 1))
                    data = inflater.unconsumed_tail
                size += len(out)
                if size > declared:
                    raise LimitExceeded(
                        path,
                        f"ZIP entry {info.filename!r} inflates to more than the {declared:,} bytes "
                        "it declares (a crafted ZIP)",
                    )
                crc = zlib.crc32(out, crc)
                if out:
                    yield out
    except zlib.error as exc:
        raise CorruptFile(path, f"damaged ZIP entry {info.filename!r} ({exc})") from None
    if size != declared or crc != info.CRC:
        raise CorruptFile(path, f"damaged ZIP entry {info.filename!r} (size or CRC does not match)")


def read_capped(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """At most ``cap`` bytes of member ``name``, inflating no more than that
    (``zf.read`` may inflate up to 1 GB before cutting)."""
    with zf.open(name) as member:
        return member.read(cap)
