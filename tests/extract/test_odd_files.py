"""The last hostile and odd files of issue 13, one test (or a few) each:

* a PDF whose stream /Length is a reference cycle ends at once with a clean
  error, not at the time limit;
* an OLE2 file that is not a readable Word document never reaches
  LibreOffice;
* a DOCX in the ISO 29500 Strict format is read (through LibreOffice), or
  rejected saying what it is;
* a MemoryError inside pdfminer is the memory limit, not a damaged page.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from esep.extract import CorruptFile, EncryptedFile, MissingComponent, NotADocument, read
from esep.extract.convert import office as convert
from esep.guard import MEMORY, GuardError, run_guarded
from esep.guarded import guarded_process_file
from tests.conftest import SHARED
from tests.docx_factory import p, write_docx
from tests.hostile.build_corpus import HELLO, pdf_objs, raw_pdf, stream
from tests.ole_factory import word_fib, write_ole

HAVE_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
REAL_STRICT = SHARED / "realworld" / "files" / "ru_strict-ooxml_signature-block.docx"


# ------------------------------------------------------------- reference cycles


def cycle_pdf(path: Path) -> Path:
    """The content stream's /Length is 7 0 R; 7 is 8 0 R; 8 is 7 0 R."""
    objs = pdf_objs()
    objs[4] = stream(HELLO, length=b"7 0 R")
    objs[7] = b"8 0 R"
    objs[8] = b"7 0 R"
    path.write_bytes(raw_pdf(objs))
    return path


def test_a_length_reference_cycle_is_a_clean_error(tmp_path):
    path = cycle_pdf(tmp_path / "cycle.pdf")
    with pytest.raises(CorruptFile, match=r"object reference cycle \(7 0 R -> 8 0 R -> 7 0 R\)") as err:
        read(path)
    assert "\n" not in str(err.value)


def test_the_cycle_ends_before_a_short_time_limit(tmp_path):
    """Under the guard with a 10 s limit: the reader's error, not the clock's."""
    path = cycle_pdf(tmp_path / "cycle.pdf")
    with pytest.raises(CorruptFile, match="reference cycle"):
        guarded_process_file(path, timeout_s=10, max_memory=1 << 30)


def test_a_chain_of_references_without_a_cycle_still_resolves(tmp_path):
    objs = pdf_objs()
    objs[4] = stream(HELLO, length=b"7 0 R")
    objs[7] = b"8 0 R"
    objs[8] = b"%d" % len(HELLO)
    path = tmp_path / "chain.pdf"
    path.write_bytes(raw_pdf(objs))
    assert "Hello hostile world" in " ".join(par.text for par in read(path).paragraphs())


# ------------------------------------------------------------- OLE2 before LibreOffice


@pytest.fixture
def no_conversion(monkeypatch):
    calls = []
    monkeypatch.setattr(convert, "soffice_convert", lambda *a, **k: calls.append(a))
    return calls


@pytest.mark.parametrize("streams,error,message", [
    (None, CorruptFile, r"damaged Word document \(not a readable OLE2 container\)"),
    ({"Contents": b"x"}, CorruptFile, r"damaged Word document \(no WordDocument stream\)"),
    ({"WordDocument": bytes(64), "1Table": b"x"}, CorruptFile, r"WordDocument stream has no valid header"),
    ({"WordDocument": word_fib()}, CorruptFile, r"its 1Table stream is missing"),
    ({"WordDocument": word_fib(flags=0x0300), "1Table": b"x"}, EncryptedFile, r"encrypted with a password"),
    ({"Workbook": b"x"}, NotADocument, r"spreadsheet \(Excel XLS\)"),
])
def test_an_ole2_file_that_is_not_a_readable_word_document_is_rejected_before_conversion(
        tmp_path, no_conversion, streams, error, message):
    path = tmp_path / "report.doc"
    if streams is None:  # the magic followed by garbage
        import random

        path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + random.Random(13).randbytes(20_000))
    else:
        write_ole(path, streams)
    with pytest.raises(error, match=message):
        read(path)
    assert no_conversion == []


