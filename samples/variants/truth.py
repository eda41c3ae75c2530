"""What esep must read from a variant: records in the schema's terms, from the facts alone.

The truth of a variant is the facts it renders, in the fields that the
variant's layout puts on the page (a 2024 plan/fact table has no effect
column, so its activities have no ``outcome``; its partners have no note).
Only the fields a layout can change are scored (``SCORED``): header values,
the activities and their plan/fact, the indicators, the participants,
partners and publications.  Labels as written (``name``, ``label``) are not:
they are whatever words the variant used.
"""

from __future__ import annotations

from variants.facts import ReportFacts
from variants.layout import Layout
from variants.render_parts import leading_number

SCORED: dict[str, tuple[str, ...]] = {
    "report": ("report_type", "language", "grantee", "grant_topic", "grant_amount_kzt", "agreement_number",
               "agreement_date", "report_year"),
    "activities": ("task_number", "task", "title", "participants_planned", "participants_actual", "date_start",
                   "date_end", "location", "cost_kzt", "outcome", "description", "evidence"),
    "indicators": ("scope", "activity_seq", "key", "unit", "planned", "actual", "is_minimum"),
    "demographics": ("dimension", "category", "age_min", "age_max", "count"),
    "partners": ("name", "role", "contacts", "note"),
    "publications": ("section", "platform", "outlet", "title", "reach", "count", "date", "url"),
}
# Fields whose values are numbers or dates: a wrong one is a wrong number.
NUMERIC = frozenset({"grant_amount_kzt", "report_year", "agreement_date", "task_number", "participants_planned",
                     "participants_actual", "date_start", "date_end", "cost_kzt", "activity_seq", "planned",
                     "actual", "age_min", "age_max", "count", "reach", "date"})


def truth_of(facts: ReportFacts, layout: Layout) -> dict[str, list[dict] | dict]:
    later = facts.report_type == "final" and layout.edition == "2024"
    report = {
        "report_type": facts.report_type, "language": facts.language, "grantee": facts.grantee,
        "grant_topic": facts.grant_topic, "grant_amount_kzt": facts.grant_amount,
        "agreement_number": facts.agreement_number if (not later or facts.agreement_date) else None,
        "agreement_date": facts.agreement_date if (not later or facts.agreement_number) else None,
        "report_year": facts.report_year,
    }
    activities, indicators = [], []
    for seq, act in enumerate(facts.activities, 1):
        activities.append({
            "task_number": act.task_number, "task": act.task, "title": act.title,
            "participants_planned": act.planned, "participants_actual": act.actual,
            "date_start": act.date_start, "date_end": act.date_end, "location": act.location,
            "cost_kzt": act.cost, "outcome": None if later else act.outcome,
            "description": act.description, "evidence": act.evidence,
        })
        if facts.report_type != "final" or not (act.plan_text or act.fact_text):
            continue
        head_count = act.planned is not None or act.actual is not None
        planned, actual = act.planned, act.actual
        if later and not head_count:  # the 2024 table writes the leading number, its note says why
            planned, actual = _number(leading_number(act.plan_text)), _number(leading_number(act.fact_text))
        indicators.append({
            "scope": "activity", "activity_seq": seq, "key": "participants" if head_count else None,
            "unit": "person" if head_count else None, "planned": _float(planned), "actual": _float(actual),
            "is_minimum": act.is_minimum,
        })
    if facts.total:
        indicators.append({"scope": "project", "activity_seq": None, "key": "participants_total", "unit": "person",
                           "planned": _float(_number(facts.total[0])), "actual": _float(_number(facts.total[1])),
                           "is_minimum": False})
    for line in facts.effect:
        indicators.append({"scope": "socio_economic", "activity_seq": None, "key": line.key, "unit": line.unit,
                           "planned": line.planned, "actual": line.actual, "is_minimum": False})
    demographics = [{"dimension": f.dimension, "category": f.category, "age_min": f.age_min, "age_max": f.age_max,
                     "count": f.count} for f in facts.figures]
    partners = [{"name": p.name, "role": p.role, "contacts": p.contacts, "note": None if later else p.note}
                for p in facts.partners]
    publications = [{"section": p.section, "platform": p.platform, "outlet": p.outlet, "title": p.title,
                     "reach": p.reach, "count": p.count, "date": p.date, "url": p.url} for p in facts.publications]
    return {"report": report, "activities": activities, "indicators": indicators, "demographics": demographics,
            "partners": partners, "publications": publications}


def _number(text: str | None) -> int | None:
    digits = (text or "").replace(" ", "").replace("\u00a0", "")
    return int(digits) if digits.isdigit() else None


def _float(value) -> float | None:
    return None if value is None else float(value)
