"""Unit tests of the defences the hostile corpus exercises (fast, in-process).

tests/guard/test_hostile.py runs the whole corpus through ``esep extract`` and
``esep ingest``; these pin each defence where it lives.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from esep.extract import CorruptFile, LimitExceeded, UnsupportedFormat, read
from esep.extract.detect import zip_kind
from esep.extract.archive.guard import check_zip, read_capped
from tests.conftest import REPO, SAMPLES
from tests.hostile.build_corpus import (
    ZipEntry,
    crc_zeros,
    deflate_zeros,
    docx_parts,
    entry,
    p,
    save_docx,
    write_zip,
)

# ------------------------------------------------------------------ ZIP


def _peak_rss_mb(code: str) -> float:
    """Run ``code`` in a fresh interpreter; its peak resident memory in MB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent
    across fork and exec, so a big pytest process would show through."""
    script = code + (
        "\nprint([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0])"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def _lying_docx(path: Path, name: str = "word/media/image1.png", mib: int = 300) -> Path:
    """Central directory and local header say 20 KB; the entry inflates to ``mib`` MiB."""
    entries = [entry(n, d) for n, d in docx_parts(p("lying")).items()]
    entries.append(ZipEntry(name, deflate_zeros(mib), crc_zeros(mib), 20_000))
    write_zip(path, entries)
    return path


def test_zipfile_itself_inflates_past_the_declared_size(tmp_path):
    """Why check_zip streams: zipfile asks zlib for up to 1 GB per call and
    cuts afterwards, so reading a 20 KB entry costs its real size."""
    path = _lying_docx(tmp_path / "lying.docx")
    rss = _peak_rss_mb(
        "import zipfile\ntry:\n zipfile.ZipFile(%r).read('word/media/image1.png')\nexcept Exception: pass" % str(path)
    )
    assert rss > 250


def test_entry_inflating_past_its_declared_size_is_refused_in_bounded_memory(tmp_path):
    path = _lying_docx(tmp_path / "lying.docx")
    with pytest.raises(LimitExceeded, match=r"inflates to more than the 20,000 bytes it declares"):
        check_zip(path)
    rss = _peak_rss_mb(
        "from esep.extract.archive.guard import check_zip\ntry:\n check_zip(%r)\nexcept Exception as e: print(e)" % str(path)
    )
    assert rss < 120, rss
    with pytest.raises(LimitExceeded):
        read(path)


def test_entry_with_a_wrong_crc_or_short_data_is_damaged(tmp_path):
    entries = [entry(n, d) for n, d in docx_parts(p("crc")).items()]
    bad = entry("word/media/a.bin", b"x" * 5000)
    entries.append(ZipEntry(bad.name, bad.data, bad.crc ^ 1, bad.size))
    write_zip(tmp_path / "crc.docx", entries)
    with pytest.raises(CorruptFile, match="CRC"):
        check_zip(tmp_path / "crc.docx")
    entries[-1] = ZipEntry(bad.name, bad.data, bad.crc, bad.size + 10)
    write_zip(tmp_path / "short.docx", entries)
    with pytest.raises(CorruptFile, match="size or CRC"):
        check_zip(tmp_path / "short.docx")


def test_compression_methods_other_than_stored_and_deflate_are_refused(tmp_path):
    path = tmp_path / "bz.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in docx_parts(p("bzip2")).items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_BZIP2)
    with pytest.raises(UnsupportedFormat, match="compression method 12"):
        check_zip(path)


@pytest.mark.parametrize("sample", ["final_eco_mangystau.docx", "interim_gamo.docx", "final_kk_zhasyl_dala.docx"])
def test_real_documents_pass_the_streaming_check(sample):
    assert "word/document.xml" in check_zip(SAMPLES / sample)


def test_format_sniffing_reads_members_capped(tmp_path):
    """zip_kind peeks at mimetype / [Content_Types].xml before check_zip runs."""
    path = tmp_path / "odt.odt"
    write_zip(path, [
        ZipEntry("mimetype", deflate_zeros(300), crc_zeros(300), 50),
        entry("content.xml", "<x/>"),
    ])
    rss = _peak_rss_mb(
        "from esep.extract.detect import zip_kind\nprint(zip_kind(open(%r, 'rb')))" % str(path)
    )
    assert rss < 120, rss
    with open(path, "rb") as fp:
        assert zip_kind(fp) is None
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("x.bin", b"y" * 10_000)
    buf.seek(0)
    with zipfile.ZipFile(buf) as zf:
        assert read_capped(zf, "x.bin", 100) == b"y" * 100


# ------------------------------------------------------------- XML parts

SECRET = "SECRET-" + os.urandom(6).hex()


def _docx_with(tmp_path: Path, part: str, xml: str | bytes, name: str = "x.docx") -> Path:
    parts = docx_parts(p("body text"))
    parts[part] = xml
    path = tmp_path / name
    save_docx(path, parts)
    return path


def _doctype(xml: str, subset: str) -> str:
    head, rest = xml.split("?>", 1)
    return f"{head}?><!DOCTYPE x [{subset}]>{rest}"


@pytest.mark.parametrize("part", [
    "word/document.xml", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
    "docProps/core.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
])
def test_a_dtd_in_any_xml_part_is_refused_before_parsing(tmp_path, part):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    xml = docx_parts(p("body text"))[part]
    assert isinstance(xml, str)
    path = _docx_with(tmp_path, part, _doctype(xml, f'<!ENTITY e SYSTEM "{secret.as_uri()}">'))
    with pytest.raises(CorruptFile, match=r"declares a DTD \(<!DOCTYPE>\)") as err:
        read(path)
    assert repr(part) in str(err.value)


def test_a_dtd_is_found_in_utf16_and_in_parts_python_docx_does_not_name(tmp_path):
    xml = docx_parts(p("x"))["word/document.xml"]
    assert isinstance(xml, str)
    utf16 = _doctype(xml, '<!ENTITY e "x">').replace('encoding="UTF-8"', 'encoding="UTF-16"')
    with pytest.raises(CorruptFile, match="DTD"):
        read(_docx_with(tmp_path, "word/document.xml", b"\xff\xfe" + utf16.encode("utf-16-le"), "u16.docx"))
    with pytest.raises(CorruptFile, match="customXml/item1.xml"):
        read(_docx_with(tmp_path, "customXml/item1.xml", '<!DOCTYPE a SYSTEM "http://127.0.0.1:9/"><a/>', "c.docx"))


def test_python_docx_parser_expands_and_fetches_nothing_by_itself(tmp_path):
    """The safety net under the DTD refusal: python-docx's own lxml parser."""
    import socket
    import threading

    from docx.opc.oxml import parse_xml as parse_opc
    from docx.oxml.parser import parse_xml

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.settimeout(0.5)
    port = srv.getsockname()[1]
    hits = []

    def accept():
        try:
            hits.append(srv.accept())
        except OSError:
            pass

    t = threading.Thread(target=accept)
    t.start()
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://127.0.0.1:{port}/a.dtd" ['
           f'<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY % pe SYSTEM "http://127.0.0.1:{port}/pe">%pe;]>'
           f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           f'xmlns:xi="http://www.w3.org/2001/XInclude"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
           f'<xi:include href="{secret.as_uri()}" parse="text"/></w:body></w:document>').encode()
    from lxml import etree

    for parse in (parse_xml, parse_opc):
        root = parse(xml)
        assert SECRET not in etree.tostring(root, encoding="unicode")
        assert SECRET not in "".join(root.itertext())
    t.join()
    srv.close()
    assert hits == []


