"""esep ingest --cluster: the per-file work on Dask workers, with the local pool's guarantees.

One LocalCluster for the module: two single-threaded worker processes on
loopback, started by this process.  esep runs as a separate process (the
client) and reaches it by address, as it would reach a real scheduler.
The slow work functions below are what the workers import by name.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES
from tests.batch.test_ingest import DATA_TABLES, esep, files_by_name, make_docx, read_tables

distributed = pytest.importorskip("distributed")  # the "dask" extra; ./setup.sh installs it

MARKS_ENV = "ESEP_TEST_MARKS"  # where the slow work leaves one mark per start of a file


# ------------------------------------------------------------------ what the workers run


def _dask_worker_pid() -> int:
    """In the guarded child: its parent is the fork server, whose parent is the Dask worker."""
    with open(f"/proc/{os.getppid()}/stat") as fp:
        return int(fp.read().rsplit(")", 1)[1].split()[1])


def marked_read_report(path: str, source_file: str, sha256: str, **kwargs):
    """The real work, slowed down, leaving a mark ``<file>.<Dask worker pid>.<ns>``
    when it starts; a file named ``poison*`` kills its Dask worker."""
    from esep.batch.work import read_report

    pid = _dask_worker_pid()
    marks = os.environ.get(MARKS_ENV)
    if marks:
        Path(marks, f"{source_file}.{pid}.{time.time_ns()}").touch()
    if source_file.startswith("poison"):
        os.kill(pid, signal.SIGKILL)
        time.sleep(30)
    time.sleep(float(os.environ.get("ESEP_TEST_SLOW", "1.0")))
    return read_report(path, source_file, sha256, **kwargs)


SLOW_ESEP = (
    "import sys, esep.batch.run as run, tests.batch.test_cluster as t; "
    "run.DEFAULT_WORK = t.marked_read_report; "
    "from esep.cli import main; main(sys.argv[1:], prog_name='esep')"
)


def slow_esep(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SLOW_ESEP, *map(str, args)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def starts(marks: Path) -> dict[str, list[int]]:
    """File -> the Dask worker pids that started it, in order."""
    out: dict[str, list[tuple[int, int]]] = {}
    for p in marks.iterdir():
        name, pid, ns = p.name.rsplit(".", 2)
        out.setdefault(name, []).append((int(ns), int(pid)))
    return {name: [pid for _ns, pid in sorted(v)] for name, v in out.items()}


# ------------------------------------------------------------------ the cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    marks = tmp_path_factory.mktemp("marks")
    os.environ[MARKS_ENV] = str(marks)  # the worker processes inherit it
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None) as lc, distributed.Client(lc) as client:
            yield lc.scheduler_address, client, marks
    finally:
        os.environ.pop(MARKS_ENV, None)


@pytest.fixture
def marks(cluster):
    _address, _client, folder = cluster
    for p in folder.iterdir():
        p.unlink()
    return folder


def without_times(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    drop = {"extracted_at", "ingested_at", "duration_ms"}
    return {t: sorted(({k: v for k, v in r.items() if k not in drop} for r in rows), key=repr)
            for t, rows in tables.items()}


def one_line_errors(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert all(line.startswith("esep: ") for line in lines), stderr
    return lines


# ------------------------------------------------------------------ same rows, same guarantees


def test_the_cluster_gives_the_rows_of_the_local_pool_and_a_rerun_reads_nothing(cluster, tmp_path):
    address, _client, _marks = cluster
    root = tmp_path / "root"
    root.mkdir()
    for sample in [*sorted(SAMPLES.glob("*.docx")), SAMPLES / "interim_gamo.pdf"]:
        shutil.copyfile(sample, root / sample.name)
    shutil.copyfile(SAMPLES / "interim_gamo.docx", root / "copy of interim_gamo.docx")  # a duplicate

    local = esep("ingest", root, "--out", tmp_path / "local", "--jobs", "2")
    assert local.returncode == 0, local.stderr
    res = esep("ingest", root, "--out", tmp_path / "ds", "--cluster", address)
    assert res.returncode == 0, res.stderr
    lines = one_line_errors(res.stderr)
    assert lines[0] == f"esep: reading on the Dask scheduler at {address}: 2 workers, 2 threads"
    assert "esep: reading 6 files with 2 processes" in lines
    assert "files: ok 5, failed 0, duplicate 1, skipped 0" in res.stdout

    on_cluster = read_tables(tmp_path / "ds")
    assert without_times(on_cluster) == without_times(read_tables(tmp_path / "local"))
    assert sorted(files_by_name(on_cluster)) == sorted(p.name for p in root.iterdir())  # each file once

    again = esep("ingest", root, "--out", tmp_path / "ds", "--cluster", address)
    assert again.returncode == 0, again.stderr
    assert "esep: reading 0 files with 1 process (5 skipped, 1 duplicate without reading)" in again.stderr
    after = read_tables(tmp_path / "ds")
    for t in DATA_TABLES:
        assert after[t] == on_cluster[t], t


def test_cluster_local_starts_its_own_cluster_on_this_machine(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    for n in range(3):
        make_docx(root / f"r{n}.docx", 300 + n)
    plain = esep("ingest", root, "--out", tmp_path / "plain", "--jobs", "1")
    assert plain.returncode == 0, plain.stderr

    res = esep("ingest", root, "--out", tmp_path / "ds", "--cluster", "local", "--jobs", "2")
    assert res.returncode == 0, res.stderr
    lines = one_line_errors(res.stderr)  # nothing of Dask's own on stderr
    assert lines[0] == "esep: reading on a local Dask cluster: 2 workers, 2 threads"
    assert "files: ok 3, failed 0, duplicate 0, skipped 0" in res.stdout
    assert without_times(read_tables(tmp_path / "ds")) == without_times(read_tables(tmp_path / "plain"))


def test_a_cluster_esep_starts_keeps_dasks_housekeeping_rare(tmp_path):
    import dask

    from esep.batch.cluster import open_cluster
    from esep.batch.cluster.connect import ENGINE_SETTINGS

    def settings() -> dict:
        return {k: dask.config.get(k) for k in ENGINE_SETTINGS}

    before = settings()
    with open_cluster("local", str(tmp_path), 1) as executor:
        [on_worker] = executor.client.run(settings).values()
        assert on_worker == ENGINE_SETTINGS  # the dashboard's profiler off on the workers, monitors rarer
        assert settings() == ENGINE_SETTINGS  # and in the client
    assert settings() == before  # this process's own configuration is given back


def test_a_worker_killed_mid_file_costs_that_file_one_retry(cluster, marks, tmp_path):
    address, client, _ = cluster
    root = tmp_path / "root"
    root.mkdir()
    for i in range(6):
        make_docx(root / f"r{i}.docx", 600 + i)
    proc = slow_esep("ingest", root, "--out", tmp_path / "ds", "--cluster", address, "--no-progress")
    try:
        deadline = time.monotonic() + 60
        while not list(marks.iterdir()):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        victim_file, [victim] = next(iter(starts(marks).items()))
        os.kill(victim, signal.SIGKILL)  # a real Dask worker process, in the middle of that file
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    started = starts(marks)
    assert len(started[victim_file]) == 2 and started[victim_file][1] != victim  # read again, elsewhere
    assert all(len(pids) == 1 for name, pids in started.items() if name != victim_file)
    files = read_tables(tmp_path / "ds")["files"]
    assert sorted((r["source_file"], r["status"]) for r in files) == [(f"r{i}.docx", "ok") for i in range(6)]
    assert len(read_tables(tmp_path / "ds")["reports"]) == 6
    assert "files: ok 6, failed 0" in stdout
    client.wait_for_workers(2, timeout=180)  # the nanny restarts the killed worker


def test_a_file_whose_worker_dies_twice_fails_once_with_the_reason(cluster, marks, tmp_path):
    address, client, _ = cluster
    root = tmp_path / "root"
    root.mkdir()
    for i in range(3):
        make_docx(root / f"r{i}.docx", 700 + i)
    make_docx(root / "poison.docx", 710)
    proc = slow_esep("ingest", root, "--out", tmp_path / "ds", "--cluster", address, "--no-progress")
    stdout, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 1, stderr
    files = files_by_name(read_tables(tmp_path / "ds"))
    assert sorted(files) == ["poison.docx", "r0.docx", "r1.docx", "r2.docx"]  # each once
    assert [files[f"r{i}.docx"]["status"] for i in range(3)] == ["ok"] * 3
    poison = files["poison.docx"]
    assert poison["status"] == "failed" and poison["report_id"] is None
    assert re.fullmatch(r"the Dask worker reading it was lost 2 times \(tcp://\S+, tcp://\S+\); not tried again",
                        poison["error"]), poison["error"]
    assert len(starts(marks)["poison.docx"]) == 2  # its first start and one retry; the third is refused
    assert f"esep: failed poison.docx: {poison['error']}" in stderr
    assert "files: ok 3, failed 1" in stdout
    client.wait_for_workers(2, timeout=180)


def test_the_client_killed_leaves_the_dataset_and_the_next_run_finishes(cluster, marks, tmp_path):
    address, _client, _ = cluster
    root, ds = tmp_path / "root", tmp_path / "ds"
    root.mkdir()
    make_docx(root / "old.docx", 800)
    assert esep("ingest", root, "--out", ds, "--cluster", address).returncode == 0
    before, version = read_tables(ds), os.readlink(ds / "current")
    for i in range(12):
        make_docx(root / f"new{i:02d}.docx", 810 + i)
    proc = slow_esep("ingest", root, "--out", ds, "--cluster", address, "--no-progress", "--verbose")
    try:
        for line in proc.stderr:
            if line.startswith("esep: ok new") and len(list((ds / ".spool").iterdir())) >= 2:
                break
        assert proc.poll() is None, "finished before it could be killed"
        proc.kill()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    assert os.readlink(ds / "current") == version and read_tables(ds) == before  # untouched
    spooled = len(list((ds / ".spool").glob("*.json")))
    assert spooled >= 2
    res = esep("ingest", root, "--out", ds, "--cluster", address)
    assert res.returncode == 0, res.stderr
    files = files_by_name(read_tables(ds))
    assert {n: r["status"] for n, r in files.items()} == {"old.docx": "skipped",
                                                           **{f"new{i:02d}.docx": "ok" for i in range(12)}}
    assert len(read_tables(ds)["reports"]) == 13
    assert not list((ds / ".spool").iterdir())


# ------------------------------------------------------------------ the cluster going wrong


def test_a_lost_scheduler_ends_the_run_with_one_line_and_an_intact_dataset(marks, tmp_path):
    """A scheduler of its own (one in-process worker), killed during the run."""
    root, ds = tmp_path / "root", tmp_path / "ds"
    root.mkdir()
    make_docx(root / "old.docx", 900)
    assert esep("ingest", root, "--out", ds).returncode == 0
    before = read_tables(ds)
    for i in range(6):
        make_docx(root / f"new{i}.docx", 910 + i)
    helper = subprocess.Popen(
        [sys.executable, "-c", "import time, distributed as d; c = d.LocalCluster(n_workers=1, processes=False, "
         "protocol='tcp', host='127.0.0.1', dashboard_address=None); print(c.scheduler_address, flush=True); time.sleep(300)"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = helper.stdout.readline().strip()
        proc = slow_esep("ingest", root, "--out", ds, "--cluster", address, "--no-progress", "--verbose")
        for line in proc.stderr:
            if line.startswith("esep: ok new"):
                break
        helper.kill()
        _out, rest = proc.communicate(timeout=60)
    finally:
        for p in (helper, locals().get("proc")):
            if p is not None and p.poll() is None:
                p.kill()
                p.communicate()
    assert proc.returncode == 1
    last = rest.strip().splitlines()[-1]
    assert last == (f"esep: lost the Dask scheduler at {address} during the run; the dataset is unchanged, "
                    "files already read are kept for the next run"), rest
    assert "Traceback" not in rest
    assert read_tables(ds) == before
    assert list((ds / ".spool").glob("*.json"))  # what was read is kept for the next run


def test_bad_cluster_input_is_one_line_naming_it(cluster, tmp_path):
    address, _client, _ = cluster
    (tmp_path / "archive").mkdir()
    make_docx(tmp_path / "archive" / "r.docx", 950)
    ds = tmp_path / "ds"

    res = esep("ingest", tmp_path / "archive", "--out", ds, "--cluster", "tcp://127.0.0.1:1")
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == [
        "esep: cannot reach the Dask scheduler at tcp://127.0.0.1:1: connection refused "
        "(is `dask scheduler` running there?)"]

    res = esep("ingest", tmp_path / "archive", "--out", ds, "--cluster", "tcp://no such host")
    assert res.returncode == 2 and "not a Dask scheduler address: 'tcp://no such host'" in res.stderr

    # /proc/self/cwd is this client's folder here and the workers' folder there: the same
    # path, another folder, as on a worker where the archive is not mounted
    res = subprocess.run([*esep_cmd(), "ingest", "/proc/self/cwd/archive", "--out", ds, "--cluster", address],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    [line] = res.stderr.strip().splitlines()
    assert re.fullmatch(r"esep: Dask worker tcp://127\.0\.0\.1:\d+ cannot read ROOT /proc/self/cwd/archive: "
                        r"No such file or directory; workers must see the archive at the same path as this "
                        r"machine", line), line
    assert not ds.exists()  # nothing was touched


def esep_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("esep")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "esep.cli"]


# ------------------------------------------------------------------ pieces


def test_cluster_addresses():
    from esep.batch.cluster import cluster_address

    assert cluster_address("local") == "local"
    assert cluster_address("10.0.0.5") == "tcp://10.0.0.5:8786"
    assert cluster_address("sched.example.kz:9000") == "tcp://sched.example.kz:9000"
    assert cluster_address("tls://[::1]:8786") == "tls://[::1]:8786"
    for bad in ("http://10.0.0.5:8786", "a b", "host:99999", "tcp://", ""):
        with pytest.raises(ValueError, match="not a Dask scheduler address"):
            cluster_address(bad)


def test_rows_travel_as_the_spools_json_and_come_back_equal():
    import datetime as dt

    from esep.batch.cluster.wire import from_wire, to_wire
    from esep.batch.work import ReportRows
    from esep.guard import Outcome
    from esep.guarded import Read, Unreadable

    value = Read(ReportRows({"reports": [{"report_id": "ab", "agreement_date": dt.date(2023, 5, 2),
                                          "extracted_at": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
                                          "grant_amount_kzt": 1500000.5, "grantee": "ОФ «Бірлік»"}]},
                            page_count=3))
    wire = to_wire(Outcome("k", "ok", value=value, duration_s=1.5, max_rss=1 << 20), "tcp://w:1")
    assert isinstance(wire.payload, str)  # one string per file, not pickled objects
    back = from_wire("k", wire)
    assert back == Outcome("k", "ok", value=value, duration_s=1.5, max_rss=1 << 20)
    refused = Unreadable("NotADocument", "a spreadsheet, not a report", "not_a_document")
    assert from_wire("k", to_wire(Outcome("k", "ok", value=refused), "tcp://w:1")).value == refused
    failed = from_wire("k", to_wire(Outcome("k", "timeout", error="time limit 60 s exceeded"), "tcp://w:1"))
    assert failed.kind == "timeout" and failed.error == "time limit 60 s exceeded" and failed.value is None


def test_the_readme_starts_workers_with_the_settings_esep_uses():
    import dask

    from esep.batch.cluster.connect import ENGINE_SETTINGS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    env = dict(re.findall(r"\b(DASK_[A-Z_]+)=(\S+)", readme))
    config = dask.config.collect_env(env)
    assert env and {k: dask.config.get(k, config=config) for k in ENGINE_SETTINGS} == ENGINE_SETTINGS
