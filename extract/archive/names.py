"""Names of the files inside a ZIP archive: their encoding, and which are safe.

A ZIP entry's name is UTF-8 when the entry says so (flag bit 11), or when
an Info-ZIP "Unicode Path" extra field carries it; otherwise it is bytes
in whatever code page the archiver used.  Archives made on Russian and
Kazakh Windows use the OEM code page CP866 («Отчёт.docx» is
``8e e2 e7 f1 e2 2e``), some tools write CP1251 or unflagged UTF-8.
``entry_name`` tries UTF-8, then keeps whichever of CP866 and CP1251
gives more Cyrillic letters (CP866 when they tie).

``member_path`` keeps a name only when it stays inside the archive: no
absolute path, no drive letter, no ``..``; backslashes are separators.
``passed_over`` says which entries are not source files (the same rule as
for a folder: hidden names, Office lock files, ``Thumbs.db``, and macOS's
``__MACOSX`` resource forks).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib

_UTF8_FLAG = 0x800
_UNICODE_PATH = 0x7075
_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
                     "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӘҒҚҢӨҰҮҺІ")
_DRIVE = re.compile(r"^[A-Za-z]:")
_PASSED_OVER_NAMES = {"Thumbs.db", "desktop.ini", "__MACOSX"}


def raw_name(info: zipfile.ZipInfo) -> bytes:
    """The name's bytes as stored (zipfile decoded unflagged names as CP437, a bijection)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.orig_filename.encode("utf-8", "surrogateescape")
    return info.orig_filename.encode("cp437")


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as text (see the module docstring)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.orig_filename
    raw = raw_name(info)
    return _unicode_path(info.extra, raw) or decode_legacy(raw)


def _unicode_path(extra: bytes, raw: bytes) -> str | None:
    """The Info-ZIP Unicode Path extra field, when it matches the stored name."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4: pos + 4 + size]
        pos += 4 + size
        if tag != _UNICODE_PATH or len(body) < 5 or body[0] != 1:
            continue
        if struct.unpack_from("<I", body, 1)[0] != zlib.crc32(raw):
            return None  # the name was changed after the field was written
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def decode_legacy(raw: bytes) -> str:
    """Bytes of a name without an encoding flag, as text."""
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    oem = raw.decode("cp866", "replace")
    ansi = raw.decode("cp1251", "replace")
    return ansi if _letters(ansi) > _letters(oem) else oem


def _letters(text: str) -> int:
    return sum(ch in _LETTERS for ch in text)


def member_path(name: str) -> str | None:
    """``name`` as a clean relative path inside the archive, or None when it
    would lead outside (absolute, a drive letter, ``..``) or is empty."""
    name = name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def passed_over(path: str) -> bool:
    """Not a source file: a hidden or lock file, a system file, macOS resource forks."""
    parts = path.split("/")
    return any(p.startswith((".", "~$")) or p in _PASSED_OVER_NAMES for p in parts)
