"""watcher: ``esep watch`` -- unattended ingestion of reports dropped into
an inbox folder.

How it stays crash-proof (nothing dropped is lost or counted twice, even
after SIGKILL at any moment):

1. A file in INBOX is *complete* when its size, mtime and inode have not
   changed for ``--settle`` seconds and it opens (``inbox``).  Office lock
   files, partial downloads and hidden files are never taken (``names``).
2. Complete files are *renamed* into ``DATASET/.watch/staging/<path
   relative to INBOX>`` (``staging.take``; one atomic, non-overwriting
   step; across file systems a flushed copy, then the unlink).  Only the
   watcher writes there, so an ingest run never sees a half-written file.
3. ``batch.run.ingest(root=staging, retry_failed=True)`` ingests the
   staging folder through the dataset's manifest, exactly like ``esep
   ingest``: ``source_file`` is the path relative to INBOX, the new
   version is written beside the current one and swapped in atomically,
   and files already parsed are spooled.  Files ingested earlier and
   since moved away are "vanished" for batch, which keeps their rows.
4. After the version is committed, each staged file that the current
   manifest records as it is (same name, size, mtime) moves to
   ``processed/<date>/`` or ``failed/<date>/`` (+ ``NAME.error.txt``).
5. On start, staging is drained first: files a killed run had staged are
   either recorded already (they just move out: no second ingest) or not
   (they are ingested, reusing the spool).  The manifest is keyed by
   sha256, so even a file taken twice (a crash in the middle of a
   cross-device move) is logged ``duplicate``/``skipped``, never a second
   report.  A new file whose name the dataset records with other bytes is
   staged as ``name (1).ext`` first, so a name never makes batch replace
   an earlier report.

Modules: ``settings`` (every constant), ``names`` (ignored names, ``name
(n).ext``), ``moves`` (no-overwrite moves), ``inbox`` (discovery and
settling), ``events`` (watchdog), ``staging`` (the steps above),
``journal`` (JSON lines + terminal), ``lock`` (one watcher per dataset),
``loop`` (the main loop, signals), ``command`` (click).
"""
