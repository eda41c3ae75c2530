"""ZIP archives in esep ingest and esep watch (issue 13).

One archive of the samples, built once for the module: folders, a CP866
name without the UTF-8 flag, a ZIP inside it (and one nested too deep), a
corrupt member, a ZIP bomb member, a name climbing out of the archive,
macOS and hidden junk, a text file, and a copy of a file that also lies
beside the archive.  It is ingested once; the tests look at what came out,
then at re-runs, and at esep watch taking an archive from its inbox.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from esep.extract.archive.members import list_archive, member_file
from esep.extract.errors import CorruptFile, LimitExceeded
from tests.conftest import SAMPLES
from tests.hostile.build_corpus import ZipEntry, crc_zeros, deflate_zeros, entry, write_zip
from tests.batch.test_ingest import DATA_TABLES, esep, files_by_name, read_tables, strip_dataset

CP866_NAME = "Алматы/Отчёт ГАМО.pdf"
GOOD = {
    "reports.zip!/Мангистау/final_eco.docx": SAMPLES / "final_eco_mangystau.docx",
    f"reports.zip!/{CP866_NAME}": SAMPLES / "interim_gamo.pdf",
    "reports.zip!/nested/inner.zip!/deep/final_kk.docx": SAMPLES / "final_kk_zhasyl_dala.docx",
}
BAD = {
    "reports.zip!/broken.docx": r"damaged|crafted",
    "reports.zip!/bomb.docx": r"would inflate to 300 MB|ZIP bomb",
    "reports.zip!/../../escape.docx": r"leads outside the archive",
    "reports.zip!/nested/inner.zip!/level3.zip": r"nested deeper than 2 levels",
}


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def corrupt_entry(name: str, data: bytes) -> ZipEntry:
    """A deflated entry whose compressed bytes were damaged in the middle."""
    e = entry(name, data)
    broken = bytearray(e.data)
    mid = len(broken) // 2
    broken[mid: mid + 200] = bytes(200)
    e.data = bytes(broken)
    return e


def build_archive(path: Path, extra: dict[str, bytes] | None = None) -> None:
    level3 = _zip_bytes({"x.docx": (SAMPLES / "interim_gamo.docx").read_bytes()})
    inner = _zip_bytes({"deep/final_kk.docx": (SAMPLES / "final_kk_zhasyl_dala.docx").read_bytes(),
                        "level3.zip": level3})
    cp866 = entry("placeholder", (SAMPLES / "interim_gamo.pdf").read_bytes())
    cp866.name_bytes = CP866_NAME.encode("cp866")
    entries = [
        entry("Мангистау/final_eco.docx", (SAMPLES / "final_eco_mangystau.docx").read_bytes()),
        cp866,
        corrupt_entry("broken.docx", (SAMPLES / "interim_gamo.docx").read_bytes()),
        ZipEntry("bomb.docx", deflate_zeros(300), crc_zeros(300), 300 << 20),
        entry("../../escape.docx", "x"),
        entry("nested/inner.zip", inner),
        entry("__MACOSX/Мангистау/._final_eco.docx", "resource fork"),
        entry(".DS_Store", "junk"),
        entry("Мангистау/", b"", method=0),
        entry("notes.txt", "Просто заметки, не отчёт.\n"),
        entry("copy/interim_gamo.docx", (SAMPLES / "interim_gamo.docx").read_bytes()),
        *[entry(name, data) for name, data in (extra or {}).items()],
    ]
    write_zip(path, entries)


def expected_rows(path: Path, source_file: str) -> dict[str, list[dict]]:
    from esep.pipeline import process_file, sha256_file
    from esep.writers.rows import bundle_rows

    return bundle_rows(process_file(path, source_file=source_file, sha256=sha256_file(path)))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    base = tmp_path_factory.mktemp("archives")
    root, ds = base / "root", base / "dataset"
    root.mkdir()
    shutil.copyfile(SAMPLES / "interim_gamo.docx", root / "plain.docx")
    build_archive(root / "reports.zip")
    res = esep("ingest", root, "--out", ds, "--jobs", "2", "--timeout", "120", "--no-progress")
    return root, ds, res, read_tables(ds)


# ------------------------------------------------------------- esep ingest


def test_good_members_are_read_as_files_named_inside_the_archive(ingested):
    _root, _ds, res, tables = ingested
    assert res.returncode == 1, res.stderr  # bad members failed; everything else is written
    logged = files_by_name(tables)
    reports = {r["source_file"]: r for r in tables["reports"]}
    for name, sample in GOOD.items():
        assert logged[name]["status"] == "ok", logged[name]
        assert name in reports
        want = expected_rows(sample, name)
        rid = reports[name]["report_id"]
        for t in DATA_TABLES:
            got = [r for r in tables[t] if r["report_id"] == rid]
            assert strip_dataset(got) == strip_dataset(want[t]), (name, t)
    assert reports["plain.docx"]["source_format"] == "docx"


def test_bad_members_are_logged_one_by_one(ingested):
    import re

    _root, _ds, res, tables = ingested
    logged = files_by_name(tables)
    for name, reason in BAD.items():
        row = logged[name]
        assert row["status"] == "failed" and row["report_id"] is None, row
        assert re.search(reason, row["error"]) and "\n" not in row["error"], row
        assert f"failed {name}: " in res.stderr
    assert logged["reports.zip!/notes.txt"]["status"] == "ignored"
    assert logged["reports.zip!/copy/interim_gamo.docx"]["status"] == "duplicate"
    assert logged["reports.zip!/copy/interim_gamo.docx"]["report_id"] == logged["plain.docx"]["report_id"]
    archive = logged["reports.zip"]
    assert archive["status"] == "ok" and archive["report_id"] is None and archive["source_sha256"]
    # folders, macOS resource forks and hidden files inside are not source files
    inside = {n for n in logged if n.startswith("reports.zip!/")}
    assert inside == set(GOOD) | set(BAD) | {"reports.zip!/notes.txt", "reports.zip!/copy/interim_gamo.docx"}


def test_a_rerun_lists_and_reads_nothing_again(ingested, tmp_path):
    root, ds, first, before = ingested
    copy = tmp_path / "dataset"
    shutil.copytree(ds, copy, symlinks=True)
    again = esep("ingest", root, "--out", copy, "--no-progress")
    assert again.returncode == 1
    assert "reading 0 files" in again.stderr
    assert "failed reports.zip!/" not in again.stderr  # not listed again: its members come from the manifest
    after = read_tables(copy)
    for t in DATA_TABLES:
        assert after[t] == before[t], t
    old, new = files_by_name(before), files_by_name(after)
    assert set(old) == set(new)
    for name, row in new.items():
        assert row["status"] == {"ok": "skipped"}.get(old[name]["status"], old[name]["status"]), name
        assert row["error"] == old[name]["error"]


def test_a_changed_archive_reads_only_its_new_member(ingested, tmp_path):
    from tests.batch.test_ingest import make_docx

    root, ds, _first, _before = ingested
    root2, copy = tmp_path / "root", tmp_path / "dataset"
    shutil.copytree(root, root2)
    shutil.copytree(ds, copy, symlinks=True)
    # the archive rebuilt with two more members: a copy of bytes the dataset holds, and a new report
    make_docx(tmp_path / "new.docx", 7)
    build_archive(root2 / "reports.zip", {
        "added/final_kk_again.docx": (SAMPLES / "final_kk_zhasyl_dala.docx").read_bytes(),
        "added/new.docx": (tmp_path / "new.docx").read_bytes(),
    })
    res = esep("ingest", root2, "--out", copy, "--no-progress")  # source names are relative: they match
    assert res.returncode == 1
    assert "reading 1 files" in res.stderr, res.stderr
    logged = files_by_name(read_tables(copy))
    assert logged["reports.zip"]["status"] == "ok"
    assert logged["reports.zip!/added/final_kk_again.docx"]["status"] == "duplicate"
    assert logged["reports.zip!/added/new.docx"]["status"] == "ok"
    for name in GOOD:
        assert logged[name]["status"] == "skipped", name
    assert logged["reports.zip!/notes.txt"]["status"] == "ignored"


def test_esep_extract_on_an_archive_says_what_to_use(ingested):
    root, _ds, _res, _tables = ingested
    res = esep("extract", root / "reports.zip")
    assert res.returncode == 1
    assert res.stderr.strip().endswith("ZIP archive of files, not a document: "
                                       "esep ingest and esep watch read the documents inside it"), res.stderr


# ------------------------------------------------------------- the listing


def test_listing_limits(tmp_path):
    path = tmp_path / "many.zip"
    write_zip(path, [entry(f"f{i}.txt", "x", method=0) for i in range(30)])
    from esep.extract.archive.guard import ZipLimits

    with pytest.raises(LimitExceeded, match="holds 30 entries"):
        list_archive(path, ZipLimits(max_entries=20))
    # the total: members past it fail, the ones before are listed
    small = ZipLimits(max_total_bytes=25)
    listing = list_archive(path, small)
    errors = [m.error for m in listing.members]
    assert errors[:25] == [None] * 25 and all("in total" in e for e in errors[25:])
    (tmp_path / "damaged.zip").write_bytes(path.read_bytes()[:-30])
    with pytest.raises(CorruptFile, match="damaged ZIP archive"):
        list_archive(tmp_path / "damaged.zip")


def test_a_member_is_read_from_memory_and_must_not_have_changed(tmp_path):
    path = tmp_path / "a.zip"
    write_zip(path, [entry("a.txt", "first"), entry("b.txt", "second")])
    listing = list_archive(path)
    a = listing.members[0]
    with member_file(path, a.chain, a.sha256) as inside:
        assert Path(inside).read_bytes() == b"first"
        assert not inside.startswith(str(tmp_path))
    write_zip(path, [entry("a.txt", "FIRST"), entry("b.txt", "second")])
    with pytest.raises(CorruptFile, match="changed since it was listed"):
        with member_file(path, a.chain, a.sha256):
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip"]


# ------------------------------------------------------------- esep watch


def test_watch_takes_an_archive_ingests_its_good_members_and_fails_it(tmp_path):
    from tests.watcher.test_watch import once

    inbox, ds = tmp_path / "inbox", tmp_path / "dataset"
    (inbox / "region").mkdir(parents=True)
    write_zip(inbox / "region" / "batch.zip", [
        entry("good.docx", (SAMPLES / "final_kk_zhasyl_dala.docx").read_bytes()),
        corrupt_entry("bad.docx", (SAMPLES / "interim_gamo.docx").read_bytes()),
    ])
    res = once(inbox, ds, "--once", "--settle", "0.2")
    assert res.returncode == 1, res.stderr
    rows = files_by_name(read_tables(ds))
    assert rows["region/batch.zip!/good.docx"]["status"] == "ok"
    assert rows["region/batch.zip!/bad.docx"]["status"] == "failed"
    day = dt.date.today().isoformat()
    moved = tmp_path / "failed" / day / "region" / "batch.zip"
    assert moved.exists() and not (inbox / "region" / "batch.zip").exists()
    note = (moved.parent / "batch.zip.error.txt").read_text("utf-8").splitlines()[0]
    assert note.startswith("1 of 2 files inside could not be read (bad.docx: ")
