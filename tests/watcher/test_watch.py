"""esep watch end to end: the real watcher in a subprocess.

Expected rows come from ``pipeline.process_file`` (through
tests.batch.test_ingest.expected), as for ``esep ingest``.  Nothing here
synchronises with fixed sleeps: every wait polls a condition (the JSON
log, the folders, the dataset) against a deadline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import REPO, SAMPLES
from tests.docx_factory import interim_report, p, write_docx
from tests.batch.test_ingest import DATA_TABLES, expected, files_by_name, read_tables, strip_time

ESEP = Path(sys.executable).with_name("esep")
BASE_CMD = [str(ESEP)] if ESEP.exists() else [sys.executable, "-m", "esep.cli"]
SLOW_CMD = [sys.executable, "-c",
            "import sys, esep.batch.run as run, esep.watcher.staging as staging, tests.watcher.test_watch as t; "
            "run.DEFAULT_WORK = t.slow_read_report; "
            "staging.move_unique = t.slow_move(staging.move_unique); "
            "import esep.watcher.loop as loop; loop.ingest = t.flaky(loop.ingest); "
            "loop.S.INGEST_RETRY_S = 0.2; "
            "from esep.cli import main; main(sys.argv[1:], prog_name='esep')"]
FAST = ["--settle", "0.3", "--poll", "0.1"]
STAGING = Path(".watch") / "staging"
IGNORED = {"~$r1.docx": b"owner", ".~lock.r1.docx#": b"lock", "r9.docx.part": b"part", "dl.crdownload": b"dl",
           "x.tmp": b"tmp", ".hidden.docx": b"hidden", "Thumbs.db": b"thumbs"}


def slow_read_report(path: str, source_file: str, sha256: str, **kwargs):
    """The real worker, slowed down (ESEP_TEST_SLOW seconds) so that an
    ingest run lasts long enough to be interrupted."""
    from esep.batch.work import read_report

    time.sleep(float(os.environ.get("ESEP_TEST_SLOW", "0.2")))
    return read_report(path, source_file, sha256, **kwargs)


def slow_move(move):
    """Moves in and out of staging, slowed down (ESEP_TEST_SLOW_MOVE seconds
    each) so that a kill can land between two of them."""
    def slowed(*args, **kw):
        time.sleep(float(os.environ.get("ESEP_TEST_SLOW_MOVE", "0")))
        return move(*args, **kw)
    return slowed


def flaky(ingest):
    """batch.run.ingest, raising EOFError (as when the parsers' fork server
    is gone) the first ESEP_TEST_FAIL_RUNS times."""
    failures = [int(os.environ.get("ESEP_TEST_FAIL_RUNS", "0"))]

    def run(*args, **kw):
        if failures[0] > 0:
            failures[0] -= 1
            raise EOFError("fork server gone")
        return ingest(*args, **kw)
    return run


# ------------------------------------------------------------------ inputs

def report_docx(path: Path, n: int, rows: int = 2) -> Path:
    """A small interim report, different for each n (docx_factory)."""
    return interim_report(path, n, rows)


def plain_docx(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_docx(path, p(text))


def sha(path: Path | bytes) -> str:
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    return hashlib.sha256(data).hexdigest()


def drop(src: Path, inbox: Path) -> None:
    """Move every file under ``src`` into ``inbox`` (renames: each appears whole)."""
    for f in sorted(x for x in src.rglob("*") if x.is_file()):
        dest = inbox / f.relative_to(src)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.rename(f, dest)


def landed(*folders: Path) -> list[Path]:
    """Files in processed/ and failed/ (without the error notes)."""
    out = []
    for folder in folders:
        if folder.exists():
            out += [f for f in folder.rglob("*") if f.is_file() and not f.name.endswith(".error.txt")]
    return sorted(out)


def wait_until(pred, timeout: float = 30, what: str = "condition", proc: "Watch | None" = None):
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if proc is not None and proc.proc.poll() is not None:
            raise AssertionError(f"watcher exited ({proc.proc.returncode}) waiting for {what}:\n{proc.stderr()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}" + (f":\n{proc.stderr()}" if proc else ""))
        time.sleep(0.05)


class Watch:
    """``esep watch`` running in a subprocess; its JSON log and stderr in files."""

    count = 0

    def __init__(self, tmp: Path, inbox: Path, ds: Path, *args, slow: float | None = None, slow_move: float = 0,
                 fail_runs: int = 0):
        Watch.count += 1
        self.log = tmp / f"watch{Watch.count}.jsonl"
        self.err_path = tmp / f"watch{Watch.count}.err"
        env = dict(os.environ)
        cmd = BASE_CMD
        if slow is not None:
            cmd, env["ESEP_TEST_SLOW"], env["ESEP_TEST_SLOW_MOVE"] = SLOW_CMD, str(slow), str(slow_move)
            env["ESEP_TEST_FAIL_RUNS"] = str(fail_runs)
        self._err = open(self.err_path, "w")
        self.proc = subprocess.Popen([*cmd, "watch", str(inbox), "--out", str(ds), "--log", str(self.log),
                                      *map(str, args)],
                                     cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=self._err)

    def events(self, kind: str | None = None) -> list[dict]:
        try:
            lines = self.log.read_text("utf-8").splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                e = json.loads(line)
            except ValueError:
                continue  # a line being written
            if kind is None or e["event"] == kind:
                out.append(e)
        return out

    def stderr(self) -> str:
        return self.err_path.read_text("utf-8", errors="backslashreplace")

    def wait(self, pred, timeout: float = 30, what: str = "condition"):
        return wait_until(pred, timeout, what, self)

    def stop(self, sig=signal.SIGTERM, timeout: float = 30) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._err.close()

    def __enter__(self) -> "Watch":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def once(inbox: Path, ds: Path, *args, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*BASE_CMD, "watch", str(inbox), "--out", str(ds), *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, errors="backslashreplace", timeout=timeout)


@pytest.fixture
def box(tmp_path):
    """(tmp, inbox, dataset, processed, failed) with the default layout."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return tmp_path, inbox, tmp_path / "dataset", tmp_path / "processed", tmp_path / "failed"


