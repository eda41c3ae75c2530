"""batch: ``esep ingest`` -- a folder of reports into one dataset.

Modules: ``walk`` (safe file discovery), ``plan`` (what to read, what to
drop; pure), ``store`` (versions, atomic swap, lock, spool), ``manifest``,
``work`` (what a guarded child does per file), ``facts`` (what the
checks across reports need), ``version`` (a version's tables, reports
last), ``run`` (orchestration), ``progress`` (bar or log lines),
``events`` (``--log``: JSON lines, shared with the watcher), ``command``
(the click command); ``archives`` (ZIP archives read as folders) and
``ignored`` (files that are not documents are not failures);
``executor`` (where files are read: this machine's guarded pool, or
``cluster``: the workers of a Dask cluster, ``--cluster``).
"""
