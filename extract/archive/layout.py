"""Is a ZIP file a document package or an archive of files?  A bounded look.

``esep ingest`` must decide, in the process that holds the batch, which
ZIP files to open as folders: a DOCX, an ODT or an XLSX is a ZIP too.
``layout(path)`` answers from the central directory's names alone: it
reads the end-of-central-directory record from the last 64 KB and then
the directory itself when it is at most ``MAX_DIRECTORY`` bytes, inflates
nothing and parses nothing else.  A package has ``[Content_Types].xml``
(Office Open XML) or ``mimetype`` (OpenDocument); anything it cannot tell
(ZIP64, a huge or damaged directory) is ``UNKNOWN``, which the batch
settles in a guarded child.
"""

from __future__ import annotations

import os
import struct

PACKAGE, ARCHIVE, UNKNOWN = "package", "archive", "unknown"
MAX_DIRECTORY = 4 * 2**20
_EOCD = struct.Struct("<4sHHHHIIH")
_CENTRAL = struct.Struct("<4s6H3I5H2I")
_PACKAGE_NAMES = (b"[Content_Types].xml", b"mimetype")
_TAIL = 65535 + _EOCD.size


def is_zip_head(head: bytes) -> bool:
    return head.startswith((b"PK\x03\x04", b"PK\x05\x06"))


def layout(path: str | os.PathLike) -> str:
    """``PACKAGE``, ``ARCHIVE`` or ``UNKNOWN`` (see the module docstring)."""
    try:
        with open(path, "rb") as fp:
            size = os.fstat(fp.fileno()).st_size
            fp.seek(max(0, size - _TAIL))
            tail = fp.read(_TAIL)
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) - at < _EOCD.size:
                return UNKNOWN
            _sig, _disk, _cd_disk, _n_disk, entries, cd_size, cd_offset, _comment = _EOCD.unpack_from(tail, at)
            if entries == 0:
                return ARCHIVE
            if entries == 0xFFFF or cd_offset == 0xFFFFFFFF or cd_size > MAX_DIRECTORY or cd_offset + cd_size > size:
                return UNKNOWN
            fp.seek(cd_offset)
            directory = fp.read(cd_size)
    except OSError:
        return UNKNOWN
    names = _names(directory, entries)
    if names is None:
        return UNKNOWN
    return PACKAGE if any(n in _PACKAGE_NAMES for n in names) else ARCHIVE


def _names(directory: bytes, entries: int) -> list[bytes] | None:
    out, pos = [], 0
    for _ in range(entries):
        if pos + _CENTRAL.size > len(directory):
            return None
        fields = _CENTRAL.unpack_from(directory, pos)
        if fields[0] != b"PK\x01\x02":
            return None
        name_len, extra_len, comment_len = fields[10], fields[11], fields[12]
        start = pos + _CENTRAL.size
        out.append(directory[start: start + name_len])
        pos = start + name_len + extra_len + comment_len
    return out
