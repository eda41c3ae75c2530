#!/usr/bin/env python3
"""OCR benchmark: seconds per page and numeric accuracy on the scanned sample.

    .venv/bin/python bench/bench_ocr.py [SCAN.pdf [EXPECTED.json]]

Defaults: samples/final_eco_mangystau_scan.pdf against
samples/expected/final_eco_mangystau_scan.pdf.json.  Prints, per page, the
seconds spent in Tesseract and in all (render, deskew, grid, OCR) and the
CPU seconds (what an idle machine would take: wall times grow with load), then
the share of numeric fields that are exactly right (every int/float field
of activities, indicators and demographics, and the report's amount and
year; provenance columns excluded), with every miss.  Target: >= 95 %.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SCAN = REPO / "samples" / "final_eco_mangystau_scan.pdf"
EXPECTED = REPO / "samples" / "expected" / "final_eco_mangystau_scan.pdf.json"
TARGET = 0.95

NUMERIC_TABLES = ("activities", "indicators", "demographics")
REPORT_NUMBERS = ("grant_amount_kzt", "report_year")
PROVENANCE = {"source_page", "source_table", "source_row"}


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def numeric_score(expected: dict, got: dict) -> tuple[int, int, list[str]]:
    """(right, total, misses): numeric fields compared row by row in order.

    A field counts when the expectation or esep gives a number there; a
    missing row counts every numeric field of the expected row as missed.
    """
    right = total = 0
    misses: list[str] = []

    def one(where: str, e, g) -> None:
        nonlocal right, total
        if not (_is_number(e) or _is_number(g)):
            return
        total += 1
        if _is_number(e) and _is_number(g) and float(e) == float(g):
            right += 1
        else:
            misses.append(f"{where}: expected {e!r}, got {g!r}")

    for field in REPORT_NUMBERS:
        one(f"report.{field}", expected["report"].get(field), got["report"].get(field))
    for table in NUMERIC_TABLES:
        exp_rows, got_rows = expected.get(table, []), got.get(table, [])
        for i, e in enumerate(exp_rows):
            g = got_rows[i] if i < len(got_rows) else {}
            for field, value in e.items():
                if field in PROVENANCE:
                    continue
                one(f"{table}[{i}].{field}", value, g.get(field))
        for i in range(len(exp_rows), len(got_rows)):
            for field, value in got_rows[i].items():
                if field not in PROVENANCE and _is_number(value):
                    one(f"{table}[{i}].{field} (extra row)", None, value)
    return right, total, misses


TEXT_TABLES = ("activities", "indicators", "demographics", "partners", "sections")


def text_score(expected: dict, got: dict) -> tuple[float, float, int]:
    """(mean similarity, share exactly equal, fields) over the text fields of the rows."""
    import difflib

    ratios = []
    for table in TEXT_TABLES:
        for e, g in zip(expected.get(table, []), got.get(table, [])):
            for field, value in e.items():
                if isinstance(value, str) and not field.endswith(("_start", "_end")) and field != "date":
                    other = g.get(field)
                    if isinstance(other, str):
                        ratios.append(difflib.SequenceMatcher(None, value, other, autojunk=False).ratio())
                    else:
                        ratios.append(0.0)
    if not ratios:
        return 0.0, 0.0, 0
    return sum(ratios) / len(ratios), sum(1 for r in ratios if r == 1.0) / len(ratios), len(ratios)


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scan", nargs="?", type=Path, default=SCAN, help="a scanned PDF (default: the scanned sample)")
    ap.add_argument("expected", nargs="?", type=Path, default=EXPECTED, help="its expected output JSON")
    args = ap.parse_args(argv)
    scan, expected_path = args.scan, args.expected
    for path in (scan, expected_path):
        if not path.is_file():
            ap.error(f"{path}: no such file")
    from esep.extract.ocr import engine as ocr
    from esep.extract.ocr import reader as ocr_reader
    from esep.pipeline import process_file

    ocr_times: list[float] = []
    real = ocr.read_words

    def timed(*a, **kw):
        t = time.perf_counter()
        try:
            return real(*a, **kw)
        finally:
            ocr_times.append(time.perf_counter() - t)

    ocr.read_words = timed
    stats: list = []
    real_close = ocr_reader.PageScanner.close

    def keep_stats(self):
        stats.extend(self.stats)
        real_close(self)

    ocr_reader.PageScanner.close = keep_stats
    import resource

    def cpu(who) -> float:
        r = resource.getrusage(who)
        return r.ru_utime + r.ru_stime

    c_self, c_kids = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    bundle = process_file(scan, source_file=scan.name).model_dump(mode="json")
    wall = time.perf_counter() - t0
    c_self, c_kids = cpu(resource.RUSAGE_SELF) - c_self, cpu(resource.RUSAGE_CHILDREN) - c_kids
    ocr.read_words = real
    ocr_reader.PageScanner.close = real_close

    print(f"{scan.name}: {bundle['report']['page_count']} pages, source_format {bundle['report']['source_format']}")
    for s in stats:
        print(f"  page {s.page}: deskew {s.angle:+.2f}°, {s.words} words, mean confidence {s.mean_conf}, "
              f"Tesseract {s.seconds_ocr:.2f} s, page total {s.seconds_total:.2f} s")
    if stats:
        n = len(stats)
        print(f"OCR: {sum(s.seconds_ocr for s in stats) / n:.2f} s/page in Tesseract, "
              f"{sum(s.seconds_total for s in stats) / n:.2f} s/page with rendering/deskew/grid; "
              f"whole file {wall:.1f} s ({wall / n:.2f} s/page incl. pdfplumber and normalisation)")
        print(f"CPU time (what an idle core would take): Tesseract {c_kids / n:.2f} s/page, "
              f"esep itself {c_self / n:.2f} s/page; load average now {os.getloadavg()[0]:.1f}")
    if expected_path.exists():
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        right, total, misses = numeric_score(expected, bundle)
        share = right / total if total else 0.0
        print(f"numeric fields exactly right: {right}/{total} = {share:.1%} (target {TARGET:.0%})")
        for m in misses:
            print(f"  miss: {m}")
        sim, exact, n = text_score(expected, bundle)
        print(f"text fields: mean similarity {sim:.3f}, exactly equal {exact:.1%} of {n}")
        low = [f for f in bundle["findings"] if f["code"] == "low_confidence"]
        print(f"low_confidence findings: {len(low)}")
        for f in low:
            print(f"  {f['location']}: {f['value']!r}")
        return 0 if share >= TARGET else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
