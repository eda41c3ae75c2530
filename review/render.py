"""``esep check``'s text: the summary of ``review.findings.summarise`` for a person.

Tables and rows are printed from 1 here, as a person counts them in the
document; the data (``--format json``, the dataset) keeps SCHEMA.md's
numbering, from 0.
"""

from __future__ import annotations

import textwrap

from esep.review.findings import SEVERITY_ORDER

NUMBERING_NOTE = ("Tables and rows are numbered from 1 here, as in the document "
                  "(the dataset's source_table and source_row count from 0).")


def human_location(finding: dict) -> str:
    """``table 5 row 2 page 5`` (from 1) for a finding read from a table; its stored location otherwise."""
    table, row, page = finding.get("source_table"), finding.get("source_row"), finding.get("source_page")
    if table is None:
        return finding.get("location") or ""
    parts = [f"table {table + 1}"]
    if row is not None:
        parts.append(f"row {row + 1}")
    if page is not None:
        parts.append(f"page {page}")
    return " ".join(parts)


def _counts_line(summary: dict) -> str:
    line = f"{summary['reports_counted']} report{'s' if summary['reports_counted'] != 1 else ''}"
    if summary["copies"]:
        n = len(summary["copies"])
        line += f" ({n} more file{'s are copies' if n != 1 else ' is a copy'} of one of them, counted once)"
    if summary["failed_files"]:
        n = len(summary["failed_files"])
        line += f"; {n} file{'s' if n != 1 else ''} failed"
    return line


def _findings_line(summary: dict) -> str:
    severities = sorted(summary["by_severity"].items(), key=lambda x: SEVERITY_ORDER.get(x[0], 9))
    return f"{summary['total']} findings" + (
        " (" + ", ".join(f"{n} {s}" for s, n in severities) + ")" if summary["total"] else "")


def render_table(summary: dict, width: int = 100) -> str:
    lines = [_counts_line(summary), _findings_line(summary)]
    if summary["failed_files"]:
        lines += ["", "Files that failed (not in the dataset):"]
        lines += [f"  {f['source_file']}: {f['error'] or 'unknown error'}" for f in summary["failed_files"]]
    if summary["by_code"]:
        lines.append("")
        lines.append(f"{'severity':<9} {'code':<30} {'count':>6}")
        for row in summary["by_code"]:
            lines.append(f"{row['severity']:<9} {row['code']:<30} {row['count']:>6}")
            if row.get("meaning"):  # what the code means, from the registry
                lines.append(textwrap.fill(row["meaning"], width, initial_indent=" " * 10, subsequent_indent=" " * 10))
    if any(f.get("source_table") is not None for rep in summary["reports"] for f in rep["findings"]):
        lines += ["", NUMBERING_NOTE]
    for rep in summary["reports"]:
        lines.append("")
        lines.append(f"{rep['source_file'] or rep['report_id']} ({rep['report_type'] or '?'}, {len(rep['findings'])})")
        for f in rep["findings"]:
            lines.append(f"  {f['severity']:<8} {f['code']:<28} {human_location(f)}")
            lines.append(f"      {f['message']}")
            if f.get("value"):
                value = f["value"] if len(f["value"]) <= width else f["value"][: width - 1] + "…"
                lines.append(f"      [{value}]")
    if summary["copies"]:
        lines += ["", ("Copies of a report, counted once (the same header and figures as the file after '='; "
                            "their own findings are not listed):")]
        lines += [f"  {c['source_file']} = {c['kept_file'] or c['duplicate_of']}" for c in summary["copies"]]
    return "\n".join(lines)
