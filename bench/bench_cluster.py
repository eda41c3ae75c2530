"""``bench_ingest.py --cluster``: esep ingest on a Dask cluster beside the local pool.

    .venv/bin/python bench/bench_ingest.py --files 150 --cluster local --only-cluster

With ``--cluster local`` the bench starts two LocalClusters on loopback,
of 1 and of 2 single-threaded worker processes, with Dask's housekeeping
set as README "More than one machine" says to start ``dask worker``
(``batch.cluster.connect.ENGINE_SETTINGS``); their start-up is timed
apart and not counted.  Then, in each round (``--rounds``, 5 unless
told), it runs ``esep ingest`` on the local pool with 1 process, on the
1-worker cluster (``--cluster tcp://...``), on the local pool with 2
processes and on the 2-worker cluster; the next round runs them in the
opposite order.  Each figure compared (cluster / local pool, 1 -> 2
workers) is taken within a round, minutes apart at most, and the median
over the rounds is the one checked against its target: on a shared
machine whose speed drifts from minute to minute (this 2-core VM's
identical runs differ by up to 30%), only runs close in time compare.

Each run's CPU time is also counted (``CpuMeter``): this process and all
its descendants, that is the esep run and its children, the Dask worker
processes and theirs, and the LocalClusters' schedulers, which run in
this process (so do the bench's samplers, in every run).  The CPU ratio
is the engine's own cost in work done, apart from whether the cores
were free to do it.

With a scheduler's address, one run on that cluster.

Targets: on this machine, the cluster within 15% of the local pool with
the same number of processes; >= 1.7x from 1 to 2 workers.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Callable

from proctree import cpu_seconds, stolen_seconds, tree

TIME_TARGET = 1.15
SPEEDUP_TARGET = 1.7


def _line(label: str, r: dict, n: int) -> str:
    return (f"esep --cluster ({label}): {r['seconds']:.1f} s, {n / r['seconds']:.2f} files/s, "
            f"{r['pages'] / r['seconds']:.2f} pages/s, ok {r['ok']}, failed {r['failed']}")


def _tree_times(root: int) -> dict[int, float]:
    """CPU seconds of ``root`` and each live descendant, each on its own."""
    out = {}
    for p in tree(root):
        t = cpu_seconds(p)
        if t is not None:
            out[p] = t
    return out


class CpuMeter:
    """CPU seconds used by this process and all its descendants (the esep
    run, the LocalCluster's workers and their children) from start to
    stop.  Each process's time is sampled every ``every`` seconds and its
    last sample counts, so a process that ends loses at most that much."""

    def __init__(self, every: float = 0.1):
        import threading

        self.every = every
        self.first = _tree_times(os.getpid())
        self.last = dict(self.first)
        self.stolen = stolen_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.last.update(_tree_times(os.getpid()))

    def stop(self) -> tuple[float, float]:
        """(CPU seconds used, CPU seconds the host's hypervisor gave to others meanwhile)."""
        self._stop.set()
        self._thread.join()
        self.last.update(_tree_times(os.getpid()))
        return sum(t - self.first.get(p, 0.0) for p, t in self.last.items()), stolen_seconds() - self.stolen


def _timed(run: Callable[[], dict]) -> dict:
    meter = CpuMeter()
    r = run()
    r["cpu"], r["stolen"] = meter.stop()
    return r


def _stolen(r: dict) -> str:
    """The host's share of the CPUs taken for others during a run, when it is worth saying."""
    share = r["stolen"] / (r["seconds"] * (os.cpu_count() or 1))
    return f" ({100 * share:.0f}% of the CPUs taken by the host)" if share >= 0.01 else ""


def _busy(r: dict, jobs: int) -> str:
    """The parsing children's time (files' duration_ms) over the time they had: what is not
    reading is the engine's (and the client's) share, and what the machine withheld."""
    return f"{100 * r['reading_s'] / (r['seconds'] * jobs):.0f}% of the time"


def _ratios(a: list[dict], b: list[dict], field: str = "seconds") -> list[float]:
    """Round by round, a's figure over b's (runs of one round are minutes apart at most)."""
    return [x[field] / y[field] for x, y in zip(a, b)]


def _workers(k: int) -> str:
    return f"{k} worker{'s' if k > 1 else ''}"


#: The four kinds of run in a round: (on a cluster?, processes).
KINDS = ((False, 1), (True, 1), (False, 2), (True, 2))


def on_local_clusters(work: Path, corpus: Path, n: int, timeout: float, run_esep: Callable[..., dict],
                      rounds: int = 5) -> None:
    import contextlib

    import dask
    from distributed import LocalCluster

    from esep.batch.cluster.connect import ENGINE_SETTINGS, LOOPBACK_ANY_PORT

    runs: dict[tuple[bool, int], list[dict]] = {kind: [] for kind in KINDS}
    with contextlib.ExitStack() as stack:
        stack.enter_context(dask.config.set(ENGINE_SETTINGS))  # as README says to start `dask worker`
        clusters = {}
        environ = dict(os.environ)
        for workers in (1, 2):
            t0 = time.perf_counter()
            clusters[workers] = stack.enter_context(LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=LOOPBACK_ANY_PORT))
            print(f"LocalCluster of {_workers(workers)} started in {time.perf_counter() - t0:.1f} s (not counted)",
                  flush=True)
        # Dask's nanny leaves its workers' variables (MALLOC_TRIM_THRESHOLD_, OMP_NUM_THREADS...)
        # in this process's environment: the esep runs get the environment a user's shell gives
        os.environ.clear()
        os.environ.update(environ)
        for k in range(rounds):
            for on_cluster, jobs in (KINDS if k % 2 == 0 else KINDS[::-1]):
                out = work / f"dataset-{'cluster' if on_cluster else 'local'}{jobs}-{k}"
                extra = ("--cluster", clusters[jobs].scheduler_address) if on_cluster else ()
                r = _timed(lambda: run_esep(corpus, out, jobs, timeout, extra=extra))
                runs[on_cluster, jobs].append(r)
                label = _line(_workers(jobs), r, n) if on_cluster else (
                    f"esep --jobs {jobs} (local pool): {r['seconds']:.1f} s, {n / r['seconds']:.2f} files/s")
                print(f"  round {k + 1}: {label}, CPU {r['cpu']:.1f} s, reading {_busy(r, jobs)}{_stolen(r)}",
                      flush=True)
                for e in r["errors"]:
                    print(f"    e.g. failed: {e}")
                shutil.rmtree(out, ignore_errors=True)
    print()
    print(f"medians over {rounds} rounds of the figures paired within a round:")
    for jobs in (1, 2):
        times = _ratios(runs[True, jobs], runs[False, jobs])
        cpu = statistics.median(_ratios(runs[True, jobs], runs[False, jobs], "cpu"))
        ratio = statistics.median(times)
        plural = "es" if jobs > 1 else ""
        print(f"cluster / local pool, {jobs} process{plural}: time ratio {ratio:.2f}  (target <= {TIME_TARGET})  "
              f"{'PASS' if ratio <= TIME_TARGET else 'FAIL'}")
        print(f"    per round: {', '.join(f'{t:.2f}' for t in times)}; CPU ratio {cpu:.2f} "
              f"(the engine's own cost: {100 * (cpu - 1):+.0f}% CPU)")
    speedups = _ratios(runs[True, 1], runs[True, 2])
    speedup = statistics.median(speedups)
    local_speedup = statistics.median(_ratios(runs[False, 1], runs[False, 2]))
    print(f"cluster speed-up, 1 -> 2 workers: {speedup:.2f}x  (target >= {SPEEDUP_TARGET}x)  "
          f"{'PASS' if speedup >= SPEEDUP_TARGET else 'FAIL'}")
    print(f"    per round: {', '.join(f'{t:.2f}' for t in speedups)}; the local pool's, 1 -> 2 processes: "
          f"{local_speedup:.2f}x")


def on_cluster(address: str, work: Path, corpus: Path, n: int, timeout: float, run_esep: Callable[..., dict],
               rounds: int = 5) -> None:
    if address == "local":
        on_local_clusters(work, corpus, n, timeout, run_esep, rounds)
        return
    r = run_esep(corpus, work / "dataset-cluster", None, timeout, extra=("--cluster", address))
    print(_line(address, r, n), flush=True)
