"""The benchmarks are not tests, but each must start: ``bench/X.py --help`` from a plain shell.

A benchmark imports the project the way a user runs it (``python bench/X.py``
from the repository, not under pytest), so an import that only works inside
the test session shows up here instead of the day someone measures.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

# the scripts (a bench's helper module, like bench_cluster.py for bench_ingest.py --cluster, is not one)
BENCHES = sorted(p for p in (REPO / "bench").glob("bench_*.py")
                 if '__name__ == "__main__"' in p.read_text(encoding="utf-8"))


def test_there_are_benchmarks():
    assert {p.name for p in BENCHES} >= {"bench_ingest.py", "bench_variants.py", "bench_ocr.py", "bench_watch.py"}


@pytest.mark.parametrize("script", BENCHES, ids=lambda p: p.name)
def test_a_benchmark_starts_and_explains_itself(script, tmp_path):
    done = subprocess.run([sys.executable, str(script), "--help"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("usage:"), done.stdout[:200]
    assert "Traceback" not in done.stderr
