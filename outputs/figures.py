"""The figures of the summary page, computed from one dataset snapshot.

Every figure counts each report once: the rows of ``reports`` whose
``duplicate_of`` is null, and the child rows of those reports only.
``summarise(dataset)`` returns a ``Summary``; nothing here draws or
writes, and no value is changed: a null stays out of a sum, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from esep.outputs.dataset import Dataset, counted, counted_reports
from esep.outputs.regions import region_of
from esep.schemas.codes import FINDING_KINDS

SEVERITY_ORDER = ("error", "warning", "info")
TYPE_ORDER = ("final", "interim", "unknown")
LANGUAGE_ORDER = ("ru", "kk", "mixed", "")
GENDER_ORDER = ("male", "female")
STATUS_ORDER = ("ok", "failed", "duplicate", "skipped", "ignored")


@dataclass
class ReportRef:
    report_id: str
    source_file: str
    grantee: str | None
    report_type: str
    year: int | None
    language: str | None
    region: str
    findings: int = 0


@dataclass
class Series:
    """A chart's numbers: ``values[series][i]`` for ``categories[i]``."""

    categories: list[str]
    values: dict[str, list[int]]

    @property
    def empty(self) -> bool:
        return not self.categories or not any(any(v) for v in self.values.values())

    def total(self, i: int) -> int:
        return sum(v[i] for v in self.values.values())


@dataclass
class FailedFile:
    source_file: str
    error: str | None


@dataclass
class PlanFact:
    report: ReportRef
    activities: int
    with_plan: int
    planned: int | None         # sum of participants_planned, None when no activity states one
    actual: int | None          # sum of participants_actual, likewise
    total_planned: int | None   # the project's participants_total indicator
    total_actual: int | None
    under: int                  # activities below plan


@dataclass
class Place:
    page: int | None
    table: int | None
    row: int | None


@dataclass
class UnderPlan:
    report: ReportRef
    activity_seq: int
    title: str | None
    planned: int
    actual: int
    place: Place


@dataclass
class FindingRow:
    severity: str
    code: str
    message: str
    location: str | None
    value: str | None
    place: Place


@dataclass
class CodeCount:
    severity: str
    code: str
    count: int
    meaning: str


@dataclass
class Summary:
    reports_rows: int
    copies: int
    reports: list[ReportRef]
    year_type: Series
    language: Series
    region: Series
    files: Series
    failed: list[FailedFile]
    plan: list[PlanFact]
    under: list[UnderPlan]
    reach: Series                      # platforms x (own, partners_media)
    reach_rows: dict[str, int]         # platform -> publication rows
    reach_flagged: int
    gender_year: Series
    age: Series
    social_status: Series
    demo_reports: int
    codes: list[CodeCount]
    per_report: list[tuple[ReportRef, list[FindingRow]]]
    kpis: dict[str, int] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        return len(self.reports)


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _str(value) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _place(row) -> Place:
    return Place(_int(row.get("source_page")), _int(row.get("source_table")), _int(row.get("source_row")))


def _count_series(keys: list[str], order: tuple[str, ...] = ()) -> Series:
    counts = pd.Series(keys, dtype=object).value_counts()
    known = [k for k in order if k in counts.index]
    rest = sorted((k for k in counts.index if k not in order), key=lambda k: (-counts[k], k))
    categories = known + rest
    return Series(categories, {"n": [int(counts[k]) for k in categories]})


def _refs(dataset: Dataset) -> list[ReportRef]:
    reports = counted_reports(dataset)
    venues = counted(dataset, "activities").groupby("report_id")["location"].agg(lambda s: [_str(v) for v in s])
    findings = counted(dataset, "findings")["report_id"].value_counts()
    regional = "region" in reports.columns  # a later schema may carry it
    refs = []
    for r in reports.to_dict("records"):
        rid = r["report_id"]
        region = _str(r.get("region")) if regional else None
        region = region or region_of(_str(r["grantee"]), _str(r["grant_topic"]), venues.get(rid, []))
        refs.append(ReportRef(rid, r["source_file"], _str(r["grantee"]), r["report_type"], _int(r["report_year"]),
                              _str(r["language"]), region, int(findings.get(rid, 0))))
    refs.sort(key=lambda x: ((x.grantee or "").casefold(), x.year or 0, x.report_type, x.source_file))
    return refs


def _year_type(refs: list[ReportRef]) -> Series:
    years = sorted({r.year for r in refs if r.year is not None})
    categories = [str(y) for y in years] + ([""] if any(r.year is None for r in refs) else [])
    types = [t for t in TYPE_ORDER if any(r.report_type == t for r in refs)]
    values = {t: [sum(1 for r in refs if r.report_type == t and str(r.year or "") == c) for c in categories]
              for t in types}
    return Series(categories, values)


def _plan(dataset: Dataset, refs: list[ReportRef]) -> tuple[list[PlanFact], list[UnderPlan]]:
    acts = counted(dataset, "activities")
    totals = counted(dataset, "indicators")
    totals = totals[(totals["scope"] == "project") & (totals["key"] == "participants_total")]
    plan, under = [], []
    for ref in refs:
        mine = acts[acts["report_id"] == ref.report_id]
        if mine.empty:
            continue
        planned, actual = mine["participants_planned"], mine["participants_actual"]
        below = mine[planned.notna() & actual.notna() & (actual < planned)]
        total = totals[totals["report_id"] == ref.report_id]
        first = total.iloc[0] if len(total) else None
        plan.append(PlanFact(
            ref, len(mine), int(planned.notna().sum()),
            int(planned.sum()) if planned.notna().any() else None,
            int(actual.sum()) if actual.notna().any() else None,
            _int(first["planned"]) if first is not None else None,
            _int(first["actual"]) if first is not None else None,
            len(below)))
        for a in below.to_dict("records"):
            under.append(UnderPlan(ref, int(a["activity_seq"]), _str(a["title"]), int(a["participants_planned"]),
                                   int(a["participants_actual"]), _place(a)))
    return plan, under


