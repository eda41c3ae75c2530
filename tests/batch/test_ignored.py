"""Files that are not documents esep reads are ``ignored``, not ``failed`` (issue 16).

A real archive folder holds notes, code, data, spreadsheets, presentations
and other archives beside the reports.  ``esep ingest`` logs each with
status ``ignored`` and what it is, and they do not make the exit status 1;
``failed`` stays for documents that could not be read (a name that says
"document" over content that is not one included).
"""

from __future__ import annotations

import io
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from esep.batch.ignored import named_as_document, unread_status
from esep.extract import NotADocument, read
from esep.extract.nondoc import describe
from tests.conftest import REPO, SAMPLES
from tests.ole_factory import write_ole
from tests.batch.test_ingest import esep, files_by_name, read_tables


def _zip(path: Path, members: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)


def xlsx(path: Path) -> None:
    _zip(path, {"[Content_Types].xml": '<Types><Override ContentType="application/vnd.openxmlformats-'
                                       'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
                "xl/workbook.xml": "<workbook/>"})


def pptx(path: Path) -> None:
    _zip(path, {"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<presentation/>"})


def ods(path: Path) -> None:
    _zip(path, {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})


def tar_gz(path: Path) -> None:
    data = b"report notes\n"
    with tarfile.open(path, "w:gz") as tf:
        info = tarfile.TarInfo("notes.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))


NON_DOCUMENTS = {
    "README.md": (lambda p: shutil.copyfile(REPO / "README.md", p), "plain text"),
    "tools/convert.py": (lambda p: shutil.copyfile(REPO / "pipeline.py", p), "plain text"),
    "tools/__init__.py": (lambda p: p.write_bytes(b""), "file is empty"),
    "tools/run.sh": (lambda p: p.write_text("#!/bin/sh\necho hi\n"), "script"),
    "data.json": (lambda p: p.write_text('{"grantee": "ГАМО", "amount": 1}'), "JSON"),
    "budget.csv": (lambda p: p.write_text("статья;сумма\nаренда;100000\n", encoding="cp1251"), "plain text"),
    "page.html": (lambda p: p.write_text("<!DOCTYPE html><html><body>отчёт</body></html>"), "HTML"),
    "budget.xlsx": (xlsx, "spreadsheet (Excel XLSX)"),
    "old budget.xls": (lambda p: write_ole(p, {"Workbook": b"\x09\x08" + bytes(100)}), "spreadsheet (Excel XLS)"),
    "slides.pptx": (pptx, "presentation (PowerPoint PPTX)"),
    "sheet.ods": (ods, "OpenDocument file that is not a text document"),
    "photos.7z": (lambda p: p.write_bytes(b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(64)), "7z archive"),
    "backup.tar.gz": (tar_gz, "gzip archive"),
    "logo.gif": (lambda p: p.write_bytes(b"GIF89a" + bytes(64)), "GIF image"),
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    base = tmp_path_factory.mktemp("ignored")
    root = base / "root"
    (root / "tools").mkdir(parents=True)
    shutil.copyfile(SAMPLES / "final_kk_zhasyl_dala.docx", root / "report.docx")
    for name, (make, _what) in NON_DOCUMENTS.items():
        make(root / name)
    res = esep("ingest", root, "--out", base / "dataset", "--jobs", "2", "--no-progress")
    return root, base / "dataset", res


def test_a_folder_with_non_documents_exits_0_and_logs_them_ignored(mixed):
    _root, ds, res = mixed
    assert res.returncode == 0, res.stderr
    logged = files_by_name(read_tables(ds))
    assert logged["report.docx"]["status"] == "ok"
    for name, (_make, what) in NON_DOCUMENTS.items():
        row = logged[name]
        assert row["status"] == "ignored", (name, row)
        assert what in row["error"] and "\n" not in row["error"], (name, row["error"])
        assert row["report_id"] is None
    assert ", ignored 14" in res.stdout and "failed 0" in res.stdout


def test_ignored_files_are_not_read_again(mixed, tmp_path):
    root, ds, _res = mixed
    copy = tmp_path / "dataset"
    shutil.copytree(ds, copy, symlinks=True)
    again = esep("ingest", root, "--out", copy, "--no-progress")
    assert again.returncode == 0 and "reading 0 files" in again.stderr, again.stderr
    assert all(r["status"] in ("skipped", "ignored") for r in read_tables(copy)["files"])


def test_content_that_is_not_a_document_under_a_document_name_fails(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "report.docx").write_text("Это просто текст, а не отчёт.", encoding="utf-8")
    (root / "scan.pdf").write_bytes(b"")
    (root / "notes.txt").write_text("заметки", encoding="utf-8")
    res = esep("ingest", root, "--out", tmp_path / "ds", "--no-progress")
    assert res.returncode == 1
    logged = files_by_name(read_tables(tmp_path / "ds"))
    assert logged["report.docx"]["status"] == "failed" and "plain text" in logged["report.docx"]["error"]
    assert logged["scan.pdf"]["status"] == "failed" and logged["scan.pdf"]["error"] == "file is empty"
    assert logged["notes.txt"]["status"] == "ignored"


def test_the_name_decides_only_between_ignored_and_failed():
    assert unread_status("not_a_document", "notes.md") == "ignored"
    assert unread_status("empty", "tools/__init__.py") == "ignored"
    assert unread_status("not_a_document", "Отчёт.DOCX") == "failed"
    assert unread_status("not_a_document", "a.zip!/x/report.pdf") == "failed"
    assert unread_status("corrupt", "notes.md") == "failed"      # a damaged document is a failure
    assert unread_status(None, "notes.md") == "failed"           # time and memory limits too
    assert named_as_document("scan.TIFF") and not named_as_document("report.docx.bak")


@pytest.mark.parametrize("head,what", [
    (b"Rar!\x1a\x07\x01\x00", "RAR archive"),
    (b"\x00\x00\x00\x18ftypheic", "HEIC/AVIF image"),
    (b"\x7fELF\x02\x01", "program"),
    ("Просто текст в cp1251".encode("cp1251"), "plain text"),
    ("\ufeffтекст с BOM".encode("utf-16"), "plain text"),
    (bytes(range(256)), "binary content"),
])
def test_describe(head, what):
    assert what in describe(head)


def test_reader_names_what_it_is(tmp_path):
    path = tmp_path / "budget.xlsx"
    xlsx(path)
    with pytest.raises(NotADocument, match=r"budget.xlsx: spreadsheet \(Excel XLSX\), not a document esep reads"):
        read(path)
