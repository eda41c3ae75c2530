"""esep ingest --include: only the files asked for are read or logged."""

from __future__ import annotations

import subprocess
import sys

import pyarrow.parquet as pq

from tests.conftest import REPO
from tests.docx_factory import p, write_docx


def test_include_globs_select_files_by_name(tmp_path):
    root, out = tmp_path / "root", tmp_path / "dataset"
    (root / "sub").mkdir(parents=True)
    write_docx(root / "sub" / "Report.DOCX", p("Письмо"))
    (root / "build.py").write_text("print('not a report')\n")
    (root / "notes.json").write_text("{}")
    proc = subprocess.run([sys.executable, "-m", "esep.cli", "ingest", str(root), "--out", str(out),
                           "--include", "*.docx", "--include", "*.pdf", "--jobs", "1"],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    files = pq.read_table(out / "files.parquet").to_pylist()
    assert [(f["source_file"], f["status"]) for f in files] == [("sub/Report.DOCX", "ok")]
