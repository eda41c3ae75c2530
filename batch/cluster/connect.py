"""Reach the cluster and check its workers before a file is read.

``open_cluster("tcp://host:8786", root)`` connects to a running scheduler;
``open_cluster("local", root, jobs)`` starts a LocalCluster of ``jobs``
single-threaded worker processes on this machine (loopback only), to
check a setup.  Then, before the batch touches the dataset, every worker
must: import esep (the same parser version as here: rows of another
version would be recorded under this one's) and read ROOT at the same
path, seeing the same folder.  Each failure is one ``ClusterError`` line
naming the scheduler or worker and the reason.

Dask's own log lines are silenced (ESEP_DEBUG=1 keeps them): what esep
has to say about the cluster it says once, in its own words.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import socket
from typing import TYPE_CHECKING, Iterator

from esep.batch.cluster import LOCAL, ClusterError
from esep.fsutil import one_line, printable_name

if TYPE_CHECKING:
    from esep.batch.cluster.executor import DaskExecutor

#: Seconds to reach the scheduler.
CONNECT_TIMEOUT_S = 10.0
#: Seconds to wait for a first worker at a scheduler that has none yet.
WORKERS_TIMEOUT_S = 30.0
#: ROOT's entries a worker must share with this machine (some of them).
SAMPLE_NAMES = 200
#: Where a LocalCluster's scheduler serves HTTP (health, metrics): loopback,
#: a free port (Dask's 8787 may be taken, and it says so on stderr).
LOOPBACK_ANY_PORT = "127.0.0.1:0"
#: Dask's own housekeeping, made rarer in this client and on a cluster esep
#: starts (``--cluster local``; README "More than one machine" gives them
#: for ``dask worker`` too): the dashboard's statistical profiler (which
#: samples every task thread 100 times a second) off; event-loop ticks,
#: system and memory monitors sampled less often.  An idle LocalCluster of
#: two workers took 11% of a core with Dask's defaults, 1.5% with these;
#: on a machine whose cores the workers fill, that is time taken from reading.
ENGINE_SETTINGS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "500ms",
}


def _quiet() -> None:
    """Dask configures some of its loggers one by one: each is silenced."""
    if os.environ.get("ESEP_DEBUG"):
        return
    names = [n for n in logging.root.manager.loggerDict if n == "distributed" or n.startswith("distributed.")]
    for name in ["distributed", *names]:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def _host_port(address: str) -> tuple[str, int]:
    rest = address.split("://", 1)[1]
    host, _, port = rest.rpartition(":")
    return host.strip("[]"), int(port)


def _probe(address: str, timeout: float) -> None:
    """A plain TCP connection first: refused, unknown host and silence are
    told apart here, at once, by the socket's own errors."""
    host, port = _host_port(address)
    where = f"the Dask scheduler at {address}"
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except socket.gaierror as exc:
        raise ClusterError(f"cannot reach {where}: unknown host ({exc.strerror})") from None
    except ConnectionRefusedError:
        raise ClusterError(f"cannot reach {where}: connection refused (is `dask scheduler` running there?)") from None
    except TimeoutError:
        raise ClusterError(f"cannot reach {where}: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise ClusterError(f"cannot reach {where}: {one_line(exc.strerror or str(exc))}") from None


def _connect(address: str, timeout: float):
    from distributed import Client

    _probe(address, timeout)
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except OSError as exc:  # it answered, but not as a Dask scheduler does
        raise ClusterError(f"cannot use the Dask scheduler at {address}: {one_line(str(exc))}") from None


@contextlib.contextmanager
def _local_cluster(jobs: int) -> Iterator[object]:
    from distributed import LocalCluster

    try:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=LOOPBACK_ANY_PORT, silence_logs=logging.CRITICAL)
    except Exception as exc:  # noqa: BLE001 - Dask wraps what stopped it in RuntimeError
        raise ClusterError(f"cannot start a local Dask cluster: {one_line(str(exc))}") from None
    with cluster:
        yield cluster


def _wait_for_workers(client, label: str, timeout: float) -> None:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except Exception:  # noqa: BLE001 - dask raises its own TimeoutError
        raise ClusterError(f"no Dask worker joined {label} within {timeout:g} s "
                           "(start some: dask worker ADDRESS)") from None


def top_names(root: str, limit: int = SAMPLE_NAMES) -> list[str]:
    """Some of the entries at the top of ROOT, as this machine sees them."""
    try:
        with os.scandir(root) as it:
            return sorted(e.name for e in itertools.islice(it, limit))
    except OSError:
        return []


def check_workers(client, root: str) -> None:
    """Every worker runs this esep and reads ROOT; else ClusterError."""
    from esep.batch.cluster.remote import check_worker
    from esep.schemas import parser_version

    pv = parser_version()
    try:
        found = client.run(check_worker, root, top_names(root), on_error="return")
    except OSError as exc:  # the scheduler went away (CommClosedError and timeouts are OSErrors)
        raise ClusterError(f"lost the Dask scheduler while checking its workers: {one_line(str(exc))}") from None
    shown = printable_name(root)
    for worker, check in sorted(found.items()):
        if isinstance(check, BaseException):
            name = type(check).__name__
            raise ClusterError(f"Dask worker {worker} cannot run esep ({one_line(f'{name}: {check}')}); "
                               "install the same esep on every worker")
        if check.problem:
            raise ClusterError(f"Dask worker {worker} cannot read ROOT {shown}: {check.problem}; "
                               "workers must see the archive at the same path as this machine")
        if check.parser_version != pv:
            raise ClusterError(f"Dask worker {worker} runs esep parser {check.parser_version}, this machine "
                               f"{pv}; install the same esep on every worker")


@contextlib.contextmanager
def open_cluster(address: str, root: str, jobs: int | None = None, *,
                 connect_timeout: float = CONNECT_TIMEOUT_S,
                 workers_timeout: float = WORKERS_TIMEOUT_S) -> Iterator[DaskExecutor]:
    """A checked ``DaskExecutor`` (``batch.cluster.executor``) for the batch."""
    try:
        import dask
        import distributed  # noqa: F401
    except ImportError:
        raise ClusterError('--cluster needs Dask, which is not installed: pip install "esep[dask]"') from None
    from esep.batch.cluster.executor import DaskExecutor
    from esep.guard import default_jobs

    _quiet()
    root = os.path.abspath(root)
    with contextlib.ExitStack() as stack:
        stack.enter_context(dask.config.set(ENGINE_SETTINGS))
        if address == LOCAL:
            from distributed import Client

            cluster = stack.enter_context(_local_cluster(jobs or default_jobs()))
            client = Client(cluster, set_as_default=False)
            label = "a local Dask cluster"
        else:
            client = _connect(address, connect_timeout)
            label = f"the Dask scheduler at {address}"
        stack.callback(_close, client)
        _wait_for_workers(client, label, workers_timeout)
        check_workers(client, root)
        yield DaskExecutor(client, label)


def _close(client) -> None:
    if client.status != "running":  # lost: closing would wait for a scheduler that is gone
        return
    try:
        client.close(timeout=5)
    except Exception:  # noqa: BLE001 - a lost scheduler: nothing to close there
        pass
