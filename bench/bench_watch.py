#!/usr/bin/env python3
"""Benchmark ``esep watch``: latency of one report, time to drain a burst.

    .venv/bin/python bench/bench_watch.py                  # 10 single drops, 500 at once
    .venv/bin/python bench/bench_watch.py --drops 5 --burst 100 --settle 1
    .venv/bin/python bench/bench_watch.py --poll 1         # polling instead of events

Small generated DOCX reports (tests/docx_factory.py), each different.

- latency: a file is renamed into the inbox whole (it is complete at that
  instant); the clock stops when its report_id can be read from
  DATASET/reports.parquet.  Drops are one at a time, each after the
  previous one has left the inbox.  Printed as measured and with the
  settle time (during which the watcher must wait by design) subtracted.
- drain: BURST files renamed into the inbox at once; the clock stops when
  all their reports can be read.  For reference the same files go through
  one plain ``esep ingest`` run (--no-baseline skips it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.docx_factory import interim_report  # noqa: E402

ESEP = Path(sys.executable).with_name("esep")
CMD = [str(ESEP)] if ESEP.exists() else [sys.executable, "-m", "cli"]


def report(path: Path, n: int) -> str:
    """Write report n; its report_id."""
    import hashlib

    interim_report(path, n, rows=1 + n % 6)
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def readable_ids(ds: Path) -> set[str]:
    try:
        return set(pq.read_table(ds / "reports.parquet", columns=["report_id"]).column(0).to_pylist())
    except (OSError, ValueError):
        return set()


def wait(pred, timeout: float, what: str, proc: subprocess.Popen, interval: float = 0.01):
    deadline = time.monotonic() + timeout
    while not pred():
        if proc.poll() is not None:
            err = Path(proc.args[proc.args.index("--log") + 1]).with_suffix(".err").read_text("utf-8")
            raise SystemExit(f"the watcher exited ({proc.returncode}) while waiting for {what}:\n{err[-3000:]}")
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(interval)


def start(inbox: Path, ds: Path, log: Path, args) -> subprocess.Popen:
    cmd = [*CMD, "watch", str(inbox), "--out", str(ds), "--settle", str(args.settle), "--log", str(log)]
    if args.poll:
        cmd += ["--poll", str(args.poll)]
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=open(log.with_suffix(".err"), "w"))
    wait(lambda: log.exists() and '"started"' in log.read_text("utf-8"), 60, "start", proc)
    return proc


def commits(log: Path) -> int:
    return sum(1 for line in log.read_text("utf-8").splitlines() if json.loads(line)["event"] == "committed")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=600)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def bench_latency(tmp: Path, args) -> dict:
    inbox, ds, log, src = tmp / "lat" / "inbox", tmp / "lat" / "ds", tmp / "lat" / "log.jsonl", tmp / "lat" / "src"
    inbox.mkdir(parents=True)
    proc = start(inbox, ds, log, args)
    lat = []
    try:
        for i in range(args.drops + 1):  # the first one warms up (imports in the fork server)
            f = src / f"single{i:03d}.docx"
            rid = report(f, 10_000 + i)
            t0 = time.monotonic()
            os.rename(f, inbox / f.name)
            wait(lambda: rid in readable_ids(ds), 120, f"report {i}", proc)
            t1 = time.monotonic()
            if i:
                lat.append(t1 - t0)
            wait(lambda: not any(inbox.iterdir()), 60, "the inbox to empty", proc)
    finally:
        stop(proc)
    return {"latency": lat}


def bench_drain(tmp: Path, args) -> dict:
    base = tmp / "drain"
    inbox, ds, log, src = base / "inbox", base / "ds", base / "log.jsonl", base / "src"
    inbox.mkdir(parents=True)
    ids = set()
    for i in range(args.burst):
        ids.add(report(src / f"batch{i // 100}" / f"r{i:04d}.docx", 20_000 + i))
    baseline = None
    if not args.no_baseline:
        t = time.monotonic()
        cmd = [*CMD, "ingest", str(src), "--out", str(base / "baseline-ds")] + (["--jobs", str(args.jobs)] if args.jobs else [])
        subprocess.run(cmd, cwd=REPO, check=False, capture_output=True)
        baseline = time.monotonic() - t
    proc = start(inbox, ds, log, args)
    try:
        t0 = time.monotonic()
        for folder in sorted(src.iterdir()):
            os.rename(folder, inbox / folder.name)  # every file complete from here on
        t_dropped = time.monotonic()
        wait(lambda: len(readable_ids(ds) & ids) == len(ids), 3600, "the burst", proc, interval=0.05)
        t1 = time.monotonic()
    finally:
        stop(proc)
    return {"drain": t1 - t0, "drop_time": t_dropped - t0, "versions": commits(log), "baseline": baseline}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--drops", type=int, default=10, help="single drops for the latency [10]")
    ap.add_argument("--burst", type=int, default=500, help="files dropped at once [500]")
    ap.add_argument("--settle", type=float, default=1.0, help="esep watch --settle [1.0]")
    ap.add_argument("--poll", type=float, default=None, help="esep watch --poll (default: events)")
    ap.add_argument("--jobs", type=int, default=None, help="esep watch --jobs (default: all cores)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the plain esep ingest of the burst")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    try:
        mode = f"polling every {args.poll:g} s" if args.poll else "file-system events"
        print(f"esep watch benchmark: {mode}, --settle {args.settle:g} s, {os.cpu_count()} cores")
        lat = bench_latency(tmp, args)["latency"]
        s = args.settle
        print(f"latency, file complete -> rows readable, {len(lat)} single drops (after one warm-up drop):")
        print(f"  measured:        median {statistics.median(lat):.2f} s, p90 {pct(lat, 0.9):.2f} s, "
              f"min {min(lat):.2f} s, max {max(lat):.2f} s")
        print(f"  minus settle {s:g} s: median {statistics.median(lat) - s:.2f} s, p90 {pct(lat, 0.9) - s:.2f} s, "
              f"min {min(lat) - s:.2f} s, max {max(lat) - s:.2f} s")
        d = bench_drain(tmp, args)
        n = args.burst
        print(f"drain, {n} files dropped at once (renamed in over {d['drop_time']:.2f} s):")
        print(f"  measured:        {d['drain']:.1f} s ({n / d['drain']:.1f} files/s), {d['versions']} dataset versions")
        print(f"  minus settle {s:g} s: {d['drain'] - s:.1f} s ({n / (d['drain'] - s):.1f} files/s)")
        if d["baseline"]:
            print(f"  reference: one esep ingest run of the same files: {d['baseline']:.1f} s "
                  f"({n / d['baseline']:.1f} files/s, process start included)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
