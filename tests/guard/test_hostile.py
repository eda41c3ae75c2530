"""Hostile input through the real entry points (issue 8).

The corpus (tests/hostile/build_corpus.py) is built once per module, its
links pointing at a port this module listens on and its XXE at a secret
file whose unique content must never come out.  Then:

* every kind goes through ``esep extract FILE`` (a subprocess, ``--timeout
  20 --max-memory 1GB``; 5 s for the files that make pdfminer loop): exit
  status 0 or 1, one printable line on stderr, the expected outcome, in
  bounded time;
* the kinds that must be read are read again in a guarded worker, and the
  reader's whole document model must hold the expected text and no secret;
* one ``esep ingest --excel`` runs over the whole folder (links, a link
  loop, a FIFO, a socket, device nodes, odd names) and must finish, log
  every regular file with its status and a one-line error, and exit 1;
* afterwards: no connection arrived on the port, the secret is in no
  output (JSON, Parquet, CSV, logs), and no file appeared outside the
  output (the commands run with a private HOME, TMPDIR and working folder,
  which must stay empty).

Time bounds are hang detectors, not speed tests.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from esep.extract.errors import printable_name
from tests.hostile.build_corpus import (
    ATTACHMENT_TOKEN,
    FORMULA_CONTACTS,
    FORMULA_NAME,
    FORMULA_NOTE,
    FORMULA_ROLE,
    KINDS,
    GUARD,
    KINDS_BY_NAME,
    TIME,
    Ctx,
    Kind,
    Tree,
    build_corpus,
    build_tree,
)

ESEP = Path(sys.executable).with_name("esep")
TIMEOUT_S = 20
MEMORY = "1GB"
HANG_S = 150  # a command running longer than this is hung
HAVE_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
HAVE_TESSERACT = bool(shutil.which("tesseract"))
MARKERS = [Path("/tmp/esep-hostile-escaped.txt"), Path("/tmp/esep-hostile-absolute.txt"),
           Path("/tmp/esep-hostile-launched"), Path("/tmp/esep-hostile-macro-ran"),
           Path("/tmp/esep-hostile-macro-ran-shell")]


def runnable(kind: Kind) -> bool:
    return (HAVE_SOFFICE or not kind.needs_soffice) and (HAVE_TESSERACT or not kind.needs_tesseract)


KINDS_HERE = [k for k in KINDS if runnable(k)]


# ------------------------------------------------------------------ helpers


class Listener:
    """A TCP server on 127.0.0.1 that records every connection."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[tuple[str, bytes]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                data = conn.recv(300)
            except OSError:
                data = b""
            self.hits.append((f"{addr[0]}:{addr[1]}", data))
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


def printable(line: str) -> bool:
    """One line with no control characters (what printable_name guarantees)."""
    return not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029" for ch in line)


def listing(root: Path) -> set[str]:
    """Every entry under ``root``, links not followed."""
    out = set()
    for dirpath, dirnames, filenames in os.walk(os.fsencode(root), followlinks=False):
        for name in dirnames + filenames:
            out.add(os.fsdecode(os.path.join(dirpath, name)))
    return out


@dataclass
class Run:
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "backslashreplace")


@dataclass
class World:
    base: Path
    corpus: Path
    outside: Path
    secret: Path
    token: str
    home: Path
    tmp: Path
    cwd: Path
    env: dict
    listener: Listener
    tree: Tree
    before: dict[str, set[str]] = field(default_factory=dict)

    def esep(self, *args, timeout: float = HANG_S, cwd: Path | None = None) -> Run:
        cmd = [os.fsencode(ESEP)] if ESEP.exists() else [os.fsencode(sys.executable), b"-m", b"esep.cli"]
        t0 = time.monotonic()
        proc = subprocess.run([*cmd, *(a if isinstance(a, bytes) else os.fsencode(str(a)) for a in args)],
                              capture_output=True, timeout=timeout, cwd=cwd or self.cwd, env=self.env)
        return Run(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - t0)

    def real_home_view(self) -> set[str]:
        home = Path(os.path.expanduser("~"))
        seen = set()
        for d in (home, home / ".config", home / ".cache", home / ".local" / "share"):
            try:
                seen.update(str(d / n) for n in os.listdir(d))
            except OSError:
                pass
        return seen


# ----------------------------------------------------------------- fixtures


def _timing(what: str, since: float, detail=None) -> None:
    """ESEP_TEST_TIMING=1: say how long each shared step took (with -s)."""
    if os.environ.get("ESEP_TEST_TIMING"):
        print(f"\n[hostile] {what}: {time.monotonic() - since:.1f} s", detail or "", file=sys.stderr)



