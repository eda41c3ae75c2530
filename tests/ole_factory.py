"""Small OLE2 compound files (the container of .doc, .xls, .ppt) for tests.

``write_ole(path, {"WordDocument": b"...", "1Table": b"..."})`` writes a
version-3 compound file: one FAT sector, one directory sector, each stream
padded to at least 4096 bytes so none lives in the mini stream.  Enough for
olefile and for LibreOffice to see what kind of document it is.
"""

from __future__ import annotations

import struct
from pathlib import Path

SECTOR = 512
MINI_CUTOFF = 4096
FREE, END, FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child: int = NOSTREAM, right: int = NOSTREAM,
               start: int = END, size: int = 0) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", NOSTREAM, right, child) + bytes(16) + struct.pack("<I", 0)
            + bytes(16) + struct.pack("<IQ", start, size))


def ole_bytes(streams: dict[str, bytes]) -> bytes:
    assert 0 < len(streams) <= 3, "one directory sector: the root and up to three streams"
    data, fat = bytearray(), [FAT, END]
    entries = [b""]  # the root, filled in below
    names = list(streams)
    for i, name in enumerate(names):
        body = streams[name].ljust(MINI_CUTOFF, b"\0")
        body += bytes(-len(body) % SECTOR)
        first = 2 + len(data) // SECTOR
        n = len(body) // SECTOR
        fat += [first + k + 1 for k in range(n - 1)] + [END]
        data += body
        right = i + 2 if i + 1 < len(names) else NOSTREAM
        entries.append(_dir_entry(name, 2, right=right, start=first, size=len(streams[name].ljust(MINI_CUTOFF, b"\0"))))
    entries[0] = _dir_entry("Root Entry", 5, child=1)
    while len(entries) < 4:
        entries.append(bytes(64) + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM)
                       + bytes(16 + 4 + 16 + 4 + 8))
    assert len(fat) <= SECTOR // 4
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    header = (bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, MINI_CUTOFF, END, 0, END, 0)
              + struct.pack("<109I", 0, *([FREE] * 108)))
    assert len(header) == SECTOR
    return header + fat_sector + b"".join(entries) + bytes(data)


def write_ole(path: Path, streams: dict[str, bytes]) -> Path:
    path.write_bytes(ole_bytes(streams))
    return path


def word_fib(*, ident: int = 0xA5EC, flags: int = 0x0200) -> bytes:
    """The start of a WordDocument stream: a File Information Block header
    (``flags`` 0x0200: the table stream is 1Table; 0x0100: encrypted)."""
    return struct.pack("<HHHHHH", ident, 0x00C1, 0, 0x0419, 0, flags) + bytes(20)
