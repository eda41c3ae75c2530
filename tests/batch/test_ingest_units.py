"""esep ingest's parts in isolation: the plan (pure), the store, the walk."""

from __future__ import annotations

import os
import threading
import time

import pytest

from esep.batch.plan import Candidate, make_plan
from esep.batch.store import Store, StoreError
from esep.batch.walk import walk
from esep.fsutil import hash_file

PV = "1.0"


def cand(name: str, sha: str | None, unchanged: bool = False, error: str | None = None) -> Candidate:
    return Candidate(f"/r/{name}", name, 10, 1, sha256=sha, unchanged=unchanged, error=error)


def prev_row(name: str, sha: str, status: str = "ok", error: str | None = None, pv: str = PV) -> dict:
    return {"source_file": name, "source_sha256": sha, "report_id": sha[:16] if status in ("ok", "skipped", "duplicate") else None,
            "status": status, "error": error, "page_count": 2, "duration_ms": 5, "parser_version": pv,
            "ingested_at": "then", "size": 10, "mtime_ns": 1}


A, B, C = "a" * 64, "b" * 64, "c" * 64


def test_plan_first_run_reads_each_content_once():
    plan = make_plan([cand("x", A), cand("y", A), cand("z", B), cand("bad", None, error="cannot read")], {},
                     parser_version=PV)
    assert [[c.source_file for c in g] for g in plan.read.values()] == [["x", "y"], ["z"]]
    assert [(r["source_file"], r["status"]) for r in plan.rows] == [("bad", "failed")]
    assert not plan.drop


def test_plan_rerun_skips_and_keeps_duplicates():
    prev = {"x": prev_row("x", A), "y": prev_row("y", A, "duplicate")}
    plan = make_plan([cand("x", A, True), cand("y", A, True)], prev, parser_version=PV)
    assert not plan.read and not plan.drop
    assert {r["source_file"]: r["status"] for r in plan.rows} == {"x": "skipped", "y": "duplicate"}
    assert plan.rows[0]["ingested_at"] == "then" and plan.rows[0]["page_count"] == 2


def test_plan_changed_file_replaces_its_rows():
    plan = make_plan([cand("x", B)], {"x": prev_row("x", A)}, parser_version=PV)
    assert plan.drop == {A[:16]} and list(plan.read) == [B[:16]]


def test_plan_changed_file_whose_old_bytes_live_on_elsewhere():
    prev = {"x": prev_row("x", A), "y": prev_row("y", A, "duplicate")}
    plan = make_plan([cand("x", B), cand("y", A, True)], prev, parser_version=PV)
    assert not plan.drop and plan.owner_changes == {A[:16]: "y"}
    assert {r["source_file"]: r["status"] for r in plan.rows} == {"y": "skipped"}
    assert list(plan.read) == [B[:16]]


def test_plan_vanished_kept_unless_pruned():
    prev = {"x": prev_row("x", A), "z": prev_row("z", C)}
    plan = make_plan([cand("x", A, True)], prev, parser_version=PV)
    assert plan.kept == {A[:16], C[:16]} and not plan.drop
    assert [r["source_file"] for r in plan.vanished] == ["z"]
    pruned = make_plan([cand("x", A, True)], prev, parser_version=PV, prune=True)
    assert pruned.drop == {C[:16]} and not pruned.vanished


def test_plan_failed_files_are_retried_only_when_something_changed():
    prev = {"x": prev_row("x", A, "failed", "bad bytes")}
    same = make_plan([cand("x", A, True)], prev, parser_version=PV)
    assert not same.read and same.rows[0]["status"] == "failed" and same.rows[0]["error"] == "bad bytes"
    assert make_plan([cand("x", A, True)], prev, parser_version="2.0").read
    assert make_plan([cand("x", A, True)], prev, parser_version=PV, retry_failed=True).read
    assert make_plan([cand("x", B)], prev, parser_version=PV).read


def test_plan_force_reads_everything_again():
    prev = {"x": prev_row("x", A)}
    plan = make_plan([cand("x", A, True)], prev, parser_version=PV, force=True)
    assert plan.drop == {A[:16]} and list(plan.read) == [A[:16]]


# ------------------------------------------------------------------ store

def test_store_refuses_a_foreign_folder(tmp_path):
    (tmp_path / "mine.txt").write_text("x")
    with pytest.raises(StoreError, match="not an esep dataset"):
        Store(str(tmp_path)).open()


def test_store_lock_is_exclusive(tmp_path):
    with Store(str(tmp_path / "ds")):
        with pytest.raises(StoreError, match="another esep process"):
            Store(str(tmp_path / "ds")).open()
    Store(str(tmp_path / "ds")).open().close()  # released


