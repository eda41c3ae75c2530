"""Pydantic models of the common schema (../shared/SCHEMA.md).

One model per table.  ``Report`` is the ``reports`` row; ``ReportBundle``
is one report with its child tables nested, the shape ``esep extract``
prints.  ``TABLES`` maps each dataset table name to its row model, in the
order the dataset is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


def parser_version() -> str:
    """The installed esep version, recorded on every row it produces."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("esep")
    except PackageNotFoundError:  # running from a source tree without install
        return "0.0.0+src"

SourceFormat = Literal["docx", "pdf", "pdf_scanned", "doc", "odt", "rtf", "image"]
ReportType = Literal["interim", "final", "unknown"]
Language = Literal["ru", "kk", "mixed"]
Severity = Literal["error", "warning", "info"]
FileStatus = Literal["ok", "failed", "duplicate", "skipped", "ignored"]
Unit = Literal["person", "organization", "kzt", "piece", "event", "percent", "score", "copy"]
Scope = Literal["activity", "project", "socio_economic"]
Dimension = Literal["gender", "social_status", "age", "total"]
PubSection = Literal["own", "partners_media"]
Platform = Literal[
    "facebook", "instagram", "telegram", "youtube", "tiktok", "vk",
    "website", "tv", "radio", "print", "other",
]
SectionKey = Literal[
    "activities_narrative", "goal_achievement", "social_change", "results",
    "partners_analysis", "deviations", "success_story", "proposals", "other",
]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class _Child(_Row):
    """Provenance every child row carries (report_id is added in datasets)."""

    source_page: int | None = Field(None, description="1-based page; null for DOCX")
    source_table: int | None = Field(None, description="0-based table index; null when read from prose")
    source_row: int | None = Field(None, description="0-based row in that table after merging and stitching")


class Report(_Row):
    report_id: str = Field(description="first 16 hex digits of the sha256 of the file's bytes")
    source_file: str
    source_sha256: str
    source_format: SourceFormat
    report_type: ReportType
    language: Language | None = None
    grantee: str | None = None
    grant_topic: str | None = None
    grant_amount_kzt: int | None = None
    agreement_number: str | None = None
    agreement_date: dt.date | None = None
    report_year: int | None = None
    signatory: str | None = None
    page_count: int | None = None
    parser_version: str
    extracted_at: dt.datetime


class Activity(_Child):
    activity_seq: int
    task_number: int | None = None
    task: str | None = None
    title: str | None = None
    date_text: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    location: str | None = None
    participants_planned: int | None = None
    participants_actual: int | None = None
    description: str | None = None
    evidence: str | None = None
    cost_kzt: int | None = None
    outcome: str | None = None


class Indicator(_Child):
    scope: Scope
    activity_seq: int | None = None
    name: str
    key: str | None = None
    unit: Unit | None = None
    planned: float | None = None
    actual: float | None = None
    planned_text: str | None = None
    actual_text: str | None = None
    is_minimum: bool = False


class Demographic(_Child):
    dimension: Dimension
    category: str
    label: str
    age_min: int | None = None
    age_max: int | None = None
    count: int | None = None


class Publication(_Child):
    section: PubSection
    platform: Platform
    outlet: str | None = None
    title: str | None = None
    title_language: Language | None = None
    reach: int | None = None
    count: int | None = None
    date: dt.date | None = None
    url: str | None = None


class Partner(_Child):
    name: str | None = None
    role: str | None = None
    contacts: str | None = None
    note: str | None = None


class Section(_Child):
    section_key: SectionKey
    heading: str
    text: str


class Finding(_Child):
    severity: Severity
    code: str
    message: str
    location: str | None = None
    value: str | None = None


class FileLog(_Row):
    source_file: str
    source_sha256: str | None = None
    report_id: str | None = None
    status: FileStatus
    error: str | None = None
    page_count: int | None = None
    duration_ms: int | None = None
    parser_version: str
    ingested_at: dt.datetime


class ReportBundle(_Row):
    """One report with its child tables: the JSON ``esep extract`` prints."""

    report: Report
    activities: list[Activity] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    demographics: list[Demographic] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    def child_tables(self) -> dict[str, list[_Row]]:
        return {name: getattr(self, name) for name in CHILD_TABLES}


CHILD_TABLES: dict[str, type[_Row]] = {
    "activities": Activity,
    "indicators": Indicator,
    "demographics": Demographic,
    "publications": Publication,
    "partners": Partner,
    "sections": Section,
    "findings": Finding,
}

TABLES: dict[str, type[_Row]] = {"reports": Report, **CHILD_TABLES, "files": FileLog}


def json_schema() -> dict:
    """JSON Schema of one extracted report (``esep schema``)."""
    schema = ReportBundle.model_json_schema()
    schema["$comment"] = f"esep schema version {SCHEMA_VERSION}"
    return schema
