"""esep ingest end to end, through real processes.

Expected rows come from ``pipeline.process_file`` on the same files, so
these tests hold whatever normalisation recognises today.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from esep.batch.ignored import unread_status
from esep.extract.errors import ExtractError
from esep.schemas import CHILD_TABLES
from tests.conftest import FOREIGN, REPO, SAMPLES

DATA_TABLES = ["reports", *CHILD_TABLES]
ESEP = Path(sys.executable).with_name("esep")


def esep(*args, timeout: float = 180, **kw) -> subprocess.CompletedProcess:
    cmd = [str(ESEP)] if ESEP.exists() else [sys.executable, "-m", "esep.cli"]
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          cwd=REPO, errors="backslashreplace", **kw)


# ------------------------------------------------------------------ inputs

def make_docx(path: Path | bytes, n: int, *, title: str = "Промежуточный программный отчет",
              grantee: str = "Гражданский Альянс", rows: int = 3) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(title)
    d.add_paragraph(f"Грантополучатель: ОЮЛ «{grantee} {n}»")
    d.add_paragraph(f"Тема гранта: «Развитие гражданских инициатив № {n}»")
    d.add_paragraph(f"Сумма гранта: {1_000_000 + n * 7919} тенге")
    t = d.add_table(rows=rows + 1, cols=4)
    for j, h in enumerate(["№", "Мероприятие", "Дата проведения", "Охват"]):
        t.cell(0, j).text = h
    for i in range(1, rows + 1):
        for j, v in enumerate([str(i), f"Семинар {n}-{i}", f"{i + 1}.05.2022", str(10 * i + n)]):
            t.cell(i, j).text = v
    if isinstance(path, bytes):
        with open(path, "wb") as fp:
            d.save(fp)
    else:
        d.save(path)


def non_report_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Shopping list: milk, bread.")
    d.save(path)


def text_name(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def build_mixed(root: Path) -> dict:
    """A folder with everything a real share has.  Returns expectations:
    source_file -> absolute path for each file esep must log."""
    rnd = random.Random(4)
    (root / "nested" / "deeper").mkdir(parents=True)
    files: dict[str, Path] = {}

    def add(rel: str, maker) -> Path:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        maker(p)
        files[text_name(rel)] = p
        return p

    a = add("a_report.docx", lambda p: make_docx(p, 1))
    add("nested/deeper/b_report.docx", lambda p: make_docx(p, 2, title="Итоговый программный отчет", rows=6))
    add("nested/copy of a.docx", lambda p: shutil.copyfile(a, p))            # duplicate
    add("nested/plain.docx", non_report_docx)                                  # not a report
    add("corrupt.pdf", lambda p: p.write_bytes(bytes(rnd.randrange(256) for _ in range(4000))))
    add("truncated.docx", lambda p: p.write_bytes(a.read_bytes()[: a.stat().st_size // 2]))
    add("notes.txt", lambda p: p.write_text("не отчёт\n", encoding="utf-8"))
    add("отчёт №3 с пробелами.docx", lambda p: make_docx(p, 3))
    add("new\nline.docx", lambda p: make_docx(p, 4))
    add("esc\x1b[31mred.docx", lambda p: make_docx(p, 5))
    bad = os.fsdecode(b"bad\xff\xfename.docx")
    add(bad, lambda p: make_docx(p, 6))
    long = "а" * 125 + ".docx"  # 255 bytes in UTF-8
    assert len(long.encode()) == 255
    add(f"nested/{long}", lambda p: make_docx(p, 7))
    add("-starts-with-dash.docx", lambda p: make_docx(p, 8))
    add("tbl-2x2-table.docx", lambda p: shutil.copyfile(FOREIGN / "python-docx-tests" / "tbl-2x2-table.docx", p))
    for name in ("empty.pdf", "password-example.pdf", "issue-33-lorem-ipsum.pdf"):
        add(f"foreign/{name}", lambda p, n=name: shutil.copyfile(FOREIGN / "pdfplumber-tests" / n, p))
    for sample in (SAMPLES / "final_eco_mangystau.docx", SAMPLES / "final_eco_mangystau_scan.pdf"):
        add(f"samples/{sample.name}", lambda p, s=sample: shutil.copyfile(s, p))

    # things that are not source files
    (root / "~$a_report.docx").write_bytes(b"lock")
    (root / ".hidden.docx").write_bytes(b"x")
    os.symlink("..", root / "nested" / "loop")
    os.symlink("/etc/hostname", root / "outside-link.docx")
    os.symlink(a, root / "inside-link.docx")
    os.mkfifo(root / "a.fifo.docx")
    return files


def expected(files: dict[str, Path]) -> dict[str, dict]:
    """What process_file says about each file, with duplicates resolved."""
    from esep.pipeline import process_file, sha256_file
    from esep.writers.rows import bundle_rows

    out: dict[str, dict] = {}
    seen: dict[str, str] = {}
    for name in sorted(files):
        path = files[name]
        sha = sha256_file(path)
        if sha in seen and out[seen[sha]]["status"] == "ok":
            out[name] = {"status": "duplicate", "report_id": sha[:16], "sha": sha}
            continue
        try:
            bundle = process_file(path, source_file=name, sha256=sha)
        except ExtractError as err:  # a non-document (notes.txt) is ignored, a broken document failed
            out[name] = {"status": unread_status(err.code, name), "report_id": None, "sha": sha}
        else:
            out[name] = {"status": "ok", "report_id": sha[:16], "sha": sha, "tables": bundle_rows(bundle)}
        seen.setdefault(sha, name)
    return out


def read_tables(ds: Path) -> dict[str, list[dict]]:
    return {t: pq.read_table(ds / f"{t}.parquet").to_pylist() for t in [*DATA_TABLES, "files"]}


def strip_time(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "extracted_at"} for r in rows]


def strip_dataset(rows: list[dict]) -> list[dict]:
    """Rows as one file gives them: without the time, and without what is decided across
    a dataset (reports.duplicate_of, findings located at the dataset)."""
    return [{k: v for k, v in r.items() if k not in ("extracted_at", "duplicate_of")}
            for r in rows if r.get("location") != "dataset"]


def files_by_name(tables) -> dict[str, dict]:
    return {r["source_file"]: r for r in tables["files"]}


@pytest.fixture
def mixed(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    files = build_mixed(root)
    return root, files, expected(files), tmp_path / "dataset"


# ------------------------------------------------------------------ tests

def test_mixed_folder(mixed):
    root, files, exp, ds = mixed
    res = esep("ingest", root, "--out", ds, "--jobs", "2", "--timeout", "150", timeout=400)  # a scan takes ~15 s alone, several times that on a loaded machine
    assert res.returncode == (1 if any(e["status"] == "failed" for e in exp.values()) else 0), res.stderr
    tables = read_tables(ds)
    logged = files_by_name(tables)
    assert set(logged) == set(exp)  # links, FIFO, lock and hidden files are not source files
    for name, e in exp.items():
        row = logged[name]
        assert row["status"] == e["status"], (name, row)
        assert row["source_sha256"] == e["sha"]
        assert row["report_id"] == e["report_id"]
        if e["status"] in ("failed", "ignored"):
            assert row["error"] and "\n" not in row["error"]
        else:
            assert row["error"] is None
    # rows: exactly what process_file gives, once per distinct content
    ok = {n: e for n, e in exp.items() if e["status"] == "ok"}
    assert sorted(r["report_id"] for r in tables["reports"]) == sorted(e["report_id"] for e in ok.values())
    for name, e in ok.items():
        rid = e["report_id"]
        for t in DATA_TABLES:
            got = [r for r in tables[t] if r["report_id"] == rid]
            assert strip_dataset(got) == strip_dataset(e["tables"][t]), (name, t)
    # what is decided across the dataset: the sample DOCX and its scan hold the same report
    by_name = {r["source_file"]: r for r in tables["reports"]}
    by_id = {r["report_id"]: r for r in tables["reports"]}
    copies = {r["source_file"]: by_id[r["duplicate_of"]]["source_file"] for r in tables["reports"] if r["duplicate_of"]}
    assert copies == {"samples/final_eco_mangystau_scan.pdf": "samples/final_eco_mangystau.docx"}
    assert [(f["report_id"], f["code"]) for f in tables["findings"] if f["location"] == "dataset"] == [
        (by_name["samples/final_eco_mangystau_scan.pdf"]["report_id"], "same_report")]
    counts = {s: sum(e["status"] == s for e in exp.values()) for s in ("ok", "failed", "duplicate")}
    assert f"ok {counts['ok']}, failed {counts['failed']}, duplicate {counts['duplicate']}, skipped 0" in res.stdout
    # hostile names stay on one printable line in the log
    assert "\x1b" not in res.stderr
    assert "ignored a.fifo.docx: not a regular file" in res.stderr
    assert "ignored outside-link.docx: symbolic link" in res.stderr
    for line in res.stderr.splitlines():
        assert line.startswith("esep: "), line


def test_rerun_changes_nothing_then_picks_up_added_and_modified(mixed):
    root, files, exp, ds = mixed
    first = esep("ingest", root, "--out", ds)
    before = read_tables(ds)
    version_before = os.readlink(ds / "current")

    again = esep("ingest", root, "--out", ds)
    assert again.returncode == first.returncode
    after = read_tables(ds)
    for t in DATA_TABLES:
        assert after[t] == before[t], t
    assert os.readlink(ds / "current") != version_before  # a new version, same rows
    old, new = files_by_name(before), files_by_name(after)
    assert set(old) == set(new)
    for name, row in new.items():
        want = {"ok": "skipped"}.get(old[name]["status"], old[name]["status"])
        assert row["status"] == want, name
        assert row["report_id"] == old[name]["report_id"]
    assert "reading 0 files" in again.stderr

    # add one file, change another
    make_docx(root / "nested" / "added.docx", 50)
    b = root / "nested" / "deeper" / "b_report.docx"
    old_b = old["nested/deeper/b_report.docx"]["report_id"]
    make_docx(b, 51, rows=2)
    third = esep("ingest", root, "--out", ds)
    assert "reading 2 files" in third.stderr
    now = read_tables(ds)
    logged = files_by_name(now)
    assert logged["nested/added.docx"]["status"] in ("ok", "failed")
    new_b = logged["nested/deeper/b_report.docx"]
    assert new_b["report_id"] != old_b
    for t in DATA_TABLES:
        assert not [r for r in now[t] if r["report_id"] == old_b], t  # the old version's rows are gone
    fresh = expected({"nested/deeper/b_report.docx": b, "nested/added.docx": root / "nested" / "added.docx"})
    for name, e in fresh.items():
        assert logged[name]["status"] == e["status"]
        if e["status"] == "ok":
            for t in DATA_TABLES:
                got = [r for r in now[t] if r["report_id"] == e["report_id"]]
                assert strip_time(got) == strip_time(e["tables"][t])
    untouched = {r["report_id"] for r in before["reports"]} - {old_b}
    for t in DATA_TABLES:
        kept = [r for r in now[t] if r["report_id"] in untouched]
        assert kept == [r for r in before[t] if r["report_id"] in untouched], t


def test_removed_renamed_and_pruned(tmp_path):
    root, ds = tmp_path / "root", tmp_path / "ds"
    root.mkdir()
    for i in range(3):
        make_docx(root / f"r{i}.docx", 100 + i)
    assert esep("ingest", root, "--out", ds).returncode == 0
    first = read_tables(ds)
    ids = {r["source_file"]: r["report_id"] for r in first["reports"]}
    if len(ids) < 3:
        pytest.skip("these DOCX do not read yet")

    (root / "r0.docx").unlink()                      # removed: rows kept
    (root / "r1.docx").rename(root / "r1-renamed.docx")  # renamed: rows kept, name follows
    assert esep("ingest", root, "--out", ds).returncode == 0
    t = read_tables(ds)
    names = {r["report_id"]: r["source_file"] for r in t["reports"]}
    assert names == {ids["r0.docx"]: "r0.docx", ids["r1.docx"]: "r1-renamed.docx", ids["r2.docx"]: "r2.docx"}
    logged = files_by_name(t)
    assert logged["r1-renamed.docx"]["status"] == "skipped"
    assert logged["r0.docx"]["status"] == "ok"  # its last known state stays on record

    assert esep("ingest", root, "--out", ds, "--prune").returncode == 0
    t = read_tables(ds)
    assert {r["report_id"] for r in t["reports"]} == {ids["r1.docx"], ids["r2.docx"]}
    assert set(files_by_name(t)) == {"r1-renamed.docx", "r2.docx"}


def test_excel_csv_neutralises_formula_cells(tmp_path):
    root, ds = tmp_path / "root", tmp_path / "ds"
    root.mkdir()
    names = ["=HYPERLINK(1).docx", "+7 701 555 44 33.docx", "@SUM.docx", "-1.docx", "Отчёт.docx"]
    for i, name in enumerate(names):
        make_docx(root / name, 200 + i)
    res = esep("ingest", root, "--out", ds, "--excel")
    assert res.returncode in (0, 1), res.stderr
    raw = (ds / "files.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    cells = [line.split(";")[0].strip('"') for line in text.splitlines()[1:]]
    assert sorted(cells) == sorted(("'" + n if n[0] in "=+-@" else n) for n in names)
    # Parquet keeps the names exactly
    assert sorted(r["source_file"] for r in read_tables(ds)["files"]) == sorted(names)
    # the plain CSV of another run is not neutralised
    ds2 = tmp_path / "ds2"
    esep("ingest", root, "--out", ds2, "--csv")
    plain = (ds2 / "files.csv").read_text("utf-8")
    assert not plain.startswith("\ufeff") and '"=HYPERLINK(1).docx"' in plain


def test_bad_usage_exits_2(tmp_path):
    (tmp_path / "root").mkdir()
    assert esep("ingest", tmp_path / "root").returncode == 2                       # no --out
    assert esep("ingest", tmp_path / "absent", "--out", tmp_path / "ds").returncode == 2
    assert esep("ingest", tmp_path / "root", "--out", tmp_path / "ds", "--max-memory", "lots").returncode == 2
    assert esep("ingest", tmp_path / "root", "--out", tmp_path / "ds", "--jobs", "0").returncode == 2
    foreign = tmp_path / "someone-elses"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    res = esep("ingest", tmp_path / "root", "--out", foreign)  # an unusable --out: one line, status 1
    assert res.returncode == 1 and "not an esep dataset" in res.stderr and len(res.stderr.splitlines()) == 1
    assert (foreign / "keep.txt").read_text() == "mine"


def test_empty_root_gives_empty_tables(tmp_path):
    (tmp_path / "root").mkdir()
    res = esep("ingest", tmp_path / "root", "--out", tmp_path / "ds")
    assert res.returncode == 0, res.stderr
    for t in [*DATA_TABLES, "files"]:
        assert pq.read_table(tmp_path / "ds" / f"{t}.parquet").num_rows == 0


# ------------------------------------------------------------------ killed mid-way

def slow_read_report(path: str, source_file: str, sha256: str, **kwargs):
    """The real worker, slowed down so that a run lasts long enough to kill."""
    from esep.batch.work import read_report

    time.sleep(0.15)
    return read_report(path, source_file, sha256, **kwargs)


SLOW_ESEP = (
    "import sys, esep.batch.run as run, tests.batch.test_ingest as t; "
    "run.DEFAULT_WORK = t.slow_read_report; "
    "from esep.cli import main; main(sys.argv[1:], prog_name='esep')"
)


def test_killed_run_leaves_the_old_dataset_and_the_next_run_completes(tmp_path):
    import pandas as pd

    root, ds = tmp_path / "root", tmp_path / "ds"
    root.mkdir()
    for i in range(3):
        make_docx(root / f"old{i}.docx", 300 + i)
    assert esep("ingest", root, "--out", ds).returncode == 0
    snapshot = read_tables(ds)
    version = os.readlink(ds / "current")

    for i in range(60):
        make_docx(root / f"new{i:02d}.docx", 400 + i, rows=1 + i % 5)
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_ESEP, "ingest", str(root), "--out", str(ds), "--jobs", "1", "--no-progress"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        progress = re.compile(r"^esep: (\d+)/60 files read")  # the 3 old files are not read again
        while True:
            line = proc.stderr.readline()
            assert line, f"ended before any progress: {proc.wait()}"
            m = progress.match(line)
            if m and int(m.group(1)) >= 3:
                break
        assert proc.poll() is None, "finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    # the previous dataset: untouched and readable
    assert os.readlink(ds / "current") == version
    assert read_tables(ds) == snapshot
    assert len(pd.read_parquet(ds / "reports.parquet")) == len(snapshot["reports"])
    assert len(pd.read_parquet(ds / "files.parquet")) == 3

    # the next run finishes the work, reusing what the killed run had read
    spooled = len(list((ds / ".spool").glob("*.json")))
    assert spooled >= 3
    res = esep("ingest", root, "--out", ds)
    assert res.returncode == 0, res.stderr
    after = read_tables(ds)
    logged = files_by_name(after)
    assert len(logged) == 63
    assert {r["status"] for n, r in logged.items() if n.startswith("new")} == {"ok"}
    assert {r["status"] for n, r in logged.items() if n.startswith("old")} == {"skipped"}
    assert len(after["reports"]) == 63
    assert not list((ds / "versions").glob(".tmp-*"))
    assert not list((ds / ".spool").iterdir())


def test_dataset_inside_the_root_is_left_out(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    make_docx(root / "r.docx", 900)
    for _ in range(2):
        res = esep("ingest", root, "--out", root / "dataset")
        assert res.returncode == 0, res.stderr
    assert set(files_by_name(read_tables(root / "dataset"))) == {"r.docx"}


def test_a_file_over_the_time_limit_is_logged_and_the_batch_goes_on(tmp_path):
    root, ds = tmp_path / "root", tmp_path / "ds"
    root.mkdir()
    for i in range(3):
        make_docx(root / f"r{i}.docx", 950 + i)
    res = subprocess.run(
        [sys.executable, "-c", SLOW_ESEP, "ingest", str(root), "--out", str(ds), "--timeout", "0.05", "--jobs", "2"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert res.returncode == 1, res.stderr
    rows = read_tables(ds)["files"]
    assert [(r["status"], r["error"]) for r in rows] == [("failed", "time limit 0.05 s exceeded")] * 3
    assert "failed r0.docx: time limit 0.05 s exceeded" in res.stderr
