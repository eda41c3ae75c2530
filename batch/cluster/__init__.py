"""``esep ingest --cluster``: the per-file work on the workers of a Dask cluster.

Everything else stays where it is: this process walks ROOT, plans, spools,
writes the one new dataset version and shows progress (``batch.run``);
only where a file is read changes (``batch.executor``).  A Dask worker
runs each file in esep's own guarded child, with the same time and
memory limits (``remote``), and sends the rows back as the spool's JSON
text (``wire``), never as pickled objects.

Modules: ``address`` (the ``--cluster`` value), ``connect`` (a scheduler
or a LocalCluster; the workers checked before a file is read),
``executor`` (``DaskExecutor``: tasks in, ``guard.Outcome`` out),
``remote`` (what runs on a worker), ``wire`` (what crosses).

Dask is imported only here, and only when ``--cluster`` is given:
``pip install "esep[dask]"`` brings it.
"""

from __future__ import annotations

from esep.batch.cluster.address import LOCAL, cluster_address


class ClusterError(Exception):
    """The cluster cannot be used, or was lost: ``str(err)`` is one line
    naming it and why."""


class ClusterLost(ClusterError):
    """The scheduler went away during a run."""


def open_cluster(address: str, root: str, jobs: int | None = None, **timeouts):
    """``batch.cluster.connect.open_cluster``, imported (with Dask) on use."""
    from esep.batch.cluster.connect import open_cluster as _open

    return _open(address, root, jobs, **timeouts)


__all__ = ["LOCAL", "ClusterError", "ClusterLost", "cluster_address", "open_cluster"]
