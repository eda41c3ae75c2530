"""Bad input: a typed error whose one-line message names the file and the reason."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from esep.extract import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    ExtractError,
    LimitExceeded,
    UnsupportedFormat,
    read,
)
from esep.extract.archive.guard import ZipLimits, check_zip
from tests.conftest import FOREIGN, REPO
from tests.docx_factory import p, write_docx


def one_line_naming(err: ExtractError, path: Path) -> None:
    message = str(err)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(f"{path}: ")
    assert len(message) > len(f"{path}: ") + 5


def test_empty_file(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile) as err:
        read(path)
    one_line_naming(err.value, path)


def test_truncated_docx(tmp_path):
    good = write_docx(tmp_path / "good.docx", p("Грантополучатель: НУ «Эко Мангистау»") * 200)
    data = good.read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises((CorruptFile, UnsupportedFormat)) as err:
        read(path)
    one_line_naming(err.value, path)


def test_docx_with_broken_xml(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as zf:
        good = zipfile.ZipFile(write_docx(tmp_path / "g.docx", p("x")))
        for name in good.namelist():
            data = good.read(name)
            if name == "word/document.xml":
                data = data[: len(data) - 40]
            zf.writestr(name, data)
    with pytest.raises(CorruptFile) as err:
        read(path)
    one_line_naming(err.value, path)


def test_random_bytes_named_pdf(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(UnsupportedFormat) as err:
        read(path)
    one_line_naming(err.value, path)


def test_pdf_header_with_garbage_body(tmp_path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(5000))
    with pytest.raises(CorruptFile) as err:
        read(path)
    one_line_naming(err.value, path)


def test_truncated_pdf(tmp_path):
    src = FOREIGN / "pdfplumber-tests" / "nics-background-checks-2015-11.pdf"
    path = tmp_path / "half.pdf"
    path.write_bytes(src.read_bytes()[:2000])
    with pytest.raises(CorruptFile) as err:
        read(path)
    one_line_naming(err.value, path)


def test_encrypted_pdf():
    path = FOREIGN / "pdfplumber-tests" / "password-example.pdf"
    with pytest.raises(EncryptedFile) as err:
        read(path)
    one_line_naming(err.value, path)


def test_encrypted_word_document(tmp_path):
    # Office writes a password-protected DOCX as an OLE container with an EncryptedPackage stream.
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504
    path = tmp_path / "secret.docx"
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + b"\0" * 4096)
    with pytest.raises(EncryptedFile) as err:
        read(path)
    one_line_naming(err.value, path)


@pytest.mark.parametrize(
    "name,data",
    [
        ("notes.docx", "Это просто текст, а не отчёт.".encode()),
        ("archive.docx", None),  # a ZIP without word/document.xml
    ],
)
def test_neither_docx_nor_pdf(tmp_path, name, data):
    path = tmp_path / name
    if data is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("hello.txt", "hi")
        data = buf.getvalue()
    path.write_bytes(data)
    with pytest.raises(UnsupportedFormat) as err:
        read(path)
    one_line_naming(err.value, path)


def test_damaged_image_named_pdf(tmp_path):
    """A PNG header over nothing: an image esep reads (as a scan), damaged."""
    path = tmp_path / "image.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(CorruptFile, match="damaged image") as err:
        read(path)
    one_line_naming(err.value, path)


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(ExtractError):
        read(tmp_path)


def test_zip_bomb_docx_is_rejected_before_inflating(tmp_path):
    path = write_docx(tmp_path / "bomb.docx", p("x"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/media/image1.bin", "w", force_zip64=True) as member:
            zero = bytes(1 << 20)
            for _ in range(300):  # 300 MB of zeros: about 300 KB on disk
                member.write(zero)
    assert path.stat().st_size < 2 * 2**20
    with pytest.raises(LimitExceeded) as err:
        read(path)
    one_line_naming(err.value, path)
    assert "inflate" in str(err.value) or "ratio" in str(err.value)


def test_zip_limits_count_and_total(tmp_path):
    path = write_docx(tmp_path / "many.docx", p("x"), extra_parts={f"word/x{i}.xml": b"<a/>" for i in range(50)})
    with pytest.raises(LimitExceeded, match="entries"):
        check_zip(path, ZipLimits(max_entries=20))
    with pytest.raises(LimitExceeded, match="in total"):
        check_zip(path, ZipLimits(max_total_bytes=500))


def test_cli_prints_one_line_and_fails(tmp_path):
    path = tmp_path / "bad\nname\x1b[31m.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage")
    proc = subprocess.run(
        [sys.executable, "-m", "esep.cli", "dump", str(path)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "\x1b" not in proc.stderr
    assert lines[0].startswith("esep: ") and "bad\\nname\\x1b[31m.pdf" in lines[0]