@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    secret = base / "secret" / "secret.txt"
    secret.parent.mkdir()
    token = "SECRET-TOKEN-" + os.urandom(8).hex()
    secret.write_text(token + "\n")
    home, tmp, cwd = base / "home", base / "tmp", base / "cwd"
    for d in (home, tmp, cwd):
        d.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(HOME=str(home), TMPDIR=str(tmp), TMP=str(tmp), TEMP=str(tmp))
    listener = Listener()
    ctx = Ctx(listener.port, secret)
    corpus, outside = base / "corpus", base / "outside"
    t0 = time.monotonic()
    build_corpus(corpus, ctx, KINDS_HERE)
    tree = build_tree(corpus, outside, ctx)
    _timing("corpus built", t0)
    w = World(base, corpus, outside, secret, token, home, tmp, cwd, env, listener, tree)
    w.before = {"corpus": listing(corpus), "outside": listing(outside), "real_home": w.real_home_view()}
    yield w
    listener.close()


@pytest.fixture(scope="module")
def extracted(world) -> dict[str, Run]:
    """``esep extract`` on every kind, three at a time."""

    def one(kind: Kind) -> tuple[str, Run]:
        timeout = kind.extract_timeout or TIMEOUT_S
        return kind.name, world.esep("extract", "--timeout", timeout, "--max-memory", MEMORY, "--",
                                     os.fsencode(kind.path(world.corpus)))

    t0 = time.monotonic()
    slow_first = sorted(KINDS_HERE, key=lambda k: -(k.extract_timeout or 0) - 30 * (k.needs_soffice + k.needs_tesseract))
    with ThreadPoolExecutor(3) as pool:
        out = dict(pool.map(one, slow_first))
    _timing("esep extract x%d" % len(out), t0, {k: round(r.seconds, 1) for k, r in out.items()})
    return out


@pytest.fixture(scope="module")
def models(world, extracted) -> dict[str, str]:
    """The reader's whole document model (JSON) of every kind that must be
    read, from a guarded worker pool: the strictest place to look for
    leaked text."""
    from esep.guard import Limits, WorkerPool
    from tests.hostile.build_corpus import document_json

    todo = [k for k in KINDS_HERE if k.expect == "read"]
    out: dict[str, str] = {}
    t0 = time.monotonic()
    with WorkerPool(document_json, 2, Limits(TIMEOUT_S * 2, 2 << 30), preload=("esep.extract",)) as pool:
        for res in pool.imap_unordered((k.name, (os.fspath(k.path(world.corpus)),)) for k in todo):
            out[res.key] = res.value if res.ok else f"ERROR {res.kind}: {res.error}"
    _timing("guarded document models x%d" % len(out), t0)
    return out


@dataclass
class Ingest:
    run: Run
    dataset: Path
    tables: dict[str, list[dict]]
    files: dict[str, dict]  # source_file -> files row


@pytest.fixture(scope="module")
def ingested(world, extracted) -> Ingest:
    dataset = world.base / "dataset"
    run = world.esep("ingest", world.corpus, "--out", dataset, "--excel", "--jobs", 2,
                     "--timeout", TIMEOUT_S, "--max-memory", MEMORY, "--no-progress", "--verbose",
                     timeout=400)
    _timing("esep ingest", time.monotonic() - run.seconds)
    current = dataset / "current" if (dataset / "current").exists() else dataset
    tables = {}
    for pq_path in current.rglob("*.parquet"):
        tables[pq_path.stem] = pq.read_table(pq_path).to_pylist()
    files = {r["source_file"]: r for r in tables.get("files", [])}
    return Ingest(run, dataset, tables, files)


def source_name(kind: Kind) -> str:
    """``source_file`` as the dataset records it (invalid bytes as \\xNN)."""
    name = kind.filename
    if isinstance(name, bytes):
        return name.decode("utf-8", "backslashreplace")
    return name


# -------------------------------------------------------------- per kind


def _check_outcome(kind: Kind, ok: bool, message: str | None) -> None:
    if kind.expect == "read":
        assert ok, f"{kind.name} should be read, got: {message}"
    elif kind.expect in ("error", "limit"):
        assert not ok, f"{kind.name} should fail"
        assert message and re.search(kind.message or ".", message), f"{kind.name}: {message!r} !~ {kind.message!r}"


