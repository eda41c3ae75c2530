"""``bench_ingest.py --cluster``: esep ingest on a Dask cluster beside the local pool.

    .venv/bin/python bench/bench_ingest.py --files 200 --cluster local --no-pipeline-loop --no-memory-check

With ``--cluster local`` the bench starts a LocalCluster of 1, then 2
single-threaded worker processes on loopback, and runs
``esep ingest --cluster tcp://...`` against each, each right after a run
of the local pool with as many processes on the same corpus (pairs, so
that a shared machine's load drifts as little as possible between the
two figures compared).  The figures compare the engine's overhead and its
scaling, not the cluster's start-up (timed apart).  With a scheduler's
address, one run on that cluster.

Targets: on this machine, the cluster within 15% of the local pool with
the same number of processes; >= 1.7x from 1 to 2 workers.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable


def _line(label: str, r: dict, n: int) -> str:
    return (f"esep --cluster ({label}): {r['seconds']:.1f} s, {n / r['seconds']:.2f} files/s, "
            f"{r['pages'] / r['seconds']:.2f} pages/s, ok {r['ok']}, failed {r['failed']}")


def on_local_clusters(work: Path, corpus: Path, n: int, timeout: float, run_esep: Callable[..., dict]) -> None:
    from distributed import LocalCluster

    runs, local_runs = {}, {}
    for workers in (1, 2):
        local_runs[workers] = r = run_esep(corpus, work / f"dataset-pair{workers}", workers, timeout)
        print(f"esep --jobs {workers} (local pool, paired): {r['seconds']:.1f} s, {n / r['seconds']:.2f} files/s",
              flush=True)
        t0 = time.perf_counter()
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster:
            started = time.perf_counter() - t0
            r = run_esep(corpus, work / f"dataset-cluster{workers}", workers, timeout,
                         extra=("--cluster", cluster.scheduler_address))
        runs[workers] = r
        print(_line(f"LocalCluster, {workers} worker{'s' if workers > 1 else ''}", r, n)
              + f"; the cluster started in {started:.1f} s (not counted)", flush=True)
        for e in r["errors"]:
            print(f"    e.g. failed: {e}")
    print()
    for workers in (1, 2):
        ratio = runs[workers]["seconds"] / local_runs[workers]["seconds"]
        print(f"cluster / local pool, {workers} process{'es' if workers > 1 else ''}: "
              f"{n / runs[workers]['seconds']:.2f} / {n / local_runs[workers]['seconds']:.2f} files/s, "
              f"time ratio {ratio:.2f}  (target <= 1.15)  {'PASS' if ratio <= 1.15 else 'FAIL'}")
    speedup = runs[1]["seconds"] / runs[2]["seconds"]
    print(f"cluster speed-up, 1 -> 2 workers: {speedup:.2f}x  (target >= 1.7x)  {'PASS' if speedup >= 1.7 else 'FAIL'}")


def on_cluster(address: str, work: Path, corpus: Path, n: int, timeout: float, run_esep: Callable[..., dict]) -> None:
    if address == "local":
        on_local_clusters(work, corpus, n, timeout, run_esep)
        return
    r = run_esep(corpus, work / "dataset-cluster", None, timeout, extra=("--cluster", address))
    print(_line(address, r, n), flush=True)
