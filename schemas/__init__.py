"""Pydantic models of the common schema.

The field descriptions are the reference: ``esep schema --markdown`` writes
them out as docs/schema.md, and the Data Package of every dataset carries
them.

One model per table.  ``Report`` is the ``reports`` row; ``ReportBundle``
is one report with its child tables nested, the shape ``esep extract``
prints.  ``TABLES`` maps each dataset table name to its row model, in the
order the dataset is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from esep.schemas.codes import FINDING_KINDS, Severity

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
#: The code of a finding: a key of the registry (schemas/codes.py); pydantic refuses any other.
FindingCode = Literal[tuple(FINDING_KINDS)]  # type: ignore[valid-type]
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

    source_page: int | None = Field(None, description="1-based page the row was read on; null for DOCX")
    source_table: int | None = Field(
        None, description="0-based index of the table in the document; null when read from prose")
    source_row: int | None = Field(
        None, description="0-based row inside that table, after merged-cell and page stitching")
    source_bbox: list[float] | None = Field(
        None, description="box of what the row was read from on `source_page` (a table row's cells, or the "
                          "paragraph that opens it) as `[x0, top, x1, bottom]` in PDF points from the page's "
                          "top left corner, to a tenth of a point; null for DOCX and when the reader gave no box")


class Report(_Row):
    """One row per source document: who reported what, on which grant."""

    report_id: str = Field(description="first 16 hex digits of the sha256 of the file's bytes")
    source_file: str = Field(
        description="path relative to the ingested root (the file name for one file); "
                    "a member of a ZIP archive is `archive.zip!/path/inside.docx`")
    source_sha256: str = Field(description="full sha256 of the file's bytes")
    source_format: SourceFormat = Field(description="the file's format as read (`image`: a JPEG, PNG or TIFF scan)")
    report_type: ReportType = Field(
        description="`interim` (промежуточный / аралық), `final` (заключительный / итоговый / қорытынды), "
                    "`unknown` (readable, but not a programme report)")
    language: Language | None = Field(
        None, description="main language of the form's labels and prose")
    grantee: str | None = Field(
        None, description="organisation name as written after «Грантополучатель» / «Грант алушы»")
    grant_topic: str | None = Field(
        None, description="text after «Тема гранта» / «Гранттың тақырыбы», quotes stripped from the ends")
    grant_amount_kzt: int | None = Field(None, description="«Сумма гранта» in whole tenge")
    agreement_number: str | None = Field(None, description="number of the grant agreement (`43`)")
    agreement_date: dt.date | None = Field(None, description="date of the grant agreement")
    report_year: int | None = Field(None, description="the year the reported work took place")
    signatory: str | None = Field(None, description="name or position in the sign-off, where present")
    page_count: int | None = Field(None, description="pages (PDF); null for DOCX")
    parser_version: str = Field(description="version of esep that produced the row")
    extracted_at: dt.datetime = Field(description="UTC time of extraction")
    duplicate_of: str | None = Field(
        None, description="report_id of the report this file is another copy of (the same report kept as "
                          "DOCX and PDF, or DOC, or scan), else null; set across a dataset, null for one file")


class Activity(_Child):
    """One row per activity (мероприятие / іс-шара): the work table of an interim
    report, the plan/fact table of a final report and the narrative
    «Задача N. Мероприятие M» paragraphs, one activity mentioned in several
    places merged into one row."""

    activity_seq: int = Field(description="1-based order of the activity in the report")
    task_number: int | None = Field(None, description="number of its task (задача / міндет), when given")
    task: str | None = Field(None, description="text of the task")
    title: str | None = Field(None, description="the activity as named in the plan")
    date_text: str | None = Field(None, description="the dates as written")
    date_start: dt.date | None = Field(None, description="first day of the activity, parsed from date_text")
    date_end: dt.date | None = Field(None, description="last day of the activity, parsed from date_text")
    location: str | None = Field(None, description="venue or place, when given")
    participants_planned: int | None = Field(
        None, description="planned number of participants / people covered")
    participants_actual: int | None = Field(None, description="actual number of participants / people covered")
    description: str | None = Field(None, description="what was done (line breaks kept as `\\n`)")
    evidence: str | None = Field(None, description="supporting documents listed (line breaks kept as `\\n`)")
    cost_kzt: int | None = Field(None, description="cost of the activity in whole tenge")
    outcome: str | None = Field(None, description="effect / short-term results text")


class Indicator(_Child):
    """One row per planned/actual indicator: of an activity, of the whole
    project, or a line of the social and economic effect table."""

    scope: Scope = Field(
        description="`activity` (tied to one activity), `project` (whole project), "
                    "`socio_economic` (the social and economic effect table)")
    activity_seq: int | None = Field(None, description="the activity, for `activity` scope; else null")
    name: str = Field(description="the indicator as written")
    key: str | None = Field(
        None, description="controlled key, or null when none fits: `participants` (an activity's head count), "
                          "`participants_total` (the project's «ИТОГО» row); the social and economic effect "
                          "lines `direct_beneficiaries`, `direct_beneficiaries_vulnerable`, "
                          "`indirect_beneficiaries`, `staff`, `specialists`, `specialists_vulnerable`, "
                          "`ngos_covered`, `payroll_kzt`, `taxes_kzt`, `economic_contribution_kzt`, `partners`")
    unit: Unit | None = Field(None, description="unit of planned and actual, or null when not known")
    planned: float | None = Field(None, description="planned value")
    actual: float | None = Field(None, description="actual value")
    planned_text: str | None = Field(None, description="the planned value as written")
    actual_text: str | None = Field(None, description="the actual value as written")
    is_minimum: bool = Field(False, description="the plan says «не менее» / «кем емес» / «at least»")


class Demographic(_Child):
    """One row per category of participants (gender, social status, age bracket, total)."""

    dimension: Dimension = Field(description="which table: `gender`, `social_status`, `age`, `total`")
    category: str = Field(
        description="key: gender `male`, `female`; social_status `children`, `youth`, `civil_servants`, "
                    "`public_sector_employees`, `disabled`, `elderly`, `unemployed`, `ngo_representatives`, "
                    "`business`, `other`; age the bracket as `13-16`, `59+`; total `all`")
    label: str = Field(description="the column header as written")
    age_min: int | None = Field(None, description="for `age`: lower bound of the bracket")
    age_max: int | None = Field(None, description="for `age`: upper bound of the bracket (null when open)")
    count: int | None = Field(None, description="number of participants")


class Publication(_Child):
    """One row per media item: publication, post or broadcast."""

    section: PubSection = Field(
        description="`own` (the grantee's channels) or `partners_media` (partners' and media publications)")
    platform: Platform = Field(description="from the outlet cell and the link's domain")
    outlet: str | None = Field(None, description="channel or account as written, hyphenation repaired")
    title: str | None = Field(None, description="publication title")
    title_language: Language | None = Field(None, description="language of the title")
    reach: int | None = Field(None, description="coverage (охват / қамту) as stated")
    count: int | None = Field(None, description="number of publications in the row")
    date: dt.date | None = Field(None, description="publication date")
    url: str | None = Field(
        None, description="link exactly as in the document (hyperlink target preferred over display text)")


class Partner(_Child):
    """One row per partner of the project."""

    name: str | None = Field(
        None, description="organisation or person (null when a row gives only a role or contacts)")
    role: str | None = Field(None, description="role in the project")
    contacts: str | None = Field(None, description="contacts as written")
    note: str | None = Field(None, description="the note column")


class Section(_Child):
    """One row per narrative section of the report."""

    section_key: SectionKey = Field(description="which of the form's narrative sections")
    heading: str = Field(description="heading as written")
    text: str = Field(description="the section's prose (line breaks kept as `\\n`)")


class Finding(_Child):
    """One row per quality finding: what esep noticed and could not reconcile;
    nothing is silently fixed.  Its codes are listed under «Finding codes»."""

    severity: Severity = Field(
        description="`error` (a value could not be read or the file is not a report), "
                    "`warning` (inconsistent or suspicious data), `info`; each code has one severity")
    code: FindingCode = Field(description="stable machine code (see the finding codes)")
    message: str = Field(description="one sentence for a person, in English")
    location: str | None = Field(None, description="where: `table 3 row 5`, `page 2`, `section «...»`, `dataset`")
    value: str | None = Field(None, description="the offending text or figures")

    @model_validator(mode="after")
    def _severity_of_its_code(self) -> "Finding":
        expected = FINDING_KINDS[self.code].severity
        if self.severity != expected:
            raise ValueError(f"finding code {self.code!r} has severity {expected!r}, not {self.severity!r}")
        return self


class FileLog(_Row):
    """One row per source file seen by a batch or the watcher."""

    source_file: str = Field(description="path relative to the ingested root; a member of a ZIP archive is "
                                         "`archive.zip!/path/inside.docx`")
    source_sha256: str | None = Field(None, description="sha256 of the file's bytes")
    report_id: str | None = Field(None, description="the report it produced, or null")
    status: FileStatus = Field(
        description="`ok`, `failed` (a document that could not be read), `duplicate` (same bytes as another "
                    "file), `skipped` (unchanged since the last run), `ignored` (not a document esep reads: a "
                    "spreadsheet, text, code…)")
    error: str | None = Field(None, description="one line: why it failed, or what an ignored file is")
    page_count: int | None = Field(None, description="pages, where known")
    duration_ms: int | None = Field(None, description="time spent on the file, in milliseconds")
    parser_version: str = Field(description="version of esep that processed it")
    ingested_at: dt.datetime = Field(description="UTC time it was processed")


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

#: The columns that identify one row of a table, where the table has such
#: columns (the other child tables may hold two equal rows).
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "reports": ("report_id",),
    "activities": ("report_id", "activity_seq"),
    "files": ("source_file",),
}
#: Every child table's ``report_id`` refers to ``reports.report_id``.
REPORT_ID_DESCRIPTION = "the report this row belongs to (`reports.report_id`)"


def json_schema() -> dict:
    """JSON Schema of one extracted report (``esep schema``)."""
    schema = ReportBundle.model_json_schema()
    schema["$comment"] = f"esep schema version {SCHEMA_VERSION}"
    return schema
