"""The content of a report, free of layout: what the variant factory renders.

A ``ReportFacts`` holds what a report says (header, activities with their
tasks and plan/fact, the effect lines, the participants, partners,
publications), not how it is laid out.  ``load_facts`` reads it from a
sample's hand-written expected output (samples/expected/*.json), so the
factory renders the samples' own content and the truth of every variant is
known from that content, never from running esep.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

EXPECTED = Path(__file__).resolve().parents[1] / "expected"


@dataclass(frozen=True)
class ActivityFacts:
    title: str
    task_number: int | None
    task: str | None
    plan_text: str | None = None  # final report: the plan/fact cells as written
    fact_text: str | None = None
    planned: int | None = None  # participants, when the cells are head counts
    actual: int | None = None
    is_minimum: bool = False
    outcome: str | None = None
    date_text: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    location: str | None = None
    description: str | None = None
    evidence: str | None = None  # interim work table
    cost: int | None = None


@dataclass(frozen=True)
class EffectLine:
    """One line of the social and economic effect table."""

    key: str | None
    name: str
    unit: str | None  # schema unit key
    plan_text: str | None
    fact_text: str | None
    planned: float | None
    actual: float | None


@dataclass(frozen=True)
class Figure:
    """One participants figure: gender, social status, age bracket or the total."""

    dimension: str
    category: str
    count: int | None
    label: str  # as the sample writes it
    age_min: int | None = None
    age_max: int | None = None


@dataclass(frozen=True)
class Partner:
    name: str | None
    role: str | None
    contacts: str | None
    note: str | None


@dataclass(frozen=True)
class Publication:
    section: str
    platform: str
    outlet: str | None
    title: str | None
    reach: int | None
    count: int | None
    date: str | None
    url: str | None


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    text: str


@dataclass
class ReportFacts:
    name: str  # the sample it comes from
    report_type: str  # final | interim
    language: str
    grantee: str | None
    grant_topic: str | None
    grant_amount: int | None
    agreement_number: str | None
    agreement_date: str | None
    report_year: int | None
    signatory: str | None
    activities: list[ActivityFacts] = field(default_factory=list)
    total: tuple[str | None, str | None] | None = None  # the ИТОГО row's plan and fact as written
    effect: list[EffectLine] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def tasks(self) -> list[tuple[int | None, str | None, list[ActivityFacts]]]:
        """Activities grouped by task, in order: (task number, task text, activities)."""
        out: list[tuple[int | None, str | None, list[ActivityFacts]]] = []
        for act in self.activities:
            if out and (out[-1][0], out[-1][1]) == (act.task_number, act.task):
                out[-1][2].append(act)
            else:
                out.append((act.task_number, act.task, [act]))
        return out

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def _as_int(value) -> int | None:
    return None if value is None else int(value)


def load_facts(sample: str) -> ReportFacts:
    """The facts of ``sample`` (a file name in samples/, e.g. "final_eco_mangystau.docx")."""
    data = json.loads((EXPECTED / f"{sample}.json").read_text(encoding="utf-8"))
    rep = data["report"]
    facts = ReportFacts(
        name=Path(sample).stem,
        report_type=rep["report_type"],
        language=rep["language"],
        grantee=rep["grantee"],
        grant_topic=rep["grant_topic"],
        grant_amount=rep["grant_amount_kzt"],
        agreement_number=rep["agreement_number"],
        agreement_date=rep["agreement_date"],
        report_year=rep["report_year"],
        signatory=rep["signatory"],
    )
    cells = {i["activity_seq"]: i for i in data["indicators"] if i["scope"] == "activity"}
    for a in data["activities"]:
        ind = cells.get(a["activity_seq"], {})
        facts.activities.append(ActivityFacts(
            title=a["title"], task_number=a["task_number"], task=a["task"],
            plan_text=ind.get("planned_text"), fact_text=ind.get("actual_text"),
            planned=a["participants_planned"],
            actual=a["participants_actual"],
            is_minimum=bool(ind.get("is_minimum")),
            outcome=a["outcome"], date_text=a["date_text"], date_start=a["date_start"],
            date_end=a["date_end"], location=a["location"], description=a["description"],
            evidence=a["evidence"], cost=a["cost_kzt"],
        ))
    for i in data["indicators"]:
        if i["scope"] == "project":
            facts.total = (i["planned_text"], i["actual_text"])
        elif i["scope"] == "socio_economic":
            facts.effect.append(EffectLine(i["key"], i["name"], i["unit"], i["planned_text"], i["actual_text"],
                                           i["planned"], i["actual"]))
    for d in data["demographics"]:
        facts.figures.append(Figure(d["dimension"], d["category"], d["count"], d["label"],
                                    d["age_min"], d["age_max"]))
    for p in data["partners"]:
        facts.partners.append(Partner(p["name"], p["role"], p["contacts"], p["note"]))
    for p in data["publications"]:
        facts.publications.append(Publication(p["section"], p["platform"], p["outlet"], p["title"],
                                              _as_int(p["reach"]), _as_int(p["count"]), p["date"], p["url"]))
    for s in data["sections"]:
        facts.sections.append(Section(s["section_key"], s["heading"], s["text"]))
    return facts


def day_month(iso: str | None, language: str) -> str | None:
    """«13 апреля» / «13 сәуір»: how a publication date is written without its year."""
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    months = _MONTHS_RU if language == "ru" else _MONTHS_KK
    return f"{d.day} {months[d.month - 1]}"


_MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря")
_MONTHS_KK = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
              "қазан", "қараша", "желтоқсан")