def test_commit_swaps_atomically_and_cleans_leftovers(tmp_path):
    ds = tmp_path / "ds"
    store = Store(str(ds)).open()
    for n in range(1, 4):
        tmp = store.new_version_dir()
        (open(os.path.join(tmp, "reports.parquet"), "w")).write(f"v{n}")
        assert store.commit(tmp) == n
        assert (ds / "reports.parquet").read_text() == f"v{n}"
    # the current and the previous version stay, older ones go
    assert sorted(os.listdir(ds / "versions")) == ["000002", "000003"]
    # leftovers of a killed run: a temporary version and a version never made current
    os.makedirs(ds / "versions" / ".tmp-1-2")
    os.makedirs(ds / "versions" / "000009")
    store.close()
    store = Store(str(ds)).open()
    assert sorted(os.listdir(ds / "versions")) == ["000002", "000003"]
    assert store.current_version() == 3
    store.close()


def test_readers_never_see_a_partial_version(tmp_path):
    """A reader looping on the link while versions are committed always
    reads a whole file of some version."""
    ds = tmp_path / "ds"
    store = Store(str(ds)).open()
    payload = lambda n: (f"version {n};" * 20000)  # noqa: E731
    tmp = store.new_version_dir()
    open(os.path.join(tmp, "reports.parquet"), "w").write(payload(0))
    store.commit(tmp)
    seen, stop = set(), threading.Event()

    def reader():
        while not stop.is_set():
            text = (ds / "reports.parquet").read_text()
            seen.add(text)

    t = threading.Thread(target=reader)
    t.start()
    for n in range(1, 30):
        tmp = store.new_version_dir()
        open(os.path.join(tmp, "reports.parquet"), "w").write(payload(n))
        store.commit(tmp)
    time.sleep(0.05)
    stop.set()
    t.join()
    store.close()
    assert seen and all(text in {payload(n) for n in range(30)} for text in seen)


def test_spool_round_trips_dates_and_rejects_other_versions(tmp_path):
    import datetime as dt

    store = Store(str(tmp_path / "ds")).open()
    result = {"tables": {"reports": [{"d": dt.date(2022, 3, 31), "t": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
                                      "x": "текст"}]}, "page_count": None}
    store.spool_put(A, PV, result)
    assert store.spool_get(A, PV) == result
    assert store.spool_get(A, "other") is None
    (tmp_path / "ds" / ".spool" / f"{B}.json").write_text("{torn")
    assert store.spool_get(B, PV) is None
    store.close()


# ------------------------------------------------------------------ walk

def test_walk_is_safe_on_a_hostile_tree(tmp_path):
    root = tmp_path / "root"
    (root / "d" / "e").mkdir(parents=True)
    (root / "d" / "e" / "r.docx").write_bytes(b"x")
    (root / "new\nline.pdf").write_bytes(b"y")
    bad = os.fsdecode(b"inv\xffalid.pdf")
    (root / bad).write_bytes(b"z")
    os.symlink("..", root / "d" / "loop")
    os.symlink(root / "d", root / "dirlink")
    os.symlink("/etc/hostname", root / "out.docx")
    os.mkfifo(root / "pipe.docx")
    (root / "~$lock.docx").write_bytes(b"l")
    (root / ".~lock.r.docx#").write_bytes(b"l")
    (root / ".git").mkdir()
    (root / ".git" / "x.docx").write_bytes(b"g")
    ignored = []
    found = list(walk(str(root), on_ignored=lambda rel, why: ignored.append((rel, why))))
    assert [f.source_file for f in found] == ["d/e/r.docx", "inv\\xffalid.pdf", "new\nline.pdf"]
    assert all(os.path.isfile(f.path) for f in found)
    assert {rel for rel, _ in ignored} == {"d/loop", "dirlink", "out.docx", "pipe.docx"}
    with pytest.raises(OSError):
        hash_file(str(root / "pipe.docx"))  # opened non-blocking, refused, never hangs
    with pytest.raises(OSError):
        hash_file(str(root / "out.docx"))   # not followed


def test_walk_excludes_the_dataset_inside_the_root(tmp_path):
    (tmp_path / "r.docx").write_bytes(b"x")
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "reports.parquet").write_bytes(b"p")
    st = os.stat(tmp_path / "ds")
    names = [f.source_file for f in walk(str(tmp_path), exclude={(st.st_dev, st.st_ino)})]
    assert names == ["r.docx"]