@pytest.mark.parametrize("kind", KINDS_HERE, ids=[k.name for k in KINDS_HERE])
def test_kind(kind: Kind, world, extracted, models, ingested):
    path = kind.path(world.corpus)
    # 1. esep extract FILE: 0 or 1, one printable line, bounded time
    res = extracted[kind.name]
    assert res.returncode in (0, 1), res.err
    bound = (kind.extract_timeout or TIMEOUT_S) + 60
    assert res.seconds < bound, f"{kind.name} took {res.seconds:.0f} s"
    if res.returncode == 0:
        json.loads(res.stdout)
        assert res.stderr == b""
        _check_outcome(kind, True, None)
    else:
        lines = res.err.splitlines()
        assert len(lines) == 1 and printable(lines[0]), res.err
        assert lines[0].startswith(f"esep: {printable_name(path)}: "), lines[0]
        assert "Traceback" not in res.err and "internal error" not in res.err
        _check_outcome(kind, False, lines[0])
    if kind.message == TIME:  # the looping ones end at the clock, always
        assert res.err.strip().endswith(f"time limit {kind.extract_timeout:g} s exceeded"), res.err

    # 2. the reader's document model holds the text, and nothing it should not
    if kind.expect == "read":
        model = models[kind.name]
        assert not model.startswith("ERROR"), model
        assert kind.text is None or kind.text in model, f"{kind.text!r} not in {model[:300]}"

    # 3. esep ingest logged it, with the same outcome
    row = ingested.files.get(source_name(kind))
    assert row is not None, f"{kind.name} not in the files table"
    assert row["status"] in ("ok", "failed", "duplicate")
    if row["status"] == "failed":
        assert row["error"] and printable(row["error"]), row
        assert "internal error" not in row["error"]
    else:
        assert row["error"] is None
    _check_outcome(kind, row["status"] != "failed", row["error"])


# ------------------------------------------------------------ the guard


def test_a_reference_cycle_ends_with_its_own_error_not_at_the_clock(extracted, ingested):
    """The /Length cycle once held a worker until the time limit; with a
    5 s limit, ending on the reader's error shows it ended before."""
    res = extracted["pdf_length_mutual"]
    assert "object reference cycle (6 0 R -> 7 0 R -> 6 0 R)" in res.err and "time limit" not in res.err, res.err
    assert "object reference cycle (6 0 R -> 7 0 R -> 6 0 R)" in ingested.files["pdf_length_mutual.pdf"]["error"]


def test_inflation_bombs_end_at_the_memory_limit_or_a_clean_error(extracted):
    """With time to spare (--timeout 90) the memory limit is what ends them,
    also when zlib runs out of memory inside pdfminer (once a damaged page
    naming MemoryError); on a starved CPU the clock may come first."""
    assert extracted["zip_bombs_under_total"].err.strip().endswith("memory limit 1 GB exceeded")
    flate = extracted["pdf_flate_bomb"].err.strip()
    assert re.search(GUARD, flate) and "MemoryError" not in flate, flate


# ------------------------------------------------------------ esep ingest


def test_ingest_reads_the_whole_corpus_and_logs_every_file(world, ingested):
    run = ingested.run
    assert run.returncode == 1, run.err[-2000:]
    assert run.seconds < 300
    for line in run.err.splitlines() + run.stdout.decode("utf-8", "backslashreplace").splitlines():
        assert printable(line), repr(line)
    assert "Traceback" not in run.err
    expected = {source_name(k) for k in KINDS_HERE}
    assert set(ingested.files) == expected, set(ingested.files) ^ expected
    counts = {}
    for row in ingested.files.values():
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    assert counts.get("failed") and counts.get("ok")
    assert "bad-\\xff\\xfe-\\xc0.docx" in ingested.files  # invalid UTF-8 recorded as \\xNN


def test_ingest_walk_passes_over_links_loops_and_special_files(world, ingested):
    if world.tree.skipped:
        print("sub-cases not possible here:", *world.tree.skipped, sep="\n  ")
    logged = set(ingested.files)
    for name in world.tree.specials:
        assert not any(f == name or f.startswith(name + "/") for f in logged), name
        assert f"ignored {name}" in ingested.run.err, name
    for inner in ("loop/a.docx", "loop/b.docx", "loop/self", "loop/up"):
        assert f"ignored {inner}" in ingested.run.err
    assert "outside.docx" not in " ".join(logged)
    m = re.search(r"(\d+) entries ignored", ingested.run.stdout.decode())
    assert m and int(m.group(1)) == len(set(world.tree.specials) - {"loop"}) + 4


