"""guard: a child bounded in time and memory; a dead or stuck child costs
one task, never the others."""

from __future__ import annotations

import os
import signal
import time

import pytest

from esep.extract.errors import ExtractError, LimitExceeded
from esep.guard import (
    CRASH,
    ERROR,
    MEMORY,
    OK,
    TIMEOUT,
    GuardError,
    Limits,
    WorkerPool,
    format_size,
    parse_size,
    run_guarded,
)
from esep.guarded import guarded_process_file
from tests.conftest import FOREIGN

MB = 1 << 20


# Targets run in the child: module-level so the child can import them.
def target(mode: str, arg: int = 0):
    if mode == "echo":
        return {"pid": os.getpid(), "arg": arg}
    if mode == "sleep":
        time.sleep(arg)
        return "woke"
    if mode == "spin":
        while True:
            pass
    if mode == "alloc":
        block = bytearray(arg)  # beyond RLIMIT_AS -> MemoryError
        return len(block)
    if mode == "grow":
        chunks = []
        while True:
            chunks.append(bytearray(16 * MB))
    if mode == "raise":
        raise ValueError("bad value\non two lines")
    if mode == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    if mode == "term":
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)
    if mode == "exit":
        os._exit(3)
    if mode == "unpicklable":
        return lambda: None
    raise AssertionError(mode)


@pytest.mark.parametrize(
    "text, expected",
    [("1GB", 1 << 30), ("512M", 512 * MB), ("2GiB", 2 << 30), ("1.5 GB", 3 << 29),
     ("1048576", MB), ("64kb", 64 << 10), ("0", None), ("none", None)],
)
def test_parse_size(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize("bad", ["", "lots", "1XB", "-1G", "1 G B"])
def test_parse_size_rejects(bad):
    with pytest.raises(ValueError):
        parse_size(bad)


def test_format_size_round_trips():
    for text in ("1 GB", "512 MB", "2 GB", "1.5 GB"):
        assert format_size(parse_size(text.replace(" ", ""))) == text


def test_each_failure_is_one_outcome_and_others_survive():
    tasks = [
        ("ok1", ("echo", 1)),
        ("slow", ("sleep", 30)),
        ("mem", ("alloc", 1 << 32)),
        ("raise", ("raise",)),
        ("segv", ("segv",)),
        ("exit", ("exit",)),
        ("pickle", ("unpicklable",)),
        ("ok2", ("echo", 2)),
        ("ok3", ("echo", 3)),
    ]
    started = time.monotonic()
    with WorkerPool(target, 2, Limits(timeout_s=1.5, max_memory=512 * MB)) as pool:
        outs = {o.key: o for o in pool.imap_unordered(tasks)}
    assert time.monotonic() - started < 20
    assert set(outs) == {k for k, _ in tasks}
    assert outs["ok1"].kind == OK and outs["ok1"].value["arg"] == 1
    assert outs["ok2"].value["arg"] == 2 and outs["ok3"].value["arg"] == 3
    assert outs["slow"].kind == TIMEOUT and outs["slow"].error == "time limit 1.5 s exceeded"
    assert outs["mem"].kind == MEMORY and outs["mem"].error == "memory limit 512 MB exceeded"
    assert outs["raise"].kind == ERROR
    assert outs["raise"].error == "ValueError: bad value\\non two lines"
    assert outs["raise"].exc_type == "ValueError"
    assert outs["segv"].kind == CRASH and "SIGSEGV" in outs["segv"].error
    assert outs["exit"].kind == CRASH and "status 3" in outs["exit"].error
    assert outs["pickle"].kind == ERROR and "cannot be sent back" in outs["pickle"].error
    for o in outs.values():
        assert o.error is None or "\n" not in o.error


def test_a_child_stopped_by_a_signal_is_told_from_one_that_broke():
    """SIGTERM to the process group (a service manager's stop) is not the
    task's fault: the outcome says so by a flag, not in its message."""
    with WorkerPool(target, 1, Limits(timeout_s=20, max_memory=512 * MB)) as pool:
        outs = {o.key: o for o in pool.imap_unordered([("term", ("term",)), ("segv", ("segv",)),
                                                        ("exit", ("exit",))])}
    assert outs["term"].kind == CRASH and outs["term"].stopped and "SIGTERM" in outs["term"].error
    assert outs["segv"].kind == CRASH and not outs["segv"].stopped
    assert outs["exit"].kind == CRASH and not outs["exit"].stopped


def test_a_looping_child_is_killed_at_the_deadline():
    started = time.monotonic()
    with pytest.raises(GuardError) as err:
        run_guarded(target, "spin", timeout_s=1, max_memory=None)
    assert str(err.value) == "time limit 1 s exceeded"
    assert err.value.kind == TIMEOUT
    assert time.monotonic() - started < 10


def test_a_growing_child_hits_the_memory_limit():
    with pytest.raises(GuardError) as err:
        run_guarded(target, "grow", timeout_s=60, max_memory=300 * MB)
    assert str(err.value) == "memory limit 300 MB exceeded"
    assert err.value.kind == MEMORY


def test_workers_are_reused_and_recycled():
    tasks = [(i, ("echo", i)) for i in range(10)]
    with WorkerPool(target, 1, Limits(10, None), max_tasks_per_worker=4) as pool:
        pids = [o.value["pid"] for o in pool.imap_unordered(tasks)]
        assert pool.spawned == 3
    assert len(set(pids)) == 3
    assert pids[:4] == [pids[0]] * 4


def test_the_next_task_starts_before_the_caller_handles_an_outcome():
    """While the caller writes one file's rows, the worker reads the next."""
    drawn = []

    def tasks():
        for i in range(3):
            drawn.append(i)
            yield i, ("echo", i)

    seen = []
    with WorkerPool(target, 1, Limits(10, None)) as pool:
        for out in pool.imap_unordered(tasks()):
            seen.append(out.key)
            if out.key < 2:
                assert drawn[-1] == out.key + 1  # already handed to the worker
                assert len(pool._busy) == 1
    assert seen == [0, 1, 2]


def test_outcomes_are_not_lost_when_the_next_task_cannot_start():
    def tasks():
        yield 0, ("echo", 0)
        yield 1, (lambda: None,)  # cannot be pickled: _start raises

    got = []
    with WorkerPool(target, 1, Limits(10, None)) as pool:
        with pytest.raises(Exception):
            for out in pool.imap_unordered(tasks()):
                got.append(out.key)
    assert got == [0]


def test_a_stuck_worker_is_replaced_and_the_pool_goes_on():
    tasks = [("stuck", ("spin",))] + [(i, ("echo", i)) for i in range(6)]
    with WorkerPool(target, 2, Limits(1, None)) as pool:
        outs = {o.key: o for o in pool.imap_unordered(tasks)}
    assert outs["stuck"].kind == TIMEOUT
    assert all(outs[i].ok for i in range(6))


def test_children_stay_quiet(capfd):
    run_guarded(target, "echo", 0, timeout_s=10)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_guarded_process_file_matches_process_file(tmp_path):
    from esep.pipeline import process_file

    src = FOREIGN / "python-docx-tests" / "tbl-2x2-table.docx"
    try:
        direct = process_file(src, source_file="t.docx")
    except ExtractError as exc:  # readers still in progress: the error must agree
        with pytest.raises(type(exc)):
            guarded_process_file(src, source_file="t.docx")
        return
    guarded = guarded_process_file(src, source_file="t.docx")
    skip = {"report": {"extracted_at"}}
    assert guarded.model_dump(exclude=skip) == direct.model_dump(exclude=skip)


def test_guarded_process_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "broken\nname.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    with pytest.raises(ExtractError) as err:
        guarded_process_file(bad, timeout_s=60)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(tmp_path)) and "broken\\nname.pdf: " in message


