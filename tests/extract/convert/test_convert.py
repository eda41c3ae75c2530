"""DOC, RTF and ODT through LibreOffice (extract.convert.office / extract.convert.external).

The legacy files are made at test time: a DOCX from tests/docx_factory.py,
saved by LibreOffice as .doc / .rtf / .odt, then read back by esep; each
must give the same document model as the DOCX.  Needs soffice (./setup.sh
installs it); skipped without it, except the missing-component tests.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from esep.extract import read

from esep.extract.convert import office as convert

from esep.extract.convert import external
from esep.extract.errors import LimitExceeded, MissingComponent, UnsupportedFormat
from tests import docx_factory as f
from tests.ole_factory import ole_bytes, word_fib

from tests.conftest import REPO  # noqa: E402
HAVE_SOFFICE = convert.find_soffice() is not None
needs_soffice = pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice (soffice) is not installed")

TARGETS = {"doc": "doc:MS Word 97", "rtf": "rtf", "odt": "odt"}


def _body() -> str:
    return "".join([
        f.p(f.run("ЗАКЛЮЧИТЕЛЬНЫЙ ОТЧЕТ", bold=True)),
        f.p("Грантополучатель: «Жасыл Дала» қоғамдық бірлестігі"),
        f.p("Сумма гранта: 3 450 000 тенге"),
        f.tbl(
            f.tr(f.tc("№"), f.tc("Индикатор"), f.tc("План / жоспар", span=2)),
            f.tr(f.tc("1.", vmerge="restart"), f.tc("Тікелей бенефициарлар"), f.tc("450"), f.tc("505")),
            f.tr(f.tc(vmerge="continue"), f.tc("Әлеуметтік осал санаттар"), f.tc("20"), f.tc("21")),
            cols=4,
        ),
        f.p("Барлығы: 505 адам."),
    ])


def _shape(doc) -> dict:
    """What must survive a conversion: paragraph texts and each table's cells with spans."""
    return {
        "paragraphs": [p.text for p in doc.paragraphs() if p.text.strip()],
        "tables": [
            [(c.row, c.col, c.row_span, c.col_span, c.text) for c in t.cells()] for t in doc.tables()
        ],
    }


@pytest.fixture(scope="module")
def legacy(tmp_path_factory) -> dict[str, Path]:
    """{"docx": ..., "doc": ..., "rtf": ..., "odt": ...} made once for the module."""
    if not HAVE_SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    root = tmp_path_factory.mktemp("legacy")
    src = f.write_docx(root / "report.docx", _body())
    out = {"docx": src}
    for kind, target in TARGETS.items():
        with external.WorkDir() as wd:
            produced = convert.soffice_convert(src, "docx", target, wd)
            out[kind] = root / f"report.{kind}"
            shutil.copyfile(produced, out[kind])
    return out


# ------------------------------------------------------------------ reading

@needs_soffice
@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_legacy_file_reads_into_the_same_model(legacy, kind):
    want = _shape(read(legacy["docx"]))
    doc = read(legacy[kind])
    assert doc.source_format == kind
    assert _shape(doc) == want
    assert doc.notes[0].startswith(f"Converted from {kind.upper()} to DOCX by LibreOffice headless")
    assert doc.path == str(legacy[kind])


@needs_soffice
def test_a_file_named_like_an_option_is_read(legacy, tmp_path):
    odd = tmp_path / "-rf.doc"
    shutil.copyfile(legacy["doc"], odd)
    before = sorted(os.listdir(tmp_path))
    doc = read(odd)
    assert doc.source_format == "doc" and doc.path == str(odd)
    assert sorted(os.listdir(tmp_path)) == before  # no lock file or output next to the input
    # and through a relative path that starts with a dash
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert read("-rf.doc").source_format == "doc"
    finally:
        os.chdir(cwd)


@needs_soffice
def test_conversion_over_its_time_limit_fails_cleanly(legacy, tmp_path, monkeypatch):
    monkeypatch.setattr(external.tempfile, "tempdir", str(tmp_path))  # our work dirs land here
    with pytest.raises(LimitExceeded) as err:
        convert.convert_to_docx(legacy["doc"], timeout=0.3)
    msg = str(err.value)
    assert "\n" not in msg and "took longer than 0.3 s" in msg and "LibreOffice" in msg
    assert os.listdir(tmp_path) == []  # the private directory is gone
    time.sleep(0.5)
    assert not _processes_mentioning(str(tmp_path)), "a LibreOffice process outlived its time limit"


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmd:
            found.append(f"{pid}: {cmd[:200]}")
    return found