def test_xml_nesting_and_text_limits_are_limit_errors(tmp_path):
    deep = "<w:sdt><w:sdtContent>" * 300 + p("deep") + "</w:sdtContent></w:sdt>" * 300
    parts = docx_parts(deep)
    save_docx(tmp_path / "deep.docx", parts)
    with pytest.raises(LimitExceeded, match="nested deeper than 256"):
        read(tmp_path / "deep.docx")
    import random
    import string

    rnd = random.Random(1)
    block = "".join(rnd.choice(string.ascii_lowercase) for _ in range(30_000))
    text = (block * 400)[: 11 << 20]  # 11 MB in one text node, ~110:1 (under the ZIP ratio check)
    save_docx(tmp_path / "text.docx", docx_parts(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"))
    with pytest.raises(LimitExceeded, match="larger than 10 MB"):
        read(tmp_path / "text.docx")


# ------------------------------------------------------------ special files


def test_fifos_sockets_and_devices_are_refused_without_blocking(tmp_path):
    import socket
    import stat
    import time

    from esep.guarded import guarded_process_file

    fifo = tmp_path / "fifo.docx"
    os.mkfifo(fifo)
    sock = tmp_path / "sock.docx"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(sock))
    s.close()
    paths = [fifo, sock]
    try:
        os.mknod(tmp_path / "zero.pdf", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero never ends
        paths.append(tmp_path / "zero.pdf")
    except OSError:
        pass  # not permitted here: FIFO and socket still checked
    for path in paths:
        t0 = time.monotonic()
        with pytest.raises(UnsupportedFormat, match="not a regular file"):
            guarded_process_file(path, timeout_s=20)
        assert time.monotonic() - t0 < 15


def test_a_file_name_with_invalid_utf8_is_recorded_as_text(tmp_path):
    """esep extract printed the raw bytes: its JSON was not valid UTF-8."""
    from esep.pipeline import process_file

    name = os.path.join(os.fsencode(tmp_path), b"bad-\xff\xfe-\xc0.docx")
    save_docx(Path(os.fsdecode(name)), docx_parts(p("x")))
    bundle = process_file(os.fsdecode(name))
    assert bundle.report.source_file == "bad-\\xff\\xfe-\\xc0.docx"
    bundle.model_dump_json().encode("utf-8")  # no surrogates left