def staged(ds: Path) -> list[Path]:
    return [f for f in (ds / STAGING).rglob("*") if f.is_file()] if (ds / STAGING).exists() else []


def report_ids(ds: Path) -> list[str]:
    return pq.read_table(ds / "reports.parquet", columns=["report_id"]).column(0).to_pylist()


# ------------------------------------------------------------------ tests

def test_files_dropped_at_once_are_ingested_once_each(box):
    """Events (no --poll): a backlog, then a burst of files dropped at once,
    nested folders included; rows equal process_file's; office lock and
    temporary files stay in the inbox untouched."""
    tmp, inbox, ds, processed, failed = box
    src = tmp / "src"
    report_docx(src / "backlog 1.docx", 1)
    report_docx(src / "nested" / "backlog 2.docx", 2)
    drop(src, inbox)  # there before the watcher starts
    for name, data in IGNORED.items():
        (inbox / name).write_bytes(data)
    report_docx(src / "r3.docx", 3, rows=4)
    report_docx(src / "nested" / "deeper" / "отчёт №4.docx", 4)
    plain_docx(src / "shopping list.docx", "milk, bread")
    for sample in sorted(SAMPLES.glob("*.docx")):
        shutil.copyfile(sample, src / "samples" / sample.name) if (src / "samples").exists() else (
            (src / "samples").mkdir(), shutil.copyfile(sample, src / "samples" / sample.name))
    burst = {str(f.relative_to(src)): f for f in src.rglob("*") if f.is_file()}
    everything = {**burst, "backlog 1.docx": inbox / "backlog 1.docx",
                  "nested/backlog 2.docx": inbox / "nested" / "backlog 2.docx"}
    exp = expected(everything)

    with Watch(tmp, inbox, ds, "--settle", "0.3") as w:
        w.wait(lambda: len(landed(processed, failed)) == 2, what="the backlog")
        drop(src, inbox)
        w.wait(lambda: len(landed(processed, failed)) == len(everything), what="the burst")
        assert w.stop() == 0, w.stderr()

    tables = read_tables(ds)
    logged = files_by_name(tables)
    assert set(logged) == set(exp)
    for name, e in exp.items():
        assert logged[name]["status"] == e["status"], name
        assert logged[name]["source_sha256"] == e["sha"]
    ok = {n: e for n, e in exp.items() if e["status"] == "ok"}
    assert sorted(report_ids(ds)) == sorted(e["report_id"] for e in ok.values())
    for name, e in ok.items():
        for t in DATA_TABLES:
            got = [r for r in tables[t] if r["report_id"] == e["report_id"]]
            assert strip_time(got) == strip_time(e["tables"][t]), (name, t)
    # every file moved out under its date and relative path, bytes intact
    day = dt.date.today().isoformat()
    for name, e in exp.items():
        where = processed if e["status"] != "failed" else failed
        dest = where / day / name
        assert sha(dest) == e["sha"], name
    # the inbox holds exactly the ignored files, untouched
    left = {str(f.relative_to(inbox)): f.read_bytes() for f in inbox.rglob("*") if f.is_file()}
    assert left == IGNORED
    assert not staged(ds)
    # one JSON line per event; every file seen, ingested, moved
    events = w.events()
    assert events[0]["event"] == "started" and events[-1]["event"] == "stopped"
    for name in exp:
        kinds = [e["event"] for e in events if e["file"] == name]
        assert kinds.count("seen") == 1 and kinds.count("moved") == 1, (name, kinds)
        assert kinds.count("ingested") + kinds.count("failed") == 1, (name, kinds)
    for e in events:
        assert {"time", "event", "file", "status", "error", "dest"} <= set(e)
    assert "ok r3.docx -> processed/" in w.stderr()