@needs_soffice
def test_two_conversions_at_once_do_not_collide(legacy, tmp_path):
    a = tmp_path / "a.doc"
    b = tmp_path / "b.rtf"
    shutil.copyfile(legacy["doc"], a)
    shutil.copyfile(legacy["rtf"], b)
    results: dict[str, object] = {}

    def work(p: Path) -> None:
        try:
            results[p.name] = read(p)
        except Exception as exc:  # pragma: no cover - reported below
            results[p.name] = exc

    threads = [threading.Thread(target=work, args=(p,)) for p in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    want = _shape(read(legacy["docx"]))
    for name, kind in (("a.doc", "doc"), ("b.rtf", "rtf")):
        doc = results[name]
        assert not isinstance(doc, Exception), doc
        assert doc.source_format == kind and _shape(doc) == want


@needs_soffice
def test_nothing_is_written_outside_the_private_directory(legacy, tmp_path, monkeypatch):
    home = Path.home()
    config = home / ".config" / "libreoffice"
    before_config = config.exists()
    tmp = tmp_path / "system-tmp"  # a temp root of its own: other processes' files do not count
    tmp.mkdir()
    monkeypatch.setattr(external.tempfile, "tempdir", str(tmp))
    before_tmp = set(os.listdir(tmp))
    src_dir = tmp_path / "in"
    src_dir.mkdir()
    shutil.copyfile(legacy["odt"], src_dir / "report.odt")
    read(src_dir / "report.odt")
    assert os.listdir(src_dir) == ["report.odt"]
    assert config.exists() == before_config, "LibreOffice wrote a profile into the real HOME"
    leftovers = {n for n in set(os.listdir(tmp)) - before_tmp if n.startswith("esep-")}
    assert not leftovers, f"private directories left behind: {leftovers}"


@needs_soffice
def test_no_network_during_conversion(tmp_path):
    """An ODT with a linked image on a local port: LibreOffice fetches such images
    (PRIOR_ART.md §12; it does here without the fence), esep's conversion must not."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    hits: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    hits.append(conn.recv(200))
                except OSError:
                    hits.append(b"?")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    odt = tmp_path / "linked.odt"
    _linked_image_odt(odt, f"http://127.0.0.1:{port}/x.png")
    try:
        doc = read(odt)
    finally:
        stop.set()
        thread.join(2)
        server.close()
    assert any("Привет" in p.text for p in doc.paragraphs())
    assert not hits, f"LibreOffice connected to the network: {hits!r}"
    if "NOT isolated" not in external.isolation()[1]:
        assert "network cut off" in doc.notes[0]


def _linked_image_odt(path: Path, url: str) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">'
        "<office:body><office:text><text:p>Привет мир</text:p>"
        '<text:p><draw:frame draw:name="i" svg:width="2cm" svg:height="2cm" text:anchor-type="as-char">'
        f'<draw:image xlink:href="{url}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
        "</draw:frame></text:p></office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)


# ------------------------------------------------------- what is never converted

def test_docx_and_pdf_are_never_handed_to_libreoffice(tmp_path, monkeypatch):
    called = []
    monkeypatch.setattr(convert, "soffice_convert", lambda *a, **k: called.append(a))
    docx_named_doc = f.write_docx(tmp_path / "report.doc", f.p("Привет"))
    assert read(docx_named_doc).source_format == "docx"
    with pytest.raises(UnsupportedFormat):
        convert.convert_to_docx(docx_named_doc)
    pdf = tmp_path / "x.rtf"
    shutil.copyfile(REPO / "samples" / "interim_gamo.pdf", pdf)
    with pytest.raises(UnsupportedFormat):
        convert.convert_to_docx(pdf)
    html = tmp_path / "page.doc"
    html.write_text('<html><img src="http://127.0.0.1:9/x.png"></html>', encoding="utf-8")
    with pytest.raises(UnsupportedFormat):
        read(html)
    assert called == []


# ------------------------------------------------------------ missing soffice

WORD_OLE = ole_bytes({"WordDocument": word_fib(), "1Table": b"\0"})


def test_missing_libreoffice_names_the_package_and_other_files_go_on(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    doc = tmp_path / "old.doc"
    doc.write_bytes(WORD_OLE)  # a well-formed Word container (magic and zeros is refused as damaged first)
    rtf = tmp_path / "old.rtf"
    rtf.write_text(r"{\rtf1\ansi Hello\par}", encoding="ascii")
    for p in (doc, rtf):
        with pytest.raises(MissingComponent) as err:
            read(p)
        assert "libreoffice-writer-nogui" in str(err.value) and "\n" not in str(err.value)
    ok = f.write_docx(tmp_path / "fine.docx", f.p("Сумма гранта: 5 000 000 тенге"))
    assert read(ok).source_format == "docx"


def test_ingest_without_soffice_on_path_fails_only_the_doc(tmp_path):
    """Through the real batch: PATH without LibreOffice, a .doc and a .docx."""
    src = tmp_path / "in"
    src.mkdir()
    f.write_docx(src / "fine.docx", f.p("ЗАКЛЮЧИТЕЛЬНЫЙ ОТЧЕТ") + f.p("Сумма гранта: 5 000 000 тенге"))
    (src / "-old.doc").write_bytes(WORD_OLE)
    venv_bin = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=venv_bin)
    res = subprocess.run(
        [sys.executable, "-m", "esep.cli", "ingest", str(src), "--out", str(tmp_path / "out")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    import pandas as pd

    files = pd.read_parquet(tmp_path / "out" / "files.parquet").set_index("source_file")
    assert files.loc["fine.docx", "status"] == "ok", res.stderr
    assert files.loc["-old.doc", "status"] == "failed"
    assert "install libreoffice-writer-nogui" in files.loc["-old.doc", "error"]
