"""Assemble one ReportBundle from a Document."""

from __future__ import annotations

import datetime as dt

from extract.model import Document
from schemas import Finding, Report, ReportBundle, parser_version


def normalize(
    doc: Document,
    *,
    source_file: str,
    sha256: str,
    extracted_at: dt.datetime,
) -> ReportBundle:
    report = Report(
        report_id=sha256[:16],
        source_file=source_file,
        source_sha256=sha256,
        source_format=doc.source_format,
        report_type="unknown",
        page_count=doc.page_count,
        parser_version=parser_version(),
        extracted_at=extracted_at,
    )
    bundle = ReportBundle(report=report)
    bundle.findings.append(
        Finding(
            severity="error",
            code="not_a_report",
            message="The document does not look like an interim or final programme report.",
        )
    )
    return bundle
