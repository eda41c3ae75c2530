"""Habits every esep command keeps: --help ends with examples, -o/--out where
it writes, an unusable --out is one line and status 1, --log writes JSON
lines (to standard output with '-') for ingest and watch alike."""

from __future__ import annotations

import errno
import json
import os
import tempfile

import pytest
from click.testing import CliRunner

from esep.cli import main
from tests.conftest import SAMPLES
from tests.docx_factory import interim_report

COMMANDS = ("extract", "ingest", "watch", "check", "dump", "schema")
LOG_KEYS = {"time", "event", "file", "status", "error", "dest"}


def esep(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def json_lines(text: str) -> list[dict]:
    lines = text.splitlines()
    assert lines, "no JSON lines"
    return [json.loads(line) for line in lines]


# ------------------------------------------------------------------ --help

@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_examples(command):
    res = esep(command, "--help")
    assert res.exit_code == 0
    lines = res.stdout.rstrip().splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip() == "Examples:")
    examples = [line.strip() for line in lines[start + 1:] if line.strip()]
    assert 2 <= len(examples) <= 3, examples
    assert all(e.startswith(f"esep {command}") for e in examples), examples


@pytest.mark.parametrize("command", ("extract", "ingest", "watch"))
def test_every_command_that_writes_has_o(command):
    assert "-o, --out" in esep(command, "--help").stdout


# ------------------------------------------------------------------ unusable --out

def _args(command: str, tmp_path, out) -> list:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    source = {"extract": SAMPLES / "interim_gamo.docx", "ingest": inbox, "watch": inbox}[command]
    return [command, source, "-o", out] + (["--once", "--settle", "0.1"] if command == "watch" else [])


def _one_line(res, path, reason: str) -> None:
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert str(path) in lines[0] and reason in lines[0], lines[0]
    assert "Traceback" not in res.output


@pytest.mark.parametrize("command", ("extract", "ingest", "watch"))
def test_a_file_in_the_way_is_one_line(command, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("mine")
    _one_line(esep(*_args(command, tmp_path, blocker)), blocker, "a file is in the way")
    _one_line(esep(*_args(command, tmp_path, blocker / "ds")), blocker / "ds", "a file is in the way")
    assert blocker.read_text() == "mine"


@pytest.mark.parametrize("command", ("extract", "ingest", "watch"))
def test_no_permission_is_one_line(command, tmp_path, monkeypatch):
    out = tmp_path / "locked" / "ds"
    real = os.makedirs

    def refuse(path, *args, **kw):
        if str(path).startswith(str(tmp_path / "locked")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kw)

    monkeypatch.setattr(os, "makedirs", refuse)
    _one_line(esep(*_args(command, tmp_path, out)), out, "cannot create the folder: Permission denied")


@pytest.mark.parametrize("command", ("extract", "ingest", "watch"))
def test_a_read_only_place_is_one_line(command, tmp_path, monkeypatch):
    out = tmp_path / "readonly"
    out.mkdir()
    real = tempfile.TemporaryFile

    def read_only(*args, dir=None, **kw):
        if dir is not None and str(dir).startswith(str(out)):
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*args, dir=dir, **kw)

    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    _one_line(esep(*_args(command, tmp_path, out)), out, "cannot write in the folder: Read-only file system")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_without_write_permission_is_one_line(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    out.chmod(0o500)
    try:
        _one_line(esep(*_args("ingest", tmp_path, out / "ds")), out / "ds", "Permission denied")
    finally:
        out.chmod(0o700)


# ------------------------------------------------------------------ --log

@pytest.fixture
def root(tmp_path):
    root = tmp_path / "root"
    interim_report(root / "a.docx", 1)
    (root / "b.pdf").write_bytes(b"%PDF-1.4\n not a PDF\n")
    return root


def test_ingest_log_dash_writes_json_lines_to_stdout(root, tmp_path):
    res = esep("ingest", root, "-o", tmp_path / "ds", "--jobs", "1", "--log", "-")
    assert res.exit_code == 1  # b.pdf failed
    events = json_lines(res.stdout)
    assert [e["event"] for e in events if e["event"] in ("started", "committed", "stopped")] == [
        "started", "committed", "stopped"]
    per_file = {e["file"]: (e["event"], e["status"]) for e in events if e["file"]}
    assert per_file == {"a.docx": ("ingested", "ok"), "b.pdf": ("failed", "failed")}
    assert next(e for e in events if e["file"] == "b.pdf")["error"]
    assert events[-1]["exit_status"] == 1
    assert all(LOG_KEYS <= set(e) for e in events)
    assert "esep ingest: 2 files" in res.stderr  # the summary goes to stderr


def test_ingest_and_watch_write_the_same_events(root, tmp_path):
    ingest_log, watch_log = tmp_path / "ingest.jsonl", tmp_path / "watch.jsonl"
    res = esep("ingest", root, "-o", tmp_path / "ds", "--jobs", "1", "--log", ingest_log)
    assert res.exit_code == 1 and "esep ingest: 2 files" in res.stdout
    ingested = json_lines(ingest_log.read_text("utf-8"))
    res = esep("watch", root, "-o", tmp_path / "ds2", "--once", "--settle", "0.1", "--jobs", "1", "--log", watch_log)
    assert res.exit_code == 1  # --once moved b.pdf to failed/
    watched = json_lines(watch_log.read_text("utf-8"))
    for kind in ("ingested", "failed"):
        one = next(e for e in ingested if e["event"] == kind)
        other = next(e for e in watched if e["event"] == kind)
        assert set(one) == set(other) and one["file"] == other["file"], kind
        assert one["sha256"] == other["sha256"]
    assert {"started", "committed", "stopped"} <= {e["event"] for e in watched}


def test_watch_log_dash_writes_json_lines_to_stdout(root, tmp_path):
    res = esep("watch", root, "-o", tmp_path / "ds", "--once", "--settle", "0.1", "--jobs", "1", "--log", "-")
    events = json_lines(res.stdout)
    assert events[0]["event"] == "started" and events[-1]["event"] == "stopped"
    assert {e["file"] for e in events if e["event"] in ("ingested", "failed")} == {"a.docx", "b.pdf"}
    assert "esep watch: " in res.stderr  # the human lines stay on stderr


@pytest.mark.parametrize("command", ("ingest", "watch"))
def test_an_unusable_log_is_one_line(command, root, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    res = esep(command, root, "-o", tmp_path / "ds", "--log", blocker / "x.jsonl",
               *(["--once"] if command == "watch" else []))
    assert res.exit_code == 1 and len(res.stderr.splitlines()) == 1 and "--log" in res.stderr, res.stderr
