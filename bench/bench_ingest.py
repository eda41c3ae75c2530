#!/usr/bin/env python3
"""Benchmark ``esep ingest`` against a bare baseline, on a generated corpus.

    .venv/bin/python bench/bench_ingest.py                 # 1,000 files
    .venv/bin/python bench/bench_ingest.py --files 2000
    .venv/bin/python bench/bench_ingest.py --quick         # 120 files, a smoke run
    .venv/bin/python bench/bench_ingest.py --cluster local # and on 1 and 2 Dask workers (bench_cluster.py)
    .venv/bin/python bench/bench_ingest.py --files 150 --cluster local --only-cluster  # that part alone

The corpus is built in a temporary folder from samples/*.docx and the
samples/*.pdf that have a text layer (scans are OCR's business, measured
by bench/bench_ocr.py; --include-scans adds them): DOCX variants get other numbers (digits in the text
redrawn), other lengths (table rows duplicated 0..40 times) and other
names in nested folders; PDF variants get other page counts (pages
selected and repeated with pypdfium2, which pdfplumber already depends
on) and a trailing comment so that no two files have the same bytes.
Without samples, report-like DOCX files are generated with python-docx.

In the same run it times
- the baseline: one process that only opens each file with python-docx /
  pdfplumber and extracts its tables;
- ``pipeline.process_file`` in a plain loop (what readers and normalisation
  cost, to tell esep ingest's own overhead from theirs);
- ``esep ingest`` with --jobs 1 and --jobs 2 (each into a fresh dataset);
- ``esep ingest --jobs 2`` on the first quarter of the corpus, to show that
  peak memory does not grow with the number of files (the quarter holds
  the largest variants, see ``build_corpus``);
and prints files/s, pages/s, peak memory and the ratios against the
targets (esep / baseline <= 1.2 on one process (issue 12); >= 1.7x faster with two
processes; peak memory < 400 MB and flat).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from proctree import tree

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
REGIONS = ["Мангистауская область", "Алматы", "Астана", "Қарағанды облысы", "Шымкент", "Атырау"]
KINDS = ["Промежуточный отчет", "Итоговый отчет", "Аралық есеп", "report final", "отчёт (копия)"]


# ------------------------------------------------------------------ corpus

_T_RE = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
_TR_RE = re.compile(r"<w:tr[ >].*?</w:tr>", re.S)


MAX_COPIES = 40  # a DOCX variant repeats up to 3 table rows up to MAX_COPIES - 1 times


def vary_docx(src: bytes, rng: random.Random, out: Path, largest: bool = False) -> None:
    """Other digits in the text, some table rows repeated (``largest``: three
    rows, each repeated as often as any variant can repeat it)."""
    zin = zipfile.ZipFile(__import__("io").BytesIO(src))
    xml = zin.read("word/document.xml").decode("utf-8")

    def redraw(m: re.Match) -> str:
        text = re.sub(r"\d", lambda _d: str(rng.randrange(10)), m.group(2)) if rng.random() < 0.6 else m.group(2)
        return m.group(1) + text + m.group(3)

    xml = _T_RE.sub(redraw, xml)
    rows = [m for m in _TR_RE.finditer(xml) if "<w:tbl" not in m.group(0) and "vMerge" not in m.group(0)]
    if rows:
        if largest:  # the three longest rows
            chosen = sorted(rows, key=lambda m: len(m.group(0)), reverse=True)[:3]
        else:
            chosen = rng.sample(rows, k=min(len(rows), rng.randrange(0, 4)))
        picks = sorted(chosen, key=lambda m: m.start(), reverse=True)
        for m in picks:
            copies = MAX_COPIES - 1 if largest else rng.randrange(0, MAX_COPIES)
            xml = xml[: m.end()] + m.group(0) * copies + xml[m.end():]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = xml.encode("utf-8") if info.filename == "word/document.xml" else zin.read(info.filename)
            zout.writestr(info, data)


def vary_pdf(src: Path, rng: random.Random, out: Path, i: int, largest: bool = False) -> int:
    """Other page counts: a random selection of pages, some repeated
    (``largest``: twice the sample's pages, the most any variant has)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(src))
    n = len(doc)
    k = 2 * n if largest else rng.randrange(1, 2 * n + 1)
    pages = sorted(rng.choices(range(n), k=k)) if k > n else sorted(rng.sample(range(n), k))
    new = pdfium.PdfDocument.new()
    new.import_pages(doc, pages)
    new.save(str(out))
    new.close()
    doc.close()
    with open(out, "ab") as fp:
        fp.write(f"\n%esep-bench variant {i}\n".encode())
    return len(pages)


def generated_docx(n: int, rng: random.Random, out: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(rng.choice(["Промежуточный программный отчет", "Итоговый программный отчет"]))
    d.add_paragraph(f"Грантополучатель: ОФ «Бірлік {n}»")
    d.add_paragraph(f"Сумма гранта: {rng.randrange(1_000_000, 50_000_000)} тенге")
    rows = rng.randrange(3, 60)
    t = d.add_table(rows=rows + 1, cols=5)
    for j, h in enumerate(["№", "Мероприятие", "Дата", "План", "Факт"]):
        t.cell(0, j).text = h
    for r in range(1, rows + 1):
        for j, v in enumerate([str(r), f"Семинар {n}-{r}", f"{rng.randrange(1, 28)}.05.2022",
                               str(rng.randrange(10, 500)), str(rng.randrange(10, 500))]):
            t.cell(r, j).text = v
    d.save(out)


def has_text_layer(pdf: Path) -> bool:
    """A scan has no text on its first page: OCR is benchmarked apart
    (bench/bench_ocr.py), and the baseline could not read it anyway."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return bool(doc.pages) and len(doc.pages[0].chars) > 20


def build_corpus(root: Path, n_files: int, pdf_share: float, seed: int = 7, scans: bool = False) -> dict:
    """n_files files; the first quarter under root/part-a (a smaller root).

    Peak memory follows the largest file a process meets as well as the
    number of files; so that comparing the quarter with the whole corpus
    measures the number of files, the quarter starts with the largest
    variant every sample can give (the most repeated rows, the most pages),
    which the rest of the corpus can equal but not exceed.
    """
    rng = random.Random(seed)
    docx_samples = [p.read_bytes() for p in sorted(SAMPLES.glob("*.docx"))]
    pdf_samples = [p for p in sorted(SAMPLES.glob("*.pdf")) if scans or has_text_layer(p)]
    quarter = max(1, n_files // 4)
    largest = [("docx", j) for j in range(len(docx_samples))] + [("pdf", j) for j in range(len(pdf_samples))]
    largest = largest if len(largest) <= quarter else []
    pages = 0
    counts = {"docx": 0, "pdf": 0}
    for i in range(n_files):
        part = "part-a" if i < quarter else "part-b"
        folder = root / part / rng.choice(REGIONS) / str(rng.choice([2021, 2022, 2023]))
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{rng.choice(KINDS)} {i:05d}"
        big = largest[i] if i < len(largest) else None
        if big and big[0] == "pdf":
            pages += vary_pdf(pdf_samples[big[1]], rng, folder / f"{stem}.pdf", i, largest=True)
            counts["pdf"] += 1
        elif big:
            vary_docx(docx_samples[big[1]], rng, folder / f"{stem}.docx", largest=True)
            counts["docx"] += 1
        elif pdf_samples and rng.random() < pdf_share:
            pages += vary_pdf(rng.choice(pdf_samples), rng, folder / f"{stem}.pdf", i)
            counts["pdf"] += 1
        elif docx_samples:
            vary_docx(rng.choice(docx_samples), rng, folder / f"{stem}.docx")
            counts["docx"] += 1
        else:
            generated_docx(i, rng, folder / f"{stem}.docx")
            counts["docx"] += 1
    return {"files": n_files, "quarter": quarter, "pdf_pages": pages, **counts}


# ------------------------------------------------------------------ runs

def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


BASELINE = r"""
import sys, time, resource
from pathlib import Path
import docx, pdfplumber
files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file())
t0 = time.perf_counter(); pages = 0; tables = 0
for p in files:
    if p.suffix == ".pdf":
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                pages += 1
                tables += len(page.extract_tables())
                page.flush_cache() if hasattr(page, "flush_cache") else None
    else:
        d = docx.Document(p)
        for t in d.tables:
            tables += 1
            [[c.text for c in row.cells] for row in t.rows]
print(time.perf_counter() - t0, pages, tables, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def run_baseline(root: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", BASELINE, str(root)], capture_output=True, text=True, check=True)
    seconds, pages, tables, rss = out.stdout.split()
    return {"seconds": float(seconds), "pages": int(pages), "tables": int(tables), "rss": int(rss)}


PIPELINE = r"""
import sys, time, resource
from pathlib import Path
from esep.extract import ExtractError
from esep.pipeline import process_file
files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file())
t0 = time.perf_counter(); failed = 0
for p in files:
    try:
        process_file(p)
    except ExtractError:
        failed += 1
print(time.perf_counter() - t0, failed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def run_pipeline_loop(root: Path) -> dict:
    """pipeline.process_file in a plain loop: what the readers and
    normalisation cost, without esep ingest's guard, IPC and writing."""
    out = subprocess.run([sys.executable, "-c", PIPELINE, str(root)], capture_output=True, text=True,
                         check=True, cwd=REPO)
    seconds, failed, rss = out.stdout.split()
    return {"seconds": float(seconds), "failed": int(failed), "rss": int(rss)}


_MEM_RE = re.compile(r"peak memory: (\d+) MB main process(?:, (\d+) MB largest worker)?")
_FILES_RE = re.compile(r"files: ok (\d+), failed (\d+), duplicate (\d+), skipped (\d+)")
_PAGES_RE = re.compile(r"([\d.]+) pages/s")


def _memory(pid: int) -> tuple[int, int]:
    """(Pss, Rss) of a process in bytes; Pss shares the pages that the
    workers inherit from the fork server fairly instead of counting them
    once per process."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fp:
            for line in fp:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return pss, rss


class TreeSampler:
    """Samples the memory of a process tree every ``every`` seconds; keeps
    the peak of the summed Pss and of the summed Rss."""

    def __init__(self, pid: int, every: float = 0.25):
        import threading

        self.pid, self.every = pid, every
        self.peak_pss = self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            pss = rss = 0
            for p in tree(self.pid):
                a, b = _memory(p)
                pss += a
                rss += b
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_esep(root: Path, out: Path, jobs: int | None, timeout: float, extra: tuple[str, ...] = ()) -> dict:
    esep = Path(sys.executable).with_name("esep")
    cmd = [str(esep)] if esep.exists() else [sys.executable, "-m", "cli"]
    cmd += ["ingest", str(root), "--out", str(out), "--no-progress", "--timeout", str(timeout), *extra]
    cmd += ["--jobs", str(jobs)] if jobs else []
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    sampler = TreeSampler(proc.pid)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    sampler.stop()
    res = subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)
    if res.returncode not in (0, 1):
        raise SystemExit(f"esep failed ({res.returncode}):\n{res.stderr[-3000:]}")
    mem = _MEM_RE.search(res.stdout)
    files = _FILES_RE.search(res.stdout)
    import pyarrow.parquet as pq

    pages = sum(v or 0 for v in pq.read_table(out / "reports.parquet", columns=["page_count"]).column(0).to_pylist())
    reading_ms = sum(v or 0 for v in pq.read_table(out / "files.parquet", columns=["duration_ms"]).column(0).to_pylist())
    return {
        "seconds": seconds,
        "main_mb": int(mem.group(1)) if mem else None,
        "worker_mb": int(mem.group(2)) if mem and mem.group(2) else None,
        "ok": int(files.group(1)), "failed": int(files.group(2)),
        "pages": pages,
        "reading_s": reading_ms / 1000,  # the parsing children's time, all files together
        "tree_pss_mb": sampler.peak_pss // 2**20,
        "tree_rss_mb": sampler.peak_rss // 2**20,
        "summary": res.stdout.strip(),
        "errors": sorted({line.split(": ", 2)[-1] for line in res.stderr.splitlines() if line.startswith("esep: failed")})[:5],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000, help="corpus size [1000]")
    ap.add_argument("--quick", action="store_true", help="120 files: a smoke run")
    ap.add_argument("--pdf-share", type=float, default=0.25, help="share of PDF files [0.25]")
    ap.add_argument("--timeout", type=float, default=300, help="esep --timeout per file [300]")
    ap.add_argument("--include-scans", action="store_true",
                    help="also vary scanned sample PDFs (OCR; slow, and the baseline cannot read them)")
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    ap.add_argument("--no-pipeline-loop", action="store_true", help="skip timing process_file in a plain loop")
    ap.add_argument("--no-memory-check", action="store_true", help="skip the quarter-corpus run")
    ap.add_argument("--cluster", metavar="ADDRESS",
                    help="also run on Dask: 'local' (1 and 2 workers on loopback) or a scheduler's address")
    ap.add_argument("--rounds", type=int, default=5,
                    help="with --cluster local: local/cluster pairs per number of workers, medians compared [5]")
    ap.add_argument("--only-cluster", action="store_true",
                    help="with --cluster: skip the baseline and the plain esep runs")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    if args.only_cluster and not args.cluster:
        ap.error("--only-cluster needs --cluster")
    n = 120 if args.quick else args.files

    work = args.keep or Path(tempfile.mkdtemp(prefix="esep-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    try:
        t0 = time.perf_counter()
        if corpus.exists():
            shutil.rmtree(corpus)
        info = build_corpus(corpus, n, args.pdf_share, scans=args.include_scans)
        size = sum(p.stat().st_size for p in all_files(corpus))
        print(f"corpus: {info['files']} files ({info['docx']} DOCX, {info['pdf']} PDF with {info['pdf_pages']} pages), "
              f"{size / 2**20:.1f} MB, built in {time.perf_counter() - t0:.1f} s  [{corpus}]", flush=True)
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)

        if args.only_cluster:
            from bench_cluster import on_cluster

            on_cluster(args.cluster, work, corpus, n, args.timeout, run_esep, args.rounds)
            return 0

        base = run_baseline(corpus)
        print(f"baseline (python-docx / pdfplumber, tables only, 1 process): {base['seconds']:.1f} s, "
              f"{n / base['seconds']:.2f} files/s, {base['pages'] / base['seconds']:.2f} pages/s, "
              f"peak {base['rss'] / 2**20:.0f} MB", flush=True)

        loop = None
        if not args.no_pipeline_loop:
            loop = run_pipeline_loop(corpus)
            print(f"pipeline.process_file in a loop (no guard, no output, 1 process): {loop['seconds']:.1f} s, "
                  f"{n / loop['seconds']:.2f} files/s, peak {loop['rss'] / 2**20:.0f} MB", flush=True)

        runs = {}
        for jobs in (1, 2):
            r = run_esep(corpus, work / f"dataset-j{jobs}", jobs, args.timeout)
            runs[jobs] = r
            print(f"esep --jobs {jobs}: {r['seconds']:.1f} s, {n / r['seconds']:.2f} files/s, "
                  f"{r['pages'] / r['seconds']:.2f} pages/s, ok {r['ok']}, failed {r['failed']}, "
                  f"peak {r['main_mb']} MB main + {r['worker_mb']} MB per worker; whole process tree "
                  f"{r['tree_pss_mb']} MB (Pss), {r['tree_rss_mb']} MB (Rss)", flush=True)
            for e in r["errors"]:
                print(f"    e.g. failed: {e}")

        if args.cluster:
            from bench_cluster import on_cluster

            on_cluster(args.cluster, work, corpus, n, args.timeout, run_esep, args.rounds)

        small = None
        if not args.no_memory_check:
            small = run_esep(corpus / "part-a", work / "dataset-quarter", 2, args.timeout)
            print(f"esep --jobs 2 on {info['quarter']} files: peak {small['main_mb']} MB main + "
                  f"{small['worker_mb']} MB per worker; whole process tree {small['tree_pss_mb']} MB (Pss)", flush=True)

        ratio = runs[1]["seconds"] / base["seconds"]
        speedup = runs[1]["seconds"] / runs[2]["seconds"]
        total2 = runs[2]["tree_pss_mb"]
        print()
        print(f"esep / baseline, one process:  {ratio:.2f}   (target <= 1.2)   {'PASS' if ratio <= 1.2 else 'FAIL'}")
        print(f"speed-up with 2 processes:     {speedup:.2f}x  (target >= 1.7x)  {'PASS' if speedup >= 1.7 else 'FAIL'}")
        print(f"peak memory, 2 processes:      {total2} MB, main + fork server + 2 workers, Pss  (target < 400 MB)  "
              f"{'PASS' if total2 < 400 else 'FAIL'}")
        if small:
            flat = runs[2]["tree_pss_mb"] <= small["tree_pss_mb"] * 1.05 + 5
            print(f"peak memory at {info['quarter']} / {n} files:  {small['tree_pss_mb']} / {runs[2]['tree_pss_mb']} MB "
                  f"whole tree, {small['main_mb']} / {runs[2]['main_mb']} MB main process  (target: flat)  "
                  f"{'PASS' if flat else 'FAIL'}")
        if loop:
            print(f"of which esep ingest's own cost (guard, IPC, writing): esep --jobs 1 / pipeline loop = "
                  f"{runs[1]['seconds'] / loop['seconds']:.2f}")
        print(f"(bench process children peak: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