def test_file_written_slowly_is_taken_only_when_complete(box):
    tmp, inbox, ds, processed, failed = box
    whole = report_docx(tmp / "whole.docx", 7, rows=40).read_bytes()
    with Watch(tmp, inbox, ds, "--settle", "1.5", "--poll", "0.1") as w:
        w.wait(lambda: w.events("started"), what="start")
        target = inbox / "slow.docx"
        step = len(whole) // 12 + 1
        with open(target, "wb") as fp:
            for i in range(0, len(whole), step):
                fp.write(whole[i:i + step])
                fp.flush()
                time.sleep(0.12)  # a slow writer: pauses well under --settle
        w.wait(lambda: landed(processed, failed), what="the slow file")
        assert w.stop() == 0
    [dest] = landed(processed, failed)
    assert dest.parent.parent == processed and dest.read_bytes() == whole
    rows = read_tables(ds)["files"]
    assert [(r["source_file"], r["status"], r["source_sha256"]) for r in rows] == [("slow.docx", "ok", sha(whole))]
    assert len(w.events("ingested")) == 1


def test_files_copied_in_while_the_watcher_is_busy(box):
    tmp, inbox, ds, processed, failed = box
    first, second = tmp / "first", tmp / "second"
    for i in range(3):
        report_docx(first / f"a{i}.docx", 10 + i)
        report_docx(second / f"b{i}.docx", 20 + i)
    with Watch(tmp, inbox, ds, *FAST, "--jobs", "1", slow=0.6) as w:
        drop(first, inbox)
        w.wait(lambda: staged(ds) and list((ds / ".spool").glob("*.json")), what="ingestion under way")
        for f in sorted(second.iterdir()):  # copied (not renamed) while the first batch is read
            shutil.copyfile(f, inbox / f.name)
        assert not w.events("committed"), "the first batch was already done: not a busy watcher"
        w.wait(lambda: len(landed(processed)) == 6, timeout=60, what="both batches")
        assert w.stop() == 0
    rows = files_by_name(read_tables(ds))
    assert sorted(rows) == sorted([f"a{i}.docx" for i in range(3)] + [f"b{i}.docx" for i in range(3)])
    assert {r["status"] for r in rows.values()} == {"ok"}
    assert len(report_ids(ds)) == len(set(report_ids(ds))) == 6
    assert len(w.events("committed")) >= 2


