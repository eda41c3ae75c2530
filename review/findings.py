"""A dataset's findings for people (``esep check``): by severity and code
(with each code's meaning from the registry, schemas/codes.py), then per
report, with the files that failed and the copies counted once.

Each report is counted once: the findings of a file that is another copy
of a report (``reports.duplicate_of``) are left out, and the copy is listed
with the report it duplicates.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass

from esep.schemas.codes import FINDING_KINDS

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
FINDING_FIELDS = ("severity", "code", "message", "location", "value", "source_page", "source_table", "source_row",
                  "source_bbox")


class DatasetNotFound(Exception):
    pass


@dataclass
class DatasetView:
    """What ``esep check`` reads from one consistent version."""

    findings: list[dict]
    reports: dict[str, dict]      # report_id -> report_id, source_file, report_type, duplicate_of
    failed: list[dict]            # files rows with status failed: source_file, error


def _base(dataset: str) -> str:
    current = os.path.join(dataset, "current")
    return os.path.realpath(current) if os.path.isdir(current) else dataset


def table_path(dataset: str, table: str) -> str:
    """The file of ``table`` in the dataset's current version (or a plain folder)."""
    path = os.path.join(_base(dataset), f"{table}.parquet")
    if not os.path.isfile(path):
        raise DatasetNotFound(f"{dataset}: no {table}.parquet (not an esep dataset?)")
    return path


def _read(path: str, columns: tuple[str, ...]) -> list[dict]:
    """Rows of ``columns``; a column an older version lacks reads as null."""
    import pyarrow.parquet as pq

    present = set(pq.read_schema(path).names)
    rows = pq.read_table(path, columns=[c for c in columns if c in present]).to_pylist()
    return [{c: r.get(c) for c in columns} for r in rows]


def load(dataset: str) -> DatasetView:
    findings = _read(table_path(dataset, "findings"), ("report_id", *FINDING_FIELDS))
    reports = {r["report_id"]: r for r in _read(table_path(dataset, "reports"),
                                                 ("report_id", "source_file", "report_type", "duplicate_of"))}
    files = os.path.join(_base(dataset), "files.parquet")  # absent from `esep extract --out`
    failed = [{"source_file": f["source_file"], "error": f["error"]}
              for f in (_read(files, ("source_file", "status", "error")) if os.path.isfile(files) else [])
              if f["status"] == "failed"]
    return DatasetView(findings, reports, sorted(failed, key=lambda f: f["source_file"]))


def code_meaning(code: str) -> str | None:
    """What a finding code means (schemas/codes.py); None for a code this esep does not know (an older dataset's)."""
    kind = FINDING_KINDS.get(code)
    return kind.meaning if kind is not None else None


def summarise(view: DatasetView, *, severity: str | None = None, code: str | None = None) -> dict:
    reports = view.reports
    copies = {rid for rid, r in reports.items() if r.get("duplicate_of")}
    rows = [f for f in view.findings
            if f["report_id"] not in copies
            and (severity is None or f["severity"] == severity) and (code is None or f["code"] == code)]
    by_code = Counter((f["severity"], f["code"]) for f in rows)
    per_report: dict[str, list[dict]] = defaultdict(list)
    for f in rows:
        per_report[f["report_id"]].append(f)
    ordered = sorted(per_report, key=lambda rid: (reports.get(rid, {}).get("source_file") or "", rid))
    return {
        "reports_counted": len(reports) - len(copies),
        "failed_files": view.failed,
        "copies": sorted(({"report_id": rid, "source_file": reports[rid]["source_file"],
                           "duplicate_of": reports[rid]["duplicate_of"],
                           "kept_file": reports.get(reports[rid]["duplicate_of"], {}).get("source_file")}
                          for rid in copies), key=lambda c: (c["source_file"] or "", c["report_id"])),
        "total": len(rows),
        "by_severity": dict(Counter(f["severity"] for f in rows)),
        "by_code": [
            {"severity": s, "code": c, "count": n, "meaning": code_meaning(c)}
            for (s, c), n in sorted(by_code.items(), key=lambda x: (SEVERITY_ORDER.get(x[0][0], 9), -x[1], x[0][1]))
        ],
        "reports": [
            {
                "report_id": rid,
                "source_file": reports.get(rid, {}).get("source_file"),
                "report_type": reports.get(rid, {}).get("report_type"),
                "findings": [
                    {k: f.get(k) for k in FINDING_FIELDS}
                    for f in sorted(per_report[rid], key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9), f["code"]))
                ],
            }
            for rid in ordered
        ],
    }


def exit_status(summary: dict, fail_on: str | None) -> int:
    """1 when ``fail_on`` is given and a file failed or a finding shown is
    of that severity or worse; else 0."""
    if fail_on is None:
        return 0
    if summary["failed_files"]:
        return 1
    limit = SEVERITY_ORDER[fail_on]
    return int(any(SEVERITY_ORDER.get(s, 9) <= limit for s, n in summary["by_severity"].items() if n))