def test_guarded_process_file_limits_raise_limit_exceeded(tmp_path, monkeypatch):
    src = FOREIGN / "python-docx-tests" / "tbl-2x2-table.docx"
    with pytest.raises(LimitExceeded) as err:
        guarded_process_file(src, timeout_s=0.001)
    assert str(err.value) == f"{src}: time limit 0.001 s exceeded"


def test_a_worker_that_cannot_start_stops_the_pool():
    """A function the child cannot import: every task would fail the same
    way, so the pool says so once instead."""
    import sys
    import types

    from esep.guard import WorkerStartError

    mod = types.ModuleType("esep_test_ghost_module")
    exec("def ghost():\n    return 1\n", mod.__dict__)
    sys.modules[mod.__name__] = mod
    try:
        with pytest.raises(WorkerStartError, match="cannot start"):
            with WorkerPool(mod.ghost, 1, Limits(10, None)) as pool:
                list(pool.imap_unordered([(1, ())]))
    finally:
        del sys.modules[mod.__name__]


def test_workers_do_not_rerun_the_main_script(tmp_path):
    """A script that is not importable (stdin, a notebook) or has side
    effects must not run again in each worker."""
    import subprocess
    import sys

    from tests.conftest import REPO

    script = tmp_path / "main_with_side_effect.py"
    marker = tmp_path / "ran"
    script.write_text(
        "import os, sys\n"
        f"open({str(marker)!r}, 'a').write(str(os.getpid()) + '\\n')\n"
        "from esep.guard import run_guarded\n"
        "from tests.guard.test_guard import target\n"
        "if __name__ == '__main__':\n"
        "    print(run_guarded(target, 'echo', 5, timeout_s=30)['arg'])\n"
    )
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=REPO, timeout=60,
                         env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "5"
    assert len(marker.read_text().split()) == 1  # the parent only