def test_sigkill_at_any_moment_then_restart_loses_and_duplicates_nothing(box):
    """SIGKILL while a batch is read, while files move out after the commit,
    while files move into staging, and at a random moment; then one last
    start: every report exactly once, every input in processed/ or failed/
    exactly once, nothing left in the inbox or in staging."""
    tmp, inbox, ds, processed, failed = box
    wave1, wave2 = tmp / "wave1", tmp / "wave2"
    for i in range(9):
        report_docx(wave1 / f"d{i % 3}" / f"r{i:02d}.docx", 100 + i, rows=1 + i % 4)
    (wave1 / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(random.Random(5).randrange(256) for _ in range(3000)))
    for i in range(5):
        report_docx(wave2 / f"s{i}.docx", 200 + i)
    shutil.copyfile(wave1 / "d0" / "r00.docx", wave2 / "copy of r00.docx")  # same bytes, other name
    inputs = {str(f.relative_to(w)): f for w in (wave1, wave2) for f in w.rglob("*") if f.is_file()}
    shas = {n: sha(f) for n, f in inputs.items()}
    exp = expected(inputs)

    def watch(slow=0.05, **kw) -> Watch:
        return Watch(tmp, inbox, ds, *FAST, "--jobs", "1", slow=slow, **kw)

    def inbox_files():
        return [f for f in inbox.rglob("*") if f.is_file()]

    drop(wave1, inbox)
    # 1. while the batch is read: results spooled, nothing committed (3 s of reading)
    with watch(slow=0.3) as w:
        w.wait(lambda: len(list((ds / ".spool").glob("*.json"))) >= 3, what="a part of the batch read")
        w.stop(signal.SIGKILL)
    assert staged(ds) and not landed(processed, failed)
    # 2. after the commit, between two moves out of staging (windows of 0.2 s per move; on a
    # machine so loaded that the test misses them, the kill lands later: still a valid kill)
    with watch(slow_move=0.2) as w:
        w.wait(lambda: len(w.events("moved")) >= 3 or not staged(ds), timeout=60, what="some files moved out")
        w.stop(signal.SIGKILL)
    # 3. between two moves from the inbox into staging
    drop(wave2, inbox)
    with watch(slow_move=0.25) as w:
        w.wait(lambda: ([f for f in staged(ds) if f.name.startswith("s")] and inbox_files()) or not inbox_files(),
               timeout=60, what="the second wave half staged")
        w.stop(signal.SIGKILL)
    # 4. at a random moment
    rnd = random.Random(11)
    with watch(slow_move=0.02) as w:
        w.wait(lambda: w.events("started"), what="start")
        time.sleep(rnd.uniform(0.0, 1.5))  # the moment of the kill, not a synchronisation
        w.stop(signal.SIGKILL)
    # the last start finishes the work
    with Watch(tmp, inbox, ds, *FAST) as w:
        w.wait(lambda: len(landed(processed, failed)) >= len(inputs) and not staged(ds), timeout=60,
               what="every input moved out")
        assert w.stop() == 0

    assert not [f for f in inbox.rglob("*") if f.is_file()]
    assert not staged(ds)
    # every input is in processed/ or failed/ exactly once, bytes intact
    assert sorted(sha(f) for f in landed(processed, failed)) == sorted(shas.values())
    # every report exactly once in the dataset, with all its rows once
    want = sorted({e["report_id"] for e in exp.values() if e["status"] in ("ok", "duplicate")})
    assert sorted(report_ids(ds)) == want
    tables = read_tables(ds)
    for t in DATA_TABLES:
        ids = [r["report_id"] for r in tables[t]]
        for name, e in exp.items():
            if e["status"] == "ok":
                assert ids.count(e["report_id"]) == len(e["tables"][t]), (name, t)
    logged = files_by_name(tables)
    assert set(logged) == set(inputs)
    assert logged["corrupt.pdf"]["status"] == "failed"
    assert logged["copy of r00.docx"]["status"] in ("duplicate", "skipped")
    assert (failed / dt.date.today().isoformat() / "corrupt.pdf.error.txt").exists()


