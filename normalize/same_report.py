"""Copies of one report in a dataset: the same report kept as DOCX and PDF, as DOC, as a scan.

Two reports are copies when everything that does not depend on the file's
format is the same: the header (type, grantee, agreement number and date,
year, grant amount) and every figure (activities' dates, plan, fact and
cost; indicators' planned and actual values; demographics counts;
publications' reach, count and date).  Prose is left out: OCR and PDF line
wrapping change it without changing the report.  A figure read differently
(an OCR digit misread) makes two reports, never one: copies are only ever
recognised by equality, not by similarity.

Of a group of copies the one kept is the DOCX, then a text PDF, then a
converted format (DOC, ODT, RTF), then a scan; ties go to the first
``source_file``.  Every other copy gets ``duplicate_of`` = the kept
report's id and an info finding ``same_report``.

Rows stream through a dataset run, so the figures of a report are folded
into a digest as they pass (``FigureDigest``): a sum of row hashes, which
does not depend on the order rows arrive in and keeps a few bytes per
report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from esep.normalize.findings import dataset_finding
from esep.normalize.text import fold_for_match

#: The columns compared, per child table: what identifies a row within its
#: report (``keys``) and the figures themselves (``values``).
FIGURE_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "activities": (("activity_seq", "task_number"),
                   ("date_start", "date_end", "participants_planned", "participants_actual", "cost_kzt")),
    "indicators": (("scope", "activity_seq", "key", "unit", "is_minimum"), ("planned", "actual")),
    "demographics": (("dimension", "category", "age_min", "age_max"), ("count",)),
    "publications": (("section",), ("reach", "count", "date")),
}
HEADER_COLUMNS = ("report_type", "agreement_number", "agreement_date", "report_year", "grant_amount_kzt")
#: Which copy is kept: earlier in this list first; formats not listed come last.
FORMAT_PREFERENCE = ("docx", "pdf", "doc", "odt", "rtf", "pdf_scanned", "image")
REPORT_TYPES = ("interim", "final")
_MODULUS = 1 << 128


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass
class FigureDigest:
    """The figures of one report, folded as its rows arrive in any order."""

    total: int = 0        # sum of the row hashes, modulo 2**128
    rows: int = 0
    values: int = 0       # figures that are not null: a report without any is never a copy

    def add(self, table: str, row: dict) -> None:
        keys, values = FIGURE_COLUMNS[table]
        cells = [_plain(row.get(c)) for c in keys + values]
        text = json.dumps([table, *cells], ensure_ascii=False, default=str)
        self.total = (self.total + int.from_bytes(hashlib.sha256(text.encode()).digest()[:16], "big")) % _MODULUS
        self.rows += 1
        self.values += sum(row.get(c) is not None for c in values)


@dataclass(frozen=True)
class ReportCopy:
    """A report that holds the same report as another one, kept."""

    report_id: str
    source_file: str
    kept_id: str
    kept_file: str


@dataclass
class Copies:
    copies: list[ReportCopy] = field(default_factory=list)

    @property
    def duplicate_of(self) -> dict[str, str]:
        """report_id -> report_id of the kept copy."""
        return {c.report_id: c.kept_id for c in self.copies}

    def findings(self) -> list[dict]:
        return [dataset_finding(
            "same_report", c.report_id,
            f"This file holds the same report as {c.kept_file} (same header and figures); "
            f"it is counted once, as that file (reports.duplicate_of).",
            c.kept_file) for c in self.copies]


def _identity(report: dict, digest: FigureDigest | None) -> tuple | None:
    """What two copies share, or None when the report cannot be matched with certainty."""
    grantee = fold_for_match(report.get("grantee") or "")
    if report.get("report_type") not in REPORT_TYPES or not grantee or digest is None or not digest.values:
        return None
    header = tuple(_plain(report.get(c)) for c in HEADER_COLUMNS)
    return (*header, grantee, digest.total, digest.rows)


def _preference(report: dict) -> tuple:
    fmt = report.get("source_format")
    rank = FORMAT_PREFERENCE.index(fmt) if fmt in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)
    return (rank, report.get("source_file") or "", report["report_id"])


def find_copies(reports: Iterable[dict], digests: dict[str, FigureDigest]) -> Copies:
    """Groups of reports with the same header and figures: one kept, the others copies of it.

    ``reports``: rows with ``report_id``, ``source_file``, ``source_format``,
    ``grantee`` and ``HEADER_COLUMNS``; ``digests``: report_id -> its figures.
    """
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in reports:
        key = _identity(r, digests.get(r["report_id"]))
        if key is not None:
            groups[key].append(r)
    out = Copies()
    for group in groups.values():
        if len(group) < 2:
            continue
        kept, *others = sorted(group, key=_preference)
        for r in others:
            out.copies.append(ReportCopy(r["report_id"], r.get("source_file") or "", kept["report_id"],
                                         kept.get("source_file") or ""))
    out.copies.sort(key=lambda c: (c.source_file, c.report_id))
    return out


def digest_of(tables: dict[str, list[dict]]) -> FigureDigest:
    """The figures of one report given whole: ``{table: rows}`` (an extracted bundle's child tables)."""
    digest = FigureDigest()
    for table in FIGURE_COLUMNS:
        for row in tables.get(table) or []:
            digest.add(table, row)
    return digest