def test_a_file_named_like_an_option_is_not_one(world):
    res = world.esep("extract", "--timeout", TIMEOUT_S, "./-rf.docx", cwd=world.corpus)
    assert res.returncode == 0, res.err
    assert json.loads(res.stdout)["report"]["source_file"] == "-rf.docx"
    res = world.esep("extract", "-rf.docx", cwd=world.corpus)  # without "--": click refuses, reads nothing
    assert res.returncode == 2 and "No such option" in res.err
    assert (world.corpus / "-rf.docx").exists()


# ------------------------------------------------------------ nothing leaks


def test_nothing_was_fetched(world, extracted, models, ingested):
    assert world.listener.hits == []


def _dataset_text(dataset: Path) -> str:
    chunks = []
    for path in sorted(dataset.rglob("*")):
        if path.is_file():
            chunks.append(path.read_bytes().decode("utf-8", "backslashreplace"))
            if path.suffix == ".parquet":
                chunks.append(json.dumps(pq.read_table(path).to_pylist(), ensure_ascii=False, default=str))
    return "\n".join(chunks)


def test_no_secret_in_any_output(world, extracted, models, ingested):
    outputs = [r.stdout.decode("utf-8", "backslashreplace") + r.err for r in extracted.values()]
    outputs += list(models.values())
    outputs += [ingested.run.stdout.decode("utf-8", "backslashreplace"), ingested.run.err]
    outputs.append(_dataset_text(ingested.dataset))
    for text in outputs:
        assert world.token not in text
        assert ATTACHMENT_TOKEN not in text


def test_no_file_created_outside_the_output(world, extracted, models, ingested):
    for d in (world.home, world.tmp, world.cwd):
        assert listing(d) == set(), f"{d}: {sorted(listing(d))[:10]}"
    assert listing(world.corpus) == world.before["corpus"]
    assert listing(world.outside) == world.before["outside"]
    # esep ran with a private HOME; other processes may add to the real one meanwhile, but not this
    new = world.real_home_view() - world.before["real_home"]
    assert not [p for p in new if "esep" in p or "libreoffice" in p.lower()], new
    for marker in MARKERS:
        assert not marker.exists(), marker
    # no process started by a conversion outlived it
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        assert os.fsencode(world.base) not in cmdline, cmdline


# ------------------------------------------------------------ external programs


@pytest.mark.skipif(not (HAVE_SOFFICE and HAVE_TESSERACT), reason="LibreOffice or Tesseract is not installed")
def test_external_programs_run_fenced(world, models):
    """LibreOffice and Tesseract: network cut off (and nothing reached the
    port), private HOME/TMPDIR (checked empty above), a fixed input name
    whatever the file is called (-rf.doc, -rf scan.pdf are read)."""
    for name in ("rtf_fields", "odt_hostile", "dash_rf_doc", "dash_rf_scan"):
        assert "network cut off" in models[name], models[name][:400]
    assert "section cached" in models["odt_hostile"]  # the linked section was not re-read from disk
    assert world.token not in models["odt_hostile"] + models["rtf_fields"]


# ------------------------------------------------------------ Excel CSV


def _excel_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline=""), delimiter=";"))


def test_excel_csv_neutralises_formula_cells_and_parquet_keeps_them(world, extracted, ingested):
    current = ingested.dataset / "current" if (ingested.dataset / "current").exists() else ingested.dataset
    csv_path = next(current.rglob("partners.csv"))
    rows = [r for r in _excel_csv(csv_path) if r["contacts"] and "701" in r["contacts"]]
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["name"] == "'" + FORMULA_NAME
    assert row["role"] == "'" + FORMULA_ROLE
    assert row["contacts"] == "'" + FORMULA_CONTACTS
    assert row["note"] == "'" + FORMULA_NOTE
    kept = [r for r in ingested.tables["partners"] if r["contacts"] == FORMULA_CONTACTS]
    assert len(kept) == 1
    assert (kept[0]["name"], kept[0]["role"], kept[0]["note"]) == (FORMULA_NAME, FORMULA_ROLE, FORMULA_NOTE)
    bundle = json.loads(extracted["excel_formulas"].stdout)
    assert [(p["name"], p["role"], p["contacts"], p["note"]) for p in bundle["partners"]] == [
        (FORMULA_NAME, FORMULA_ROLE, FORMULA_CONTACTS, FORMULA_NOTE)]
    names = [r["source_file"] for r in _excel_csv(next(current.rglob("files.csv")))]
    formula_file = KINDS_BY_NAME["name_formula"].filename
    assert "'" + formula_file in names and formula_file not in names