def test_corrupt_file_goes_to_failed_with_its_reason(box):
    tmp, inbox, ds, processed, failed = box
    good = report_docx(inbox / "good.docx", 30)
    (inbox / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (inbox / "sub").mkdir()
    (inbox / "sub" / "truncated.docx").write_bytes(good.read_bytes()[:700])
    res = once(inbox, ds, "--once", "--settle", "0.2")
    assert res.returncode == 1, res.stderr  # --once: some file failed
    rows = files_by_name(read_tables(ds))
    day = failed / dt.date.today().isoformat()
    for rel in ("corrupt.pdf", "sub/truncated.docx"):
        assert rows[rel]["status"] == "failed"
        note = (day / (rel + ".error.txt")).read_text("utf-8")
        assert note.splitlines()[0] == rows[rel]["error"]
        assert "\n" not in rows[rel]["error"]
        assert (day / rel).exists()
        assert f"failed {rel}: {rows[rel]['error']} -> failed/" in res.stderr
    assert rows["good.docx"]["status"] == "ok"
    assert (processed / dt.date.today().isoformat() / "good.docx").exists()
    assert not [f for f in inbox.rglob("*") if f.is_file()]


def test_once_ingests_the_backlog_and_exits_0(box):
    tmp, inbox, ds, processed, failed = box
    for i in range(3):
        report_docx(inbox / f"r{i}.docx", 40 + i)
    for name, data in IGNORED.items():
        (inbox / name).write_bytes(data)
    t0 = time.monotonic()
    res = once(inbox, ds, "--once", "--settle", "0.3", "--csv")
    assert res.returncode == 0, res.stderr
    assert time.monotonic() - t0 < 30
    assert len(report_ids(ds)) == 3 and (ds / "reports.csv").exists()
    assert len(landed(processed)) == 3
    assert {f.name for f in inbox.iterdir()} == set(IGNORED)
    assert "stopped (once): 3 ingested, 0 failed" in res.stderr
    # nothing new: exits at once, dataset unchanged
    version = os.readlink(ds / "current")
    res = once(inbox, ds, "--once", "--settle", "0.3")
    assert res.returncode == 0 and os.readlink(ds / "current") == version


def test_two_watchers_on_one_dataset(box):
    tmp, inbox, ds, processed, failed = box
    other = tmp / "other-inbox"
    other.mkdir()
    with Watch(tmp, inbox, ds, *FAST) as first:
        first.wait(lambda: first.events("started"), what="start")
        second = once(other, ds, "--poll", "0.1", timeout=60)
        assert second.returncode == 2
        assert second.stderr.strip() == f"esep watch: {ds} is already watched by process {first.proc.pid}"
        assert once(inbox, ds, "--once").returncode == 2
        assert first.stop() == 0
    report_docx(inbox / "after.docx", 50)
    res = once(inbox, ds, "--once", "--settle", "0.2")  # the lock went with the first watcher
    assert res.returncode == 0, res.stderr
    assert len(report_ids(ds)) == 1


def test_sigterm_finishes_the_current_batch_then_exits_0(box):
    tmp, inbox, ds, processed, failed = box
    src = tmp / "src"
    for i in range(5):
        report_docx(src / f"t{i}.docx", 60 + i)
    with Watch(tmp, inbox, ds, *FAST, "--jobs", "1", slow=0.5) as w:
        w.wait(lambda: w.events("started"), what="start")
        drop(src, inbox)
        w.wait(lambda: list((ds / ".spool").glob("*.json")), what="ingestion under way")
        assert not landed(processed)
        rc = w.stop(signal.SIGTERM, timeout=60)
    assert rc == 0, w.stderr()
    assert len(landed(processed)) == 5 and not staged(ds)
    assert len(report_ids(ds)) == 5
    assert w.events()[-1]["event"] == "stopped" and w.events()[-1]["reason"] == "SIGTERM"
    assert "stopped (SIGTERM): 5 ingested, 0 failed" in w.stderr()


def test_name_clashes_never_overwrite_nor_replace(box):
    tmp, inbox, ds, processed, failed = box
    day = processed / dt.date.today().isoformat()
    day.mkdir(parents=True)
    (day / "r.docx").write_bytes(b"someone else's file")
    src = tmp / "src"
    first = report_docx(src / "1" / "r.docx", 70).read_bytes()
    second = report_docx(src / "2" / "r.docx", 71).read_bytes()
    with Watch(tmp, inbox, ds, *FAST) as w:
        os.rename(src / "1" / "r.docx", inbox / "r.docx")
        w.wait(lambda: (day / "r (1).docx").exists(), what="the first r.docx")
        assert (day / "r.docx").read_bytes() == b"someone else's file"
        assert (day / "r (1).docx").read_bytes() == first
        # another report under the same name: added beside the first, never replacing it;
        # recorded as "r (1).docx", and in processed/ that name is taken too
        os.rename(src / "2" / "r.docx", inbox / "r.docx")
        w.wait(lambda: (day / "r (1) (1).docx").exists(), what="the second r.docx")
        assert (day / "r (1) (1).docx").read_bytes() == second
        # the same bytes as the first again: not a second report
        (src / "3").mkdir()
        (src / "3" / "r.docx").write_bytes(first)
        os.rename(src / "3" / "r.docx", inbox / "r.docx")
        w.wait(lambda: (day / "r (2).docx").exists(), what="the first r.docx again")
        assert (day / "r (2).docx").read_bytes() == first
        assert w.stop() == 0
    rows = files_by_name(read_tables(ds))
    assert {n: r["source_sha256"] for n, r in rows.items()} == {"r.docx": sha(first), "r (1).docx": sha(second)}
    assert rows["r.docx"]["status"] == "skipped"
    assert sorted(report_ids(ds)) == sorted([sha(first)[:16], sha(second)[:16]])
    assert [e["file"] for e in w.events("renamed")] == ["r.docx"]
    assert not staged(ds)


def test_rows_stay_after_files_leave_staging_and_esep_ingest_mixes_in(box):
    """Files moved out of staging are "vanished" for batch: their rows and
    files rows stay; a hand-run esep ingest on another folder while the
    watcher is idle works and keeps the watcher's rows, and vice versa."""
    tmp, inbox, ds, processed, failed = box
    report_docx(inbox / "w1.docx", 80)
    with Watch(tmp, inbox, ds, *FAST) as w:
        w.wait(lambda: landed(processed), what="w1")
        hand = tmp / "hand"
        report_docx(hand / "h1.docx", 81)
        res = subprocess.run([*BASE_CMD, "ingest", str(hand), "--out", str(ds)], cwd=REPO,
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        report_docx(inbox / "w2.docx", 82)
        w.wait(lambda: len(landed(processed)) == 2, what="w2")
        assert w.stop() == 0
    rows = files_by_name(read_tables(ds))
    assert set(rows) == {"w1.docx", "h1.docx", "w2.docx"}
    assert {r["status"] for r in rows.values()} == {"ok"}
    assert len(report_ids(ds)) == 3


def test_sigterm_to_the_whole_process_group_keeps_files_for_the_next_start(box):
    """As systemd's default KillMode does: the parser processes get SIGTERM
    too.  Files whose parser our stop killed are not "failed": they stay
    staged and are read on the next start."""
    tmp, inbox, ds, processed, failed = box
    src = tmp / "src"
    for i in range(4):
        report_docx(src / f"g{i}.docx", 90 + i)
    env = dict(os.environ, ESEP_TEST_SLOW="1.0")
    log = tmp / "group.jsonl"
    proc = subprocess.Popen([*SLOW_CMD, "watch", str(inbox), "--out", str(ds), "--log", str(log), *FAST,
                             "--jobs", "1"], cwd=REPO, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: log.exists() and '"started"' in log.read_text(), what="start")
        drop(src, inbox)
        wait_until(lambda: len(staged(ds)) == 4, what="all four staged")
        time.sleep(0.3)  # the moment of the stop: most likely while a parser sleeps in its file
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert not landed(failed), "a parser killed by our own stop is not a failed file"
    res = once(inbox, ds, "--once", "--settle", "0.1")
    assert res.returncode == 0, res.stderr
    assert len(landed(processed)) == 4 and not landed(failed) and not staged(ds)
    assert {r["status"] for r in read_tables(ds)["files"]} == {"ok"}
    assert len(report_ids(ds)) == 4


def test_hostile_and_long_names(box):
    tmp, inbox, ds, processed, failed = box
    names = ["new\nline.docx", "esc\x1b[31mred.docx", os.fsdecode(b"bad\xff\xfename.docx"), "а" * 125 + ".docx"]
    for i, name in enumerate(names):
        report_docx(inbox / name, 95 + i)
    long_bad = "б" * 125 + ".pdf"  # 253 bytes: its .error.txt would not fit beside it
    (inbox / long_bad).write_bytes(b"%PDF-1.4\nnot really")
    res = once(inbox, ds, "--once", "--settle", "0.2")
    assert res.returncode == 1, res.stderr
    assert "\x1b" not in res.stderr
    assert "new\\nline.docx" in res.stderr
    assert len(landed(processed)) == 4 and len(landed(failed)) == 1
    [bad] = landed(failed)
    note = bad.parent / (bad.name + ".error.txt")
    assert note.exists() and len(note.name.encode()) <= 255 and bad.name.endswith(".pdf")
    rows = files_by_name(read_tables(ds))
    assert "bad\\xff\\xfename.docx" in rows and "new\nline.docx" in rows

