"""Findings of a dataset, summarised by severity and code, and per report."""

from __future__ import annotations

import os
from collections import Counter, defaultdict

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class DatasetNotFound(Exception):
    pass


def table_path(dataset: str, table: str) -> str:
    """The file of ``table`` in the dataset's current version (or a plain folder)."""
    current = os.path.join(dataset, "current")
    base = os.path.realpath(current) if os.path.isdir(current) else dataset
    path = os.path.join(base, f"{table}.parquet")
    if not os.path.isfile(path):
        raise DatasetNotFound(f"{dataset}: no {table}.parquet (not an esep dataset?)")
    return path


def load(dataset: str) -> tuple[list[dict], dict[str, dict]]:
    """(finding rows, reports by report_id) from one consistent version."""
    import pyarrow.parquet as pq

    findings = pq.read_table(table_path(dataset, "findings")).to_pylist()
    reports = {r["report_id"]: r for r in pq.read_table(
        table_path(dataset, "reports"), columns=["report_id", "source_file", "report_type", "grantee"]).to_pylist()}
    return findings, reports


def summarise(findings: list[dict], reports: dict[str, dict], *, severity: str | None = None,
              code: str | None = None) -> dict:
    rows = [f for f in findings
            if (severity is None or f["severity"] == severity) and (code is None or f["code"] == code)]
    by_code = Counter((f["severity"], f["code"]) for f in rows)
    per_report: dict[str, list[dict]] = defaultdict(list)
    for f in rows:
        per_report[f["report_id"]].append(f)
    ordered = sorted(per_report, key=lambda rid: (reports.get(rid, {}).get("source_file") or "", rid))
    return {
        "total": len(rows),
        "by_severity": dict(Counter(f["severity"] for f in rows)),
        "by_code": [
            {"severity": s, "code": c, "count": n}
            for (s, c), n in sorted(by_code.items(), key=lambda x: (SEVERITY_ORDER.get(x[0][0], 9), -x[1], x[0][1]))
        ],
        "reports": [
            {
                "report_id": rid,
                "source_file": reports.get(rid, {}).get("source_file"),
                "report_type": reports.get(rid, {}).get("report_type"),
                "findings": [
                    {k: f.get(k) for k in ("severity", "code", "message", "location", "value")}
                    for f in sorted(per_report[rid], key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9), f["code"]))
                ],
            }
            for rid in ordered
        ],
    }


def render_table(summary: dict, width: int = 100) -> str:
    lines = [f"{summary['total']} findings"
             + (" (" + ", ".join(f"{n} {s}" for s, n in sorted(summary["by_severity"].items(),
                                                                 key=lambda x: SEVERITY_ORDER.get(x[0], 9))) + ")"
                if summary["total"] else "")]
    if summary["by_code"]:
        lines.append("")
        lines.append(f"{'severity':<9} {'code':<30} {'count':>6}")
        for row in summary["by_code"]:
            lines.append(f"{row['severity']:<9} {row['code']:<30} {row['count']:>6}")
    for rep in summary["reports"]:
        lines.append("")
        lines.append(f"{rep['source_file'] or rep['report_id']} ({rep['report_type'] or '?'}, {len(rep['findings'])})")
        for f in rep["findings"]:
            lines.append(f"  {f['severity']:<8} {f['code']:<28} {f['location'] or ''}")
            lines.append(f"      {f['message']}")
            if f.get("value"):
                value = f["value"] if len(f["value"]) <= width else f["value"][: width - 1] + "…"
                lines.append(f"      [{value}]")
    return "\n".join(lines)
