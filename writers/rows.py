"""A ReportBundle -> row dicts per dataset table (no pyarrow needed).

Runs inside the parsing child, so the parent only receives plain dicts of
built-in types (str, int, float, bool, date, datetime, None, and the list
of floats of ``source_bbox``), the cheapest thing to pickle.
"""

from __future__ import annotations

from esep.schemas import CHILD_TABLES, ReportBundle


def bundle_rows(bundle: ReportBundle) -> dict[str, list[dict]]:
    """``{"reports": [row], "activities": [...], ...}``; child rows start
    with ``report_id``."""
    report_id = bundle.report.report_id
    out: dict[str, list[dict]] = {"reports": [bundle.report.model_dump()]}
    for name in CHILD_TABLES:
        rows = []
        for item in getattr(bundle, name):
            row = {"report_id": report_id}
            row.update(item.model_dump())
            rows.append(row)
        out[name] = rows
    return out