def _reach(dataset: Dataset) -> tuple[Series, dict[str, int], int]:
    pubs = counted(dataset, "publications")
    platforms = list(pubs.groupby("platform")["reach"].sum().sort_values(ascending=False).index)
    values = {s: [int(pubs[(pubs["platform"] == p) & (pubs["section"] == s)]["reach"].sum()) for p in platforms]
              for s in ("own", "partners_media")}
    rows = {p: int((pubs["platform"] == p).sum()) for p in platforms}
    findings = counted(dataset, "findings")
    flagged = int((findings["code"] == "reach_count_swapped").sum())
    return Series(platforms, values), rows, flagged


def _demographics(dataset: Dataset, refs: list[ReportRef]) -> tuple[Series, Series, Series, int]:
    demo = counted(dataset, "demographics")
    demo = demo[demo["count"].notna()]
    year = {r.report_id: str(r.year or "") for r in refs}
    gender = demo[demo["dimension"] == "gender"]
    years = sorted({year[i] for i in gender["report_id"]}, key=lambda y: (y == "", y))
    gender_year = Series(years, {g: [int(gender[(gender["category"] == g) & (gender["report_id"].map(year) == y)]
                                         ["count"].sum()) for y in years]
                                 for g in GENDER_ORDER if (gender["category"] == g).any()})
    ages = demo[demo["dimension"] == "age"]
    brackets = (ages.groupby("category").agg(n=("count", "sum"), lo=("age_min", "min"), hi=("age_max", "max"))
                .reset_index())
    brackets["lo"] = brackets["lo"].fillna(-1)
    brackets["hi"] = brackets["hi"].fillna(999)
    brackets = brackets.sort_values(["lo", "hi", "category"])
    age = Series(list(brackets["category"]), {"n": [int(n) for n in brackets["n"]]})
    status = demo[demo["dimension"] == "social_status"].groupby("category")["count"].sum().sort_values(ascending=False)
    social = Series(list(status.index), {"n": [int(n) for n in status]})
    return gender_year, age, social, int(demo["report_id"].nunique())


def _findings(dataset: Dataset, refs: list[ReportRef]) -> tuple[list[CodeCount], list]:
    rows = counted(dataset, "findings")
    codes = []
    for (severity, code), n in rows.groupby(["severity", "code"]).size().items():
        meaning = FINDING_KINDS[code].meaning if code in FINDING_KINDS else ""  # an older dataset's code: none
        codes.append(CodeCount(severity, code, int(n), meaning))
    codes.sort(key=lambda c: (SEVERITY_ORDER.index(c.severity) if c.severity in SEVERITY_ORDER else 9, -c.count, c.code))
    per_report = []
    for ref in refs:
        mine = rows[rows["report_id"] == ref.report_id]
        if mine.empty:
            continue
        items = [FindingRow(f["severity"], f["code"], f["message"], _str(f["location"]), _str(f["value"]), _place(f))
                 for f in mine.to_dict("records")]
        items.sort(key=lambda f: (SEVERITY_ORDER.index(f.severity) if f.severity in SEVERITY_ORDER else 9, f.code,
                                  f.place.page or 0, f.place.table or 0, f.place.row or 0))
        per_report.append((ref, items))
    return codes, per_report


def summarise(dataset: Dataset) -> Summary:
    refs = _refs(dataset)
    files = dataset["files"]
    failed = files[files["status"] == "failed"].sort_values("source_file")
    plan, under = _plan(dataset, refs)
    reach, reach_rows, flagged = _reach(dataset)
    gender_year, age, social, demo_reports = _demographics(dataset, refs)
    codes, per_report = _findings(dataset, refs)
    activities = counted(dataset, "activities")
    summary = Summary(
        reports_rows=len(dataset["reports"]), copies=len(dataset["reports"]) - len(refs), reports=refs,
        year_type=_year_type(refs),
        language=_count_series([r.language or "" for r in refs], LANGUAGE_ORDER),
        region=_count_series([r.region for r in refs]),
        files=_count_series(list(files["status"]), STATUS_ORDER),
        failed=[FailedFile(r["source_file"], _str(r["error"])) for r in failed.to_dict("records")],
        plan=plan, under=under, reach=reach, reach_rows=reach_rows, reach_flagged=flagged,
        gender_year=gender_year, age=age, social_status=social, demo_reports=demo_reports,
        codes=codes, per_report=per_report,
    )
    summary.kpis = {
        "kpi_reports": len(refs),
        "kpi_failed": len(summary.failed),
        "kpi_activities": len(activities),
        "kpi_participants": int(activities["participants_actual"].sum()),
        "kpi_publications": len(counted(dataset, "publications")),
        "kpi_reach": int(counted(dataset, "publications")["reach"].sum()),
        "kpi_findings": len(counted(dataset, "findings")),
    }
    return summary
