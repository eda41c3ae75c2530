"""batch: ``esep ingest`` -- a folder of reports into one dataset.

Modules: ``walk`` (safe file discovery), ``plan`` (what to read, what to
drop; pure), ``store`` (versions, atomic swap, lock, spool), ``manifest``,
``work`` (what a guarded child does per file), ``run`` (orchestration),
``progress`` (bar or log lines), ``command`` (the click command);
``archives`` (ZIP archives read as folders) and ``ignored`` (files that
are not documents are not failures).
"""
