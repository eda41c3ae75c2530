"""esep watch in pieces: names, no-overwrite moves, settling, and the
states a SIGKILL can leave between two steps (rebuilt by hand, then one
``esep watch --once`` must finish the work without a second ingest)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess

import pytest

from tests.watcher.test_watch import (BASE_CMD, FAST, STAGING, Watch, files_by_name, landed, once, read_tables, report_docx,
                               report_ids, sha, staged)
from tests.conftest import REPO
from esep.watcher import moves
from esep.watcher.inbox import Inbox
from esep.watcher.moves import move_unique, rename_noreplace
from esep.watcher.names import ignored_name, ignored_rel, numbered


def test_names():
    assert numbered("r.docx", 0) == "r.docx"
    assert numbered("r.docx", 1) == "r (1).docx"
    assert numbered("r (1).docx", 1) == "r (1) (1).docx"
    assert numbered("README", 2) == "README (2)"
    long = "а" * 125 + ".docx"  # 255 bytes
    for n, reserve in ((1, 0), (12, 0), (1, len(".error.txt"))):
        out = numbered(long, n, reserve)
        assert len(out.encode()) + reserve <= 255 and out.endswith(f" ({n}).docx")
    assert numbered(long, 0, len(".error.txt")).endswith(".docx")
    assert len(numbered(long, 0, 10).encode()) <= 245
    for name in ("~$r.docx", ".~lock.r.docx#", "r.docx.part", "a.crdownload", "x.TMP", ".hidden", "Thumbs.db"):
        assert ignored_name(name), name
    for name in ("r.docx", "отчёт.pdf", "tmp.docx", "part 1.docx"):
        assert ignored_name(name) is None, name
    assert ignored_rel(os.path.join(".git", "r.docx"))


def test_rename_noreplace_never_overwrites(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("a")
    b.write_text("b")
    with pytest.raises(FileExistsError):
        rename_noreplace(str(a), str(b))
    assert a.read_text() == "a" and b.read_text() == "b"
    # without renameat2: link + unlink, still no overwrite
    monkeypatch.setattr(moves, "_libc_renameat2", lambda: None)
    with pytest.raises(FileExistsError):
        rename_noreplace(str(a), str(b))
    rename_noreplace(str(a), str(tmp_path / "c"))
    assert not a.exists() and (tmp_path / "c").read_text() == "a"


def test_move_unique_numbers_clashes_and_finishes_a_half_done_move(tmp_path):
    dest = tmp_path / "dest"
    (dest / "sub").mkdir(parents=True)
    (dest / "sub" / "r.docx").write_text("theirs")
    src = tmp_path / "r.docx"
    src.write_text("mine")
    out = move_unique(str(src), str(dest), os.path.join("sub", "r.docx"))
    assert out == str(dest / "sub" / "r (1).docx") and not src.exists()
    assert (dest / "sub" / "r.docx").read_text() == "theirs"
    # killed between link and unlink: the same file under both names
    src.write_text("again")
    os.link(src, dest / "r.docx")
    assert move_unique(str(src), str(dest), "r.docx") == str(dest / "r.docx")
    assert not src.exists() and (dest / "r.docx").read_text() == "again"
    assert sorted(p.name for p in dest.iterdir()) == ["r.docx", "sub"]
    # a note that must be free too
    src.write_text("bad")
    (dest / "bad.pdf.error.txt").write_text("old note")
    out = move_unique(str(src), str(dest), "bad.pdf", reserve=".error.txt",
                      before=lambda d: moves.write_new(d + ".error.txt", "why"))
    assert out == str(dest / "bad (1).pdf")
    assert (dest / "bad (1).pdf.error.txt").read_text() == "why"
    assert (dest / "bad.pdf.error.txt").read_text() == "old note"


def test_move_across_file_systems_copies_then_unlinks(tmp_path, monkeypatch):
    real = moves.rename_noreplace

    def no_cross(src, dst):
        if not os.path.basename(src).startswith(moves.COPY_PREFIX):
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        return real(src, dst)

    monkeypatch.setattr(moves, "rename_noreplace", no_cross)
    src = tmp_path / "r.docx"
    src.write_bytes(b"x" * 5000)
    mtime = src.stat().st_mtime_ns
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "r.docx").write_text("theirs")
    out = move_unique(str(src), str(tmp_path / "d"), "r.docx")
    assert out.endswith("r (1).docx") and not src.exists()
    assert open(out, "rb").read() == b"x" * 5000 and os.stat(out).st_mtime_ns == mtime
    assert not [p for p in (tmp_path / "d").iterdir() if p.name.startswith(".")]


def test_a_file_settles_only_when_unchanged(tmp_path):
    f = tmp_path / "r.docx"
    f.write_bytes(b"a")
    seen = []
    box = Inbox(str(tmp_path), settle=1.0, on_seen=seen.append)
    box.scan(now=0.0)
    assert seen == ["r.docx"] and box.ready(0.5) == []
    with open(f, "ab") as fp:
        fp.write(b"b")
    box.refresh(0.9)  # changed: the settle starts again
    assert box.ready(1.5) == [] and box.settling_within(1.5, 0.5)
    assert box.ready(2.0) == [str(f)]
    os.chmod(f, 0)
    if os.access(f, os.R_OK):  # root reads anything: nothing more to see here
        return
    told = []
    assert box.ready(2.1, on_blocked=lambda rel, why: told.append(why)) == []
    assert told and "cannot open" in told[0]


# ------------------------------------------- states a SIGKILL can leave

def _stage(ds, name: str, n: int):
    path = ds / STAGING / name
    return report_docx(path, n)


def test_killed_after_commit_before_the_moves(tmp_path):
    inbox, ds = tmp_path / "inbox", tmp_path / "ds"
    inbox.mkdir()
    assert once(inbox, ds, "--once").returncode == 0  # creates the dataset
    a = _stage(ds, "a.docx", 1).read_bytes()
    b = _stage(ds, "sub/b.docx", 2).read_bytes()
    # the run that was killed had committed these two
    res = subprocess.run([*BASE_CMD, "ingest", str(ds / STAGING), "--out", str(ds), "--retry-failed"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    version = os.readlink(ds / "current")
    res = once(inbox, ds, "--once", "--settle", "0.1")
    assert res.returncode == 0, res.stderr
    assert os.readlink(ds / "current") == version  # moved out without another ingest
    day = tmp_path / "processed" / dt.date.today().isoformat()
    assert (day / "a.docx").read_bytes() == a and (day / "sub" / "b.docx").read_bytes() == b
    assert not [p for p in (ds / STAGING).rglob("*") if p.is_file()]
    rows = files_by_name(read_tables(ds))
    assert {n: r["status"] for n, r in rows.items()} == {"a.docx": "ok", "sub/b.docx": "ok"}
    assert sorted(report_ids(ds)) == sorted([sha(a)[:16], sha(b)[:16]])


def test_killed_while_staged_or_mid_copy(tmp_path):
    inbox, ds = tmp_path / "inbox", tmp_path / "ds"
    inbox.mkdir()
    assert once(inbox, ds, "--once").returncode == 0
    a = _stage(ds, "a.docx", 3).read_bytes()                        # staged, never ingested
    (ds / STAGING / ".esep-copy-1-2").write_bytes(b"half a copy")  # a cross-device copy cut short
    day = tmp_path / "processed" / dt.date.today().isoformat()
    day.mkdir(parents=True)
    b = _stage(ds, "b.docx", 4)
    os.link(b, day / "b.docx")  # ingested, then killed between link and unlink
    res = once(inbox, ds, "--once", "--settle", "0.1")
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in day.iterdir()) == ["a.docx", "b.docx"]
    assert (day / "a.docx").read_bytes() == a
    assert not list((ds / STAGING).iterdir())
    assert len(report_ids(ds)) == 2


def test_bad_usage_exits_2(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert once(inbox, tmp_path / "ds", "--once", "--settle", "-1").returncode == 2
    assert subprocess.run([*BASE_CMD, "watch", str(inbox)], cwd=REPO, capture_output=True).returncode == 2
    res = once(tmp_path / "not-mounted", tmp_path / "ds", "--once")
    assert res.returncode == 1 and "is not a folder (not mounted yet?)" in res.stderr
    res = once(inbox, inbox.parent, "--once")                           # the inbox inside the dataset
    assert res.returncode == 2 and "INBOX must not be DATASET or inside it" in res.stderr
    res = once(inbox, tmp_path / "ds", "--once", "--processed", inbox)
    assert res.returncode == 2 and "--processed must not be INBOX" in res.stderr
    foreign = tmp_path / "someone-elses"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    res = once(inbox, foreign, "--once")  # an unusable --out: one line, status 1
    assert res.returncode == 1 and "not an esep dataset" in res.stderr and len(res.stderr.splitlines()) == 1
    assert sorted(p.name for p in foreign.iterdir()) == ["keep.txt"]


def test_processed_and_failed_inside_the_inbox_are_never_taken_again(tmp_path):
    inbox, ds = tmp_path / "inbox", tmp_path / "ds"
    done, bad = inbox / "done", inbox / "bad"
    inbox.mkdir()
    report_docx(inbox / "a.docx", 1)
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    with Watch(tmp_path, inbox, ds, *FAST, "--processed", done, "--failed", bad) as w:
        w.wait(lambda: len(landed(done, bad)) == 2, what="the first two")
        report_docx(inbox / "b.docx", 2)  # many rescans pass over done/ and bad/ meanwhile
        w.wait(lambda: len(landed(done, bad)) == 3, what="the third")
        assert w.stop() == 0
    assert sorted(e["file"] for e in w.events("seen")) == ["a.docx", "b.docx", "broken.pdf"]
    assert set(files_by_name(read_tables(ds))) == {"a.docx", "b.docx", "broken.pdf"}
    assert len(list(bad.rglob("*.error.txt"))) == 1


def test_a_failing_ingest_run_is_retried_then_the_watcher_exits_1(tmp_path):
    """An ingest run that raises (here EOFError, as when the parsers' fork
    server is gone) is tried again (after 0.2 s in this test); after three
    in a row the watcher exits 1 and the file waits in staging."""
    tmp, inbox, ds, processed = tmp_path, tmp_path / "inbox", tmp_path / "ds", tmp_path / "processed"
    inbox.mkdir()
    report_docx(inbox / "r.docx", 97)
    with Watch(tmp, inbox, ds, *FAST, slow=0, fail_runs=1) as w:  # one transient failure: retried
        w.wait(lambda: landed(processed), timeout=60, what="the file after a retry")
        assert w.stop() == 0
    assert [e["error"] for e in w.events("error")] == ["ingest run failed: EOFError: fork server gone"]
    report_docx(inbox / "s.docx", 98)
    with Watch(tmp, inbox, ds, *FAST, slow=0, fail_runs=5) as w:  # lasting: exit 1, the file stays staged
        assert w.proc.wait(timeout=60) == 1
    assert [f.name for f in staged(ds)] == ["s.docx"] and len(w.events("error")) == 3
    res = once(inbox, ds, "--once", "--settle", "0.1")
    assert res.returncode == 0 and len(landed(processed)) == 2
