"""What a file is when it is not a document esep reads, told from its bytes.

``describe(head)`` names the kind of a file by its first bytes (other
archive formats, other image formats, audio and video, programs,
databases, text in its common shapes); ``describe_zip(kind)`` names the
ZIP containers ``extract.detect.zip_kind`` tells apart.  The reader turns
the name into ``NotADocument``, which ``esep ingest`` logs as ``ignored``:
an archive folder holds spreadsheets, notes and code beside the reports,
and none of them is a failure.
"""

from __future__ import annotations

from esep.extract import detect

#: (magic at offset 0, what it is)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"MSCF", "cabinet archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"8BPS", "Photoshop image"),
    (b"ID3", "audio (MP3)"),
    (b"OggS", "audio or video (Ogg)"),
    (b"fLaC", "audio (FLAC)"),
    (b"\x1aE\xdf\xa3", "video (Matroska/WebM)"),
    (b"\x7fELF", "program (ELF executable)"),
    (b"MZ", "program (Windows executable)"),
    (b"\xcf\xfa\xed\xfe", "program (macOS executable)"),
    (b"\xca\xfe\xba\xbe", "program or Java class"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"%!PS", "PostScript file"),
)

_RIFF = {b"WEBP": "WebP image", b"WAVE": "audio (WAV)", b"AVI ": "video (AVI)"}
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif")

_ZIP_KINDS = {
    detect.XLSX: "spreadsheet (Excel XLSX)",
    detect.PPTX: "presentation (PowerPoint PPTX)",
    detect.OOXML: "Office Open XML package that is not a Word document",
    detect.ODF: "OpenDocument file that is not a text document (a spreadsheet, presentation or drawing)",
}

SUFFIX = "not a document esep reads"


def describe_zip(kind: str) -> str | None:
    return _ZIP_KINDS.get(kind)


def describe(head: bytes) -> str:
    """What the file whose first bytes are ``head`` is (never None: unknown
    binary content says so)."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[:4] == b"RIFF" and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[4:8] == b"ftyp":
        return "HEIC/AVIF image" if head[8:12] in _HEIF_BRANDS else "audio or video (MP4/MOV)"
    if head[:2] == b"BM" and len(head) >= 26 and head[6:10] == b"\0\0\0\0":
        return "BMP image"
    if head[257:262] == b"ustar":
        return "tar archive"
    text = _as_text(head)
    if text is None:
        return "binary content of no format esep reads"
    return _text_kind(text)


def _as_text(head: bytes) -> str | None:
    """The head as text, when it is text (UTF-8, UTF-16 with a BOM, or a single-byte code page)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head or b"\x00" in head:
        return None if head else ""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut by the end of the head
            text = head[: exc.start].decode("utf-8")
        else:
            text = head.decode("cp1251", "replace")
    controls = sum(1 for ch in text if ord(ch) < 0x20 and ch not in "\t\r\n\f\v\x1b")
    return text if controls <= len(text) // 100 else None


def _text_kind(text: str) -> str:
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html")) or "<html" in start:
        return "HTML page"
    if start.startswith("<?xml") or start.startswith("<"):
        return "XML file"
    if start.startswith(("{", "[")):
        return "JSON or other data text"
    if start.startswith("#!"):
        return "script (source code)"
    return "plain text (notes, source code or data)"