# ------------------------------------------------------------- Strict OOXML

STRICT = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def strict_docx(path: Path, text: str) -> Path:
    """A Transitional DOCX rewritten with the Strict namespaces, as Word's "Strict Open XML" saves it."""
    src = write_docx(path.with_suffix(".transitional.docx"), p(text))
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                text_ = data.decode("utf-8")
                for old, new in STRICT.items():
                    text_ = text_.replace(old, new)
                data = text_.encode("utf-8")
            zout.writestr(info.filename, data)
    src.unlink()
    return path


@pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice is not installed")
def test_a_strict_docx_is_read_through_libreoffice(tmp_path):
    doc = read(strict_docx(tmp_path / "strict.docx", "Грантополучатель: НУ «Строгий формат»"))
    assert doc.source_format == "docx"
    assert any("Грантополучатель: НУ «Строгий формат»" in par.text for par in doc.paragraphs())
    assert doc.notes[0].startswith("Converted from Strict Open XML document to DOCX by LibreOffice")


@pytest.mark.skipif(not (HAVE_SOFFICE and REAL_STRICT.exists()), reason="LibreOffice or the real file is missing")
def test_the_real_strict_docx_is_read():
    doc = read(REAL_STRICT)
    assert any("расшифровка подписи" in par.text for par in doc.paragraphs())


def test_without_libreoffice_a_strict_docx_says_what_it_is(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    with pytest.raises(MissingComponent, match=r"Strict Open XML document \(ISO/IEC 29500 Strict\).*"
                                                r"install libreoffice-writer-nogui"):
        read(strict_docx(tmp_path / "strict.docx", "x"))


def test_a_strict_docx_passes_the_docx_checks_first(tmp_path, no_conversion):
    path = strict_docx(tmp_path / "strict.docx", "x")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("word/evil.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
    with pytest.raises(CorruptFile, match=r"Strict Open XML document.*declares a DTD"):
        read(path)
    assert no_conversion == []


# ------------------------------------------------------------- MemoryError inside pdfminer


def _pdfminer_runs_out_of_memory(path: str):
    """Runs in a guarded child: pdfminer raising MemoryError (wrapped by pdfplumber) on every page."""
    import esep.extract.pdf.reader as pdf_reader
    from esep.batch.work import read_report
    from pdfplumber.utils.exceptions import PdfminerException

    def out_of_memory(*_a, **_k):
        raise PdfminerException(MemoryError())

    pdf_reader._read_one = out_of_memory
    return read_report(path, "x.pdf", "0" * 64)


def test_a_memory_error_inside_pdfminer_is_the_memory_limit(tmp_path):
    from tests.conftest import SAMPLES

    path = str(SAMPLES / "interim_gamo.pdf")
    with pytest.raises(GuardError) as err:
        run_guarded(_pdfminer_runs_out_of_memory, path, timeout_s=60, max_memory=1 << 30)
    assert err.value.kind == MEMORY and str(err.value) == "memory limit 1 GB exceeded"


# ------------------------------------------------------------- a killed worker leaves nothing


def _writes_temp_files_then_hangs() -> None:
    """Runs in a guarded child: what OCR or LibreOffice leave in a private folder, then a hang."""
    import tempfile
    import time

    from esep.extract.convert.external import WorkDir

    work = WorkDir("esep-ocr-").__enter__()
    Path(work, "page-1.pgm").write_bytes(b"P5 1 1 255 \0")
    Path(tempfile.mkstemp(prefix="esep-")[1]).write_bytes(b"x")
    time.sleep(600)


def test_a_worker_killed_at_the_time_limit_leaves_no_temporary_files(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    with pytest.raises(GuardError) as err:
        run_guarded(_writes_temp_files_then_hangs, timeout_s=3, max_memory=1 << 30)
    assert err.value.kind == "timeout"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("esep")] == []
